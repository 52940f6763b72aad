"""Small markup pieces the staff tables repeat on every row: tags, not template includes,
because an include per cell costs a template render each (measured on the queue)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def none_marker():
    """An empty cell: a dash for the eye, the word "none" for screen readers."""
    return format_html('<span aria-hidden="true">—</span><span class="visually-hidden">{}</span>', _("none"))


@register.simple_tag
def status_badge(application):
    return format_html(
        '<span class="badge rounded-pill text-bg-light border">{}</span>', application.get_status_display()
    )
