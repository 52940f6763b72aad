"""Reports and bulk actions in a real browser: staff read the reports (exact figures) and
download them (exact, and as funders get them), write a message to a cohort, look at it
and send it, and approve ticked hours together."""

import datetime
from decimal import Decimal

from cohorts.models import Requirement
from cpse.notify.models import Notification
from requirements_tracking.models import HourEntry
from tests.conftest import TOTP_SECRET
from tests.dashboard.reports.fixture import NAMES, report_cohort
from tests.e2e.axe import assert_accessible
from tests.e2e.support import sign_in
from tests.factories import ParticipantFactory


def test_staff_read_the_reports_and_download_them(signed_in_staff):
    cohort, _people = report_cohort()
    page = signed_in_staff
    page.goto(f"/staff/reports/?cohort={cohort.pk}")
    page.get_by_role("heading", name="Reports", exact=True).wait_for()
    outcomes = page.get_by_role("table", name="Cohort outcomes")
    assert "58 percent" in outcomes.inner_text()
    # Program staff read exact figures; what funders get hides small counts.
    equity = page.get_by_role("table", name="Equity: where people live, accommodations and fee help").inner_text()
    assert "fewer than 5" not in equity and "not shown" not in equity
    assert not any(name in page.content() for name in NAMES)
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download “Cohort outcomes” as a spreadsheet (CSV)").click()
    assert download.value.suggested_filename == "cpse-outcomes-2026.csv"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download “Cohort outcomes” for funders (CSV, small counts hidden)").click()
    assert download.value.suggested_filename == "cpse-outcomes-2026-for-funders.csv"
    assert "fewer than 5" in download.value.path().read_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the funder summary for the 2026 cohort (PDF)").click()
    assert download.value.suggested_filename == "cpse-funder-summary-2026.pdf"


def test_the_reports_fit_a_phone(phone_page, program_staff):
    cohort, _people = report_cohort()
    sign_in(phone_page, program_staff.email, totp_secret=TOTP_SECRET)
    phone_page.wait_for_url("**/staff/")
    phone_page.goto(f"/staff/reports/?cohort={cohort.pk}")
    phone_page.get_by_role("heading", name="Reports", exact=True).wait_for()
    # Wide tables scroll inside their own box; the page itself does not scroll sideways.
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone_page)


def test_staff_preview_and_send_a_message_to_a_cohort(signed_in_staff, cohort):
    ParticipantFactory.create_batch(3, cohort=cohort)
    page = signed_in_staff
    page.goto("/staff/bulk/")
    page.get_by_role("heading", name="Bulk actions").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Send a message to a cohort").click()
    page.get_by_label("Cohort").select_option(label="2026 cohort")
    page.get_by_label("Subject").fill("Intensive week travel")
    page.get_by_label("Message").fill("Train tickets are booked.\nPlease bring comfortable shoes.")
    assert_accessible(page)
    page.get_by_role("button", name="Preview").click()

    page.get_by_role("heading", name="Check your message").wait_for()
    assert page.get_by_text("This message will go to 3 people in the 2026 cohort.").count() == 1
    assert not Notification.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Send to 3 people").click()

    page.get_by_text("Your message was sent to 3 people.").wait_for()
    assert page.get_by_role("row", name="Intensive week travel").count() == 1
    assert Notification.objects.filter(kind="cohort_message").count() == 3
    body = Notification.objects.filter(kind="cohort_message").first().body
    assert "Train tickets are booked.\nPlease bring comfortable shoes." in body


def test_staff_approve_ticked_hours_together(signed_in_staff, participant, other_participant):
    requirement = participant.cohort.requirement_set.requirements.get(category=Requirement.Category.SELF_CARE)
    entries = [
        HourEntry.objects.create(
            participant=person,
            requirement=requirement,
            date=datetime.date(2026, 5, 4),
            hours=Decimal("2"),
            kind="journaling",
            status=HourEntry.Status.SUBMITTED,
        )
        for person in (participant, other_participant, participant)
    ]
    page = signed_in_staff
    page.goto("/staff/hours/")
    page.get_by_role("heading", name="Hours to approve").wait_for()
    assert_accessible(page)
    page.get_by_label("Select the hours of Participant Cora").first.check()
    page.get_by_label("Select the hours of Participant Dee").check()
    page.get_by_role("button", name="Approve selected").click()

    page.get_by_text("2 entries approved.").wait_for()
    statuses = [HourEntry.objects.get(pk=entry.pk).status for entry in entries]
    assert statuses.count(HourEntry.Status.APPROVED) == 2
    assert page.get_by_text("1 entry waiting").count() == 1


def test_writing_a_message_fits_a_phone(phone_page, program_staff, cohort):
    ParticipantFactory(cohort=cohort)
    sign_in(phone_page, program_staff.email, totp_secret=TOTP_SECRET)
    phone_page.wait_for_url("**/staff/")
    phone_page.goto("/staff/bulk/message/")
    phone_page.get_by_label("Subject").fill("Graduation photos")
    phone_page.get_by_role("button", name="Preview").click()
    # Nothing typed is lost: the missing message is asked for, the subject is still there.
    phone_page.get_by_text("Please check the answers marked below.").wait_for()
    assert phone_page.get_by_label("Subject").input_value() == "Graduation photos"
    assert_accessible(phone_page)
    phone_page.get_by_label("Message").fill("The photos are ready to collect.")
    phone_page.get_by_role("button", name="Preview").click()
    phone_page.get_by_role("heading", name="Check your message").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(phone_page)
