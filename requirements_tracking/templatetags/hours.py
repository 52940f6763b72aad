import functools
from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cpse.numbers import plain_number

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


@register.filter
def grid_cells(row) -> str:
    """All the requirement cells of one grid row, as <td> elements, in one call."""
    return format_html_join("", "<td>{}</td>", ((grid_cell(cell),) for cell in row.cells))


def grid_cell(cell) -> str:
    """One cell of the cohort grid, built here rather than in template tags: a cohort's
    grid has hundreds of cells, and template nodes per cell cost most of the page."""
    progress = cell.progress
    if progress.is_checkins:
        return _checkins_cell(progress)
    if progress.is_exam or progress.is_observed_practice or progress.is_ethics:
        return _single_pass_cell(cell)
    if not progress.counts_hours:
        return format_html(
            '<span aria-hidden="true">—</span><span class="visually-hidden">{}</span>', _("Not counted in hours")
        )
    waiting = behind = ""
    if progress.pending:
        waiting = format_html(
            '<br><small class="text-body-secondary text-nowrap">{}</small>',
            _("+%(hours)s waiting") % {"hours": hours(progress.pending)},
        )
    if cell.overdue:
        behind = format_html(
            '<br><span class="badge text-bg-warning text-wrap">{}</span>',
            _("Behind: %(hours)s expected") % {"hours": hours(cell.expected)},
        )
    return format_html(
        '<span class="text-nowrap">{} / {}</span>{}{}',
        hours(progress.approved),
        hours(progress.requirement.amount),
        waiting,
        behind,
    )


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


def _checkins_cell(progress) -> str:
    text = checkins_text(progress)
    if not text:
        return format_html(
            '<span aria-hidden="true">—</span><span class="visually-hidden">{}</span>',
            _("Placement year not started"),
        )
    missed = ""
    if progress.checkins.missed:
        missed = format_html('<br><span class="badge text-bg-warning text-wrap">{}</span>', _("A check-in is missed"))
    return format_html('<span class="text-nowrap">{}</span>{}', text, missed)


def _single_pass_cell(cell) -> str:
    progress = cell.progress
    behind = ""
    if cell.overdue:
        behind = format_html(
            '<br><span class="badge text-bg-warning text-wrap">{}</span>', _("Behind: due by the program's end")
        )
    if progress.is_observed_practice:
        text = format_html(
            '<span class="text-nowrap">{}/{}</span><span class="visually-hidden"> {}</span>',
            progress.competencies_met,
            progress.competencies_total,
            _("competencies met"),
        )
    elif text := single_pass_text(progress):
        text = format_html('<span class="text-nowrap">{}</span>', text)
    else:
        text = format_html(
            '<span aria-hidden="true">—</span><span class="visually-hidden">{}</span>', _("Not yet taken")
        )
    return format_html("{}{}", text, behind)
