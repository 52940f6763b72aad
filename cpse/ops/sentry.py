"""Error reports to Sentry, when SENTRY_DSN is set, without personal data.

Rules chosen here: `send_default_pii=False`, no request bodies, no local variables; and
`scrub_event` runs on every event before it leaves: the request keeps its method and
path only (no query, cookies, headers or body), the user their id only, every message,
exception value and breadcrumb goes through the logs' redaction (emails, phones, link
secrets), and `extra` is dropped. Names cannot be recognised in free text, which is why
what a person typed never reaches an exception in the first place (docs/security.md).
"""

from cpse.logging import redact

_KEPT_REQUEST_FIELDS = ("method", "url")


def _redact_tree(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redact_tree(item) for item in value]
    if isinstance(value, dict):
        return {key: _redact_tree(item) for key, item in value.items()}
    return value


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    request = event.get("request")
    if request:
        event["request"] = {key: _redact_tree(request[key]) for key in _KEPT_REQUEST_FIELDS if key in request}
    user = event.get("user")
    if user:
        event["user"] = {"id": user["id"]} if "id" in user else {}
    event.pop("extra", None)
    if "logentry" in event:
        event["logentry"] = {
            "message": redact(str(event["logentry"].get("formatted") or event["logentry"].get("message", "")))
        }
    if "message" in event:
        event["message"] = _redact_tree(event["message"])
    for exception in (event.get("exception") or {}).get("values", []):
        if exception.get("value"):
            exception["value"] = redact(str(exception["value"]))
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    breadcrumbs = event.get("breadcrumbs")
    if breadcrumbs:
        values = breadcrumbs.get("values", []) if isinstance(breadcrumbs, dict) else breadcrumbs
        cleaned = [
            {
                key: _redact_tree(crumb[key])
                for key in ("category", "level", "message", "timestamp", "type")
                if key in crumb
            }
            for crumb in values
        ]
        event["breadcrumbs"] = {"values": cleaned} if isinstance(breadcrumbs, dict) else cleaned
    return event


def sentry_init(*, dsn: str, environment: str) -> None:
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        traces_sample_rate=0,
    )
