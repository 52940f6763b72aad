"""Writes for what each sponsor may see of a participant.

Rules chosen here: the participant alone chooses; each field that changes leaves a time-stamped
`ConsentChange` row, and the portal reads the current row, so a choice applies from the next
page the sponsor opens.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cohorts.models import Participant
from sponsors.errors import SponsorError
from sponsors.models import Consent, ConsentChange, Sponsor
from sponsors.models.consent import SHAREABLE


def consent_set(*, participant: Participant, sponsor: Sponsor, choices: dict[str, bool], by: User) -> Consent:
    """The participant's choice of what `sponsor` may see. Each field that changes leaves
    a time-stamped `ConsentChange` row (and the audit log its field change); the portal
    reads the current row, so the choice applies from the next page the sponsor opens."""
    unknown = set(choices) - set(SHAREABLE)
    if unknown:
        raise SponsorError(_("Something went wrong with this form. Please try again."), code="unknown_field")
    now = timezone.now()
    with transaction.atomic():
        consent, _created = Consent.objects.select_for_update().get_or_create(participant=participant, sponsor=sponsor)
        changed = [name for name in SHAREABLE if name in choices and bool(choices[name]) != getattr(consent, name)]
        if not changed:
            return consent
        for name in changed:
            setattr(consent, name, bool(choices[name]))
        consent.updated_at = now
        consent.save(update_fields=[*changed, "updated_at"])
        ConsentChange.objects.bulk_create(
            ConsentChange(
                participant=participant,
                sponsor=sponsor,
                field=name,
                granted=bool(choices[name]),
                changed_by=by,
                changed_at=now,
            )
            for name in changed
        )
    return consent
