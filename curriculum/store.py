"""Reading and writing curriculum files (the I/O edge of the curriculum).

`save_state` writes atomically: the JSON goes to a temporary file in the same folder, is flushed and
fsync'ed, then renamed over the target (and the folder fsync'ed), so a reader or a resumed run sees
either the old state or the new one, never a torn file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from curriculum.state import CurriculumState
from data.errors import UserError
from data.files import write_json_atomic


def save_state(state: CurriculumState, path: str | Path) -> Path:
    """Write `state` as JSON to `path` atomically; returns the path."""
    return write_json_atomic(path, state.to_json())


def load_state(path: str | Path) -> CurriculumState:
    """Read a state written by `save_state`; a missing or malformed file is a `UserError`."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return CurriculumState.from_json(raw)
    except FileNotFoundError:
        raise UserError(f"{path}: curriculum state not found") from None
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise UserError(f"{path}: not a curriculum state ({error})") from None


def load_table(path: str | Path) -> dict[str, float]:
    """A difficulty table {task_id: number} (the sampler's difficulty.json, or external ratings)."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path}: difficulty table not found") from None
    except json.JSONDecodeError as error:
        raise UserError(f"{path}: not JSON ({error})") from None
    if not isinstance(raw, Mapping) or not all(isinstance(v, int | float) for v in raw.values()):
        raise UserError(f"{path}: a difficulty table must be a JSON object {{task_id: number}}")
    return {str(k): float(v) for k, v in raw.items()}
