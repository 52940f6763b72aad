"""A cohort of 12 with known outcomes, for the report tests (the figures the tests expect
are worked out in the comments)."""

import datetime

from django.utils import timezone

from applications.models import AccessNeeds, Application, InterestSignup
from certificates.models import Certificate
from checkins.models import CheckIn, Placement
from cohorts.models import Participant, ParticipantStatusChange
from requirements_tracking.models import Attempt
from sponsors.models import FeeReduction
from tests.applications.factories import ApplicationEventFactory, RecommendationFactory, SentApplicationFactory
from tests.checkins.factories import PlacementFactory
from tests.factories import ApplicationFactory, CohortFactory, ParticipantFactory
from tests.requirements_tracking.exam_factories import exam

PS = Participant.Status
A = Participant.Aspiration
S = Application.Status

# p0–p5 certified, p6 completed, p7–p9 enrolled, p10–p11 withdrawn: 7 of 12 completed.
STATUSES = [PS.CERTIFIED] * 6 + [PS.COMPLETED] + [PS.ENROLLED] * 3 + [PS.WITHDRAWN] * 2
# Days from the program's start (1 April) to completion: the median is 170.
COMPLETION_DAYS = [150, 152, 160, 170, 180, 190, 200]
ASPIRATIONS = [A.RESIDENTIAL_CARE] * 6 + [A.JAIL_MINISTRY] * 2 + [A.EMERGENCY_OUTREACH, A.ADVOCACY, A.OTHER, A.OTHER]
STATES = ["TX"] * 6 + ["GA"] * 5 + [""]
# First placement start (the program ends on 31 August 2026) and area: p0–p2 within 3
# months, p3–p4 within 6, p5–p6 within 12; p7 is placed while still enrolled.
PLACEMENTS = {
    0: (datetime.date(2026, 9, 15), A.RESIDENTIAL_CARE),
    1: (datetime.date(2026, 9, 15), A.RESIDENTIAL_CARE),
    2: (datetime.date(2026, 11, 30), A.RESIDENTIAL_CARE),
    3: (datetime.date(2026, 12, 1), A.RESIDENTIAL_CARE),
    4: (datetime.date(2027, 2, 28), A.RESIDENTIAL_CARE),
    5: (datetime.date(2027, 6, 1), A.ADVOCACY),
    6: (datetime.date(2027, 8, 31), A.JAIL_MINISTRY),
    7: (datetime.date(2026, 8, 1), A.JAIL_MINISTRY),
}
CHECKINS_FILED = {0: 12, 1: 12, 2: 12, 3: 12, 4: 12, 5: 9, 6: 6, 7: 3}
# Exam (final attempts): p0–p4 pass the first time, p5–p7 on the second; p8–p9 have not
# passed; p10's attempt is still being scored and does not count.
EXAM = {n: [True] for n in range(5)} | {n: [False, True] for n in (5, 6, 7)} | {8: [False], 9: [False]}

NAMES = [f"Reportperson {chr(65 + n)}" for n in range(12)]
LEGAL_NAMES = [f"Legalname Q{n}" for n in range(12)]
EMAILS = [f"report.person{n}@example.org" for n in range(12)]


def report_cohort():
    """The 2026 cohort and its 12 participants, with everything the reports count."""
    cohort = CohortFactory(year=2026)
    people = []
    for n in range(12):
        people.append(
            ParticipantFactory(
                cohort=cohort,
                status=STATUSES[n],
                aspiration=ASPIRATIONS[n],
                home_state=STATES[n],
                user__display_name=NAMES[n],
                user__legal_name=LEGAL_NAMES[n],
                user__email=EMAILS[n],
            )
        )
    start = datetime.datetime(2026, 4, 1, 12, tzinfo=datetime.UTC)
    for n, days in enumerate(COMPLETION_DAYS):
        ParticipantStatusChange.objects.create(
            participant=people[n],
            from_status=PS.ENROLLED,
            to_status=PS.COMPLETED,
            from_cohort=cohort,
            to_cohort=cohort,
            changed_at=start + datetime.timedelta(days=days),
        )
    # Certified: p0–p5 (6 of 12); p6's certificate was revoked.
    for n in range(7):
        Certificate.objects.create(
            participant=people[n],
            credential=cohort.credential,
            number=f"RPT{n:04d}",
            displayed_name=NAMES[n],
            issued_on=datetime.date(2026, 10, 17),
            status=Certificate.Status.REVOKED if n == 6 else Certificate.Status.VALID,
        )
    final_exam = exam(cohort)
    now = timezone.now()
    for n, results in EXAM.items():
        for number, passed in enumerate(results, start=1):
            Attempt.objects.create(
                exam=final_exam,
                participant=people[n],
                number=number,
                status=Attempt.Status.FINAL,
                started_at=now,
                deadline_at=now,
                submitted_at=now,
                passed=passed,
            )
    Attempt.objects.create(
        exam=final_exam,
        participant=people[10],
        number=1,
        status=Attempt.Status.SUBMITTED,
        started_at=now,
        deadline_at=now,
        submitted_at=now,
    )
    for n, (start_date, role) in PLACEMENTS.items():
        placement = PlacementFactory(participant=people[n], start_date=start_date, role=role)
        # The whole year's schedule, as `checkins.schedule` writes it: the first ones filed.
        for number in range(1, 13):
            filed = number <= CHECKINS_FILED[n]
            CheckIn.objects.create(
                participant=people[n],
                number=number,
                due_on=start_date,
                placement=placement if filed else None,
                submitted_at=now if filed else None,
            )
    # p5 changed placement: the earlier one, in residential care, ended.
    Placement.objects.create(
        participant=people[5],
        agency="Earlier agency",
        role=A.RESIDENTIAL_CARE,
        terms=Placement.Terms.VOLUNTEER,
        start_date=datetime.date(2027, 6, 1),
        end_date=datetime.date(2027, 6, 30),
        created_at=now - datetime.timedelta(days=1),
    )
    # Accommodations: p0, p1 (TX) and p6 (GA) in their record; p2 (TX) only in their
    # application; p3 has a record with nothing asked, which wins over the application.
    for n in (0, 1, 6):
        AccessNeeds.objects.create(user=people[n].user, captioning=True)
    AccessNeeds.objects.create(user=people[3].user)
    ApplicationFactory(cohort=cohort, applicant=people[2].user, interpreter_language="Spanish")
    ApplicationFactory(cohort=cohort, applicant=people[3].user, access_needs="Large print, please")
    # Fee help: p0–p4 (TX), p7 (GA), p11 (no state); p0 twice.
    for n in (0, 1, 2, 3, 4, 7, 11, 0):
        FeeReduction.objects.create(participant=people[n], kind=FeeReduction.Kind.SCHOLARSHIP, amount_cents=50_000)
    return cohort, people


def pipeline(cohort):
    """The way in: 20 invited, 15 applied (one more still a draft, plus the two drafts of
    report_cohort), 14 recommended, 13 interviewed, 13 decided, 12 offered a place."""
    for n in range(20):
        InterestSignup.objects.create(
            display_name=f"Interested {n}", email=f"interested{n}@example.org", invited_cohort=cohort
        )
    SentApplicationFactory(cohort=cohort, status=S.DRAFT, submitted_at=None)
    for n in range(15):
        application = SentApplicationFactory(cohort=cohort)
        if n < 14:
            RecommendationFactory(application=application, status="received")
        if n == 14:
            RecommendationFactory(application=application)  # still waiting
        if n < 13:
            ApplicationEventFactory(application=application, from_status=S.INTERVIEW_BOOKED, to_status=S.INTERVIEWED)
            outcome = S.ACCEPTED if n < 12 else S.DECLINED
            ApplicationEventFactory(application=application, from_status=S.INTERVIEWED, to_status=outcome)
        if n == 0:  # withdrew after acceptance: the stages reached still count
            ApplicationEventFactory(application=application, from_status=S.ACCEPTED, to_status=S.WITHDRAWN)
