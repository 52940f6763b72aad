"""What peer mentorship holds about a person: as a participant, their pairings, what they
share and the meetings logged with them; as a mentor, their rate, meetings and payments;
their offers to mentor.

Erasure: a participant's pairings and meetings go. A mentor's payments are financial
records and stay (the account itself is anonymised by accounts), so the mentor row stays
too, made inactive; their offers and invitations go."""

from django.utils import timezone

from cpse import data_rights
from cpse.audit.services import redact_change_history
from mentorship.models import Mentor, MentorInvitation, MentorMeeting, MentorPayment, Mentorship, MentorVolunteer


def _meeting(meeting: MentorMeeting) -> dict:
    return {"date": meeting.met_on, "minutes": meeting.minutes, "topic": meeting.get_topic_display()}


def export(user) -> dict:
    as_participant = Mentorship.objects.filter(participant__user=user).select_related("mentor__user")
    mentor = Mentor.objects.filter(user=user).first()
    data = {
        "my_mentors": [
            {
                "mentor": str(mentorship.mentor.user),
                "started": mentorship.started_on,
                "ended": mentorship.ended_on,
                "shares_progress": mentorship.shares_progress,
                "shares_placement": mentorship.shares_placement,
                "shares_contact": mentorship.shares_contact,
                "sharing_changed": mentorship.shares_updated_at,
                "meetings": [_meeting(m) for m in mentorship.meetings.order_by("met_on", "pk")],
            }
            for mentorship in as_participant
        ],
        "offers_to_mentor": [
            {"sent": offer.created_at, "message": offer.message, "answer": offer.get_status_display()}
            for offer in MentorVolunteer.objects.filter(user=user)
        ],
    }
    if mentor is not None:
        data["as_mentor"] = {
            "background": mentor.get_background_display(),
            "hourly_rate_cents": mentor.hourly_rate_cents,
            "meetings": [
                _meeting(m) for m in MentorMeeting.objects.filter(mentorship__mentor=mentor).order_by("met_on", "pk")
            ],
            "payments": [
                {"paid_on": p.paid_on, "minutes": p.minutes, "amount_cents": p.amount_cents, "reference": p.reference}
                for p in MentorPayment.objects.filter(mentor=mentor)
            ],
        }
    return data


def erase(user) -> None:
    rows = {
        MentorMeeting: MentorMeeting.objects.filter(mentorship__participant__user=user, payment__isnull=True),
        Mentorship: Mentorship.objects.filter(participant__user=user),
        MentorVolunteer: MentorVolunteer.objects.filter(user=user),
        MentorInvitation: MentorInvitation.objects.filter(email__iexact=user.email),
    }
    # Paid meetings back a mentor's payment: they stay, no longer tied to the person.
    paid = MentorMeeting.objects.filter(mentorship__participant__user=user, payment__isnull=False)
    if paid.exists():
        rows.pop(Mentorship)
        Mentorship.objects.filter(participant__user=user).update(
            shares_progress=False, shares_placement=False, shares_contact=False
        )
    pks = {model: list(queryset.values_list("pk", flat=True)) for model, queryset in rows.items()}
    for queryset in rows.values():
        queryset.delete()
    for model, model_pks in pks.items():
        redact_change_history(model, model_pks)
    # A mentor who leaves: their mentees' pairings end (staff pair them anew).
    Mentor.objects.filter(user=user).update(active=False)
    Mentorship.objects.filter(mentor__user=user, ended_on__isnull=True).update(ended_on=timezone.localdate())
    MentorMeeting.objects.filter(logged_by=user).update(logged_by=None)
    Mentorship.objects.filter(created_by=user).update(created_by=None)
    MentorPayment.objects.filter(recorded_by=user).update(recorded_by=None)
    MentorVolunteer.objects.filter(decided_by=user).update(decided_by=None)
    MentorInvitation.objects.filter(invited_by=user).update(invited_by=None)
    MentorInvitation.objects.filter(accepted_by=user).update(accepted_by=None)


def register() -> None:
    data_rights.register(
        data_rights.PersonalData(
            name="peer_mentorship",
            models=(Mentor, MentorVolunteer, MentorInvitation, Mentorship, MentorPayment, MentorMeeting),
            export=export,
            erase=erase,
        )
    )
