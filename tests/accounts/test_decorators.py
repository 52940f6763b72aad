"""`role_required` says which roles it lets in, for pages that link to others (`view_roles`)."""

from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.decorators import role_required, view_roles
from accounts.models import Role


def test_the_roles_a_page_lets_in_are_read_through_the_decorators_above_it():
    @never_cache
    @require_GET
    @role_required(Role.PROGRAM_STAFF, Role.FINANCE)
    def page(request):
        raise AssertionError("not called")

    assert view_roles(page) == {Role.PROGRAM_STAFF, Role.FINANCE}


def test_a_page_without_role_required_has_no_roles():
    @require_GET
    def page(request):
        raise AssertionError("not called")

    assert view_roles(page) is None
