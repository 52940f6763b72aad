"""Public and personal forms fed unicode, huge, empty and malformed values: never a 500,
and what the person typed comes back in the form when it is refused."""

from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Anything a browser can send: every Unicode character except lone surrogates.
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
huge_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1000, max_size=20_000)
field_value = st.one_of(
    any_text, huge_text, st.sampled_from(["", " ", "\x00", "0", "-1", "<script>alert(1)</script>", "null"])
)
property_settings = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _kept(response, name, value):
    form = response.context["form"]
    assert form.data.get(name) == value.replace("\r\n", "\n").replace("\r", "\n") or form.data.get(name) == value


@pytest.mark.django_db
@property_settings
@given(email=field_value, display_name=field_value, password=field_value)
def test_sign_up_never_fails_and_keeps_what_was_typed(client, email, display_name, password):
    cache.clear()  # each example is a new visitor, not one hammering the rate limit
    response = client.post(
        reverse("account_signup"),
        {"email": email, "display_name": display_name, "password1": password, "password2": password},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        _kept(response, "display_name", display_name)


@pytest.mark.django_db
@property_settings
@given(login=field_value, password=field_value)
def test_sign_in_never_fails(client, login, password):
    cache.clear()
    response = client.post(reverse("account_login"), {"login": login, "password": password})
    assert response.status_code in (200, 302)


@pytest.mark.django_db
@property_settings
@given(
    display_name=field_value,
    phone=field_value,
    note=field_value,
    language=st.one_of(st.sampled_from(["en", "es"]), any_text),
    safe_contact=st.one_of(st.sampled_from(["email", "phone", "text", "none"]), any_text),
)
def test_my_details_never_fail_and_keep_what_was_typed(
    client, applicant, display_name, phone, note, language, safe_contact
):
    client.force_login(applicant)
    data = {
        "display_name": display_name,
        "legal_name": "",
        "phone": phone,
        "preferred_language": language,
        "safe_contact": safe_contact,
        "safe_contact_note": note,
    }
    response = client.post(reverse("accounts:profile"), data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        for name in ("display_name", "phone", "safe_contact_note"):
            _kept(response, name, data[name])


@pytest.mark.django_db
@property_settings
@given(language=any_text, next_url=any_text)
def test_the_language_switch_never_fails_and_never_redirects_off_site(client, language, next_url):
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code in (200, 204, 302)
    if response.status_code == 302:
        target = urlsplit(response["Location"])
        assert target.netloc in ("", "testserver") and target.scheme in ("", "http")
