from django.http import Http404

from accounts.decorators import role_required
from accounts.models import Role


@role_required(Role.PROGRAM_STAFF)
def concern_detail(request, public_id):
    """Placeholder until the check-in board lands (the concern page is built there)."""
    raise Http404
