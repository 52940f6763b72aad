"""A sponsor sees a participant's name only when the participant chose to share it with
that sponsor, whatever the pledge (one person, places, the whole cohort). Otherwise every
page and file a sponsor gets says "A participant", or "Participant N" when the
organisation pays for several people, numbered in an order that says nothing of who
they are or when they enrolled."""

import csv
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.services import user_activate_totp
from sponsors.consent import services
from sponsors.models import Sponsorship
from sponsors.money.services import invoice_create_for_sponsorship
from tests.certificates.helpers import issued_certificate
from tests.certificates.pdf_support import private_media  # noqa: F401
from tests.conftest import TOTP_SECRET
from tests.factories import SponsorFactory, SponsorMemberFactory
from tests.queries import assert_queries_do_not_grow
from tests.sponsors.money.factories import fee_participant, pledge
from tests.sponsors.portal.test_views import approved_hours

pytestmark = pytest.mark.django_db

NAMES = ("Marisol Vega", "Dana Reyes", "Ines Lopez")


def _member(organisation):
    member = SponsorMemberFactory(sponsor=organisation)
    user_activate_totp(user=member.user, secret=TOTP_SECRET)
    return member.user


@pytest.fixture
def foundation():
    return SponsorFactory(name="Harbor Light Foundation", kind="donor")


@pytest.fixture
def people(cohort):
    """Three participants; the first shares her progress but not her name, the others
    share nothing."""
    return [fee_participant(cohort, user__display_name=name) for name in NAMES]


@pytest.fixture
def whole_cohort(cohort, finance, foundation, people):
    sponsorship = pledge(
        cohort, finance, sponsor=foundation, scope=Sponsorship.Scope.COHORT, amount_per_participant_cents=100_000
    )
    services.consent_set(
        participant=people[0], sponsor=foundation, choices={"progress_percentages": True}, by=people[0].user
    )
    approved_hours(people[0], "13.75")
    issued_certificate(people[1])
    return sponsorship


def _share_name(person, organisation, granted: bool) -> None:
    services.consent_set(participant=person, sponsor=organisation, choices={"name": granted}, by=person.user)


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _labels(html: str) -> list[str]:
    return [f"Participant {n}" for n in range(1, 10) if f"Participant {n}<" in html]


@pytest.mark.usefixtures("private_media")
def test_a_whole_cohort_sponsor_sees_no_name_without_the_choice(client, finance, foundation, people, whole_cohort):
    invoice = invoice_create_for_sponsorship(sponsorship=whole_cohort, by=finance)
    client.force_login(_member(foundation))
    pages = [reverse("sponsors:portal"), reverse("sponsors_billing:index")]
    pages += [reverse("sponsors:participant", args=[p.public_id]) for p in people]
    pages.append(reverse("sponsors:participant_progress", args=[people[0].public_id]))
    texts = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(response.content.decode())
    portal = texts[0]
    assert _labels(portal) == ["Participant 1", "Participant 2", "Participant 3"]
    assert "13.75 of 18 hours" in portal  # what she shares is shown, under a number
    for url in ("sponsors:impact_download", "sponsors:impact_pdf"):
        response = client.get(reverse(url))
        assert response.status_code == 200
        texts.append(response.content.decode() if url.endswith("download") else _pdf_text(response.content))
    assert list(csv.reader(io.StringIO(texts[-2])))[1][0] == foundation.name
    response = client.get(reverse("sponsors_billing:invoice_pdf", args=[invoice.public_id]))
    texts.append(_pdf_text(b"".join(response.streaming_content)))
    assert "Program fee per place" in texts[-1]
    for text in texts:
        for person in people:
            assert person.user.display_name not in text and person.user.email not in text


def test_the_name_shows_with_the_choice_and_goes_when_it_is_withdrawn(client, foundation, people, whole_cohort):
    client.force_login(_member(foundation))
    portal, page = reverse("sponsors:portal"), reverse("sponsors:participant", args=[people[0].public_id])
    _share_name(people[0], foundation, True)
    html = client.get(portal).content.decode()
    assert "Marisol Vega" in html and "13.75 of 18 hours" in html
    assert "Dana Reyes" not in html and "Ines Lopez" not in html
    assert "<h1>Marisol Vega</h1>" in client.get(page).content.decode()
    _share_name(people[0], foundation, False)
    html = client.get(portal).content.decode()
    assert "Marisol Vega" not in html and "13.75 of 18 hours" in html
    assert "Marisol Vega" not in client.get(page).content.decode()


def test_a_name_shared_with_one_sponsor_is_not_shown_to_another(client, cohort, foundation, people, whole_cohort):
    other = SponsorFactory(name="Second Donor")
    pledge(cohort, None, sponsor=other, participant=people[1], amount_per_participant_cents=50_000)
    _share_name(people[1], foundation, True)
    client.force_login(_member(other))
    html = client.get(reverse("sponsors:portal")).content.decode()
    assert "Dana Reyes" not in html and "A participant" in html
    html = client.get(reverse("sponsors:participant", args=[people[1].public_id])).content.decode()
    assert "Dana Reyes" not in html and "<h1>A participant</h1>" in html


def test_numbers_follow_a_random_order_the_same_for_every_member_and_page(client, foundation, people, whole_cohort):
    """Enrolment order (the database ids) and names play no part: the public id does."""
    expected = {p.pk: f"Participant {n}" for n, p in enumerate(sorted(people, key=lambda p: str(p.public_id)), 1)}
    for member in (_member(foundation), _member(foundation)):
        client.force_login(member)
        portal = client.get(reverse("sponsors:portal")).content.decode()
        for person in people:
            link = f'href="{reverse("sponsors:participant", args=[person.public_id])}">{expected[person.pk]}</a>'
            assert link in portal
            page = client.get(reverse("sponsors:participant", args=[person.public_id])).content.decode()
            assert f"<h1>{expected[person.pk]}</h1>" in page


def test_the_portal_query_count_does_not_grow_with_unnamed_participants(client, cohort, foundation, whole_cohort):
    client.force_login(_member(foundation))

    def grow():
        for index in range(5):
            person = fee_participant(cohort)
            approved_hours(person, "4")
            pledge(cohort, None, sponsor=foundation, participant=person, amount_per_participant_cents=10_000)
            if index % 2:
                services.consent_set(
                    participant=person, sponsor=foundation, choices={"requirement_completion": True}, by=person.user
                )

    first = whole_cohort.seat_rows.first().participant
    assert_queries_do_not_grow(
        client, [reverse("sponsors:portal"), reverse("sponsors:participant", args=[first.public_id])], grow
    )
