"""How a person may be reached: quiet hours, a weekly summary of reminders, and "only show
messages when I sign in". Messages wait; they are never dropped or sent twice."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from cpse.notify import services
from cpse.notify.models import Notification
from tests.factories import UserFactory
from tests.notify.factories import LOCAL

# Tuesday 12 May 2026.
TUESDAY_NIGHT = datetime.datetime(2026, 5, 12, 22, 30, tzinfo=LOCAL)


def queue(user, key="k", *, reminder=False, **kwargs):
    if reminder:
        with services.reminder_context():
            return services.notification_queue(kind="session_reminder", key=key, recipient=user, **kwargs)
    return services.notification_queue(kind="new_message", key=key, recipient=user, **kwargs)


def sweep_at(when) -> int:
    return services.notifications_sweep(now=when)


@pytest.mark.django_db
def test_a_message_due_in_quiet_hours_waits_until_they_end(time_machine):
    person = UserFactory(quiet_from=datetime.time(21), quiet_to=datetime.time(7, 30))
    time_machine.move_to(TUESDAY_NIGHT)
    notification = queue(person)
    assert sweep_at(TUESDAY_NIGHT) == 0
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert notification.attempts == 0  # waiting is not a failed attempt
    morning = datetime.datetime(2026, 5, 13, 7, 30, tzinfo=LOCAL)
    assert notification.next_attempt_at == morning
    assert sweep_at(morning - datetime.timedelta(minutes=1)) == 0
    assert sweep_at(morning) == 1
    assert sweep_at(morning + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_quiet_hours_within_one_day_and_outside_them():
    person = User(quiet_from=datetime.time(12), quiet_to=datetime.time(14))
    assert services.quiet_hours_end(person, datetime.datetime(2026, 5, 12, 11, 59, tzinfo=LOCAL)) is None
    assert services.quiet_hours_end(person, datetime.datetime(2026, 5, 12, 12, 0, tzinfo=LOCAL)) == datetime.datetime(
        2026, 5, 12, 14, tzinfo=LOCAL
    )
    assert services.quiet_hours_end(person, datetime.datetime(2026, 5, 12, 14, 0, tzinfo=LOCAL)) is None
    overnight = User(quiet_from=datetime.time(21), quiet_to=datetime.time(7))
    assert services.quiet_hours_end(overnight, datetime.datetime(2026, 5, 13, 2, tzinfo=LOCAL)) == datetime.datetime(
        2026, 5, 13, 7, tzinfo=LOCAL
    )
    assert services.quiet_hours_end(User(), datetime.datetime(2026, 5, 13, 2, tzinfo=LOCAL)) is None


@pytest.mark.django_db
def test_only_when_i_sign_in_keeps_messages_on_the_messages_page(client, time_machine):
    person = UserFactory(safe_contact=User.SafeContact.NONE)
    time_machine.move_to(TUESDAY_NIGHT)
    first, second = queue(person, "one"), queue(person, "two", context={"path": "/hours/"})
    assert sweep_at(TUESDAY_NIGHT + datetime.timedelta(seconds=30)) == 0
    assert mail.outbox == []
    for notification in (first, second):
        notification.refresh_from_db()
        assert notification.status == Notification.Status.IN_APP
        assert notification.sent_at is not None  # delivered, in the app
    assert sweep_at(TUESDAY_NIGHT + datetime.timedelta(days=1)) == 0

    client.force_login(person)
    page = client.get(reverse("accounts:messages"))
    assert page.status_code == 200
    assert page.content.decode().count('h6 mb-1">You have a new message') == 2
    assert "http://127.0.0.1:8000/hours/" in page.content.decode()
    response = client.post(reverse("accounts:message_read", args=[first.pk]))
    assert response["Location"] == reverse("accounts:messages")
    first.refresh_from_db()
    assert first.read_at is not None

    # Email is safe again: what was not read there goes by email, once; what was read stays.
    form = profile_data(person, safe_contact=User.SafeContact.EMAIL)
    assert client.post(reverse("accounts:profile"), form).status_code == 302
    assert sweep_at(TUESDAY_NIGHT + datetime.timedelta(minutes=1)) == 1
    assert sweep_at(TUESDAY_NIGHT + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1
    second.refresh_from_db()
    assert second.status == Notification.Status.SENT
    first.refresh_from_db()
    assert first.status == Notification.Status.IN_APP


@pytest.mark.django_db
def test_a_person_cannot_mark_someone_elses_message_read(client, applicant):
    other = UserFactory(safe_contact=User.SafeContact.NONE)
    notification = queue(other)
    services.notifications_sweep()
    client.force_login(applicant)
    client.post(reverse("accounts:message_read", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at is None
    assert "You have a new message" not in client.get(reverse("accounts:messages")).content.decode()


@pytest.mark.django_db
def test_a_weekly_summary_gathers_reminders_into_one_email_on_the_chosen_day(time_machine):
    person = UserFactory(email_frequency=User.EmailFrequency.WEEKLY, digest_weekday=User.Weekday.FRIDAY)
    tuesday = datetime.datetime(2026, 5, 12, 10, tzinfo=LOCAL)
    time_machine.move_to(tuesday)
    queue(person, "r1", reminder=True, context={"path": "/hours/sessions/"})
    time_machine.move_to(tuesday + datetime.timedelta(days=1))
    queue(person, "r2", reminder=True, context={"path": "/hours/sessions/"})
    # A message that is not a reminder is never held for the summary.
    news = queue(person, "news")
    assert sweep_at(tuesday + datetime.timedelta(days=1, seconds=30)) == 1
    assert [m.subject for m in mail.outbox] == ["You have a new message"]
    news.refresh_from_db()
    assert news.status == Notification.Status.SENT

    friday_summary = datetime.datetime(2026, 5, 15, 9, tzinfo=LOCAL)
    assert sweep_at(friday_summary - datetime.timedelta(minutes=1)) == 0
    assert sweep_at(friday_summary) == 1
    assert sweep_at(friday_summary + datetime.timedelta(hours=1)) == 0
    summary = mail.outbox[1]
    assert summary.subject == "Your weekly summary of reminders"
    assert summary.body.count("A reminder for tomorrow") == 2
    assert set(Notification.objects.filter(key__in=["r1", "r2"]).values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_a_summary_that_falls_in_quiet_hours_waits_for_them_to_end(time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 12, 10, tzinfo=LOCAL))
    person = UserFactory(
        email_frequency=User.EmailFrequency.WEEKLY,
        digest_weekday=User.Weekday.FRIDAY,
        quiet_from=datetime.time(8),
        quiet_to=datetime.time(10),
    )
    queue(person, "r1", reminder=True)
    Notification.objects.update(created_at=datetime.datetime(2026, 5, 12, 10, tzinfo=LOCAL))
    assert sweep_at(datetime.datetime(2026, 5, 15, 9, tzinfo=LOCAL)) == 0
    assert sweep_at(datetime.datetime(2026, 5, 15, 10, tzinfo=LOCAL)) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_account_emails_the_person_asked_for_are_never_held(time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 12, 11, tzinfo=LOCAL))
    person = UserFactory(safe_contact=User.SafeContact.NONE, quiet_from=datetime.time(0), quiet_to=datetime.time(23))
    services.notification_queue_rendered(
        kind="password_reset_key",
        key="account:x",
        recipient=person,
        to_email=person.email,
        subject="Password reset",
        body="link",
    )
    assert services.notifications_sweep(now=datetime.datetime(2026, 5, 12, 12, tzinfo=LOCAL)) == 1


@pytest.mark.django_db
def test_a_mail_failure_during_a_summary_leaves_every_reminder_waiting_then_one_email(time_machine):
    from unittest import mock

    time_machine.move_to(datetime.datetime(2026, 5, 12, 10, tzinfo=LOCAL))
    person = UserFactory(email_frequency=User.EmailFrequency.WEEKLY, digest_weekday=User.Weekday.FRIDAY)
    queue(person, "r1", reminder=True)
    queue(person, "r2", reminder=True)
    Notification.objects.update(created_at=datetime.datetime(2026, 5, 12, 10, tzinfo=LOCAL))
    friday = datetime.datetime(2026, 5, 15, 9, tzinfo=LOCAL)
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=OSError()):
        assert sweep_at(friday) == 0
    assert set(Notification.objects.values_list("status", flat=True)) == {"pending"}
    assert sweep_at(friday + datetime.timedelta(days=1)) == 1
    assert sweep_at(friday + datetime.timedelta(days=2)) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_reminders_are_written_in_the_persons_language():
    person = UserFactory(preferred_language="es")
    notification = queue(person, reminder=True)
    assert notification.language == "es"
    assert notification.subject != queue(UserFactory(), "en", reminder=True).subject


def profile_data(user, **changes):
    data = {
        "display_name": user.display_name,
        "legal_name": "",
        "phone": "",
        "preferred_language": "en",
        "safe_contact": user.safe_contact,
        "safe_contact_note": "",
        "email_frequency": "each",
        "digest_weekday": "0",
        "quiet_from": "",
        "quiet_to": "",
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_a_person_chooses_frequency_language_and_quiet_hours(client, applicant):
    client.force_login(applicant)
    page = client.get(reverse("accounts:profile")).content.decode()
    for label in ("How often to email reminders", "A weekly summary of reminders", "Quiet from", "Language"):
        assert label in page
    response = client.post(
        reverse("accounts:profile"),
        profile_data(
            applicant,
            email_frequency="weekly",
            digest_weekday="4",
            quiet_from="21:00",
            quiet_to="07:30",
            preferred_language="es",
        ),
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.email_frequency == "weekly"
    assert applicant.digest_weekday == 4
    assert (applicant.quiet_from, applicant.quiet_to) == (datetime.time(21), datetime.time(7, 30))
    assert applicant.preferred_language == "es"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"quiet_from": "21:00", "quiet_to": "21:00"}, "quiet_to", "Quiet hours need to end at a different time"),
        ({"quiet_from": "21:00"}, "quiet_to", "Please say when quiet hours end"),
        ({"quiet_to": "07:00"}, "quiet_from", "Please say when quiet hours start"),
        ({"quiet_from": "late", "quiet_to": "07:00"}, "quiet_from", "Please enter a time such as 21:00."),
        ({"email_frequency": "hourly"}, "email_frequency", "Select a valid choice."),
        ({"digest_weekday": "9"}, "digest_weekday", "Select a valid choice."),
    ],
)
def test_bad_preferences_get_a_clear_error_and_keep_what_was_typed(client, applicant, changes, field, error):
    client.force_login(applicant)
    response = client.post(reverse("accounts:profile"), profile_data(applicant, display_name="Kept Name", **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert error in " ".join(form.errors[field])
    assert 'value="Kept Name"' in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.quiet_from is None and applicant.email_frequency == "each"


@pytest.mark.django_db
def test_unread_messages_kept_in_the_app_outlive_the_retention_period(settings):
    from django.utils import timezone

    person = UserFactory(safe_contact=User.SafeContact.NONE)
    unread, read = queue(person, "unread"), queue(person, "read")
    services.notifications_sweep()
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    later = timezone.now() + datetime.timedelta(days=settings.RETENTION_NOTIFICATION_DAYS + 1)
    assert services.purge_delivered_messages(later, dry_run=False) == 1
    assert list(Notification.objects.values_list("pk", flat=True)) == [unread.pk]
