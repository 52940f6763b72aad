"""What a survivor sees, in Spanish on a phone (issue #25): an applicant invited to an
interview lands on "book your interview"; a participant logs "1,5" hours and reads 1,5
back (never 15); she presses Escape while writing a reflection, signs in again and finds
her words. Axe on every page. The same person in each part: the session, the language and
the kept words follow her from page to page."""

import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from applications.models import Application
from requirements_tracking.models import HourEntry
from tests.e2e.axe import assert_accessible
from tests.e2e.support import wait_for_kept_input
from tests.factories import PASSWORD, ApplicationFactory, CohortFactory

REFLECTION = "Caminé junto al río y respiré despacio"


def in_spanish(page, live_server) -> None:
    """What the language switcher does: the language cookie."""
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])


def test_an_invited_applicant_lands_on_booking_her_interview(phone_page, live_server, time_machine, applicant):
    time_machine.move_to(datetime.datetime(2027, 3, 20, 15, tzinfo=datetime.UTC), tick=True)
    ApplicationFactory(
        applicant=applicant, cohort=CohortFactory(year=2027), status=Application.Status.INTERVIEW_INVITED
    )
    in_spanish(phone_page, live_server)
    sign_in_es(phone_page, applicant.email)
    phone_page.wait_for_url("**/my-program/")
    assert phone_page.get_attribute("html", "lang") == "es"
    phone_page.get_by_role("link", name="Reserve la hora de su entrevista").wait_for()
    assert_accessible(phone_page)


def sign_in_es(page, email: str) -> None:
    """The sign-in form as a Spanish reader meets it."""
    page.goto("/accounts/login/")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()


def test_a_participant_logs_one_and_a_half_hours_and_finds_her_words_after_a_quick_exit(
    phone_page, live_server, time_machine, participant
):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC), tick=True)
    in_spanish(phone_page, live_server)
    sign_in_es(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto("/hours/")
    phone_page.get_by_role("heading", name="Mis horas").wait_for()
    phone_page.get_by_role("link", name="Registrar horas de autocuidado").click()
    hours = phone_page.get_by_label("Horas")
    assert hours.get_attribute("inputmode") == "decimal"
    phone_page.get_by_label("Fecha").fill("2026-05-09")
    hours.fill("1,5")
    phone_page.get_by_label("¿Qué hizo?").select_option("journaling")
    phone_page.get_by_label("Una breve reflexión").fill(REFLECTION)
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name="Registrar estas horas").click()
    phone_page.get_by_role("heading", name="Mis horas").wait_for()
    assert HourEntry.objects.get().hours == Decimal("1.5")
    progress = phone_page.locator("#progress-heading").locator("xpath=..")
    assert re.search(r"\b1,5 horas\b", progress.inner_text()), progress.inner_text()
    assert "15 horas" not in progress.inner_text()
    assert_accessible(phone_page)

    # She starts another entry, and leaves with Escape in the middle of her reflection.
    phone_page.route(
        lambda url: url.startswith(settings.QUICK_EXIT_URL),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Tiempo</title><p>Sol</p>"),
    )
    phone_page.goto(reverse("requirements_tracking:entry_create"))
    phone_page.get_by_label("Horas").fill("0,75")
    phone_page.get_by_label("Una breve reflexión").fill(REFLECTION + ", otra vez")
    phone_page.keyboard.press("Escape")
    phone_page.wait_for_url(settings.QUICK_EXIT_URL)
    wait_for_kept_input(phone_page, participant.user)

    # Signed in again, she finds her words (and her 0,75) on the same form.
    sign_in_es(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto(reverse("requirements_tracking:entry_create"))
    phone_page.get_by_text("Conservamos lo que escribió").wait_for()
    assert phone_page.get_by_label("Una breve reflexión").input_value() == REFLECTION + ", otra vez"
    assert phone_page.get_by_label("Horas").input_value() == "0,75"
    assert_accessible(phone_page)
