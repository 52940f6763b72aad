"""The sponsor portal shows exactly what each participant consented to share with that
sponsor, and nothing about anyone else."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cohorts.models import Participant, Requirement
from requirements_tracking.models import HourEntry, Practicum
from sponsors.consent import services
from sponsors.models import Sponsor, SponsorMember
from tests.certificates.helpers import issued_certificate
from tests.checkins.factories import PlacementFactory
from tests.factories import ApplicationFactory, ParticipantFactory, SponsorMemberFactory
from tests.queries import assert_queries_do_not_grow
from tests.sponsors.factories import sponsor_participant

pytestmark = pytest.mark.django_db

REFLECTION = "Walked by the river and my breathing slowed"


def approved_hours(participant, hours: str, category=Requirement.Category.ONLINE) -> HourEntry:
    requirement = participant.cohort.requirement_set.requirements.get(category=category)
    return HourEntry.objects.create(
        participant=participant,
        requirement=requirement,
        date=datetime.date(2026, 5, 4),
        hours=Decimal(hours),
        kind=HourEntry.Kind.OTHER,
        status=HourEntry.Status.APPROVED,
        reflection=REFLECTION,
    )


def sponsor_of(user) -> Sponsor:
    return SponsorMember.objects.get(user=user).sponsor


@pytest.fixture
def private_details(participant):
    """What a sponsor must never see, whatever the participant shares (the hours she
    shares are a total of each requirement: "13.75 of 18 hours", never her entries)."""
    user = participant.user
    user.legal_name = "Coralie Legalname"
    user.phone = "555-0199"
    user.safe_contact_note = "Only texts after six"
    user.save()
    approved_hours(participant, "13.75")
    ApplicationFactory(applicant=user, cohort=participant.cohort, agency_name="Riverbend Refuge Agency")
    Practicum.objects.create(
        participant=participant,
        host_agency="Lantern Host House",
        supervisor_name="Sam Super",
        supervisor_email="sam@x.org",
    )
    return [
        "Coralie Legalname",
        "555-0199",
        "Only texts after six",
        REFLECTION,
        "Riverbend Refuge Agency",
        "Lantern Host House",
        "Sam Super",
        participant.user.email,
    ]


def test_the_portal_shows_the_consented_progress_and_nothing_else(client, sponsor, participant, private_details):
    client.force_login(sponsor)
    for url in (
        reverse("sponsors:portal"),
        reverse("sponsors:participant", args=[participant.public_id]),
        reverse("sponsors:participant_progress", args=[participant.public_id]),
    ):
        html = client.get(url).content.decode()
        assert "Participant Cora" in html
        assert "13.75 of 18 hours" in html  # 13.75 of 18 online hours
        for private in private_details:
            assert private not in html, (url, private)
        # Certificate status was not shared.
        assert "Holds a valid certificate" not in html and "No valid certificate today" not in html


def test_a_participant_who_shares_nothing_is_not_even_named(client, sponsor_without_consent, other_participant):
    approved_hours(other_participant, "13.75")
    issued_certificate(other_participant)
    client.force_login(sponsor_without_consent)
    for url in (reverse("sponsors:portal"), reverse("sponsors:participant", args=[other_participant.public_id])):
        html = client.get(url).content.decode()
        assert "Participant Dee" not in html
        assert "A participant" in html
        assert "This participant has not chosen to share progress." in html
        assert " of 18 hours" not in html.split("<main", 1)[1].split("Impact summary")[0]
        assert "valid certificate" not in html and "dee@example.org" not in html
    # Asking for the progress page of someone who does not share it: refused.
    response = client.get(reverse("sponsors:participant_progress", args=[other_participant.public_id]))
    assert response.status_code == 403
    assert b"Participant Dee" not in response.content


def test_another_sponsors_participant_is_not_found(client, sponsor, sponsor_without_consent, other_participant):
    approved_hours(other_participant, "13.75")
    client.force_login(sponsor)
    for name in ("sponsors:participant", "sponsors:participant_progress"):
        response = client.get(reverse(name, args=[other_participant.public_id]))
        assert response.status_code == 404
        assert b"Participant Dee" not in response.content
    html = client.get(reverse("sponsors:portal")).content.decode()
    assert "Participant Dee" not in html and "dee@example.org" not in html


def test_an_ended_seat_or_a_cancelled_sponsorship_ends_access(client, sponsor, participant):
    client.force_login(sponsor)
    url = reverse("sponsors:participant", args=[participant.public_id])
    assert client.get(url).status_code == 200
    seat = participant.sponsor_seats.get()
    seat.ended_on = datetime.date(2026, 6, 1)
    seat.save()
    assert client.get(url).status_code == 404
    assert "Participant Cora" not in client.get(reverse("sponsors:portal")).content.decode()


def test_revoking_consent_hides_progress_on_the_next_request(client, sponsor, participant):
    approved_hours(participant, "13.75")
    client.force_login(sponsor)
    assert "13.75 of 18 hours" in client.get(reverse("sponsors:portal")).content.decode()
    services.consent_set(
        participant=participant,
        sponsor=sponsor_of(sponsor),
        choices={"progress_percentages": False, "requirement_completion": False},
        by=participant.user,
    )
    html = client.get(reverse("sponsors:portal")).content.decode()
    assert "13.75 of 18 hours" not in html
    assert "This participant has not chosen to share progress." in html
    assert client.get(reverse("sponsors:participant_progress", args=[participant.public_id])).status_code == 403


def test_each_field_shows_only_when_shared(client, sponsor, participant):
    approved_hours(participant, "18")  # the online training is complete
    issued_certificate(participant)
    client.force_login(sponsor)
    sponsor_org = sponsor_of(sponsor)
    url = reverse("sponsors:participant", args=[participant.public_id])

    def share(*names):
        services.consent_set(
            participant=participant,
            sponsor=sponsor_org,
            choices={name: name in names for name in services.SHAREABLE},
            by=participant.user,
        )
        return client.get(url).content.decode()

    html = share("progress_percentages")
    # In the requirement's words: hours done of hours needed, or done for one passed once.
    assert "18 of 18 hours" in html and "%" not in html and "valid certificate" not in html
    assert "Final exam:\n    not done yet" in html
    html = share("requirement_completion")
    assert "of 18 hours" not in html and "done" in html
    html = share("certificate_status")
    assert "Holds a valid certificate" in html and "of 18 hours" not in html and "done" not in html
    html = share("placement")
    assert "Not in a placement at the moment." in html and "valid certificate" not in html
    PlacementFactory(participant=participant, agency="Harbor House", supervisor_name="Sam Supervisor")
    html = client.get(url).content.decode()
    assert "Works at: Harbor House" in html
    # The placement only: never its supervisor.
    assert "Sam Supervisor" not in html


def test_consent_given_to_one_sponsor_is_not_seen_by_another(client, sponsor, participant):
    """Two organisations pay for the same person; she shares only with the first."""
    approved_hours(participant, "13.75")
    second = SponsorMember.objects.create(
        sponsor=Sponsor.objects.create(name="Second Donor", kind="donor", contact_email="d@x.org"), user=sponsor
    )
    sponsor_participant(second.sponsor, participant)
    client.force_login(sponsor)
    html = client.get(reverse("sponsors:portal")).content.decode()
    assert html.count("13.75 of 18 hours") == 1
    assert html.count("This participant has not chosen to share progress.") == 1


def test_the_portal_query_count_does_not_grow_with_participants(client, sponsor, participant, cohort):
    approved_hours(participant, "13.75")
    issued_certificate(participant)
    client.force_login(sponsor)
    organisation = sponsor_of(sponsor)
    services.consent_set(
        participant=participant,
        sponsor=organisation,
        choices=dict.fromkeys(services.SHAREABLE, True),
        by=participant.user,
    )

    def grow():
        for index in range(6):
            person = ParticipantFactory(cohort=cohort)
            approved_hours(person, "4")
            issued_certificate(person, number=f"GROW{index:08d}")
            sponsor_participant(organisation, person, shares=services.SHAREABLE)

    assert_queries_do_not_grow(
        client,
        [reverse("sponsors:portal"), reverse("sponsors:participant", args=[participant.public_id])],
        grow,
    )


# --- Impact summary -----------------------------------------------------------------------------


def _csv(client) -> list[list[str]]:
    response = client.get(reverse("sponsors:impact_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cpse-impact-summary.csv"'
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_small_group_is_never_shown_as_numbers(client, sponsor, participant):
    approved_hours(participant, "13.75")
    client.force_login(sponsor)
    rows = _csv(client)
    assert len(rows) == 2
    assert rows[1][2:] == ["fewer than 5"] * 6
    html = client.get(reverse("sponsors:portal")).content.decode()
    impact = html.split("Impact summary", 1)[1]
    assert "fewer than 5" in impact and "13.75" not in impact


def test_a_larger_group_shows_counts_but_hides_small_cells(client, sponsor, participant, cohort):
    organisation = sponsor_of(sponsor)
    approved_hours(participant, "10")
    people = [participant]
    for _index in range(5):
        person = ParticipantFactory(cohort=cohort, user__display_name="Hidden Person")
        approved_hours(person, "10")
        sponsor_participant(organisation, person)
        people.append(person)
    issued_certificate(people[1])
    Participant.objects.filter(pk=people[1].pk).update(status=Participant.Status.CERTIFIED)
    client.force_login(sponsor)
    rows = _csv(client)
    header, row = rows
    assert row[0] == organisation.name
    # sponsored, enrolled, completed, certified, hours in all, hours on average: 6 − 5
    # would give the one who completed away, so the 5 is hidden with it (cpse.aggregates).
    assert row[2:] == ["6", "not shown", "not shown", "fewer than 5", "60", "10.0"]
    content = "".join(",".join(r) for r in rows)
    assert "Hidden Person" not in content and "Participant Cora" not in content


def test_the_impact_pdf_holds_the_same_suppressed_figures(client, sponsor, participant):
    approved_hours(participant, "13.75")
    client.force_login(sponsor)
    response = client.get(reverse("sponsors:impact_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cpse-impact-summary.pdf"'
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "fewer than 5" in text
    assert "Participant Cora" not in text and "13.75" not in text


def test_the_portal_query_count_does_not_grow_with_organisations(client, sponsor, participant, cohort):
    """One person signing in for many organisations, each paying for someone who shares."""
    approved_hours(participant, "13.75")
    client.force_login(sponsor)

    def grow():
        for _index in range(4):
            organisation = SponsorMemberFactory(user=sponsor).sponsor
            person = ParticipantFactory(cohort=cohort)
            approved_hours(person, "4")
            sponsor_participant(organisation, person, shares=("progress_percentages", "requirement_completion"))

    assert_queries_do_not_grow(client, [reverse("sponsors:portal")], grow)
