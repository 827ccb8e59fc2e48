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

from data.files import write_json_atomic

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


# Settings a checkpoint's weights depend on: resuming with others fails deep in torch, or silently trains
# something else. Everything else (steps, logging, evaluation) may change between a run and its resume.
RESUME_MUST_MATCH = ("model_name_or_path", "use_peft", "lora_r", "lora_alpha", "lora_target_modules",
                     "lora_modules_to_save", "use_rslora", "use_dora")


def check_resume_compatible(output_dir: str | Path, model_args: Any, checkpoint: str | Path | None) -> None:
    """Refuse to resume `checkpoint` when the run that wrote it (its `run_config.json`) had other model settings."""
    from data.errors import UserError

    path = Path(output_dir) / "run_config.json"
    if checkpoint is None or not path.is_file():
        return
    try:
        before = json.loads(path.read_text()).get("model", {})
    except (OSError, json.JSONDecodeError):
        return
    now = dataclasses.asdict(model_args)
    changed = [f"{key}: {before[key]!r} -> {now.get(key)!r}" for key in RESUME_MUST_MATCH
               if key in before and before[key] != now.get(key)]
    if changed:
        raise UserError(f"{output_dir} holds {Path(checkpoint).name} of a run with other model settings "
                        f"({'; '.join(changed)}); use a new --output_dir, delete its checkpoints, "
                        "or pass --auto_resume false")


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
    return write_json_atomic(path, payload, indent=2, default=str)


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
