"""Crisis and support lines: who a person can reach right now, outside the program.

Shown after a check-in and on the help page (`templates/partials/support_lines.html`).

Rules chosen here: the lines are configuration (`settings.SUPPORT_LINES`; the environment
variable SUPPORT_LINES, or SUPPORT_LINES_FILE, replaces them with a JSON list of the same
shape, and a list that cannot be read stops the start). Each line has a name and,
optionally, a few words about it, in each language of the site, and a number to call
and/or a number to text, the same in every language. A text missing in the page's
language falls back to the site's language (English).
"""

import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

from cpse.env import ImproperSetting

# What a person may see and type: digits, with spaces, dashes, dots or brackets between.
_NUMBER = re.compile(r"\+?[0-9][0-9 ().-]{0,30}")


@dataclass(frozen=True)
class SupportLine:
    name: str
    about: str
    call: str
    text: str

    @property
    def call_href(self) -> str:
        return "tel:" + _dialled(self.call)

    @property
    def text_href(self) -> str:
        return "sms:" + _dialled(self.text)


def _dialled(number: str) -> str:
    return ("+" if number.startswith("+") else "") + re.sub(r"\D", "", number)


def _texts(value, where: str, *, language: str, required: bool) -> None:
    if value is None and not required:
        return
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ImproperSetting(f'SUPPORT_LINES: {where} must be texts by language, e.g. {{"en": "…", "es": "…"}}')
    if required and not value.get(language, "").strip():
        raise ImproperSetting(f"SUPPORT_LINES: {where} needs a text in {language!r}")


def support_lines_check(lines, *, language: str) -> list[dict]:
    """The lines as given, or ImproperSetting saying what is wrong with them; `language`
    (the site's) is the one every name must be written in."""
    if not isinstance(lines, list):
        raise ImproperSetting("SUPPORT_LINES must be a list of lines")
    for number, line in enumerate(lines, start=1):
        where = f"line {number}"
        if not isinstance(line, dict) or set(line) - {"name", "about", "call", "text"}:
            raise ImproperSetting(f"SUPPORT_LINES: {where} may have only name, about, call and text")
        _texts(line.get("name"), f"{where}'s name", language=language, required=True)
        _texts(line.get("about"), f"{where}'s about", language=language, required=False)
        reach = [line.get("call", ""), line.get("text", "")]
        if not any(reach):
            raise ImproperSetting(f"SUPPORT_LINES: {where} needs a number to call or to text")
        for value in reach:
            if value and (not isinstance(value, str) or not _NUMBER.fullmatch(value)):
                raise ImproperSetting(f"SUPPORT_LINES: {where}: {value!r} is not a phone number")
    return lines


def support_lines_from_env(raw: str, *, language: str) -> list[dict] | None:
    """SUPPORT_LINES as read from the environment (JSON); None when it is not set. Called
    by the settings module: nothing here may read `settings` yet."""
    if not raw.strip():
        return None
    try:
        lines = json.loads(raw)
    except ValueError as error:
        raise ImproperSetting(f"SUPPORT_LINES is not valid JSON: {error}") from None
    return support_lines_check(lines, language=language)


def support_lines_for(language: str | None = None) -> list[SupportLine]:
    """The configured lines in `language` (the active one by default)."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]

    def pick(texts: dict[str, str]) -> str:
        return texts.get(language) or texts.get(settings.LANGUAGE_CODE, "")

    return [
        SupportLine(
            name=pick(line["name"]),
            about=pick(line.get("about") or {}),
            call=line.get("call", ""),
            text=line.get("text", ""),
        )
        for line in settings.SUPPORT_LINES
    ]
