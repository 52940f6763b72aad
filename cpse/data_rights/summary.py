"""The readable summary in a person's "My data" download ("My data.html"): the same data as
the JSON files beside it, as one page she can open in a browser and read.

Rules chosen here: one source. The summary is drawn from the very exports written to the
JSON files, never read again, so the two cannot disagree. It is in the language of the
page the download was asked from (hers), dates and times in the site's time zone. Keys are
named by LABELS; a key not named there shows as written in the JSON, with spaces, so a new
export never breaks the page. The file loads nothing from outside: it opens offline.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from cpse.dates import moment_with_zone

# The parts of the program, by section name (see each app's data_rights).
SECTIONS = {
    "messages": _("Messages we sent you"),
    "record_views": _("When staff opened your record"),
    "account": _("Your account"),
    "kept_input": _("Words kept after you left a page quickly"),
    "participation": _("Your cohorts"),
    "program_pauses": _("Pauses in the program"),
    "working_cohort": _("The cohort your staff pages open on"),
    "applications": _("Your applications"),
    "access_needs": _("What helps you take part"),
    "interest_signups": _("Interest sign-ups"),
    "confirmer_verifications": _("Confirmers you verified"),
    "ethics": _("Code of ethics"),
    "exam": _("Your exam"),
    "hours": _("Your hours"),
    "training_sessions": _("Training sessions"),
    "practicum": _("Your practicum"),
    "readiness": _("Readiness conversations"),
    "certificates": _("Your certificates"),
    "placement_year": _("Your placement year and check-ins"),
    "supervision": _("Supervision"),
    "sponsor_memberships": _("Sponsor organisations"),
    "sponsor_leads": _("Sponsor enquiries"),
    "sponsor_consent": _("What sponsors may see"),
    "fees_and_invoices": _("Fees and invoices"),
    "peer_mentorship": _("Peer mentorship"),
    "cohort_messages_sent": _("Messages you sent to a cohort"),
    "calendar_feed": _("Your calendar address"),
}

# The keys the exports use, in words.
LABELS = {
    "about_reaching_you": _("About reaching you"),
    "access_needs": _("What helps you take part"),
    "accommodations": _("Exam adjustments"),
    "account_created": _("Account created"),
    "acknowledged": _("Acknowledged"),
    "activity": _("Activity"),
    "agency": _("Agency"),
    "agency_contact": _("Agency contact"),
    "amount_cents": _("Amount (in cents)"),
    "answer": _("Answer"),
    "answered": _("Answered"),
    "answers": _("Answers"),
    "answers_you_gave": _("Answers you gave"),
    "anything_else": _("Anything else"),
    "appeals": _("Appeals"),
    "area_of_peer_work": _("Area of peer work"),
    "aspiration": _("What you hope to do"),
    "attempt": _("Attempt"),
    "attempts": _("Attempts"),
    "attendance": _("Attendance"),
    "back_on": _("Back on"),
    "background": _("Background"),
    "boundaries_and_self_care": _("Boundaries and self-care"),
    "calendar_address_made": _("Calendar address made"),
    "captioning": _("Captions"),
    "checkins": _("Check-ins"),
    "code": _("Code"),
    "cohort": _("Cohort"),
    "competency": _("Competency"),
    "completed": _("Completed"),
    "confidentiality": _("Confidentiality"),
    "contact_note": _("About contacting you"),
    "contact_way": _("How to reach you"),
    "contracts": _("Agreements"),
    "created": _("Created"),
    "credential": _("Credential"),
    "current": _("Current"),
    "date": _("Date"),
    "decision": _("Decision"),
    "declined": _("Declined"),
    "due": _("Due"),
    "eligibility_answers": _("Eligibility answers"),
    "email": _("Email"),
    "email_frequency": _("How often we email"),
    "end_date": _("End date"),
    "ended": _("Ended"),
    "enrolled": _("Enrolled"),
    "erasure_requests": _("Requests to remove your data"),
    "evaluation_surveys": _("Surveys"),
    "exam": _("Exam"),
    "expectations": _("Expectations"),
    "expires": _("Expires"),
    "extra_minutes": _("Extra minutes"),
    "extra_time": _("Extra time"),
    "feedback": _("Feedback"),
    "field": _("Field"),
    "for": _("For"),
    "formats": _("Formats"),
    "from": _("From"),
    "from_cohort": _("From cohort"),
    "from_status": _("From"),
    "granted": _("Granted"),
    "history": _("History"),
    "home_state": _("Home state"),
    "host_agency": _("Host agency"),
    "hourly_rate_cents": _("Hourly rate (in cents)"),
    "hours": _("Hours"),
    "how": _("How"),
    "how_are_you_doing": _("How are you doing?"),
    "how_is_work_going": _("How is work going?"),
    "how_it_is_safe_to_reach_you": _("How it is safe to reach you"),
    "how_often": _("How often"),
    "interest": _("Interest"),
    "interpreter_language": _("Interpreter language"),
    "invited_on": _("Invited on"),
    "issued": _("Issued"),
    "joined": _("Joined"),
    "kept_at": _("Kept at"),
    "language": _("Language"),
    "last_changed": _("Last changed"),
    "last_sign_in": _("Last sign-in"),
    "legal_name": _("Legal name"),
    "logged": _("Logged"),
    "meetings": _("Meetings"),
    "mentor": _("Mentor"),
    "message": _("Message"),
    "minutes": _("Minutes"),
    "my_mentors": _("My mentors"),
    "name": _("Name"),
    "name_shown": _("Name shown"),
    "name_you_want_us_to_use": _("The name you want us to use"),
    "name_your_agency_knows_you_by": _("The name your agency knows you by"),
    "named": _("Named"),
    "notes": _("Notes"),
    "number": _("Number"),
    "observed": _("Observed"),
    "observed_practice": _("Observed practice"),
    "offers_to_mentor": _("Offers to mentor"),
    "on": _("On"),
    "opened_on": _("Opened on"),
    "organisation": _("Organisation"),
    "outcome": _("Outcome"),
    "page": _("Page"),
    "paid_on": _("Paid on"),
    "paid_or_volunteer": _("Paid or volunteer"),
    "passed": _("Passed"),
    "pauses": _("Pauses"),
    "payments": _("Payments"),
    "percent": _("Percent"),
    "phone": _("Phone"),
    "placements": _("Placements"),
    "plan": _("Plan"),
    "practicums": _("Practicums"),
    "preferred_language": _("Preferred language"),
    "question": _("Question"),
    "quiet_hours": _("Quiet hours"),
    "raising_concerns": _("Raising concerns"),
    "read_aloud_layout": _("Read-aloud layout"),
    "reason": _("Reason"),
    "recipients": _("Recipients"),
    "recommendation": _("Recommendation"),
    "record": _("Record"),
    "recorded": _("Recorded"),
    "reference": _("Reference"),
    "reflection": _("Reflection"),
    "remediation_plans": _("Review plans"),
    "renewals": _("Renewals"),
    "replaced": _("Replaced"),
    "requested_at": _("Requested"),
    "requirement": _("Requirement"),
    "result": _("Result"),
    "review_by": _("Review by"),
    "reviewed": _("Reviewed"),
    "reviews_asked_for": _("Reviews asked for"),
    "role": _("Role"),
    "role_in_your_words": _("Role, in your words"),
    "roles": _("Roles"),
    "safe_contact": _("Safe contact"),
    "safe_contact_note": _("About safe contact"),
    "sent": _("Sent"),
    "session": _("Session"),
    "sessions": _("Sessions"),
    "setting": _("Setting"),
    "shares": _("What is shared"),
    "shares_contact": _("Shares contact details"),
    "shares_placement": _("Shares placement"),
    "shares_progress": _("Shares progress"),
    "sharing_changed": _("Sharing changed"),
    "since": _("Since"),
    "sponsor": _("Sponsor"),
    "staff_comment": _("Staff comment"),
    "stage": _("Stage"),
    "start_date": _("Start date"),
    "started": _("Started"),
    "starts": _("Starts"),
    "state": _("State"),
    "status": _("Status"),
    "status_changes": _("Status changes"),
    "subject": _("Subject"),
    "submitted": _("Submitted"),
    "supervision": _("Supervision"),
    "supervisor_agreed": _("Supervisor agreed"),
    "supervisor_answers": _("Supervisor's answers"),
    "supervisor_email": _("Supervisor's email"),
    "supervisor_name": _("Supervisor's name"),
    "supervisor_phone": _("Supervisor's phone"),
    "support_wanted": _("Support wanted"),
    "survey": _("Survey"),
    "talked_through": _("Talked through"),
    "to_cohort": _("To cohort"),
    "to_status": _("To"),
    "topics": _("Topics"),
    "until": _("Until"),
    "usual_minutes": _("Usual minutes"),
    "verified": _("Verified"),
    "version": _("Version"),
    "wants_contact": _("Wants contact"),
    "weekly_summary_day": _("Weekly summary day"),
    "what_you_typed": _("What you typed"),
    "when": _("When"),
    "written": _("Written"),
    "you_agreed": _("You agreed"),
    "your_answer": _("Your answer"),
    "your_answers": _("Your answers"),
    "your_note": _("Your note"),
    "your_words": _("Your words"),
}


@dataclass(frozen=True)
class Node:
    """One value as the page shows it: words, named fields, or a list."""

    text: str = ""
    fields: tuple[tuple[str, "Node"], ...] = ()
    items: tuple["Node", ...] = ()


def _named(key: str, names: dict) -> str:
    return str(names.get(key) or key.replace("_", " ").capitalize())


def _words(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return moment_with_zone(value)
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, int | float | Decimal):
        return number_format(value)
    return str(value)


def node(value) -> Node:
    if isinstance(value, dict) and value:
        return Node(fields=tuple((_named(str(key), LABELS), node(item)) for key, item in value.items()))
    if isinstance(value, list | tuple) and value:
        return Node(items=tuple(node(item) for item in value))
    if isinstance(value, dict | list | tuple):
        return Node(text=gettext("Nothing held"))
    return Node(text=_words(value))


def summary_html(exports: dict[str, object]) -> str:
    """The page, from each section's export (by section name), in the active language."""
    return render_to_string(
        "data_rights/summary.html",
        {
            "language": get_language(),
            "made_at": moment_with_zone(timezone.now()),
            "sections": [(_named(name, SECTIONS), node(data)) for name, data in exports.items()],
        },
    )
