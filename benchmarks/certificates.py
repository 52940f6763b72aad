"""Certificate rendering against a baseline measured in the same process (BENCHMARKS.md).

    .venv/bin/python -m benchmarks.certificates [--rounds 7] [--batch 300] [--output PATH] [--strict]

The baseline is WeasyPrint rendering a plain one-page HTML document (a heading and a page
of paragraphs in the system's default font). Times are this process's CPU time
(`time.process_time`): on a shared machine a neighbour's work stretches wall-clock time
but barely this process's own. Measured:

1. one certificate's render time (template + WeasyPrint) as a ratio to the baseline,
   rounds interleaved (baseline, certificate, ...) and the median of per-round ratios kept,
   so a neighbour's burst of work slows both alike (target ≤ 1.5×);
2. the certificate PDF's size (target ≤ 100 KB);
3. a batch of certificates rendered one after another in-process (as the worker does for a
   cohort's bulk issue): seconds in all, and the per-certificate time as a ratio to the
   baseline.

The certificates are built in memory (never saved, no files written), so no database is
needed and nothing is left behind. A dated section is added at the top of RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import run

RENDER_RATIO_TARGET = 1.5
SIZE_TARGET_BYTES = 100_000
PLAIN_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plain</title></head>
<body><h1>A plain page</h1>{paragraphs}</body></html>""".format(
    paragraphs="".join(
        f"<p>Paragraph {n}: a few ordinary sentences of text, set in the default font, to give "
        "WeasyPrint a page of ordinary work. It goes on a little longer, as a letter would.</p>"
        for n in range(11)
    )
)


@dataclass(frozen=True)
class Figures:
    baseline_seconds: float  # median of the baseline renders
    render_seconds: float  # median of the certificate renders
    render_ratio: float  # median of per-round ratios
    pdf_bytes: int
    batch_size: int
    batch_seconds: float
    batch_ratio: float  # per-certificate time in the batch ÷ baseline

    @property
    def failures(self) -> list[str]:
        failures = []
        if self.render_ratio > RENDER_RATIO_TARGET:
            failures.append(f"render {self.render_ratio:.2f}x > {RENDER_RATIO_TARGET:.2f}x")
        if self.pdf_bytes > SIZE_TARGET_BYTES:
            failures.append(f"PDF {self.pdf_bytes / 1000:.0f} KB > {SIZE_TARGET_BYTES / 1000:.0f} KB")
        return failures


def sample_certificates(count: int) -> list:
    """`count` certificates for one cohort, in memory only: the rendering reads nothing else."""
    from django.conf import settings

    from accounts.models import User
    from certificates.models import Certificate
    from cohorts.models import Cohort, Credential, Participant

    credential = Credential(name="Certified Peer Support for Exploitation", abbreviation="CPSE")
    cohort = Cohort(credential=credential, year=2026)
    certificates = []
    for n in range(count):
        user = User(display_name=f"Participant {n:03d}", preferred_language=settings.LANGUAGE_CODE)
        participant = Participant(user=user, cohort=cohort)
        certificates.append(
            Certificate(
                participant=participant,
                credential=credential,
                number=f"CPSE-BENCH-{n:04d}-AAAA",
                displayed_name=user.display_name,
                issued_on=datetime.date(2026, 11, 20),
                expires_on=datetime.date(2029, 11, 20),
                status_list_index=n,  # given, so the model's default does not look for a free one
            )
        )
    return certificates


def render_plain() -> bytes:
    from weasyprint import HTML

    return HTML(string=PLAIN_HTML).write_pdf()


def render_certificate(certificate) -> bytes:
    from certificates import rendering

    return rendering.render_document(rendering.CERTIFICATE_TEMPLATE, certificate)


def timed(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def measure(*, rounds: int = 7, batch: int = 300) -> Figures:
    certificates = sample_certificates(max(batch, 1))
    # Warm-up: fonts, templates and WeasyPrint's caches load on first use.
    render_plain()
    pdf = render_certificate(certificates[0])
    baseline_times, render_times, ratios = [], [], []
    for _round in range(rounds):
        baseline = timed(render_plain)
        render = timed(lambda: render_certificate(certificates[0]))
        baseline_times.append(baseline)
        render_times.append(render)
        ratios.append(render / baseline)
    batch_seconds = timed(lambda: [render_certificate(certificate) for certificate in certificates[:batch]])
    # The baseline again right after the batch: the machine's pace may have changed meanwhile.
    baseline_times.append(timed(render_plain))
    baseline_seconds = statistics.median(baseline_times)
    return Figures(
        baseline_seconds=baseline_seconds,
        render_seconds=statistics.median(render_times),
        render_ratio=statistics.median(ratios),
        pdf_bytes=len(pdf),
        batch_size=batch,
        batch_seconds=batch_seconds,
        batch_ratio=batch_seconds / batch / baseline_seconds,
    )


def format_section(meta: dict[str, str], figures: Figures) -> str:
    verdict = "pass" if not figures.failures else "FAIL"
    size_ok = figures.pdf_bytes <= SIZE_TARGET_BYTES
    render_ok = figures.render_ratio <= RENDER_RATIO_TARGET
    lines = [
        f"## {meta['date']} — certificates — {verdict}",
        "",
        *(f"- {key}: {value}" for key, value in meta.items() if key != "date"),
        "",
        "| measure | value | × baseline | target | result |",
        "|---|--:|--:|--:|---|",
        f"| baseline: plain one-page HTML with WeasyPrint | {figures.baseline_seconds * 1000:.0f} ms | 1.00 | — | — |",
        f"| one certificate (template + WeasyPrint) | {figures.render_seconds * 1000:.0f} ms "
        f"| {figures.render_ratio:.2f} | ≤ {RENDER_RATIO_TARGET:.2f} | {'pass' if render_ok else 'FAIL'} |",
        f"| certificate PDF size | {figures.pdf_bytes / 1000:.1f} KB | — | ≤ {SIZE_TARGET_BYTES / 1000:.0f} KB "
        f"| {'pass' if size_ok else 'FAIL'} |",
        f"| batch of {figures.batch_size}: seconds in all | {figures.batch_seconds:.1f} s | — | — | — |",
        f"| batch of {figures.batch_size}: per certificate | "
        f"{figures.batch_seconds / figures.batch_size * 1000:.0f} ms | {figures.batch_ratio:.2f} | — | — |",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--batch", type=int, default=300)
    parser.add_argument("--output", type=Path, default=run.RESULTS_PATH)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", run.SETTINGS_MODULE)
    import django
    import weasyprint

    django.setup()
    # WeasyPrint logs each step of each document at INFO: noise here, and time.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    started = time.monotonic()
    meta = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": run.git_revision(),
        "machine": run.machine_description(),
        "software": f"Python {sys.version.split()[0]}, WeasyPrint {weasyprint.__version__}, one process",
        "method": f"CPU time, {args.rounds} interleaved rounds, median of per-round ratios; certificates built in memory",
    }
    figures = measure(rounds=args.rounds, batch=args.batch)
    meta["run took"] = f"{time.monotonic() - started:.0f} s"
    section = format_section(meta, figures)
    existing = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
    args.output.write_text(run.merge_history(existing, section), encoding="utf-8")
    print(section)
    return 1 if args.strict and figures.failures else 0


if __name__ == "__main__":
    sys.exit(main())
