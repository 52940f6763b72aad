"""The issue's whole journey on the demo data, in July 2025 (the pilot's program): a
pilot participant logs self-care hours, staff approve them, the instructor's attendance
sheet adds session hours, the supervisor confirms practicum hours by the emailed link,
and the participant's progress page and the staff's cohort grid agree to the quarter
hour on every requirement."""

import datetime
import re

from django.core.management import call_command
from django.utils import translation

from cohorts.models import Cohort, Requirement
from dashboard.management.commands.seed_demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from requirements_tracking.progress import cohort_grid
from requirements_tracking.sessions import services
from tests.e2e.axe import assert_accessible
from tests.e2e.support import new_context, sign_in, supervisor_list_link

ALMA = "participant@demo.cpse.invalid"
MANAGER = "manager@demo.cpse.invalid"
INSTRUCTOR = "instructor@demo.cpse.invalid"
SUPERVISOR = "sponsor@demo.cpse.invalid"  # Alma's practicum supervisor in the demo
HOURS = ("self_care", "online", "intensive", "practicum")


def _progress_on_the_page(page) -> dict[str, str]:
    """ "2.5 of 10" for each hours requirement, as the participant reads it."""
    page.goto("/hours/")
    found = {}
    for category in HOURS:
        with translation.override("en"):  # the browser reads English; the test thread may not
            name = str(Requirement.Category(category).label)
        text = page.locator("li", has=page.get_by_role("heading", name=name, exact=True)).inner_text()
        found[category] = re.search(r"([\d.]+) of ([\d.]+) hours? approved", text).group(1, 2)
    return found


def _progress_in_the_grid(page, cohort) -> dict[str, str]:
    page.goto(f"/staff/hours/progress/?cohort={cohort.pk}")
    row = page.locator("tbody tr", has=page.get_by_role("rowheader", name="Alma"))
    cells = row.locator("td").all_inner_texts()[1:]  # after the status
    columns = [c.category for c in cohort_grid(cohort).requirements]
    return {
        category: tuple(re.match(r"([\d.]+) / ([\d.]+)", cells[columns.index(category)]).group(1, 2))
        for category in HOURS
    }


def test_the_pilot_journey_and_the_grid_agrees_with_the_page(browser, live_server, page, time_machine):
    call_command("seed_demo", verbosity=0)
    pilot = Cohort.objects.get(year=2025)
    time_machine.move_to(datetime.datetime(2025, 7, 30, 15, tzinfo=datetime.UTC), tick=True)
    session = services.training_session_schedule(
        cohort=pilot,
        requirement=pilot.requirement_set.requirements.get(category="online"),
        title="Bringing it together",
        starts_at=datetime.datetime(2025, 7, 29, 22, tzinfo=datetime.UTC),
        duration_minutes=120,
        location="Online",
        by=None,
    )

    def person(email, totp=None):
        context = new_context(browser, base_url=live_server.url, locale="en-US")
        new_page = context.new_page()
        sign_in(new_page, email, password=DEMO_PASSWORD, totp_secret=totp)
        return new_page

    # Alma logs 1.25 self-care hours and 2.5 practicum hours.
    alma = person(ALMA)
    alma.goto("/hours/new/")
    alma.get_by_label("Date").fill("2025-07-28")
    alma.get_by_label("Hours").fill("1.25")
    alma.get_by_label("What did you do?").select_option("physical")
    alma.get_by_label("A short reflection").fill("A long walk after work")
    alma.get_by_role("button", name="Log these hours").click()
    alma.get_by_text("Waiting for review").first.wait_for()
    alma.goto("/practicum/log/")
    alma.get_by_label("Date").fill("2025-07-29")
    alma.get_by_label("Hours").fill("2.5")
    alma.get_by_label("What did you do?").fill("Helped at the front desk")
    alma.get_by_role("button", name="Log these hours").click()
    alma.get_by_text("Waiting for your supervisor").first.wait_for()
    before = _progress_on_the_page(alma)

    # Staff approve everything waiting (Alma's new entry and the one the demo left).
    sign_in(page, MANAGER, password=DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto("/staff/hours/")
    while page.get_by_role("button", name="Approve").count():
        page.get_by_role("button", name="Approve").first.click()
        page.wait_for_load_state()
    page.get_by_text("No hours are waiting for review.").wait_for()

    # The instructor records the session: Alma was there for 45 minutes of it.
    instructor = person(INSTRUCTOR, DEMO_TOTP_SECRET)
    instructor.goto(f"/staff/sessions/{session.public_id}/attendance/")
    for group in instructor.get_by_role("group").all():
        group.get_by_label("Present").check()
    alma_line = instructor.get_by_role("group", name="Alma")
    alma_line.get_by_label("Part of the session").check()
    alma_line.get_by_label("Minutes, if part").fill("45")
    instructor.get_by_role("button", name="Save attendance").click()
    instructor.get_by_text("Attendance for “Bringing it together” is saved.").wait_for()

    # The supervisor confirms from the link in their daily email (both of Alma's waiting entries).
    supervisor = new_context(browser, base_url=live_server.url, locale="en-US").new_page()
    supervisor.goto(supervisor_list_link(SUPERVISOR))
    for _waiting in range(2):
        supervisor.get_by_role("button", name=re.compile(r"^Confirm \(Alma")).first.click()
        supervisor.get_by_text("You confirmed Alma").wait_for()
    supervisor.context.close()

    after = _progress_on_the_page(alma)
    assert_accessible(alma)
    assert float(after["self_care"][0]) == float(before["self_care"][0]) + 1.25 + 2  # the demo's waiting 2 too
    assert float(after["online"][0]) == float(before["online"][0]) + 0.75
    assert float(after["practicum"][0]) == float(before["practicum"][0]) + 2.5 + 4
    grid = _progress_in_the_grid(page, pilot)
    assert_accessible(page)
    assert grid == {category: tuple(after[category]) for category in HOURS}
