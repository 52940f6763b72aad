"""allauth's pages (sign in, sign up, password) with headings and buttons in sentence case
like the rest of the site, in English and in Spanish (issue #25)."""

import re

import pytest
from django.template import Context, Template

from cpse.template_library import sentence_case


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sign In", "Sign in"),
        ("\n  Forgot Password?\n", "\n  Forgot password?\n"),
        ("Iniciar Sesión", "Iniciar sesión"),
        ("Add WebAuthn Key", "Add WebAuthn key"),  # names keep their capitals
        ("Use The CPSE App", "Use the CPSE app"),
        ("I Agree", "I agree"),
        ("", ""),
    ],
)
def test_only_capitalised_words_after_the_first_are_lowered(text, expected):
    assert sentence_case(text) == expected


def test_what_was_escaped_stays_escaped_and_unsafe_text_is_escaped():
    assert Template("{% load cpse %}{{ text|sentence_case }}").render(Context({"text": "<b>Sign In</b>"})) == (
        "&lt;b&gt;Sign in&lt;/b&gt;"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "language", "heading", "button"),
    [
        ("/accounts/login/", "en", "Sign in", "Sign in"),
        ("/accounts/login/", "es", "Iniciar sesión", "Iniciar sesión"),
        ("/accounts/password/reset/", "en", "Password reset", "Reset my password"),
        ("/accounts/password/reset/", "es", "Restablecer contraseña", "Restablecer mi contraseña"),
    ],
)
def test_allauth_pages_read_in_sentence_case(client, url, language, heading, button):
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    [title] = re.findall(r"<title>\s*(.*?)\s*·", page, re.S)
    [h1] = re.findall(r"<h1[^>]*>\s*(.*?)\s*</h1>", page, re.S)
    buttons = [text.strip() for text in re.findall(r"<button[^>]*>(.*?)</button>", page, re.S)]
    assert (title, h1) == (heading, heading)
    assert button in buttons
