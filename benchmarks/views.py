"""The baseline every page is compared with (BENCHMARKS.md): a fixed 100-row table in the
site's layout, no database. A page's ratio to it is what the page's own work costs."""

import datetime
from decimal import Decimal

from django.shortcuts import render
from django.views.decorators.http import require_GET

BASELINE_ROWS = [
    {
        "number": i,
        "name": f"Participant {i:03d}",
        "cohort": f"{2016 + i % 10} cohort",
        "hours": Decimal(i * 7 % 120) + Decimal("0.5"),
        "updated": datetime.date(2026, 1 + i % 12, 1 + i % 28),
        "status": ("enrolled", "completed", "certified")[i % 3],
    }
    for i in range(1, 101)
]


@require_GET
def baseline(request):
    return render(request, "benchmarks/baseline.html", {"rows": BASELINE_ROWS})
