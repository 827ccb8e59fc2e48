"""Exported grid models: the folder a trained model is saved to and every consumer (the harness solver,
`arc-grid eval`) loads from.

    <run>/model/model.safetensors   weights (EMA weights when EMA is on), persistent buffers included
    <run>/model/grid_model.json     architecture, halting rule, puzzle table, data configuration and
                                    what the model saw in training

`load_model` accepts the run folder or the model folder. (Resumable training state — optimizers, EMA,
RNG — is separate, under <run>/checkpoints/, written by accelerate.)
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from data.errors import UserError
from solvers.grid.halting import HaltingConfig
from solvers.grid.models import GridModel, GridModelConfig

MODEL_FILE = "model.safetensors"
CONFIG_FILE = "grid_model.json"


@dataclass
class LoadedModel:
    model: GridModel
    halting: HaltingConfig
    puzzles: list[str]  # index = puzzle id; "task_id|augmentation name"
    data: dict  # dataset info: config, task lists (see solvers.grid.dataset.build)
    training: dict  # step, metrics at export
    folder: Path


def export_model(folder: str | Path, model: GridModel, halting: HaltingConfig, *, puzzles: list[str],
                 data_info: dict, training: dict) -> Path:
    """Write weights + description to `folder` (replacing what was there)."""
    from safetensors.torch import save_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tensors = {name: tensor.detach().cpu().contiguous() for name, tensor in model.state_dict().items()}
    save_file(tensors, str(folder / f".{MODEL_FILE}.tmp"))
    os.replace(folder / f".{MODEL_FILE}.tmp", folder / MODEL_FILE)
    meta = {"model": model.describe(), "halting": asdict(halting), "puzzles": puzzles, "data": data_info,
            "training": training}
    (folder / f".{CONFIG_FILE}.tmp").write_text(json.dumps(meta))
    os.replace(folder / f".{CONFIG_FILE}.tmp", folder / CONFIG_FILE)
    return folder


def resolve(path: str | Path) -> Path:
    """The model folder of a run folder or model folder; UserError when there is none."""
    path = Path(path)
    for candidate in (path, path / "model"):
        if (candidate / CONFIG_FILE).is_file() and (candidate / MODEL_FILE).is_file():
            return candidate
    raise UserError(f"{path}: no grid model here (expected {CONFIG_FILE} and {MODEL_FILE}, or a model/ folder)")


def load_model(path: str | Path, device: str = "cpu") -> LoadedModel:
    """Rebuild an exported model in eval mode."""
    from safetensors.torch import load_file

    folder = resolve(path)
    meta = json.loads((folder / CONFIG_FILE).read_text())
    described = meta["model"]
    model = GridModel(GridModelConfig(**described["config"]), seq_len=described["seq_len"],
                      num_puzzles=described["num_puzzles"])
    model.load_state_dict(load_file(str(folder / MODEL_FILE), device=device))
    model.to(device).eval()
    return LoadedModel(model, HaltingConfig(**meta["halting"]), meta["puzzles"], meta["data"],
                       meta["training"], folder)
