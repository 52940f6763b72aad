"""cpse.pdf: one font configuration per thread, and the same PDF as WeasyPrint's own."""

import threading

import numpy
import pypdfium2
from weasyprint import HTML

from cpse import pdf

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A page</title></head>
<body><h1 style="font-family: 'Liberation Serif', serif">A heading</h1><p>Some words, in two faces.</p></body></html>"""


def pixels(data: bytes) -> numpy.ndarray:
    return numpy.asarray(pypdfium2.PdfDocument(data)[0].render(scale=1).to_pil())


def test_a_thread_keeps_its_font_configuration_and_another_thread_has_its_own():
    mine = pdf.font_config()
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(pdf.font_config()))
    thread.start()
    thread.join()

    assert pdf.font_config() is mine
    assert theirs[0] is not mine


def test_documents_rendered_with_the_kept_fonts_look_as_with_weasyprints_own():
    own = HTML(string=PAGE).write_pdf()  # a new font configuration for this document alone
    first, again = pdf.html_to_pdf(PAGE), pdf.html_to_pdf(PAGE)  # the thread's, then warm

    assert (pixels(first) == pixels(own)).all()
    assert (pixels(again) == pixels(own)).all()
