"""The sponsor portal in a real browser: a sponsor signs in with two-step sign-in, sees a
consenting participant's progress and downloads an invoice; the participant withdraws
consent on her own page; the sponsor no longer sees it. Also the public "sponsor a survivor" form on a phone, the
invitation page and the staff sponsor pages, each checked with axe."""

import datetime
from decimal import Decimal

from cohorts.models import Requirement
from requirements_tracking.models import HourEntry
from sponsors.models import Invoice, InvoiceLine, SponsorLead, SponsorMember
from sponsors.organisations import services
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, sign_in
from tests.factories import SponsorFactory


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _online_hours(participant, hours: str) -> None:
    HourEntry.objects.create(
        participant=participant,
        requirement=participant.cohort.requirement_set.requirements.get(category=Requirement.Category.ONLINE),
        date=datetime.date(2026, 5, 4),
        hours=Decimal(hours),
        kind=HourEntry.Kind.OTHER,
        status=HourEntry.Status.APPROVED,
        reflection="A private reflection",
    )


def _invoice(sponsor, participant) -> Invoice:
    organisation = SponsorMember.objects.get(user=sponsor).sponsor
    invoice = Invoice.objects.create(
        number="2026-0001",
        year=2026,
        sequence=1,
        sponsor=organisation,
        billed_to_name=organisation.name,
        due_on=datetime.date(2026, 6, 1),
        total_cents=250_000,
    )
    InvoiceLine.objects.create(
        invoice=invoice,
        participant=participant,
        seat=participant.sponsor_seats.get(),
        description="Program fee",
        amount_cents=250_000,
    )
    return invoice


def test_a_sponsor_sees_shared_progress_until_the_participant_withdraws_it(page, phone_page, sponsor, participant):
    _online_hours(participant, "13.75")  # of the 18 online hours
    invoice = _invoice(sponsor, participant)

    sign_in(page, sponsor.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/sponsor/")
    page.get_by_role("heading", name="Sponsor portal").wait_for()
    page.get_by_text("Participant Cora").first.wait_for()
    assert page.get_by_text("13.75 of 18 hours").count() >= 1
    assert page.get_by_text("A private reflection").count() == 0
    assert_accessible(page)
    page.get_by_role("link", name="Participant Cora").click()
    page.get_by_role("heading", name="Participant Cora").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Progress, requirement by requirement").click()
    page.get_by_role("heading", name="Progress of Participant Cora").wait_for()
    assert_accessible(page)

    # Their invoice, from the billing page (a download does not open as a page: the
    # browser's own session fetches the link's file).
    page.goto("/sponsor/billing/")
    link = page.get_by_role("link", name=f"PDF (invoice {invoice.number})")
    assert_accessible(page)
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # The participant, on a phone, withdraws what she shared.
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto("/my-sponsors/")
    phone_page.get_by_role("heading", name="My sponsors").wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)
    phone_page.get_by_label("How far I am with each requirement (for example, 8 of 12 hours)").uncheck()
    phone_page.get_by_label("Which requirements I have completed").uncheck()
    phone_page.get_by_role("button", name="Save my choice").click()
    phone_page.get_by_text("sees only what you ticked").wait_for()

    # The sponsor's next page no longer shows it.
    page.goto("/sponsor/")
    page.get_by_text("This participant has not chosen to share progress.").wait_for()
    assert page.get_by_text("13.75 of 18 hours").count() == 0
    response = page.goto(f"/sponsor/participants/{participant.public_id}/progress/")
    assert response.status == 403


def test_the_public_form_on_a_phone(phone_page):
    phone_page.goto("/sponsor-a-survivor/")
    phone_page.get_by_role("heading", name="Sponsor a survivor").wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)
    phone_page.get_by_role("button", name="Send").click()
    phone_page.get_by_text("Please tell us your name.").first.wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)
    phone_page.get_by_label("Your name").fill("Robin Giver")
    phone_page.get_by_label("Donor").check()
    phone_page.get_by_label("Email").fill("robin@giving.example.org")
    phone_page.get_by_label("Sponsor a whole cohort").check()
    phone_page.get_by_role("button", name="Send").click()
    phone_page.get_by_role("heading", name="Thank you").wait_for()
    assert_accessible(phone_page)
    assert SponsorLead.objects.get().name == "Robin Giver"


def test_the_invitation_page(page):
    organisation = SponsorFactory(name="Open Door Fund")
    _invitation, token = services.invitation_send(sponsor=organisation, email="new@example.org", by=None)
    page.goto(f"/sponsor-invitation/{token}/")
    page.get_by_role("heading", name="Join the sponsor portal").wait_for()
    assert page.get_by_text("Open Door Fund").count() == 1
    assert_accessible(page)
    response = page.goto("/sponsor-invitation/not-a-real-token/")
    assert response.status == 404
    page.get_by_role("heading", name="This link does not work").wait_for()
    assert_accessible(page)


def test_staff_add_an_organisation_invite_someone_and_follow_a_lead(signed_in_staff):
    page = signed_in_staff
    SponsorLead.objects.create(
        name="Jo Lead", organisation="Giving Circle", kind="donor", email="jo@giving.example.org", interest="one"
    )
    page.goto("/staff/sponsors/")
    page.get_by_role("heading", name="Sponsors", exact=True).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Leads").click()
    page.get_by_role("heading", name="Sponsor leads").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Jo Lead").click()
    page.get_by_role("heading", name="Jo Lead").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Make a sponsor from this lead").click()
    page.get_by_role("heading", name="Add an organisation").wait_for()
    assert page.get_by_label("Organisation name").input_value() == "Giving Circle"
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Giving Circle").wait_for()
    assert_accessible(page)
    page.get_by_label("Email address of the person to invite").fill("jo@giving.example.org")
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("The invitation is on its way.").wait_for()
    assert page.get_by_text("jo@giving.example.org").count() >= 1
    assert_accessible(page)
