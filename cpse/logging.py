"""Defence in depth for logs: our own code logs ids and events only, but a library's
message could quote an email address or a phone number. This filter blanks them before
any handler writes the line, and the secret in a link's address too. gunicorn's access
log goes through the same function (`cpse.access_log`)."""

import logging
import re

from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
from django.urls import URLResolver, get_resolver

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w-])\+?\(?\d[\d ().-]{7,}\d(?![\w-])")


_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
# The addresses that carry a secret in their path (every URL pattern with a `token`: a
# calendar feed, the one-time links sent to an agency, a supervisor, a mentor or a sponsor),
# read from the URL map the first time a line is redacted once the map can be read. Whoever
# reads a log must not be able to open them.
_token = None


def token_pattern() -> re.Pattern | None:
    global _token
    if _token is None:
        try:
            prefixes = sorted(set(_token_prefixes(get_resolver())))
        except (AppRegistryNotReady, ImproperlyConfigured, ImportError):
            return None  # too early: no request line is logged before the URL map exists
        _token = re.compile("(" + "|".join(prefixes) + r")[^/\s.?\"']+")
    return _token


def _token_prefixes(resolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _token_prefixes(pattern, route)
        elif "token" in getattr(pattern.pattern, "converters", {}):
            before = route.split("<str:token>")[0]
            yield "/" + "[^/]+".join(map(re.escape, re.split(r"<\w+:\w+>", before)))


def _phone(match: re.Match) -> str:
    # Ten digits or more, and not a date: a phone number.
    text = match.group(0)
    if _ISO_DATE.match(text) or sum(c.isdigit() for c in text) < 10:
        return text
    return "[phone]"


def redact(text: str) -> str:
    text = _PHONE.sub(_phone, _EMAIL.sub("[email]", text))
    tokens = token_pattern()
    return tokens.sub(r"\1[token]", text) if tokens else text


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
