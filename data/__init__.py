"""ARC data: the task model, loaders, validation, augmentations, HF datasets and pictures.

Import what you need from here: `from data import Task, Example, Grid, load_tasks`. The heavier parts
are modules of their own: `data.hf` (Hugging Face datasets), `data.render` (PNG/HTML pictures),
`data.stats`, and the `arc-data` CLI in `data.cli`.
"""

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

__all__ = [
    "DATASETS", "MAX_SIDE", "NUM_COLOURS", "Augmentation", "DataError", "Example", "Grid", "Task", "UserError",
    "augmentations", "find_task", "from_numpy", "grid_to_text", "is_grid", "load_kaggle", "load_task_file",
    "load_tasks", "normalize_split", "shape", "text_to_grid", "to_numpy", "validate_grid",
]
