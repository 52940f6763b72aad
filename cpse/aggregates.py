"""Small-cell suppression for every aggregate the program shows or hands out (SECURITY.md:
"reports to funders are aggregates with small cells suppressed").

Rules, applied the same way on the page, in the CSV and in the PDF:

- Primary: a count of 1 to 4 people is shown as "fewer than 5", never as a number.
- Complementary: in a line (a row or a column) whose total is shown, one hidden cell could
  be worked out by subtracting the others from the total. So when exactly one cell of such
  a line is hidden, the next smallest cell of the line is hidden too ("not shown"; the
  smallest non-zero one, as a hidden zero protects little), and the
  rule runs again until no line has a single hidden cell (hiding a cell can leave a single
  hidden cell in the crossing line).
- A share ("7 of 12") is the line [7, 5] with its total 12: it is shown only when neither
  the count nor the rest is 1 to 4, else both are hidden and so is the percentage.
- Zero is shown as 0. A zero points at nobody, and hiding it would hide what equity
  figures exist to show (no one from a state received a scholarship, say). It is still
  hidden when it is the complementary cell of a line, like any other number.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

# A group (or a count within one) smaller than this is never shown as a number.
SMALL_GROUP = 5


def is_small(count: int, threshold: int = SMALL_GROUP) -> bool:
    return 0 < count < threshold


def fewer_than(threshold: int = SMALL_GROUP) -> str:
    """What is shown instead of a small count."""
    return gettext("fewer than %(number)s") % {"number": threshold}


SHOWN, SMALL, HIDDEN = "shown", "small", "hidden"


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown: the number, "fewer than 5", or "not shown"."""

    value: int
    state: str = SHOWN

    @classmethod
    def of(cls, count: int) -> "Cell":
        """A count standing alone (no total beside it to subtract from)."""
        return cls(count, SMALL if is_small(count) else SHOWN)

    @property
    def shown(self) -> bool:
        return self.state == SHOWN

    def __str__(self) -> str:
        if self.state == SMALL:
            return fewer_than()
        if self.state == HIDDEN:
            return gettext("not shown")
        return str(self.value)


def suppress(grid: list[list[int]], *, row_totals: bool = False, column_totals: bool = False) -> list[list[Cell]]:
    """The grid's counts as cells, with primary and complementary suppression. Say which
    lines have a total shown beside them: only those need complementary cells."""
    states = [[SMALL if is_small(value) else SHOWN for value in row] for row in grid]
    lines: list[list[tuple[int, int]]] = []
    if row_totals:
        lines += [[(r, c) for c in range(len(row))] for r, row in enumerate(grid)]
    if column_totals and grid:
        lines += [[(r, c) for r in range(len(grid))] for c in range(len(grid[0]))]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for r, c in line if states[r][c] != SHOWN) != 1:
                continue
            # A zero beside a hidden cell protects it little: a non-zero cell is taken first.
            candidates = [(grid[r][c] == 0, grid[r][c], r, c) for r, c in line if states[r][c] == SHOWN]
            if candidates:
                _zero, _value, r, c = min(candidates)
                states[r][c] = HIDDEN
                changed = True
    return [
        [Cell(value, state) for value, state in zip(row, row_states, strict=True)]
        for row, row_states in zip(grid, states, strict=True)
    ]


@dataclass(frozen=True)
class Share:
    """`count` people out of `total`, with the percentage when it may be shown."""

    count: Cell
    total: Cell

    @property
    def percent(self) -> str:
        if not (self.count.shown and self.total.shown) or self.total.value == 0:
            return "" if self.total.value == 0 and self.total.shown else gettext("not shown")
        return gettext("%(percent)s percent") % {"percent": round(100 * self.count.value / self.total.value)}


def share(count: int, total: int) -> Share:
    """A share whose rest (total − count) is protected as much as the count itself."""
    count_cell, _rest = suppress([[count, total - count]], row_totals=True)[0]
    return Share(count=count_cell, total=Cell.of(total))
