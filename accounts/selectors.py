from allauth.mfa.models import Authenticator
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When

from accounts.models import ErasureRequest, Role, User


def user_for_request(user_id) -> User | None:
    """The signed-in person with their role names and `has_totp` (an authenticator app set
    up) read in the same query: what every page's middleware and menus ask."""
    memberships = User.groups.through.objects.filter(user_id=OuterRef("pk"))
    flags = {f"role_{role}": Exists(memberships.filter(group__name=role)) for role in Role.values}
    user = (
        User.objects.filter(pk=user_id)
        .annotate(
            has_totp=Exists(Authenticator.objects.filter(user_id=OuterRef("pk"), type=Authenticator.Type.TOTP)),
            **flags,
        )
        .first()
    )
    if user is not None:
        user._role_names = frozenset(role for role in Role.values if getattr(user, f"role_{role}"))
    return user


def erasure_requests_for_staff() -> QuerySet[ErasureRequest]:
    """Open requests first, oldest first among them; then the decided ones, newest first."""
    return ErasureRequest.objects.select_related("user", "decided_by").order_by(
        Case(
            When(status=ErasureRequest.Status.REQUESTED, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        "requested_at",
    )
