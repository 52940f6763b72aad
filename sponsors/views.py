from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import role_required
from accounts.models import Role
from sponsors import selectors


@require_GET
@role_required(Role.SPONSOR)
def portal(request):
    """The sponsor portal's home: the organisations this person signs in for."""
    return render(request, "sponsors/portal.html", {"memberships": selectors.memberships_for_user(request.user)})
