"""Small ARC tasks and files for the data tests (fixtures only: with --import-mode=importlib a test
module cannot import this conftest by name)."""

import copy
import json
from pathlib import Path

import pytest

VALID_TASK = {
    "train": [
        {"input": [[0, 5], [5, 0]], "output": [[0, 1], [1, 0]]},
        {"input": [[5, 5, 0]], "output": [[1, 1, 0]]},
    ],
    "test": [{"input": [[5], [0]], "output": [[1], [0]]}],
}


@pytest.fixture
def valid_task() -> dict:
    """A fresh copy of a valid 2-train/1-test task (recolour 5 to 1), safe to mutate."""
    return copy.deepcopy(VALID_TASK)


@pytest.fixture
def write_json():
    """write_json(path, value) -> path: dump `value` as JSON into `path`."""

    def write(path: Path, value) -> Path:
        path.write_text(json.dumps(value))
        return path

    return write


@pytest.fixture
def task_folder(tmp_path: Path, write_json) -> Path:
    """A folder of three valid task files aaa/bbb/ccc (colour 5 recoloured to 1, 2 and 3)."""
    folder = tmp_path / "tasks"
    folder.mkdir()
    for colour, name in enumerate(("aaa", "bbb", "ccc"), start=1):
        raw = copy.deepcopy(VALID_TASK)
        for example in raw["train"] + raw["test"]:
            example["output"] = [[colour if cell else 0 for cell in row] for row in example["output"]]
        write_json(folder / f"{name}.json", raw)
    return folder
