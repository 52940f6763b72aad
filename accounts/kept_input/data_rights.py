"""What quick-exit kept input holds about a person: the words she typed on a page before
leaving, until they are offered back or expire."""

from accounts.kept_input.services import kept_for
from accounts.models import KeptInput
from cpse import data_rights


def export(user) -> list[dict]:
    return [
        {"page": kept.path, "kept_at": kept.created_at, "what_you_typed": kept.data}
        for kept in KeptInput.objects.filter(user=user).order_by("created_at", "pk")
    ]


def erase(user) -> None:
    KeptInput.objects.filter(user=user).delete()


def purge_expired(now, dry_run: bool) -> int:
    return data_rights.purge(KeptInput.objects.filter(created_at__lt=now - kept_for()), dry_run=dry_run)


def register() -> None:
    data_rights.register(data_rights.PersonalData(name="kept_input", models=(KeptInput,), export=export, erase=erase))
    data_rights.register_retention(data_rights.RetentionRule(name="kept_input", purge=purge_expired))
