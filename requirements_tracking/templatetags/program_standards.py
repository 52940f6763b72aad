"""The program's standards on pages other apps own (the participant's "My program" and
staff's page for a participant): the code of ethics prompt and the competency
milestones, each a partial with the reads it needs, so those apps need not import ours."""

import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from cohorts.models import Participant
from requirements_tracking.ethics.selectors import ethics_status
from requirements_tracking.milestones import competency_milestones as read_milestones

register = template.Library()

# A block of one short line without closing punctuation reads as a section heading.
HEADING_MAX = 80
SENTENCE_END = (".", ":", ";", ",", "?", "!")
LINE_BREAK = mark_safe("<br>")  # a separator format_html_join would otherwise escape


@register.filter
def ethics_body(text: str) -> SafeString:
    """Staff's plain text as paragraphs (blank lines between) and headings (a short line
    on its own). Everything is escaped: no HTML from staff reaches the page."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")) if block.strip()]
    parts = []
    for block in blocks:
        lines = block.split("\n")
        if len(lines) == 1 and len(block) <= HEADING_MAX and not block.endswith(SENTENCE_END):
            parts.append(format_html('<h3 class="h5 mt-4">{}</h3>', block))
        else:
            parts.append(
                format_html("<p>{}</p>", format_html_join(LINE_BREAK, "{}", ((line.strip(),) for line in lines)))
            )
    return format_html_join("\n", "{}", ((part,) for part in parts))


@register.inclusion_tag("requirements_tracking/ethics/_prompt.html")
def ethics_prompt(participant):
    """A calm note when the participant (taking part now) has a version of the code to
    acknowledge."""
    if participant is None or participant.status not in Participant.TAKING_PART:
        return {"status": None}
    return {"status": ethics_status(participant)}


@register.inclusion_tag("requirements_tracking/partials/competency_milestones.html")
def competency_milestones(participant, *, own: bool = False):
    """`own`: the participant's own page (links to their hours); else staff's."""
    return {"data": read_milestones(participant), "own": own}
