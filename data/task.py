"""The ARC task model: `Example` (input, optional output) and `Task` (id, train and test examples)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from data.errors import DataError
from data.grid import Grid, as_lists, validate_grid


@dataclass(frozen=True)
class Example:
    """One input/output pair; `output` is None for a test input whose answer is hidden."""

    input: Grid
    output: Grid | None = None


@dataclass(frozen=True)
class Task:
    """An ARC task: demonstration pairs (`train`) and test pairs whose outputs may be unknown."""

    id: str
    train: tuple[Example, ...]
    test: tuple[Example, ...]
    dataset: str = ""
    split: str = ""
    meta: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def train_inputs(self) -> list[Grid]:
        return [example.input for example in self.train]

    @property
    def train_outputs(self) -> list[Grid]:
        return [example.output for example in self.train]  # type: ignore[misc]

    @property
    def test_inputs(self) -> list[Grid]:
        return [example.input for example in self.test]

    @property
    def has_test_outputs(self) -> bool:
        return all(example.output is not None for example in self.test)

    def without_test_outputs(self) -> Task:
        """The same task with every test output removed (what a solver may see)."""
        return Task(self.id, self.train, tuple(Example(e.input) for e in self.test), self.dataset, self.split,
                    self.meta)

    def meta_value(self, key: str, default: str | None = None) -> str | None:
        """The value recorded under `key` in `meta` (e.g. "augmentation" for rows of a built dataset)."""
        return dict(self.meta).get(key, default)

    def to_json(self) -> dict[str, Any]:
        """ARC JSON form: {"train": [{"input", "output"}], "test": [{"input"[, "output"]}]}."""

        def pair(example: Example) -> dict[str, Any]:
            out: dict[str, Any] = {"input": as_lists(example.input)}
            if example.output is not None:
                out["output"] = as_lists(example.output)
            return out

        return {"train": [pair(e) for e in self.train], "test": [pair(e) for e in self.test]}

    @classmethod
    def from_json(cls, task_id: str, raw: Any, *, file: str | None = None, dataset: str = "",
                  split: str = "", require_test_outputs: bool = False) -> Task:
        """Parse and validate ARC JSON; errors name the file, task, example and field."""
        if not isinstance(raw, dict):
            raise DataError("task must be a JSON object with 'train' and 'test'", file=file, task=task_id)
        parts: dict[str, tuple[Example, ...]] = {}
        for part in ("train", "test"):
            if part not in raw:
                raise DataError(f"missing key '{part}'", file=file, task=task_id, field=part)
            items = raw[part]
            if not isinstance(items, list) or not items:
                raise DataError(f"'{part}' must be a non-empty list of examples", file=file, task=task_id,
                                field=part)
            examples = []
            for index, item in enumerate(items):
                name = f"{part}[{index}]"
                if not isinstance(item, dict):
                    raise DataError("example must be a JSON object with 'input' and 'output'", file=file,
                                    task=task_id, example=name)
                if "input" not in item:
                    raise DataError("missing key 'input'", file=file, task=task_id, example=name, field="input")
                grid_in = validate_grid(item["input"], file=file, task=task_id, example=name, field="input")
                needs_output = part == "train" or require_test_outputs
                if "output" not in item or item["output"] is None:
                    if needs_output:
                        raise DataError("missing key 'output'", file=file, task=task_id, example=name,
                                        field="output")
                    grid_out = None
                else:
                    grid_out = validate_grid(item["output"], file=file, task=task_id, example=name,
                                             field="output")
                examples.append(Example(grid_in, grid_out))
            parts[part] = tuple(examples)
        return cls(task_id, parts["train"], parts["test"], dataset, split)
