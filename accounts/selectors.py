from django.db.models import Case, IntegerField, QuerySet, Value, When

from accounts.models import ErasureRequest


def erasure_requests_for_staff() -> QuerySet[ErasureRequest]:
    """Open requests first, oldest first among them; then the decided ones, newest first."""
    return ErasureRequest.objects.select_related("user", "decided_by").order_by(
        Case(
            When(status=ErasureRequest.Status.REQUESTED, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        "requested_at",
    )
