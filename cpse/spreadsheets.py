"""CSV downloads staff open in a spreadsheet program.

Rules chosen here: a cell that starts with a character a spreadsheet reads as the start
of a formula ("=", "+", "-", "@", a tab or a carriage return) is written with a leading
apostrophe, so a name typed as "=HYPERLINK(...)" stays text. Every CSV starts with a
byte-order mark, so spreadsheet programs read accents (Spanish names) right."""

import csv
from typing import Any

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """`value` as text that a spreadsheet shows and never runs."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_download(filename: str) -> tuple[HttpResponse, Any]:
    """An attachment response named `filename` and a writer for its rows."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response, csv.writer(response)
