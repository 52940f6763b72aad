import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, QuerySet, Subquery, Value, When

from accounts.models import ErasureRequest, Role, User
from cpse.notify.services import without_message
from cpse.prepared import prepared_rows, server_prepared

_NO_USER = -1


@functools.cache
def _user_for_request_sql(alias: str) -> tuple[str, tuple]:
    """The SQL of the query below, compiled once per database: building nine EXISTS on
    every request cost more than running them (and on PostgreSQL, planning them: there
    the server prepares it once per connection, `cpse.prepared.server_prepared`). The
    user's id is its last parameter."""
    memberships = User.groups.through.objects.filter(user_id=OuterRef("pk"))
    flags = {f"role_{role}": Exists(memberships.filter(group__name=role)) for role in Role.values}
    # cohorts' Participant, reached through the relation (accounts does not import cohorts).
    participations = User._meta.get_field("participations").related_model.objects
    # requirements_tracking's Practicum, the same way.
    practicums = User._meta.get_field("supervised_practicums").related_model.objects
    query = (
        User.objects.filter(pk=_NO_USER)
        .annotate(
            has_totp=Exists(Authenticator.objects.filter(user_id=OuterRef("pk"), type=Authenticator.Type.TOTP)),
            has_participation=Exists(participations.filter(user_id=OuterRef("pk"))),
            supervises_practicum=Exists(practicums.filter(supervisor_user_id=OuterRef("pk"))),
            **flags,
        )
        .query
    )
    sql, params = query.get_compiler(using=alias).as_sql()
    if params[-1] != _NO_USER:
        raise ImproperlyConfigured("The user's id must be the last parameter of user_for_request's query.")
    return sql, tuple(params[:-1])


def user_for_request(user_id) -> User | None:
    """The signed-in person with their role names, `has_totp` (an authenticator app set
    up), `has_participation` (enrolled in a cohort, whatever the status since: read by
    `cohorts.selectors.has_participation`) and `supervises_practicum` (named the
    supervisor of someone's practicum: a sponsor's menu then offers what waits for them)
    in the same query: what every page's middleware and menus ask."""
    sql, params = _user_for_request_sql(DEFAULT_DB_ALIAS)
    sql = server_prepared(DEFAULT_DB_ALIAS, "cpse_user_for_request", sql)
    user = next(iter(User.objects.raw(sql, [*params, user_id])), None)
    if user is not None:
        user.has_totp = bool(user.has_totp)
        user.has_participation = bool(user.has_participation)
        user.supervises_practicum = bool(user.supervises_practicum)
        user._role_names = frozenset(role for role in Role.values if getattr(user, f"role_{role}"))
    return user


def active_program_staff() -> QuerySet[User]:
    """Everyone who may act as program staff now (in the group, account active): who is
    told when something needs staff's attention."""
    return User.objects.filter(groups__name=Role.PROGRAM_STAFF, is_active=True).distinct()


def program_staff_untold(key_prefix: str, day: datetime.date, counting: Callable[[], QuerySet]) -> list[User]:
    """A daily digest's readers: the program staff not yet sent today's message (keyed
    `<key_prefix><staff id>:<day>`, annotated as `message_key`), each with `count`, how
    many rows `counting()` has now; nobody when it has none. One query, built once a day per process
    (`cpse.prepared`): after the day's first digest it reads no row. `counting` builds
    its queryset from `key_prefix` and `day` alone."""
    day_key = f":{day.isoformat()}"

    def build():
        count = counting().order_by().annotate(count=Func("pk", function="COUNT")).values("count")
        return without_message(active_program_staff(), key_prefix, F("pk"), day_key).annotate(
            count=Subquery(count, output_field=IntegerField())
        )

    return [staff for staff in prepared_rows(("program_staff_untold", key_prefix, day), build) if staff.count]


def erasure_requests_for_staff() -> QuerySet[ErasureRequest]:
    """Open requests first, oldest first among them; then the decided ones, newest first."""
    return ErasureRequest.objects.select_related("user", "decided_by").order_by(
        Case(
            When(status=ErasureRequest.Status.REQUESTED, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        "requested_at",
    )


# --- How staff may reach a person -------------------------------------------------------------

# Rules chosen here: the ways a person may choose (her profile's `SafeContact`, or a
# check-in's contact way, which shares its values) and what each lets staff see. A phone
# number only for calls or texts, the email only for email; asking for messages only on
# sign-in, or in person, shows neither.
WAYS_SHOWING_PHONE = frozenset({User.SafeContact.PHONE, User.SafeContact.TEXT})
WAYS_SHOWING_EMAIL = frozenset({User.SafeContact.EMAIL})


@dataclass(frozen=True)
class ContactCard:
    """What staff see to reach a person: her chosen name, the way she said is safe (`way`,
    `way_label`) with her note, and the phone or email only when that way allows it
    (`None`: not to be shown; "": allowed but not on file). `from_profile`: the way is her
    profile's, not one she gave since (in a check-in)."""

    name: str
    way: str
    way_label: str
    note: str
    phone: str | None
    email: str | None
    from_profile: bool = True

    @property
    def by_phone(self) -> bool:
        return self.phone is not None

    @property
    def by_email(self) -> bool:
        return self.email is not None


def contact_card(person: User, *, way: str = "", way_label: str = "", note: str = "") -> ContactCard:
    """The card for `person`, from her profile; a more recent choice (a check-in's way and
    note) is passed in and takes the profile's place."""
    from_profile = not way
    if from_profile:
        way, way_label, note = person.safe_contact, person.get_safe_contact_display(), person.safe_contact_note
    return ContactCard(
        name=person.display_name,
        way=way,
        way_label=str(way_label),
        note=note,
        phone=person.phone if way in WAYS_SHOWING_PHONE else None,
        email=person.email if way in WAYS_SHOWING_EMAIL else None,
        from_profile=from_profile,
    )
