"""One base for the errors a service raises to refuse something: a message a person can
read and a `code` callers may test. Subclass it only where a caller catches the subclass."""


class DomainError(Exception):
    code = "refused"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.code = code or self.code
