"""The code of ethics in a real browser: program staff publish version 1 (through the
confirmation, which keeps the paragraphs), the participant, on a phone, sees the calm
prompt, reads the code, is told to tick the box, acknowledges it; a second version asks
again. Every page passes axe; the progress page shows the competency milestones."""

from requirements_tracking.models import EthicsAcknowledgment, EthicsCode
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import english_field, screenshot, sign_in

BODY = (
    "We are survivors supporting survivors.\n\n"
    "Boundaries\n\n"
    "We are peers, not friends.\nWe use work phones, not personal ones.\n\n"
    "Confidentiality\n\n"
    "What a person tells us belongs to them."
)


def publish(page, *, title: str, changes: str = "") -> None:
    page.goto("/staff/ethics/publish/")
    page.get_by_role("heading", name="Publish a new version of the code of ethics").wait_for()
    assert_accessible(page)
    english_field(page, "Title").fill(title)
    english_field(page, "The code of ethics").fill(BODY)
    if changes:
        english_field(page, "What changed").fill(changes)
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("Everyone will be asked to acknowledge again").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Publish version").click()
    page.get_by_text("is published").wait_for()


def test_staff_publish_and_the_participant_acknowledges_on_a_phone(
    page, phone_page, cohort, participant, program_staff
):
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto("/staff/ethics/")
    page.get_by_text("No code of ethics is published yet.").wait_for()
    assert_accessible(page)
    publish(page, title="Our code of ethics")
    # The confirmation carried the paragraphs and headings through unchanged.
    assert EthicsCode.objects.get().body == BODY
    page.get_by_role("heading", name="Boundaries").wait_for()
    assert_accessible(page)
    screenshot(page, "ethics-staff-version.png")

    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.get_by_role("heading", name="Please read the program's code of ethics").wait_for()
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name="Read the code of ethics").click()
    phone_page.get_by_role("heading", name="Code of ethics", exact=True).wait_for()
    assert phone_page.get_by_role("heading", name="Confidentiality").is_visible()
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name="Acknowledge").click()
    phone_page.get_by_text("Please tick the box to say you have read the code of ethics.").first.wait_for()
    assert not EthicsAcknowledgment.objects.exists()
    assert_accessible(phone_page)
    phone_page.get_by_label("I have read the code of ethics and will follow it").check()
    phone_page.get_by_role("button", name="Acknowledge").click()
    phone_page.get_by_text("You acknowledged version 1 on").wait_for()
    assert_accessible(phone_page)
    screenshot(phone_page, "ethics-participant-acknowledged.png")

    phone_page.goto("/hours/observed-practice/")  # the milestones card lives with observed practice
    phone_page.get_by_role("heading", name="Competency milestones").wait_for()
    assert phone_page.get_by_text("Reflective journal: 0 hour entries with a reflection.").is_visible()
    screenshot(phone_page, "ethics-milestones.png")
    assert_accessible(phone_page)

    # Staff see who acknowledged, then publish version 2.
    page.goto("/staff/ethics/acknowledgments/")
    page.get_by_role("row", name="Participant Cora").get_by_text("Version 1 (current)").wait_for()
    assert_accessible(page)
    publish(page, title="Our code of ethics", changes="A clearer section on gifts.")

    phone_page.goto("/my-program/")
    phone_page.get_by_role("heading", name="The code of ethics has a new version").wait_for()
    phone_page.get_by_role("link", name="Read the code of ethics").click()
    phone_page.get_by_text("A clearer section on gifts.").wait_for()
    phone_page.get_by_role("link", name="Version 1: Our code of ethics").wait_for()
    assert_accessible(phone_page)
