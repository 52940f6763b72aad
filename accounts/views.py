import logging

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from accounts import services
from accounts.decorators import recent_authentication_required
from accounts.forms import ErasureRequestForm, ProfileForm
from accounts.kept_input.forms import KeptInputForm
from accounts.kept_input.services import kept_input_keep
from accounts.models import ErasureRequest
from cpse import data_rights
from cpse.forms import posted_or_restored
from cpse.notify import services as notify_services

logger = logging.getLogger(__name__)


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
    form = ProfileForm(posted_or_restored(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = services.profile_update(form=form)
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


@sensitive_post_parameters()
@require_POST
def leave(request):
    """The quick exit's beacon: the session ends, signed in or not, and with it anything
    kept in it (input kept after a timeout included). What a signed-in person was typing
    comes along and is kept for her alone, to be offered back after she signs in again."""
    if request.user.is_authenticated and "kept_fields" in request.POST:
        form = KeptInputForm(request.POST)
        if form.is_valid():
            kept_input_keep(
                user=request.user, path=form.cleaned_data["kept_path"], data=form.cleaned_data["kept_fields"]
            )
        else:
            codes = sorted({error.code for errors in form.errors.as_data().values() for error in errors})
            logger.info("quick exit: typed input not kept (%s)", ", ".join(codes))
    logout(request)
    return HttpResponse(status=204)


@require_GET
@login_required
def my_data(request):
    """What the program holds about me, a download of it, and a way to ask for removal."""
    return render(
        request,
        "accounts/my_data.html",
        {"open_request": request.user.erasure_requests.filter(status=ErasureRequest.Status.REQUESTED).first()},
    )


@require_GET
@recent_authentication_required
def my_data_download(request):
    archive = data_rights.export_archive(request.user)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="my-cpse-data.zip"'
    return response


@require_POST
@login_required
def my_data_erasure(request):
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please tick the box to confirm that you want your data removed."))
        return redirect("accounts:my_data")
    try:
        services.erasure_request_create(user=request.user)
    except services.ErasureError as error:
        messages.info(request, str(error))
    else:
        messages.success(
            request,
            _(
                "We have your request. The program team will confirm it, usually within a few days, and write to you once."
            ),
        )
    return redirect("accounts:my_data")


MESSAGES_PAGE_SIZE = 20


@require_GET
@login_required
def inbox(request):
    """The person's messages: those kept here instead of email ("only show messages when
    I sign in"), and those that were emailed."""
    page = Paginator(notify_services.inbox_messages(request.user), MESSAGES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notify/inbox.html", {"page_obj": page, "query_prefix": ""})


@require_POST
@login_required
def message_read(request, notification_id):
    notify_services.notification_mark_read(user=request.user, notification_id=notification_id)
    return redirect("accounts:messages")
