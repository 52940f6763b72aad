"""SQL built and compiled once per process for the same inputs (issue #19).

Rules chosen here:
- Building a large queryset (filters, annotations, subqueries) and compiling it to SQL
  costs Python time on every request, often more than the database takes to run it: the
  staff home page spent most of its time there. `prepared(key, build)` calls `build()` the
  first time a key is seen and keeps what it returned (SQL and its parameters); later calls
  with the same key return it without building anything.
- Only the statement is kept, never rows: the caller runs it on every request, so what a
  page shows is always read fresh (nobody sees a count from before their own action).
- `build` must depend on `key` alone: every id, date and choice the SQL or its parameters
  come from is in the key, and `build` reads neither the database nor the clock (a
  statement with "now" in it is built on every request instead). The database's vendor
  is added to the key here.
- At most MAX_KEYS statements are kept per process, the least recently used dropped
  (keys hold a date, so yesterday's statements age out by themselves).
- `prepared_rows(key, build)` does the same for a queryset whose rows are wanted (models,
  values, annotations: Django's own iteration and conversions): its compiler is kept once
  it has compiled, with the SQL it made, one per thread (a compiler is tied to its thread's
  database connection). It returns a list, never a queryset: filtering a kept queryset
  further would run the kept SQL.
- A kept compiler runs only on the connection that is in use now: when the thread's
  connection object has changed since it compiled (asgiref gives a thread with a running
  event loop its own connections, as under Playwright's sync API in the browser tests),
  it is compiled again. Running it on the old connection would read outside the
  transaction in progress (on SQLite's shared in-memory test database, "database table is
  locked").
- `PreparedRows(key, build)` hands a Paginator the rows of `build()`'s queryset: the
  count and each slice the paginator asks for are statements prepared as above (the key
  plus "count" or the slice's bounds), run on every request.
- `server_prepared(alias, name, sql)` goes one step further for the statements every
  signed-in request runs (the person, the session): on PostgreSQL the server prepares
  the statement once per connection (`PREPARE`) and each request runs it (`EXECUTE`), so
  PostgreSQL plans it once, not on every request (the person's query with its nine EXISTS
  took about 1.15 ms, almost all of it planning, and 0.1 ms prepared). A prepared
  statement lasts as long as its connection (a rolled-back transaction keeps it); a new
  connection prepares it again.
  The `PREPARE` is not one of the page's queries: it goes straight to the driver, so
  the queries a page is counted to make stay the same whichever request comes first.
  Elsewhere (SQLite) the statement is run as it is.
"""

import functools
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import QuerySet

MAX_KEYS = 512

T = TypeVar("T")

_kept: OrderedDict[Hashable, object] = OrderedDict()
_lock = threading.Lock()


def prepared(key: Hashable, build: Callable[[], T]) -> T:
    """What `build()` returns for `key`, built once per process (see the module's rules).
    Return only immutable values (strings, tuples) from `build`: they are shared."""
    full_key = (connection.vendor, key)
    with _lock:
        if full_key in _kept:
            _kept.move_to_end(full_key)
            return _kept[full_key]
    value = build()
    with _lock:
        _kept[full_key] = value
        while len(_kept) > MAX_KEYS:
            _kept.popitem(last=False)
    return value


class _Compiled:
    """A queryset and its compiler, with the SQL that compiler made the first time."""

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset
        self.compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql_and_params = self.compiler.as_sql()
        except EmptyResultSet:  # e.g. `pk__in=[]`: no statement, no rows
            self.compiler = None
            return
        # The compiler keeps what compiling set up (columns, converters, related models);
        # from now on it hands out the same SQL without compiling again.
        self.compiler.as_sql = lambda *args, **kwargs: sql_and_params

    def is_current(self) -> bool:
        """Whether the connection this was compiled for is the one in use now."""
        return self.compiler is None or self.compiler.connection is connections[self.queryset.db]

    def rows(self) -> list:
        if self.compiler is None:
            return []
        queryset = self.queryset._chain()
        kept = self.compiler
        queryset.query.get_compiler = lambda *args, **kwargs: kept
        return list(queryset)


_threads = threading.local()


def prepared_rows(key: Hashable, build: Callable[[], QuerySet]) -> list:
    """The rows of the queryset `build()` makes for `key`, read now; the queryset is built
    and compiled once per thread (see the module's rules: `build` depends on `key` alone)."""
    kept: OrderedDict | None = getattr(_threads, "kept", None)
    if kept is None:
        kept = _threads.kept = OrderedDict()
    full_key = (connection.vendor, key)
    compiled = kept.get(full_key)
    if compiled is None or not compiled.is_current():
        compiled = kept[full_key] = _Compiled(build())
        while len(kept) > MAX_KEYS:
            kept.popitem(last=False)
    else:
        kept.move_to_end(full_key)
    return compiled.rows()


class PreparedRows:
    """A queryset for `Paginator`: its count and its slices prepared per key (see the
    module's rules: `build` depends on `key` alone)."""

    def __init__(self, key: Hashable, build: Callable[[], QuerySet]):
        self.key = key
        self.build = build

    def _counting_sql(self) -> tuple[str, tuple]:
        try:
            sql, params = self.build().order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            return "SELECT 0", ()
        # Django's own compiled SQL, counted as `.count()` counts a grouped queryset.
        return f"SELECT COUNT(*) FROM ({sql}) counted", tuple(params)  # noqa: S608

    def count(self) -> int:
        sql, params = prepared((self.key, "count"), self._counting_sql)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def __getitem__(self, window: slice) -> list:
        return prepared_rows((self.key, window.start, window.stop), lambda: self.build()[window])


# The statements the server has prepared, per driver connection (each thread has its own).
_server_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_PLACEHOLDER = re.compile(r"%([s%])")


def server_prepared(alias: str, name: str, sql: str) -> str:
    """The SQL to run, with the parameters `sql` takes, on database `alias`: on PostgreSQL
    `EXECUTE name(…)` of `sql` prepared by the server on this connection (prepared now if
    it is not yet); elsewhere `sql` itself. `name` is a plain identifier, one per `sql`."""
    database = connections[alias]
    if database.vendor != "postgresql":
        return sql
    database.ensure_connection()
    names = _server_prepared.setdefault(database.connection, set())
    prepare, execute = _prepare_and_execute(name, sql)
    if name not in names:
        # Errors as Django's own (a lost connection is then closed and made again).
        with database.wrap_database_errors, database.connection.cursor() as cursor:
            cursor.execute(prepare)
        names.add(name)
    return execute


@functools.lru_cache(maxsize=MAX_KEYS)
def _prepare_and_execute(name: str, sql: str) -> tuple[str, str]:
    """`PREPARE name AS …` of `sql` (its placeholders numbered, as the server takes them),
    and the `EXECUTE` that runs it with the same parameters as `sql`."""
    count = 0

    def numbered(match: re.Match) -> str:
        nonlocal count
        if match.group(1) == "%":
            return "%"
        count += 1
        return f"${count}"

    body = _PLACEHOLDER.sub(numbered, sql)
    arguments = f"({', '.join(['%s'] * count)})" if count else ""
    return f"PREPARE {name} AS {body}", f"EXECUTE {name}{arguments}"


def forget_all() -> None:
    """Drop every kept statement (tests that change what a build reads, e.g. settings)."""
    with _lock:
        _kept.clear()
    _threads.kept = OrderedDict()
