"""`{{ cents|money }}`: integer cents as dollars in the reader's format, e.g. "$3,500.00"
(cpse.numbers.dollars)."""

from django import template

from cpse.numbers import dollars

register = template.Library()


@register.filter
def money(cents) -> str:
    if cents is None or cents == "":
        return ""
    return dollars(int(cents))
