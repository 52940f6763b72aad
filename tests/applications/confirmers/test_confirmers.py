"""Nobody vouches for themselves: in every confirmation by a second person (recommendation,
practicum supervisor, supervision contract, second exam scorer) the confirmer is never
the subject, never an address of the subject's account, and never an applicant or
participant of the program. Naming one's own address is refused at once and kindly;
someone else in the program is refused when they try to confirm (naming them is not
refused, so the form tells nobody who is in the program)."""

import datetime
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from applications import services as application_services
from applications.confirmers.rules import confirmation_refusal, email_key, in_program, own_address_refusal
from applications.confirmers.services import ConfirmerError, confirmer_verify
from applications.models import Application, ConfirmerVerification, Recommendation
from checkins.supervision import services as supervision_services
from cpse.notify.models import Notification
from requirements_tracking.models import HourEntry
from requirements_tracking.practicum.selectors import practicums_for_staff
from requirements_tracking.practicum.services import (
    LinkError,
    PracticumError,
    confirmation_for_token,
    practicum_hours_log,
    practicum_set,
    supervisor_confirmation_decide,
    supervisor_confirmation_request,
)
from requirements_tracking.progress import participant_progress
from tests.applications.factories import SentApplicationFactory
from tests.factories import ApplicationFactory, CohortFactory, ParticipantFactory, UserFactory
from tests.queries import assert_queries_do_not_grow
from tests.requirements_tracking.conftest import TODAY


@pytest.fixture(autouse=True)
def _in_the_program(time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC), tick=False)


@pytest.mark.parametrize(
    ("email", "key"),
    [
        ("Alma@Example.org", "alma@example.org"),
        ("alma+work@example.org", "alma@example.org"),
        (" ALMA+a+b@EXAMPLE.ORG ", "alma@example.org"),
        ("", ""),
    ],
)
def test_an_address_is_compared_by_the_mailbox_it_reaches(email, key):
    assert email_key(email) == key


@pytest.mark.django_db
def test_every_address_of_the_subjects_account_is_their_own(participant):
    user = participant.user
    EmailAddress.objects.create(user=user, email="old.address@example.org")
    for email in (user.email, user.email.upper(), user.email.replace("@", "+supervisor@"), "Old.Address@example.org"):
        assert own_address_refusal(email=email, subject=user), email
    assert own_address_refusal(email="sam@harbor.example.org", subject=user) is None


@pytest.mark.django_db
def test_applicants_and_participants_are_in_the_program(participant, applicant):
    ApplicationFactory(applicant=applicant)
    assert in_program(email=participant.user.email)
    assert in_program(email=applicant.email.replace("@", "+x@"))
    assert in_program(user=participant.user)
    assert not in_program(email=UserFactory().email)
    assert not in_program(email="nobody@example.org")
    refusal = confirmation_refusal(email=applicant.email, subject=participant.user)
    assert "outside the program" in refusal


# --- Practicum supervisor --------------------------------------------------------------------


def name_supervisor(participant, email: str):
    return practicum_set(
        participant=participant, host_agency="Harbor House", supervisor_name="Sam Rivera", supervisor_email=email
    )


def log_hours(participant) -> HourEntry:
    return practicum_hours_log(
        participant=participant, date=TODAY, hours=Decimal("2"), reflection="Intake calls", today=TODAY
    )


def practicum_token(entry: HourEntry) -> str:
    """A working token of the entry's own link, as one emailed before the supervisor's
    daily list existed (only its hash is stored): the entry asked afresh."""
    return supervisor_confirmation_request(entry=entry)[1]


@pytest.mark.django_db
@pytest.mark.parametrize("variant", ["same", "upper", "plus"])
def test_a_participant_cannot_name_their_own_address_as_practicum_supervisor(participant, variant):
    email = {
        "same": participant.user.email,
        "upper": participant.user.email.upper(),
        "plus": participant.user.email.replace("@", "+sup@"),
    }[variant]
    with pytest.raises(PracticumError) as error:
        name_supervisor(participant, email)
    assert error.value.code == "self_confirmation"
    assert not participant.practicums.exists()


@pytest.mark.django_db
def test_the_practicum_page_refuses_it_kindly_and_keeps_what_was_typed(client, participant):
    client.force_login(participant.user)
    typed = {"host_agency": "Harbor House", "supervisor_name": "Sam Rivera", "supervisor_email": participant.user.email}
    response = client.post(reverse("practicum:mine"), typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "not one of yours" in page
    assert 'value="Harbor House"' in page and 'value="Sam Rivera"' in page


@pytest.mark.django_db
def test_hours_sent_to_someone_in_the_program_are_not_confirmed_by_them(participant, other_participant):
    name_supervisor(participant, other_participant.user.email)
    entry = log_hours(participant)
    token = practicum_token(entry)
    with pytest.raises(LinkError) as error:
        confirmation_for_token(token)
    assert error.value.code == "not_independent"
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.SUBMITTED


@pytest.mark.django_db
def test_the_link_page_says_so_and_records_nothing(client, participant, other_participant):
    name_supervisor(participant, other_participant.user.email.replace("@", "+work@"))
    entry = log_hours(participant)
    response = client.post(reverse("practicum:link_answer", args=[practicum_token(entry)]), {"decision": "confirm"})
    assert "outside the program" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.SUBMITTED


@pytest.mark.django_db
def test_a_participant_signed_in_cannot_confirm_their_own_hours(participant):
    practicum = name_supervisor(participant, "sam@harbor.example.org")
    entry = log_hours(participant)
    # Even if their own account were the practicum's named account (an old row).
    type(practicum).objects.filter(pk=practicum.pk).update(supervisor_user=participant.user)
    confirmation = entry.supervisor_confirmations.get()
    confirmation.practicum.refresh_from_db()
    with pytest.raises(PracticumError) as error:
        supervisor_confirmation_decide(confirmation=confirmation, decision="confirm", by=participant.user)
    assert error.value.code == "not_independent"
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.SUBMITTED


# --- Supervision contract ------------------------------------------------------------------------


def propose(participant, email: str):
    return supervision_services.supervision_contract_propose(
        participant=participant,
        setting="practicum",
        supervisor_name="Sam Rivera",
        supervisor_email=email,
        frequency="weekly",
        session_minutes=60,
        expectations="e",
        feedback_channels="f",
        confidentiality="c",
        raising_concerns="r",
        agree=True,
    )


@pytest.mark.django_db
def test_a_participant_cannot_be_their_own_supervisor_in_a_contract(participant):
    with pytest.raises(supervision_services.SupervisionError) as error:
        propose(participant, participant.user.email.upper())
    assert error.value.code == "self_confirmation"


@pytest.mark.django_db
def test_a_contract_sent_to_someone_in_the_program_is_not_agreed_by_them(participant, other_participant):
    contract = propose(participant, other_participant.user.email)
    token = supervision_services.supervisor_link_send(contract=contract)
    with pytest.raises(supervision_services.LinkError) as error:
        supervision_services.supervision_contract_supervisor_agree(contract=contract, token=token)
    assert error.value.code == "not_independent"
    with pytest.raises(supervision_services.LinkError):
        supervision_services.supervision_contract_supervisor_agree(contract=contract, by=other_participant.user)
    contract.refresh_from_db()
    assert not contract.agreed


# --- Recommendation ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_applicant_cannot_name_themselves_as_recommender_and_keeps_what_they_typed(client):
    cohort = CohortFactory(year=2026)
    application = ApplicationFactory(cohort=cohort, agency_name="")
    client.force_login(application.applicant)
    typed = {
        "agency_name": "Harbor House",
        "agency_contact_name": "Sam Rivera",
        "agency_contact_email": application.applicant.email.replace("@", "+agency@"),
    }
    response = client.post(reverse("applications:step", args=["recommendation"]), typed)
    page = response.content.decode()
    assert response.status_code == 200 and "not one of yours" in page
    assert 'value="Harbor House"' in page and 'value="Sam Rivera"' in page
    assert Application.objects.get(pk=application.pk).agency_name == ""
    with pytest.raises(application_services.ApplicationError) as error:
        application_services.application_save_step(
            application=application,
            step="recommendation",
            data=typed | {"agency_contact_email": typed["agency_contact_email"]},
        )
    assert error.value.code == "self_confirmation"


@pytest.mark.django_db
def test_no_link_goes_to_the_applicants_own_address(participant):
    application = SentApplicationFactory(agency_contact_email="")
    application.agency_contact_email = application.applicant.email
    with pytest.raises(application_services.ApplicationError) as error:
        application_services.recommendation_request(application=application, by=None)
    assert error.value.code == "self_confirmation"
    assert not Recommendation.objects.exists()


@pytest.mark.django_db
def test_a_recommendation_from_someone_in_the_program_is_refused_before_they_write(client, participant):
    application = SentApplicationFactory(agency_contact_email=participant.user.email)
    _recommendation, token = application_services.recommendation_request(application=application, by=None)
    response = client.get(reverse("applications:recommend", args=[token]))
    assert "outside the program" in response.content.decode()
    assert "<textarea" not in response.content.decode()
    with pytest.raises(application_services.LinkError):
        application_services.recommendation_submit(token=token, relationship="x", text="y", recommends=True)


# --- Second exam scorer --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_scorer_who_is_in_the_program_is_refused(participant):
    scorer = ParticipantFactory().user
    assert confirmation_refusal(email=scorer.email, subject=participant.user, by=scorer)
    assert confirmation_refusal(email=participant.user.email, subject=participant.user, by=participant.user)
    assert confirmation_refusal(email="staff@example.org", subject=participant.user, by=UserFactory()) is None


# --- Staff verify a confirmer once ----------------------------------------------------------------


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


@pytest.mark.django_db
def test_staff_verify_a_supervisor_once_and_their_confirmed_hours_count(staff_client, participant, program_staff):
    practicum = name_supervisor(participant, "sam@harbor.example.org")
    entry = log_hours(participant)
    confirmation = entry.supervisor_confirmations.get()
    supervisor_confirmation_decide(confirmation=confirmation, decision="confirm")
    listing = staff_client.get(reverse("practicum:staff_list")).content.decode()
    assert "Not verified" in listing and reverse("practicum:staff_verify", args=[practicum.public_id]) in listing

    url = reverse("practicum:staff_verify", args=[practicum.public_id])
    page = staff_client.get(url).content.decode()
    assert "Sam Rivera" in page and "sam@harbor.example.org" in page and "Harbor House" in page
    # No way chosen: a clear message, nothing recorded.
    refused = staff_client.post(url, {"note": "Called them"})
    assert "Please say how you checked who they are." in refused.content.decode()
    assert "Called them" in refused.content.decode()
    assert not ConfirmerVerification.objects.exists()

    response = staff_client.post(url, {"method": "phone_call", "note": "Spoke to their director."})
    assert response["Location"] == reverse("practicum:staff_list")
    verification = ConfirmerVerification.objects.get()
    assert (verification.email_key, verification.verified_by, verification.organisation) == (
        "sam@harbor.example.org",
        program_staff,
        "Harbor House",
    )
    assert "Verified" in staff_client.get(reverse("practicum:staff_list")).content.decode()
    progress = {item.requirement.category: item for item in participant_progress(participant)}
    assert progress["practicum"].approved == Decimal("2")
    # Once: a second verification is refused and says when and by whom.
    staff_client.post(url, {"method": "agreement"})
    assert ConfirmerVerification.objects.count() == 1
    assert "was already verified on" in staff_client.get(reverse("practicum:staff_list")).content.decode()


@pytest.mark.django_db
def test_one_verification_covers_the_same_mailbox_for_every_participant(participant, other_participant):
    confirmer_verify(email="Sam+cpse@Harbor.example.org", name="Sam", organisation="", method="agreement", by=None)
    with pytest.raises(ConfirmerError) as error:
        confirmer_verify(email="sam@harbor.example.org", name="Sam", organisation="", method="agreement", by=None)
    assert error.value.code == "already_verified"
    for person in (participant, other_participant):
        name_supervisor(person, "sam@harbor.example.org")
    assert all(
        p.supervisor_verified for p in practicums_for_staff(participant) + practicums_for_staff(other_participant)
    )


@pytest.mark.django_db
def test_the_record_flags_an_unverified_supervisor(staff_client, participant):
    name_supervisor(participant, "sam@harbor.example.org")
    page = staff_client.get(reverse("participant_record:standards", args=[participant.public_id])).content.decode()
    assert "Practicum supervisors" in page and "Not verified" in page


@pytest.mark.django_db
def test_staff_see_and_verify_the_recommending_contact(staff_client):
    application = SentApplicationFactory(agency_contact_email="kim@agency.example.org", agency_contact_name="Kim Lee")
    detail = staff_client.get(reverse("applications_staff:detail", args=[application.public_id])).content.decode()
    assert "Agency contact not verified" in detail
    url = reverse("applications_staff:recommender_verify", args=[application.public_id])
    assert "Kim Lee" in staff_client.get(url).content.decode()
    staff_client.post(url, {"method": "agreement"})
    detail = staff_client.get(reverse("applications_staff:detail", args=[application.public_id])).content.decode()
    assert "Agency contact verified" in detail


@pytest.mark.django_db
def test_staff_send_hours_waiting_for_an_earlier_supervisor_to_the_current_one(staff_client, participant):
    name_supervisor(participant, "sam@harbor.example.org")
    entry = log_hours(participant)
    name_supervisor(participant, "kim@harbor.example.org")
    listing = staff_client.get(reverse("practicum:staff_list")).content.decode()
    assert "Ask the current supervisor instead" in listing
    staff_client.post(reverse("practicum:staff_move", args=[entry.public_id]))
    entry.refresh_from_db()
    assert entry.practicum.supervisor_email == "kim@harbor.example.org"
    assert Notification.objects.filter(to_email="kim@harbor.example.org").count() == 1


@pytest.mark.django_db
def test_the_staff_practicum_list_costs_the_same_with_more_supervisors(staff_client, cohort):
    def add(count: int) -> None:
        for _number in range(count):
            person = ParticipantFactory(cohort=cohort)
            name_supervisor(person, f"supervisor-{person.pk}@example.org")
            log_hours(person)

    add(3)
    assert_queries_do_not_grow(staff_client, [reverse("practicum:staff_list")], lambda: add(27))
