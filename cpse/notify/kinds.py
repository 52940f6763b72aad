"""What each kind of message is, in words, for staff reading the message log.

Rules chosen here: every kind the program writes (one per template pair in
templates/notify/, plus allauth's account emails) has a short label here; a kind not
named (an account email allauth adds later) reads as its words, never as a code.
"""

from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    # Applying
    "interest_received": _("Interest received"),
    "interest_invitation": _("Applications are open"),
    "application_incomplete": _("Application not finished"),
    "application_received": _("Application received"),
    "application_news": _("News about an application"),
    "recommendation_request": _("Recommendation request"),
    "recommendation_reminder": _("Recommendation reminder"),
    "interview_reminder": _("Interview reminder"),
    "interview_panel_news": _("Interview changed, for its interviewers"),
    # Taking part
    "cohort_message": _("Message to a cohort"),
    "new_message": _("New message"),
    "session_reminder": _("Training session reminder"),
    "hours_behind": _("Hours behind"),
    "hours_returned": _("Hours returned"),
    "hours_digest": _("Hours waiting for review"),
    "practicum_confirm_request": _("Practicum hours to confirm"),
    "practicum_news": _("News about practicum hours"),
    "supervision_contract_request": _("Supervision contract to agree"),
    "supervision_news": _("News about supervision"),
    "supervisor_digest": _("What waits for a supervisor"),
    "ethics_new_version": _("New code of ethics"),
    "exam_window": _("Exam window open"),
    "exam_result": _("Exam result"),
    "exam_remediation": _("Exam study plan"),
    "exam_appeal_decided": _("Exam review decided"),
    "program_pause_return": _("Return from a program pause"),
    # After the program
    "certificate_issued": _("Certificate issued"),
    "certificate_news": _("News about a certificate"),
    "certificate_expiry": _("Certificate expiring"),
    "certificate_expiry_digest": _("Certificates expiring"),
    "continuing_education_returned": _("Continuing education returned"),
    "checkin_due": _("Check-in due"),
    "checkin_missed": _("Check-in missed"),
    "checkin_attention": _("Check-in needs attention"),
    "survey_open": _("Survey open"),
    "survey_reminder": _("Survey reminder"),
    # Mentors, sponsors, staff
    "mentor_invitation": _("Mentor invitation"),
    "mentor_volunteer_answered": _("Answer to a mentor volunteer"),
    "mentorship_paired": _("Mentorship pairing"),
    "sponsor_invitation": _("Sponsor invitation"),
    "invoice_due_soon": _("Invoice due soon"),
    "invoice_due_today": _("Invoice due today"),
    "invoice_overdue": _("Invoice overdue"),
    "staff_attention": _("For program staff"),
    "reminder_summary": _("Weekly summary"),
    "data_erased": _("Data erased"),
    # Account emails (allauth)
    "email_confirmation": _("Email address to confirm"),
    "email_confirmation_signup": _("Email address to confirm"),
    "password_reset_key": _("Password reset"),
    "password_reset": _("Password reset"),
    "password_reset_code": _("Password reset"),
    "login_code": _("Sign-in code"),
    "password_changed": _("Password changed"),
    "password_set": _("Password set"),
    "email_changed": _("Email address changed"),
    "email_confirm": _("Email address confirmed"),
    "email_deleted": _("Email address removed"),
    "unknown_account": _("No account for this address"),
    "account_already_exists": _("Account already exists"),
}


def kind_label(kind: str) -> str:
    """The kind in words: its label, or its own words ("some_kind" reads "Some kind")."""
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else kind.replace("_", " ").capitalize()


def kind_choices(kinds) -> list[tuple[str, str]]:
    """The kinds as choices for a filter, in the order of their words."""
    return sorted(((kind, kind_label(kind)) for kind in kinds), key=lambda choice: choice[1].casefold())
