"""Grid helpers: the `Grid` check, numpy and text conversions."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from data import DataError
from data.grid import from_numpy, grid_to_text, is_grid, text_to_grid, to_numpy, validate_grid

grids = st.integers(1, 30).flatmap(
    lambda h: st.integers(1, 30).flatmap(
        lambda w: st.lists(st.lists(st.integers(0, 9), min_size=w, max_size=w).map(tuple), min_size=h, max_size=h)
    ).map(tuple))


@given(grids)
def test_numpy_round_trip(grid):
    assert from_numpy(to_numpy(grid)) == grid


@given(grids)
def test_text_round_trip(grid):
    assert text_to_grid(grid_to_text(grid)) == grid


@given(grids)
def test_valid_grids_pass_both_checks(grid):
    assert is_grid(grid) and validate_grid([list(row) for row in grid]) == grid


@pytest.mark.parametrize("value", [(), ((),), ((1, 2), (3,)), ((10,),), ((1,),) * 31, ((True,),), [[1]], ((1.0,),)])
def test_is_grid_rejects_non_grids(value):
    assert not is_grid(value)


def test_from_numpy_rejects_3d_arrays():
    with pytest.raises(DataError, match="2-D"):
        from_numpy(np.zeros((2, 2, 2), dtype=np.uint8))


def test_to_numpy_is_uint8_height_by_width():
    array = to_numpy(((1, 2, 3), (4, 5, 6)))
    assert array.dtype == np.uint8 and array.shape == (2, 3)
