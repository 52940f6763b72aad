"""The public page from data in a real browser (issue #24): program staff preview the page
for next year's cohort before its window opens, on a computer and a phone; the public page
itself still shows the cohort taking applications."""

import datetime

from django.utils import timezone

from cohorts.models import Requirement
from cohorts.services import requirement_set_copy
from tests.e2e.axe import assert_accessible
from tests.factories import CohortFactory

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def test_staff_preview_next_years_public_page(signed_in_staff, phone_page, open_cohort):
    page = signed_in_staff
    today = timezone.localdate()
    rules = requirement_set_copy(source=open_cohort.requirement_set, name="Next year's requirements")
    rules.min_years_since_exit = 4
    rules.save()
    rules.requirements.filter(kind=Requirement.Kind.CHECKINS).update(amount=6)
    next_cohort = CohortFactory(
        year=open_cohort.year + 1,
        requirement_set=rules,
        applications_open=today + datetime.timedelta(days=60),
        applications_close=today + datetime.timedelta(days=90),
    )

    page.goto("/staff/cohorts/")
    page.get_by_role("link", name=str(next_cohort), exact=True).click()
    page.get_by_role("heading", name=str(next_cohort)).wait_for()
    page.get_by_role("link", name="Preview its public page").click()
    page.get_by_text(f"The public page as it will read for the {next_cohort}").wait_for()
    page.get_by_text("At least 4 years since exiting exploitation.").wait_for()
    page.get_by_text("6 check-ins").wait_for()
    page.get_by_role("link", name="Tell us you would like to apply").wait_for()
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
    assert_accessible(page)

    # On a phone (the same signed-in session): readable without sideways scrolling.
    phone_page.context.add_cookies(page.context.cookies())
    phone_page.goto(f"/staff/cohorts/{next_cohort.pk}/preview/")
    phone_page.get_by_role("heading", name=f"{next_cohort}: key dates").wait_for()
    assert phone_page.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(phone_page)

    # The public page is unchanged: it shows the cohort taking applications, no preview.
    phone_page.context.clear_cookies()
    phone_page.goto("/")
    phone_page.get_by_role("heading", name=f"{open_cohort}: key dates").wait_for()
    assert phone_page.get_by_text("Preview").count() == 0
    phone_page.get_by_text("At least 5 years since exiting exploitation.").wait_for()
    phone_page.get_by_text("Director of Administration").wait_for()
    assert phone_page.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(phone_page)
