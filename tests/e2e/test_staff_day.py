"""A day's work for program staff (issue #26) in a real browser: the dashboard's count of
open concerns leads to the concerns; the participant record's contact card shows only
what the safe way allows; several interview times added at once; an attendance sheet
started from "Mark everyone present"; the certificate confirmation page; and, as finance,
the invoice preview and the pages that correct or reverse a payment. Axe on each page,
two of them at phone width too.

Then the whole day in one journey (`test_a_staff_day`), with real clicks, as one person
lives it: each dashboard count followed to a page listing as many rows; the concern of a
participant who asked to be called, her contact card, the note that closes it; in Spanish
from the language switch, attendance from "Mark everyone present", two written answers
scored one after the other on a phone, a certificate issued after its confirmation page;
then finance, on a phone, correcting a payment and seeing the new receipt."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.models import User
from applications.models import Application, InterviewSlot
from certificates import tasks
from certificates.models import Certificate
from checkins.models import CheckIn, Concern
from cohorts.models import Participant
from cpse.audit.models import AccessLogEntry
from requirements_tracking.exam_review.selectors import candidate_label
from requirements_tracking.models import Attendance, Exam, Question
from sponsors.models import Invoice, Payment
from tests.applications.factories import InterviewFactory, SentApplicationFactory
from tests.applications.staff.test_interview_slots import NOW as INTERVIEWS_NOW
from tests.applications.staff.test_interview_slots import series_data
from tests.certificates.helpers import complete
from tests.checkins.factories import placement_year
from tests.conftest import TOTP_SECRET
from tests.dashboard.dashboard_fixtures import concern_open, hours_waiting, invoice, program_standards_waiting
from tests.e2e.axe import assert_accessible
from tests.e2e.support import DESKTOP, PHONE, es, reads_in_spanish, sign_in
from tests.e2e.test_dashboard import PHONE_390
from tests.factories import CohortFactory, ParticipantFactory
from tests.requirements_tracking.exam_factories import question, submitted_attempt
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
    assert phone_page.viewport_size == PHONE
    _fits(phone_page)


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


# --- The whole day, in order, as one person lives it ------------------------------------------

# A Wednesday morning inside the 2026 cohort's program (tests/factories.py), a week after its
# online session: every date below follows from it, whatever day the suite runs on.
MORNING = local(2026, 5, 20, 9, 30)
ROSA_PHONE, ROSA_NOTE = "555-0199", "Weekday mornings before ten"
CALLED = "Called Rosa at 9:40. She is safe and has a plan for the week."


@pytest.fixture
def staff_day(time_machine, cohort, participant, program_staff, finance):
    """What waits for program staff on the morning: one or two of everything the dashboard
    counts; Rosa, who asked in her check-in to be called; a session a week ago; two
    written answers; Cora ready for her certificate; a payment typed wrongly."""
    time_machine.move_to(MORNING, tick=True)
    recruiting = CohortFactory(year=2027)
    complete(participant)  # Cora; her passed exam is the cohort's exam
    made = Exam.objects.get(cohort=cohort)
    written = question(Question.Kind.ESSAY, text="Describe a safe boundary with a peer.", points="4")
    attempts = [
        submitted_attempt(
            made,
            ParticipantFactory(cohort=cohort, user__display_name=f"Participant {name}"),
            [(written, {"text": "I keep to the program's channels."})],
        )
        for name in ("Ana", "Bea")
    ]
    for _ in range(2):
        SentApplicationFactory(cohort=recruiting, status=Application.Status.UNDER_REVIEW)
    SentApplicationFactory(cohort=recruiting)  # waiting for its recommendation: not counted
    InterviewFactory(application__cohort=recruiting)
    hours_waiting(ParticipantFactory(cohort=cohort), count=3)
    program_standards_waiting(cohort, program_staff)

    rosa = ParticipantFactory(cohort=cohort, user__display_name="Rosa", user__phone=ROSA_PHONE)
    checkin = placement_year(rosa, start=timezone.localdate() - datetime.timedelta(days=70), submitted=1)[0]
    checkin.wants_contact, checkin.contact_way, checkin.contact_note = True, CheckIn.ContactWay.PHONE, ROSA_NOTE
    checkin.save(update_fields=["wants_contact", "contact_way", "contact_note"])
    Concern.objects.create(participant=rosa, checkin=checkin, reason=Concern.Reason.ASKED_FOR_CONTACT)
    concern_open(ParticipantFactory(cohort=cohort))

    session = schedule(cohort, starts_at=local(2026, 5, 13, 18))
    overdue = invoice(rosa, due_on=timezone.localdate() - datetime.timedelta(days=5), total_cents=50_000)
    typed_wrongly = pay(overdue, 10_000, finance)  # she paid $150: finance typed $100
    invoice(participant, due_on=timezone.localdate() + datetime.timedelta(days=5))  # not due yet
    return SimpleNamespace(rosa=rosa, session=session, payment=typed_wrongly, cora=participant, attempts=attempts)


def _follow(page, link) -> None:
    """Click a link and wait for the page it opens."""
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(lambda url: url.endswith(href))
    page.wait_for_load_state()


def _submit(page, button) -> None:
    """Press a form's button and wait for the page it leads to (a different address)."""
    before = page.url
    button.click()
    page.wait_for_url(lambda url: url != before)
    page.wait_for_load_state()


def _from_the_menu(page, item: str, *, group: str = "") -> None:
    """Open a page from the main menu, unfolding the menu first on a phone."""
    spanish = page.get_attribute("html", "lang") == "es"
    menu = page.get_by_role("navigation", name=es("Main") if spanish else "Main")
    unfold = menu.get_by_role("button", name=es("Menu") if spanish else "Menu")
    if unfold.is_visible():
        unfold.click()
        page.locator("#main-nav.show").wait_for()
    if group:
        menu.get_by_role("button", name=group, exact=True).click()
    _follow(page, menu.get_by_role("link", name=item, exact=True))


def _table_rows(page) -> int:
    return page.locator("main table tbody tr").count()


def _today_shown() -> str:
    return date_format(timezone.localdate(), "DATE_FORMAT")


# How each linked page shows the rows its dashboard count counts.
ROWS_COUNTED = {
    "Applications to review": _table_rows,
    "Interviews to score": _table_rows,
    "Hours to approve": _table_rows,
    "Exam answers to score": _table_rows,
    "Open check-in concerns": _table_rows,
    "Invoices overdue": _table_rows,
    "People who can be certified now": lambda page: page.get_by_role("link", name=re.compile(r"^Issue \(")).count(),
    "Readiness answers waiting for a judgement": lambda page: page.locator("main .list-group-item").count(),
    "Program pauses whose return date has come (on the list of pauses)": lambda page: page.locator(
        "main .list-group-item", has_text=f"return on {_today_shown()}"
    ).count(),
    "People with a supervision gap (shown on the check-in board)": lambda page: page.locator(
        "main .badge", has_text=re.compile(r"^Gap: ")
    ).count(),
    "Graduates offering to mentor, waiting for an answer": lambda page: page.get_by_role(
        "button", name="Accept", exact=True
    ).count(),
}
EXPECTED_COUNTS = {
    "Applications to review": 2,
    "Interviews to score": 1,
    "Hours to approve": 3,
    "Exam answers to score": 2,
    "Open check-in concerns": 2,
    "Invoices overdue": 1,
    "People who can be certified now": 1,
    "Readiness answers waiting for a judgement": 1,
    "Program pauses whose return date has come (on the list of pauses)": 1,
    "People with a supervision gap (shown on the check-in board)": 1,
    "Graduates offering to mentor, waiting for an answer": 1,
}


def _counts_on_the_dashboard(page) -> dict[str, int]:
    items = page.locator(".action-list li")
    return {
        items.nth(index).get_by_role("link").inner_text(): int(items.nth(index).locator(".badge").inner_text())
        for index in range(items.count())
    }


# What sticks out past the right edge, to name it when a page does not fit: not what a
# sideways-scrolling table holds, unless it is placed absolutely (which escapes the table).
STICKING_OUT = """() => [...document.querySelectorAll("body *")].filter((element) => {
    if (element.getBoundingClientRect().right <= document.documentElement.clientWidth + 1) return false;
    const placed = ["absolute", "fixed"].includes(getComputedStyle(element).position);
    return placed || !element.closest(".table-responsive");
}).slice(0, 5).map((element) => element.outerHTML.slice(0, 160))"""


def _fits(page) -> None:
    """No sideways scrolling at the page's width."""
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.evaluate(STICKING_OUT)


def test_a_staff_day(page, monkeypatch, staff_day, program_staff, finance):
    monkeypatch.setattr(tasks.render, "delay", lambda certificate_id: None)  # the PDF has its own tests
    rosa = staff_day.rosa

    # Morning: she signs in and follows each count on the dashboard to its page.
    _signed_in(page, program_staff)
    page.wait_for_url(f"**{reverse('dashboard:home')}")
    page.get_by_role("heading", name="What needs doing").wait_for()
    assert_accessible(page)
    counts = _counts_on_the_dashboard(page)
    assert counts == EXPECTED_COUNTS
    for label, count in counts.items():
        _follow(page, page.locator(".action-list").get_by_role("link", name=label, exact=True))
        assert ROWS_COUNTED[label](page) == count, label
        assert_accessible(page)
        _from_the_menu(page, "Dashboard")

    # Rosa asked to be called: the concern shows the way she chose, her number, not her email.
    _follow(page, page.get_by_role("link", name="Open check-in concerns", exact=True))
    _follow(page, page.get_by_role("link", name=f"Asked to be contacted ({rosa.user})"))
    page.get_by_role("heading", level=1, name="A check-in needs attention").wait_for()
    card = page.get_by_role("region", name="How to reach Rosa safely")
    text = card.inner_text()
    assert "Phone call" in text and ROSA_PHONE in text and ROSA_NOTE in text
    assert rosa.user.email not in text
    assert_accessible(page)
    # After the call, one note closes it.
    page.get_by_label("What was done").fill(CALLED)
    page.get_by_role("button", name="Save and close the concern").click()
    page.get_by_text("Your note is saved and the concern is closed.").wait_for()
    page.get_by_text(CALLED).wait_for()
    assert Concern.objects.get(participant=rosa).status == Concern.Status.CLOSED
    assert AccessLogEntry.objects.filter(
        viewer=program_staff, subject=rosa.user, record_kind=AccessLogEntry.RecordKind.CONTACT
    ).exists()
    assert_accessible(page)

    # The rest of the morning in Spanish, from the language switch.
    page.get_by_role("button", name="Español").click()
    page.get_by_role("heading", level=1, name=es("A check-in needs attention")).wait_for()
    reads_in_spanish(page)

    # Attendance for last week's session: everyone present, then the one who was not.
    _from_the_menu(page, es("Training sessions"), group=es("Participants"))
    page.get_by_role("heading", level=1, name=es("Training sessions")).wait_for()
    reads_in_spanish(page)
    assert_accessible(page)
    _follow(page, page.get_by_role("link", name=re.compile(f"^{re.escape(es('Record attendance'))} ")))
    title = es("Attendance: %(title)s") % {"title": staff_day.session.title}
    page.get_by_role("heading", level=1, name=title).wait_for()
    reads_in_spanish(page)
    assert_accessible(page)
    _follow(page, page.get_by_role("link", name=es("Mark everyone present")))
    page.get_by_text(
        es(
            "Everyone is marked present below. Change the few who were not there, then save. Nothing is saved until you do."
        )
    ).wait_for()
    everyone = page.locator("main fieldset")
    assert everyone.count() == Participant.objects.filter(cohort=rosa.cohort).count()
    present = everyone.get_by_label(es("Present"), exact=True)
    assert all(present.nth(index).is_checked() for index in range(present.count()))
    page.get_by_role("group", name=str(rosa.user)).get_by_label(es("Absent"), exact=True).check()
    page.get_by_role("button", name=es("Save attendance")).click()
    page.get_by_text(
        es("Attendance for “%(title)s” is saved. The hours now count.") % {"title": staff_day.session.title}
    ).wait_for()
    marked = dict(Attendance.objects.values_list("participant", "status"))
    assert marked.pop(rosa.pk) == Attendance.Status.ABSENT
    assert set(marked.values()) == {Attendance.Status.PRESENT}
    assert_accessible(page)

    # Exam scoring on her phone: one answer, then straight to the next.
    page.set_viewport_size(PHONE_390)
    _from_the_menu(page, es("Dashboard"))
    _fits(page)
    _follow(page, page.locator(".action-list").get_by_role("link", name=es("Exam answers to score")))
    page.get_by_role("heading", level=1, name=es("Exam scoring")).wait_for()
    reads_in_spanish(page)
    assert_accessible(page)
    _fits(page)
    _follow(page, page.get_by_role("link", name=re.compile(f"^{re.escape(es('Score'))} ")).first)
    first = page.get_by_role("heading", level=1).inner_text()
    reads_in_spanish(page)
    assert_accessible(page)
    _fits(page)
    page.get_by_label(es("Points")).fill("3,5")
    page.get_by_role("button", name=es("Save and go to the next answer")).click()
    page.get_by_text(es("Thank you. Your score is saved. Here is the next answer.")).wait_for()
    second = page.get_by_role("heading", level=1).inner_text()
    with translation.override("es"):  # blind, and in Spanish: "Candidatura 6FBA"
        labels = {candidate_label(attempt.public_id) for attempt in staff_day.attempts}
    assert {first, second} == {es("Score an answer: %(label)s") % {"label": label} for label in labels}
    assert_accessible(page)
    _fits(page)
    page.set_viewport_size(DESKTOP)

    # Cora's certificate, after the page that shows the name that will print.
    _from_the_menu(page, es("Certificates"), group=es("Exam and certificates"))
    page.get_by_role("heading", level=1, name=es("Certificates")).wait_for()
    reads_in_spanish(page)
    assert_accessible(page)
    _follow(page, page.get_by_role("link", name=f"{es('Issue')} ({staff_day.cora.user})"))
    page.get_by_role("heading", level=1, name=es("Issue a certificate")).wait_for()
    assert page.locator("#print-name").inner_text() == staff_day.cora.user.display_name
    reads_in_spanish(page)
    assert_accessible(page)
    assert not Certificate.objects.exists()
    _submit(page, page.get_by_role("button", name=es("Yes, issue the certificate")))
    certificate = Certificate.objects.get()
    page.get_by_text(
        es("Certificate %(number)s is issued to %(name)s.")
        % {"number": certificate.number, "name": staff_day.cora.user}
    ).wait_for()
    reads_in_spanish(page)
    assert_accessible(page)

    # Finance, on a phone: the payment typed as $100 was $150.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE_390)
    _signed_in(page, finance)
    page.wait_for_url(f"**{reverse('dashboard:home')}")
    assert_accessible(page)
    _fits(page)
    overdue = _counts_on_the_dashboard(page)["Invoices overdue"]
    _follow(page, page.locator(".action-list").get_by_role("link", name="Invoices overdue", exact=True))
    assert _table_rows(page) == overdue == 1
    assert_accessible(page)
    _fits(page)
    _follow(page, page.get_by_role("link", name=staff_day.payment.invoice.number))
    assert_accessible(page)
    _fits(page)
    old = staff_day.payment.receipt_number
    _follow(page, page.get_by_role("link", name=f"Correct ({old})"))
    page.get_by_role("heading", level=1, name=f"Correct the payment of receipt {old}").wait_for()
    assert_accessible(page)
    _fits(page)
    page.get_by_label("Amount received, in dollars").fill("150.00")
    page.get_by_label("Why is the payment changed? (kept for the records, not printed)").fill("The check was for $150")
    _submit(page, page.get_by_role("button", name="Correct the payment"))
    new = Payment.objects.get(invoice=staff_day.payment.invoice, reversed_at=None)
    page.get_by_text(f"The payment is corrected: receipt {new.receipt_number} replaces receipt {old}.").wait_for()
    assert new.amount_cents == 15_000 and new.receipt_number != old
    assert page.get_by_role("link", name=f"{new.receipt_number} (PDF)").is_visible()
    page.get_by_text(f"Replaced by {new.receipt_number}").wait_for()
    assert_accessible(page)
    _fits(page)
