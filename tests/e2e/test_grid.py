"""The cohort grid in a real browser: staff see each participant's approved hours, sort
by a requirement, download the spreadsheet; the page reads well on a phone."""

import datetime
from decimal import Decimal

from requirements_tracking.models import HourEntry
from tests.e2e.axe import assert_accessible
from tests.factories import ParticipantFactory, UserFactory

S = HourEntry.Status


def _hours(participant, category, hours, status=S.APPROVED):
    HourEntry.objects.create(
        participant=participant,
        requirement=participant.cohort.requirement_set.requirements.get(category=category),
        date=datetime.date(2026, 5, 4),
        hours=Decimal(hours),
        kind="other",
        status=status,
    )


def test_staff_read_sort_and_download_the_cohort_grid(signed_in_staff, participant, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 1, 15, tzinfo=datetime.UTC), tick=True)
    page = signed_in_staff
    other = ParticipantFactory(cohort=participant.cohort, user=UserFactory(display_name="Zoe Demo"))
    _hours(participant, "online", "3.25")
    _hours(other, "online", "7.5")
    _hours(other, "self_care", "1", status=S.SUBMITTED)

    page.get_by_role("button", name="Participants").click()
    page.get_by_role("link", name="Progress").click()
    page.get_by_role("heading", name="Cohort progress").wait_for()
    assert page.get_by_text("3.25 / 18").count() == 1
    assert page.get_by_text("+1 waiting").count() == 1
    assert_accessible(page)

    page.get_by_role("link", name="Online instruction").click()
    page.wait_for_url("**sort=online**")
    rows = page.locator("tbody th").all_inner_texts()
    assert rows == sorted(rows, key=lambda name: {"Zoe Demo": 1}.get(name, 0))  # 3.25 before 7.5
    page.get_by_role("link", name="Online instruction").click()  # and back the other way
    page.wait_for_url("**descending=on**")
    assert page.locator("tbody th").first.inner_text() == "Zoe Demo"

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a spreadsheet (CSV)").click()
    assert download.value.suggested_filename == "cohort-2026-progress.csv"


def test_the_grid_fits_a_phone(phone_page, program_staff, participant, time_machine):
    from tests.conftest import TOTP_SECRET
    from tests.e2e.support import sign_in

    time_machine.move_to(datetime.datetime(2026, 7, 1, 15, tzinfo=datetime.UTC), tick=True)
    sign_in(phone_page, program_staff.email, totp_secret=TOTP_SECRET)
    phone_page.wait_for_url("**/staff/")
    phone_page.goto(phone_page.url.replace("/staff/", "/staff/hours/progress/"))
    phone_page.get_by_role("heading", name="Cohort progress").wait_for()
    # The table scrolls inside its own box; the page itself does not.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone_page)
