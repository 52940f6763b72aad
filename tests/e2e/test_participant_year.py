"""The participant's year (issue #21) in one browser journey, as the people in it live it.

A graduate in her placement year, on a phone: her hours page shows the check-ins done of
those asked and the next one due; she logs self-care hours with a document attached; she
makes her private calendar address, her calendar app reads her own dates from it, and a
new address ends the old one; she logs continuing education for her certificate's renewal.
Her practicum supervisor answers two confirmations from one daily email (counts only).
Program staff download her document and approve the hours, then approve the continuing
education from its queue. She sees both count, and reads the pages again in Spanish.
Axe on every page; the phone's width on hers."""

import datetime
import re

import icalendar
import pytest
from django.utils.formats import date_format

from certificates.models import ContinuingEducation
from checkins.models import SupervisionContract
from checkins.placement.selectors import placement_year as checkins_placement_year
from checkins.supervisor_digest.services import KIND
from cpse.notify.models import Notification
from requirements_tracking.models import HourEntry
from tests.certificates.pdf_support import private_media  # noqa: F401 (a fixture)
from tests.certificates.renewal.test_services import certificate, credential_with_validity
from tests.checkins.factories import placement_year
from tests.checkins.supervisor_digest.test_services import SAM, contract_waiting, log_hours, supervised_by
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, new_context, reads_in_spanish, sign_in, supervisor_list_link

# A Sunday in May, 11:00 in the program's time zone: after the supervisors' email hour.
NOW = datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC)
PDF = b"%PDF-1.4\n%%EOF\n"


def _checked(page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def _her_hours_and_document(phone) -> None:
    phone.get_by_role("link", name="Log self-care hours").click()
    phone.get_by_label("Date").fill("2026-05-09")
    phone.get_by_label("Hours").fill("2.5")
    phone.get_by_label("What did you do?").select_option("journaling")
    phone.get_by_label("A short reflection").fill("Wrote for half an hour each evening")
    phone.get_by_label("A document about this time (optional)").set_input_files(
        files=[{"name": "Journal group certificate.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    _checked(phone)
    phone.get_by_role("button", name="Log these hours").click()
    phone.get_by_text("0 of 10 hours approved, 2.5 hours waiting").wait_for()
    phone.get_by_text("Document attached").wait_for()
    _checked(phone)


def _her_calendar(phone) -> None:
    phone.goto("/calendar/")
    phone.get_by_role("heading", name="My calendar", level=1).wait_for()
    _checked(phone)
    phone.get_by_role("button", name="Make my calendar address").click()
    field = phone.get_by_label("Calendar address")
    field.wait_for()
    first = field.input_value()
    _checked(phone)
    feed = phone.request.get(first)
    assert feed.status == 200 and "private" in feed.headers["cache-control"]
    titles = [str(event["SUMMARY"]) for event in icalendar.Calendar.from_ical(feed.text()).walk("VEVENT")]
    assert titles.count("Check-in due") == 12
    assert not any("Cora" in title or "Dee" in title for title in titles)

    phone.get_by_role("link", name="Reset the link").click()
    phone.get_by_role("heading", name="Make a new calendar address?").wait_for()
    _checked(phone)
    phone.get_by_role("button", name="Yes, make a new address").click()
    second = phone.get_by_label("Calendar address").input_value()
    assert second != first
    assert phone.request.get(first).status == 404
    assert phone.request.get(second).status == 200


def _her_continuing_education(phone) -> None:
    phone.goto("/my-certificate/")
    phone.get_by_role("link", name="Log and follow your continuing-education hours").click()
    phone.get_by_role("heading", name="Continuing education", exact=True).wait_for()
    phone.get_by_text("0 of 10 hours approved").wait_for()
    _checked(phone)
    phone.get_by_role("link", name="Log continuing-education hours").click()
    phone.get_by_role("textbox", name="Activity").fill("Trauma-informed peer support")
    phone.get_by_role("textbox", name="Provider").fill("State coalition")
    phone.get_by_label("Date completed").fill("2026-05-02")
    phone.get_by_role("textbox", name="Hours").fill("10.5")
    _checked(phone)
    phone.get_by_role("button", name="Log these hours").click()
    phone.get_by_text("Your hours are logged and wait for review.").wait_for()
    phone.get_by_text("Waiting for review").wait_for()
    _checked(phone)


def _the_supervisor_answers(browser, live_server) -> None:
    context = new_context(browser, base_url=live_server.url, locale="en-US", viewport=PHONE)
    phone = context.new_page()
    link = supervisor_list_link(SAM)
    [email] = Notification.objects.filter(kind=KIND, to_email=SAM)  # one email, counts only
    assert "2 practicum hour entries to confirm" in email.body
    assert not any(word in email.body for word in ("Cora", "Dee", "Very private words"))
    phone.goto(link)
    phone.get_by_role("heading", name="Waiting for your answer", exact=True).wait_for()
    assert phone.get_by_text("Very private words").count() == 0
    _checked(phone)
    phone.get_by_role("button", name=re.compile(r"^Confirm \(Participant Cora")).click()
    phone.get_by_text("You confirmed Participant Cora's hours").wait_for()
    _checked(phone)
    # Declining needs a few words: first without (the error is next to the entry), then with.
    phone.get_by_text(re.compile(r"^Decline with a comment")).click()
    phone.get_by_role("button", name="Decline with this comment").click()
    phone.get_by_text("Please write a few words, so the participant knows what to change.").wait_for()
    _checked(phone)
    phone.get_by_label("Why are you declining?").fill("We did not meet that day.")
    phone.get_by_role("button", name="Decline with this comment").click()
    phone.get_by_text("went back with your words").wait_for()
    phone.get_by_role("button", name=re.compile(r"^I agree to this contract")).click()
    phone.get_by_text("You agreed to the supervision contract with Participant Cora").wait_for()
    phone.get_by_text("No practicum hours are waiting for you. Thank you.").wait_for()
    _checked(phone)
    context.close()


def _staff_approve(page) -> None:
    page.get_by_role("button", name="Participants").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Hours to approve").click()
    page.get_by_role("heading", name="Hours to approve").wait_for()
    assert page.get_by_text("Wrote for half an hour").count() == 0  # reflections stay on the entry's page
    assert page.get_by_text("Document attached").count() == 1
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download (PDF)").click()
    assert download.value.suggested_filename == "hours-document.pdf"
    page.get_by_role("button", name="Approve (").click()  # the entry's own button, not "Approve selected"
    page.get_by_text("No hours are waiting for review.").wait_for()

    page.get_by_role("button", name="Exam and certificates").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Continuing education to approve").click()
    page.get_by_role("heading", name="Continuing education to approve").wait_for()
    assert page.get_by_text("Trauma-informed peer support").count() == 0  # on the entry's page only
    assert_accessible(page)
    page.get_by_role("link", name="Participant Cora").click()
    page.get_by_text("Trauma-informed peer support").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Approve (").click()
    page.get_by_text("Approved").first.wait_for()
    # The longest-waiting view of practicum hours: nothing waits for the supervisor now.
    page.goto("/staff/practicum/")
    page.get_by_role("link", name="Waiting longest first").click()
    page.get_by_text("No practicum hours are waiting for a supervisor.").wait_for()
    assert_accessible(page)


@pytest.mark.usefixtures("private_media")
def test_the_participants_year(
    browser, live_server, phone_page, page, time_machine, participant, other_participant, program_staff
):
    time_machine.move_to(NOW, tick=True)
    assert participant.user.display_name == "Participant Cora"
    placement_year(participant, start=datetime.date(2026, 1, 1), submitted=1)
    year = checkins_placement_year(participant)
    credential_with_validity(24, "10")
    certificate(participant, expires_on=datetime.date(2026, 6, 30))
    for person, hours in ((participant, "2.25"), (other_participant, "3")):
        supervised_by(person)
        log_hours(person, hours)
    contract_waiting(participant)

    # Her hours page: the check-ins of her placement year, in progress.
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.get_by_role("link", name="My hours").first.click()
    phone_page.get_by_role("heading", name="My hours").wait_for()
    phone_page.get_by_text(f"1 of {year.total} check-ins done").wait_for()
    phone_page.get_by_text(f"The one due on {date_format(year.next_due, 'DATE_FORMAT')} is missed").wait_for()
    _checked(phone_page)
    _her_hours_and_document(phone_page)
    _her_calendar(phone_page)
    _her_continuing_education(phone_page)

    _the_supervisor_answers(browser, live_server)
    assert sorted(HourEntry.objects.filter(requirement__category="practicum").values_list("status", flat=True)) == [
        "approved",
        "returned",
    ]
    assert SupervisionContract.objects.get().agreed

    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    _staff_approve(page)
    assert HourEntry.objects.get(requirement__category="self_care").status == HourEntry.Status.APPROVED
    assert ContinuingEducation.objects.get().status == ContinuingEducation.Status.APPROVED

    # She sees both count, then reads her pages in Spanish.
    phone_page.goto("/hours/")
    phone_page.get_by_text("2.5 of 10 hours approved").wait_for()
    phone_page.goto("/my-certificate/continuing-education/")
    phone_page.get_by_text("10.5 of 10 hours approved").wait_for()
    phone_page.get_by_text("the program team can renew the certificate now").wait_for()
    _checked(phone_page)
    phone_page.get_by_role("button", name="Menu").click()
    phone_page.get_by_role("button", name="Español").click()
    phone_page.wait_for_load_state()
    reads_in_spanish(phone_page)
    _checked(phone_page)
    phone_page.goto("/hours/")
    reads_in_spanish(phone_page)
    _checked(phone_page)
