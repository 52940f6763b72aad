"""Small-cell suppression for every aggregate the program hands out (SECURITY.md:
"reports to funders are aggregates with small cells suppressed").

Rules chosen here, applied the same way on the page, in the CSV and in the PDF:

- Suppression applies to what leaves the program: the funder summary PDF, the CSVs meant
  for funders, sponsors' pages. Pages and CSVs for program staff alone show exact figures
  (staff may open every record anyway): the same tables built with `threshold=EXACT`,
  below which no count falls, so nothing is hidden.

- Primary: a count of 1 to 4 people is shown as "fewer than 5", never as a number.
- Complementary: figures shown together are tied by their totals (a row's cells add up to
  its total, a column's to its own, the totals to the grand total). No hidden figure may be
  worked out from what is shown, by subtraction or by what a reader knows of every count
  (never below 0; "fewer than 5" is 1 to 4): each must be able to take at least two values
  that agree with every shown figure and total. Where one cannot, the cheapest change that
  frees it is made: a small count reads "not shown" instead ("1 and 1 of 2" can then be 0
  and 2), else one more figure is hidden ("not shown"): the smallest non-zero cell first,
  then a zero (a 0 shown beside a hidden cell gives it away as surely as a number), then a
  total where the caller allows it; and the check runs again until every hidden figure
  holds.
- "Not shown" may stand for any number, a small one included: once a row or column with
  a total hides a number to protect a small one, every hidden figure in it reads "not
  shown", the small one too. Else a reader who knows "not shown" is never 1 to 4 could
  still solve it: 6 in all, "not shown" and "fewer than 5" can only be 5 and 1.
- Derived figures never show more than their counts: a percentage only where its count
  and its total are both shown (`Share.percent`); a mean only where every count it is
  worked out from is shown (the survey results); an average per person only beside its
  number of people, never hidden then (the impact summary).
- A share ("7 of 12") is the row [7, 5] with its total 12; the rest (5) is not on the
  page but is protected like the count. Where the total is a count hidden elsewhere on
  the page, nothing of the share is shown.
- A part of a total that is not on the page is unknown to the reader (a share's rest),
  unless the caller says the reader may know it from elsewhere (those who withdrew, in
  the sponsors' impact summary): then it counts as shown.
- Zero is shown as 0 unless it is hidden to protect another cell. A zero points at
  nobody, and hiding every zero would hide what equity figures exist to show (no one
  from a state received a scholarship, say).

How the check works: a table is a small flow network (each row's total flows into its
cells, each cell into its column, each column into its total, the column totals into the
grand total and back to the row totals), so any other table that agrees with what is
shown differs from the real one by cycles. A hidden figure can take another value exactly
when some cycle through it can move one person without leaving what a reader knows of
every figure on it; that is a breadth-first search per hidden figure, exact and quick for
the tables shown here.

Known limits: the protection is against what the figures say, not against a reader who
reruns these rules on every possible table. Figures that nest without adding up
(completed and certified, the stages of the way in) are suppressed one by one.
"""

from collections import deque
from dataclasses import dataclass, field

from django.utils.translation import gettext

# A group (or a count within one) smaller than this is never shown as a number.
SMALL_GROUP = 5
# The threshold of staff-only figures: no count is between 0 and 1, so every one is shown.
EXACT = 1


def is_small(count: int, threshold: int = SMALL_GROUP) -> bool:
    return 0 < count < threshold


def fewer_than(threshold: int = SMALL_GROUP) -> str:
    """What is shown instead of a small count."""
    return gettext("fewer than %(number)s") % {"number": threshold}


def not_shown() -> str:
    """What is shown instead of a count, or a figure worked out from one, that would give
    a hidden one away."""
    return gettext("not shown")


SHOWN, SMALL, HIDDEN = "shown", "small", "hidden"


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown: the number, "fewer than N", or "not shown"."""

    value: int
    state: str = SHOWN
    threshold: int = SMALL_GROUP

    @classmethod
    def of(cls, count: int, threshold: int = SMALL_GROUP) -> "Cell":
        """A count standing alone (no total beside it to subtract from)."""
        return cls(count, SMALL if is_small(count, threshold) else SHOWN, threshold)

    @property
    def shown(self) -> bool:
        return self.state == SHOWN

    def __str__(self) -> str:
        if self.state == SMALL:
            return fewer_than(self.threshold)
        if self.state == HIDDEN:
            return not_shown()
        return str(self.value)


@dataclass(frozen=True)
class Table:
    """A grid of counts as shown, with the totals that are shown beside it."""

    cells: list[list[Cell]]
    row_totals: list[Cell] = field(default_factory=list)  # empty when rows show no total
    column_totals: list[Cell] = field(default_factory=list)
    total: Cell | None = None


_ANY = 10**9  # no upper bound: no count in a table here comes near


@dataclass(eq=False)
class _Figure:
    """One figure of the network: an edge from `tail` to `head` carrying `value` people."""

    value: int
    tail: int
    head: int
    on_page: bool = True  # False: not shown, so unknown to the reader (a share's rest)
    free: bool = False  # no such figure is shown (a row total nobody shows): not protected
    known: bool = False  # the reader may know it from elsewhere: never hidden, never protected
    hideable: bool = True  # may be hidden to protect another figure
    is_total: bool = False
    threshold: int = SMALL_GROUP
    state: str = SHOWN

    def bounds(self) -> tuple[int, int]:
        """What a reader knows of the figure: the lowest and highest it could be."""
        if self.known or (self.on_page and not self.free and self.state == SHOWN):
            return self.value, self.value
        if self.on_page and not self.free and self.state == SMALL:
            return 1, self.threshold - 1
        return 0, _ANY

    @property
    def protected(self) -> bool:
        return self.state != SHOWN and not (self.free or self.known)


def suppress(
    grid: list[list[int]],
    *,
    row_totals: bool = False,
    column_totals: bool = False,
    total: bool = False,
    hide_totals: bool = False,
    known: frozenset[tuple[int, int]] = frozenset(),
    unshown: frozenset[tuple[int, int]] = frozenset(),
    threshold: int = SMALL_GROUP,
) -> Table:
    """The grid's counts as cells, with primary and complementary suppression. Say which
    totals are shown beside it (rows', columns', the grand total) and whether they may be
    hidden too (`hide_totals`; leave it off for a total the page shows elsewhere). `known`:
    cells not on the page that a reader may know anyway; `unshown`: cells not on the page
    (unknown to a reader, still protected). Both as (row, column)."""
    rows, columns = len(grid), len(grid[0]) if grid else 0
    row_hub, column_hub = rows + columns, rows + columns + 1
    cells = [
        [
            _Figure(
                value,
                tail=r,
                head=rows + c,
                on_page=(r, c) not in unshown,
                known=(r, c) in known,
                hideable=(r, c) not in known,
                threshold=threshold,
            )
            for c, value in enumerate(row)
        ]
        for r, row in enumerate(grid)
    ]
    margin = {"hideable": hide_totals, "is_total": True, "threshold": threshold}
    row_figures = [
        _Figure(sum(row), tail=row_hub, head=r, **margin | {"free": not row_totals}) for r, row in enumerate(grid)
    ]
    column_figures = [
        _Figure(sum(row[c] for row in grid), tail=rows + c, head=column_hub, **margin | {"free": not column_totals})
        for c in range(columns)
    ]
    grand = _Figure(sum(map(sum, grid)), tail=column_hub, head=row_hub, **margin | {"free": not total})
    figures = [figure for row in cells for figure in row] + row_figures + column_figures + [grand]
    for figure in figures:
        if not figure.free and is_small(figure.value, threshold):
            figure.state = SMALL
    _protect(figures)

    def shown(figure: _Figure) -> Cell:
        return Cell(figure.value, figure.state, threshold)

    return Table(
        cells=[[shown(figure) for figure in row] for row in cells],
        row_totals=[shown(figure) for figure in row_figures] if row_totals else [],
        column_totals=[shown(figure) for figure in column_figures] if column_totals else [],
        total=shown(grand) if total else None,
    )


def _protect(figures: list[_Figure]) -> None:
    """Hide figures until no hidden one can be worked out (the module's rules)."""
    while True:
        _relabel(figures)
        pinned = next((figure for figure in figures if figure.protected and _pinned(figure, figures)), None)
        if pinned is None:
            return
        candidates = [
            figure
            for figure in figures
            if figure.state == SHOWN and figure.hideable and figure.on_page and not (figure.free or figure.known)
        ]
        candidates.sort(key=lambda figure: (figure.is_total, figure.value == 0, figure.value))
        small = [figure for figure in figures if figure.state == SMALL and figure.hideable and figure.on_page]
        # Cheapest first: a small count that reads "not shown" instead ("1 and 1 of 2" can
        # then be 0 and 2), if that frees it; else the first number that frees it on its
        # own; else the first of its own row or column (it will need more), else any.
        chosen = next((figure for figure in [pinned] if figure in small and _frees(figure, pinned, figures)), None)
        if chosen is None:
            chosen = next((figure for figure in candidates if _frees(figure, pinned, figures)), None)
        if chosen is None:
            beside = [figure for figure in candidates if {figure.tail, figure.head} & {pinned.tail, pinned.head}]
            chosen = (beside or candidates or [None])[0]
        if chosen is None:
            # No number is left to hide: the small counts themselves read "not shown".
            chosen = pinned if pinned in small else next(iter(small), None)
        if chosen is None:
            return  # the caller shows only what it must
        chosen.state = HIDDEN


def _frees(candidate: _Figure, pinned: _Figure, figures: list[_Figure]) -> bool:
    """Would hiding `candidate` let `pinned` take another value?"""
    state, candidate.state = candidate.state, HIDDEN
    frees = not _pinned(pinned, figures)
    candidate.state = state
    return frees


def _relabel(figures: list[_Figure]) -> None:
    """A small count in a line with a total and a hidden number reads "not shown" too."""
    lines: dict[int, list[_Figure]] = {}
    for figure in figures:
        lines.setdefault(figure.tail, []).append(figure)
        lines.setdefault(figure.head, []).append(figure)
    closed = [line for line in lines.values() if not any(figure.free for figure in line)]
    changed = True
    while changed:
        changed = False
        for line in closed:
            if any(figure.state == HIDDEN and figure.on_page for figure in line):
                for figure in line:
                    if figure.state == SMALL and figure.hideable and figure.on_page and not figure.known:
                        figure.state = HIDDEN
                        changed = True


def _pinned(figure: _Figure, figures: list[_Figure]) -> bool:
    """True when every table agreeing with what is shown gives `figure` the same value."""
    low, high = figure.bounds()
    # One more person on `figure` must leave its head and come back to its tail (a cycle).
    up = figure.value < high and _reaches(figure.head, figure.tail, figures, without=figure)
    down = figure.value > low and _reaches(figure.tail, figure.head, figures, without=figure)
    return not (up or down)


def _reaches(start: int, goal: int, figures: list[_Figure], *, without: _Figure) -> bool:
    """A path along which one person can move: forwards through a figure that may grow,
    backwards through one that may shrink."""
    steps: dict[int, list[int]] = {}
    for figure in figures:
        if figure is without:
            continue
        low, high = figure.bounds()
        if figure.value < high:
            steps.setdefault(figure.tail, []).append(figure.head)
        if figure.value > low:
            steps.setdefault(figure.head, []).append(figure.tail)
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for following in steps.get(node, ()):
            if following not in seen:
                seen.add(following)
                queue.append(following)
    return False


@dataclass(frozen=True)
class Share:
    """`count` people out of `total`, with the percentage when it may be shown."""

    count: Cell
    total: Cell

    @property
    def percent(self) -> str:
        if not (self.count.shown and self.total.shown) or self.total.value == 0:
            return "" if self.total.value == 0 and self.total.shown else not_shown()
        return gettext("%(percent)s percent") % {"percent": round(100 * self.count.value / self.total.value)}


def share(count: int, total: int | Cell, threshold: int = SMALL_GROUP) -> Share:
    """A share whose rest (total − count) is protected as much as the count itself. The
    total is a number, or the cell it is shown as elsewhere beside the share: when that
    one is hidden, so is the share (its count and rest would bound it)."""
    if isinstance(total, Cell):
        if total.state == HIDDEN:
            return Share(count=Cell(count, HIDDEN), total=total)
        total = total.value
    table = suppress([[count, total - count]], row_totals=True, unshown=frozenset({(0, 1)}), threshold=threshold)
    return Share(count=table.cells[0][0], total=table.row_totals[0])
