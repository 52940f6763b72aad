from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from accounts.forms import ProfileForm


@require_GET
@login_required
def start(request):
    """Where a person lands after signing in: the home page of their role."""
    user = request.user
    if user.is_staff_member:
        return redirect("dashboard:home")
    if user.is_sponsor:
        return redirect("sponsors:portal")
    return redirect("cohorts:my_program")


@sensitive_post_parameters("safe_contact_note", "phone", "legal_name")
@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.preferred_language)
        messages.success(request, _("Your details are saved."))
        response = redirect("accounts:profile")
        response.set_cookie("django_language", user.preferred_language, samesite="Lax", httponly=True)
        return response
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
@login_required
def keep_alive(request):
    """ "Stay signed in" on the idle warning: the request itself counts as activity."""
    return HttpResponse(status=204)
