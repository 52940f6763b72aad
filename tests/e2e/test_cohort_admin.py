"""Cohorts in a real browser: program staff copy a requirement set for next year, change
an amount, add a cohort that uses the copy, and withdraw a participant after confirming."""

from decimal import Decimal

from cohorts.models import Cohort, Participant, RequirementSet
from tests.e2e.axe import assert_accessible

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def test_staff_prepare_next_years_cohort_and_withdraw_a_participant(signed_in_staff, phone_page, participant):
    page = signed_in_staff
    shared = RequirementSet.objects.get()

    # The cohort list.
    page.goto("/staff/cohorts/")
    page.get_by_role("heading", name="Cohorts", exact=True).wait_for()
    assert_accessible(page)

    # Copy the set in use (it is locked: the 2026 cohort has a participant) and change the copy.
    page.get_by_role("link", name="Requirement sets").click()
    page.get_by_text("Locked", exact=True).wait_for()
    page.get_by_role("link", name="Make a copy").click()
    page.get_by_label("Name of the new set").fill("CPSE requirements 2027")
    page.get_by_role("button", name="Make the copy").click()
    page.get_by_role("heading", name="Change “CPSE requirements 2027”").wait_for()
    page.get_by_label("Self-awareness and self-care: hours").fill("12")
    page.get_by_label("Row 1: months after the start").first.fill("3")
    page.get_by_label("Row 1: hours by then").first.fill("4")
    assert_accessible(page)
    page.get_by_role("button", name="Save the changes").click()
    page.get_by_text("The changes to “CPSE requirements 2027” are saved.").wait_for()
    copy = RequirementSet.objects.get(name="CPSE requirements 2027")
    assert copy.requirements.get(category="self_care").amount == Decimal("12")
    assert shared.requirements.get(category="self_care").amount == Decimal("10")

    # A cohort for 2027 using the copy; a mistake first, kept with a message.
    page.goto("/staff/cohorts/")
    page.get_by_role("link", name="Add a cohort").click()
    page.get_by_label("Year").fill("2027")
    page.get_by_label("Requirement set").select_option(label="CPSE requirements 2027")
    page.get_by_label("Applications open").fill("2027-01-05")
    page.get_by_label("Applications close").fill("2027-03-15")
    page.get_by_label("Program starts").fill("2027-04-01")
    page.get_by_label("Program ends").fill("2027-12-15")
    page.get_by_label("In-person intensive starts").fill("2027-06-08")
    page.get_by_label("In-person intensive ends").fill("2027-06-12")
    page.get_by_label("Graduation").fill("2027-12-01")
    page.get_by_label("Places").fill("20")
    page.get_by_label("Fee in US dollars").fill("3500")
    page.get_by_role("button", name="Add this cohort").click()
    page.get_by_text("Graduation needs to be on or after the last day of the program.").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Graduation").fill("2027-12-20")
    page.get_by_role("button", name="Add this cohort").click()
    page.get_by_role("heading", name="2027 cohort").wait_for()
    assert Cohort.objects.get(year=2027).requirement_set_id == copy.pk
    assert_accessible(page)

    # Withdraw the 2026 participant, after a confirmation.
    page.goto("/staff/cohorts/")
    page.get_by_role("link", name="2026 cohort").click()
    page.get_by_role("heading", name="2026 cohort").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Participant Cora", exact=True).click()
    page.get_by_role("link", name="Withdraw from the program").click()
    page.get_by_role("heading", name="Withdraw Participant Cora from the program?").wait_for()
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ENROLLED
    page.get_by_label("Reason (optional)").fill("Moving to another state")
    page.get_by_role("button", name="Yes, withdraw").click()
    page.get_by_text("Participant Cora is withdrawn. Their record and hours are kept.").wait_for()
    page.get_by_text("Moving to another state").wait_for()
    participant.refresh_from_db()
    assert participant.status == Participant.Status.WITHDRAWN

    # On a phone (the same signed-in session): nothing makes the page scroll sideways.
    phone_page.context.add_cookies(page.context.cookies())
    for path in (
        "/staff/cohorts/",
        "/staff/cohorts/requirement-sets/",
        f"/staff/cohorts/{participant.cohort_id}/edit/",
    ):
        phone_page.goto(path)
        phone_page.locator("h1").wait_for()
        assert phone_page.evaluate(NO_SIDEWAYS_SCROLL), path
    assert_accessible(phone_page)
