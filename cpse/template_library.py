"""Template helpers shared by every app ({% load cpse %})."""

from django import template
from django.utils.html import format_html_join

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
