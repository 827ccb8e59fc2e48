"""THE grid ↔ token-sequence encoding of the grid models: every model, dataset builder and decoder uses
this module, and nothing else re-derives it.

A grid is drawn at the top-left of a square canvas of `side` × `side` cells (30 × 30 = 900 positions at
real scale; a smaller canvas for CPU-sized experiments) and read row by row:

    colour c (0–9)  → token c + COLOUR_OFFSET  (2–11)
    end of the grid → EOS: the row just below the grid and the column just right of it (when inside
                      the canvas), so the decoder can read the grid's height and width back
    everything else → PAD

Training labels are the same tokens with PAD replaced by IGNORE_LABEL, so the loss covers colours and
the EOS border but not the empty canvas. `decode_grid` reads back the largest top-left rectangle of
colour tokens, which is exactly the encoded grid for a well-formed sequence and a best guess otherwise.

    tokens = encode_grid(((1, 2), (3, 4)), side=6)     # shape (36,), uint8
    assert decode_grid(tokens, side=6) == ((1, 2), (3, 4))
"""

from __future__ import annotations

import numpy as np

from data.grid import MAX_SIDE, NUM_COLOURS, Grid

PAD = 0
EOS = 1
COLOUR_OFFSET = 2
VOCAB_SIZE = COLOUR_OFFSET + NUM_COLOURS  # 12
IGNORE_LABEL = -100  # torch's cross-entropy ignore index
DEFAULT_SIDE = MAX_SIDE  # 30 × 30 = 900 positions


def seq_len(side: int = DEFAULT_SIDE) -> int:
    """Number of tokens of one encoded grid on a `side` × `side` canvas."""
    return side * side


def fits(grid: Grid, side: int = DEFAULT_SIDE) -> bool:
    """True when the grid fits on the canvas."""
    return len(grid) <= side and len(grid[0]) <= side


def encode_grid(grid: Grid, side: int = DEFAULT_SIDE) -> np.ndarray:
    """The token sequence (uint8, length side²) of a grid; raises ValueError when it does not fit."""
    if not 1 <= side <= MAX_SIDE:
        raise ValueError(f"canvas side must be 1-{MAX_SIDE}, got {side}")
    height, width = len(grid), len(grid[0])
    if height > side or width > side:
        raise ValueError(f"a {height}x{width} grid does not fit a {side}x{side} canvas")
    canvas = np.full((side, side), PAD, dtype=np.uint8)
    canvas[:height, :width] = np.asarray(grid, dtype=np.uint8) + COLOUR_OFFSET
    if height < side:
        canvas[height, :width] = EOS
    if width < side:
        canvas[:height, width] = EOS
    return canvas.reshape(-1)


def decode_grid(tokens: np.ndarray | list[int], side: int = DEFAULT_SIDE) -> Grid | None:
    """The grid a token sequence shows (the largest top-left rectangle of colour tokens), or None when
    the first cell is not a colour."""
    canvas = np.asarray(tokens, dtype=np.int64).reshape(side, side)
    is_colour = (canvas >= COLOUR_OFFSET) & (canvas < VOCAB_SIZE)
    best_area, best = 0, (0, 0)
    width = side
    for rows in range(1, side + 1):
        # The run of colour tokens at the start of this row bounds the width of every taller rectangle.
        row = is_colour[rows - 1, :width]
        width = int(np.argmin(row)) if not row.all() else width
        if width == 0:
            break
        if rows * width > best_area:
            best_area, best = rows * width, (rows, width)
    if best_area == 0:
        return None
    height, width = best
    return tuple(tuple(int(v) - COLOUR_OFFSET for v in row) for row in canvas[:height, :width])


def to_labels(tokens: np.ndarray) -> np.ndarray:
    """Training labels (int64) of encoded target grids: PAD → IGNORE_LABEL, everything else kept."""
    labels = np.asarray(tokens).astype(np.int64)
    labels[labels == PAD] = IGNORE_LABEL
    return labels
