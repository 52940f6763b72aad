"""Program staff's sponsor organisations: list (search, pages, fixed query count),
create and edit with validation, detail with the people, removing a person."""

import pytest
from django.urls import reverse

from accounts.models import Role
from sponsors.models import Sponsor, SponsorLead, SponsorMember
from tests.factories import SponsorFactory, SponsorMemberFactory
from tests.queries import assert_queries_do_not_grow
from tests.sponsors.factories import SponsorLeadFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "  Riverside Community Trust ",
    "kind": "donor",
    "contact_name": "Pat Lee",
    "contact_email": "billing@riverside.example.org",
    "phone": "555-0100",
    "billing_address": "1 River Road\nSpringfield",
}


def test_staff_create_an_organisation(client, program_staff):
    client.force_login(program_staff)
    response = client.post(reverse("sponsors_staff:create"), VALID)
    sponsor = Sponsor.objects.get(name="Riverside Community Trust")
    assert response["Location"] == reverse("sponsors_staff:detail", args=[sponsor.public_id])
    assert sponsor.kind == "donor" and sponsor.billing_address == "1 River Road\nSpringfield"


def test_bad_input_keeps_what_was_typed(client, program_staff):
    client.force_login(program_staff)
    response = client.post(reverse("sponsors_staff:create"), {**VALID, "contact_email": "nope", "kind": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Riverside Community Trust" in html and "nope" in html and "1 River Road" in html
    assert "Please choose whether this is a hosting agency or a donor." in html
    assert not Sponsor.objects.exists()


def test_staff_edit_an_organisation(client, program_staff):
    sponsor = SponsorFactory()
    client.force_login(program_staff)
    url = reverse("sponsors_staff:edit", args=[sponsor.public_id])
    assert client.get(url).status_code == 200
    client.post(url, {**VALID, "name": "New name"})
    sponsor.refresh_from_db()
    assert sponsor.name == "New name" and sponsor.contact_name == "Pat Lee"


def test_the_list_searches_and_pages(client, finance):
    SponsorFactory(name="Lighthouse Foundation", contact_email="a@lighthouse.example.org")
    SponsorFactory(name="Bridges Agency")
    client.force_login(finance)
    # The search is posted; the URL it leads to carries a key, never what was typed.
    url = client.post(reverse("sponsors_staff:list"), {"q": "a@lighthouse.example.org"})["Location"]
    assert "lighthouse" not in url
    html = client.get(url).content.decode()
    assert "Lighthouse Foundation" in html and "Bridges Agency" not in html
    assert "Add an organisation" not in html  # finance look, program staff change
    html = client.get(client.post(reverse("sponsors_staff:list"), {"q": "nothing-like-this"})["Location"]).content
    assert "No organisation matches this search." in html.decode()
    # A search in the query string is no search at all.
    assert "Bridges Agency" in client.get(reverse("sponsors_staff:list"), {"q": "lighthouse"}).content.decode()


def test_the_list_and_detail_query_counts_do_not_grow(client, program_staff):
    sponsor = SponsorFactory()
    SponsorMemberFactory(sponsor=sponsor)
    SponsorLeadFactory()
    client.force_login(program_staff)

    def grow():
        for _ in range(8):
            SponsorMemberFactory(sponsor=SponsorFactory())
            SponsorMemberFactory(sponsor=sponsor)
            SponsorLeadFactory(sponsor=SponsorFactory())

    assert_queries_do_not_grow(
        client,
        [
            reverse("sponsors_staff:list"),
            reverse("sponsors_staff:detail", args=[sponsor.public_id]),
            reverse("sponsors_staff:leads"),
        ],
        grow,
    )


def test_removing_a_person_asks_first_and_ends_their_access(client, program_staff):
    member = SponsorMemberFactory()
    client.force_login(program_staff)
    url = reverse("sponsors_staff:member_remove", args=[member.sponsor.public_id])
    confirm = client.post(url, {"member": member.pk})
    assert confirm.status_code == 200 and b"Yes, remove" in confirm.content
    assert SponsorMember.objects.filter(pk=member.pk).exists()
    done = client.post(url, {"member": member.pk, "confirm": "yes"})
    assert done.status_code == 302
    assert not SponsorMember.objects.filter(pk=member.pk).exists()
    member.user.refresh_from_db()
    assert not member.user.has_role(Role.SPONSOR)
    # Twice: a calm message, nothing else happens.
    assert client.post(url, {"member": member.pk, "confirm": "yes"}).status_code == 302


def test_a_person_in_two_organisations_keeps_the_role(client, program_staff):
    member = SponsorMemberFactory()
    SponsorMemberFactory(user=member.user)
    client.force_login(program_staff)
    url = reverse("sponsors_staff:member_remove", args=[member.sponsor.public_id])
    client.post(url, {"member": member.pk, "confirm": "yes"})
    member.user.refresh_from_db()
    assert member.user.has_role(Role.SPONSOR)


def test_a_member_of_another_organisation_cannot_be_removed_here(client, program_staff):
    member = SponsorMemberFactory()
    other = SponsorFactory()
    client.force_login(program_staff)
    client.post(
        reverse("sponsors_staff:member_remove", args=[other.public_id]), {"member": member.pk, "confirm": "yes"}
    )
    assert SponsorMember.objects.filter(pk=member.pk).exists()


def test_make_a_sponsor_from_a_lead(client, program_staff):
    lead = SponsorLeadFactory(name="Jo Giver", organisation="Giving Circle", email="jo@giving.example.org")
    client.force_login(program_staff)
    form = client.get(reverse("sponsors_staff:create"), {"lead": str(lead.public_id)}).content.decode()
    assert 'value="Giving Circle"' in form and 'value="jo@giving.example.org"' in form
    client.post(reverse("sponsors_staff:create"), {**VALID, "lead": str(lead.public_id)})
    lead.refresh_from_db()
    assert lead.sponsor.name == "Riverside Community Trust"
    assert lead.status == SponsorLead.Status.BECAME_SPONSOR
    # A made-up lead id is ignored: an empty form.
    assert client.get(reverse("sponsors_staff:create"), {"lead": "nonsense"}).status_code == 200
