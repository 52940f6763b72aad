"""The public "sponsor a survivor" form: a lead for staff, a calm thank-you, automated
senders dropped, a rate limit; staff told only that something waits."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from hypothesis import given

from cpse import data_rights
from cpse.notify.models import Notification
from sponsors.models import SponsorLead
from tests.factories import SponsorFactory
from tests.sponsors.factories import SponsorLeadFactory
from tests.test_property_forms import field_value, property_settings

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Jordan Giver",
    "organisation": "Maple Street Church",
    "kind": "donor",
    "email": "jordan@maple.example.org",
    "phone": "",
    "interest": "cohort",
    "message": "We would like to support the 2027 cohort.",
}


def test_the_form_creates_a_lead_and_tells_staff_without_content(client, program_staff):
    response = client.post(reverse("sponsors_public:lead_form"), FORM)
    assert response["Location"] == reverse("sponsors_public:lead_thanks")
    lead = SponsorLead.objects.get()
    assert lead.status == SponsorLead.Status.NEW and lead.message == FORM["message"]
    note = Notification.objects.get(recipient=program_staff)
    assert note.kind == "staff_attention"
    for detail in ("Jordan", "Maple", "jordan@", "2027"):
        assert detail not in note.subject + note.body
    assert client.get(response["Location"]).status_code == 200


def test_missing_answers_keep_what_was_typed(client):
    response = client.post(reverse("sponsors_public:lead_form"), {**FORM, "email": "", "kind": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please give an email address so we can reply." in html
    assert "Maple Street Church" in html and FORM["message"] in html
    assert not SponsorLead.objects.exists()


def test_automated_senders_are_quietly_dropped(client):
    response = client.post(reverse("sponsors_public:lead_form"), {**FORM, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not SponsorLead.objects.exists()


def test_too_many_forms_from_one_place_are_refused(client):
    for _ in range(10):
        client.post(reverse("sponsors_public:lead_form"), FORM)
    response = client.post(reverse("sponsors_public:lead_form"), FORM)
    assert response.status_code == 429
    assert SponsorLead.objects.count() == 10


def test_huge_input_gets_a_clear_message(client):
    response = client.post(reverse("sponsors_public:lead_form"), {**FORM, "message": "x" * 5000, "name": "é" * 200})
    assert response.status_code == 200
    assert not SponsorLead.objects.exists()


def test_staff_see_leads_newest_first_and_change_status(client, program_staff):
    SponsorLeadFactory(name="Older Lead", created_at=timezone.now() - datetime.timedelta(days=3))
    newer = SponsorLeadFactory(name="Newer Lead")
    client.force_login(program_staff)
    html = client.get(reverse("sponsors_staff:leads")).content.decode()
    assert html.index("Newer Lead") < html.index("Older Lead")
    url = reverse("sponsors_staff:lead_detail", args=[newer.public_id])
    assert "Make a sponsor from this lead" in client.get(url).content.decode()
    client.post(url, {"status": "contacted"})
    newer.refresh_from_db()
    assert newer.status == SponsorLead.Status.CONTACTED
    html = client.get(reverse("sponsors_staff:leads"), {"status": "contacted"}).content.decode()
    assert "Newer Lead" in html and "Older Lead" not in html
    # A made-up status is a form error, not a 500.
    assert client.post(url, {"status": "bogus"}).status_code == 200


def test_old_leads_that_did_not_become_sponsors_are_purged(settings):
    settings.RETENTION_SPONSOR_LEAD_DAYS = 30
    old = timezone.now() - datetime.timedelta(days=31)
    SponsorLeadFactory(created_at=old)
    kept = SponsorLeadFactory(created_at=old, sponsor=SponsorFactory())
    recent = SponsorLeadFactory()
    counts = data_rights.purge_expired(dry_run=False)
    assert counts["sponsor_leads"] == 1
    assert set(SponsorLead.objects.values_list("pk", flat=True)) == {kept.pk, recent.pk}


@property_settings
@given(name=field_value, organisation=field_value, email=field_value, message=field_value, kind=field_value)
def test_the_form_never_fails_and_keeps_what_was_typed(client, name, organisation, email, message, kind):
    cache.clear()  # each example is a new visitor, not one hammering the rate limit
    data = {**FORM, "name": name, "organisation": organisation, "email": email, "message": message, "kind": kind}
    response = client.post(reverse("sponsors_public:lead_form"), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        form = response.context["form"]
        assert form.data.get("organisation") == organisation
