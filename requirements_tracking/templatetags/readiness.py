"""The readiness notice on a participant's own pages (My program, My hours, My practicum):
a calm word when their program is paused, and the before-practicum questions."""

from django import template

from requirements_tracking.readiness.selectors import participant_readiness

register = template.Library()


@register.inclusion_tag("requirements_tracking/readiness/_notice_body.html", takes_context=True)
def readiness_notice(context, participant):
    shown = {"participant": participant, "PROGRAM_CONTACT_EMAIL": context.get("PROGRAM_CONTACT_EMAIL")}
    if participant is None:
        return shown
    readiness = participant_readiness(participant)
    return {**shown, "pause": readiness.pause, "assessment": readiness.assessment}
