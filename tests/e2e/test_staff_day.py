"""A day's work for program staff (issue #26) in a real browser: the dashboard's count of
open concerns leads to the concerns; the participant record's contact card shows only
what the safe way allows; several interview times added at once; an attendance sheet
started from "Mark everyone present"; the certificate confirmation page; and, as finance,
the invoice preview and the pages that correct or reverse a payment. Axe on each page,
two of them at phone width too."""

from django.urls import reverse

from accounts.models import User
from applications.models import InterviewSlot
from certificates import tasks
from certificates.models import Certificate
from requirements_tracking.models import Attendance
from sponsors.models import Invoice
from tests.applications.staff.test_interview_slots import NOW as INTERVIEWS_NOW
from tests.applications.staff.test_interview_slots import series_data
from tests.certificates.helpers import complete
from tests.conftest import TOTP_SECRET
from tests.dashboard.dashboard_fixtures import concern_open
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, sign_in
from tests.factories import CohortFactory, ParticipantFactory
from tests.requirements_tracking.sessions.test_services import local, schedule
from tests.sponsors.finance.test_invoice_preview import places  # noqa: F401 (a fixture)
from tests.sponsors.money.factories import pay

PHONE_NUMBER, NOTE = "555-0142", "Weekday mornings, please"


def _signed_in(page, user) -> None:
    sign_in(page, user.email, totp_secret=TOTP_SECRET)
    page.wait_for_load_state()


def _same_session_on(phone_page, page) -> None:
    """The staff member's session on a phone too (a second sign-in would reuse the code)."""
    phone_page.context.add_cookies(page.context.cookies())


def _fits_a_phone(phone_page) -> None:
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_open_concerns_count_leads_to_the_concerns(page, program_staff, participant):
    concern_open(participant)
    _signed_in(page, program_staff)
    page.goto(reverse("dashboard:home"))
    page.get_by_role("heading", name="What needs doing").wait_for()
    link = page.get_by_role("link", name="Open check-in concerns", exact=True)
    assert link.is_visible()
    assert_accessible(page)
    link.click()
    page.wait_for_url(f"**{reverse('checkins_staff:concerns')}")
    page.get_by_role("heading", level=1, name="Open concerns").wait_for()
    assert page.get_by_role("link", name=f"({participant.user})").is_visible()
    assert_accessible(page)


def test_the_contact_card_shows_the_phone_and_not_the_email(page, phone_page, program_staff, participant):
    person = participant.user
    person.safe_contact, person.safe_contact_note, person.phone = User.SafeContact.PHONE, NOTE, PHONE_NUMBER
    person.save(update_fields=["safe_contact", "safe_contact_note", "phone"])
    _signed_in(page, program_staff)
    record = reverse("participant_record:record", args=[participant.public_id])
    page.goto(record)
    card = page.get_by_role("region", name=f"How to reach {person.display_name} safely")
    assert card.is_visible()
    text = card.inner_text()
    assert PHONE_NUMBER in text and NOTE in text and "Phone call" in text
    assert person.email not in text
    assert_accessible(page)

    _same_session_on(phone_page, page)
    phone_page.goto(record)
    phone_page.get_by_role("region", name=f"How to reach {person.display_name} safely").wait_for()
    assert phone_page.get_by_text(PHONE_NUMBER, exact=True).is_visible()
    assert_accessible(phone_page)
    _fits_a_phone(phone_page)


def test_several_interview_times_at_once(page, time_machine, program_staff):
    time_machine.move_to(INTERVIEWS_NOW, tick=True)
    cohort = CohortFactory(year=INTERVIEWS_NOW.year)
    typed = series_data(cohort)
    _signed_in(page, program_staff)
    page.goto(f"{reverse('applications_staff:interview_slot_series')}?cohort={cohort.pk}")
    page.get_by_role("heading", level=1, name="Add several interview times").wait_for()
    add = page.get_by_role("button", name="Add these times")
    assert add.is_visible()
    assert_accessible(page)
    page.get_by_label("Day").fill(typed["day"])
    page.get_by_label("First interview starts at").fill(typed["first"])
    page.get_by_label("Last interview ends by").fill(typed["until"])
    page.get_by_label("Length of each interview, in minutes").fill(typed["duration_minutes"])
    page.get_by_label("Minutes between interviews").fill(typed["gap_minutes"])
    page.get_by_label("Place or video link").fill(typed["location"])
    add.click()
    page.get_by_text("3 interview times are added").wait_for()
    assert InterviewSlot.objects.filter(cohort=cohort).count() == 3
    # Each new time is listed, with its place.
    assert page.get_by_role("cell", name=typed["location"]).count() == 3
    assert_accessible(page)


def test_mark_everyone_present_then_change_one(page, phone_page, time_machine, cohort, participant, program_staff):
    time_machine.move_to(local(2026, 5, 20, 12), tick=True)
    absent = ParticipantFactory(cohort=cohort, user__display_name="Participant Eve")
    session = schedule(cohort, starts_at=local(2026, 5, 12, 18))
    _signed_in(page, program_staff)
    sheet = reverse("sessions:attendance", args=[session.public_id])
    page.goto(sheet)
    page.get_by_role("heading", name="Attendance: Listening well").wait_for()
    everyone = page.get_by_role("link", name="Mark everyone present")
    assert everyone.is_visible()
    assert_accessible(page)
    everyone.click()
    page.get_by_text("Everyone is marked present below.").wait_for()
    for person in (participant, absent):
        assert page.get_by_role("group", name=str(person.user)).get_by_label("Present").is_checked()
    assert not Attendance.objects.exists()  # nothing saved yet
    assert_accessible(page)

    _same_session_on(phone_page, page)
    phone_page.goto(page.url)
    phone_page.get_by_text("Everyone is marked present below.").wait_for()
    assert phone_page.get_by_role("button", name="Save attendance").is_visible()
    assert_accessible(phone_page)
    _fits_a_phone(phone_page)

    page.get_by_role("group", name="Participant Eve").get_by_label("Absent").check()
    page.get_by_role("button", name="Save attendance").click()
    page.get_by_text("Attendance for “Listening well” is saved.").wait_for()
    statuses = dict(Attendance.objects.values_list("participant", "status"))
    assert statuses == {participant.pk: Attendance.Status.PRESENT, absent.pk: Attendance.Status.ABSENT}


def test_the_certificate_is_issued_only_once_confirmed(page, monkeypatch, program_staff, participant):
    monkeypatch.setattr(tasks.render, "delay", lambda certificate_id: None)  # the PDF has its own tests
    complete(participant)
    _signed_in(page, program_staff)
    page.goto(reverse("certificates_staff:issue", args=[participant.public_id]))
    page.get_by_role("heading", level=1, name="Issue a certificate").wait_for()
    assert page.locator("#print-name").inner_text() == participant.user.display_name
    confirm = page.get_by_role("button", name="Yes, issue the certificate")
    assert confirm.is_visible()
    assert_accessible(page)
    assert not Certificate.objects.exists()
    confirm.click()
    page.get_by_text("is issued to").wait_for()
    certificate = Certificate.objects.get()
    assert certificate.participant == participant
    page.get_by_text(f"Certificate {certificate.number} is issued to {participant.user}.").wait_for()


def test_finance_previews_an_invoice_and_corrects_and_reverses_payments(page, finance, places):  # noqa: F811
    _signed_in(page, finance)
    page.goto(reverse("sponsors_finance:sponsorship_invoice", args=[places.public_id]))
    page.get_by_role("heading", level=1, name="Invoice preview: Harbor Foundation").wait_for()
    issue = page.get_by_role("button", name="Issue the invoice")
    assert issue.is_visible()
    assert_accessible(page)
    page.get_by_label("The sponsor's purchase order (PO) number (optional)").fill("PO-77")
    issue.click()
    page.get_by_text("PO-77").first.wait_for()
    invoice = Invoice.objects.get()

    payment = pay(invoice, 100_000, finance)
    page.reload()
    page.get_by_role("link", name=f"Correct ({payment.receipt_number})").click()
    page.get_by_role("heading", level=1, name=f"Correct the payment of receipt {payment.receipt_number}").wait_for()
    assert page.get_by_label("Amount received, in dollars").input_value() == "1000.00"
    assert page.get_by_role("button", name="Correct the payment").is_visible()
    assert_accessible(page)

    page.goto(reverse("sponsors_finance:payment_reverse", args=[payment.public_id]))
    page.get_by_role("heading", level=1, name="Reverse this payment?").wait_for()
    reverse_button = page.get_by_role("button", name="Yes, reverse the payment")
    assert reverse_button.is_visible()
    assert_accessible(page)
    # A reason is needed: refused kindly, on the same page.
    reverse_button.click()
    page.get_by_text("Please say why the payment is changed.").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Why is the payment changed? (kept for the records, not printed)").fill("The check bounced")
    page.get_by_role("button", name="Yes, reverse the payment").click()
    page.get_by_text("The check bounced").wait_for()
    payment.refresh_from_db()
    assert payment.reversed_at is not None
