"""The small-cell rules of cpse.aggregates."""

from hypothesis import given
from hypothesis import strategies as st

from cpse.aggregates import HIDDEN, SHOWN, SMALL, Cell, share, suppress


def states(table):
    return [[cell.state for cell in row] for row in table.cells]


def test_counts_of_one_to_four_are_fewer_than_five_and_zero_is_shown():
    assert [str(Cell.of(n)) for n in (0, 1, 4, 5, 30)] == ["0", "fewer than 5", "fewer than 5", "5", "30"]


def test_without_totals_only_small_cells_are_hidden():
    assert states(suppress([[3, 9], [12, 7]])) == [[SMALL, SHOWN], [SHOWN, SHOWN]]


def test_a_single_small_cell_in_a_column_with_a_total_takes_the_next_smallest_with_it():
    table = suppress([[3], [9], [6], [20]], column_totals=True)
    # Both read "not shown": beside "fewer than 5", a "not shown" could only be 0 or 5 up.
    assert states(table) == [[HIDDEN], [SHOWN], [HIDDEN], [SHOWN]]
    assert [str(row[0]) for row in table.cells] == ["not shown", "9", "not shown", "20"]
    assert [str(total) for total in table.column_totals] == ["38"]


def test_two_small_cells_protect_each_other():
    assert states(suppress([[3], [2], [20]], column_totals=True)) == [[SMALL], [SMALL], [SHOWN]]


def test_a_zero_is_taken_only_when_no_other_cell_is_left():
    assert states(suppress([[3], [0], [8]], column_totals=True)) == [[HIDDEN], [SHOWN], [HIDDEN]]
    assert states(suppress([[3], [1], [0], [8]], column_totals=True)) == [[SMALL], [SMALL], [SHOWN], [SHOWN]]
    assert states(suppress([[3], [1], [0]], column_totals=True)) == [[SMALL], [SMALL], [SHOWN]]
    # Two small cells making 2 can only be 1 and 1: they read "not shown" (0 and 2, too).
    assert states(suppress([[1], [1], [0], [9]], column_totals=True)) == [[HIDDEN], [HIDDEN], [SHOWN], [SHOWN]]
    assert states(suppress([[1], [1], [0]], row_totals=True, column_totals=True)) == [[SMALL], [SMALL], [SHOWN]]


def test_a_total_that_is_itself_small_leaves_nothing_to_subtract_from():
    table = suppress([[3], [0]], column_totals=True)
    assert states(table) == [[SMALL], [SHOWN]] and str(table.column_totals[0]) == "fewer than 5"


def test_hiding_a_cell_can_call_for_another_in_the_crossing_line():
    # Row 0's 2 takes the 6 beside it; the 2 is then alone in column 0 (the 8 goes) and
    # the 6 alone in column 1 (the 7 goes); row 1 ends with two hidden cells.
    table = suppress([[2, 6, 9], [8, 7, 10]], row_totals=True, column_totals=True)
    assert states(table) == [[HIDDEN, HIDDEN, SHOWN], [HIDDEN, HIDDEN, SHOWN]]


@given(st.lists(st.lists(st.integers(0, 40), min_size=3, max_size=3), min_size=1, max_size=6))
def test_no_line_with_a_total_keeps_a_single_hidden_cell(grid):
    table = suppress(grid, row_totals=True, column_totals=True)
    rows = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    columns = [
        [*column, total] for column, total in zip(zip(*table.cells, strict=True), table.column_totals, strict=True)
    ]
    for line in rows + columns:  # with its total, which may be "fewer than 5" itself
        hidden = [cell for cell in line if not cell.shown]
        assert len(hidden) != 1 or len(line) == 2  # a single cell is its own total
    for row in table.cells:
        for cell in row:
            if 0 < cell.value < 5:
                assert not cell.shown


def test_a_share_hides_its_count_when_the_rest_is_small():
    assert (str(share(7, 12).count), share(7, 12).percent) == ("7", "58 percent")
    assert (str(share(10, 12).count), share(10, 12).percent) == ("not shown", "not shown")
    assert (str(share(3, 12).count), share(3, 12).percent) == ("fewer than 5", "not shown")
    assert (str(share(12, 12).count), share(12, 12).percent) == ("12", "100 percent")
    assert (str(share(0, 0).count), share(0, 0).percent) == ("0", "")
    assert str(share(2, 3).total) == "fewer than 5"
