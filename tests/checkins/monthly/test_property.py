"""The check-in form and the keyword matcher fed unicode, huge, empty and malformed values:
never a 500, never a crash; a refused send keeps what was typed."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkins.models import CheckIn
from checkins.monthly import services
from tests.checkins.factories import placement_year

any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
field_value = st.one_of(
    any_text,
    st.sampled_from(["", " ", "\x00", "0", "6", "-1", "yes", "no", "phone", "<script>alert(1)</script>"]),
    st.just("ñ" * 4001),  # over the limit
)
FIELDS = ("work_going", "wellbeing", "boundaries", "supervision", "support_wanted", "wants_contact", "contact_way")
property_settings = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)


@given(text=any_text, phrases=st.lists(any_text, max_size=5))
@settings(max_examples=200, deadline=None)
def test_keyword_matching_never_fails(text, phrases):
    found = services.keywords_found(text, phrases)
    assert set(found) <= set(phrases)


@pytest.mark.django_db
@property_settings
@given(values=st.fixed_dictionaries(dict.fromkeys(FIELDS, field_value)), go=st.sampled_from(["submit", "later"]))
def test_the_check_in_form_never_fails(client, participant, values, go):
    checkin = CheckIn.objects.filter(participant=participant, number=1).first() or placement_year(participant)[0]
    CheckIn.objects.filter(pk=checkin.pk).update(submitted_at=None)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 17, tzinfo=datetime.UTC), tick=False):
        client.force_login(participant.user)
        response = client.post(reverse("checkins:checkin", args=[checkin.public_id]), {**values, "go": go})
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            form = response.context["form"]
            assert form.data.get("work_going") == values["work_going"]
        saved = client.post(reverse("checkins:save", args=[checkin.public_id]), values)
        assert saved.status_code in (204, 400, 409)
