"""Every URL pattern, requested by every persona (SECURITY.md, "Access").

A pattern without an entry here fails `test_every_url_is_in_the_matrix`, so a new view
cannot slip through unlisted. Each entry says what each persona gets:

    OK        200
    LOGIN     302 to the sign-in page
    DENY      403 (may know it exists, may not use it)
    HIDE      404 (may not know it exists)
    REDIRECT  302 somewhere other than sign-in
    SAFE      any answer below 500 (allauth's own flows, tested in tests/accounts)
    405       POST-only endpoints (a GET is refused whoever asks)

The Django admin (every pattern under back-office/) is for superusers only; others end on
the sign-in page or a 403 (`test_admin_is_for_superusers_only`).
"""

import uuid
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.middleware import SESSION_SEEN
from tests.clock_readers import calendar_reads, part_of_the_test, part_runs, read_calendar
from tests.conftest import PERSONAS, Personas, made_for_the_module, make_personas, persona_users, start_afresh

OK, LOGIN, DENY, HIDE, REDIRECT, SAFE = "ok", "login", "deny", "hide", "redirect", "safe"
# POST-only endpoints: a GET is refused with 405 whoever asks; `post=` says who may POST.
ALLOWED_METHOD_ONLY = "405"
NO_CONTENT = "204"
STAFF = ("program_staff", "instructor", "finance")
SPONSORS = ("sponsor", "sponsor_without_consent")


@dataclass(frozen=True)
class Rule:
    default: str  # what a signed-in persona gets unless listed in `personas`
    anonymous: str = LOGIN
    personas: dict[str, str] = field(default_factory=dict)
    methods: tuple[str, ...] = ("GET",)
    kwargs: dict[str, str] = field(default_factory=dict)
    # What an empty POST gets, for endpoints that change state (None: GET-only or allauth).
    post: "Rule | None" = None

    def expected(self, persona: str) -> str:
        if persona == "anonymous":
            return self.anonymous
        return self.personas.get(persona, self.default)


def only(personas, outcome=OK, **rule) -> Rule:
    return Rule(default=DENY, personas=dict.fromkeys(personas, outcome), **rule)


def post_only(post: Rule, **rule) -> Rule:
    """An endpoint that takes POST only: GET answers 405 to everyone; `post` says the rest."""
    return Rule(default=ALLOWED_METHOD_ONLY, anonymous=ALLOWED_METHOD_ONLY, methods=("POST",), post=post, **rule)


ALLAUTH = Rule(default=SAFE, anonymous=SAFE, methods=("GET", "POST"))

MATRIX: dict[str, Rule] = {
    # Public
    "cohorts:program_home": Rule(default=OK, anonymous=OK),
    # Crisis and support lines: for anyone, signed in or not.
    "cohorts:help": Rule(default=OK, anonymous=OK),
    "set_language": Rule(default=REDIRECT, anonymous=REDIRECT, methods=("GET", "POST")),
    # Everyone signed in, each seeing only their own
    "cohorts:my_program": Rule(default=OK),
    "accounts:start": Rule(default=REDIRECT),
    "accounts:profile": Rule(default=OK, methods=("GET", "POST")),
    "accounts:keep_alive": post_only(Rule(default=NO_CONTENT)),
    # The quick exit's beacon: ends whatever session there is.
    "accounts:leave": post_only(Rule(default=NO_CONTENT, anonymous=NO_CONTENT)),
    "accounts:my_data": Rule(default=OK),
    # Asks to confirm it is me first (a password, and the code for those with a second
    # step) unless recently done: the personas here are signed in without it, so 302.
    # The download itself: tests/accounts/test_reauthentication.py, tests/cpse/test_data_rights.py.
    "accounts:my_data_download": Rule(default=REDIRECT),
    # An empty POST is a form error: back to the page with a message.
    "accounts:my_data_erasure": post_only(Rule(default=REDIRECT)),
    # Applications: applicant and public pages. Pages about one's own application find
    # it by the signed-in person (no id in the URL): without one, 404.
    "applications:interest": Rule(default=OK, anonymous=OK, methods=("GET", "POST")),
    "applications:interest_thanks": Rule(default=OK, anonymous=OK),
    "applications:mine": Rule(default=OK),
    "applications:start": post_only(Rule(default=REDIRECT)),
    "applications:step": Rule(default=HIDE, methods=("GET", "POST"), kwargs={"step": "about"}),
    "applications:book_interview": post_only(Rule(default=HIDE), kwargs={"slot_id": str(uuid.UUID(int=1))}),
    "applications:interview_calendar": Rule(default=HIDE),
    # Moving or cancelling one's own booked interview (issue #24): without one, 404.
    "applications:interview_change": Rule(default=HIDE),
    "applications:interview_move": post_only(Rule(default=HIDE), kwargs={"slot_id": str(uuid.UUID(int=1))}),
    "applications:interview_cancel": post_only(Rule(default=HIDE)),
    "applications:withdraw": post_only(Rule(default=HIDE)),
    "applications:appeal": post_only(Rule(default=HIDE)),
    # A made-up token: nobody, signed in or not, gets anything.
    "applications:recommend": Rule(
        default=HIDE, anonymous=HIDE, methods=("GET", "POST"), kwargs={"token": "not-a-token"}
    ),
    # Hours: the participant's own. The page says so to anyone without a participation;
    # logging needs one (404 without). Someone else's or an unknown entry: 404.
    "requirements_tracking:mine": Rule(default=OK),
    "requirements_tracking:entry_create": Rule(
        default=HIDE,
        methods=("GET", "POST"),
        personas={"participant": OK, "other_participant": OK},
        # An empty POST is the form again with its errors.
        post=Rule(default=HIDE, personas={"participant": OK, "other_participant": OK}),
    ),
    "requirements_tracking:entry_edit": Rule(
        default=HIDE, methods=("GET", "POST"), kwargs={"public_id": str(uuid.UUID(int=3))}
    ),
    # Withdrawing one's own waiting entry: a confirmation page, then a POST.
    "requirements_tracking:entry_withdraw_confirm": Rule(default=HIDE, kwargs={"public_id": str(uuid.UUID(int=3))}),
    "requirements_tracking:entry_withdraw": post_only(Rule(default=HIDE), kwargs={"public_id": str(uuid.UUID(int=3))}),
    # The document attached to one's own entry (tests/requirements_tracking/hours/test_evidence.py).
    "requirements_tracking:entry_evidence": Rule(default=HIDE, kwargs={"public_id": str(uuid.UUID(int=3))}),
    # Training sessions (participant and staff pages)
    # The participant's sessions: a kind note for anyone without a participation.
    "sessions:mine": Rule(default=OK),
    # Program staff schedule; instructors see the list and record attendance. Unknown
    # ids: 404 for those who may look, 403 for others. An empty POST is the form again.
    "sessions:staff_list": only(["program_staff", "instructor"]),
    "sessions:create": only(["program_staff"], methods=("GET", "POST"), post=only(["program_staff"])),
    "sessions:edit": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=4))},
        post=only(["program_staff"], HIDE),
    ),
    "sessions:delete": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=4))},
        post=only(["program_staff"], HIDE),
    ),
    "sessions:attendance": only(
        ["program_staff", "instructor"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=4))},
        post=only(["program_staff", "instructor"], HIDE),
    ),
    # (end of Training sessions)
    # Practicum (participant, supervisor and staff pages)
    # The participant's page says so to anyone without a participation; naming a host
    # needs one (an empty POST is the form again with its errors).
    "practicum:mine": Rule(
        default=OK,
        methods=("GET", "POST"),
        post=Rule(default=HIDE, personas={"participant": OK, "other_participant": OK}),
    ),
    # Logging needs a participation (404 without) and a named practicum (else back to the page).
    "practicum:log": Rule(
        default=HIDE,
        methods=("GET", "POST"),
        personas={"participant": REDIRECT, "other_participant": REDIRECT},
        post=Rule(default=HIDE, personas={"participant": REDIRECT, "other_participant": REDIRECT}),
    ),
    "practicum:edit": Rule(default=HIDE, methods=("GET", "POST"), kwargs={"public_id": str(uuid.UUID(int=4))}),
    # The supervisor's one-time link: a made-up token gets nothing, signed in or not.
    "practicum:link": Rule(default=HIDE, anonymous=HIDE, kwargs={"token": "not-a-token"}),
    "practicum:link_answer": post_only(Rule(default=HIDE, anonymous=HIDE), kwargs={"token": "not-a-token"}),
    # A supervisor with a sponsor-portal account answers signed in; unknown entries: 404.
    "practicum:supervise": only(SPONSORS),
    "practicum:supervise_answer": post_only(only(SPONSORS, HIDE), kwargs={"public_id": str(uuid.UUID(int=4))}),
    "practicum:staff_list": only(["program_staff"]),
    "practicum:staff_resend": post_only(only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=4))}),
    "practicum:staff_move": post_only(only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=4))}),
    # Verifying a supervisor: program staff, by the practicum's id (an unknown one: 404).
    "practicum:staff_verify": only(
        ["program_staff"], HIDE, methods=("GET", "POST"), kwargs={"public_id": str(uuid.UUID(int=4))}
    ),
    # (end of Practicum)
    # Exam: question bank and exam set-up (staff)
    # Program staff do everything; instructors manage the bank (questions) only. Unknown
    # ids: 404 for those who may look, 403 for others. An empty POST is the form again.
    "exam_bank:question_list": only(["program_staff", "instructor"]),
    "exam_bank:question_create": only(
        ["program_staff", "instructor"], methods=("GET", "POST"), post=only(["program_staff", "instructor"])
    ),
    "exam_bank:question_detail": only(
        ["program_staff", "instructor"], HIDE, kwargs={"public_id": str(uuid.UUID(int=5))}
    ),
    "exam_bank:question_edit": only(
        ["program_staff", "instructor"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=5))},
        post=only(["program_staff", "instructor"], HIDE),
    ),
    "exam_bank:question_retire": post_only(
        only(["program_staff", "instructor"], HIDE), kwargs={"public_id": str(uuid.UUID(int=5))}
    ),
    "exam_bank:question_restore": post_only(
        only(["program_staff", "instructor"], HIDE), kwargs={"public_id": str(uuid.UUID(int=5))}
    ),
    "exam_bank:competency_list": only(["program_staff"], methods=("GET", "POST"), post=only(["program_staff"])),
    "exam_bank:competency_edit": only(
        ["program_staff"], HIDE, methods=("GET", "POST"), kwargs={"pk": "999999"}, post=only(["program_staff"], HIDE)
    ),
    "exam_bank:competency_delete": post_only(only(["program_staff"], HIDE), kwargs={"pk": "999999"}),
    "exam_bank:exam_list": only(["program_staff"]),
    "exam_bank:exam_create": only(["program_staff"], methods=("GET", "POST"), post=only(["program_staff"])),
    "exam_bank:exam_detail": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=6))}),
    "exam_bank:exam_edit": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=6))},
        post=only(["program_staff"], HIDE),
    ),
    "exam_bank:accommodation_edit": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=6)), "participant_id": str(uuid.UUID(int=7))},
        post=only(["program_staff"], HIDE),
    ),
    # (end of Exam: question bank)
    # Exam: taking it (participant)
    # The exam page says so calmly to anyone without a participation or an exam; starting
    # needs both (404 without). Attempts are the owner's only: unknown or others' → 404.
    "exam:mine": Rule(default=OK),
    "exam:start": post_only(Rule(default=HIDE)),
    "exam:take": Rule(default=HIDE, kwargs={"public_id": str(uuid.UUID(int=5))}),
    "exam:save": post_only(Rule(default=HIDE), kwargs={"public_id": str(uuid.UUID(int=5))}),
    "exam:review": Rule(default=HIDE, kwargs={"public_id": str(uuid.UUID(int=5))}),
    "exam:submit": post_only(Rule(default=HIDE), kwargs={"public_id": str(uuid.UUID(int=5))}),
    "exam:result": Rule(default=HIDE, kwargs={"public_id": str(uuid.UUID(int=5))}),
    # (end of Exam: taking it)
    # Exam: scoring, remediation and appeals
    # Program staff and instructors score (blind); program staff re-score, see attempts
    # with names, keep remediation plans and decide appeals. Unknown ids: 404 for those
    # who may look, 403 for others. An empty POST is the form again (200).
    "exam_review:queue": only(["program_staff", "instructor"]),
    "exam_review:score": only(
        ["program_staff", "instructor"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"answer_id": "999999"},
        post=only(["program_staff", "instructor"], HIDE),
    ),
    "exam_review:rescore": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"answer_id": "999999"},
        post=only(["program_staff"], HIDE),
    ),
    "exam_review:attempts": only(["program_staff"]),
    "exam_review:attempt": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=5))}),
    "exam_review:remediation": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=5))},
        post=only(["program_staff"], HIDE),
    ),
    "exam_review:remediation_complete": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=5))}
    ),
    "exam_review:appeals": only(["program_staff"]),
    "exam_review:appeal_decide": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=5))},
        post=only(["program_staff"], HIDE),
    ),
    # The participant's own attempt only: anyone else's, or an unknown one, is 404.
    "exam_review:appeal": Rule(
        default=HIDE, methods=("GET", "POST"), kwargs={"public_id": str(uuid.UUID(int=5))}, post=Rule(default=HIDE)
    ),
    # (end of Exam: scoring)
    # Observed practice (competency assessments)
    # The participant's own page: a calm note for anyone without a participation.
    "competency:mine": Rule(default=OK),
    # Program staff and instructors (assessors). Unknown participants: 404 for them, 403
    # for others. An empty POST is the checklist again with its errors.
    "competency:overview": only(["program_staff", "instructor"]),
    "competency:checklist": only(
        ["program_staff", "instructor"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=5))},
        post=only(["program_staff", "instructor"], HIDE),
    ),
    # (end of Observed practice)
    # Certificates: staff pages (issue, batches, revoke, reissue, graduation)
    # Program staff only; unknown ids: 404 for them, 403 for the others. "Issue" and
    # "Issue all eligible" show the names that will print (GET) and issue on POST; without
    # a cohort (GET or POST) the batch goes back to the cohort page.
    "certificates_staff:cohort": only(["program_staff"]),
    "certificates_staff:graduation": only(["program_staff"]),
    "certificates_staff:issue": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=4))},
        post=only(["program_staff"], HIDE),
    ),
    "certificates_staff:batch_start": only(
        ["program_staff"], REDIRECT, methods=("GET", "POST"), post=only(["program_staff"], REDIRECT)
    ),
    "certificates_staff:batch": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=4))}),
    "certificates_staff:batch_progress": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=4))}),
    "certificates_staff:detail": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=4))}),
    "certificates_staff:revoke": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=4))},
        post=only(["program_staff"], HIDE),
    ),
    "certificates_staff:reissue": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=4))},
        post=only(["program_staff"], HIDE),
    ),
    # (end of Certificates: staff pages)
    # Certificates: the participant's page and files
    # The page: a calm note for anyone without a participation or certificate. Choosing
    # the name (POST) needs a participation not yet certified: an empty POST is the form
    # again with its message. Files: the owner's and program staff's only; anyone else,
    # and any unknown, revoked or replaced certificate, gets 404 (any person may own one).
    "certificates:mine": Rule(
        default=OK,
        methods=("GET", "POST"),
        post=Rule(default=HIDE, personas={"participant": OK, "other_participant": OK}),
    ),
    "certificates:certificate_pdf": Rule(default=HIDE, kwargs={"public_id": str(uuid.UUID(int=7))}),
    "certificates:wallet_pdf": Rule(default=HIDE, kwargs={"public_id": str(uuid.UUID(int=7))}),
    # The baked badge files: like the PDFs. Sharing: the owner's choice alone (POST only);
    # anyone else's or an unknown certificate is a 404, staff included.
    "certificates:badge_svg": Rule(default=HIDE, kwargs={"public_id": str(uuid.UUID(int=7))}),
    "certificates:badge_png": Rule(default=HIDE, kwargs={"public_id": str(uuid.UUID(int=7))}),
    "certificates:sharing": post_only(Rule(default=HIDE), kwargs={"public_id": str(uuid.UUID(int=7))}),
    # (end of Certificates: the participant's page)
    # Certificates: public verification and Open Badges
    # Anyone, signed in or not: the form and the issuer's public key. A made-up number
    # gets the same 404 whoever asks (and whatever is wrong with it).
    "certificates_public:verify": Rule(default=OK, anonymous=OK),
    "certificates_public:issuer": Rule(default=OK, anonymous=OK),
    # The signed revocation list badges point at (bits only, no one's name).
    "certificates_public:status_list": Rule(default=OK, anonymous=OK),
    "certificates_public:verify_number": Rule(default=HIDE, anonymous=HIDE, kwargs={"number": "NOTANUMBER1"}),
    "certificates_public:badge": Rule(default=HIDE, anonymous=HIDE, kwargs={"number": "NOTANUMBER1"}),
    # The badge picture of a credential (no one's): unknown abbreviations are a 404.
    "certificates_public:badge_image": Rule(default=HIDE, anonymous=HIDE, kwargs={"abbreviation": "NOSUCH"}),
    # Checking many numbers at once: anyone; an empty POST is the form again with its message (400).
    "certificates_bulk:verify_many": Rule(
        default=OK, anonymous=OK, methods=("GET", "POST"), post=Rule(default=SAFE, anonymous=SAFE)
    ),
    # (end of Certificates: public verification)
    # Certificates: expiry and renewal
    # Program staff only; an unknown credential or certificate is a 404 for them. An empty
    # POST is the form again with its message.
    "certificates_renewal:expiring": only(["program_staff"]),
    "certificates_renewal:renew": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=61))},
        post=only(["program_staff"], HIDE),
    ),
    "certificates_renewal:credential_settings": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"credential_id": "999999"},
        post=only(["program_staff"], HIDE),
    ),
    # (end of Certificates: expiry and renewal)
    # Certificates: continuing education (the graduate's hours and staff's queue)
    # The graduate's page says kindly when no certificate asks for hours (none of the
    # personas has one): adding needs one (404 without). Someone else's or an unknown entry,
    # or its document: 404 (program staff open documents of real entries only). Staff's
    # queue: program staff; an unknown entry is a 404 for them, 403 for the others.
    "continuing_education:mine": Rule(default=OK),
    "continuing_education:create": Rule(default=HIDE, methods=("GET", "POST"), post=Rule(default=HIDE)),
    "continuing_education:edit": Rule(
        default=HIDE, methods=("GET", "POST"), kwargs={"public_id": str(uuid.UUID(int=62))}, post=Rule(default=HIDE)
    ),
    "continuing_education:delete": Rule(
        default=HIDE, methods=("GET", "POST"), kwargs={"public_id": str(uuid.UUID(int=62))}, post=Rule(default=HIDE)
    ),
    "continuing_education:evidence": Rule(default=HIDE, kwargs={"public_id": str(uuid.UUID(int=62))}),
    "continuing_education:queue": only(["program_staff"]),
    "continuing_education:review": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=62))}),
    "continuing_education:approve": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=62))}
    ),
    "continuing_education:return": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=62))}
    ),
    # (end of Certificates: continuing education)
    # Placement: the participant's placement and pauses; staff recording them
    # The participant's own page: a kind note for anyone without a participation. An empty
    # POST is the form again with its errors; without a participation, 404.
    "placements:mine": Rule(
        default=OK,
        methods=("GET", "POST"),
        post=Rule(default=HIDE, personas={"participant": OK, "other_participant": OK}),
    ),
    # Correcting the current placement: without one, back to the placement page; without a
    # participation, 404.
    "placements:correct": Rule(
        default=HIDE,
        methods=("GET", "POST"),
        personas={"participant": REDIRECT, "other_participant": REDIRECT},
        post=Rule(default=HIDE, personas={"participant": REDIRECT, "other_participant": REDIRECT}),
    ),
    # Program staff, for one participant (an unknown one: 404); an empty POST is the form again.
    **{
        f"placements:{name}": only(
            ["program_staff"],
            HIDE,
            methods=("GET", "POST"),
            kwargs={"public_id": str(uuid.UUID(int=6))},
            post=only(["program_staff"], HIDE),
        )
        for name in ("staff_detail", "staff_correct", "staff_end", "staff_pause", "staff_resume")
    },
    # (end of Placement)
    # Check-ins: the participant's check-ins
    # The list says so to anyone without a placement; a check-in is found among the
    # signed-in person's own (anyone else's or an unknown one: 404).
    "checkins:mine": Rule(default=OK),
    "checkins:checkin": Rule(
        default=HIDE, methods=("GET", "POST"), kwargs={"public_id": str(uuid.UUID(int=6))}, post=Rule(default=HIDE)
    ),
    "checkins:save": post_only(Rule(default=HIDE), kwargs={"public_id": str(uuid.UUID(int=6))}),
    "checkins:thanks": Rule(default=HIDE, kwargs={"public_id": str(uuid.UUID(int=6))}),
    # (end of Check-ins: participant pages)
    # Check-ins: staff board, concerns and keywords
    # Program staff only (never instructors, finance or sponsors). Unknown ids: 404 for
    # program staff, 403 for others. An empty POST to a form is the form again (200).
    "checkins_staff:board": only(["program_staff"]),
    "checkins_staff:concerns": only(["program_staff"]),
    "checkins_staff:participant": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=5))}),
    "checkins_staff:checkin_reviewed": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=5))}
    ),
    "checkins_staff:concern": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=5))}),
    "checkins_staff:concern_follow_up": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=5))}
    ),
    "checkins_staff:concern_reopen": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=5))}
    ),
    "checkins_staff:keywords": only(["program_staff"], methods=("GET", "POST"), post=only(["program_staff"])),
    # An empty POST names no keyword: 404 for program staff.
    "checkins_staff:keyword_active": post_only(only(["program_staff"], HIDE)),
    # (end of Check-ins: staff pages)
    # Messages and reminders: staff message log, resend; preferences
    # The person's own messages (kept here when they asked not to be emailed): their own only.
    "accounts:messages": Rule(default=OK),
    # Marking another person's message (or none) read changes nothing: back to one's own list.
    "accounts:message_read": post_only(Rule(default=REDIRECT), kwargs={"notification_id": str(uuid.uuid4())}),
    # The filters are posted (a person's name or email never reaches the URL): back to the
    # log with a key for the search.
    # Monitoring: anyone (the probe has no session); it says only which part works.
    "ops:healthz": Rule(default=OK, anonymous=OK),
    "notify_staff:log": only(["program_staff"], methods=("GET", "POST"), post=only(["program_staff"], REDIRECT)),
    # An unknown message: 404 for program staff; others are refused before looking.
    "notify_staff:resend": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"notification_id": str(uuid.uuid4())},
        post=only(["program_staff"], HIDE),
    ),
    # (end of Messages and reminders)
    # Sponsors: public interest form, invitations, organisations, portal, consent
    # The public form: an empty POST is the form again with its errors.
    "sponsors_public:lead_form": Rule(
        default=OK, anonymous=OK, methods=("GET", "POST"), post=Rule(default=OK, anonymous=OK)
    ),
    "sponsors_public:lead_thanks": Rule(default=OK, anonymous=OK),
    # A made-up invitation token: nobody, signed in or not, gets anything. Accepting asks
    # anonymous people to sign in first.
    "sponsors_public:invitation": Rule(default=HIDE, anonymous=HIDE, kwargs={"token": "not-a-token"}),
    "sponsors_public:invitation_accept": post_only(
        Rule(default=HIDE, anonymous=LOGIN), kwargs={"token": "not-a-token"}
    ),
    # The portal: sponsors only. A participant no sponsor of theirs pays for: 404 (the
    # consent cases are in tests/sponsors/test_portal*.py).
    "sponsors:portal": only(SPONSORS),
    "sponsors:impact_download": only(SPONSORS),
    "sponsors:impact_pdf": only(SPONSORS),
    "sponsors:participant": only(SPONSORS, HIDE, kwargs={"public_id": str(uuid.UUID(int=6))}),
    "sponsors:participant_progress": only(SPONSORS, HIDE, kwargs={"public_id": str(uuid.UUID(int=6))}),
    # The participant's consent page: a kind note for anyone without a sponsor; saving for
    # a sponsor that does not pay for you (or without a participation): 404.
    "sponsors_consent:mine": Rule(default=OK),
    "sponsors_consent:save": post_only(Rule(default=HIDE), kwargs={"public_id": str(uuid.UUID(int=6))}),
    # Staff: program staff manage organisations and leads; finance may look at the
    # organisations. Unknown ids: 404 for those who may look, 403 for others.
    # The search is posted (a contact's name or email never reaches the URL): back to the list.
    "sponsors_staff:list": only(
        ["program_staff", "finance"], methods=("GET", "POST"), post=only(["program_staff", "finance"], REDIRECT)
    ),
    "sponsors_staff:create": only(["program_staff"], methods=("GET", "POST"), post=only(["program_staff"])),
    "sponsors_staff:detail": only(["program_staff", "finance"], HIDE, kwargs={"public_id": str(uuid.UUID(int=6))}),
    "sponsors_staff:edit": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=6))},
        post=only(["program_staff"], HIDE),
    ),
    "sponsors_staff:invite": post_only(only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=6))}),
    "sponsors_staff:invitation_resend": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=6))}
    ),
    "sponsors_staff:invitation_cancel": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=6))}
    ),
    "sponsors_staff:member_remove": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=6))}
    ),
    "sponsors_staff:leads": only(["program_staff"]),
    "sponsors_staff:lead_detail": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=6))},
        post=only(["program_staff"], HIDE),
    ),
    # (end of Sponsors: portal and consent)
    # Sponsors: sponsorships, fees, invoices, payments (staff and billing pages)
    # Program staff and finance staff; recording payments and cancelling invoices are
    # finance's alone. Unknown pledges, participants, invoices and cohorts are 404 for them.
    # An empty POST to a form is the form again with its messages.
    "sponsors_finance:overview": only(["program_staff", "finance"]),
    "sponsors_finance:sponsorships": only(["program_staff", "finance"]),
    "sponsors_finance:invoices": only(["program_staff", "finance"]),
    "sponsors_finance:sponsorship_create": only(
        ["program_staff", "finance"], methods=("GET", "POST"), post=only(["program_staff", "finance"])
    ),
    "sponsors_finance:sponsorship_detail": only(
        ["program_staff", "finance"], HIDE, kwargs={"public_id": str(uuid.UUID(int=9))}
    ),
    "sponsors_finance:seat_assign": post_only(
        only(["program_staff", "finance"], HIDE), kwargs={"public_id": str(uuid.UUID(int=9))}
    ),
    # Invoicing a sponsor: a preview (GET), issued on confirmation (POST).
    "sponsors_finance:sponsorship_invoice": only(
        ["program_staff", "finance"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=9))},
        post=only(["program_staff", "finance"], HIDE),
    ),
    "sponsors_finance:sponsorship_cancel": only(
        ["program_staff", "finance"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=9))},
        post=only(["program_staff", "finance"], HIDE),
    ),
    "sponsors_finance:seat_unassign": post_only(
        only(["program_staff", "finance"], HIDE),
        kwargs={"public_id": str(uuid.UUID(int=9)), "participant_id": str(uuid.UUID(int=10))},
    ),
    "sponsors_finance:seat_release": only(
        ["program_staff", "finance"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=9)), "participant_id": str(uuid.UUID(int=10))},
        post=only(["program_staff", "finance"], HIDE),
    ),
    "sponsors_finance:cohort_fees": only(["program_staff", "finance"], HIDE, kwargs={"pk": "999999"}),
    "sponsors_finance:participant_fee": only(
        ["program_staff", "finance"], HIDE, kwargs={"public_id": str(uuid.UUID(int=9))}
    ),
    "sponsors_finance:reduction_create": post_only(
        only(["program_staff", "finance"], HIDE), kwargs={"public_id": str(uuid.UUID(int=9))}
    ),
    "sponsors_finance:participant_invoice": post_only(
        only(["program_staff", "finance"], HIDE), kwargs={"public_id": str(uuid.UUID(int=9))}
    ),
    "sponsors_finance:invoice_detail": only(
        ["program_staff", "finance"], HIDE, kwargs={"public_id": str(uuid.UUID(int=9))}
    ),
    "sponsors_finance:invoice_void": only(
        ["finance"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=9))},
        post=only(["finance"], HIDE),
    ),
    "sponsors_finance:payment_create": only(
        ["finance"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=9))},
        post=only(["finance"], HIDE),
    ),
    # Correcting or reversing a payment entered wrongly: finance's, as recording it is.
    "sponsors_finance:payment_correct": only(
        ["finance"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=9))},
        post=only(["finance"], HIDE),
    ),
    "sponsors_finance:payment_reverse": only(
        ["finance"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=9))},
        post=only(["finance"], HIDE),
    ),
    "sponsors_finance:invoice_pdf": only(
        ["program_staff", "finance"], HIDE, kwargs={"public_id": str(uuid.UUID(int=9))}
    ),
    "sponsors_finance:receipt_pdf": only(
        ["program_staff", "finance"], HIDE, kwargs={"public_id": str(uuid.UUID(int=9))}
    ),
    # The sponsor's own invoices and receipts: members of a sponsor; another's is a 404.
    "sponsors_billing:index": only(SPONSORS),
    "sponsors_billing:invoice_pdf": only(SPONSORS, HIDE, kwargs={"public_id": str(uuid.UUID(int=9))}),
    "sponsors_billing:receipt_pdf": only(SPONSORS, HIDE, kwargs={"public_id": str(uuid.UUID(int=9))}),
    # The participant's own fee: anyone signed in (a calm note without one); files are
    # found through the person, so anything else is a 404.
    "sponsors_fee:mine": Rule(default=OK),
    "sponsors_fee:invoice_pdf": Rule(default=HIDE, kwargs={"public_id": str(uuid.UUID(int=9))}),
    "sponsors_fee:receipt_pdf": Rule(default=HIDE, kwargs={"public_id": str(uuid.UUID(int=9))}),
    # (end of Sponsors: money)
    # Staff
    "dashboard:home": only(STAFF),
    "dashboard:audit": only(["program_staff"]),
    "dashboard:erasure_requests": only(["program_staff"]),
    # Unknown ids: program staff get 404, everyone else is refused before the lookup.
    "dashboard:erasure_request": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=1))}),
    "dashboard:erasure_request_confirm": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=1))}
    ),
    "dashboard:erasure_request_cancel": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=1))}
    ),
    # Applications: staff pages. Program staff do everything; instructors see the interview
    # times and score interviews. Unknown ids: 404 for those who may look, 403 for others.
    "applications_staff:queue": only(["program_staff"]),
    "applications_staff:interviews": only(["program_staff", "instructor"]),
    # An empty POST is a form with errors, shown again (200).
    "applications_staff:interview_panel": only(
        ["program_staff"], HIDE, methods=("GET", "POST"), kwargs={"public_id": str(uuid.UUID(int=1))}
    ),
    "applications_staff:interview_slot_create": post_only(only(["program_staff"])),
    # Several times at once: an empty POST is the form again with its errors.
    "applications_staff:interview_slot_series": only(
        ["program_staff"], methods=("GET", "POST"), post=only(["program_staff"])
    ),
    # Changing or deleting one time: unknown ids are 404 for program staff, 403 for others.
    "applications_staff:interview_slot_edit": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=1))},
        post=only(["program_staff"], HIDE),
    ),
    "applications_staff:interview_slot_delete": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=1))},
        post=only(["program_staff"], HIDE),
    ),
    "applications_staff:decision_templates": only(
        ["program_staff"], methods=("GET", "POST"), post=only(["program_staff"])
    ),
    "applications_staff:detail": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=2))}),
    "applications_staff:education_document": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=2))}),
    "applications_staff:decision": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=2))}),
    "applications_staff:score": only(
        ["program_staff", "instructor"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=2))},
        post=only(["program_staff", "instructor"], HIDE),
    ),
    "applications_staff:mark_under_review": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=2))}
    ),
    "applications_staff:invite": post_only(only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=2))}),
    "applications_staff:decide": post_only(only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=2))}),
    "applications_staff:withdraw": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=2))}
    ),
    "applications_staff:note_add": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=2))}
    ),
    "applications_staff:recommendation_contact": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=2))}
    ),
    "applications_staff:recommender_verify": only(
        ["program_staff"], HIDE, methods=("GET", "POST"), kwargs={"public_id": str(uuid.UUID(int=2))}
    ),
    "applications_staff:appeal_decide": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=2))}
    ),
    # An application's interview (issue #24): program staff move, cancel or mark it
    # missed; the .ics is for program staff and the interviewers on its panel (an
    # instructor not on it gets 404, as for an unknown id).
    "applications_staff:interview_move": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=2))}
    ),
    "applications_staff:interview_cancel": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=2))}
    ),
    "applications_staff:interview_missed": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=2))}
    ),
    "applications_staff:interview_calendar": only(
        ["program_staff", "instructor"], HIDE, kwargs={"public_id": str(uuid.UUID(int=2))}
    ),
    # (end of Applications: staff pages)
    # The interest list: program staff only. Unknown ids: 404 for program staff, 403 for others.
    "interest:list": only(["program_staff"]),
    "interest:csv": only(["program_staff"]),
    "interest:call_or_text": only(["program_staff"]),
    "interest:invite_again": post_only(only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=13))}),
    "interest:mark_contacted": post_only(only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=13))}),
    # A confirmation page, then the POST that removes.
    "interest:remove": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=13))},
        post=only(["program_staff"], HIDE),
    ),
    # Hours: program staff only (instructors and finance do not read reflections).
    "requirements_tracking_staff:inbox": only(["program_staff"]),
    "requirements_tracking_staff:review": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=3))}),
    # A participant's document: program staff only (mentors, sponsors, instructors never).
    "requirements_tracking_staff:evidence": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=3))}),
    "requirements_tracking_staff:approve": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=3))}
    ),
    "requirements_tracking_staff:return": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=3))}
    ),
    # Cohorts: staff pages
    # Program staff only. Unknown ids: 404 for program staff, 403 for others. An empty
    # POST to a form is the form again with its errors (200); to an unknown id, 404.
    "cohorts_staff:cohort_list": only(["program_staff"]),
    "cohorts_staff:cohort_create": only(["program_staff"], methods=("GET", "POST"), post=only(["program_staff"])),
    "cohorts_staff:cohort_detail": only(["program_staff"], HIDE, kwargs={"pk": "999999"}),
    "cohorts_staff:cohort_edit": only(
        ["program_staff"], HIDE, methods=("GET", "POST"), kwargs={"pk": "999999"}, post=only(["program_staff"], HIDE)
    ),
    # The public page as it will read for a cohort, before it is featured (issue #24).
    "cohorts_staff:cohort_preview": only(["program_staff"], HIDE, kwargs={"pk": "999999"}),
    "cohorts_staff:participant_detail": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=4))}),
    "cohorts_staff:participant_leave": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=4))}
    ),
    "cohorts_staff:participant_return": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=4))}
    ),
    "cohorts_staff:participant_withdraw": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=4))},
        post=only(["program_staff"], HIDE),
    ),
    "cohorts_staff:participant_transfer": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=4))},
        post=only(["program_staff"], HIDE),
    ),
    "cohorts_staff:requirement_set_list": only(["program_staff"]),
    "cohorts_staff:requirement_set_copy": only(
        ["program_staff"], HIDE, methods=("GET", "POST"), kwargs={"pk": "999999"}, post=only(["program_staff"], HIDE)
    ),
    "cohorts_staff:requirement_set_edit": only(
        ["program_staff"], HIDE, methods=("GET", "POST"), kwargs={"pk": "999999"}, post=only(["program_staff"], HIDE)
    ),
    # (end of Cohorts: staff pages)
    # Progress: the cohort grid (program staff). With no cohort the spreadsheet is 404.
    "requirements_tracking_staff:grid": only(["program_staff"]),
    "requirements_tracking_staff:grid_download": only(["program_staff"]),
    # (end of Progress)
    # Code of ethics and competency milestones
    # Participants read and acknowledge their credential's code (anyone without a
    # participation: 403; an unknown version: 404). An unticked box is the page again.
    "ethics:mine": only(["participant", "other_participant"]),
    "ethics:acknowledge": post_only(only(["participant", "other_participant"])),
    "ethics:version": only(["participant", "other_participant"], HIDE, kwargs={"version": "999"}),
    # Program staff publish and see who acknowledged; instructors may read the versions.
    "ethics:staff_list": only(["program_staff", "instructor"]),
    "ethics:staff_detail": only(["program_staff", "instructor"], HIDE, kwargs={"pk": "999999"}),
    "ethics:staff_publish": only(["program_staff"], methods=("GET", "POST"), post=only(["program_staff"])),
    "ethics:staff_acknowledgments": only(["program_staff"]),
    # (end of Code of ethics and competency milestones)
    # Readiness and program pauses
    # The person's own questions: a kind note without an interview or a participation;
    # answering needs one (404 without; an empty POST is the form again with its errors).
    "readiness:interview": Rule(default=OK, methods=("GET", "POST"), post=Rule(default=HIDE)),
    "readiness:before_practicum": Rule(
        default=OK,
        methods=("GET", "POST"),
        post=Rule(default=HIDE, personas={"participant": OK, "other_participant": OK}),
    ),
    # Program staff; instructors judge at interview for interviews they scored (others,
    # and unknown ids: 404). An empty POST is the form again.
    "readiness:staff_list": only(["program_staff"]),
    "readiness:staff_application": only(
        ["program_staff", "instructor"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=12))},
        post=only(["program_staff", "instructor"], HIDE),
    ),
    "readiness:staff_participant": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=12))},
        post=only(["program_staff"], HIDE),
    ),
    "readiness:pause_start": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=12))},
        post=only(["program_staff"], HIDE),
    ),
    "readiness:pause_extend": post_only(only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=12))}),
    "readiness:pause_end": post_only(only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=12))}),
    # (end of Readiness and program pauses)
    # Access needs
    # One's own: every signed-in person (an empty POST saves "nothing needed" and comes back).
    "access_needs:mine": Rule(default=OK, methods=("GET", "POST"), post=Rule(default=REDIRECT)),
    # Program staff, for a participation's or application's public id; unknown: 404.
    "access_needs:staff_edit": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=5))},
        post=only(["program_staff"], HIDE),
    ),
    # (end of Access needs)
    # Supervision
    # The participant's page says so to anyone without a participation; writing a contract
    # or logging needs one (404 without). Logging without an agreed contract: back to the
    # page. An unknown setting or someone else's session: 404.
    "supervision:mine": Rule(default=OK),
    "supervision:contract": Rule(
        default=HIDE,
        methods=("GET", "POST"),
        personas={"participant": OK, "other_participant": OK},
        kwargs={"setting": "practicum"},
        post=Rule(default=HIDE, personas={"participant": OK, "other_participant": OK}),
    ),
    # No contract yet: 404.
    "supervision:agree": post_only(Rule(default=HIDE), kwargs={"setting": "practicum"}),
    "supervision:resend": post_only(Rule(default=HIDE), kwargs={"setting": "practicum"}),
    "supervision:log": Rule(
        default=HIDE,
        methods=("GET", "POST"),
        personas={"participant": REDIRECT, "other_participant": REDIRECT},
        kwargs={"setting": "placement"},
        post=Rule(default=HIDE, personas={"participant": REDIRECT, "other_participant": REDIRECT}),
    ),
    "supervision:edit": Rule(default=HIDE, methods=("GET", "POST"), kwargs={"public_id": str(uuid.UUID(int=4))}),
    "supervision:delete": Rule(default=HIDE, methods=("GET", "POST"), kwargs={"public_id": str(uuid.UUID(int=4))}),
    # The supervisor: a made-up token gets the same calm page (404) whoever asks; signed
    # in, the contracts waiting for their account (none: an empty page).
    "supervision:link": Rule(default=HIDE, anonymous=HIDE, kwargs={"token": "not-a-token"}),
    "supervision:link_agree": post_only(Rule(default=HIDE, anonymous=HIDE), kwargs={"token": "not-a-token"}),
    "supervision:supervise": Rule(default=OK),
    "supervision:supervise_agree": post_only(Rule(default=HIDE), kwargs={"public_id": str(uuid.UUID(int=4))}),
    # Program staff: unknown ids 404; other roles 403.
    "supervision:staff_participant": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=4))}),
    "supervision:staff_resend": post_only(only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=4))}),
    # (end of Supervision)
    # A supervisor's list of what waits for them (practicum hours and contracts): by the
    # daily email's link, a made-up token is the same calm 404 whoever asks, and its
    # answers find nothing (404); signed in, what waits for the account (none: an empty
    # page), and an item not theirs is a 404.
    "supervisor_digest:link": Rule(default=HIDE, anonymous=HIDE, kwargs={"token": "not-a-token"}),
    "supervisor_digest:link_hours": post_only(
        Rule(default=HIDE, anonymous=HIDE), kwargs={"token": "not-a-token", "public_id": str(uuid.UUID(int=4))}
    ),
    "supervisor_digest:link_contract": post_only(
        Rule(default=HIDE, anonymous=HIDE), kwargs={"token": "not-a-token", "public_id": str(uuid.UUID(int=4))}
    ),
    "supervisor_digest:mine": Rule(default=OK),
    "supervisor_digest:mine_hours": post_only(Rule(default=HIDE), kwargs={"public_id": str(uuid.UUID(int=4))}),
    "supervisor_digest:mine_contract": post_only(Rule(default=HIDE), kwargs={"public_id": str(uuid.UUID(int=4))}),
    # Evaluation surveys
    # The list says so to anyone without a survey; a survey is found among the signed-in
    # person's own invitations (none, or an unknown survey name: 404).
    "surveys:mine": Rule(default=OK),
    "surveys:survey": Rule(
        default=HIDE, methods=("GET", "POST"), kwargs={"survey": "end_of_program"}, post=Rule(default=HIDE)
    ),
    "surveys:decline": Rule(
        default=HIDE, methods=("GET", "POST"), kwargs={"survey": "placement_6"}, post=Rule(default=HIDE)
    ),
    "surveys:thanks": Rule(default=HIDE, kwargs={"survey": "placement_12"}),
    # Results are for program staff only (sponsors see theirs in the portal). An unknown
    # cohort: 404 for program staff, 403 for others.
    "surveys:staff_index": only(["program_staff"]),
    **{
        f"surveys:{name}": only(["program_staff"], HIDE, kwargs={"cohort_id": "987654"})
        for name in ("staff_cohort", "staff_download", "staff_pdf")
    },
    # (end of Evaluation surveys)
    # Mentorship
    # The mentor's portal: mentors only. A pairing or meeting that is not theirs (here a
    # made-up id): 404 for the mentor, 403 for everyone else. What a mentee does not share
    # is a 403 (tests/mentorship/test_mentorship_views.py).
    "mentorship:portal": only(["mentor"]),
    "mentorship:hours": only(["mentor"]),
    "mentorship:mentee": only(
        ["mentor"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=12))},
        post=only(["mentor"], HIDE),
    ),
    "mentorship:mentee_shared": only(
        ["mentor"], HIDE, kwargs={"public_id": str(uuid.UUID(int=12)), "share": "progress"}
    ),
    "mentorship:meeting_edit": only(
        ["mentor"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=12))},
        post=only(["mentor"], HIDE),
    ),
    "mentorship:meeting_delete": only(
        ["mentor"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=12))},
        post=only(["mentor"], HIDE),
    ),
    # A graduate's offer: everyone signed in reads how it works; only graduates may send
    # one (no persona here has graduated).
    "mentorship:volunteer": Rule(default=OK, methods=("GET", "POST"), post=Rule(default=DENY)),
    # A made-up invitation token: nobody gets anything; accepting asks anonymous people to
    # sign in first.
    "mentorship:invitation": Rule(default=HIDE, anonymous=HIDE, kwargs={"token": "not-a-token"}),
    "mentorship:invitation_accept": post_only(Rule(default=HIDE, anonymous=LOGIN), kwargs={"token": "not-a-token"}),
    # The participant's page: a kind note without a mentor; saving without one: 404.
    # The participant persona has a mentor (the mentor persona): choosing what to share works.
    "mentorship:mine": Rule(
        default=OK, methods=("GET", "POST"), post=Rule(default=HIDE, personas={"participant": REDIRECT})
    ),
    # Staff: program staff manage mentors and pairings; finance and program staff pay.
    "mentorship:staff_list": only(["program_staff"]),
    "mentorship:staff_add": only(["program_staff"], methods=("GET", "POST"), post=only(["program_staff"])),
    "mentorship:staff_pair": only(["program_staff"], methods=("GET", "POST"), post=only(["program_staff"])),
    "mentorship:staff_volunteers": only(["program_staff"]),
    "mentorship:staff_volunteer_accept": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=12))}
    ),
    "mentorship:staff_volunteer_decline": post_only(
        only(["program_staff"], HIDE), kwargs={"public_id": str(uuid.UUID(int=12))}
    ),
    "mentorship:staff_pairing_end": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=12))},
        post=only(["program_staff"], HIDE),
    ),
    "mentorship:staff_detail": only(
        ["program_staff"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=12))},
        post=only(["program_staff"], HIDE),
    ),
    "mentorship:staff_payments": only(["program_staff", "finance"]),
    "mentorship:staff_payment_record": only(
        ["program_staff", "finance"],
        HIDE,
        methods=("GET", "POST"),
        kwargs={"public_id": str(uuid.UUID(int=12))},
        post=only(["program_staff", "finance"], HIDE),
    ),
    # (end of Mentorship)
    # Staff dashboard and participant record
    # The record's pages and its history: program staff only; an unknown participant is a 404.
    "participant_record:record": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=6))}),
    "participant_record:placement": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=6))}),
    "participant_record:fees": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=6))}),
    "participant_record:standards": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=6))}),
    "participant_record:timeline": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=6))}),
    "participant_record:history": only(["program_staff"], HIDE, kwargs={"public_id": str(uuid.UUID(int=6))}),
    # (end of Staff dashboard and participant record)
    # Reports and bulk actions
    # Reports: program staff read all (exact figures, and their CSVs), finance what funders
    # get (outcomes, equity, the PDF, the funders' CSVs), others none. Without a cohort (as
    # here) there is no cohort report or PDF to make: 404.
    "reports:index": only(["program_staff", "finance"]),
    "reports:download": only(["program_staff"], kwargs={"report": "pipeline"}),
    "reports:funder_download": only(["program_staff", "finance"], kwargs={"report": "outcomes"}),
    "reports:funder_pdf": only(["program_staff", "finance"]),
    # Bulk actions: program staff only. An empty POST is the form again with its errors;
    # "Approve selected" with nothing ticked goes back to the inbox with a message.
    "bulk:index": only(["program_staff"]),
    "bulk:message": only(["program_staff"], methods=("GET", "POST"), post=only(["program_staff"])),
    # Staff search: every staff role (each finds only what it may open); an empty POST is
    # the form again with its error.
    "search:index": only(STAFF, methods=("GET", "POST"), post=only(STAFF)),
    # The private calendar feed (dashboard.calendar): each signed-in person's own page; the
    # reset asks first, unless there is no address yet (back to the page). The feed is
    # public by its secret token: a made-up token gets a 404, signed in or not.
    "calendar:index": Rule(default=OK),
    "calendar:reset_confirm": Rule(default=REDIRECT),
    "calendar:link_new": post_only(Rule(default=REDIRECT)),
    "calendar:feed": Rule(default=HIDE, anonymous=HIDE, kwargs={"token": "not-a-token"}),
    "requirements_tracking_staff:approve_selected": post_only(only(["program_staff"], REDIRECT)),
    # (end of Reports and bulk actions)
    # allauth: sign-in, sign-up, passwords, two-factor (flows tested in tests/accounts)
    "account_login": ALLAUTH,
    "account_logout": ALLAUTH,
    "account_inactive": ALLAUTH,
    "account_signup": ALLAUTH,
    "account_reauthenticate": ALLAUTH,
    # Changing how one signs in asks to confirm it is me first (as the data download).
    "account_email": Rule(default=REDIRECT, methods=("GET", "POST")),
    "account_email_verification_sent": ALLAUTH,
    "account_change_password": Rule(default=REDIRECT, methods=("GET", "POST")),
    "account_set_password": ALLAUTH,
    "account_reset_password": ALLAUTH,
    "account_confirm_login_code": ALLAUTH,
    "account_confirm_email": Rule(default=SAFE, anonymous=SAFE, methods=("GET", "POST"), kwargs={"key": "not-a-key"}),
    "account_reset_password_from_key_done": ALLAUTH,
    "account_reset_password_from_key": Rule(
        default=SAFE, anonymous=SAFE, methods=("GET", "POST"), kwargs={"uidb36": "zz", "key": "not-a-key"}
    ),
    "account_reset_password_done": ALLAUTH,
    "mfa_index": ALLAUTH,
    "mfa_authenticate": ALLAUTH,
    "mfa_reauthenticate": ALLAUTH,
    "mfa_activate_totp": ALLAUTH,
    "mfa_deactivate_totp": ALLAUTH,
    "mfa_view_recovery_codes": ALLAUTH,
    "mfa_generate_recovery_codes": ALLAUTH,
    "mfa_download_recovery_codes": ALLAUTH,
    "usersessions_list": ALLAUTH,
}
ADMIN_PREFIX = "back-office/"


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, prefix + str(pattern.pattern), pattern


def all_patterns():
    return list(_walk(get_resolver().url_patterns))


def _sample_kwargs(pattern: URLPattern) -> dict[str, str]:
    names = list(pattern.pattern.converters) or list(pattern.pattern.regex.groupindex)
    # app_label must be a real app; ids are made up (the admin answers unknown ids).
    return {name: "cohorts" if name == "app_label" else str(uuid.uuid4().int % 10**6) for name in names}


def _admin_patterns():
    return [(name, pattern) for name, route, pattern in all_patterns() if route.startswith(ADMIN_PREFIX) and name]


def admin_urls(*, sample: bool = False) -> list[tuple[str, str]]:
    """(name, URL) for each admin pattern, with made-up ids (the admin answers those).
    `sample`: the site's own pages and every page of one model per app (every other page
    passes the same gate: `test_every_admin_page_passes_the_sites_gate`)."""
    seen_apps: dict[str, object] = {}
    urls = []
    for name, pattern in _admin_patterns():
        model_admin = getattr(pattern.callback, "model_admin", None)
        if sample and model_admin is not None and _through_admin_view(pattern.callback):
            label = model_admin.model._meta.app_label
            if seen_apps.setdefault(label, model_admin) is not model_admin:
                continue
        urls.append((name, reverse(name, kwargs=_sample_kwargs(pattern))))
    return urls


def test_every_admin_page_passes_the_sites_gate():
    """Each admin page is wrapped by the site's permission check (`AdminSite.admin_view`,
    through a model admin or the site itself). The login page (allauth's
    `secure_admin_login`) and the password page, whose wrapping cannot be seen from here,
    are in every persona's sample."""
    unseen = sorted(name for name, pattern in _admin_patterns() if not _through_admin_view(pattern.callback))
    assert unseen == ["admin:auth_user_password_change", "admin:login"]
    assert set(unseen) <= {name for name, _url in admin_urls(sample=True)}


def _through_admin_view(view) -> bool:
    """Wrapped by the site (its `wrap`, or `admin_view` itself), however many decorators deep."""
    while view is not None:
        code = getattr(view, "__code__", None)
        if hasattr(view, "model_admin") or hasattr(view, "admin_site"):
            return True
        if code is not None and code.co_qualname == "AdminSite.admin_view.<locals>.inner":
            return True
        view = getattr(view, "__wrapped__", None)
    return False


def test_every_url_is_in_the_matrix():
    unlisted = [
        name or route for name, route, _ in all_patterns() if not route.startswith(ADMIN_PREFIX) and name not in MATRIX
    ]
    assert not unlisted, f"Add these URL patterns to the permission matrix: {unlisted}"
    known = {name for name, route, _ in all_patterns() if not route.startswith(ADMIN_PREFIX)}
    stale = sorted(set(MATRIX) - known)
    assert not stale, f"The matrix lists patterns that no longer exist: {stale}"


@dataclass
class SignedIn:
    """The personas' rows and, for each signed-in persona, its session's key."""

    personas: Personas
    sessions: dict[str, str]


def _make_signed_in() -> SignedIn:
    # Signing in writes (the session, the last sign-in, its audit row), and so does the
    # first request after it (accounts.middleware.SessionTimeoutMiddleware stamps when the
    # session began and was last seen): both done once here with the rows, and each case
    # is given the persona's session cookie. Unstamped, every case's request wrote the
    # session again, which a signed-in person's pages do at most once a minute.
    personas = make_personas()
    user_of = persona_users(personas.made.__getitem__)
    sessions = {}
    for persona in PERSONAS[1:]:
        client = Client()
        with calendar_reads() as read:
            client.force_login(user_of(persona))
            assert client.get(reverse("ops:healthz")).status_code == 200
        if read[0]:
            personas.read_the_calendar.add(persona)
        assert SESSION_SEEN in client.session, persona
        sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return SignedIn(personas=personas, sessions=sessions)


@pytest.fixture(scope="module")
def signed_in(django_db_setup, django_db_blocker, _clock_moment):
    # Made once for the thousands of cases here, not once a case: each case's changes are
    # rolled back to these rows (tests/conftest.py made_for_the_module).
    with made_for_the_module(django_db_blocker, _clock_moment, _make_signed_in) as made:
        yield made


@pytest.fixture
def persona_user(signed_in):
    """As tests/conftest.py's, from the personas this module shares."""

    def made(name):
        if name in signed_in.personas.read_the_calendar:
            read_calendar()
        return signed_in.personas.made[name]

    return persona_users(made)


@pytest.fixture
def sign_in(client, signed_in, persona_user):
    """Gives `client` the session the persona signed in with; returns the persona's user
    (None for anonymous)."""

    def as_persona(persona):
        user = persona_user(persona)
        if user is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = signed_in.sessions[persona]
        return user

    return as_persona


@pytest.fixture
def ask_each_persona(request, client, sign_in):
    """`ask(method, url)` asks as each persona in turn, each as its own test would: signed
    in with only its own session, started afresh (tests/conftest.py `start_afresh`), and whatever the
    request changed rolled back before the next. Returns {persona: response}.

    One test a URL asks every persona (not one test a URL and persona): the thousands of
    cases cost pytest's set-up and tear-down once a URL, not once a case (benchmarks/RESULTS.md).
    Each persona's request is a part of the test (tests/clock_readers.py): at the awkward
    moments only the personas whose request read the calendar are asked again."""

    def ask(method, url):
        responses = {}
        for persona in PERSONAS:
            if not part_runs(request.node, persona):
                continue
            client.cookies.clear()
            start_afresh()
            with part_of_the_test(request.node, persona), transaction.atomic():
                sign_in(persona)
                responses[persona] = getattr(client, method)(url)
                transaction.set_rollback(True)
        return responses

    return ask


def _wrong(response, outcome) -> str | None:
    """What is wrong with the answer for `outcome`, or None."""
    status = response.status_code
    where = response.get("Location", "")
    login_url = reverse(settings.LOGIN_URL)
    expected = {
        OK: status == 200,
        LOGIN: status == 302 and where.startswith(login_url),
        DENY: status == 403,
        HIDE: status == 404,
        REDIRECT: status == 302 and not where.startswith(login_url),
        SAFE: status < 500,
        ALLOWED_METHOD_ONLY: status == 405,
        NO_CONTENT: status == 204,
    }
    if outcome not in expected:  # pragma: no cover - a typo in the matrix
        raise AssertionError(f"unknown outcome {outcome!r}")
    return None if expected[outcome] else f"expected {outcome}, got {status} {where}".rstrip()


def _check_each(rule: Rule, responses: dict, url: str) -> None:
    wrong = {persona: _wrong(response, rule.expected(persona)) for persona, response in responses.items()}
    problems = [f"{persona}: {problem}" for persona, problem in wrong.items() if problem]
    assert not problems, f"{url}\n" + "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(ask_each_persona, name):
    rule = MATRIX[name]
    url = reverse(name, kwargs=rule.kwargs or None)
    _check_each(rule, ask_each_persona("get", url), url)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, r in MATRIX.items() if r.post))
def test_matrix_post(ask_each_persona, name):
    rule = MATRIX[name]
    url = reverse(name, kwargs=rule.kwargs or None)
    _check_each(rule.post, ask_each_persona("post", url), url)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, r in MATRIX.items() if "POST" not in r.methods))
def test_state_is_never_changed_by_a_method_a_view_does_not_take(client, sign_in, name):
    """GET-only pages answer 405 to POST for whoever may see them."""
    rule = MATRIX[name]
    allowed = next((p for p in PERSONAS if rule.expected(p) == OK), None)
    if allowed is None:
        pytest.skip("no persona sees this page with a 200")
    sign_in(allowed)
    assert client.post(reverse(name, kwargs=rule.kwargs or None)).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_for_superusers_only(request, client, sign_in, persona):
    user = sign_in(persona)
    if persona == "superuser":
        # Read-only models refuse "add" (403), made-up ids give 404 or a redirect to the
        # back office's home: never a 500. Where a redirect leads is opened once, not once
        # for each of the (about 180) pages that lead there. Each page opened is a part of
        # the test (tests/clock_readers.py): the awkward moments open only those that read
        # the calendar.
        leads_to = set()
        for name, url in admin_urls():
            if not part_runs(request.node, url):
                continue
            with part_of_the_test(request.node, url):
                response = client.get(url)
            assert response.status_code < 500, (url, response.status_code)
            if name == "admin:index":
                assert response.status_code == 200
            if response.status_code == 302:
                leads_to.add(response["Location"])
        for url in leads_to:
            if part_runs(request.node, url):
                with part_of_the_test(request.node, url):
                    assert client.get(url, follow=True).status_code < 500, url
        return
    for _name, url in admin_urls(sample=True):
        response = client.get(url, follow=True)
        final = response.request["PATH_INFO"]
        if user is None:
            assert final == reverse("account_login"), (url, final)
        else:
            assert response.status_code == 403, (url, response.status_code, final)
