"""Defence in depth for logs: our own code logs ids and events only, but a library's
message could quote an email address or a phone number. This filter blanks them before
any handler writes the line."""

import logging
import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w-])\+?\(?\d[\d ().-]{7,}\d(?![\w-])")


_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def _phone(match: re.Match) -> str:
    # Ten digits or more, and not a date: a phone number.
    text = match.group(0)
    if _ISO_DATE.match(text) or sum(c.isdigit() for c in text) < 10:
        return text
    return "[phone]"


def redact(text: str) -> str:
    return _PHONE.sub(_phone, _EMAIL.sub("[email]", text))


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
