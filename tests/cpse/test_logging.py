import datetime
import logging
import re

from django.urls import URLResolver, get_resolver

from cpse.access_log import RedactingLogger
from cpse.logging import RedactPersonalData, redact


def test_emails_and_phone_numbers_are_blanked():
    assert redact("sent to ana.m+cpse@example.org ok") == "sent to [email] ok"
    assert redact("call (555) 010-2030 or +1 555 010 2030") == "call [phone] or [phone]"
    for kept in ("notification 3f2a-11 attempt 2 took 0.25s", "purge on 2026-11-23 12:00"):
        assert redact(kept) == kept


def test_the_filter_rewrites_the_record():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "refused %s", ("ana@example.org",), None)
    assert RedactPersonalData().filter(record) is True
    assert record.getMessage() == "refused [email]"


SECRET = "s3cr3t-T0ken_abcdefghijklmnop"


def _urls_with_a_token(resolver=None, prefix=""):
    """Every URL pattern whose path holds a `token`, as an address with SECRET in it."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _urls_with_a_token(pattern, route)
        elif "token" in pattern.pattern.converters:
            path = re.sub(r"<str:token>", SECRET, route)
            yield "/" + re.sub(r"<uuid:\w+>", "3f2a1c9e-8d7b-4e6f-a5b4-c3d2e1f0a9b8", path).lstrip("^")


def test_every_address_with_a_secret_is_blanked_in_logs():
    urls = list(_urls_with_a_token())
    assert len(urls) >= 7
    for url in urls:
        line = f'"GET {url} HTTP/1.1" 404'
        assert SECRET not in redact(line), url
        assert "[token]" in redact(line), url


def test_gunicorns_access_log_is_blanked_the_same_way():
    from gunicorn.config import Config

    class Response:
        status, sent, headers = "200 OK", 512, [("Content-Type", "text/calendar")]

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/calendar/feed/{SECRET}.ics?from=ana@example.org",
        "PATH_INFO": f"/calendar/feed/{SECRET}.ics",
        "QUERY_STRING": "from=ana@example.org",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://cpse.example.org/recommend/{SECRET}/",
        "REMOTE_ADDR": "127.0.0.1",
    }
    atoms = RedactingLogger(Config()).atoms(Response(), [], environ, datetime.timedelta(milliseconds=12))
    written = " ".join(str(value) for value in atoms.values())
    assert SECRET not in written and "ana@example.org" not in written
    assert atoms["r"] == "GET /calendar/feed/[token].ics?from=[email] HTTP/1.1"
    assert (atoms["s"], atoms["b"], atoms["M"]) == ("200", "512", 12)
