"""Privacy pages in the browser: my data, the erasure flow, the audit trail, the idle warning."""

from playwright.sync_api import expect

from accounts.models import ErasureRequest
from tests.e2e.axe import assert_accessible


def test_a_participant_downloads_their_data_and_asks_for_removal(signed_in_participant, participant):
    page = signed_in_participant
    page.goto("/account/my-data/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data").click()
    assert download.value.suggested_filename == "my-cpse-data.zip"
    page.get_by_role("button", name="Ask to remove my data").click()
    # The box must be ticked: the browser says so before anything is sent.
    assert page.url.endswith("/account/my-data/")
    page.get_by_label("I understand that my account will be closed").check()
    page.get_by_role("button", name="Ask to remove my data").click()
    expect(page.get_by_text("We have your request.")).to_be_visible()
    assert_accessible(page)
    assert ErasureRequest.objects.filter(user=participant.user, status="requested").exists()


def test_staff_review_a_request_and_read_the_audit_trail(signed_in_staff, applicant):
    ErasureRequest.objects.create(user=applicant)
    page = signed_in_staff
    page.get_by_role("button", name="Records").click()
    page.get_by_role("link", name="Data requests").click()
    assert_accessible(page)
    page.get_by_role("link", name="Review").click()
    expect(page.get_by_text(applicant.email)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm: remove this person's data").click()
    expect(page.get_by_text("The person's data has been removed")).to_be_visible()
    page.get_by_role("button", name="Records").click()
    page.get_by_role("link", name="Audit trail").click()
    # Changes read in words, as on a participant's history (labels, never field names).
    page.get_by_role("columnheader", name="What changed").wait_for()
    assert "changes_dict" not in page.content() and "display_name" not in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Record views").click()
    expect(page.get_by_role("cell", name="Account details").first).to_be_visible()
    assert_accessible(page)


def test_the_idle_warning_offers_to_stay_signed_in(page, participant, settings):
    from tests.e2e.support import sign_in

    # The warning shows two minutes before the end; with 125 s it shows after 5 s, which
    # the page's clock (Playwright's, not the machine's) is moved on by at once.
    settings.SESSION_IDLE_SECONDS = 125
    page.clock.install()
    sign_in(page, participant.user.email)
    page.wait_for_url("**/my-program/")
    warning = page.get_by_role("alertdialog")
    assert warning.is_hidden()
    page.clock.fast_forward(4_000)
    assert warning.is_hidden()
    page.clock.fast_forward(1_500)
    warning.wait_for(state="visible")
    assert_accessible(page)
    page.get_by_role("button", name="Stay signed in").click()
    warning.wait_for(state="hidden")
