import datetime
import time
import uuid

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.usersessions.models import UserSession
from auditlog.context import disable_auditlog
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.adapters import authenticator_secrets_map
from accounts.models import ErasureRequest, Role, User
from accounts.selectors import active_program_staff
from cpse import crypto, data_rights
from cpse.audit.services import redact_change_history
from cpse.errors import DomainError
from cpse.notify.services import notification_queue, notifications_replan


class ErasureError(DomainError):
    code = "erasure_error"


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


def authenticator_secrets_rotate() -> int:
    """Re-encrypt every two-factor secret with the newest field key (`rotate_field_keys`).
    Rows are locked so that a recovery code used meanwhile is not marked unused again."""
    with transaction.atomic():
        authenticators = list(Authenticator.objects.select_for_update().order_by("pk"))
        for authenticator in authenticators:
            authenticator.data = authenticator_secrets_map(authenticator.data, crypto.rotate_token)
        Authenticator.objects.bulk_update(authenticators, ["data"])
    return len(authenticators)


def erasure_request_create(*, user: User) -> ErasureRequest:
    """The person asks for their data to be removed. Program staff are told (without
    saying who) and confirm it on the erasure page."""
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(user=user)
            for staff in active_program_staff():
                notification_queue(
                    kind="staff_attention",
                    key=f"erasure-request:{request.public_id}:{staff.pk}",
                    recipient=staff,
                    context={"path": reverse("dashboard:erasure_requests")},
                )
    except IntegrityError:
        raise ErasureError(
            _("You have already asked for this. The program team will confirm it soon."), code="already_requested"
        ) from None
    return request


def erasure_request_cancel(*, request: ErasureRequest, by: User) -> None:
    changed = ErasureRequest.objects.filter(pk=request.pk, status=ErasureRequest.Status.REQUESTED).update(
        status=ErasureRequest.Status.CANCELLED, decided_at=timezone.now(), decided_by=by
    )
    if not changed:
        raise ErasureError(_("This request has already been dealt with."), code="already_decided")


def erasure_request_confirm(*, request: ErasureRequest, by: User) -> None:
    """Remove or anonymise everything personal about the person; aggregate counts stay."""
    if by.pk == request.user_id:
        raise ErasureError(_("Another member of the program team must confirm your own request."), code="own_request")
    with transaction.atomic():
        changed = ErasureRequest.objects.filter(pk=request.pk, status=ErasureRequest.Status.REQUESTED).update(
            status=ErasureRequest.Status.COMPLETED, decided_at=timezone.now(), decided_by=by
        )
        if not changed:
            raise ErasureError(_("This request has already been dealt with."), code="already_decided")
        person_erase(user=request.user)


def person_erase(*, user: User) -> None:
    """Anonymise the account and run every app's eraser. The account row stays, emptied
    and unable to sign in, so that counts (participants per cohort) stay right."""
    address = user.email
    with transaction.atomic(), disable_auditlog():
        data_rights.erase_personal_data(user)
        redact_change_history(User, [user.pk])
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        for session in UserSession.objects.filter(user=user):
            session.end()
        user.groups.clear()
        user.email = f"erased-{uuid.uuid4().hex}@erased.invalid"
        user.display_name = "—"
        user.legal_name = user.phone = user.safe_contact_note = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        # The last message, to the address they had; it names nothing.
        notification_queue(kind="data_erased", key=f"data-erased:{user.pk}", to_email=address)


DELIVERY_FIELDS = ("safe_contact", "email_frequency", "digest_weekday", "quiet_from", "quiet_to")


def profile_update(*, form) -> User:
    """Save the person's own details. When how we may reach them changed, messages waiting
    for them are planned again: those held on the Messages page go by email once when
    email is safe again, and those waiting for quiet hours or a summary follow the new choice."""
    with transaction.atomic():
        user = form.save()
        if any(name in form.changed_data for name in DELIVERY_FIELDS):
            notifications_replan(user=user)
    return user


def export_account(user: User) -> dict:
    return {
        "email": user.email,
        "name_you_want_us_to_use": user.display_name,
        "legal_name": user.legal_name,
        "phone": user.phone,
        "preferred_language": user.preferred_language,
        "safe_contact": user.get_safe_contact_display(),
        "safe_contact_note": user.safe_contact_note,
        "email_frequency": user.get_email_frequency_display(),
        "weekly_summary_day": user.get_digest_weekday_display(),
        "quiet_hours": (f"{user.quiet_from:%H:%M}-{user.quiet_to:%H:%M}" if user.quiet_from and user.quiet_to else ""),
        "account_created": user.date_joined,
        "last_sign_in": user.last_login,
        "roles": sorted(user.role_names),
        "erasure_requests": [
            {"requested_at": r.requested_at, "status": r.get_status_display()} for r in user.erasure_requests.all()
        ],
    }


def purge_unverified_accounts(now, dry_run: bool) -> int:
    """Accounts whose email was never confirmed and that never signed in: nobody used them."""
    expired = User.objects.filter(
        last_login__isnull=True,
        is_superuser=False,
        date_joined__lt=now - datetime.timedelta(days=settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS),
    ).exclude(emailaddress__verified=True)
    return data_rights.purge(expired, dry_run=dry_run)


def register_personal_data() -> None:
    data_rights.register(data_rights.PersonalData(name="account", models=(User, ErasureRequest), export=export_account))
    data_rights.register_retention(
        data_rights.RetentionRule(name="unverified_accounts", purge=purge_unverified_accounts)
    )
