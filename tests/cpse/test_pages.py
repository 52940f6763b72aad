"""Things every page promises: privacy headers, quick exit, neutral titles."""

import re

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_public_pages_have_a_quick_exit_first_and_a_neutral_title(client, settings):
    page = client.get(reverse("cohorts:program_home")).content.decode()
    body = page.split("<body", 1)[1]
    first_link = re.search(r"<a [^>]*>", body).group(0)
    assert "data-quick-exit" in first_link
    assert f'href="{settings.QUICK_EXIT_URL}"' in first_link
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "traffick" not in title.lower() and "exploitation" not in title.lower()


@pytest.mark.django_db
def test_participant_pages_have_the_quick_exit(client, participant):
    client.force_login(participant.user)
    assert b"data-quick-exit" in client.get(reverse("cohorts:my_program")).content


@pytest.mark.django_db
def test_staff_pages_do_not_need_the_quick_exit(client, program_staff):
    client.force_login(program_staff)
    assert b"data-quick-exit" not in client.get(reverse("dashboard:home")).content


@pytest.mark.django_db
def test_pages_for_signed_in_people_are_never_cached(client, participant):
    client.force_login(participant.user)
    response = client.get(reverse("cohorts:my_program"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get(reverse("cohorts:program_home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_no_inline_scripts_or_styles_anywhere(client, participant):
    client.force_login(participant.user)
    for url in (reverse("cohorts:program_home"), reverse("cohorts:my_program"), reverse("accounts:profile")):
        page = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert " style=" not in page, url


@pytest.mark.django_db
def test_the_language_switch_changes_the_language(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="es">' in page


@pytest.mark.django_db
def test_error_pages_reveal_nothing(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Traceback" not in page and "urlpatterns" not in page
    assert "We could not find that page" in page
