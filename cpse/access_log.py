"""gunicorn's access log with the same redaction as the app's logs (`cpse.logging.redact`).

gunicorn writes each request line itself, outside Python's logging filters, so a one-time
link's secret or an email address in a query string would reach the log. Rules chosen here:
every text that can hold a path, a query or a header (the request line, the path, the query,
the referrer, request headers and environ values) is redacted before formatting; numbers,
times and the status are left as they are. The monitoring probe's /healthz (every 15
seconds) is not logged: it would bury the requests people made."""

from django.urls import reverse
from gunicorn.glogging import Logger

from cpse.logging import redact


class RedactingLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") == reverse("ops:healthz"):
            return
        super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time):
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }
