"""The trace store: append-only JSONL files in a run folder, safe to kill at any moment.

    runs/<run>/sample/
      traces.jsonl       accepted edit traces (records of `sampler.loop.make_record`), the SFT data
      transitions.jsonl  every (parent → child) transition the loop saw, accepted or not
      tasks.jsonl        one "done" record per finished task: its stats and the ids it accepted
      difficulty.json    {task_id: mean reward of every program sampled for it} (for the curriculum)
      config.json        the settings of the run (a rerun must match them to resume)

Every record is one line, written whole, flushed and fsynced before the next. A task's records are
written only when the task has finished, transitions first, then traces, then the task's done record,
which commits them: readers (`read_traces`, the export) use only traces whose id a done record lists.
Records carry a content hash (`id`) over what defines them (not timestamps or costs), and a store
never appends an id it already holds. So after SIGKILL a rerun skips the finished tasks, redoes the
interrupted ones (with deterministic per-task seeding, into the same records) and neither loses nor
duplicates a trace. A line cut short by the kill is truncated away when the store is opened.
`difficulty.json` is replaced atomically (temp file, fsync, rename).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from data.errors import UserError
from data.files import write_json_atomic

TRACES, TRANSITIONS, TASKS = "traces.jsonl", "transitions.jsonl", "tasks.jsonl"
DIFFICULTY, CONFIG = "difficulty.json", "config.json"
ID_FIELDS = ("task_id", "mode", "parent_program", "prompt", "completion", "child_program")


def record_id(record: dict[str, Any]) -> str:
    """Content hash of what defines a trace (task, mode, parent, prompt, completion, child)."""
    payload = json.dumps([record.get(name) for name in ID_FIELDS], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


class JsonlLog:
    """One append-only JSONL file of records with unique `key` values."""

    def __init__(self, path: Path, key: str = "id", *, writable: bool = False):
        self.path = path
        self.key = key
        self.keys: set[str] = set()
        if writable:
            self._repair()
        for record in self.records():
            self.keys.add(str(record[key]))

    def _repair(self) -> None:
        """Cut a last line left unfinished by a kill (everything before it was fsynced whole)."""
        if not self.path.exists():
            return
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            with open(self.path, "r+b") as handle:
                handle.truncate(data.rfind(b"\n") + 1)
                handle.flush()
                os.fsync(handle.fileno())

    def records(self) -> Iterator[dict[str, Any]]:
        if not self.path.exists():
            return
        with open(self.path) as handle:
            for number, line in enumerate(handle, 1):
                if not line.endswith("\n") or not line.strip():
                    continue  # blank, or a last line still being written (or cut by a kill)
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise UserError(f"{self.path}: line {number} is not JSON ({error.msg})") from None
                if not isinstance(record, dict) or self.key not in record:
                    raise UserError(f"{self.path}: line {number} has no '{self.key}'")
                yield record

    def append(self, record: dict[str, Any]) -> bool:
        """Write `record` durably unless its key is already there; True when written."""
        key = str(record[self.key])
        if key in self.keys:
            return False
        line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        with open(self.path, "a") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        self.keys.add(key)
        return True


class TraceStore:
    """The files of one sampling run (see the module docstring)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.traces = JsonlLog(self.folder / TRACES, writable=True)
        self.transitions = JsonlLog(self.folder / TRANSITIONS, writable=True)
        self.tasks = JsonlLog(self.folder / TASKS, key="task_id", writable=True)
        self._difficulty = {r["task_id"]: r["mean_reward"] for r in self.tasks.records() if "mean_reward" in r}

    @property
    def done(self) -> set[str]:
        return set(self.tasks.keys)

    def check_config(self, config: dict[str, Any], keys: Iterable[str]) -> None:
        """Record the run's settings, or refuse to resume a run made with different ones."""
        path = self.folder / CONFIG
        if path.exists():
            old = json.loads(path.read_text())
            changed = sorted(k for k in keys if old.get(k) != config.get(k))
            if changed and self.done:
                raise UserError(f"{self.folder} holds a run with other settings ({', '.join(changed)}); "
                                "use another --out, or the same settings to resume")
        write_json_atomic(path, config, sort_keys=True)

    def finish_task(self, task_id: str, transitions: list[dict[str, Any]], accepted: list[dict[str, Any]],
                    stats: dict[str, Any]) -> None:
        """Write a finished task: its transitions, its accepted traces, then the done record."""
        for record in transitions:
            self.transitions.append(record)
        for record in accepted:
            self.traces.append(record)
        self.tasks.append({"task_id": task_id, "accepted": [r["id"] for r in accepted], **stats})
        if "mean_reward" in stats:
            self._difficulty[task_id] = stats["mean_reward"]
            write_json_atomic(self.folder / DIFFICULTY, self._difficulty, sort_keys=True)


def committed_traces(folder: str | Path) -> list[dict[str, Any]]:
    """The accepted traces of a run folder that a done record commits, in file order."""
    folder = Path(folder)
    committed = {i for r in JsonlLog(folder / TASKS, key="task_id").records() for i in r.get("accepted", [])}
    return [r for r in JsonlLog(folder / TRACES).records() if r["id"] in committed]


def read_traces(path: str | Path) -> list[dict[str, Any]]:
    """Traces from a run folder (committed ones) or from a traces .jsonl file (all of its records)."""
    path = Path(path)
    if path.is_dir():
        if not (path / TRACES).exists():
            raise UserError(f"{path} has no {TRACES}; run arc-sample first")
        if (path / TASKS).exists():
            return committed_traces(path)
        return list(JsonlLog(path / TRACES).records())
    if not path.is_file():
        raise UserError(f"no such traces file or run folder: {path}")
    sibling_tasks = path.with_name(TASKS)
    if path.name == TRACES and sibling_tasks.exists():
        return committed_traces(path.parent)
    return list(JsonlLog(path).records())
