"""The `program` solver: a model writes programs, the sandbox runs them, a weighted vote picks answers.

    arc-eval --solver program                                   # the embedded student, on CPU
    arc-eval --solver program --checkpoint runs/qwen1.5b/grpo     # an arc-sft/arc-grpo output (student.load_student)
    arc-eval --solver program --backend openai --base-url http://localhost:8000/v1 --model M --samples 16
    arc-eval --solver program --backend anthropic --model claude-haiku-4-5 --samples 8 --rounds 2
    arc-eval --solver program --samples 16 --set ttt_steps=16   # test-time training (solvers.program_ttt)

Per task (SOAR-style sample → execute → refine → vote):
1. sample `samples` completions for `editing.prompts.write_messages(task)` from the backend (with
   `ttt_steps` > 0: half of them, then the other half from a copy of the student adapted to the task on
   its own programs' hindsight relabellings, `solvers.program_ttt`; transformers backend only);
2. run every extracted program in the sandbox on the demonstration inputs and the test inputs (inputs
   only — outputs never enter the sandbox) and score the demonstration outputs here;
3. for `rounds` rounds, while no program fits every demonstration pair, ask for revisions of the best
   `parents` distinct programs with `editing.prompts.edit_messages` (their execution feedback on the
   demonstration pairs) and run those too;
4. vote per test input: each program's output gets the program's weight, identical grids pool their
   weight, and the two heaviest grids are the attempts. weight = (fraction of demonstration pairs
   exactly right)² + 0.01 × mean pixel accuracy, so programs that fit every pair dominate and partial
   programs only decide when nothing fits.
Tokens and cost are summed over every request of the task.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from data.errors import UserError
from data.grid import Grid
from data.task import Task
from solvers.protocol import MAX_ATTEMPTS, Prediction

# Local backends get the short prompt (the embedded student has a small context).
LOCAL_BACKENDS = ("transformers", "vllm")
BACKEND_ALIASES = {"embedded": "transformers"}


@dataclass(frozen=True)
class Sample:
    """A program with its demonstration results and test outputs."""

    program: str
    exact: tuple[bool, ...]
    pixel: tuple[float, ...]
    test_outputs: tuple[Grid | None, ...]
    train_result: Any  # sandbox.ExecResult restricted to the demonstration inputs (edit feedback)
    reward: float

    @property
    def fits(self) -> bool:
        return bool(self.exact) and all(self.exact)

    @property
    def weight(self) -> float:
        exact = sum(self.exact) / len(self.exact) if self.exact else 0.0
        pixel = sum(self.pixel) / len(self.pixel) if self.pixel else 0.0
        return exact ** 2 + 0.01 * pixel


def weighted_vote(samples: Sequence[Sample], test_index: int) -> list[tuple[Grid, float, Sample]]:
    """Grids proposed for one test input, heaviest first: (grid, summed weight, its best program)."""
    tally: dict[Grid, list] = {}
    for order, sample in enumerate(samples):
        grid = sample.test_outputs[test_index]
        if grid is None:
            continue
        entry = tally.setdefault(grid, [0.0, order, sample])
        entry[0] += sample.weight
        if sample.weight > entry[2].weight:
            entry[2] = sample
    ranked = sorted(tally.items(), key=lambda item: (-item[1][0], item[1][1]))
    return [(grid, weight, best) for grid, (weight, _, best) in ranked]


def _checkpoint_options(checkpoint: str, model: str | None) -> dict[str, Any]:
    """The local backend's model: a model folder or an SFT/GRPO output folder, loaded by `student`'s rule
    (its merged/ copy, else the LoRA adapter on its base)."""
    if not Path(checkpoint).is_dir():
        raise UserError(f"checkpoint {checkpoint} does not exist")
    if model:
        raise UserError("pass --checkpoint or --model for a local backend, not both (an adapter names its base)")
    return {"model": checkpoint}


class ProgramSolver:
    """Sample, run, refine and vote (see the module docstring)."""

    name = "program"

    def __init__(self, backend: str = "transformers", model: str | None = None, checkpoint: str | None = None,
                 base_url: str | None = None, samples: int = 8, rounds: int = 0, parents: int = 2,
                 style: str | None = None, max_tokens: int = 1024, temperature: float = 1.0,
                 timeout_s: float = 1.0, parallel_tasks: int = 4, max_cost_usd: float | None = None,
                 api_key_env: str | None = None, concurrency: int | None = None, seed: int = 0,
                 ttt_steps: int = 0) -> None:
        from sampler.backends import get_backend
        from solvers.program_ttt import TTTConfig

        backend = BACKEND_ALIASES.get(backend, backend)
        options: dict[str, Any] = {"model": model, "max_cost_usd": max_cost_usd, "seed": seed,
                                   "concurrency": concurrency}
        if checkpoint:
            if backend not in LOCAL_BACKENDS:
                raise UserError("--checkpoint needs a local backend (transformers or vllm)")
            options |= _checkpoint_options(checkpoint, model)
        if backend in LOCAL_BACKENDS and not options.get("model"):
            options["model"] = "embedded"
        if base_url:
            options["base_url"] = base_url
        if api_key_env is not None:
            options["api_key_env"] = api_key_env
        if samples < 1 or rounds < 0 or parents < 1 or ttt_steps < 0:
            raise UserError("samples and parents must be at least 1, rounds and ttt_steps at least 0")
        if ttt_steps and backend != "transformers":
            raise UserError("ttt_steps needs the transformers backend: the student's own weights are adapted per task")
        if ttt_steps and samples < 2:
            raise UserError("ttt_steps needs --samples of at least 2 (half are sampled before the adaptation)")
        self.backend_name = backend
        self.backend = get_backend(backend, **{k: v for k, v in options.items() if v is not None})
        self.model = getattr(self.backend, "model", model or "")
        self.oracle = bool(getattr(self.backend, "oracle", False))  # e.g. the offline teacher sees the references
        self.samples, self.rounds, self.parents = samples, rounds, parents
        self.style = style or ("compact" if backend in LOCAL_BACKENDS else "full")
        self.max_tokens, self.temperature, self.timeout_s = max_tokens, temperature, timeout_s
        self.parallel_tasks = max(1, parallel_tasks)
        self.ttt = TTTConfig(steps=ttt_steps, seed=seed) if ttt_steps else None
        # What it was trained on in task ids is the report's `training_chain` (read from the model's run_configs).
        self.trained_on = (f"the training chain of {self.model} ({backend} backend)" if not checkpoint
                           else f"the training chain of checkpoint {checkpoint}")
        self._loop = asyncio.new_event_loop()

    # -- one task ---------------------------------------------------------------------------------------

    async def _run(self, task: Task, programs: Sequence[str]) -> list[Sample]:
        """Run programs on demonstration + test inputs in the sandbox; score the demonstrations here."""
        from rewards import score_execution
        from sandbox import run_many
        from sandbox.result import ExecResult

        if not programs:
            return []
        n = len(task.train)
        inputs = task.train_inputs + task.test_inputs
        results = await asyncio.to_thread(run_many, [(p, inputs) for p in programs], timeout_s=self.timeout_s)
        samples = []
        for program, result in zip(programs, results, strict=True):
            train = ExecResult(result.program_error, result.message, result.examples[:n], result.seconds)
            breakdown = score_execution(train, task.train_outputs, length_chars=len(program))
            tests = tuple(e.output for e in result.examples[n:])
            samples.append(Sample(program, breakdown.exact, breakdown.pixel_acc, tests, train, breakdown.total))
        return samples

    async def _ask(self, messages: list[dict], n: int, usage: dict, texts: dict[str, str] | None = None,
                   model: Any = None, start: str | None = None) -> list[str]:
        """The programs of `n` completions; `texts` collects each program's completion; `model` (a task-adapted
        copy of the local student) samples instead of the backend's; `start`: the program an edit prompt shows
        (an answer's line edits apply to it)."""
        from rewards import extract_program

        if model is None:
            completions = await self.backend.complete(messages, n=n, max_tokens=self.max_tokens,
                                                      temperature=self.temperature)
        else:
            completions = await asyncio.to_thread(self.backend.generate_with, model, messages, n,
                                                  max_tokens=self.max_tokens, temperature=self.temperature)
        usage["tokens"] += sum(c.prompt_tokens + c.completion_tokens for c in completions)
        usage["cost_usd"] += sum(c.cost_usd for c in completions)
        usage["completions"] += len(completions)
        programs = []
        for completion in completions:
            program = extract_program(completion.text, start)
            if program is not None:
                programs.append(program)
                if texts is not None:
                    texts.setdefault(program, completion.text)
        return programs

    async def _sample_with_ttt(self, task: Task, messages: list[dict], usage: dict) -> list[Sample]:
        """Half the samples from the student, the rest from a copy adapted on the first half's hindsight rows."""
        from solvers.program_ttt import adapt, hindsight_rows

        texts: dict[str, str] = {}
        first = self.samples // 2
        population = await self._run(task, list(dict.fromkeys(await self._ask(messages, first, usage, texts))))
        usage["ttt_rows"], usage["ttt_seconds"] = 0, 0.0
        if any(s.fits for s in population):
            return population
        runs = [(texts[s.program], s.train_result.outputs) for s in population]
        rows = hindsight_rows(task, runs, style=self.style, max_rows=self.ttt.max_rows)  # type: ignore[union-attr]
        # No rows: the student itself samples the second half, but seeded apart from the first (the backend's own
        # seed is per prompt: asking it again would repeat the first half's samples).
        tokenizer, model = await asyncio.to_thread(self.backend.loaded)
        if rows:
            started = time.perf_counter()
            model = await asyncio.to_thread(adapt, model, tokenizer, rows, self.ttt)
            usage["ttt_rows"], usage["ttt_seconds"] = len(rows), round(time.perf_counter() - started, 2)
        known = {s.program for s in population}
        more = await self._ask(messages, self.samples - first, usage, model=model)
        return population + await self._run(task, [p for p in dict.fromkeys(more) if p not in known])

    async def _solve(self, task: Task) -> Prediction:
        from editing.prompts import edit_messages, write_messages

        started = time.perf_counter()
        usage = {"tokens": 0, "cost_usd": 0.0, "completions": 0}
        messages = write_messages(task, style=self.style)
        if self.ttt is None:
            population = await self._run(task, list(dict.fromkeys(await self._ask(messages, self.samples, usage))))
        else:
            population = await self._sample_with_ttt(task, messages, usage)
        rounds_done = 0
        for _ in range(self.rounds):
            if any(s.fits for s in population):
                break
            parents = self._parents(population)
            if not parents:
                break
            per_parent = max(1, self.samples // len(parents))
            asked = [self._ask(edit_messages(task, p.program, p.train_result, style=self.style, reward=p.reward),
                               per_parent, usage, start=p.program) for p in parents]
            known = {s.program for s in population}
            children = [p for batch in await asyncio.gather(*asked) for p in batch if p not in known]
            population += await self._run(task, list(dict.fromkeys(children)))
            rounds_done += 1
        return self._prediction(task, population, usage, rounds_done, time.perf_counter() - started)

    def _parents(self, population: Sequence[Sample]) -> list[Sample]:
        """The best programs with distinct demonstration outputs (diverse parents for revision)."""
        seen, parents = set(), []
        for sample in sorted(population, key=lambda s: -s.reward):
            key = sample.train_result.outputs
            if key in seen:
                continue
            seen.add(key)
            parents.append(sample)
            if len(parents) == self.parents:
                break
        return parents

    def _prediction(self, task: Task, population: list[Sample], usage: dict, rounds: int,
                    seconds: float) -> Prediction:
        attempts, confidences, programs, candidates = [], [], [], []
        for index in range(len(task.test)):
            ranked = weighted_vote(population, index)
            attempts.append([grid for grid, _, _ in ranked[:MAX_ATTEMPTS]])
            confidences.append([weight for _, weight, _ in ranked[:MAX_ATTEMPTS]])
            candidates.append([grid for grid, _, _ in ranked])
            if index == 0:
                programs = [best.program for _, _, best in ranked[:MAX_ATTEMPTS]]
        info = {
            "programs": programs,
            "samples": len(population),
            "completions": usage["completions"],
            "fitting_programs": sum(s.fits for s in population),
            "best_demo_reward": round(max((s.reward for s in population), default=0.0), 4),
            "rounds": rounds,
            **({"ttt_rows": usage.get("ttt_rows", 0), "ttt_seconds": usage.get("ttt_seconds", 0.0)}
               if self.ttt is not None else {}),
            "candidates": candidates,
            "seconds": seconds,
        }
        return Prediction(attempts, confidences, tokens=usage["tokens"], cost_usd=usage["cost_usd"], info=info)

    # -- the harness interface ------------------------------------------------------------------------

    def predict_detailed(self, task: Task) -> Prediction:
        return next(iter(self.predict_stream([task])))[1]

    def predict(self, task: Task) -> list[list[Grid]]:
        return self.predict_detailed(task).attempts

    def predict_stream(self, tasks: Sequence[Task]) -> Iterator[tuple[int, Prediction]]:
        """Up to `parallel_tasks` tasks in flight on one event loop (API backends overlap requests)."""
        from sampler.backends import BackendUnavailable, CostCapReached

        async def solve(index: int, task: Task) -> tuple[int, Prediction]:
            try:
                return index, await self._solve(task)
            except (BackendUnavailable, CostCapReached):
                raise
            except Exception as error:  # noqa: BLE001 — this task's miss, recorded in its result
                return index, Prediction([[] for _ in task.test], info={"error": f"{type(error).__name__}: {error}"})

        queue = iter(enumerate(tasks))
        pending: set[asyncio.Future] = set()

        def top_up() -> None:
            for index, task in queue:
                pending.add(self._loop.create_task(solve(index, task)))
                if len(pending) >= self.parallel_tasks:
                    return

        top_up()
        try:
            while pending:
                done, _ = self._loop.run_until_complete(asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED))
                for future in done:
                    pending.discard(future)
                    try:
                        yield future.result()
                    except CostCapReached as error:
                        raise UserError(f"cost cap reached ({error}); finished tasks are saved — rerun with a "
                                        "higher --set max_cost_usd=… to go on") from None
                    except BackendUnavailable as error:
                        raise UserError(f"{self.backend_name} backend unavailable: {error}; finished tasks are "
                                        "saved — rerun to go on") from None
                top_up()
        finally:
            for future in pending:
                future.cancel()
            if pending:
                self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))

    def close(self) -> None:
        """Close the backend's connections and the event loop."""
        if self._loop.is_closed():
            return
        closer = getattr(self.backend, "aclose", None)
        if callable(closer):
            self._loop.run_until_complete(closer())
        self._loop.close()
