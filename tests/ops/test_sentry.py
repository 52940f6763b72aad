"""Error reports to Sentry carry no personal data (SECURITY.md): the scrubber, and the
options it is started with."""

from unittest import mock

from cpse.ops.sentry import scrub_event, sentry_init

EMAIL, PHONE, NAME = "ana.m@example.org", "(555) 010-2030", "Ana Martínez"


def _event() -> dict:
    return {
        "message": f"could not reach {EMAIL}",
        "logentry": {"message": "refused %s", "params": [EMAIL], "formatted": f"refused {EMAIL}"},
        "request": {
            "method": "POST",
            "url": "https://cpse.example.org/apply/",
            "query_string": f"email={EMAIL}",
            "data": {"display_name": NAME, "phone": PHONE},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc", "Referer": f"https://x/?e={EMAIL}"},
            "env": {"REMOTE_ADDR": "10.0.0.1"},
        },
        "user": {"id": 42, "email": EMAIL, "username": NAME, "ip_address": "10.0.0.1"},
        "extra": {"form": {"legal_name": NAME}},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": f"bad phone {PHONE} for {EMAIL}",
                    "stacktrace": {"frames": [{"function": "apply", "lineno": 3, "vars": {"name": NAME}}]},
                }
            ]
        },
        "breadcrumbs": {"values": [{"message": f"sent to {EMAIL}", "data": {"name": NAME}, "category": "mail"}]},
    }


def test_personal_data_never_leaves():
    scrubbed = scrub_event(_event(), {})
    text = repr(scrubbed)
    for personal in (EMAIL, PHONE, NAME, "sessionid", "10.0.0.1"):
        assert personal not in text, personal
    assert scrubbed["request"] == {"method": "POST", "url": "https://cpse.example.org/apply/"}
    assert scrubbed["user"] == {"id": 42}
    # What an operator needs stays: the error's type, where it happened, what happened.
    frame = scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]
    assert scrubbed["exception"]["values"][0]["type"] == "ValueError"
    assert frame == {"function": "apply", "lineno": 3}
    assert scrubbed["exception"]["values"][0]["value"] == "bad phone [phone] for [email]"
    assert scrubbed["breadcrumbs"]["values"] == [{"category": "mail", "message": "sent to [email]"}]


def test_sentry_is_started_without_personal_data():
    with mock.patch("sentry_sdk.init") as init:
        sentry_init(dsn="https://public@sentry.example.org/1", environment="production")
    options = init.call_args.kwargs
    assert options["send_default_pii"] is False
    assert options["max_request_body_size"] == "never"
    assert options["include_local_variables"] is False
    assert options["before_send"] is scrub_event
