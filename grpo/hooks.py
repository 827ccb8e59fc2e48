"""How the curriculum and the timing plug into TRL's GRPOTrainer without forking it.

- `LiveCurriculum`: the run's curriculum state (curriculum/ is pure; this holds the current value).
  The sampler draws from it; the reward wrapper in `grpo.scoring` feeds it every group's rewards.
- `CurriculumSampler` + `CurriculumGRPOTrainer`: the sampler seam. TRL's `_get_train_sampler` returns a
  `RepeatSampler` that yields `batch_size` prompt indices per generation batch, each repeated
  `num_generations` times (one group) and the whole chunk `num_iterations * steps_per_generation`
  times (one dataloader batch per gradient-accumulation step). The curriculum sampler yields the same
  structure, but draws each chunk's prompts from the curriculum when the chunk is reached, so the
  choice reflects the rewards of earlier steps. (The dataloader prefetches one batch, so a draw can
  lag the latest rewards by one generation batch.) A hard task is trained on one of its augmented
  rows instead of the original one.
- `CurriculumCallback`: writes the state atomically to `<output_dir>/curriculum.json` and into each
  checkpoint folder at every save, so `--resume` restores the state of that exact checkpoint.
- `StepTimer` + `RewardClock`: how much of each optimizer step generation and the reward computation take.
- `CurriculumGRPOTrainer._get_per_token_logps_and_entropies`: the policy's forward pass on a batch moved left
  (`student.attention`): a left-padded prompt + right-padded completion becomes a right-padded row, whose mask the
  hook `skip_right_padding_mask` (installed by `grpo.train`) drops, so attention runs the fused causal kernel.
  And `_generate` encodes each prompt of a group once (`student.generation.shared_prefill`) when TRL generates with
  transformers (vLLM caches shared prefixes itself).
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from torch.utils.data import Sampler
from transformers import TrainerCallback
from trl import GRPOTrainer

import curriculum as cur
from student.attention import flush_left, flushed_window
from student.generation import shared_prefill

STATE_FILE = "curriculum.json"
TIMING_FILE = "timing.json"
_CHECKPOINT = re.compile(r"^checkpoint-(\d+)$")


class LiveCurriculum:
    """The current curriculum state of a run, shared by the sampler and the reward wrapper."""

    def __init__(self, state: cur.CurriculumState, config: cur.CurriculumConfig):
        self.state, self.config = state, config
        self._lock = threading.Lock()  # the dataloader and the reward call may run on different threads

    def draw(self, k: int) -> list[str]:
        with self._lock:
            ids, self.state = cur.draw(self.state, k, self.config)
            return ids

    def observe(self, groups: Sequence[tuple[str, Sequence[float]]], step: int) -> None:
        with self._lock:
            self.state = cur.observe(self.state, groups, step, self.config)

    def needs_augmentation(self, task_id: str) -> bool:
        return cur.needs_augmentation(self.state, task_id)

    def metrics(self) -> dict[str, float]:
        return cur.summary(self.state)

    def save(self, path: str | Path) -> Path:
        with self._lock:
            return cur.save_state(self.state, path)


class CurriculumSampler(Sampler[int]):
    """Yields dataset rows in TRL's RepeatSampler layout, choosing each chunk's tasks with the curriculum.

    `rows` maps a task id to (its unaugmented rows, its augmented rows); a task has several unaugmented
    rows in edit mode (one per start program). Rows are picked with a generator seeded by the draw.
    """

    def __init__(self, rows: Mapping[str, tuple[Sequence[int], Sequence[int]]], live: LiveCurriculum, *,
                 mini_repeat_count: int, batch_size: int, repeat_count: int, chunks_per_epoch: int):
        self.rows, self.live = rows, live
        self.mini_repeat_count, self.batch_size, self.repeat_count = mini_repeat_count, batch_size, repeat_count
        self.chunks_per_epoch = max(chunks_per_epoch, 1)

    def _row(self, task_id: str, rng: random.Random) -> int:
        plain, augmented = self.rows[task_id]
        if augmented and (self.live.needs_augmentation(task_id) or not plain):
            return rng.choice(augmented)
        return rng.choice(plain)

    def __iter__(self) -> Iterator[int]:
        for _ in range(self.chunks_per_epoch):
            rng = random.Random(f"rows:{self.live.state.seed}:{self.live.state.draws}")
            task_ids = self.live.draw(self.batch_size)
            chunk = [self._row(task_id, rng) for task_id in task_ids]
            for _ in range(self.repeat_count):
                for index in chunk:
                    yield from [index] * self.mini_repeat_count

    def __len__(self) -> int:
        return self.chunks_per_epoch * self.batch_size * self.mini_repeat_count * self.repeat_count


def task_rows(task_ids: Sequence[str], augmentations: Sequence[str] | None = None,
              ) -> dict[str, tuple[list[int], list[int]]]:
    """{task_id: (unaugmented row indices, augmented row indices)} from the dataset's columns."""
    rows: dict[str, tuple[list[int], list[int]]] = {}
    names = augmentations if augmentations is not None else ["id"] * len(task_ids)
    for index, (task_id, name) in enumerate(zip(task_ids, names, strict=True)):
        plain, augmented = rows.setdefault(task_id, ([], []))
        (plain if name in ("id", "", None) else augmented).append(index)
    return rows


class CurriculumGRPOTrainer(GRPOTrainer):
    """GRPOTrainer whose training sampler is the curriculum's (uniform RepeatSampler when `live` is None), whose
    generation time goes to `clock` (when given), and whose forward passes and generation skip padding work (see
    the module's docstring)."""

    def __init__(self, *args, live: LiveCurriculum | None = None, clock: RewardClock | None = None, **kwargs):
        self.live = live
        self.clock = clock
        super().__init__(*args, **kwargs)

    def _generate(self, prompts: list):
        start = time.perf_counter()
        try:
            with shared_prefill(self.accelerator.unwrap_model(self.model_wrapped)):
                return super()._generate(prompts)
        finally:
            if self.clock is not None:
                self.clock.add_generation(time.perf_counter() - start)

    def _get_per_token_logps_and_entropies(self, model, input_ids, attention_mask, logits_to_keep, batch_size=None,
                                           compute_entropy=False, compute_aux_loss=False, **inputs):
        if any(value is not None for value in inputs.values()):  # images and the like: TRL's own way
            return super()._get_per_token_logps_and_entropies(
                model, input_ids, attention_mask, logits_to_keep, batch_size, compute_entropy, compute_aux_loss,
                **inputs)
        ids, mask, lead = flush_left(input_ids, attention_mask)
        kept, index = flushed_window(input_ids.size(1), ids.size(1), lead, logits_to_keep)
        logps, entropies, aux_loss = super()._get_per_token_logps_and_entropies(
            model, ids, mask, kept, batch_size, compute_entropy, compute_aux_loss)
        return logps.gather(1, index), None if entropies is None else entropies.gather(1, index), aux_loss

    def _get_train_sampler(self, dataset=None) -> Sampler:
        if self.live is None:
            return super()._get_train_sampler(dataset)
        dataset = self.train_dataset if dataset is None else dataset
        augmentations = dataset["augmentation"] if "augmentation" in dataset.column_names else None
        rows = task_rows(list(dataset["task_id"]), None if augmentations is None else list(augmentations))
        batch_size = self.args.generation_batch_size // self.num_generations
        return CurriculumSampler(
            rows, self.live, mini_repeat_count=self.num_generations, batch_size=batch_size,
            repeat_count=self.num_iterations * self.args.steps_per_generation,
            chunks_per_epoch=len(rows) // batch_size,
        )


class CurriculumCallback(TrainerCallback):
    """Persists the curriculum at every checkpoint save (atomically) and at the end of training."""

    def __init__(self, live: LiveCurriculum):
        self.live = live

    def on_save(self, args, state, control, **kwargs):
        if state.is_world_process_zero:
            self.live.save(Path(args.output_dir) / f"checkpoint-{state.global_step}" / STATE_FILE)
            self.live.save(Path(args.output_dir) / STATE_FILE)

    def on_train_end(self, args, state, control, **kwargs):
        if state.is_world_process_zero:
            self.live.save(Path(args.output_dir) / STATE_FILE)


class RewardClock:
    """Seconds spent in reward functions, in generation, and in whole optimizer steps: the reward's share is logged;
    the rest (forward, backward, update) is what remains of the step."""

    def __init__(self) -> None:
        self.reward_s = 0.0  # reward time inside completed steps
        self.pending_s = 0.0  # reward time of the step in progress
        self.generation_s = 0.0  # generation time inside completed steps
        self.pending_generation_s = 0.0
        self.step_s = 0.0  # wall time of completed steps
        self.steps = 0
        self._reported = (0.0, 0.0)

    def add_reward(self, seconds: float) -> None:
        self.pending_s += seconds

    def add_generation(self, seconds: float) -> None:
        self.pending_generation_s += seconds

    def end_step(self, seconds: float) -> None:
        self.step_s += seconds
        self.reward_s += self.pending_s
        self.generation_s += self.pending_generation_s
        self.pending_s = self.pending_generation_s = 0.0
        self.steps += 1

    def share_since_last_report(self) -> float | None:
        """Reward share of the steps completed since the previous call (None if none completed)."""
        reward0, step0 = self._reported
        if self.step_s <= step0:
            return None
        self._reported = (self.reward_s, self.step_s)
        return (self.reward_s - reward0) / (self.step_s - step0)

    def totals(self) -> dict[str, float]:
        """Seconds and shares of step time: generation, reward, and the rest (forward, backward, update)."""
        step = self.step_s or float("inf")
        rest = max(0.0, self.step_s - self.generation_s - self.reward_s)
        return {"steps": self.steps, "step_seconds": round(self.step_s, 4),
                "generation_seconds": round(self.generation_s, 4), "reward_seconds": round(self.reward_s, 4),
                "rest_seconds": round(rest, 4), "generation_share": round(self.generation_s / step, 5),
                "reward_share": round(self.reward_s / step, 5), "rest_share": round(rest / step, 5)}


class StepTimer(TrainerCallback):
    """Times every optimizer step (generation, reward, forward/backward, update) for the `RewardClock`."""

    def __init__(self, clock: RewardClock):
        self.clock = clock
        self._start: float | None = None

    def on_step_begin(self, args, state, control, **kwargs):
        self._start = time.perf_counter()

    def on_step_end(self, args, state, control, **kwargs):
        if self._start is not None:
            self.clock.end_step(time.perf_counter() - self._start)
            self._start = None

    def on_train_end(self, args, state, control, **kwargs):
        if state.is_world_process_zero:
            path = Path(args.output_dir) / TIMING_FILE
            path.write_text(json.dumps(self.clock.totals(), indent=1) + "\n")


def resumable_checkpoint(output_dir: str | Path, *, need_curriculum: bool) -> Path | None:
    """The newest complete checkpoint in `output_dir`: it has a trainer state (and a curriculum state
    when the run uses one; a kill between the trainer's save and ours leaves a checkpoint without it)."""
    folder = Path(output_dir)
    if not folder.is_dir():
        return None
    found = sorted(((int(m.group(1)), p) for p in folder.iterdir() if (m := _CHECKPOINT.match(p.name))),
                   reverse=True)
    for _, path in found:
        if (path / "trainer_state.json").is_file() and (not need_curriculum or (path / STATE_FILE).is_file()):
            return path
    return None
