"""Checking a list of certificate numbers at once, for employers (anyone, no sign-in).

Rules chosen here: each row says exactly what the single page would say for that number
(`verification.verification_of`), and an unknown number and a malformed one both say
"not found". Every number in the list counts as one lookup against the same budget as
the single page (`verification.too_many_list_lookups`); a list over the budget is refused
whole, before anything is looked up. The list is sent by POST (kept out of addresses
and logs), the answer is private (`no-store`) and not indexed."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from certificates.bulk.forms import MAX_NUMBERS, BulkVerifyForm
from certificates.verification import certificates_for_numbers, too_many_list_lookups, verification_of
from cpse.spreadsheets import csv_cell, csv_download

NOT_FOUND = "not_found"


def _rows(compact_numbers: list[str]) -> list[dict]:
    found = certificates_for_numbers(compact_numbers)
    today = timezone.localdate()
    return [
        {"typed": number, "verification": verification_of(found[number], today=today) if number in found else None}
        for number in compact_numbers
    ]


def _state_words() -> dict[str, str]:
    return {
        "valid": _("Valid"),
        "expired": _("Expired"),
        "revoked": _("Revoked"),
        "replaced": _("Replaced by a newer certificate"),
        NOT_FOUND: _("Not found"),
    }


def _csv(rows: list[dict]):
    response, writer = csv_download("certificate-check.csv")
    words = _state_words()
    writer.writerow(
        [_("Number"), _("Status"), _("Name"), _("Credential"), _("Issued on"), _("Expires on"), _("Newer certificate")]
    )
    for row in rows:
        found = row["verification"]
        if found is None:
            writer.writerow([csv_cell(row["typed"]), words[NOT_FOUND], "", "", "", "", ""])
            continue
        writer.writerow(
            [
                csv_cell(found.number),
                words[found.state],
                csv_cell(found.displayed_name),
                csv_cell(found.credential_name),
                found.issued_on.isoformat(),
                found.expires_on.isoformat() if found.expires_on else "",
                csv_cell(found.replaced_by_number or ""),
            ]
        )
    return response


@require_http_methods(["GET", "POST"])
def verify_many(request):
    form = BulkVerifyForm(request.POST or None, request.FILES or None)
    rows, status = None, 200
    if request.method == "POST" and form.is_valid():
        numbers = form.cleaned_data["compact_numbers"]
        if too_many_list_lookups(request, count=len(numbers)):
            form.add_error(
                None,
                _(
                    "Too many certificates were checked from here in the last few minutes. Please wait ten minutes and try again."
                ),
            )
            status = 429
        else:
            rows = _rows(numbers)
            if request.POST.get("download") == "csv":
                response = _csv(rows)
                add_never_cache_headers(response)
                patch_cache_control(response, no_store=True, private=True)
                return response
    elif request.method == "POST":
        status = 400
    response = render(
        request,
        "certificates/bulk/verify_many.html",
        {"form": form, "rows": rows, "states": _state_words(), "max_numbers": MAX_NUMBERS},
        status=status,
    )
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    response["X-Robots-Tag"] = "noindex"
    return response
