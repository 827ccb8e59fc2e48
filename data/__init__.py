"""ARC data: the task model, loaders, validation, augmentations, HF datasets and pictures.

Import what you need from here: `from data import Task, Example, Grid, load_tasks`. The heavier parts
are modules of their own: `data.hf` (Hugging Face datasets), `data.render` (PNG/HTML pictures),
`data.stats`, and the `arc-data` CLI in `data.cli`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from data.lazy import lazy_getattr

# Names load their module on first use (PEP 562): `from data.errors import UserError` stays cheap (no numpy,
# no loaders) for the pure cores that only need the error types.
_EXPORTS = {
    "Augmentation": "augment", "augmentations": "augment", "DataError": "errors", "UserError": "errors",
    **dict.fromkeys(("MAX_SIDE", "NUM_COLOURS", "Grid", "from_numpy", "grid_to_text", "is_grid", "shape",
                     "text_to_grid", "to_numpy", "validate_grid"), "grid"),
    **dict.fromkeys(("DATASETS", "find_task", "load_kaggle", "load_task_file", "load_tasks", "normalize_split"),
                    "loaders"),
    "Example": "task", "Task": "task",
}
__all__ = [  # (literal, for linters and readers; the same names as _EXPORTS)
    "Augmentation", "DATASETS", "DataError", "Example", "Grid", "MAX_SIDE", "NUM_COLOURS", "Task",
    "UserError", "augmentations", "find_task", "from_numpy", "grid_to_text", "is_grid", "load_kaggle",
    "load_task_file", "load_tasks", "normalize_split", "shape", "text_to_grid", "to_numpy", "validate_grid",
]

if TYPE_CHECKING:
    from data.augment import Augmentation, augmentations
    from data.errors import DataError, UserError
    from data.grid import (
        MAX_SIDE,
        NUM_COLOURS,
        Grid,
        from_numpy,
        grid_to_text,
        is_grid,
        shape,
        text_to_grid,
        to_numpy,
        validate_grid,
    )
    from data.loaders import DATASETS, find_task, load_kaggle, load_task_file, load_tasks, normalize_split
    from data.task import Example, Task


__getattr__ = lazy_getattr("data", _EXPORTS)
