"""PDFs from Django templates with WeasyPrint, loading only our own static files (and
data: URIs, such as a QR code): a template can never make the server fetch from the
network or read a file outside the static folders. Certificates, invoices, receipts and
the impact summary all render through this fetcher.
"""

import functools
import threading
from pathlib import Path

from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

STATIC_PREFIX = "static:"


class FetchRefused(ValueError):
    """A document asked for something other than our static files or data."""


class StaticOnlyFetcher(URLFetcher):
    """Fetches only data: URIs and files found by the static finders."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_PREFIX):
            name = url.removeprefix(STATIC_PREFIX).lstrip("/")
            # The finders look inside the static folders; ".." could step out of them.
            path = finders.find(name) if ".." not in name.split("/") else None
            if path:
                return super().fetch(Path(path).as_uri(), headers)
        raise FetchRefused(f"Documents load only their own static files, not {url!r}")


url_fetcher = StaticOnlyFetcher()


@functools.cache
def stylesheet(name: str) -> CSS:
    """A stylesheet from static/, parsed once per process."""
    return CSS(url=STATIC_PREFIX + name, url_fetcher=url_fetcher)


_fonts = threading.local()


def font_config() -> FontConfiguration:
    """The fonts every document of this thread renders with. Without one, WeasyPrint loads
    Fontconfig's configuration and opens the fonts anew for each document: a third of a
    certificate's time, and the same PDF either way. One per thread: Pango's font map is
    not to be shared between threads. (A font installed later is seen after a restart.)"""
    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


def html_to_pdf(html: str, *, stylesheets: list[str] = ()) -> bytes:
    document = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=url_fetcher)
    return document.write_pdf(stylesheets=[stylesheet(name) for name in stylesheets], font_config=font_config())
