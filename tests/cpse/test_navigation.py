"""The main menu: each person sees their own pages; program staff's are grouped."""

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.services import user_activate_totp
from tests.conftest import TOTP_SECRET
from tests.factories import ParticipantFactory, UserFactory


def _nav(client, user, path):
    client.force_login(user)
    return client.get(path).context["nav_items"]


def test_program_staff_pages_are_grouped_and_the_current_group_is_marked(client, program_staff):
    nav = _nav(client, program_staff, reverse("requirements_tracking_staff:grid"))
    groups = {entry.label: entry for entry in nav if hasattr(entry, "items")}
    assert {"Applicants", "Participants", "Support", "Exam and certificates", "Records"} <= {
        str(label) for label in groups
    }
    participants = next(g for label, g in groups.items() if str(label) == "Participants")
    assert participants.current
    assert [str(i.label) for i in participants.items if i.current] == ["Progress"]
    assert not any(g.current for label, g in groups.items() if str(label) != "Participants")
    # Every staff page of the old flat menu is still reachable from the menu.
    urls = {i.url for g in groups.values() for i in g.items} | {e.url for e in nav if not hasattr(e, "items")}
    for name in ("dashboard:home", "applications_staff:queue", "exam_review:queue", "dashboard:audit"):
        assert reverse(name) in urls


def test_menu_is_rendered_as_buttons_with_their_links(client, program_staff):
    client.force_login(program_staff)
    html = client.get(reverse("dashboard:home")).content.decode()
    assert 'data-bs-toggle="dropdown"' in html
    assert f'href="{reverse("applications_staff:interviews")}"' in html


def test_instructors_keep_a_short_flat_menu(client, instructor):
    nav = _nav(client, instructor, reverse("accounts:profile"))
    assert nav and not any(hasattr(entry, "items") for entry in nav)


def _urls(nav) -> set[str]:
    return {i.url for entry in nav for i in getattr(entry, "items", [entry])}


def test_each_role_reaches_its_own_pages(client, participant, sponsor, finance):
    mine = _urls(_nav(client, participant.user, reverse("accounts:profile")))
    assert {reverse("checkins:mine"), reverse("placements:mine"), reverse("sponsors_consent:mine")} <= mine
    assert reverse("sponsors:portal") not in mine
    client.logout()
    theirs = _urls(_nav(client, sponsor, reverse("accounts:profile")))
    assert {reverse("sponsors:portal"), reverse("sponsors_billing:index")} == theirs
    client.logout()
    money = _urls(_nav(client, finance, reverse("accounts:profile")))
    assert reverse("sponsors_finance:overview") in money and reverse("checkins_staff:board") not in money


def test_the_public_menu_offers_sponsoring(client, db):
    nav = client.get(reverse("cohorts:program_home")).context["nav_items"]
    assert reverse("sponsors_public:lead_form") in _urls(nav)


def test_people_without_a_role_see_no_staff_pages(client, db):
    nav = _nav(client, UserFactory(), reverse("accounts:profile"))
    assert reverse("dashboard:home") not in _urls(nav)


def test_program_standards_pages_are_in_each_persons_menu(client, participant, program_staff, finance):
    mine = _urls(_nav(client, participant.user, reverse("accounts:profile")))
    assert {
        reverse("supervision:mine"),
        reverse("mentorship:mine"),
        reverse("ethics:mine"),
        reverse("surveys:mine"),
        reverse("access_needs:mine"),
    } <= mine
    assert reverse("mentorship:portal") not in mine
    client.logout()
    staff = _urls(_nav(client, program_staff, reverse("accounts:profile")))
    assert {
        reverse("readiness:staff_list"),
        reverse("mentorship:staff_list"),
        reverse("ethics:staff_list"),
        reverse("reports:index"),
        reverse("surveys:staff_index"),
        reverse("bulk:index"),
    } <= staff
    client.logout()
    money = _urls(_nav(client, finance, reverse("accounts:profile")))
    assert {reverse("mentorship:staff_payments"), reverse("reports:index")} <= money


def test_a_mentor_sees_the_mentor_portal_and_a_graduate_mentor_keeps_their_own_pages(client, mentor):
    assert _urls(_nav(client, mentor, reverse("accounts:profile"))) == {
        reverse("mentorship:portal"),
        reverse("mentorship:hours"),
    }
    client.logout()
    graduate = ParticipantFactory(user__roles=[Role.MENTOR])
    user_activate_totp(user=graduate.user, secret=TOTP_SECRET)  # mentors must use two-step sign-in
    urls = _urls(_nav(client, graduate.user, reverse("accounts:profile")))
    assert {reverse("mentorship:portal"), reverse("checkins:mine")} <= urls


# --- The menu follows the stage ---------------------------------------------------------

# The participant's own pages: in the menu once a person has a participation, not before.
PARTICIPANT_PAGES = (
    "requirements_tracking:mine",
    "exam:mine",
    "certificates:mine",
    "placements:mine",
    "checkins:mine",
    "sponsors_fee:mine",
    "sponsors_consent:mine",
    "supervision:mine",
)


def _graduate():
    from cohorts.models import Participant
    from tests.certificates.helpers import issued_certificate

    graduate = ParticipantFactory(status=Participant.Status.CERTIFIED)
    issued_certificate(graduate)
    return graduate.user


def test_an_applicant_sees_only_what_applies_to_applying(client, applicant):
    urls = _urls(_nav(client, applicant, reverse("accounts:profile")))
    assert urls == {
        reverse("cohorts:my_program"),
        reverse("applications:mine"),
        reverse("access_needs:mine"),
        reverse("cohorts:program_home"),
        reverse("cohorts:help"),
    }
    # Messages, details and data stay in "My account".
    html = client.get(reverse("accounts:profile")).content.decode()
    for name in ("accounts:messages", "accounts:profile", "accounts:my_data"):
        assert f'href="{reverse(name)}"' in html
    for name in PARTICIPANT_PAGES:
        assert f'href="{reverse(name)}"' not in html


def test_a_participant_sees_her_pages_and_what_applied_to_applying(client, participant):
    urls = _urls(_nav(client, participant.user, reverse("accounts:profile")))
    assert {reverse(name) for name in PARTICIPANT_PAGES} <= urls
    assert {reverse("applications:mine"), reverse("access_needs:mine"), reverse("cohorts:help")} <= urls


def test_a_graduate_keeps_her_record_and_her_certificate(client, db):
    urls = _urls(_nav(client, _graduate(), reverse("accounts:profile")))
    assert {reverse(name) for name in PARTICIPANT_PAGES} <= urls


def test_someone_who_withdrew_keeps_her_record(client, participant):
    from cohorts.models import Participant

    participant.status = Participant.Status.WITHDRAWN
    participant.save(update_fields=["status"])
    assert reverse("requirements_tracking:mine") in _urls(_nav(client, participant.user, reverse("accounts:profile")))


def test_staff_and_sponsors_see_no_participant_pages(client, program_staff, instructor, finance, sponsor):
    for person in (program_staff, instructor, finance, sponsor):
        urls = _urls(_nav(client, person, reverse("accounts:profile")))
        assert not urls & {reverse(name) for name in PARTICIPANT_PAGES}, person
        client.logout()


def test_an_accepted_applicant_sees_her_pages_on_the_next_page(client, applicant, cohort):
    assert reverse("requirements_tracking:mine") not in _urls(_nav(client, applicant, reverse("accounts:profile")))
    ParticipantFactory(user=applicant, cohort=cohort)
    assert reverse("requirements_tracking:mine") in _urls(_nav(client, applicant, reverse("accounts:profile")))


def test_the_stage_costs_no_query(client, applicant, participant):
    """The signed-in user arrives with it (accounts.selectors.user_for_request): a page
    costs the same for an applicant and a participant, and the menu itself nothing."""
    from django.test import RequestFactory

    from accounts.selectors import user_for_request
    from cpse.context_processors import _menu
    from tests.queries import count_queries, queries_for

    counts = []
    for user in (applicant, participant.user):
        client.force_login(user)
        counts.append(queries_for(client, reverse("accounts:profile")))
        request = RequestFactory().get(reverse("accounts:profile"))
        request.user = user_for_request(user.pk)
        with count_queries() as queries:
            _menu(request)
        assert queries.captured_queries == [], user
    assert counts[0] == counts[1]


def test_participant_menu_stays_short_enough_for_one_row(client, participant):
    """Seven entries at most (the layout test checks the width in a browser)."""
    assert len(_nav(client, participant.user, reverse("accounts:profile"))) <= 7


# --- Every staff work page is in the menu (issue #26) -------------------------------------

STAFF_PERSONAS = ("program_staff", "instructor", "finance")
# Staff pages without an id in their address that are forms, not work pages: each is opened
# from its list page's button, which is in the menu. (Pages whose address ends in "new…/",
# such as "new/" or "new-several/", are forms too; a file, such as "progress.csv", is a
# download from its page.)
FORMS_FROM_THEIR_LIST = {
    "bulk:message": "writing to a cohort, from Message a cohort",
    "ethics:staff_publish": "publishing a new version, from Code of ethics",
    "mentorship:staff_add": "adding a mentor, from Mentors",
    "mentorship:staff_pair": "pairing a mentor, from Mentors",
}
# Staff pages reached from the top bar of every staff page rather than from a menu entry.
IN_THE_TOP_BAR = {
    "search:index": "the search box (tests/dashboard/search)",
}


def staff_work_pages(persona: str) -> set[str]:
    """The staff pages (under staff/) this persona may open, found from the URL map and the
    permission matrix: those without arguments in their address, forms left out."""
    from tests.test_permission_matrix import MATRIX, OK, all_patterns

    pages = set()
    for name, route, pattern in all_patterns():
        rule = MATRIX.get(name)
        if not route.startswith("staff/") or rule is None or rule.kwargs or pattern.pattern.converters:
            continue
        last = route.rstrip("/").rsplit("/", 1)[-1]
        is_form = last.startswith("new") or name in FORMS_FROM_THEIR_LIST
        if rule.expected(persona) != OK or is_form or "." in last or name in IN_THE_TOP_BAR:
            continue
        pages.add(name)
    return pages


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_every_staff_work_page_a_role_may_open_is_in_its_menu(client, persona_user, persona):
    pages = staff_work_pages(persona)
    assert reverse("dashboard:home") in {reverse(name) for name in pages}  # the walk finds pages
    menu = _urls(_nav(client, persona_user(persona), reverse("accounts:profile")))
    missing = sorted(name for name in pages if reverse(name) not in menu)
    assert not missing, f"Add these pages to the {persona} menu (cpse/context_processors.py): {missing}"


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_the_menu_offers_only_pages_the_role_may_open(client, persona_user, persona):
    """The other way round: nothing in a staff menu answers 403 or 404 to that role."""
    user = persona_user(persona)
    for url in _urls(_nav(client, user, reverse("accounts:profile"))):
        assert client.get(url).status_code == 200, url


def test_the_forms_left_out_of_the_menu_still_exist():
    from tests.test_permission_matrix import MATRIX

    assert set(FORMS_FROM_THEIR_LIST) <= set(MATRIX)
    assert set(IN_THE_TOP_BAR) <= set(MATRIX)


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_the_pages_left_out_of_the_menu_for_the_top_bar_are_in_it(client, persona_user, persona):
    client.force_login(persona_user(persona))
    html = client.get(reverse("accounts:profile")).content.decode()
    for name in IN_THE_TOP_BAR:
        assert f'action="{reverse(name)}"' in html, name


def test_observed_practice_is_in_the_menu_of_those_who_record_it(client, program_staff, instructor):
    for person in (program_staff, instructor):
        assert reverse("competency:overview") in _urls(_nav(client, person, reverse("accounts:profile")))
        client.logout()


def test_the_calendar_page_is_in_the_participants_and_staff_menus(client, participant, program_staff, instructor):
    for user in (participant.user, program_staff, instructor):
        assert reverse("calendar:index") in _urls(_nav(client, user, reverse("accounts:profile"))), user


# --- The kept menus (cpse.context_processors): never stale, never another person's ----------


def _menu_html(client, user, path) -> str:
    client.force_login(user)
    return client.get(path).context["nav_menu"]


def test_a_kept_menu_is_never_shown_to_another_role(client, program_staff, participant, sponsor, applicant, superuser):
    """All of them open the same pages in one process, each after another: each sees her own menu."""
    staff_only, participant_only = reverse("checkins_staff:board"), reverse("requirements_tracking:mine")
    sponsor_only, back_office = reverse("sponsors:portal"), reverse("admin:index")
    for _ in range(2):
        for path in (reverse("cohorts:help"), reverse("accounts:profile")):
            staff = _menu_html(client, program_staff, path)
            mine = _menu_html(client, participant.user, path)
            theirs = _menu_html(client, sponsor, path)
            root = _menu_html(client, superuser, path)  # a superuser without a role: an applicant's menu
            applying = _menu_html(client, applicant, path)
            client.logout()
            public = client.get(path).content.decode()
            assert staff_only in staff and not {participant_only, sponsor_only, back_office} & _hrefs(staff)
            assert participant_only in mine and not {staff_only, sponsor_only, back_office} & _hrefs(mine)
            assert sponsor_only in theirs and not {staff_only, participant_only, back_office} & _hrefs(theirs)
            assert back_office in root and not {staff_only, participant_only} & _hrefs(root)
            assert _hrefs(applying) == _hrefs(root) - {back_office}
            assert not {staff_only, participant_only, sponsor_only, back_office} & _hrefs(public)


def _hrefs(html: str) -> set[str]:
    import re

    return set(re.findall(r'href="([^"]+)"', html))


def test_a_kept_menu_follows_the_language(client, participant):
    client.force_login(participant.user)
    for language, label in (("en", "My hours"), ("es", "Mis horas"), ("en", "My hours"), ("es", "Mis horas")):
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        response = client.get(reverse("accounts:profile"))
        assert f">{label}</a>" in response.context["nav_menu"], language
        assert {str(item.label) for item in response.context["nav_items"]} >= {label}


def test_a_kept_menu_marks_the_page_open_now_and_only_it(client, participant):
    hours, profile = reverse("requirements_tracking:mine"), reverse("accounts:profile")
    assert f'href="{hours}" aria-current="page"' in _menu_html(client, participant.user, hours)
    assert "aria-current" not in _menu_html(client, participant.user, profile)
    assert f'href="{hours}" aria-current="page"' in _menu_html(client, participant.user, hours)


def test_pages_outside_the_menu_share_one_kept_menu(client, participant):
    """Addresses with ids in them are never a key of the kept menus: they cannot grow without end."""
    from cpse.context_processors import _kept_marked

    client.force_login(participant.user)
    client.get(reverse("accounts:profile"))
    kept = _kept_marked.cache_info().currsize
    for path in (reverse("accounts:profile"), reverse("accounts:messages"), reverse("accounts:my_data")):
        client.get(path)
    assert _kept_marked.cache_info().currsize == kept


def test_with_debug_no_menu_is_kept(client, participant, settings):
    """A development server's templates and translations change under it."""
    from cpse.context_processors import _kept_links, _kept_marked

    settings.DEBUG = True
    _kept_links.cache_clear()
    _kept_marked.cache_clear()
    assert _menu_html(client, participant.user, reverse("requirements_tracking:mine"))
    assert _kept_links.cache_info().currsize == _kept_marked.cache_info().currsize == 0
