"""The cohort grid as CSV, for staff who keep their own spreadsheets."""

import csv

from django.http import HttpResponse
from django.utils.translation import gettext as _

from cohorts.models import Requirement
from requirements_tracking.progress import CohortGrid, GridRow
from requirements_tracking.templatetags.hours import single_pass_text

# A cell starting with one of these is a formula to a spreadsheet: a name typed as
# "=HYPERLINK(...)" must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# One result each, not hours: a column for the result and one for "behind".
SINGLE_PASS_KINDS = (Requirement.Kind.EXAM, Requirement.Kind.COMPETENCY, Requirement.Kind.ETHICS)


def _cell(value) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _amount(value) -> str:
    """1.5, 10: plain numbers a spreadsheet reads, the same on every database."""
    return format(value.normalize(), "f")


def grid_csv(grid: CohortGrid, rows: list[GridRow]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cohort-{grid.cohort.year}-progress.csv"'
    # A byte-order mark so spreadsheet programs read accents (Spanish names) right.
    response.write("\ufeff")
    writer = csv.writer(response)
    header = [_("Participant"), _("Status")]
    for requirement in grid.requirements:
        if requirement.kind in SINGLE_PASS_KINDS:
            # The grid's words ("Passed", "4 of 6"): "4/6" would turn into a date in a spreadsheet.
            header += [
                _("%(requirement)s: result") % {"requirement": requirement},
                _("%(requirement)s: behind") % {"requirement": requirement},
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
        line = [_cell(row.participant.user), row.participant.get_status_display()]
        for cell in row.cells:
            progress = cell.progress
            if progress.requirement.kind in SINGLE_PASS_KINDS:
                line += [single_pass_text(progress), _("yes") if cell.overdue else ""]
            elif progress.counts_hours:
                line += [_amount(progress.approved), _amount(progress.pending), _amount(progress.remaining)]
                line.append(_("yes") if cell.overdue else "")
            else:
                line += ["", "", "", ""]
        writer.writerow(line)
    return response
