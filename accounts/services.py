import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import Role, User


def role_groups_ensure() -> dict[str, Group]:
    """The groups that carry the roles (created by migration too; safe to call again)."""
    return {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}


def user_grant_role(*, user: User, role: str) -> None:
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    with transaction.atomic():
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    user.__dict__.pop("_role_names", None)


def user_activate_totp(*, user: User, secret: str) -> None:
    """Set up an authenticator app for `user` with a known secret (demo data and tests)."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)


def totp_code_now(secret: str, *, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows for `secret` right now."""
    counter = int(at if at is not None else time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
