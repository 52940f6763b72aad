"""Program staff's interest list in a real browser: the list, invite again, the
call-or-text list with its contacted mark, and the removal's confirmation page. Axe on
each page, the two lists at phone width too."""

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.models import InterestSignup
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, sign_in


def _fits_a_phone(phone_page) -> None:
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_staff_work_through_the_interest_list(page, phone_page, program_staff, open_cohort):
    lu = InterestSignup.objects.create(
        display_name="Lu",
        email="lu@example.org",
        cohort=open_cohort,
        invited_cohort=open_cohort,
        invited_at=timezone.now(),
    )
    InterestSignup.objects.create(
        display_name="Ivy",
        phone="555 0142",
        safe_contact=User.SafeContact.TEXT,
        safe_contact_note="Texts after 6 pm only",
        cohort=open_cohort,
    )
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")

    page.goto(reverse("interest:list"))
    page.get_by_role("heading", level=1, name="Interest list").wait_for()
    assert page.get_by_role("row", name="Lu").is_visible()
    assert_accessible(page)
    page.get_by_role("row", name="Lu").get_by_role("button", name="Invite again").click()
    page.get_by_text("The invitation is on its way to Lu again.").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Call or text", exact=True).first.click()
    page.get_by_role("heading", level=1, name="Call or text").wait_for()
    assert page.get_by_text("Texts after 6 pm only").is_visible()
    assert_accessible(page)
    page.get_by_role("listitem").filter(has_text="Ivy").get_by_role("button", name="Mark as contacted").click()
    page.get_by_text("Ivy is marked as contacted.").wait_for()
    assert page.get_by_text(f"by {program_staff.display_name}").is_visible()

    page.goto(reverse("interest:remove", args=[lu.public_id]))
    page.get_by_role("heading", level=1, name="Remove Lu from the interest list?").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, remove").click()
    page.get_by_text("Done. Lu is no longer on the interest list.").wait_for()
    assert not InterestSignup.objects.filter(pk=lu.pk).exists()

    phone_page.context.add_cookies(page.context.cookies())
    for url, heading in (
        (reverse("interest:list"), "Interest list"),
        (reverse("interest:call_or_text"), "Call or text"),
    ):
        phone_page.goto(url)
        phone_page.get_by_role("heading", level=1, name=heading).wait_for()
        assert_accessible(phone_page)
        _fits_a_phone(phone_page)
