"""Peer mentoring on pages that belong to the apps below it, as template tags (the pattern
of requirements_tracking's `program_standards` on staff's participant page): the lower
apps' Python never imports mentorship; only their templates load these tags.

- `{% peer_mentor_line participant %}`: staff's participant page, who mentors them now
  and a link to pair them.
- `{% become_a_mentor %}`: the graduate's certificate page, a calm invitation to offer
  to mentor (only when `selectors.invited_to_mentor`)."""

from django import template

from cohorts.models import Participant
from mentorship import selectors

register = template.Library()


@register.inclusion_tag("mentorship/partials/staff_participant_mentor.html")
def peer_mentor_line(participant: Participant):
    return {
        "participant": participant,
        "mentorship": selectors.current_mentorship_for_participant(participant),
        "pairable": participant.status in selectors.PAIRABLE,  # the pairing form lists them
    }


@register.inclusion_tag("mentorship/partials/become_a_mentor.html", takes_context=True)
def become_a_mentor(context):
    request = context.get("request")
    return {"invited": request is not None and selectors.invited_to_mentor(request.user)}
