"""Messages in a real browser: a participant chooses quiet hours and "only show messages
when I sign in", reads what waited on their Messages page; program staff read the message
log and send a message again. The pages pass axe and fit a phone."""

import re

from accounts.models import User
from cpse.notify import services
from cpse.notify.models import Notification
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, screenshot


def fits_a_phone(page):
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_participant_keeps_messages_in_the_app_and_reads_them(signed_in_participant, participant):
    page = signed_in_participant
    page.goto("/account/profile/")
    page.get_by_role("heading", name="My account").wait_for()
    page.get_by_label("Please only show messages when I sign in").check()
    page.get_by_label("A weekly summary of reminders").check()
    page.get_by_label("Quiet from").fill("21:00")
    page.get_by_role("button", name="Save my details").click()
    # Half a pair of quiet hours: explained next to the field, the rest kept.
    page.get_by_text("Please say when quiet hours end, or leave both times empty.").wait_for()
    assert page.get_by_label("Quiet from").input_value() == "21:00"
    assert_accessible(page)
    page.get_by_label("Quiet until").fill("07:30")
    page.get_by_role("button", name="Save my details").click()
    page.get_by_text("Your details are saved.").wait_for()
    user = User.objects.get(pk=participant.user.pk)
    assert user.safe_contact == User.SafeContact.NONE
    assert user.email_frequency == User.EmailFrequency.WEEKLY

    services.notification_queue(kind="new_message", key="e2e", recipient=user, context={"path": "/hours/"})
    services.notifications_sweep()
    assert Notification.objects.get(key="e2e").status == Notification.Status.IN_APP
    page.goto("/account/messages/")
    page.get_by_role("heading", name="My messages").wait_for()
    page.get_by_text("You asked us to show messages only when you sign in").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as read (You have a new message)").click()
    page.get_by_role("heading", name="My messages").wait_for()
    assert page.get_by_role("button", name="Mark as read (You have a new message)").count() == 0
    fits_a_phone(page)
    screenshot(page, "messages-inbox-phone.png")


def test_staff_read_the_log_and_send_a_message_again(signed_in_staff, participant):
    page = signed_in_staff
    original = services.notification_queue(kind="new_message", key="e2e-log", recipient=participant.user)
    services.notification_deliver(notification_id=original.pk)
    page.goto("/staff/messages/")
    page.get_by_role("heading", name="Messages sent").wait_for()
    assert_accessible(page)
    page.get_by_label("Person (name or email)").fill(participant.user.display_name)
    page.get_by_role("button", name="Show").click()
    # The search is posted: the address bar holds a key for it, never the name.
    page.wait_for_url(re.compile(r"/staff/messages/\?search="))
    assert participant.user.display_name.split()[-1] not in page.url
    page.get_by_role("link", name="Send again (You have a new message)").click()
    page.get_by_role("heading", name="Send a message again").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, send it again").click()
    page.get_by_text("The message will be sent again.").wait_for()
    assert Notification.objects.filter(key="e2e-log:resend:1").exists()
    fits_a_phone(page)
    screenshot(page, "messages-log-phone.png")
