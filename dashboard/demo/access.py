"""Demo access needs: a few pilot participants and 2026 applicants with interpreters,
captions, extra time or formats, so the interview, attendance and exam pages show them.
Invented people; safe to run again (a person with a record is left as it is)."""

from accounts.models import User
from applications.access.services import access_needs_save
from applications.models import AccessNeeds

DOMAIN = "demo.cpse.invalid"
F = AccessNeeds.Format

# (demo email's local part, what they need)
NEEDS = [
    ("carmen", {"interpreter_language": "Spanish", "captioning": True}),
    ("dana", {"extra_time": True, "formats": [F.READ_ALOUD, F.PLAIN_LANGUAGE]}),
    ("faith", {"captioning": True, "formats": [F.LARGE_PRINT], "note": "Short breaks every hour help me focus."}),
    ("jo", {"interpreter_language": "American Sign Language", "captioning": True}),
    ("ada", {"extra_time": True, "formats": [F.PAPER]}),
]


def seed_access() -> None:
    people = {user.email.split("@")[0]: user for user in User.objects.filter(email__endswith=f"@{DOMAIN}")}
    recorded = set(AccessNeeds.objects.filter(user__in=people.values()).values_list("user_id", flat=True))
    for local, needs in NEEDS:
        person = people.get(local)
        if person is None or person.pk in recorded:
            continue
        access_needs_save(user=person, by=person, **needs)
