"""What confirmer verifications hold about a person: the staff member who verified. The
confirmer is not an account; their name and organisation are kept with the check."""

from applications.models import ConfirmerVerification
from cpse import data_rights


def export(user) -> list[dict]:
    return [
        {"verified": verification.name, "on": verification.verified_at, "how": verification.get_method_display()}
        for verification in ConfirmerVerification.objects.filter(verified_by=user)
    ]


def erase(user) -> None:
    # The check stays (it vouches for the confirmer); who made it is forgotten.
    ConfirmerVerification.objects.filter(verified_by=user).update(verified_by=None)


def register() -> None:
    data_rights.register(
        data_rights.PersonalData(
            name="confirmer_verifications", models=(ConfirmerVerification,), export=export, erase=erase
        )
    )
