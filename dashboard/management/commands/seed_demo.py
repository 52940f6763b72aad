"""Demo data with invented people, shaped like the 2025 pilot. Safe to run again.

Later issues extend it (applications in every status, hours, certificates...).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import user_activate_totp, user_grant_role
from applications.confirmers.services import confirmer_verify
from applications.models import Application, ConfirmerVerification, InterviewSlot, RubricCriterion
from applications.services import (
    appeal_submit,
    application_decide,
    application_submit,
    application_withdraw,
    interview_book,
    interview_invite,
    interview_panel_set,
    interview_score_record,
    recommendation_request,
    recommendation_submit,
)
from certificates.models import Certificate
from certificates.services import certificate_eligibility, certificate_issue
from cohorts.models import Cohort, Credential, Participant, ProgressExpectation, Requirement, RequirementSet
from cohorts.services import participant_enroll
from dashboard.demo.access import seed_access
from dashboard.demo.checkin_answers import seed_checkin_answers
from dashboard.demo.checkins import seed_checkins
from dashboard.demo.ethics import seed_ethics
from dashboard.demo.mentorship import seed_mentorship
from dashboard.demo.messages import seed_messages
from dashboard.demo.money import seed_demo_money
from dashboard.demo.readiness import seed_readiness
from dashboard.demo.reports import seed_reports
from dashboard.demo.sponsors import seed_demo_sponsors
from dashboard.demo.supervision import seed_supervision
from dashboard.demo.surveys import seed_surveys
from requirements_tracking.competency.services import competency_assessments_record
from requirements_tracking.exam.services import answer_save, attempt_start, attempt_submit
from requirements_tracking.exam_bank.services import exam_create, question_create
from requirements_tracking.exam_review.services import answer_score_record
from requirements_tracking.hours.services import hour_entry_approve, hour_entry_submit
from requirements_tracking.models import (
    Attendance,
    Competency,
    CompetencyAssessment,
    Exam,
    Question,
    SupervisorConfirmation,
    TrainingSession,
)
from requirements_tracking.practicum.services import (
    CONFIRM,
    practicum_hours_log,
    practicum_set,
    supervisor_confirmation_decide,
)
from requirements_tracking.sessions.services import Mark, attendance_record, training_session_schedule
from sponsors.models import Sponsor, SponsorMember

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (demo data only)
# Demo only: add it to an authenticator app, or run `manage.py demo_code EMAIL`.
DEMO_TOTP_SECRET = "CPSEDEMOCPSEDEMOCPSEDEMOCPSEDEMO"  # noqa: S105
DEMO_DOMAIN = "demo.cpse.invalid"

STAFF = [
    ("manager", "Morgan Ellis", Role.PROGRAM_STAFF),
    ("instructor", "Jordan Avery", Role.INSTRUCTOR),
    ("finance", "Casey Lin", Role.FINANCE),
]
SPONSORS = [
    ("Harbor Light Residential Services", Sponsor.Kind.AGENCY, "sponsor", "Taylor Reed"),
    ("Northwind Community Foundation", Sponsor.Kind.DONOR, "donor", "Avery Brooks"),
]
A = Participant.Aspiration
# Demo expectations: (requirement category, months after the program starts, hours).
EXPECTATIONS = [
    (Requirement.Category.SELF_CARE, 2, Decimal("4")),
    (Requirement.Category.SELF_CARE, 4, Decimal("8")),
    (Requirement.Category.ONLINE, 2, Decimal("9")),
    (Requirement.Category.PRACTICUM, 4, Decimal("6")),
]
ONLINE_SESSIONS = [
    (datetime.date(2025, 4, 8), "Welcome, and what peer support is"),
    (datetime.date(2025, 4, 22), "Trauma-informed practice"),
    (datetime.date(2025, 5, 6), "Ethics and boundaries"),
    (datetime.date(2025, 5, 20), "Safety planning with someone"),
    (datetime.date(2025, 7, 8), "Referrals and resources"),
    (datetime.date(2025, 7, 22), "Caring for yourself in this work"),
]
INTENSIVE_DAYS = [
    "Intensive day 1: our stories as a strength",
    "Intensive day 2: listening and presence",
    "Intensive day 3: crisis and de-escalation",
    "Intensive day 4: cultural humility",
    "Intensive day 5: practice and feedback",
]
PRESENT = Mark(Attendance.Status.PRESENT)
# A little of real life: someone left a session early, someone could not come.
ATTENDANCE_EXCEPTIONS = {
    (1, "bianca"): Mark(Attendance.Status.PARTIAL, 120),
    (2, "carmen"): Mark(Attendance.Status.ABSENT),
}
DEMO_CREDENTIAL_NAME_ES = "Apoyo entre Pares Certificado para sobrevivientes de explotación"
DEMO_SET_NAME_ES = "Requisitos de CPSE (predeterminados)"
K = Question.Kind
# The demo bank: (competency, kind, the question's first version, in English and Spanish).
DEMO_QUESTIONS = [
    (
        "Ethics and boundaries",
        K.SINGLE,
        {
            "text": "Someone you support asks for your personal phone number. What is the best response?",
            "text_es": "Una persona a la que usted acompaña le pide su número de teléfono personal. "
            "¿Cuál es la mejor respuesta?",
            "choices": [
                {"text": "Give it, to build trust", "text_es": "Dárselo, para generar confianza", "correct": False},
                {
                    "text": "Explain the program's ways to reach you, and use them",
                    "text_es": "Explicar las vías del programa para comunicarse con usted, y usarlas",
                    "correct": True,
                },
                {"text": "Ignore the question", "text_es": "Ignorar la pregunta", "correct": False},
            ],
            "points": Decimal("2"),
        },
    ),
    (
        "Trauma-informed practice",
        K.MULTIPLE,
        {
            "text": "Which of these are trauma-informed responses? Choose all that apply.",
            "text_es": "¿Cuáles de estas respuestas tienen en cuenta el trauma? Elija todas las que correspondan.",
            "choices": [
                {"text": "Offer choices", "text_es": "Ofrecer opciones", "correct": True},
                {"text": "Explain what will happen next", "text_es": "Explicar lo que va a pasar", "correct": True},
                {"text": "Insist on eye contact", "text_es": "Insistir en el contacto visual", "correct": False},
                {"text": "Go at the person's pace", "text_es": "Ir al ritmo de la persona", "correct": True},
            ],
            "points": Decimal("3"),
        },
    ),
    (
        "Self-care",
        K.TRUE_FALSE,
        {
            "text": "Taking time to rest is part of doing this work well.",
            "text_es": "Tomarse tiempo para descansar es parte de hacer bien este trabajo.",
            "choices": [{"key": "true", "correct": True}],
            "points": Decimal("1"),
        },
    ),
    (
        "Safety planning",
        K.ESSAY,
        {
            "text": "Someone you support tells you they are afraid to go home tonight. What would you do, step by step?",
            "text_es": "Una persona a la que usted acompaña le dice que tiene miedo de volver a casa esta noche. "
            "¿Qué haría usted, paso a paso?",
            "rubric": "Listens and believes; asks what would make tonight safer; names at least two concrete "
            "options; respects the person's choices; knows when to bring in the program team.",
            "points": Decimal("4"),
        },
    ),
    (
        "Referral and resources",
        K.SINGLE,
        {
            "text": "Where would you refer someone who needs legal help with their immigration status?",
            "text_es": "¿A dónde derivaría a una persona que necesita ayuda legal con su situación migratoria?",
            "choices": [
                {
                    "text": "A friend who once had a visa",
                    "text_es": "A una amiga que alguna vez tuvo visa",
                    "correct": False,
                },
                {
                    "text": "A legal aid organisation that works with survivors",
                    "text_es": "A una organización de asistencia legal que trabaja con sobrevivientes",
                    "correct": True,
                },
                {
                    "text": "Nowhere: it is not part of peer support",
                    "text_es": "A ningún lugar: no es parte del apoyo entre pares",
                    "correct": False,
                },
            ],
            "points": Decimal("2"),
        },
    ),
    # Not written in Spanish yet: Spanish readers see it in English, with the note.
    (
        "Cultural humility",
        K.SHORT,
        {
            "text": "Name one way to learn about a person's culture without making assumptions.",
            "rubric": "Asks the person and listens; does not generalise.",
            "points": Decimal("2"),
        },
    ),
]
# Choice keys are given by the bank ("a", "b", ...): the right ones of the demo bank (both
# one-answer questions have "b" right).
DEMO_ANSWERS = {
    K.SINGLE: {"choices": ["b"]},
    K.MULTIPLE: {"choices": ["a", "b", "d"]},
    K.TRUE_FALSE: {"choices": ["true"]},
    K.ESSAY: {
        "text": "I would listen and believe them, ask what would make tonight safer, and offer the shelter line."
    },
    K.SHORT: {"text": "Ask them, and listen to what they tell me."},
}
DEMO_ANSWERS_WRONG = {
    K.SINGLE: {"choices": ["c"]},
    K.MULTIPLE: {"choices": ["c"]},
    K.TRUE_FALSE: {"choices": ["false"]},
    K.ESSAY: {"text": "I am not sure."},
    K.SHORT: {"text": ""},
}
PRACTICUM_HOSTS = ["Harbor Light Residential Services", "Safe Passage Alliance", "New Dawn Outreach"]
SELF_CARE_KINDS = ["journaling", "support_group", "physical", "spiritual", "therapy"]
# The 2025 pilot's shape: nine survivors from seven states; five residential care, two
# jail ministry, one emergency care and outreach, one advocacy.
PILOT = [
    ("participant", "Alma", "AZ", A.RESIDENTIAL_CARE),
    ("bianca", "Bianca", "TX", A.RESIDENTIAL_CARE),
    ("carmen", "Carmen", "TN", A.RESIDENTIAL_CARE),
    ("dana", "Dana", "GA", A.RESIDENTIAL_CARE),
    ("elena", "Elena", "KY", A.RESIDENTIAL_CARE),
    ("faith", "Faith", "PA", A.JAIL_MINISTRY),
    ("grace", "Grace", "FL", A.JAIL_MINISTRY),
    ("hope", "Hope", "TX", A.EMERGENCY_OUTREACH),
    ("imani", "Imani", "FL", A.ADVOCACY),
]


# One 2026 application in every status (invented people).
DEMO_APPLICANTS = [
    ("sol", "Sol", "AZ", "draft"),
    ("maya", "Maya", "TX", "submitted"),
    ("ines", "Ines", "TN", "under_review"),
    ("applicant", "River", "GA", "interview_invited"),
    ("jo", "Jo", "KY", "interview_booked"),
    ("ada", "Ada", "PA", "interviewed"),
    ("kai", "Kai", "FL", "accepted"),
    ("lena", "Lena", "TX", "waitlisted"),
    ("tess", "Tess", "FL", "declined"),
    ("vi", "Vi", "GA", "withdrawn"),
]


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def cohort_dates(year: int) -> dict:
    """The published shape of a year: applications from January, program April to
    August, the intensive week in June, graduation in October."""
    return {
        "applications_open": datetime.date(year, 1, 5),
        "applications_close": datetime.date(year, 3, 15),
        "program_start": datetime.date(year, 4, 1),
        "program_end": datetime.date(year, 8, 31),
        "intensive_start": datetime.date(year, 6, 8),
        "intensive_end": datetime.date(year, 6, 12),
        "graduation_date": datetime.date(year, 10, 17),
    }


class Command(BaseCommand):
    help = "Load demo data (invented people). Safe to run again; refuses to run in production."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo is for local and demo sites only.")
        with transaction.atomic():
            self._seed()
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))

    def _person(self, local: str, name: str, *, role: str | None = None, superuser: bool = False) -> User:
        user, created = User.objects.get_or_create(
            email=demo_email(local), defaults={"display_name": name, "legal_name": f"{name} Demo"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = user.is_staff = superuser
            user.save()
            # allauth reads verification from its own table.
            user.emailaddress_set.create(email=user.email, verified=True, primary=True)
        if role:
            user_grant_role(user=user, role=role)
        if user.mfa_required:
            user_activate_totp(user=user, secret=DEMO_TOTP_SECRET)
        return user

    def _cohort(self, credential: Credential, year: int, requirement_set) -> Cohort:
        cohort, _ = Cohort.objects.get_or_create(
            credential=credential,
            year=year,
            defaults={"requirement_set": requirement_set, **cohort_dates(year)},
        )
        return cohort

    def _seed(self) -> None:
        credential = Credential.objects.get(abbreviation="CPSE")
        requirement_set = credential.requirement_sets.order_by("pk").first()
        # Their names in Spanish, as staff write them (cpse.bilingual); kept if already set.
        Credential.objects.filter(pk=credential.pk, name_es="").update(name_es=DEMO_CREDENTIAL_NAME_ES)
        RequirementSet.objects.filter(pk=requirement_set.pk, name_es="").update(name_es=DEMO_SET_NAME_ES)

        self._person("admin", "Back-office Admin", superuser=True)
        for local, name, role in STAFF:
            self._person(local, name, role=role)
        for org_name, kind, local, person in SPONSORS:
            sponsor, _ = Sponsor.objects.get_or_create(
                name=org_name, defaults={"kind": kind, "contact_email": demo_email(f"billing-{local}")}
            )
            member = self._person(local, person, role=Role.SPONSOR)
            SponsorMember.objects.get_or_create(sponsor=sponsor, user=member)

        pilot = self._cohort(credential, 2025, requirement_set)
        cohort_2026 = self._cohort(credential, 2026, requirement_set)
        # The next cohort to take applications, so the public pages always show what is
        # coming next (docs/decisions.md: the demo calendar).
        today = timezone.localdate()
        next_year = today.year if today < datetime.date(today.year, 4, 1) else today.year + 1
        if next_year > 2026:
            self._cohort(credential, next_year, requirement_set)

        for local, name, state, aspiration in PILOT:
            user = self._person(local, name)
            if not Participant.objects.filter(user=user, cohort=pilot).exists():
                participant_enroll(user=user, cohort=pilot, aspiration=aspiration, home_state=state)
        self._expectations(requirement_set)
        if not TrainingSession.objects.filter(cohort=pilot).exists():
            self._pilot_hours(pilot, manager=User.objects.get(email=demo_email("manager")))
        if not Exam.objects.filter(cohort=pilot).exists():
            self._pilot_exam(pilot, manager=User.objects.get(email=demo_email("manager")))
        if not Certificate.objects.filter(participant__cohort=pilot).exists():
            self._pilot_certificates(pilot, manager=User.objects.get(email=demo_email("manager")))
        if not Application.objects.filter(cohort=cohort_2026).exists():
            self._applications(cohort_2026, manager=User.objects.get(email=demo_email("manager")))
        seed_demo_money(cohort=pilot)
        seed_checkins(pilot_year=pilot.year, domain=DEMO_DOMAIN)
        seed_demo_sponsors()
        seed_checkin_answers()
        seed_messages(email=demo_email("bianca"))
        seed_mentorship(person=self._person)
        seed_surveys(pilot_year=pilot.year, domain=DEMO_DOMAIN)
        seed_supervision(domain=DEMO_DOMAIN)
        seed_ethics()
        seed_reports()
        seed_readiness()
        seed_access()

    def _expectations(self, requirement_set) -> None:
        """What the program hopes participants have done by when (the grid's "behind")."""
        for category, months, amount in EXPECTATIONS:
            requirement = requirement_set.requirements.get(category=category)
            ProgressExpectation.objects.get_or_create(
                requirement=requirement, months_after_start=months, defaults={"amount": amount}
            )

    def _pilot_hours(self, pilot: Cohort, *, manager: User) -> None:
        """The pilot's nine months, through the site's own services: sessions with their
        attendance, self-care hours approved (one waiting), practicum hours confirmed by
        supervisors (one waiting). Alma's supervisor is the demo sponsor, who can answer
        signed in."""
        instructor = User.objects.get(email=demo_email("instructor"))
        requirements = {r.category: r for r in pilot.requirement_set.requirements.all()}
        people = {
            p.user.email.split("@")[0]: p for p in Participant.objects.filter(cohort=pilot).select_related("user")
        }
        zone = timezone.get_current_timezone()
        sessions = [
            training_session_schedule(
                cohort=pilot,
                requirement=requirements[Requirement.Category.ONLINE],
                title=title,
                starts_at=datetime.datetime.combine(day, datetime.time(18, 0), tzinfo=zone),
                duration_minutes=180,
                location="Online (the link comes by email on the day)",
                by=manager,
            )
            for day, title in ONLINE_SESSIONS
        ] + [
            training_session_schedule(
                cohort=pilot,
                requirement=requirements[Requirement.Category.INTENSIVE],
                title=title,
                starts_at=datetime.datetime.combine(
                    pilot.intensive_start + datetime.timedelta(days=n), datetime.time(9, 0), tzinfo=zone
                ),
                duration_minutes=360,
                location="Training centre, main hall",
                by=manager,
            )
            for n, title in enumerate(INTENSIVE_DAYS)
        ]
        for number, session in enumerate(sessions):
            marks = {p.pk: ATTENDANCE_EXCEPTIONS.get((number, local), PRESENT) for local, p in people.items()}
            attendance_record(session=session, marks=marks, by=instructor)
        end = pilot.program_end
        for index, (local, participant) in enumerate(people.items()):
            for week in range(5):
                entry = hour_entry_submit(
                    participant=participant,
                    requirement=requirements[Requirement.Category.SELF_CARE],
                    date=pilot.program_start + datetime.timedelta(days=7 + week * 21 + index),
                    hours=Decimal("2"),
                    kind=SELF_CARE_KINDS[(week + index) % len(SELF_CARE_KINDS)],
                    reflection="Time set aside for rest and reflection.",
                    today=end,
                )
                if not (local == "participant" and week == 4):  # Alma's latest waits for staff
                    hour_entry_approve(entry=entry, by=manager)
            supervisor = demo_email("sponsor") if local == "participant" else demo_email(f"supervisor-{local}")
            practicum = practicum_set(
                participant=participant,
                host_agency=PRACTICUM_HOSTS[index % len(PRACTICUM_HOSTS)],
                supervisor_name="Taylor Reed" if local == "participant" else "Demo Supervisor",
                supervisor_email=supervisor,
            )
            confirmer_verify(
                email=supervisor,
                name=practicum.supervisor_name,
                organisation=practicum.host_agency,
                method=ConfirmerVerification.Method.AGREEMENT,
                by=manager,
            )
            for visit in range(3):
                entry = practicum_hours_log(
                    participant=participant,
                    date=pilot.intensive_end + datetime.timedelta(days=10 + visit * 14 + index),
                    hours=Decimal("4"),
                    reflection="Shadowed a peer-support specialist at intake.",
                    today=end,
                )
                if not (local == "participant" and visit == 2):  # one waits for Alma's supervisor
                    confirmation = SupervisorConfirmation.objects.get(
                        entry=entry, status=SupervisorConfirmation.Status.PENDING
                    )
                    supervisor_confirmation_decide(confirmation=confirmation, decision=CONFIRM)

    def _pilot_exam(self, pilot: Cohort, *, manager: User) -> None:
        """The pilot's final exam in August 2025, through the site's services: a small
        bank (every kind of question), attempts scored (one fail with its review plan,
        Alma's written answers still waiting for a scorer), observed practice recorded
        in the intensive week (Dana has one competency "not yet")."""
        instructor = User.objects.get(email=demo_email("instructor"))
        competencies = {c.name: c for c in Competency.objects.filter(active=True)}
        bank = [
            question_create(competency=competencies[name], kind=kind, by=manager, **fields)
            for name, kind, fields in DEMO_QUESTIONS
        ]
        zone = timezone.get_current_timezone()
        exam = exam_create(
            cohort=pilot,
            questions=bank,
            by=manager,
            title="CPSE final exam",
            instructions="Take your time. Your answers are saved as you go.",
            selection=Exam.Selection.FIXED,
            draw_per_competency=1,
            time_limit_minutes=90,
            pass_percent=70,
            min_competency_percent=None,
            opens_at=datetime.datetime(2025, 8, 18, 9, tzinfo=zone),
            closes_at=datetime.datetime(2025, 8, 29, 17, tzinfo=zone),
            max_attempts=2,
            wait_days=7,
            layout=Exam.Layout.ONE_PER_PAGE,
            second_scorer_required=False,
            appeal_days=14,
        )
        people = list(Participant.objects.filter(cohort=pilot).select_related("user").order_by("pk"))
        for index, participant in enumerate(people):
            local = participant.user.email.split("@")[0]
            start = datetime.datetime(2025, 8, 18 + index % 5, 10, tzinfo=zone)
            attempt = attempt_start(participant=participant, exam=exam, now=start)
            for answer in attempt.answers.select_related("version__question"):
                response = DEMO_ANSWERS_WRONG if local == "faith" else DEMO_ANSWERS
                answer_save(
                    attempt=attempt,
                    position=answer.position,
                    response=response[answer.version.question.kind],
                    now=start + datetime.timedelta(minutes=5 + answer.position),
                )
            attempt_submit(attempt=attempt, now=start + datetime.timedelta(minutes=50))
            if local != "participant":  # Alma's written answers wait in the scoring queue
                for answer in attempt.answers.filter(points__isnull=True).select_related("version"):
                    answer_score_record(answer=answer, scorer=instructor, points=answer.version.points - 1)
            competency_assessments_record(
                participant=participant,
                assessor=instructor,
                setting=CompetencyAssessment.Setting.INTENSIVE,
                observed_on=pilot.intensive_start + datetime.timedelta(days=2),
                results={
                    competency.pk: (
                        CompetencyAssessment.Result.NOT_YET
                        if local == "dana" and name == "Safety planning"
                        else CompetencyAssessment.Result.MET,
                        "Observed in role-play with a peer, with feedback given on the day.",
                    )
                    for name, competency in competencies.items()
                },
                today=pilot.program_end,
            )

    def _pilot_certificates(self, pilot: Cohort, *, manager: User) -> None:
        """Everyone of the pilot who finished everything is certified on graduation day
        (the others show on the staff page with what is still missing)."""
        for participant in Participant.objects.filter(cohort=pilot).select_related("cohort").order_by("pk"):
            eligible, _missing = certificate_eligibility(participant)
            if eligible:
                certificate_issue(participant=participant, by=manager, today=pilot.graduation_date)

    def _applications(self, cohort: Cohort, *, manager: User) -> None:
        """One application in every status for the 2026 cohort, moved there by the same
        services the site uses (so each has its events, links and messages)."""
        S = Application.Status
        criteria = list(RubricCriterion.objects.filter(active=True).values_list("pk", flat=True))
        now = timezone.now()
        slots = [
            InterviewSlot.objects.create(
                cohort=cohort,
                starts_at=(now + datetime.timedelta(days=days)).replace(hour=15, minute=0, second=0, microsecond=0),
                duration_minutes=45,
                location="Video call (the link is sent on the day)",
                created_by=manager,
            )
            for days in range(3, 12)
        ]
        # Every time has its panel: the manager and the instructor.
        panel = [manager, User.objects.get(email=demo_email("instructor"))]
        for slot in slots:
            interview_panel_set(slot=slot, interviewers=panel, by=manager)
        for index, (local, name, state, status) in enumerate(DEMO_APPLICANTS):
            applicant = self._person(local, name)
            application = Application.objects.create(
                applicant=applicant,
                cohort=cohort,
                home_state=state,
                eligibility={"exit_year": 2012 + index % 6, "free_from_dependency": True, "education": "ged"},
                agency_name="Safe Passage Alliance",
                agency_contact_name="Demo Recommender",
                agency_contact_email=demo_email(f"agency-{local}"),
                aspiration=PILOT[index % len(PILOT)][3],
            )
            if status == S.DRAFT:
                continue
            application_submit(application=application, by=applicant, today=cohort.applications_open)
            if status == S.SUBMITTED:
                continue
            if status == S.WITHDRAWN:
                application_withdraw(application=application, by=applicant)
                continue
            _recommendation, token = recommendation_request(application=application, by=manager)
            recommendation_submit(
                token=token, relationship="Case manager", text="A steady, caring presence.", recommends=True
            )
            application.refresh_from_db()
            if status == S.UNDER_REVIEW:
                continue
            interview_invite(application=application, by=manager)
            if status == S.INTERVIEW_INVITED:
                continue
            interview = interview_book(application=application, slot=slots.pop(), by=applicant)
            if status == S.INTERVIEW_BOOKED:
                continue
            # Demo only: these interviews happened last week.
            InterviewSlot.objects.filter(pk=interview.slot_id).update(starts_at=now - datetime.timedelta(days=7))
            interview.slot.refresh_from_db()
            for interviewer, score in zip(panel, (4, 5), strict=True):
                interview_score_record(
                    interview=interview, interviewer=interviewer, scores=dict.fromkeys(criteria, score), comments=""
                )
            if status == S.INTERVIEWED:
                continue
            application_decide(application=application, decision=status, by=manager)
            if status == S.DECLINED:
                appeal_submit(application=application, reason="My recommender was away when you called.")
