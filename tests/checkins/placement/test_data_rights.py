import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from checkins import data_rights
from checkins.concerns import concern_open
from checkins.models import CheckIn, Concern, ConcernFollowUp, ConcernKeyword, Placement, PlacementPause
from checkins.placement.services import pause_start, placement_record

D = datetime.date


@pytest.fixture
def year(participant, program_staff):
    placement_record(
        participant=participant,
        agency="Harbor Light",
        role="other",
        role_other="Mentor",
        terms="volunteer",
        start_date=D(2026, 6, 1),
        by=participant.user,
        today=D(2026, 6, 1),
    )
    pause_start(participant=participant, starts_on=D(2026, 9, 1), reason="Moving house", by=program_staff)
    checkin = CheckIn.objects.get(participant=participant, number=1)
    checkin.work_going = "Good days and hard days"
    checkin.wellbeing = "3"
    checkin.submitted_at = datetime.datetime(2026, 7, 2, tzinfo=datetime.UTC)
    checkin.save()
    concern = concern_open(checkin=checkin, reason=Concern.Reason.ASKED_FOR_CONTACT)
    ConcernFollowUp.objects.create(concern=concern, author=program_staff, note="Called, all fine")
    ConcernKeyword.objects.create(phrase="cannot cope", added_by=program_staff)
    return checkin


@pytest.mark.django_db
def test_export_has_what_the_person_wrote_not_staff_notes(participant, year):
    exported = data_rights.export(participant.user)
    assert exported["placements"][0]["agency"] == "Harbor Light"
    assert exported["placements"][0]["role_in_your_words"] == "Mentor"
    assert exported["pauses"] == [{"from": D(2026, 9, 1), "back_on": None, "reason": "Moving house"}]
    assert exported["checkins"] == [
        {
            "number": 1,
            "due": D(2026, 7, 1),
            "submitted": year.submitted_at,
            "how_is_work_going": "Good days and hard days",
            "how_are_you_doing": "Okay",
            "boundaries_and_self_care": "",
            "supervision": "",
            "support_wanted": "",
            "wants_contact": False,
            "contact_way": "",
            "contact_note": "",
        }
    ]
    assert "Called, all fine" not in str(exported)


@pytest.mark.django_db
def test_erasure_removes_the_year_and_its_history(participant, other_participant, program_staff, year):
    placement_record(
        participant=other_participant,
        agency="Other agency",
        role="advocacy",
        terms="paid",
        start_date=D(2026, 6, 1),
        by=program_staff,
        today=D(2026, 6, 1),
    )
    placement_pk = Placement.objects.get(participant=participant).pk
    data_rights.erase(participant.user)
    assert not Placement.objects.filter(participant=participant).exists()
    assert not PlacementPause.objects.filter(participant=participant).exists()
    assert not CheckIn.objects.filter(participant=participant).exists()
    assert not Concern.objects.exists() and not ConcernFollowUp.objects.exists()
    placement_type = ContentType.objects.get_for_model(Placement)
    for entry in LogEntry.objects.filter(content_type=placement_type, object_pk=str(placement_pk)):
        assert "Harbor Light" not in str(entry.changes) + entry.object_repr
    # Someone else's year stays.
    assert CheckIn.objects.filter(participant=other_participant).count() == 12
    # A staff member's erasure takes their name off what they recorded.
    data_rights.erase(program_staff)
    assert Placement.objects.get(participant=other_participant).recorded_by is None
    assert ConcernKeyword.objects.get(phrase="cannot cope").added_by is None
