"""The meeting, payment and staff forms fed unicode, huge, empty and malformed values:
never a 500; a refused meeting keeps what was typed and is not saved."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorship.models import Mentor, MentorMeeting, MentorPayment, Mentorship

any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=100)
value = st.one_of(
    any_text,
    st.sampled_from(["", " ", "\x00", "0", "4", "5", "480", "481", "-1", "1e9", "2026-02-30", "9999-12-31"]),
    st.sampled_from(["2026-05-01", "2000-01-01", "study", "other", "nonsense", "12.345", "1000.01"]),
)
property_settings = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.django_db
@property_settings
@given(met_on=value, minutes=value, topic=value)
def test_logging_a_meeting_never_fails(client, mentor, participant, met_on, minutes, topic):
    mentorship = Mentorship.objects.get(participant=participant)
    client.force_login(mentor)
    before = MentorMeeting.objects.count()
    response = client.post(
        reverse("mentorship:mentee", args=[mentorship.public_id]),
        {"met_on": met_on, "minutes": minutes, "topic": topic},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert MentorMeeting.objects.count() == before
    else:
        meeting = MentorMeeting.objects.latest("pk")
        assert 5 <= meeting.minutes <= 480


@pytest.mark.django_db
@property_settings
@given(email=value, background=value, rate=value, reference=value, expected=value, paid_on=value)
def test_staff_forms_never_fail(client, program_staff, mentor, email, background, rate, reference, expected, paid_on):
    client.force_login(program_staff)
    response = client.post(
        reverse("mentorship:staff_add"), {"email": email, "background": background, "hourly_rate": rate}
    )
    assert response.status_code in (200, 302)
    record = Mentor.objects.get(user=mentor)
    response = client.post(
        reverse("mentorship:staff_payment_record", args=[record.public_id]),
        {"reference": reference, "expected_minutes": expected, "paid_on": paid_on},
    )
    assert response.status_code in (200, 302)
    assert not MentorPayment.objects.exists()  # nothing unpaid: nothing is ever paid
