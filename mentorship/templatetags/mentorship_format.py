"""`{{ minutes|duration }}` ("1 h 30 min") and `{{ cents|dollars }}` ("$1,234.50" in
English, cpse.numbers.dollars), for mentoring hours and their payments."""

from django import template
from django.utils.translation import gettext as _

from cpse import numbers

register = template.Library()


@register.filter
def duration(minutes) -> str:
    hours, rest = divmod(int(minutes or 0), 60)
    if not hours:
        return _("%(minutes)s min") % {"minutes": rest}
    if not rest:
        return _("%(hours)s h") % {"hours": hours}
    return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}


@register.filter
def dollars(cents) -> str:
    return numbers.dollars(int(cents or 0))
