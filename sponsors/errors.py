"""The errors sponsors' services raise, caught by the views that show their message.

Rules chosen here: one base (`SponsorError`) for every refusal a person can read; a link that
does not work (`InvitationError`) is a kind of it, with its own code, so the public page can
answer every closed link the same way.
"""

from cpse.errors import DomainError


class SponsorError(DomainError):
    code = "sponsor_error"


class InvitationError(SponsorError):
    code = "invalid_link"
