"""Demo evaluation surveys for the 2025 pilot: seven end-of-program answers (enough for
the results to show), two six-month placement answers (too few: staff see "fewer than
5"), and open surveys for Alma and Bianca to try. Answers go through the site's own
service, so invitations are marked answered as in real use. Invented words; safe to run
again (a pilot with answers is left as it is)."""

import datetime

from django.db import transaction
from django.utils import timezone

from checkins.models import Survey, SurveyInvitation, SurveyResponse
from checkins.surveys.services import survey_answer
from cohorts.models import Participant

# (demo email's local part, survey, answers, comment); "open": the survey waits for them.
END = Survey.END_OF_PROGRAM
ANSWERED = [
    (
        "carmen",
        END,
        {"safe": 5, "respected": 5, "team_support": 4, "peer_support": 5, "prepared": 4, "recovery": 4, "recommend": 5},
        "The intensive week changed how I see my own story.",
    ),
    (
        "dana",
        END,
        {"safe": 4, "respected": 5, "team_support": 5, "peer_support": 4, "prepared": 3, "recovery": 4, "recommend": 5},
        "",
    ),
    (
        "elena",
        END,
        {"safe": 5, "respected": 4, "team_support": 4, "peer_support": 3, "prepared": 4, "recovery": 5, "recommend": 4},
        "More practice sessions before placement, please.",
    ),
    (
        "faith",
        END,
        {
            "safe": 4,
            "respected": 5,
            "team_support": 5,
            "peer_support": 5,
            "prepared": 4,
            "recovery": "prefer_not",
            "recommend": 5,
        },
        "",
    ),
    (
        "grace",
        END,
        {"safe": 5, "respected": 5, "team_support": 4, "peer_support": 4, "prepared": 5, "recovery": 4, "recommend": 5},
        "I felt believed here.",
    ),
    (
        "hope",
        END,
        {"safe": 3, "respected": 4, "team_support": 4, "peer_support": 4, "prepared": 3, "recovery": 3, "recommend": 4},
        "",
    ),
    (
        "imani",
        END,
        {"safe": 4, "respected": 5, "team_support": 5, "peer_support": 4, "prepared": 4, "recovery": 4, "recommend": 5},
        "",
    ),
    (
        "hope",
        Survey.PLACEMENT_6,
        {"terms": "paid", "safe": 4, "satisfied": 4, "work_support": 3, "conditions": 3, "fair_pay": 2, "recovery": 4},
        "",
    ),
    (
        "imani",
        Survey.PLACEMENT_6,
        {"terms": "volunteer", "safe": 5, "satisfied": 5, "work_support": 4, "conditions": 4, "recovery": 5},
        "",
    ),
]
OPEN = [("participant", END), ("bianca", END)]


def seed_surveys(*, pilot_year: int = 2025, domain: str = "demo.cpse.invalid") -> None:
    if SurveyResponse.objects.filter(cohort__year=pilot_year).exists():
        return
    people = {
        p.user.email.split("@")[0]: p
        for p in Participant.objects.filter(cohort__year=pilot_year, user__email__endswith=f"@{domain}").select_related(
            "cohort", "user"
        )
    }
    today = timezone.localdate()
    opened = today - datetime.timedelta(days=3)
    with transaction.atomic():
        for local, survey in OPEN:
            if local in people:
                SurveyInvitation.objects.get_or_create(
                    participant=people[local], survey=survey, defaults={"opens_on": opened}
                )
        for local, survey, answers, comment in ANSWERED:
            if local not in people:
                continue
            invitation, _created = SurveyInvitation.objects.get_or_create(
                participant=people[local], survey=survey, defaults={"opens_on": opened}
            )
            if not invitation.answered and not invitation.declined:
                survey_answer(invitation=invitation, answers=answers, comment=comment, today=today)
