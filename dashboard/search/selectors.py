"""Staff search: one box that finds people (by display name, email address or public id)
in their applications and participations, certificates (by number) and invoices (by number).

Rules chosen here:
- A result is shown only if the searcher may open the page it links to. Each kind of
  result lists the pages it can link to, best first; the first whose own role check lets
  the searcher in is used (`accounts.decorators.view_roles` reads the page's
  `role_required`), narrowed by that page's own rule about rows where it has one (an
  instructor observes participants `ASSESSABLE` only, and scores only the interviews she
  is on the panel of). So program staff reach a participant's record, finance her fee
  page and an instructor her observed practice; finance never sees an application.
- A name is found by its letters in order ("contains", any case). On PostgreSQL a name
  close to the words is found too, closest first (trigram word similarity, pg_trgm: the
  dashboard's migration 0002), so a misspelt name still comes up.
- An email address is searched only when the words hold an "@" (a name's letters inside
  someone's address would be a puzzling match); a public id (a UUID) matches exactly; a
  certificate or invoice number matches by any part of it.
- Each kind of result costs one query whatever the number found: the number found comes
  with the rows (a window count over the matches). At most `MAX_RESULTS` are shown; the
  page says how many were found and asks to narrow the search when there are more.
"""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Value, Window
from django.urls import resolve, reverse
from django.utils.translation import gettext_lazy as _

from accounts.decorators import view_roles
from applications.models import Application
from applications.selectors import panel_slot_ids
from certificates.models import Certificate
from cohorts.models import Participant
from cpse.crypto import decrypt_text
from requirements_tracking.competency.selectors import ASSESSABLE
from sponsors.models import Invoice

MAX_RESULTS = 50
# How close a name must be to the words (pg_trgm's word similarity, 0 to 1) to be found
# without containing them.
CLOSE_ENOUGH = 0.5


@dataclass(frozen=True)
class Result:
    kind: str  # what it is, in words
    title: str  # a person's name, or a number
    detail: str
    url: str


@dataclass(frozen=True)
class Found:
    results: list[Result]
    total: int

    @property
    def more_than_shown(self) -> bool:
        return self.total > len(self.results)


@dataclass(frozen=True)
class _Target:
    """A page a result can link to: its URL name (it takes the row's `public_id`), what
    the result is called there, and the page's own rule about rows, if it has one."""

    url_name: str
    kind: str
    rows: Callable[[QuerySet, object], QuerySet] | None = None


@cache
def _roles_of(url_name: str) -> frozenset[str]:
    """The roles the page lets in (its `role_required`), read from the URL map."""
    view = resolve(reverse(url_name, kwargs={"public_id": uuid.UUID(int=0)})).func
    roles = view_roles(view)
    if roles is None:  # pragma: no cover - a staff page always names its roles
        raise ValueError(f"{url_name} does not name the roles it lets in")
    return roles


def _target_for(user, targets: tuple[_Target, ...]) -> _Target | None:
    return next((target for target in targets if user.has_role(*_roles_of(target.url_name))), None)


# --- What the words match -------------------------------------------------------------------


def as_public_id(words: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(words.strip())
    except ValueError:
        return None


def _closeness(words: str, name_field: str):
    """How close the name is to the words (PostgreSQL), else nothing to order by."""
    if connection.vendor == "postgresql":
        return TrigramWordSimilarity(words, name_field)
    return Value(0.0)


def _person_match(rows: QuerySet, words: str, *, person: str) -> QuerySet:
    """Rows whose person (`person`: the path to the user) has the words in their name,
    is that close to them (PostgreSQL), has that email address (words with an "@"), or
    whose public id the words are. Closest names first."""
    name = f"{person}__display_name"
    rows = rows.annotate(closeness=_closeness(words, name))
    condition = Q(**{f"{name}__icontains": words})
    if connection.vendor == "postgresql":
        condition |= Q(closeness__gte=CLOSE_ENOUGH)
    if "@" in words:
        condition |= Q(**{f"{person}__email__icontains": words})
    public_id = as_public_id(words)
    if public_id is not None:
        condition = Q(public_id=public_id)
    return rows.filter(condition).order_by(F("closeness").desc(), name, "pk")


def _number_match(rows: QuerySet, words: str) -> QuerySet:
    public_id = as_public_id(words)
    condition = Q(public_id=public_id) if public_id is not None else Q(number__icontains=words)
    return rows.filter(condition).order_by("number", "pk")


# --- The kinds of result ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    targets: tuple[_Target, ...]
    rows: Callable[[str], QuerySet]
    result: Callable[[object, _Target], Result]


def _link(target: _Target, row) -> str:
    return reverse(target.url_name, kwargs={"public_id": row.public_id})


def _participants(words: str) -> QuerySet[Participant]:
    return _person_match(Participant.objects.select_related("user", "cohort"), words, person="user")


def _applications(words: str) -> QuerySet[Application]:
    return _person_match(Application.objects.select_related("applicant", "cohort"), words, person="applicant")


def _person_result(row: Participant | Application, target: _Target) -> Result:
    """A participation or an application: the person's name, the cohort and where it stands."""
    person = row.user if isinstance(row, Participant) else row.applicant
    return Result(target.kind, str(person), f"{row.cohort} · {row.get_status_display()}", _link(target, row))


def _certificates(words: str) -> QuerySet[Certificate]:
    return _number_match(Certificate.objects.select_related("participant__user"), words)


def _certificate_result(certificate: Certificate, target: _Target) -> Result:
    return Result(
        target.kind,
        certificate.number,
        f"{certificate.participant.user} · {certificate.get_status_display()}",
        _link(target, certificate),
    )


def _invoices(words: str) -> QuerySet[Invoice]:
    return _number_match(Invoice.objects.select_related("cohort"), words)


def _invoice_result(invoice: Invoice, target: _Target) -> Result:
    cohort = f"{invoice.cohort} · " if invoice.cohort_id else ""
    return Result(target.kind, invoice.number, f"{cohort}{invoice.get_status_display()}", _link(target, invoice))


SOURCES = (
    _Source(
        (
            _Target("participant_record:record", _("Participant record")),
            _Target("sponsors_finance:participant_fee", _("Participant's fee")),
            # The observed-practice page's rule (participant_for_assessor).
            _Target(
                "competency:checklist", _("Observed practice"), lambda rows, _user: rows.filter(status__in=ASSESSABLE)
            ),
        ),
        _participants,
        _person_result,
    ),
    _Source(
        (
            _Target("applications_staff:detail", _("Application")),
            # The rubric page's rule for an instructor: only the interviews on her panel.
            _Target(
                "applications_staff:score",
                _("Interview to score"),
                lambda rows, user: rows.filter(interview__slot_id__in=panel_slot_ids(user)),
            ),
        ),
        _applications,
        _person_result,
    ),
    _Source((_Target("certificates_staff:detail", _("Certificate")),), _certificates, _certificate_result),
    _Source((_Target("sponsors_finance:invoice_detail", _("Invoice")),), _invoices, _invoice_result),
)


def search(user, words: str) -> Found:
    """What `user` may open that matches `words`: one query per kind of result the
    person's role can open, whatever the number found."""
    results, total = [], 0
    for source in SOURCES:
        target = _target_for(user, source.targets)
        if target is None:
            continue
        rows = source.rows(words)
        if target.rows is not None:
            rows = target.rows(rows, user)
        room = MAX_RESULTS - len(results)
        found = list(rows.annotate(found=Window(Count("pk")))[: max(room, 1)])
        if found:
            total += found[0].found
        results += [source.result(row, target) for row in found[:room]]
    return Found(results, total)


# --- A search made, kept in the session (services.search_record) -------------------------------

SESSION_KEY = "staff_searches"
KEPT_SECONDS = 30 * 60


def kept_searches(session) -> dict[str, dict]:
    """The session's searches made less than `KEPT_SECONDS` ago: {id: {"words", "at"}}."""
    now = time.time()
    kept = session.get(SESSION_KEY) or {}
    return {key: value for key, value in kept.items() if now - value["at"] < KEPT_SECONDS}


def kept_words(session, search_id: str) -> str | None:
    """The words of a search made in this session, while it is kept; None otherwise."""
    kept = kept_searches(session).get(search_id)
    return decrypt_text(kept["words"]) if kept else None
