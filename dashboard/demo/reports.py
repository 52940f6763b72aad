"""Demo data for bulk actions: one message program staff sent to the pilot cohort, so the
history on the bulk actions page has a row (and the pilot's Messages pages hold it). Safe
to run again: the message's key is fixed, so it is sent once."""

import uuid

from accounts.models import Role, User
from cohorts.models import Cohort
from dashboard.bulk.services import cohort_message_send
from dashboard.models import CohortMessage

DEMO_KEY = uuid.uuid5(uuid.NAMESPACE_URL, "cpse-demo/cohort-message/pilot-reunion")


def seed_reports() -> None:
    pilot = Cohort.objects.order_by("year").first()
    manager = User.objects.filter(groups__name=Role.PROGRAM_STAFF).order_by("pk").first()
    if pilot is None or manager is None:
        return
    cohort_message_send(
        cohort=pilot,
        audience=CohortMessage.Audience.ALL,
        subject="Pilot reunion in March",
        body="We are planning a reunion for the pilot cohort in March. More details soon.",
        key=DEMO_KEY,
        by=manager,
    )
