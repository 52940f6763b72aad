"""The cohort grid as CSV, for staff who keep their own spreadsheets."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from cohorts.models import Requirement
from cpse.spreadsheets import csv_cell, csv_download
from requirements_tracking.progress import CohortGrid, GridRow
from requirements_tracking.templatetags.hours import single_pass_text

# One result each, not hours: a column for the result and one for "behind".
SINGLE_PASS_KINDS = (Requirement.Kind.EXAM, Requirement.Kind.COMPETENCY, Requirement.Kind.ETHICS)


def _amount(value) -> str:
    """1.5, 10: plain numbers a spreadsheet reads, the same on every database."""
    return format(value.normalize(), "f")


def _checkins_columns(progress) -> list[str]:
    """Done, asked, the next due date (ISO, as spreadsheets read it) and whether one is
    missed: empty before the placement year."""
    year = progress.checkins
    if year is None:
        return ["", "", "", ""]
    next_due = year.next_due.isoformat() if year.next_due else ""
    return [str(year.done), str(progress.checkins_total), next_due, _("yes") if year.missed else ""]


def grid_csv(grid: CohortGrid, rows: list[GridRow]) -> HttpResponse:
    response, writer = csv_download(f"cohort-{grid.cohort.year}-progress.csv")
    header = [_("Participant"), _("Status")]
    for requirement in grid.requirements:
        if requirement.kind in SINGLE_PASS_KINDS:
            # The grid's words ("Passed", "4 of 6"): "4/6" would turn into a date in a spreadsheet.
            header += [
                _("%(requirement)s: result") % {"requirement": requirement},
                _("%(requirement)s: behind") % {"requirement": requirement},
            ]
            continue
        if requirement.kind == Requirement.Kind.CHECKINS:
            header += [
                _("%(requirement)s: done") % {"requirement": requirement},
                _("%(requirement)s: asked") % {"requirement": requirement},
                _("%(requirement)s: next due") % {"requirement": requirement},
                _("%(requirement)s: missed") % {"requirement": requirement},
            ]
            continue
        header += [
            _("%(requirement)s: approved") % {"requirement": requirement},
            _("%(requirement)s: waiting") % {"requirement": requirement},
            _("%(requirement)s: remaining") % {"requirement": requirement},
            _("%(requirement)s: behind") % {"requirement": requirement},
        ]
    writer.writerow(header)
    for row in rows:
        line = [csv_cell(row.participant.user), row.participant.get_status_display()]
        for cell in row.cells:
            progress = cell.progress
            if progress.requirement.kind in SINGLE_PASS_KINDS:
                line += [single_pass_text(progress), _("yes") if cell.overdue else ""]
            elif progress.is_checkins:
                line += _checkins_columns(progress)
            elif progress.counts_hours:
                line += [_amount(progress.approved), _amount(progress.pending), _amount(progress.remaining)]
                line.append(_("yes") if cell.overdue else "")
            else:
                line += ["", "", "", ""]
        writer.writerow(line)
    return response
