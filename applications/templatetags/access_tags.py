from django import template

register = template.Library()


@register.filter
def needs_of(access: dict, user_id):
    """`access|needs_of:user_id`: that person's AccessSummary from access_needs_for(), or None."""
    return access.get(user_id) if access else None
