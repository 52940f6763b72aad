import logging

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
