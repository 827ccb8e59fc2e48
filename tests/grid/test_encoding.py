"""The grid ↔ token encoding: round trips, EOS border, labels, errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from solvers.grid import encoding


@st.composite
def grids(draw, side=8):
    height = draw(st.integers(1, side))
    width = draw(st.integers(1, side))
    cells = st.integers(0, 9)
    return tuple(tuple(draw(cells) for _ in range(width)) for _ in range(height))


@given(grids())
def test_round_trip(grid):
    assert encoding.decode_grid(encoding.encode_grid(grid, 8), 8) == grid


def test_eos_marks_bottom_and_right_border():
    canvas = encoding.encode_grid(((1, 2), (3, 4)), 4).reshape(4, 4)
    assert canvas[2, :2].tolist() == [encoding.EOS] * 2
    assert canvas[:2, 2].tolist() == [encoding.EOS] * 2
    assert canvas[0, 0] == 1 + encoding.COLOUR_OFFSET
    assert canvas[3, 3] == encoding.PAD


def test_full_canvas_grid_has_no_eos_and_round_trips():
    grid = tuple(tuple((r + c) % 10 for c in range(30)) for r in range(30))
    tokens = encoding.encode_grid(grid)
    assert len(tokens) == encoding.seq_len() == 900
    assert encoding.EOS not in tokens
    assert encoding.decode_grid(tokens) == grid


def test_labels_ignore_pad_only():
    tokens = encoding.encode_grid(((5,),), 3)
    labels = encoding.to_labels(tokens)
    assert (labels == encoding.IGNORE_LABEL).sum() == (tokens == encoding.PAD).sum()
    assert labels[0] == 5 + encoding.COLOUR_OFFSET


def test_decode_without_colour_at_origin_is_none():
    assert encoding.decode_grid(np.zeros(16, np.uint8), 4) is None


def test_decode_reads_largest_rectangle_of_a_ragged_prediction():
    canvas = np.full((4, 4), encoding.PAD, np.uint8)
    canvas[0, :3] = 2
    canvas[1, :2] = 3
    assert encoding.decode_grid(canvas.reshape(-1), 4) == ((0, 0), (1, 1))


def test_grid_larger_than_canvas_is_rejected():
    with pytest.raises(ValueError, match="does not fit"):
        encoding.encode_grid(((1,) * 7,), 6)
