from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from cohorts.selectors import has_participation
from requirements_tracking.practicum.selectors import supervises_practicum


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class NavGroup:
    """A menu of related pages (program staff have too many pages for one row)."""

    label: str
    items: list[NavItem]

    @property
    def current(self) -> bool:
        return any(item.current for item in self.items)


# Program staff's pages, grouped as the program's year runs. Seven entries, so that the bar
# holds them at its widest; every staff page without an id in its address is in a role's
# menu (tests/cpse/test_navigation.py walks them), except forms reached from their lists.
PROGRAM_STAFF_MENU = [
    (_("Dashboard"), "dashboard:home"),
    (
        _("Applicants"),
        [
            (_("Applications"), "applications_staff:queue"),
            (_("Interviews"), "applications_staff:interviews"),
            (_("Interest list"), "interest:list"),
            (_("Call or text"), "interest:call_or_text"),
            (_("Readiness"), "readiness:staff_list"),
            (_("Decision messages"), "applications_staff:decision_templates"),
        ],
    ),
    (
        _("Participants"),
        [
            (_("Cohorts"), "cohorts_staff:cohort_list"),
            (_("Requirement sets"), "cohorts_staff:requirement_set_list"),
            (_("Progress"), "requirements_tracking_staff:grid"),
            (_("Hours to approve"), "requirements_tracking_staff:inbox"),
            (_("Training sessions"), "sessions:staff_list"),
            (_("My calendar"), "calendar:index"),
            (_("Observed practice"), "competency:overview"),
            (_("Practicum"), "practicum:staff_list"),
            (_("Message a cohort"), "bulk:index"),
        ],
    ),
    (
        _("Support"),
        [
            (_("Check-ins"), "checkins_staff:board"),
            (_("Open concerns"), "checkins_staff:concerns"),
            (_("Words to look out for"), "checkins_staff:keywords"),
            (_("Mentors"), "mentorship:staff_list"),
            (_("Offers to mentor"), "mentorship:staff_volunteers"),
            (_("Code of ethics"), "ethics:staff_list"),
            (_("Who has acknowledged the code"), "ethics:staff_acknowledgments"),
        ],
    ),
    (
        _("Exam and certificates"),
        [
            (_("Exams"), "exam_bank:exam_list"),
            (_("Question bank"), "exam_bank:question_list"),
            (_("Competencies"), "exam_bank:competency_list"),
            (_("Exam scoring"), "exam_review:queue"),
            (_("Exam attempts"), "exam_review:attempts"),
            (_("Exam appeals"), "exam_review:appeals"),
            (_("Certificates"), "certificates_staff:cohort"),
            (_("Graduation list"), "certificates_staff:graduation"),
            (_("Certificates to renew"), "certificates_renewal:expiring"),
            (_("Continuing education to approve"), "continuing_education:queue"),
        ],
    ),
    (
        _("Sponsors"),
        [
            (_("Sponsors"), "sponsors_staff:list"),
            (_("Sponsor enquiries"), "sponsors_staff:leads"),
            (_("Fees and invoices"), "sponsors_finance:overview"),
            (_("Invoices"), "sponsors_finance:invoices"),
            (_("Pledges"), "sponsors_finance:sponsorships"),
            (_("Mentor payments"), "mentorship:staff_payments"),
        ],
    ),
    (
        _("Records"),
        [
            (_("Reports"), "reports:index"),
            (_("Evaluation surveys"), "surveys:staff_index"),
            (_("Messages sent"), "notify_staff:log"),
            (_("Data requests"), "dashboard:erasure_requests"),
            (_("Audit trail"), "dashboard:audit"),
        ],
    ),
]


# Rules chosen here: the menu follows the person's stage. The participant's own pages (My
# hours, My exam, My certificate, the placement year, the fee…) are in the menu of someone
# with a participation (`cohorts.selectors.has_participation`, whatever its status since:
# a graduate keeps her record and her certificate); before that, a person sees what
# applies to applying. Messages, details and data are under "My account" for everyone.
APPLICANT_MENU = [
    (_("My program"), "cohorts:my_program"),
    (_("My application"), "applications:mine"),
    (_("My access needs"), "access_needs:mine"),
    (_("About the program"), "cohorts:program_home"),
    (_("Help"), "cohorts:help"),
]

# Seven entries at most, so that the bar holds them and the language switch at 1280 px,
# in Spanish too (tests/e2e/test_layout.py): the pages of every week first, the rest
# grouped.
PARTICIPANT_MENU = [
    (_("My program"), "cohorts:my_program"),
    (_("My hours"), "requirements_tracking:mine"),
    (_("My exam"), "exam:mine"),
    (_("My certificate"), "certificates:mine"),
    (_("Placement year"), [(_("My placement"), "placements:mine"), (_("My check-ins"), "checkins:mine")]),
    (
        _("Support"),
        [
            (_("My supervision"), "supervision:mine"),
            (_("My mentor"), "mentorship:mine"),
            (_("Code of ethics"), "ethics:mine"),
            (_("My surveys"), "surveys:mine"),
            (_("Help"), "cohorts:help"),
        ],
    ),
    (
        _("More"),
        [
            (_("My calendar"), "calendar:index"),
            (_("My fee"), "sponsors_fee:mine"),
            (_("What sponsors see"), "sponsors_consent:mine"),
            (_("My application"), "applications:mine"),
            (_("My access needs"), "access_needs:mine"),
            (_("About the program"), "cohorts:program_home"),
        ],
    ),
]

MENTOR_MENU = [(_("Mentor portal"), "mentorship:portal"), (_("My mentoring hours"), "mentorship:hours")]


def _nav_item(request, label, name) -> NavItem:
    url = reverse(name)
    return NavItem(label, url, request.path == url)


def _nav_items(request) -> list[NavItem | NavGroup]:
    user = request.user
    if not user.is_authenticated:
        entries = [
            (_("The program"), "cohorts:program_home"),
            (_("Sponsor a survivor"), "sponsors_public:lead_form"),
            (_("Help"), "cohorts:help"),
        ]
    elif user.is_staff_member:
        entries = [(_("Dashboard"), "dashboard:home")]
        if user.is_program_staff:
            entries = list(PROGRAM_STAFF_MENU)
        elif user.has_role(Role.INSTRUCTOR):
            entries += [
                (_("Training sessions"), "sessions:staff_list"),
                (_("Question bank"), "exam_bank:question_list"),
                (_("Exam scoring"), "exam_review:queue"),
                (_("Interviews"), "applications_staff:interviews"),
                (_("Observed practice"), "competency:overview"),
                (_("Code of ethics"), "ethics:staff_list"),
                (_("My calendar"), "calendar:index"),
            ]
        elif user.has_role(Role.FINANCE):
            entries += [
                (_("Fees and invoices"), "sponsors_finance:overview"),
                (_("Invoices"), "sponsors_finance:invoices"),
                (_("Pledges"), "sponsors_finance:sponsorships"),
                (_("Sponsors"), "sponsors_staff:list"),
                (_("Mentor payments"), "mentorship:staff_payments"),
                (_("Reports"), "reports:index"),
            ]
    elif user.is_sponsor:
        entries = [(_("Sponsor portal"), "sponsors:portal"), (_("Invoices and receipts"), "sponsors_billing:index")]
        if supervises_practicum(user):  # a sponsor who also supervises: one page for all they answer
            entries.append((_("Waiting for your answer"), "supervisor_digest:mine"))
    elif not has_participation(user):
        entries = list(MENTOR_MENU if user.has_role(Role.MENTOR) else APPLICANT_MENU)
    else:
        entries = list(PARTICIPANT_MENU)
        if user.has_role(Role.MENTOR):  # a graduate who mentors
            entries.insert(0, (_("Mentoring"), MENTOR_MENU))
    if user.is_authenticated and user.is_superuser:
        entries.append((_("Back office"), "admin:index"))
    return [
        NavGroup(label, [_nav_item(request, *item) for item in target])
        if isinstance(target, list)
        else _nav_item(request, label, target)
        for label, target in entries
    ]


def program(request):
    """Program name, contacts (configuration, never hard-coded people), navigation."""
    user = request.user
    return {
        "SITE_TITLE": settings.SITE_TITLE,
        "PROGRAM_NAME": settings.PROGRAM_NAME,
        "PROGRAM_ORGANISATION": settings.PROGRAM_ORGANISATION,
        "PROGRAM_CONTACT_NAME": settings.PROGRAM_CONTACT_NAME,
        "PROGRAM_CONTACT_EMAIL": settings.PROGRAM_CONTACT_EMAIL,
        "PROGRAM_CONTACT_PHONE": settings.PROGRAM_CONTACT_PHONE,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        "SESSION_IDLE_SECONDS": settings.SESSION_IDLE_SECONDS,
        # Quick exit on public and participant pages; staff and sponsors do not need it.
        "show_quick_exit": not (user.is_authenticated and (user.is_staff_member or user.is_sponsor)),
        "nav_items": _nav_items(request),
    }
