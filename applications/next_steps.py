"""The applicant's next step on the page she lands on (`cohorts.next_steps`): applying,
continuing her application, waiting, booking or attending her interview, the decision.

Rules chosen here:
- Her application is `application_for_applicant`'s (the featured cohort's, else her latest,
  as on her application page). One that ended (declined or withdrawn) for an earlier cohort
  than the featured one counts as none: what matters then is the new window.
- A decision is said in a few kind words; the full message (and a review) is on her
  application page, which the step links to.
- Three queries at most: the featured cohort, her application (with its interview), and
  the recommendation while she waits for a review, or her events while she is to choose
  an interview time (after missed interviews she may be asked to write instead).
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications import selectors
from applications.models import Application, Recommendation
from cohorts import selectors as cohort_selectors
from cohorts.models import Cohort
from cohorts.next_steps import NextStep, Provider, Stage, register
from cpse.dates import moment_with_zone

S = Application.Status


def _no_application(cohort: Cohort | None, today: datetime.date) -> NextStep:
    interest = (
        reverse("applications:interest"),
        _("Tell us you would like to apply, and we will write when they open."),
    )
    if cohort is None or cohort.applications_close < today:
        return NextStep("applications_closed", _("Applications are not open right now."), (), *interest)
    if cohort_selectors.cohort_is_open_for_applications(cohort, today=today):
        return NextStep(
            "applications_open",
            _("Applications for the %(name)s are open until %(date)s.")
            % {"name": cohort, "date": date_format(cohort.applications_close)},
            (_("It takes about twenty minutes. Your answers are saved at every step, so you can stop and come back."),),
            reverse("applications:mine"),
            _("Apply now"),
        )
    return NextStep(
        "applications_soon",
        _("Applications for the %(name)s open on %(date)s. We will let you know.")
        % {"name": cohort, "date": date_format(cohort.applications_open)},
        (),
        *interest,
    )


def _application_step(application: Application) -> NextStep:
    mine = reverse("applications:mine")
    status = application.status
    if status == S.DRAFT:
        return NextStep(
            "application_draft",
            _("Your application is not sent yet. Your answers are saved."),
            (_("Where you left off: %(step)s") % {"step": application.get_current_step_display()},),
            reverse("applications:step", args=[application.current_step]),
            _("Continue my application"),
        )
    if status in (S.SUBMITTED, S.UNDER_REVIEW):
        if selectors.recommendation_status(application) == Recommendation.Status.PENDING:
            message = _("We have your application. We are waiting for the recommendation from your agency.")
        else:
            message = _("Your application is complete. We'll write within two weeks.")
        return NextStep("application_sent", message, (), mine, _("My application"))
    if status == S.INTERVIEW_INVITED and not selectors.may_book_interview(
        missed=selectors.interviews_missed(application.events.all())
    ):
        return NextStep(
            "interview_to_arrange",
            _("We missed you at your interview. Please write to %(email)s and we will choose a time together.")
            % {"email": settings.PROGRAM_CONTACT_EMAIL},
            (),
            mine,
            _("My application"),
        )
    if status == S.INTERVIEW_INVITED:
        return NextStep(
            "book_interview",
            _(
                "We would like to meet you for a conversation of about 45 minutes. "
                "Please choose a time that is safe and comfortable for you."
            ),
            (),
            mine,
            _("Book your interview time"),
        )
    if status == S.INTERVIEW_BOOKED:
        slot = application.interview.slot
        return NextStep(
            "interview_booked",
            _("Your interview: %(when)s.") % {"when": moment_with_zone(slot.starts_at)},
            (_("Where: %(where)s") % {"where": slot.location},),
            mine,
            _("My application"),
        )
    if status == S.INTERVIEWED:
        return NextStep(
            "interviewed",
            _("Thank you for talking with us. We will write soon with a decision."),
            (),
            mine,
            _("My application"),
        )
    if status == S.WAITLISTED:
        return NextStep(
            "waitlisted",
            _("You are on the waiting list for the %(name)s. If a place opens, we will let you know straight away.")
            % {"name": application.cohort},
            (),
            mine,
            _("Read our message"),
        )
    if status == S.DECLINED:
        return NextStep(
            "declined",
            _(
                "We were not able to offer you a place this time. This is not a judgement of your worth or "
                "your story, and you are welcome to apply again."
            ),
            (),
            mine,
            _("Read our message"),
        )
    if status == S.WITHDRAWN:
        return NextStep(
            "application_withdrawn",
            _("You withdrew your application. You are welcome to apply again in a later year."),
        )
    # Accepted: she is a participant from that moment (the acceptance enrols her), so
    # another stage speaks; this is said only should the two ever disagree.
    return NextStep(
        "application",
        _("Your application to the %(name)s: %(status)s.")
        % {"name": application.cohort, "status": application.get_status_display()},
        (),
        mine,
        _("My application"),
    )


def applicant_steps(*, user, participant, now: datetime.datetime) -> list[NextStep]:
    today = timezone.localdate(now)
    featured = cohort_selectors.cohort_featured(today=today)
    application = selectors.application_for_applicant(user, featured=featured)
    ended_earlier = (
        application is not None
        and featured is not None
        and application.cohort_id != featured.pk
        and application.status in (S.DECLINED, S.WITHDRAWN)
    )
    if application is None or ended_earlier:
        return [_no_application(featured, today)]
    return [_application_step(application)]


def register_next_steps() -> None:
    register(Provider(name="application", stage=Stage.APPLYING, order=10, steps=applicant_steps))
