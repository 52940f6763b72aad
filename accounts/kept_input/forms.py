"""What the quick exit's beacon carries from the form a signed-in person was typing in.

Rules chosen here:
- the path is a path of this site (no scheme, no host, no query) that resolves to one of
  its pages, and neither a sign-in page (allauth's) nor the quick exit itself;
- the fields come as JSON, a list of [name, value] pairs of text, KEPT_INPUT_MAX_CHARS at
  most in all and KEPT_INPUT_MAX_FIELDS fields; the CSRF token and any field whose name
  speaks of a password are dropped, whatever the browser sent;
- a form with nothing typed in it is not kept.
Nobody reads the beacon's answer, so the messages here are for the log, by their code.
"""

import json
from urllib.parse import urlsplit

from django import forms
from django.urls import Resolver404, get_script_prefix, resolve, reverse

KEPT_INPUT_MAX_CHARS = 20_000
KEPT_INPUT_MAX_FIELDS = 100
FIELD_NAME_MAX_LENGTH = 100
PATH_MAX_LENGTH = 200


def _dropped(name: str) -> bool:
    return name == "csrfmiddlewaretoken" or "password" in name.lower() or len(name) > FIELD_NAME_MAX_LENGTH


class KeptInputForm(forms.Form):
    kept_path = forms.CharField(max_length=PATH_MAX_LENGTH)
    kept_fields = forms.CharField(max_length=KEPT_INPUT_MAX_CHARS, strip=False)

    def clean_kept_path(self) -> str:
        path = self.cleaned_data["kept_path"]
        parts = urlsplit(path)
        if parts.scheme or parts.netloc or parts.path != path or not path.startswith("/"):
            raise forms.ValidationError("Not a path of this site.", code="foreign_path")
        try:
            match = resolve("/" + path.removeprefix(get_script_prefix()))
        except Resolver404:
            raise forms.ValidationError("No page of this site.", code="unknown_path") from None
        view = getattr(match.func, "view_class", match.func)
        if view.__module__.startswith("allauth.") or path == reverse("accounts:leave"):
            raise forms.ValidationError("A sign-in page.", code="sign_in_page")
        return path

    def clean_kept_fields(self) -> dict[str, list[str]]:
        try:
            pairs = json.loads(self.cleaned_data["kept_fields"])
        except ValueError:
            raise forms.ValidationError("Not JSON.", code="not_json") from None
        if not (
            isinstance(pairs, list)
            and len(pairs) <= KEPT_INPUT_MAX_FIELDS
            and all(
                isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair) for pair in pairs
            )
        ):
            raise forms.ValidationError("Not a list of [name, value] pairs.", code="not_fields")
        data: dict[str, list[str]] = {}
        for name, value in pairs:
            if not _dropped(name):
                data.setdefault(name, []).append(value)
        if not any(value.strip() for values in data.values() for value in values):
            raise forms.ValidationError("Nothing typed.", code="empty")
        return data
