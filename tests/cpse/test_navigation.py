"""The main menu: each person sees their own pages; program staff's are grouped."""

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
    assert {"Applicants", "Participants", "Exam", "Records"} <= {str(label) for label in groups}
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
