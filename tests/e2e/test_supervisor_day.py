"""A supervisor answers two confirmations from one email, on a phone: two participants'
practicum hours and a supervision contract wait for the same supervisor; one daily email
(counts only) links to one page; she confirms one entry, declines the other (first
without a comment: the error is shown next to it), agrees to the contract, and the page
is empty. Program staff see what waited longest first. Axe and the phone's width on
every page."""

import datetime
import re

from django.utils import timezone

from checkins.models import SupervisionContract
from checkins.supervisor_digest.services import KIND, supervisor_lists_send
from cpse.notify.models import Notification
from requirements_tracking.models import HourEntry
from tests.checkins.supervisor_digest.test_services import SAM, contract_waiting, log_hours, supervised_by
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, sign_in


def supervisor_list_link(to_email: str) -> str:
    """Run the supervisors' daily email; the path of the list link it sent to `to_email`."""
    supervisor_lists_send(timezone.now())
    body = Notification.objects.filter(kind=KIND, to_email=to_email).latest("created_at").body
    return re.search(r"https?://[^/\s]+(/supervising/\S+/)", body).group(1)


def _checked(page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_supervisor_answers_two_confirmations_from_one_email(
    browser, page, live_server, time_machine, participant, other_participant, program_staff
):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC), tick=True)
    for person, hours in ((participant, "2.25"), (other_participant, "3")):
        supervised_by(person)
        log_hours(person, hours)
    contract_waiting(participant)

    # One email, counts only.
    link = supervisor_list_link(SAM)
    [email] = Notification.objects.filter(kind=KIND, to_email=SAM)
    assert "2 practicum hour entries to confirm" in email.body and "Cora" not in email.body and "Dee" not in email.body

    supervisor = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE)
    phone = supervisor.new_page()
    phone.goto(link)
    phone.get_by_role("heading", name="Waiting for your answer", exact=True).wait_for()
    phone.get_by_role("heading", name="Participant Cora · Harbor House").wait_for()
    phone.get_by_role("heading", name="Participant Dee · Harbor House").wait_for()
    assert phone.get_by_text("Very private words").count() == 0
    _checked(phone)

    # Confirms Cora's hours...
    phone.get_by_role("button", name=re.compile(r"^Confirm \(Participant Cora")).click()
    phone.get_by_text("You confirmed Participant Cora's hours").wait_for()
    _checked(phone)

    # ...declines Dee's: first without a comment (the error is next to the entry), then with one.
    phone.get_by_text(re.compile(r"^Decline with a comment")).click()
    phone.get_by_role("button", name="Decline with this comment").click()
    phone.get_by_text("Please write a few words, so the participant knows what to change.").wait_for()
    _checked(phone)
    phone.get_by_label("Why are you declining?").fill("We did not meet that day.")
    phone.get_by_role("button", name="Decline with this comment").click()
    phone.get_by_text("went back with your words").wait_for()
    _checked(phone)

    # ...and agrees to the contract on the same page.
    phone.get_by_role("button", name=re.compile(r"^I agree to this contract")).click()
    phone.get_by_text("You agreed to the supervision contract with Participant Cora").wait_for()
    phone.get_by_text("No practicum hours are waiting for you. Thank you.").wait_for()
    _checked(phone)
    supervisor.close()
    assert sorted(HourEntry.objects.values_list("status", flat=True)) == ["approved", "returned"]
    assert SupervisionContract.objects.get().agreed

    # Program staff: what waits longest, first (nothing waits now).
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto("/staff/practicum/")
    page.get_by_role("link", name="Waiting longest first").click()
    page.get_by_text("No practicum hours are waiting for a supervisor.").wait_for()
    assert_accessible(page)
