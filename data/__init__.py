"""ARC data: the task model, loaders, validation, augmentations, HF datasets and pictures.

Import what you need from here: `from data import Task, Example, Grid, load_tasks`.
"""

from data.errors import DataError, UserError
from data.grid import MAX_SIDE, NUM_COLOURS, Grid, from_numpy, grid_to_text, is_grid, shape, to_numpy, validate_grid
from data.loaders import DATASETS, find_task, load_kaggle, load_task_file, load_tasks, normalize_split
from data.task import Example, Task

__all__ = [
    "DATASETS", "MAX_SIDE", "NUM_COLOURS", "DataError", "Example", "Grid", "Task", "UserError", "find_task",
    "from_numpy", "grid_to_text", "is_grid", "load_kaggle", "load_task_file", "load_tasks", "normalize_split",
    "shape", "to_numpy", "validate_grid",
]
