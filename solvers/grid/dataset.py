"""Training data for the grid models: ARC tasks → augmented, encoded (input, target) token arrays with a
puzzle identifier per augmented task, split by one of the HRM ablations' strategies, cached on disk.

Every task of the pool is seen under the identity and `num_augmentations` distinct augmentations
(`data.augment`: dihedral × colour permutation keeping 0, optional translation); each (task,
augmentation) is one *puzzle* with its own identifier, which the model's puzzle embedding learns.
Identifier 0 is the blank puzzle: what a task never seen in training gets.

Split strategies (what goes into training, what is held out for evaluation):

    original       training-split tasks: every pair; evaluation-split tasks: their demonstration pairs
                   (so their puzzle ids are learned); held out: the evaluation tasks' test pairs (paper)
    clean          training-split tasks only; held out: the evaluation tasks' test pairs, blank ids
                   (with eval_split training and eval_held_out_only: the declared held-out training tasks
                   of the same size class, e.g. ETRM's generalisation check)
    leave_one_out  the training-split pool cut into `folds`; fold `fold` is never seen; held out: its
                   test pairs, blank ids (rotate `fold` for cross-validation)

    data = load_or_build(GridDataConfig(tasks=["3c9b0459"], canvas_side=6, num_augmentations=8))
    data.train.inputs.shape   # (examples, 36) uint8 tokens of solvers.grid.encoding

The arrays are cached under `cache_dir/<hash of the config>/` and reused by later runs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from data.augment import Augmentation, augmentations
from data.errors import UserError
from data.loaders import load_tasks
from data.splits import task_is_held_out, without_held_out
from data.task import Task
from solvers.grid import encoding

log = logging.getLogger(__name__)

SPLIT_STRATEGIES = ("original", "clean", "leave_one_out")
BLANK_PUZZLE = "<blank>"
# Bump when the arrays' meaning changes so old caches are not reused.
DATA_VERSION = 2


@dataclass
class GridDataConfig:
    """Which tasks, how they are augmented and encoded, and how they are split."""

    dataset: str = field(default="arc-agi-1", metadata={"help": "arc-agi-1 | arc-agi-2 | a folder or file of ARC JSON."})
    train_split: str = field(default="training", metadata={"help": "Split whose tasks form the training pool."})
    eval_split: str = field(default="evaluation", metadata={
        "help": "Split whose tasks' test pairs are held out ('' = none)."})
    tasks: list[str] | None = field(default=None, metadata={"help": "Only these training-pool task ids."})
    eval_tasks: list[str] | None = field(default=None, metadata={"help": "Only these evaluation task ids."})
    max_tasks: int | None = field(default=None, metadata={"help": "First N training-pool tasks (by id)."})
    max_eval_tasks: int | None = field(default=None, metadata={"help": "First N evaluation tasks (by id)."})
    eval_held_out_only: bool = field(default=False, metadata={
        "help": "Evaluation tasks are only the held-out tasks (data.splits) of eval_split: with eval_split "
                "training, the declared held-out fifth of the training tasks that fit the canvas."})
    max_grid_side: int | None = field(default=None, metadata={
        "help": "Keep only tasks whose grids are all at most this side (default: those that fit the canvas)."})
    canvas_side: int = field(default=30, metadata={"help": "Canvas side: 30 (900 tokens) at real scale."})
    skip_oversized: bool = field(default=False, metadata={
        "help": "Leave out named tasks (tasks / eval_tasks) whose grids do not fit, with a warning, "
                "instead of stopping with an error."})
    num_augmentations: int = field(default=1000, metadata={"help": "Augmented copies per task (plus the original)."})
    max_translate: int = field(default=0, metadata={"help": "Largest translation (cells) of an augmentation."})
    split_strategy: str = field(default="original", metadata={"help": "original | clean | leave_one_out."})
    folds: int = field(default=5, metadata={"help": "leave_one_out: number of folds."})
    fold: int = field(default=0, metadata={"help": "leave_one_out: the fold held out."})
    allow_held_out: bool = field(default=False, metadata={
        "help": "Let held-out tasks (data.splits) into the training pool; off: they never train (only their "
                "demonstration pairs may, as evaluation tasks of the 'original' strategy)."})
    data_seed: int = field(default=0, metadata={"help": "Seed of the augmentations."})
    cache_dir: str = field(default=".cache/grid-data", metadata={"help": "Where built arrays are cached."})

    def check(self) -> None:
        """Raise UserError for an inconsistent configuration."""
        if self.split_strategy not in SPLIT_STRATEGIES:
            raise UserError(f"split_strategy must be one of {', '.join(SPLIT_STRATEGIES)}, got {self.split_strategy!r}")
        if not 1 <= self.canvas_side <= encoding.DEFAULT_SIDE:
            raise UserError(f"canvas_side must be 1-{encoding.DEFAULT_SIDE}, got {self.canvas_side}")
        if self.num_augmentations < 0 or self.max_translate < 0:
            raise UserError("num_augmentations and max_translate must be >= 0")
        if self.split_strategy == "leave_one_out" and not 0 <= self.fold < self.folds:
            raise UserError(f"fold must be in 0..{self.folds - 1}, got {self.fold}")

    def fingerprint(self) -> str:
        """Hash of everything that changes the arrays (not where they are cached)."""
        payload = {k: v for k, v in asdict(self).items() if k != "cache_dir"}
        if not self.eval_held_out_only:  # added later: caches built before it keep their key
            del payload["eval_held_out_only"]
        payload["version"] = (DATA_VERSION, encoding.PAD, encoding.EOS, encoding.COLOUR_OFFSET)
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class GridSplit:
    """Encoded examples: one row per (puzzle, pair)."""

    inputs: np.ndarray  # (N, L) uint8 tokens
    targets: np.ndarray  # (N, L) uint8 tokens (labels: encoding.to_labels)
    puzzle_ids: np.ndarray  # (N,) int32 index into GridData.puzzles
    pair_ids: np.ndarray  # (N,) int32 index into GridData.pairs (the original task pair)
    view_ids: np.ndarray  # (N,) int32 index into GridData.views (the augmentation applied)

    def __len__(self) -> int:
        return len(self.inputs)

    def subset(self, index: np.ndarray) -> GridSplit:
        return GridSplit(*(getattr(self, name)[index] for name in _SPLIT_ARRAYS))


_SPLIT_ARRAYS = ("inputs", "targets", "puzzle_ids", "pair_ids", "view_ids")


@dataclass
class GridData:
    """Training and held-out examples plus the tables their ids point into."""

    train: GridSplit
    holdout: GridSplit
    puzzles: list[str]  # "task_id|augmentation name"; index 0 is BLANK_PUZZLE
    pairs: list[str]  # "task_id/train/3", "task_id/test/0"
    views: list[str]  # augmentation names
    info: dict  # config, task lists (training pool, held out, seen), counts

    @property
    def canvas_side(self) -> int:
        return int(self.info["config"]["canvas_side"])


def _task_side(task: Task) -> int:
    grids = [g for e in task.train + task.test for g in (e.input, e.output) if g is not None]
    return max(max(len(g), len(g[0])) for g in grids)


def _select(tasks: Sequence[Task], ids: list[str] | None, limit: int | None, side: int, what: str,
            skip_oversized: bool = False) -> list[Task]:
    by_id = {t.id: t for t in tasks}
    if ids:
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise UserError(f"{what}: unknown task ids {', '.join(missing[:5])}")
        chosen = [by_id[i] for i in ids]
        too_big = [t.id for t in chosen if _task_side(t) > side]
        if too_big and not skip_oversized:
            raise UserError(f"{what}: tasks {', '.join(too_big[:5])} have grids larger than {side}x{side} "
                            "(skip_oversized leaves them out)")
        if too_big:
            log.warning("%s: leaving out %d task(s) with grids larger than %dx%d: %s", what, len(too_big), side, side,
                        ", ".join(too_big))
            chosen = [t for t in chosen if t.id not in too_big]
    else:
        chosen = sorted((t for t in tasks if _task_side(t) <= side), key=lambda t: t.id)
    return chosen[:limit] if limit is not None else chosen


def _views(task: Task, config: GridDataConfig) -> list[Augmentation]:
    """The identity and `num_augmentations` distinct augmentations of a task that fit the canvas."""
    seed = int(hashlib.sha256(f"{config.data_seed}:{task.id}".encode()).hexdigest()[:8], 16)
    augs = augmentations(config.num_augmentations, seed, keep_background=True,
                         max_translate=config.max_translate, task=task)
    side = _task_side(task)
    fitted = []
    for aug in augs:
        dy, dx = aug.translate
        # Shrink the translation until the largest grid still fits the (possibly small) canvas.
        while side + max(dy, dx) > config.canvas_side and (dy or dx):
            dy, dx = max(dy - 1, 0), max(dx - 1, 0)
        fitted.append(Augmentation(aug.dihedral, aug.colours, (dy, dx)))
    return [Augmentation(), *dict.fromkeys(a for a in fitted if not a.is_identity)]


class _Builder:
    def __init__(self, side: int):
        self.side = side
        self.puzzles: dict[str, int] = {BLANK_PUZZLE: 0}
        self.pairs: dict[str, int] = {}
        self.views: dict[str, int] = {}
        self.rows: dict[str, list] = {"train": [], "holdout": []}

    def add(self, where: str, task: Task, aug: Augmentation, part: str, index: int, blank: bool) -> None:
        example = getattr(task, part)[index]
        puzzle = 0 if blank else self.puzzles.setdefault(f"{task.id}|{aug.name}", len(self.puzzles))
        pair = self.pairs.setdefault(f"{task.id}/{part}/{index}", len(self.pairs))
        view = self.views.setdefault(aug.name, len(self.views))
        source = encoding.encode_grid(aug.grid(example.input), self.side)
        target = encoding.encode_grid(aug.grid(example.output), self.side)
        self.rows[where].append((source, target, puzzle, pair, view))

    def split(self, where: str) -> GridSplit:
        rows = self.rows[where]
        length = encoding.seq_len(self.side)
        if not rows:
            empty = np.zeros((0, length), np.uint8)
            return GridSplit(empty, empty.copy(), *(np.zeros(0, np.int32) for _ in range(3)))
        sources, targets, puzzles, pairs, views = zip(*rows, strict=True)
        return GridSplit(np.stack(sources), np.stack(targets), np.asarray(puzzles, np.int32),
                         np.asarray(pairs, np.int32), np.asarray(views, np.int32))


def build(config: GridDataConfig) -> GridData:
    """Build the arrays (pure apart from reading the task files)."""
    config.check()
    side = min(config.max_grid_side or config.canvas_side, config.canvas_side)
    candidates = load_tasks(config.dataset, config.train_split)
    if not config.allow_held_out:  # the project's one split: held-out tasks never enter a training pool
        held = [t.id for t in candidates if task_is_held_out(t) and (not config.tasks or t.id in config.tasks)]
        if held and config.tasks:
            log.warning("training pool: leaving out %d held-out task(s) (allow_held_out lets them in): %s",
                        len(held), ", ".join(held))
        candidates = without_held_out(candidates)
    evals: list[Task] = []
    if config.eval_split and config.split_strategy != "leave_one_out":
        eval_pool = load_tasks(config.dataset, config.eval_split)
        if config.eval_held_out_only:
            not_held = [i for i in config.eval_tasks or [] if i in {t.id for t in without_held_out(eval_pool)}]
            if not_held:
                raise UserError(f"evaluation tasks: {', '.join(not_held[:5])} are not held out (eval_held_out_only)")
            eval_pool = [t for t in eval_pool if task_is_held_out(t)]
        evals = _select(eval_pool, config.eval_tasks, config.max_eval_tasks, side, "evaluation tasks",
                        config.skip_oversized)
    # A task evaluated here never trains with its test pairs (train_split == eval_split would put them in both).
    evaluated = {t.id for t in evals}
    candidates = [t for t in candidates if t.id not in evaluated]
    if config.tasks:
        kept = {t.id for t in candidates}
        named = [i for i in config.tasks if i in kept or i not in {t.id for t in load_tasks(config.dataset,
                                                                                              config.train_split)}]
        pool = _select(candidates, named, config.max_tasks, side, "training pool", config.skip_oversized) if named else []
    else:
        pool = _select(candidates, None, config.max_tasks, side, "training pool", config.skip_oversized)
    if not pool and not evals:
        raise UserError(f"no task fits a {side}x{side} canvas with these filters")
    unseen: list[Task] = []
    if config.split_strategy == "leave_one_out":
        order = sorted(pool, key=lambda t: t.id)
        random.Random(config.data_seed).shuffle(order)
        unseen = [t for i, t in enumerate(order) if i % config.folds == config.fold]
        held = {t.id for t in unseen}
        pool = [t for t in pool if t.id not in held]
    elif config.split_strategy == "clean":
        unseen, evals = evals, []

    builder = _Builder(config.canvas_side)
    for task in pool:
        for aug in _views(task, config):
            for part in ("train", "test"):
                for index, example in enumerate(getattr(task, part)):
                    if example.output is not None:
                        builder.add("train", task, aug, part, index, blank=False)
    for task in evals:  # original: demonstrations train the puzzle id, test pairs are held out
        for aug in _views(task, config):
            for index in range(len(task.train)):
                builder.add("train", task, aug, "train", index, blank=False)
            for index, example in enumerate(task.test):
                if example.output is not None:
                    builder.add("holdout", task, aug, "test", index, blank=False)
    for task in unseen:
        for aug in _views(task, config):
            for index, example in enumerate(task.test):
                if example.output is not None:
                    builder.add("holdout", task, aug, "test", index, blank=True)

    info = {
        "config": asdict(config),
        "fingerprint": config.fingerprint(),
        "train_tasks": [t.id for t in pool],  # every pair trained, test pairs included
        "demonstration_tasks": [t.id for t in evals],
        "holdout_tasks": [t.id for t in evals + unseen],
        "unseen_tasks": [t.id for t in unseen],
    }
    data = GridData(builder.split("train"), builder.split("holdout"), list(builder.puzzles),
                    list(builder.pairs), list(builder.views), info)
    info["counts"] = {"train": len(data.train), "holdout": len(data.holdout), "puzzles": len(data.puzzles)}
    return data


def save(data: GridData, folder: Path) -> None:
    """Write the arrays and tables to `folder` atomically (a half-written cache is never visible)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        arrays = {f"{where}_{name}": getattr(getattr(data, where), name)
                  for where in ("train", "holdout") for name in _SPLIT_ARRAYS}
        np.savez(tmp / "arrays.npz", **arrays)
        tables = {"puzzles": data.puzzles, "pairs": data.pairs, "views": data.views, "info": data.info}
        (tmp / "tables.json").write_text(json.dumps(tables))
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load(folder: Path) -> GridData:
    """Read arrays written by `save`."""
    tables = json.loads((folder / "tables.json").read_text())
    with np.load(folder / "arrays.npz") as arrays:
        splits = {where: GridSplit(*(arrays[f"{where}_{name}"] for name in _SPLIT_ARRAYS))
                  for where in ("train", "holdout")}
    return GridData(splits["train"], splits["holdout"], tables["puzzles"], tables["pairs"], tables["views"],
                    tables["info"])


def load_or_build(config: GridDataConfig) -> GridData:
    """The cached arrays for this configuration, building (and caching) them on first use."""
    config.check()
    folder = Path(config.cache_dir) / config.fingerprint()
    if (folder / "tables.json").exists():
        return load(folder)
    data = build(config)
    save(data, folder)
    return data


def batches(size: int, batch_size: int, *, seed: int, rank: int = 0, world_size: int = 1) -> Iterator[np.ndarray]:
    """Endless batches of example indices: a fresh shuffle every epoch, each rank taking its own share
    (a pool smaller than a batch is repeated so every batch is full)."""
    if size == 0:
        raise UserError("the training split is empty")
    epoch = 0
    while True:
        order = np.random.default_rng(seed + epoch).permutation(size)
        per_rank = max(batch_size, len(order) // world_size)
        repeats = -(-per_rank * world_size // len(order))
        order = np.tile(order, repeats)[rank * per_rank:(rank + 1) * per_rank]
        for start in range(0, len(order) - batch_size + 1, batch_size):
            yield order[start:start + batch_size]
        epoch += 1
