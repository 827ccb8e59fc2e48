"""Files a training run keeps beside its outputs: the resolved configuration with the code's git revision, JSON
summaries written atomically, and finding the checkpoint to resume from.

A checkpoint killed while being written lacks `trainer_state.json` (the Trainer writes it last), so resuming
takes the newest checkpoint that has one.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from pathlib import Path
from typing import Any

_CHECKPOINT = re.compile(r"^checkpoint-(\d+)$")
TRAINER_STATE = "trainer_state.json"


def last_complete_checkpoint(output_dir: str | Path) -> str | None:
    """The newest `checkpoint-N` folder in `output_dir` holding `trainer_state.json`, or None."""
    folder = Path(output_dir)
    if not folder.is_dir():
        return None
    complete = [
        (int(match.group(1)), path) for path in folder.iterdir()
        if path.is_dir() and (match := _CHECKPOINT.match(path.name)) and (path / TRAINER_STATE).is_file()
    ]
    return str(max(complete)[1]) if complete else None


def git_revision(start: str | Path | None = None) -> dict[str, Any]:
    """The commit of the repository holding this code, and whether its tracked files have changes."""
    cwd = Path(start) if start is not None else Path(__file__).resolve().parent
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=cwd,
                               capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return {"git_sha": None, "git_dirty": None}
    if sha.returncode != 0:
        return {"git_sha": None, "git_dirty": None}
    return {"git_sha": sha.stdout.strip(), "git_dirty": bool(dirty.stdout.strip())}


def library_versions() -> dict[str, str]:
    """Versions of the libraries that decide what training does."""
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for name in ("torch", "transformers", "trl", "peft", "accelerate", "datasets", "tokenizers"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            continue
    return versions


def write_json(path: str | Path, payload: Any) -> Path:
    """Write JSON whole, then rename, so a reader (or a rerun after a kill) never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(payload, indent=2, default=str))
    partial.replace(path)
    return path


def write_run_config(output_dir: str | Path, script_args: Any, training_args: Any, model_args: Any,
                     **extra: Any) -> Path:
    """`run_config.json`: every resolved argument, the git revision, library versions, and `extra` facts."""
    payload = {
        "script": dataclasses.asdict(script_args),
        "training": training_args.to_dict(),
        "model": dataclasses.asdict(model_args),
        **extra,
        **git_revision(),
        "versions": library_versions(),
    }
    return write_json(Path(output_dir) / "run_config.json", payload)
