"""Observed practice in a real browser: an instructor fills a participant's checklist
(met for all but one competency, after one missing note is explained), and the
participant sees "5 of 6 competencies met" on their hours page and their observed-practice
page, on a phone, with the assessor's notes for the one not yet met."""

import datetime
import zoneinfo

from requirements_tracking.models import CompetencyAssessment
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, screenshot, sign_in
from tests.requirements_tracking.competency.test_services import competencies, observed_practice_requirement

LOCAL = zoneinfo.ZoneInfo("America/New_York")


def test_an_instructor_fills_the_checklist_and_the_participant_sees_it(
    page, phone_page, time_machine, cohort, participant, other_participant, instructor
):
    time_machine.move_to(datetime.datetime(2026, 7, 15, 12, tzinfo=LOCAL), tick=True)
    observed_practice_requirement(cohort)
    every = competencies()
    assert len(every) == 6

    sign_in(page, instructor.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto("/staff/observed-practice/")
    page.get_by_role("heading", name="Observed practice", exact=True).wait_for()
    assert page.get_by_role("row", name="Participant Cora").get_by_text("0 of 6").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Participant Cora").click()
    page.get_by_role("heading", name="Observed practice: Participant Cora").wait_for()
    assert_accessible(page)
    page.get_by_role("group", name="Where you observed").get_by_label("Practicum").check()
    page.get_by_label("Date observed").fill("2026-07-10")
    for competency in every:
        row = page.get_by_role("group", name=competency.name)
        if competency == every[-1]:
            row.get_by_label("Not yet").check()
            row.get_by_label("Evidence notes").fill("Spoke for the person instead of asking what she wanted.")
        else:
            row.get_by_label("Met", exact=True).check()
            if competency != every[0]:
                row.get_by_label("Evidence notes").fill(f"Seen during the practicum: {competency.name}.")
    page.get_by_role("button", name="Save observations").click()
    # The missing note is explained next to its row, and nothing typed is lost.
    page.get_by_text("Please check the answers marked below").wait_for()
    first = page.get_by_role("group", name=every[0].name)
    first.get_by_text("Please write what you observed").wait_for()
    assert page.get_by_role("group", name=every[1].name).get_by_label("Evidence notes").input_value().startswith("Seen")
    assert page.get_by_role("group", name=every[-1].name).get_by_label("Not yet").is_checked()
    assert_accessible(page)
    first.get_by_label("Evidence notes").fill("Kept to the program's channels and said why.")
    page.get_by_role("button", name="Save observations").click()
    page.get_by_text("Thank you. 6 observations for Participant Cora are saved.").wait_for()
    assert CompetencyAssessment.objects.filter(participant=participant).count() == 6
    assert page.get_by_text("Spoke for the person instead of asking").is_visible()
    screenshot(page, "observed-practice-checklist.png")

    # The participant, on a phone.
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto("/hours/")
    phone_page.get_by_text("5 of 6 competencies met").wait_for()
    assert phone_page.get_by_text("Not yet taken").is_visible()
    phone_page.get_by_role("link", name="Your observed practice").click()
    phone_page.get_by_role("heading", name="My observed practice").wait_for()
    phone_page.get_by_text("5 of 6 competencies met").wait_for()
    assert phone_page.get_by_text("Spoke for the person instead of asking what she wanted.").is_visible()
    assert not phone_page.get_by_text("Kept to the program's channels").count()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(phone_page)
    screenshot(phone_page, "observed-practice-participant-phone.png")
