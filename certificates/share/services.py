"""Turning sharing on or off: the graduate's choice for one of her certificates.

Rules chosen here: only a valid certificate can be shared; the row is locked, and the
change is saved with `update_fields` inside `set_actor`, so the change history records
who and when. Choosing what is already set changes nothing and writes nothing."""

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import Certificate
from cpse.errors import DomainError


class SharingError(DomainError):
    code = "sharing_error"


def certificate_sharing_set(*, certificate: Certificate, sharing: bool, by) -> Certificate:
    with transaction.atomic(), set_actor(by):
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.status != Certificate.Status.VALID:
            raise SharingError(_("Only a valid certificate can be shared."), code="not_valid")
        if certificate.sharing == sharing:
            return certificate
        certificate.sharing = sharing
        certificate.sharing_changed_at = timezone.now()
        certificate.save(update_fields=["sharing", "sharing_changed_at"])
    return certificate
