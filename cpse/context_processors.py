"""What every page's layout shows: the program's name and contacts, and the main menu.

Rules chosen here: the menu follows the person's roles and stage (`_menu_stage`) and
nothing else about her, so the same few menus serve everyone. Each is reversed and
rendered once per process for each language, address prefix and URL map, and for each
of its own entries as the current page (any other page: none current), then kept: a
signed-in page would otherwise reverse and render up to fifty links on every request.
What `_links` and `_marked` read is all in their arguments, so each is its cache's whole
key: the labels in the active language, the addresses from the request's prefix and URL
map (tests/cpse/test_navigation.py holds them to it). The stage is read on every request (the signed-in user arrives with it), so a role
granted or an application accepted shows on the very next page. With DEBUG nothing is
kept: templates and translations change under a running development server.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
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
    items: tuple[NavItem, ...]

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


PUBLIC_MENU = [
    (_("The program"), "cohorts:program_home"),
    (_("Sponsor a survivor"), "sponsors_public:lead_form"),
    (_("Help"), "cohorts:help"),
]
INSTRUCTOR_MENU = [
    (_("Dashboard"), "dashboard:home"),
    (_("Training sessions"), "sessions:staff_list"),
    (_("Question bank"), "exam_bank:question_list"),
    (_("Exam scoring"), "exam_review:queue"),
    (_("Interviews"), "applications_staff:interviews"),
    (_("Observed practice"), "competency:overview"),
    (_("Code of ethics"), "ethics:staff_list"),
    (_("My calendar"), "calendar:index"),
]
FINANCE_MENU = [
    (_("Dashboard"), "dashboard:home"),
    (_("Fees and invoices"), "sponsors_finance:overview"),
    (_("Invoices"), "sponsors_finance:invoices"),
    (_("Pledges"), "sponsors_finance:sponsorships"),
    (_("Sponsors"), "sponsors_staff:list"),
    (_("Mentor payments"), "mentorship:staff_payments"),
    (_("Reports"), "reports:index"),
]
SPONSOR_MENU = [(_("Sponsor portal"), "sponsors:portal"), (_("Invoices and receipts"), "sponsors_billing:index")]
# Each stage's menu; superusers have the back office last in theirs.
MENUS = {
    "public": PUBLIC_MENU,
    "program_staff": PROGRAM_STAFF_MENU,
    "instructor": INSTRUCTOR_MENU,
    "finance": FINANCE_MENU,
    "sponsor": SPONSOR_MENU,
    # A sponsor who also supervises: one page for all they answer.
    "supervising_sponsor": [*SPONSOR_MENU, (_("Waiting for your answer"), "supervisor_digest:mine")],
    "applicant": APPLICANT_MENU,
    "mentor": MENTOR_MENU,
    "participant": PARTICIPANT_MENU,
    "mentoring_participant": [(_("Mentoring"), MENTOR_MENU), *PARTICIPANT_MENU],  # a graduate who mentors
}
BACK_OFFICE = (_("Back office"), "admin:index")


def _menu_stage(user) -> str:
    """Which of MENUS the person sees: her roles and stage, no query (the signed-in user
    arrives with them, `accounts.selectors.user_for_request`)."""
    if not user.is_authenticated:
        return "public"
    if user.is_staff_member:
        if user.is_program_staff:
            return "program_staff"
        return "instructor" if user.has_role(Role.INSTRUCTOR) else "finance"
    if user.is_sponsor:
        return "supervising_sponsor" if supervises_practicum(user) else "sponsor"
    if not has_participation(user):
        return "mentor" if user.has_role(Role.MENTOR) else "applicant"
    return "mentoring_participant" if user.has_role(Role.MENTOR) else "participant"


@dataclass(frozen=True)
class _Links:
    """One menu's labels, in one language, and addresses: (label, url) or (label, ((label, url), ...))."""

    entries: tuple
    urls: frozenset[str]


@dataclass(frozen=True)
class Menu:
    items: tuple[NavItem | NavGroup, ...]
    html: str  # the header's menu entries (templates/partials/nav.html), safe to output as is


def _links(stage: str, back_office: bool, language: str | None, prefix: str, resolver) -> _Links:
    """Reversed in the active language (`language`), under `prefix` with `resolver`'s URL map."""
    entries = [*MENUS[stage], BACK_OFFICE] if back_office else MENUS[stage]
    links = tuple(
        (str(label), tuple((str(sub), reverse(name)) for sub, name in target))
        if isinstance(target, list)
        else (str(label), reverse(target))
        for label, target in entries
    )
    urls = frozenset(
        url for _, target in links for url in ([u for _, u in target] if isinstance(target, tuple) else [target])
    )
    return _Links(links, urls)


def _marked(links: _Links, current: str | None) -> Menu:
    """The menu with the entry whose address is `current` marked (None: no entry)."""
    items = tuple(
        NavGroup(label, tuple(NavItem(sub, url, url == current) for sub, url in target))
        if isinstance(target, tuple)
        else NavItem(label, target, target == current)
        for label, target in links.entries
    )
    return Menu(items, render_to_string("partials/nav.html", {"nav_items": items}))


# Bounded by the menus (MENUS, twice), languages and entries: a few thousand at most.
_kept_links = functools.lru_cache(maxsize=256)(_links)
_kept_marked = functools.lru_cache(maxsize=4096)(_marked)


def _menu(request) -> Menu:
    user = request.user
    where = (
        _menu_stage(user),
        user.is_authenticated and user.is_superuser,
        get_language(),
        get_script_prefix(),
        get_resolver(get_urlconf()),
    )
    if settings.DEBUG:
        links, marked = _links, _marked
    else:
        links, marked = _kept_links, _kept_marked
    menu_links = links(*where)
    # Only an address of the menu's own is kept as a key: pages with ids in theirs never are.
    return marked(menu_links, request.path if request.path in menu_links.urls else None)


def program(request):
    """Program name, contacts (configuration, never hard-coded people), navigation."""
    user = request.user
    menu = _menu(request)
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
        "nav_items": menu.items,
        "nav_menu": menu.html,
    }
