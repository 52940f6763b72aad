"""A quick smoke of the certificate benchmark (the real run is
`python -m benchmarks.certificates`): two certificates, positive figures, a section."""

from benchmarks import certificates as bench


def test_the_benchmark_measures_and_reports(tmp_path):
    figures = bench.measure(rounds=2, batch=2)
    assert figures.baseline_seconds > 0 and figures.render_seconds > 0 and figures.render_ratio > 0
    assert 0 < figures.pdf_bytes <= bench.SIZE_TARGET_BYTES
    assert figures.batch_size == 2 and figures.batch_seconds > 0 and figures.batch_ratio > 0
    section = bench.format_section({"date": "2026-11-25 13:00 UTC", "commit": "abc"}, figures)
    assert section.startswith("## 2026-11-25 13:00 UTC — certificates — ")
    assert "| one certificate (template + WeasyPrint) |" in section


def test_the_baseline_document_is_one_page():
    import io

    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(bench.render_plain())).pages) == 1
