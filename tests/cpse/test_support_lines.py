"""Crisis and support lines (cpse.support_lines, settings.SUPPORT_LINES) on the check-in
thank-you page and the help page: the defaults, another setting, Spanish, and settings
that cannot be read."""

import json

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from cpse.env import ImproperSetting
from cpse.support_lines import support_lines_check, support_lines_for, support_lines_from_env
from tests.checkins.factories import placement_year

pytestmark = pytest.mark.django_db

HEADING = "If you need someone to talk to now"
DEFAULT_LINKS = ('href="tel:988"', 'href="sms:988"', 'href="tel:18883737888"', 'href="sms:233733"')
ANOTHER = [
    {
        "name": {"en": "Harbor Warmline", "es": "Línea Cálida Harbor"},
        "about": {"en": "Peers who listen, evenings.", "es": "Personas pares que escuchan, por la noche."},
        "call": "+1 (555) 010-0199",
    }
]


@pytest.fixture
def thank_you_url(client, participant) -> str:
    sent = placement_year(participant, submitted=1)[0]
    client.force_login(participant.user)
    return reverse("checkins:thanks", args=[sent.public_id])


@pytest.fixture(params=["thank-you", "help"])
def page_url(request) -> str:
    if request.param == "help":
        return reverse("cohorts:help")
    return request.getfixturevalue("thank_you_url")


def test_both_pages_show_the_lines_with_links_to_call_and_text(client, page_url):
    response = client.get(page_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert HEADING in page
    assert "988 Suicide &amp; Crisis Lifeline" in page and "National Human Trafficking Hotline" in page
    for link in DEFAULT_LINKS:
        assert link in page
    assert ">Call 1-888-373-7888<" in page and ">Text 233733<" in page


def test_another_setting_changes_them(client, page_url, settings):
    settings.SUPPORT_LINES = ANOTHER
    page = client.get(page_url).content.decode()
    assert "Harbor Warmline" in page and "Peers who listen, evenings." in page
    assert 'href="tel:+15550100199"' in page and ">Call +1 (555) 010-0199<" in page
    assert "sms:" not in page  # no number to text
    assert not any(link in page for link in DEFAULT_LINKS)


def test_the_spanish_page_shows_the_spanish_text(client, page_url):
    page = client.get(page_url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es">' in page
    assert "Línea Nacional contra la Trata de Personas" in page and "también en español" in page
    assert "National Human Trafficking Hotline" not in page
    for link in DEFAULT_LINKS:  # the numbers are the same in every language
        assert link in page


def test_a_text_missing_in_spanish_falls_back_to_english(settings):
    settings.SUPPORT_LINES = [{"name": {"en": "Harbor Warmline"}, "text": "55501"}]
    [line] = support_lines_for("es")
    assert (line.name, line.about, line.text_href) == ("Harbor Warmline", "", "sms:55501")


def test_no_lines_still_says_what_to_do_in_danger(client, settings):
    settings.SUPPORT_LINES = []
    page = client.get(reverse("cohorts:help")).content.decode()
    assert "If you are in danger right now, please call your local emergency number." in page
    assert "tel:" not in page


def test_the_help_page_is_for_anyone_and_in_the_footer(client, participant):
    assert client.get(reverse("cohorts:help")).status_code == 200
    client.force_login(participant.user)
    page = client.get(reverse("cohorts:my_program")).content.decode()
    assert f'href="{reverse("cohorts:help")}"' in page


# --- Reading the setting from the environment ---------------------------------------------------


def test_the_default_lines_are_well_formed():
    assert support_lines_check(django_settings.SUPPORT_LINES, language="en")
    assert [line.call for line in support_lines_for("en")] == ["988", "1-888-373-7888"]


def test_the_environment_replaces_the_lines():
    assert support_lines_from_env(json.dumps(ANOTHER), language="en") == ANOTHER
    assert support_lines_from_env("[]", language="en") == []
    assert support_lines_from_env("  ", language="en") is None  # not set: the defaults


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("988", "must be a list"),
        ("[{'name': 1}]", "not valid JSON"),
        ('[{"name": {"es": "Línea"}, "call": "988"}]', "needs a text in 'en'"),
        ('[{"name": "Line", "call": "988"}]', "must be texts by language"),
        ('[{"name": {"en": "Line"}}]', "needs a number to call or to text"),
        ('[{"name": {"en": "Line"}, "call": "call us"}]', "is not a phone number"),
        ('[{"name": {"en": "Line"}, "call": "988", "url": "https://example.org"}]', "may have only"),
    ],
)
def test_a_setting_that_cannot_be_read_stops_the_start(raw, says):
    with pytest.raises(ImproperSetting, match=says):
        support_lines_from_env(raw, language="en")
