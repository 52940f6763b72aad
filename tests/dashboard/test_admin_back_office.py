"""The back office (Django admin at /back-office/) for superusers: every model's list and
one record open, searches work on plain fields, encrypted fields and files never show, the
audit logs cannot be added to, changed or deleted, and busy lists cost the same whatever
their length."""

import datetime
import decimal
import uuid

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import timezone

from applications.access.services import access_needs_save
from applications.models import AccessNeeds
from cohorts.models import Participant
from cpse.audit.admin import hidden_fields
from cpse.audit.models import AccessLogEntry
from cpse.crypto import EncryptedTextField
from tests.clock_readers import part_of_the_test, part_runs
from tests.factories import ApplicationFactory, ParticipantFactory
from tests.queries import assert_queries_do_not_grow

OURS = {"accounts", "cohorts", "applications", "requirements_tracking", "checkins", "certificates", "sponsors"}
OURS |= {"mentorship", "audit", "notify", "auditlog"}


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _value(field: models.Field, n: int):
    """A plain valid value for a required field."""
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, (models.ForeignKey, models.OneToOneField)):
        return _row_for(field)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return datetime.date(2027, 6, 1)
    if isinstance(field, models.DecimalField):
        return decimal.Decimal("1")
    if isinstance(field, (models.IntegerField, models.PositiveIntegerField)):
        return 1
    if isinstance(field, models.EmailField):
        return f"person{n}@example.org"
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.JSONField):
        return {}
    return f"Back office {n}"[: field.max_length or 100]


def _row_for(field):
    related = field.related_model
    rows = related.objects.all()
    if isinstance(field, models.OneToOneField):  # one each: a row not taken yet
        rows = rows.filter(**{f"{field.remote_field.get_accessor_name()}__isnull": True})
    return rows.first() or _make(related)


# What the generic maker cannot guess (the models' check constraints).
MAKE_WITH = {
    "applications.InterestSignup": {"email": "signup@example.org"},
    "notify.Notification": {"to_email": "someone@example.org"},
    "sponsors.Invoice": {"participant": lambda: Participant.objects.first()},
    # Only a search is about nobody in particular (a check constraint).
    "audit.AccessLogEntry": {"subject": lambda: Participant.objects.first().user},
    "requirements_tracking.Exam": {"closes_at": lambda: timezone.now() + datetime.timedelta(days=7)},
    # A pause starts today (its default) and returns after: whatever today is.
    "cohorts.ProgramPause": {"return_on": lambda: timezone.localdate() + datetime.timedelta(days=30)},
    "requirements_tracking.ReadinessAssessment": {
        "stage": "before_practicum",
        "participant": lambda: Participant.objects.first(),
    },
}


def _make(model):
    n = model.objects.count() + 1
    values = {
        name: value() if callable(value) else value for name, value in MAKE_WITH.get(model._meta.label, {}).items()
    }
    for field in model._meta.concrete_fields:
        if field.primary_key or field.has_default() or field.null or field.blank and not field.is_relation:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        values.setdefault(field.name, _value(field, n))
    return model.objects.create(**values)


@pytest.fixture
def back_office(request, db, client, superuser, participant):
    """One row of every model in the back office. A row whose making reads the calendar
    (a pause starts today) counts for that model's part of the test."""
    ApplicationFactory(applicant=participant.user, cohort=participant.cohort)
    for model in admin.site._registry:
        if model._meta.app_label in OURS and not model.objects.exists():
            with part_of_the_test(request.node, model._meta.label):
                _make(model)
    client.force_login(superuser)
    return client


@pytest.mark.django_db
def test_every_list_and_one_record_of_each_open_for_a_superuser(request, back_office):
    """Each model's pages are a part of the test (tests/clock_readers.py): at the awkward
    moments only the models whose pages read the calendar are opened again."""
    ours = {model: model_admin for model, model_admin in admin.site._registry.items() if model._meta.app_label in OURS}
    labels = {model._meta.label for model in ours}
    assert {"applications.AccessNeeds", "mentorship.Mentorship", "checkins.SurveyResponse"} <= labels
    assert {"requirements_tracking.EthicsCode", "cohorts.ProgramPause", "checkins.SupervisionContract"} <= labels
    for model, model_admin in ours.items():
        if part_runs(request.node, model._meta.label):
            with part_of_the_test(request.node, model._meta.label):
                _open_list_and_record(back_office, model, model_admin)


def _open_list_and_record(back_office, model, model_admin):
    response = back_office.get(changelist(model))
    assert response.status_code == 200, (model, response.status_code)
    obj = model.objects.first()
    page = back_office.get(change(obj))
    assert page.status_code == 200, (model, page.status_code)
    fields = page.context["adminform"].form.fields
    # Encrypted fields and uploads never reach the page.
    assert not set(hidden_fields(model)) & set(fields), model
    if model_admin.search_fields:
        assert back_office.get(changelist(model), {"q": "example"}).status_code == 200, model


def test_no_search_runs_on_an_encrypted_field():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OURS:
            continue
        for path in model_admin.search_fields:
            target = model
            *hops, last = path.lstrip("^=@").split("__")
            for hop in hops:
                target = target._meta.get_field(hop).related_model
            assert not isinstance(target._meta.get_field(last), EncryptedTextField), (model, path)


@pytest.mark.django_db
def test_searching_finds_people_by_email_and_name(client, superuser):
    found = ParticipantFactory(user__display_name="Marisol Quintero", user__email="marisol@example.org")
    ParticipantFactory(user__display_name="Someone Else")
    access_needs_save(user=found.user, by=found.user, captioning=True, note="Private words")
    client.force_login(superuser)
    page = client.get(changelist(Participant), {"q": "Quintero"})
    assert list(page.context["cl"].result_list) == [found]
    needs = client.get(changelist(AccessNeeds), {"q": "marisol@"})
    assert [n.user for n in needs.context["cl"].result_list] == [found.user]
    assert "Private words" not in client.get(change(AccessNeeds.objects.get())).content.decode()


@pytest.mark.django_db
def test_records_are_shown_not_changed_but_settings_can_be(client, superuser):
    application = ApplicationFactory()
    client.force_login(superuser)
    assert client.get(reverse("admin:applications_application_add")).status_code == 403
    before = application.home_state
    assert client.get(change(application)).status_code == 200
    assert client.post(change(application), {"home_state": "ZZ"}).status_code == 403
    application.refresh_from_db()
    assert application.home_state == before
    # Opening someone's application is on the superuser's record.
    assert AccessLogEntry.objects.filter(viewer=superuser, subject=application.applicant).exists()
    assert client.get(reverse("admin:applications_rubriccriterion_add")).status_code == 200


@pytest.mark.django_db
def test_the_audit_logs_cannot_be_added_changed_or_deleted(client, superuser, participant):
    client.force_login(superuser)
    client.get(change(participant))  # writes an access-log entry
    viewed = AccessLogEntry.objects.get()
    participant.status = Participant.Status.ON_LEAVE
    participant.save()
    history = LogEntry.objects.get_for_object(participant).first()
    for name, entry in (("audit_accesslogentry", viewed), ("auditlog_logentry", history)):
        assert client.get(reverse(f"admin:{name}_add")).status_code == 403
        assert client.post(reverse(f"admin:{name}_change", args=[entry.pk]), {}).status_code == 403
        assert client.post(reverse(f"admin:{name}_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
        bulk = {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
        client.post(reverse(f"admin:{name}_changelist"), bulk)
    assert AccessLogEntry.objects.filter(pk=viewed.pk).exists() and LogEntry.objects.filter(pk=history.pk).exists()
    assert client.get(reverse("admin:auditlog_logentry_changelist"), {"q": "root@"}).status_code == 200


@pytest.mark.django_db
def test_busy_lists_cost_the_same_with_3_or_30_rows(client, superuser, cohort):
    def add(count):
        for n in range(count):
            person = ParticipantFactory(cohort=cohort)
            access_needs_save(user=person.user, by=superuser, extra_time=True, note="x" if n % 2 else "")

    add(3)
    client.force_login(superuser)
    urls = [changelist(Participant), changelist(AccessNeeds), reverse("admin:auditlog_logentry_changelist")]
    assert_queries_do_not_grow(client, urls, lambda: add(27))
