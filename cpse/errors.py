"""One base for the errors a service raises to refuse something: a message a person can
read and a `code` callers may test. Subclass it only where a caller catches the subclass."""


class DomainError(Exception):
    """A refusal: `str(error)` is the message shown to a person, `error.code` says which one.

    Rules chosen here:
    - A subclass names its default once, as the class attribute `code`; `code=` given when
      raising wins, and a missing or empty one falls back to that default (so a subclass
      never needs an `__init__` to get it).
    - `code` is keyword-only and never part of `args`: `error.args == (message,)`, as for
      a plain `Exception(message)`.
    - A subclass adds an `__init__` only to carry something more than a message (such as
      the competency a refusal is about, or messages per field); it calls
      `super().__init__(message, code=...)`. `tests/cpse/test_errors.py` lists the few that
      do, with the reason, so copies of this constructor do not come back.
    """

    code = "refused"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.code = code or self.code
