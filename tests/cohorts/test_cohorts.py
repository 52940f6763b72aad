import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse

from cohorts import selectors
from cohorts.models import Cohort, Credential, Participant, Requirement
from cohorts.services import AlreadyEnrolled, CohortFull, participant_enroll
from tests.factories import CohortFactory, UserFactory


@pytest.mark.django_db
def test_cpse_defaults_are_data():
    credential = Credential.objects.get(abbreviation="CPSE")
    requirements = {r.category: (r.kind, r.amount) for r in credential.requirement_sets.get().requirements.all()}
    assert requirements == {
        "self_care": ("hours", Decimal("10")),
        "online": ("hours", Decimal("18")),
        "intensive": ("hours", Decimal("30")),
        "practicum": ("hours", Decimal("12")),
        "exam": ("exam", Decimal("1")),
        "competency": ("competency", Decimal("1")),
        "checkins": ("checkins", Decimal("12")),
    }
    # Observed practice comes right after the exam.
    order = [r.category for r in credential.requirement_sets.get().requirements.all()]
    assert order.index("competency") == order.index("exam") + 1


@pytest.mark.django_db
def test_a_requirement_amount_must_be_positive(cohort):
    with pytest.raises(IntegrityError):
        Requirement.objects.create(
            requirement_set=cohort.requirement_set, kind="hours", category="competency", amount=0
        )


@pytest.mark.django_db
def test_cohort_dates_must_be_in_order():
    with pytest.raises(IntegrityError):
        CohortFactory(year=2030, program_end=datetime.date(2030, 3, 1))


@pytest.mark.django_db
def test_enrolment_makes_a_participant_once(cohort, applicant):
    participant = participant_enroll(user=applicant, cohort=cohort, aspiration="advocacy", home_state="ky")
    assert participant.status == Participant.Status.ENROLLED
    assert participant.home_state == "KY"
    with pytest.raises(AlreadyEnrolled):
        participant_enroll(user=applicant, cohort=cohort)
    assert Participant.objects.count() == 1


@pytest.mark.django_db
def test_enrolment_respects_capacity(cohort):
    cohort.capacity = 1
    cohort.save()
    participant_enroll(user=UserFactory(), cohort=cohort)
    with pytest.raises(CohortFull):
        participant_enroll(user=UserFactory(), cohort=cohort)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "expected_year"),
    [
        (datetime.date(2026, 2, 1), 2026),  # 2026's window is open
        (datetime.date(2026, 11, 23), 2027),  # between windows: the next to open
        (datetime.date(2028, 6, 1), 2027),  # nothing ahead: the most recent
    ],
)
def test_the_featured_cohort_is_the_open_then_the_next_then_the_latest(today, expected_year, django_assert_num_queries):
    for year in (2025, 2026, 2027):
        CohortFactory(year=year)
    with django_assert_num_queries(1):  # whichever it turns out to be: every public page asks
        featured = selectors.cohort_featured(today=today)
        assert featured.credential.abbreviation  # its credential read with it
    assert featured.year == expected_year


@pytest.mark.django_db
def test_the_home_page_shows_the_calendar_from_data_and_contacts_from_settings(client, settings, time_machine):
    time_machine.move_to(datetime.datetime(2026, 2, 1, 12, 0))
    settings.PROGRAM_CONTACT_NAME = "Jamie Contact"
    settings.PROGRAM_CONTACT_EMAIL = "hello@program.example.org"
    cohort = CohortFactory(year=2026, graduation_date=datetime.date(2026, 10, 24))
    page = client.get(reverse("cohorts:program_home")).content.decode()
    assert str(cohort) in page
    assert "Oct. 24, 2026" in page
    assert "Jamie Contact" in page and "hello@program.example.org" in page
    assert "Apply now" in page
    assert "$3,500" in page


@pytest.mark.django_db
def test_the_home_page_without_any_cohort_says_dates_will_come(client):
    Cohort.objects.all().delete()
    page = client.get(reverse("cohorts:program_home")).content.decode()
    assert "The dates of the next cohort will be published here." in page


@pytest.mark.django_db
def test_my_program_shows_my_cohort_only(client, participant, other_participant):
    client.force_login(participant.user)
    page = client.get(reverse("cohorts:my_program")).content.decode()
    assert participant.user.display_name in page
    assert other_participant.user.display_name not in page
    assert str(participant.cohort) in page


@pytest.mark.django_db
def test_my_program_for_someone_not_enrolled(client, applicant, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 12, 0))
    CohortFactory(year=2027)
    client.force_login(applicant)
    page = client.get(reverse("cohorts:my_program")).content.decode()
    assert "Applications for the 2027 cohort open on Jan. 5, 2027." in page
