"""The fee in a real browser: finance staff find an invoice from the overview, record a
partial payment (a wrong amount first: the form keeps what was typed) and download the
receipt; the sponsor downloads their invoice; the participant sees their fee. Axe runs on
each page, and the participant's page fits a phone."""

from django.utils import timezone

from sponsors.models import Payment, Sponsorship
from sponsors.money import services
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, sign_in
from tests.factories import SponsorFactory
from tests.sponsors.money.factories import fee_participant, pledge


def _download(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).first.click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def test_finance_records_a_payment_and_downloads_the_receipt(page, cohort, finance, sponsor, program_staff):
    member_sponsor = sponsor.sponsor_memberships.get().sponsor
    sponsored = fee_participant(cohort)
    sponsorship = pledge(cohort, program_staff, sponsor=member_sponsor, participant=sponsored)
    pledge(cohort, program_staff, sponsor=SponsorFactory(), scope=Sponsorship.Scope.SEATS, seats=2)
    sponsor_invoice = services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=finance)
    own = services.invoice_create_for_participant(participant=fee_participant(cohort), by=finance)

    sign_in(page, finance.email, totp_secret=TOTP_SECRET)
    page.wait_for_load_state()
    page.goto("/staff/finance/")
    page.get_by_role("heading", name="Fees and invoices", exact=True).wait_for()
    assert_accessible(page)
    for path in ["/staff/finance/pledges/", "/staff/finance/pledges/new/", f"/staff/finance/cohorts/{cohort.pk}/"]:
        page.goto(path)
        assert_accessible(page)
    page.goto(f"/staff/finance/pledges/{sponsorship.public_id}/")
    assert_accessible(page)
    page.goto(f"/staff/finance/participants/{sponsored.public_id}/")
    assert_accessible(page)

    page.goto("/staff/finance/invoices/")
    assert_accessible(page)
    page.get_by_role("link", name=own.number).click()
    page.get_by_role("heading", name=f"Invoice {own.number}").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Record a payment").click()
    assert_accessible(page)
    page.get_by_label("Amount received, in dollars").fill("4000")
    page.get_by_label("Method").select_option("check")
    page.get_by_label("Reference (check number, transfer or card reference)").fill("Check 1042")
    page.get_by_label("Date received").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Record the payment").click()
    page.get_by_text("more than is outstanding").first.wait_for()
    assert_accessible(page)
    assert page.get_by_label("Reference (check number, transfer or card reference)").input_value() == "Check 1042"
    page.get_by_label("Amount received, in dollars").fill("1166.67")
    page.get_by_role("button", name="Record the payment").click()
    page.get_by_text("Payment recorded.").wait_for()
    payment = Payment.objects.get()
    assert payment.amount_cents == 116_667
    assert _download(page, payment.receipt_number).startswith(b"%PDF-")
    assert _download(page, "Download the invoice (PDF)").startswith(b"%PDF-")
    # The confirmation pages (only looked at here).
    for path in [
        f"/staff/finance/invoices/{sponsor_invoice.public_id}/cancel/",
        f"/staff/finance/pledges/{sponsorship.public_id}/cancel/",
        f"/staff/finance/pledges/{sponsorship.public_id}/places/{sponsored.public_id}/release/",
    ]:
        page.goto(path)
        assert_accessible(page)

    # The sponsor's member downloads their invoice.
    page.context.clear_cookies()
    sign_in(page, sponsor.email, totp_secret=TOTP_SECRET)
    page.wait_for_load_state()
    page.goto("/sponsor/billing/")
    page.get_by_role("heading", name="Invoices and receipts").wait_for()
    assert_accessible(page)
    assert own.number not in page.content()
    assert _download(page, f"PDF (invoice {sponsor_invoice.number})").startswith(b"%PDF-")


def test_the_participant_sees_their_fee_on_a_phone(phone_page, cohort, participant, finance):
    participant.fee_due_cents = cohort.fee_cents
    participant.save()
    services.fee_reduction_grant(
        participant=participant, kind="scholarship", amount_cents=100_000, reason="", by=finance
    )
    services.invoice_create_for_participant(participant=participant, by=finance)
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto("/my-fee/")
    phone_page.get_by_role("heading", name="My program fee").wait_for()
    phone_page.get_by_text("$2,500.00").first.wait_for()
    assert_accessible(phone_page)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
