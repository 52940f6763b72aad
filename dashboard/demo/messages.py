"""Demo data for messages and reminders: one demo participant who asked to see messages only
when they sign in (two messages wait on their Messages page), and the reminder schedule run
once so the staff message log has rows. Safe to run again (message keys are unique)."""

from django.urls import reverse

from accounts.models import User
from cpse.notify import services
from cpse.notify.reminders import reminders_run


def seed_messages(*, email: str) -> None:
    person = User.objects.filter(email=email).first()
    if person is not None:
        if person.safe_contact != User.SafeContact.NONE:
            User.objects.filter(pk=person.pk).update(safe_contact=User.SafeContact.NONE)
            person.refresh_from_db()
        for n, path in enumerate((reverse("requirements_tracking:mine"), reverse("cohorts:my_program")), start=1):
            services.notification_queue(
                kind="new_message", key=f"demo-message:{n}", recipient=person, context={"path": path}
            )
    reminders_run()
    services.notifications_sweep()
