import functools
from decimal import Decimal

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cpse.numbers import plain_number
from cpse.paths import paths_to

register = template.Library()


@register.filter
def hours(value) -> str:
    """2.5, 10, 0.25: as few decimals as the amount needs, in the reader's number format."""
    if value in (None, ""):
        return ""
    return _formatted(Decimal(value), get_language())


@functools.lru_cache(maxsize=4096)
def _formatted(value: Decimal, language: str) -> str:
    # Cached per language: a grid formats the same few amounts hundreds of times, and
    # number_format looks the locale's formats up on every call (measured: 7 µs a call).
    return plain_number(value)


_RECORD_PATH = "requirements_tracking.grid_record_path"


@register.simple_tag(takes_context=True)
def grid_row(context, row) -> str:
    """One row of the cohort grid: the person (a link to their record), their status and
    every requirement's cell, built in one pass rather than in template tags: a cohort's
    grid has hundreds of cells, and template nodes per cell cost most of the page. The
    record's path is reversed once a page (`cpse.paths`), the fixed words translated and
    escaped once per language (`_words`)."""
    record_path = context.render_context.get(_RECORD_PATH)
    if record_path is None:
        record_path = context.render_context[_RECORD_PATH] = paths_to("participant_record:record")
    words = _words(get_language())
    cells = "".join(f"<td>{grid_cell(cell, words)}</td>" for cell in row.cells)
    return mark_safe(  # noqa: S308 - every value in it is escaped above or in grid_cell
        f'<th scope="row"><a href="{record_path(row.participant.public_id)}">{escape(row.participant.user)}</a></th>'
        f'<td><span class="badge text-bg-light border">{escape(row.status_label)}</span></td>{cells}'
    )


@functools.lru_cache(maxsize=8)
def _words(language: str) -> dict[str, str]:
    """The grid cells' fixed words in `language` (the active one), HTML-escaped."""
    words = {
        "not_counted": _("Not counted in hours"),
        "waiting": _("+%(hours)s waiting"),
        "behind_hours": _("Behind: %(hours)s expected"),
        "behind_end": _("Behind: due by the program's end"),
        "competencies_met": _("competencies met"),
        "not_taken": _("Not yet taken"),
        "placement_not_started": _("Placement year not started"),
        "missed": _("A check-in is missed"),
    }
    return {name: escape(text) for name, text in words.items()}


def _hidden(text: str) -> str:
    return f'<span aria-hidden="true">—</span><span class="visually-hidden">{text}</span>'


def grid_cell(cell, words: dict[str, str] | None = None) -> str:
    """One cell of the cohort grid, its values escaped (`words`: `_words` of the active
    language, when the caller has them already)."""
    words = words or _words(get_language())
    progress = cell.progress
    if progress.is_checkins:
        return _checkins_cell(progress, words)
    if progress.is_exam or progress.is_observed_practice or progress.is_ethics:
        return _single_pass_cell(cell, words)
    if not progress.counts_hours:
        return _hidden(words["not_counted"])
    waiting = behind = ""
    if progress.pending:
        waiting = f'<br><small class="text-body-secondary text-nowrap">{words["waiting"] % {"hours": escape(hours(progress.pending))}}</small>'
    if cell.overdue:
        behind = f'<br><span class="badge text-bg-warning text-wrap">{words["behind_hours"] % {"hours": escape(hours(cell.expected))}}</span>'
    approved, amount = escape(hours(progress.approved)), escape(hours(progress.requirement.amount))
    return f'<span class="text-nowrap">{approved} / {amount}</span>{waiting}{behind}'


def single_pass_text(progress) -> str:
    """The exam's, observed practice's or the code of ethics' state in a few words, as on
    the grid and in its spreadsheet ("" when there is nothing to say)."""
    if progress.is_observed_practice:
        return _("%(met)s of %(total)s") % {"met": progress.competencies_met, "total": progress.competencies_total}
    if progress.is_ethics:
        return _("Acknowledged") if progress.approved else _("Not yet acknowledged")
    if progress.approved:
        return _("Passed")
    if progress.pending:
        return _("Waiting")
    if progress.exam_not_passed:
        return _("Not yet passed")
    return ""


@register.filter
def checkins_text(progress) -> str:
    """The check-ins in a few words, the same on the grid, in its spreadsheet and on the
    staff record ("" before the placement year)."""
    if progress.checkins is None:
        return ""
    return _("%(done)s of %(total)s done") % {"done": progress.checkins.done, "total": progress.checkins_total}


def _checkins_cell(progress, words: dict[str, str]) -> str:
    text = checkins_text(progress)
    if not text:
        return _hidden(words["placement_not_started"])
    missed = ""
    if progress.checkins.missed:
        missed = f'<br><span class="badge text-bg-warning text-wrap">{words["missed"]}</span>'
    return f'<span class="text-nowrap">{escape(text)}</span>{missed}'


def _single_pass_cell(cell, words: dict[str, str]) -> str:
    progress = cell.progress
    behind = ""
    if cell.overdue:
        behind = f'<br><span class="badge text-bg-warning text-wrap">{words["behind_end"]}</span>'
    if progress.is_observed_practice:
        met, total = escape(progress.competencies_met), escape(progress.competencies_total)
        text = (
            f'<span class="text-nowrap">{met}/{total}</span>'
            f'<span class="visually-hidden"> {words["competencies_met"]}</span>'
        )
    elif text := single_pass_text(progress):
        text = f'<span class="text-nowrap">{escape(text)}</span>'
    else:
        text = _hidden(words["not_taken"])
    return f"{text}{behind}"
