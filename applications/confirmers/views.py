"""The page where program staff verify a confirmer, shared by the pages that name one
(the staff practicum list for supervisors, an application's page for recommenders): each
passes who the confirmer is and where to go back to."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from applications.confirmers.forms import VerifyForm
from applications.confirmers.selectors import verification_for
from applications.confirmers.services import ConfirmerError, confirmer_verify
from cpse.forms import posted

TEMPLATE = "applications/confirmers/verify.html"


def verify_page(request, *, email: str, name: str, organisation: str, role: str, back_url: str):
    """GET: who they are and whether they are verified; POST: verify them once."""
    form = VerifyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            confirmer_verify(email=email, name=name, organisation=organisation, by=request.user, **form.cleaned_data)
        except ConfirmerError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s is verified.") % {"name": name})
        return redirect(back_url)
    context = {
        "form": form,
        "name": name,
        "email": email,
        "organisation": organisation,
        "role": role,
        "back_url": back_url,
        "verification": verification_for(email),
    }
    return render(request, TEMPLATE, context)
