"""`{{ cents|money }}`: integer cents as dollars, e.g. "$3,500.00" (never through a float)."""

from django import template

from sponsors.money.services import dollars

register = template.Library()


@register.filter
def money(cents) -> str:
    if cents is None or cents == "":
        return ""
    return dollars(int(cents))
