"""Template helpers shared by every app ({% load cpse %})."""

import re

from django import template
from django.utils.html import format_html_join

from cpse import bilingual, dates
from cpse.support_lines import SupportLine, support_lines_for

register = template.Library()


@register.simple_tag
def select_options(field) -> str:
    """A select's options in one pass of Python: long lists (states, every cohort) cost a
    template node per option otherwise, and it showed in the benchmarks."""
    current = "" if field.value() is None else str(field.value())
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) == current else "", label) for value, label in field.field.choices),
    )


@register.simple_tag
def support_lines() -> list[SupportLine]:
    """The crisis and support lines, in the page's language (`{% support_lines as lines %}`)."""
    return support_lines_for()


@register.simple_tag
def written(obj, field: str) -> bilingual.Written:
    """A text staff wrote, in the page's language (`{% written exam "title" as title %}`,
    then `{% include "partials/written_in_english.html" with text=title %}` for the note
    when it is shown in English): see cpse.bilingual."""
    return bilingual.written(obj, field)


@register.filter
def bilingual_rows(form) -> list[tuple]:
    """The form's fields in order, each with its Spanish field (`<name>_es`) or None
    (partials/bilingual_form.html); a Spanish field comes only beside its English one."""
    rows = []
    for name in form.fields:
        if name.endswith("_es") and name.removesuffix("_es") in form.fields:
            continue
        spanish = f"{name}_es"
        rows.append((form[name], form[spanish] if spanish in form.fields else None))
    return rows


_WORD = re.compile(r"[^\W\d_]+")
# A word after a space ("In" of "Sign In"): lowered when capitalised; words with capitals
# inside (WebAuthn) or only capitals (CPSE, MFA) are names and stay as they are.
_LATER_WORD = re.compile(r"(?<=\s)[^\W\d_]{2,}")


@register.filter(is_safe=True)
def sentence_case(text) -> str:
    """allauth's headings and buttons in sentence case like the rest of the site: its
    catalogue writes "Sign In", "Iniciar Sesión". Only letters change case, so what was
    safe (escaped) stays safe, and Django marks it so (is_safe)."""

    def lower(match: re.Match) -> str:
        word = match.group()
        return word.lower() if word[0].isupper() and word[1:].islower() else word

    text = str(text)
    first = _WORD.search(text)  # keeps its capital
    if first is None:
        return text
    return text[: first.end()] + _LATER_WORD.sub(lower, text[first.end() :])


@register.filter
def with_zone(moment) -> str:
    """A moment with its time zone, as an interview time is shown (cpse.dates)."""
    return dates.moment_with_zone(moment) if moment else ""


@register.filter
def time_with_zone(moment) -> str:
    """The time of a moment with its time zone, when its day is said beside it (cpse.dates)."""
    return dates.time_with_zone(moment) if moment else ""
