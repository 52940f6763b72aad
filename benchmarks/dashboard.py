"""The staff dashboard and the participant record against the baseline page, at the scale
BENCHMARKS.md asks for (3,000 participants, 100,000 hour entries), in the same run.

    .venv/bin/python -m benchmarks.dashboard [--duration 5] [--rounds 5] [--output PATH] [--strict]

The harness is `benchmarks.run`'s (its options work here too): the same seeding, query
counting, gunicorn, wrk rounds and ratios to the baseline measured seconds earlier; only
the pages differ. The scale data is always added (its own database file), and a dated
section is added at the top of RESULTS.md.

Pages: the dashboard on the cohort in progress and on a full 30-person cohort of the scale
data; each page of the record of the demo participant (rows in every app), the whole
timeline of a scale participant (about 33 hour entries); the record's history.
"""

from __future__ import annotations

import sys

from benchmarks import run


def dashboard_pages() -> list[run.Page]:
    """Read after seeding (the ids are the database's)."""
    from cohorts.models import Participant

    demo = Participant.objects.get(user__email=run.PARTICIPANT, cohort__credential__abbreviation="CPSE")
    scale = Participant.objects.filter(user__email__endswith="scale.cpse.invalid").order_by("-pk").first()
    return [
        run.Page("dashboard (staff)", "/staff/", login_as=run.MANAGER),
        run.Page("dashboard at scale (staff)", f"/staff/?cohort={scale.cohort.year}", login_as=run.MANAGER),
        run.Page("participant record (staff)", f"/staff/participants/{demo.public_id}/", login_as=run.MANAGER),
        *(
            run.Page(
                f"participant record, {page} (staff)",
                f"/staff/participants/{demo.public_id}/{page}/",
                login_as=run.MANAGER,
            )
            for page in ("placement", "fees", "standards", "timeline")
        ),
        run.Page(
            "participant record at scale, whole timeline (staff)",
            f"/staff/participants/{scale.public_id}/timeline/?timeline=all",
            login_as=run.MANAGER,
        ),
        run.Page("history of a record (staff)", f"/staff/participants/{demo.public_id}/history/", login_as=run.MANAGER),
    ]


def main(argv: list[str] | None = None) -> int:
    # benchmarks.run reads its page lists when it runs: these pages instead of its own.
    run.PAGES = []
    run.scale_pages = dashboard_pages
    return run.main(["--scale", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
