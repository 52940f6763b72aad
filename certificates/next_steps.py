"""A graduate's next step on the page she lands on (`cohorts.next_steps`): her certificate.

Rules chosen here:
- Valid is `selectors.valid_certificates` (status valid, not expired today), the one rule.
- Finished without a valid certificate: while she is "completed", it is being prepared and
  she can choose the name it shows; once "certified", her certificate page says the rest
  (an expired or replaced certificate is explained there, not here).
- One query.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certificates.selectors import valid_certificates
from cohorts.models import Participant
from cohorts.next_steps import NextStep, Provider, Stage, register


def graduate_steps(*, user, participant: Participant, now: datetime.datetime) -> list[NextStep]:
    mine = reverse("certificates:mine")
    certificate = (
        valid_certificates(today=timezone.localdate(now))
        .filter(participant=participant)
        .only("expires_on")
        .order_by("-issued_on", "-pk")
        .first()
    )
    if certificate is not None:
        details = (
            (_("Valid until %(date)s.") % {"date": date_format(certificate.expires_on)},)
            if certificate.expires_on
            else ()
        )
        return [
            NextStep(
                "certificate", _("Congratulations: your certificate is ready."), details, mine, _("See my certificate")
            )
        ]
    if participant.status == Participant.Status.COMPLETED:
        return [
            NextStep(
                "certificate_coming",
                _(
                    "You have finished the program. Your certificate is being prepared, and you can choose the name it shows."
                ),
                (),
                mine,
                _("My certificate"),
            )
        ]
    return [NextStep("certificate_page", _("Your certificate page has its details."), (), mine, _("My certificate"))]


def register_next_steps() -> None:
    register(Provider(name="certificate", stage=Stage.FINISHED, order=10, steps=graduate_steps))
