"""Authentication backends that load the signed-in person in one query per request.

Rules chosen here: every request reads the user, their role groups, whether they have
an authenticator app and whether they have a participation (the menus follow it),
together (a flag per role, one for the app and one for the participation, each an EXISTS
in the same SELECT), instead of four queries. Nothing is remembered across requests: a
role granted, an authenticator removed or an application accepted counts on the very next
request.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from accounts.selectors import user_for_request


class _OneQueryUser:
    def get_user(self, user_id):
        user = user_for_request(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class AccountBackend(_OneQueryUser, ModelBackend):
    """Django's model backend (the admin, tests' force_login)."""


class AllauthBackend(_OneQueryUser, AuthenticationBackend):
    """allauth's backend (sign-in by email)."""
