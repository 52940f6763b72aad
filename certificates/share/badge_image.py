"""The badge picture and the "baked" badge files (Open Badges 3.0, "Baking").

Rules chosen here: the picture is drawn by us as SVG (the credential's abbreviation and
name, and the program; never a person's name or number), in the site's default
language so it is the same file for everyone. The PNG is the SVG laid on a page by
WeasyPrint and rasterised by pypdfium2 (both already in the stack), then saved by
Pillow; it is cached by the SVG's hash, since it costs tens of milliseconds. Baking
adds the signed credential to a copy: in the SVG an `<openbadges:credential>` element
holding the JSON in CDATA, in the PNG an uncompressed `iTXt` chunk with the keyword
`openbadgecredential` just before IEND."""

import base64
import hashlib
import io
import json
import struct
import textwrap
import zlib

import pypdfium2
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from cohorts.models import Credential
from cpse.pdf import html_to_pdf

OB_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORD = b"openbadgecredential"
SIZE = 600  # pixels of the PNG side; the SVG is drawn on a 400-unit square
LINE_LENGTH = 22
MAX_LINES = 3
CACHE_SECONDS = 60 * 60 * 24


def _lines(text: str) -> list[str]:
    lines = textwrap.wrap(text, LINE_LENGTH) or [""]
    if len(lines) > MAX_LINES:
        lines = [
            *lines[: MAX_LINES - 1],
            textwrap.shorten(" ".join(lines[MAX_LINES - 1 :]), LINE_LENGTH, placeholder="…"),
        ]
    return lines


def badge_svg(credential: Credential) -> str:
    """The credential's badge picture as SVG text."""
    with translation.override(settings.LANGUAGE_CODE):
        name_lines = _lines(credential.name)
        return render_to_string(
            "certificates/share/badge.svg",
            {
                "abbreviation": credential.abbreviation,
                # Centred lines, 26 units apart, below the abbreviation.
                "name_lines": [(line, 250 + index * 26) for index, line in enumerate(name_lines)],
                "organisation": textwrap.shorten(str(settings.PROGRAM_ORGANISATION), 34, placeholder="…"),
            },
        )


def svg_to_png(svg: str) -> bytes:
    data_uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    # 400 CSS pixels are 300 points; pdfium's scale 1 is 72 dpi (one pixel a point).
    html = (
        "<style>@page { size: 400px 400px; margin: 0 } body { margin: 0 }"
        " img { display: block; width: 400px; height: 400px }</style>"
        f'<img src="{data_uri}" alt="">'
    )
    document = pypdfium2.PdfDocument(html_to_pdf(html))
    try:
        bitmap = document[0].render(scale=SIZE / 300)
        image = bitmap.to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def badge_png(credential: Credential) -> bytes:
    """The badge picture as PNG, drawn once per picture (cached by the SVG's hash)."""
    svg = badge_svg(credential)
    key = "badge-png:" + hashlib.sha256(svg.encode("utf-8")).hexdigest()
    png = cache.get(key)
    if png is None:
        png = svg_to_png(svg)
        cache.set(key, png, CACHE_SECONDS)
    return png


def _json(signed: dict) -> str:
    return json.dumps(signed, ensure_ascii=False, separators=(",", ":"))


def baked_svg(svg: str, signed: dict) -> str:
    """`svg` with the credential inside: the namespace on the root and the element first."""
    # "]]>" inside the JSON would end the CDATA section: split it across two sections.
    payload = _json(signed).replace("]]>", "]]]]><![CDATA[>")
    head, rest = svg.split("<svg", 1)
    root_end = rest.index(">")
    return (
        f'{head}<svg xmlns:openbadges="{OB_NAMESPACE}"{rest[:root_end]}>'
        f"<openbadges:credential><![CDATA[{payload}]]></openbadges:credential>{rest[root_end + 1 :]}"
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def baked_png(png: bytes, signed: dict) -> bytes:
    """`png` with an iTXt chunk (keyword, no compression, no language) before IEND."""
    if not png.startswith(PNG_SIGNATURE) or not png.endswith(_chunk(b"IEND", b"")):
        raise ValueError("Not a PNG ending in IEND")
    text = PNG_KEYWORD + b"\0" + b"\0\0" + b"\0" + b"\0" + _json(signed).encode("utf-8")
    iend = len(png) - 12
    return png[:iend] + _chunk(b"iTXt", text) + png[iend:]
