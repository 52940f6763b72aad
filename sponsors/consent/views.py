"""The participant's own page: each sponsor paying for them, and what that sponsor may
see. Nothing is shared until the participant says so; a change applies at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cohorts.selectors import current_participation, own_participation_or_404
from sponsors.consent import selectors, services
from sponsors.consent.forms import ConsentForm


def _form(row: selectors.ConsentRow, data=None) -> ConsentForm:
    return ConsentForm(data, prefix=f"s-{row.sponsor.public_id}", consent=row.consent)


@require_GET
@login_required
def mine(request):
    participant = current_participation(request.user)
    rows = selectors.consent_rows_for_participant(participant) if participant else []
    return render(
        request,
        "sponsors/consent.html",
        {"participant": participant, "entries": [(row, _form(row)) for row in rows]},
    )


@require_POST
@login_required
def save(request, public_id):
    participant = own_participation_or_404(request.user)
    sponsor = selectors.paying_sponsor_for_participant(participant=participant, public_id=public_id)
    if sponsor is None:
        raise Http404
    row = next(r for r in selectors.consent_rows_for_participant(participant) if r.sponsor.pk == sponsor.pk)
    form = _form(row, request.POST)
    form.is_valid()  # tick boxes only: always valid; unticked means "not shared"
    services.consent_set(participant=participant, sponsor=sponsor, choices=form.cleaned_data, by=request.user)
    messages.success(request, _("Saved. %(name)s sees only what you ticked, from now on.") % {"name": sponsor.name})
    return redirect("sponsors_consent:mine")
