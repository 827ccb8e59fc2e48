"""Inference and evaluation of grid models: run the outer loop to halting, decode, invert the
augmentations, vote, score, and measure how well the Q-head's confidence is calibrated.

    infer(model, halting, inputs, puzzle_ids)         → predicted tokens, halt confidence, steps
    evaluate_split(model, halting, data, "holdout")   → exact accuracy, voted pass@1/2, ECE, ...
    expected_calibration_error(confidence, correct)   → ECE and its reliability table (Q-head calibration)

Run from the command line as `arc-grid eval --checkpoint runs/<run>/grid`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from data.augment import Augmentation
from data.grid import Grid
from solvers.grid import encoding
from solvers.grid.dataset import GridData
from solvers.grid.halting import HaltingConfig, act_step, initial_carry
from solvers.grid.models import GridModel
from solvers.voting import invert_grid, vote


@dataclass
class Inference:
    tokens: np.ndarray  # (N, L) argmax tokens when the example halted
    confidence: np.ndarray  # (N,) sigmoid(q_halt) when it halted: P(answer exactly right)
    steps: np.ndarray  # (N,) outer steps taken


@torch.no_grad()
def infer(model: GridModel, halting: HaltingConfig, inputs: np.ndarray, puzzle_ids: np.ndarray, *,
          batch_size: int = 64, seed: int = 0, extras: dict[str, np.ndarray] | None = None) -> Inference:
    """Run every example until its halting rule stops it (evaluation mode: no exploration). `extras`:
    further per-example arrays a few-shot conditioning reads (demonstrations, task text)."""
    model.eval()
    device = next(model.parameters()).device
    generator = torch.Generator(device=device).manual_seed(seed)
    tokens = np.zeros(inputs.shape, np.int64)
    confidence = np.zeros(len(inputs), np.float32)
    steps = np.zeros(len(inputs), np.int32)
    for start in range(0, len(inputs), batch_size):
        batch = {"inputs": torch.as_tensor(inputs[start:start + batch_size], device=device).long(),
                 "puzzle_ids": torch.as_tensor(puzzle_ids[start:start + batch_size], device=device).long()}
        batch.update({k: torch.as_tensor(v[start:start + batch_size], device=device) for k, v in (extras or {}).items()})
        size = len(batch["inputs"])
        done = torch.zeros(size, dtype=torch.bool, device=device)
        carry = initial_carry(model, batch)
        # Halted slots would be reloaded with their own example; only the first halt of each counts.
        for _ in range(halting.halt_max_steps):
            carry, outputs = act_step(model, halting, carry, batch, training=False, generator=generator)
            new = carry.halted & ~done
            if new.any():
                rows = new.nonzero().squeeze(1).cpu().numpy()
                tokens[start + rows] = outputs["logits"][new].argmax(-1).cpu().numpy()
                confidence[start + rows] = torch.sigmoid(outputs["q_halt_logits"][new]).cpu().numpy()
                steps[start + rows] = carry.steps[new].cpu().numpy()
                done |= new
            if done.all():
                break
    return Inference(tokens, confidence, steps)


def expected_calibration_error(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10
                               ) -> tuple[float, list[dict]]:
    """ECE = Σ_b (n_b / N) · |accuracy_b − mean confidence_b| over equal-width confidence bins, and the
    reliability table (one row per non-empty bin)."""
    conf = np.asarray(confidence, dtype=np.float64)
    hit = np.asarray(correct, dtype=np.float64)
    if len(conf) == 0:
        return 0.0, []
    which = np.minimum((conf * bins).astype(int), bins - 1)
    ece, table = 0.0, []
    for b in range(bins):
        members = which == b
        if not members.any():
            continue
        accuracy, mean_conf = hit[members].mean(), conf[members].mean()
        ece += members.mean() * abs(accuracy - mean_conf)
        table.append({"bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}", "count": int(members.sum()),
                      "confidence": round(float(mean_conf), 4), "accuracy": round(float(accuracy), 4)})
    return float(ece), table


def invert_prediction(view: str, tokens: np.ndarray, side: int) -> Grid | None:
    """Decode predicted tokens and map the grid back to the original task's frame (None if impossible)."""
    grid = encoding.decode_grid(tokens, side)
    return None if grid is None else invert_grid(Augmentation.parse(view), grid)


def vote_grids(candidates: Sequence[tuple[Grid, float]]) -> list[Grid]:
    """Distinct grids, most votes first (ties: higher summed confidence): `solvers.voting.vote`."""
    return [ballot.grid for ballot in vote(candidates)]


def evaluate_split(model: GridModel, halting: HaltingConfig, data: GridData, which: str = "holdout", *,
                   max_examples: int | None = None, batch_size: int = 64, seed: int = 0) -> dict:
    """Metrics of a split: per-example (augmented) token and exact accuracy, mean steps, ECE of the
    halt confidence; after inverting and voting over each pair's views, pass@1 and pass@2 per pair and
    per task (a task counts when all its scored pairs are right)."""
    split = getattr(data, which)
    rows = np.arange(len(split))
    if max_examples is not None and len(split) > max_examples:
        rows = keep = np.sort(np.random.default_rng(seed).choice(len(split), max_examples, replace=False))
        split = split.subset(keep)
    if len(split) == 0:
        return {"examples": 0}
    fields = getattr(model.conditioning, "batch_fields", None)
    extras = fields(data, which)(rows) if fields is not None else None
    result = infer(model, halting, split.inputs, split.puzzle_ids, batch_size=batch_size, seed=seed, extras=extras)
    labels = encoding.to_labels(split.targets)
    mask = labels != encoding.IGNORE_LABEL
    right = (result.tokens == labels) & mask
    exact = right.sum(1) == mask.sum(1)
    ece, reliability = expected_calibration_error(result.confidence, exact)

    side = data.canvas_side
    by_pair: dict[int, list[tuple[Grid, float]]] = defaultdict(list)
    truth: dict[int, Grid] = {}
    for row in range(len(split)):
        pair, view = int(split.pair_ids[row]), data.views[int(split.view_ids[row])]
        if pair not in truth:
            truth[pair] = invert_prediction(view, split.targets[row], side)
        grid = invert_prediction(view, result.tokens[row], side)
        if grid is not None:
            by_pair[pair].append((grid, float(result.confidence[row])))
    ranked = {pair: vote_grids(by_pair.get(pair, [])) for pair in truth}
    pass1 = {pair: truth[pair] in ranked[pair][:1] for pair in truth}
    pass2 = {pair: truth[pair] in ranked[pair][:2] for pair in truth}
    tasks: dict[str, list[int]] = defaultdict(list)
    for pair in truth:
        tasks[data.pairs[pair].split("/")[0]].append(pair)
    return {
        "examples": len(split),
        "accuracy": float((right.sum(1) / np.maximum(mask.sum(1), 1)).mean()),
        "exact_accuracy": float(exact.mean()),
        "steps": float(result.steps.mean()),
        "confidence": float(result.confidence.mean()),
        "ece": ece,
        "pairs": len(truth),
        "pass@1": float(np.mean(list(pass1.values()))),
        "pass@2": float(np.mean(list(pass2.values()))),
        "tasks": len(tasks),
        "task_pass@1": float(np.mean([all(pass1[p] for p in ps) for ps in tasks.values()])),
        "task_pass@2": float(np.mean([all(pass2[p] for p in ps) for ps in tasks.values()])),
        "reliability": reliability,
    }
