"""Complementary suppression holds against subtraction (cpse.aggregates): for any table,
no hidden figure can be worked out from what is shown beside it. Checked by brute force,
apart from the module's own network search: every table of counts that agrees with each
shown cell and total is tried, and each hidden figure must take at least two values."""

from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from cpse.aggregates import HIDDEN, SHOWN, SMALL, suppress

THRESHOLD = 5


def _allows(cell, value: int) -> bool:
    """What a reader knows from how a figure is shown: "fewer than 5" is 1 to 4, "not
    shown" any count (a small one included: the module's rule)."""
    if cell.state == SHOWN:
        return value == cell.value
    if cell.state == SMALL:
        return 0 < value < THRESHOLD
    return True


def _shown_figures(grid, table):
    """Every figure on the page as (cell, the grid positions it adds up)."""
    rows, columns = len(grid), len(grid[0])
    figures = [(table.cells[r][c], [(r, c)]) for r in range(rows) for c in range(columns)]
    figures += [(cell, [(r, c) for c in range(columns)]) for r, cell in enumerate(table.row_totals)]
    figures += [(cell, [(r, c) for r in range(rows)]) for c, cell in enumerate(table.column_totals)]
    if table.total is not None:
        figures.append((table.total, [(r, c) for r in range(rows) for c in range(columns)]))
    return figures


# The brute-force check is exponential in the hidden cells; an example it cannot settle in
# this many steps is set aside (hypothesis draws another), so the test's time is bounded.
SEARCH_STEPS = 20_000


def _another_value_fits(grid, table, figure) -> bool:
    """Is there a table of counts, agreeing with everything shown, in which `figure` (one
    of `_shown_figures`) is not what it really is? A depth-first search over the hidden
    cells, each from 0 to one above the largest count (any other table differs from the
    real one by moves of one person, so one within that range exists if any does)."""
    cell, positions = figure
    unknown = [(r, c) for r, row in enumerate(table.cells) for c, shown in enumerate(row) if shown.state != SHOWN]
    unknown.sort(key=lambda position: position not in positions)  # its own cells first
    top = max(map(max, grid)) + 1
    figures = _shown_figures(grid, table)
    values = {(r, c): grid[r][c] for r, row in enumerate(grid) for c in range(len(row)) if (r, c) not in unknown}

    def bounds(shown):
        if shown.state == SHOWN:
            return shown.value, shown.value
        if shown.state == SMALL:
            return 1, THRESHOLD - 1
        return 0, 10**6

    def possible() -> bool:
        for shown, cells in figures:
            low, high = bounds(shown)
            fixed = sum(values[p] for p in cells if p in values)
            open_cells = [p for p in cells if p not in values]
            if fixed + sum(bounds(table.cells[r][c])[0] for r, c in open_cells) > high:
                return False
            if fixed + top * len(open_cells) < low:
                return False
        return True

    steps = [0]

    def search(index: int) -> bool:
        steps[0] += 1
        if steps[0] > SEARCH_STEPS:  # too big to settle by brute force: not this example
            reject()
        if not possible():
            return False
        if index == len(unknown):
            return sum(values[p] for p in positions) != cell.value
        position = unknown[index]
        low, high = bounds(table.cells[position[0]][position[1]])
        for value in range(low, min(high, top) + 1):
            if positions == [position] and value == cell.value:
                continue
            values[position] = value
            if search(index + 1):
                return True
            del values[position]
        return False

    return search(0)


def _lines(table, *, closed_rows: bool, closed_columns: bool, closed_total: bool):
    """The figures a reader sees as one sum: each row with its total, each column with its
    total, and the totals with the grand total."""
    if closed_rows:
        yield from ([*row, total] for row, total in zip(table.cells, table.row_totals, strict=True))
    if closed_columns:
        yield from (
            [*column, total] for column, total in zip(zip(*table.cells, strict=True), table.column_totals, strict=True)
        )
    if closed_total and table.total is not None:
        if closed_rows:
            yield [*table.row_totals, table.total]
        if closed_columns:
            yield [*table.column_totals, table.total]


grids = st.integers(1, 3).flatmap(
    lambda columns: st.lists(
        st.lists(st.one_of(st.integers(0, 4), st.integers(0, 9)), min_size=columns, max_size=columns),
        min_size=1,
        max_size=3,
    )
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(grid=grids, row_totals=st.booleans(), column_totals=st.booleans(), total=st.booleans())
def test_no_hidden_figure_can_be_solved_from_what_is_shown(grid, row_totals, column_totals, total):
    table = suppress(grid, row_totals=row_totals, column_totals=column_totals, total=total, hide_totals=True)
    for figure in _shown_figures(grid, table):
        cell, positions = figure
        assert _allows(cell, sum(grid[r][c] for r, c in positions))  # the truth agrees with itself
        assert not (0 < cell.value < THRESHOLD and cell.state == SHOWN)  # primary suppression
        if cell.state != SHOWN:
            assert _another_value_fits(grid, table, figure), (grid, figure)
    # "fewer than 5" never stands beside "not shown" in a line with its total, so that a
    # reader cannot tell a hidden small count from the number hidden to protect it.
    for line in _lines(table, closed_rows=row_totals, closed_columns=column_totals, closed_total=total):
        assert not ({SMALL, HIDDEN} <= {cell.state for cell in line}), (grid, line)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.lists(st.integers(0, 9), min_size=2, max_size=6))
def test_a_line_with_a_fixed_total_hides_its_own_cells(counts):
    """The survey's case: the total (everyone who answered) is always shown, so the cells
    protect each other."""
    table = suppress([counts], row_totals=True)
    assert str(table.row_totals[0]) == str(suppress([[sum(counts)]]).cells[0][0])
    for figure in _shown_figures([counts], table):
        if figure[0].state != SHOWN:
            assert _another_value_fits([counts], table, figure), (counts, figure)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.lists(st.lists(st.integers(0, 9), min_size=3, max_size=3), min_size=2, max_size=5))
def test_columns_with_fixed_totals_hide_their_own_cells(grid):
    """The reports' case (areas, equity): each column's total is shown and never hidden,
    and rows have none."""
    table = suppress(grid, column_totals=True)
    totals = [sum(column) for column in zip(*grid, strict=True)]
    assert [str(total) for total in table.column_totals] == [str(suppress([[total]]).cells[0][0]) for total in totals]
    for figure in _shown_figures(grid, table):
        if figure[0].state != SHOWN:
            assert _another_value_fits(grid, table, figure), (grid, figure)
    for line in _lines(table, closed_rows=False, closed_columns=True, closed_total=False):
        assert not ({SMALL, HIDDEN} <= {cell.state for cell in line[:-1]}), (grid, line)


def test_the_survey_answer_that_subtraction_gave_away():
    # 7 answers: 5 "Completely", 2 "Mostly", nobody else. Shown as "5, fewer than 5, 0 …"
    # the 2 was 7 − 5; now the 5 is hidden too, and both read "not shown".
    table = suppress([[5, 2, 0, 0, 0, 0]], row_totals=True)
    assert [str(cell) for cell in table.cells[0]] == ["not shown", "not shown", "0", "0", "0", "0"]
    assert str(table.row_totals[0]) == "7"


def test_zeros_beside_a_lone_small_count_do_not_protect_it():
    # "fewer than 5", 0 and 9 of 12: the small one is 12 − 9 − 0. The 9 goes with it; the
    # zero can stay, as two unknowns now share the line.
    table = suppress([[3, 0, 9]], row_totals=True)
    assert [str(cell) for cell in table.cells[0]] == ["not shown", "0", "not shown"]


def test_a_known_part_counts_as_shown_and_an_unshown_one_as_unknown():
    # Sponsored 6 = enrolled 5 + completed 1 + withdrawn 0 (which a sponsor may know).
    table = suppress([[5, 1, 0]], row_totals=True, hide_totals=True, known=frozenset({(0, 2)}))
    assert [str(cell) for cell in table.cells[0][:2]] == ["not shown", "not shown"]
    # Not on the page, the rest of "fewer than 5 of 12" protects the count by itself.
    table = suppress([[3, 9]], row_totals=True, unshown=frozenset({(0, 1)}))
    assert [cell.state for cell in table.cells[0]] == [SMALL, SHOWN]
