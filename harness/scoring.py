"""The one scorer of the harness: pure functions from predictions and true outputs to metrics.

Per test input (`score_input`):
  correct@1       the first attempt equals the true output exactly;
  correct@2       one of the (at most 2) attempts does — this is what ARC counts;
  oracle          any candidate the solver considered does (attempts + `info["candidates"]`);
  pixel_accuracy  the best attempt's fraction of matching cells (0 for a wrong shape or no attempt);
  attempts        how many attempts were given (0–2).

Per task (`score_task`): the ARC official task score is the fraction of its test inputs correct@2;
pass@1 / pass@2 / oracle hold when every test input of the task is correct in that sense; pixel
accuracy and attempts are means over its test inputs; seconds, tokens and cost are carried along.

Overall (`aggregate`): `score` is the ARC official score (mean task score, i.e. partial credit for
tasks with several test inputs); `pass@1`, `pass@2`, `oracle` are fractions of tasks; `exact_match`
is the fraction of all test inputs (pooled over tasks) correct@2; `pixel_accuracy` and `attempts` are
means over all test inputs; seconds, tokens and cost are totals (and means per task).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from data.grid import Grid

MAX_ATTEMPTS = 2


def pixel_accuracy(prediction: Grid | None, truth: Grid) -> float:
    """Fraction of cells equal to the truth; 0.0 when the shapes differ or there is no prediction."""
    if prediction is None or len(prediction) != len(truth) or len(prediction[0]) != len(truth[0]):
        return 0.0
    total = len(truth) * len(truth[0])
    same = sum(a == b for row_p, row_t in zip(prediction, truth, strict=True)
               for a, b in zip(row_p, row_t, strict=True))
    return same / total


@dataclass(frozen=True)
class InputScore:
    """How the attempts for one test input fared."""

    correct_at_1: bool
    correct_at_2: bool
    oracle: bool
    pixel_accuracy: float
    attempts: int


@dataclass(frozen=True)
class TaskScore:
    """How a solver fared on one task."""

    task_id: str
    inputs: tuple[InputScore, ...]
    seconds: float = 0.0
    tokens: int = 0
    cost_usd: float = 0.0

    @property
    def score(self) -> float:
        """ARC official task score: fraction of test inputs with an exactly right attempt among ≤ 2."""
        return sum(s.correct_at_2 for s in self.inputs) / len(self.inputs) if self.inputs else 0.0

    @property
    def pass_at_1(self) -> bool:
        return bool(self.inputs) and all(s.correct_at_1 for s in self.inputs)

    @property
    def pass_at_2(self) -> bool:
        return bool(self.inputs) and all(s.correct_at_2 for s in self.inputs)

    @property
    def oracle(self) -> bool:
        return bool(self.inputs) and all(s.oracle for s in self.inputs)

    @property
    def pixel_accuracy(self) -> float:
        return sum(s.pixel_accuracy for s in self.inputs) / len(self.inputs) if self.inputs else 0.0

    @property
    def attempts(self) -> float:
        return sum(s.attempts for s in self.inputs) / len(self.inputs) if self.inputs else 0.0

    def to_dict(self) -> dict:
        """Metrics as plain JSON data (the per-input list included)."""
        return {
            "task_id": self.task_id, "score": self.score, "pass@1": self.pass_at_1, "pass@2": self.pass_at_2,
            "oracle": self.oracle, "pixel_accuracy": self.pixel_accuracy, "attempts": self.attempts,
            "seconds": self.seconds, "tokens": self.tokens, "cost_usd": self.cost_usd,
            "inputs": [asdict(s) for s in self.inputs],
        }

    @classmethod
    def from_dict(cls, raw: dict) -> TaskScore:
        """Inverse of `to_dict` (derived fields are recomputed, not trusted)."""
        return cls(raw["task_id"], tuple(InputScore(**s) for s in raw["inputs"]), float(raw.get("seconds", 0.0)),
                   int(raw.get("tokens", 0)), float(raw.get("cost_usd", 0.0)))


def score_input(attempts: Sequence[Grid], truth: Grid, candidates: Sequence[Grid] = ()) -> InputScore:
    """Score the attempts for one test input. Only the first 2 attempts count; `candidates` (every grid
    the solver considered) only feed the oracle."""
    counted = list(attempts[:MAX_ATTEMPTS])
    correct = [grid == truth for grid in counted]
    return InputScore(
        correct_at_1=bool(correct[:1]) and correct[0],
        correct_at_2=any(correct),
        oracle=any(correct) or any(grid == truth for grid in candidates),
        pixel_accuracy=max((pixel_accuracy(grid, truth) for grid in counted), default=0.0),
        attempts=len(counted),
    )


def score_task(task_id: str, attempts: Sequence[Sequence[Grid]], truths: Sequence[Grid],
               candidates: Sequence[Sequence[Grid]] | None = None, *, seconds: float = 0.0, tokens: int = 0,
               cost_usd: float = 0.0) -> TaskScore:
    """Score a task: `attempts[i]` and `candidates[i]` belong to test input i with true output `truths[i]`.
    Missing entries (fewer attempt lists than test inputs) count as no attempt."""
    inputs = []
    for index, truth in enumerate(truths):
        given = attempts[index] if index < len(attempts) else ()
        extra = candidates[index] if candidates is not None and index < len(candidates) else ()
        inputs.append(score_input(given, truth, extra))
    return TaskScore(task_id, tuple(inputs), seconds, tokens, cost_usd)


@dataclass(frozen=True)
class Summary:
    """Overall metrics of a run (see the module docstring for each definition)."""

    tasks: int
    test_inputs: int
    solved: int
    score: float
    pass_at_1: float
    pass_at_2: float
    oracle: float
    exact_match: float
    pixel_accuracy: float
    attempts: float
    seconds: float
    seconds_per_task: float
    tokens: int
    cost_usd: float
    solved_ids: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        out = asdict(self)
        out["pass@1"], out["pass@2"] = out.pop("pass_at_1"), out.pop("pass_at_2")
        out["solved_ids"] = list(self.solved_ids)
        return out


def aggregate(scores: Sequence[TaskScore]) -> Summary:
    """Overall metrics over task scores; all zeros for an empty run."""
    n = len(scores)
    inputs = [s for task in scores for s in task.inputs]
    m = len(inputs)
    seconds = sum(task.seconds for task in scores)

    def frac(count: float, total: int) -> float:
        return count / total if total else 0.0

    return Summary(
        tasks=n,
        test_inputs=m,
        solved=sum(task.pass_at_2 for task in scores),
        score=frac(sum(task.score for task in scores), n),
        pass_at_1=frac(sum(task.pass_at_1 for task in scores), n),
        pass_at_2=frac(sum(task.pass_at_2 for task in scores), n),
        oracle=frac(sum(task.oracle for task in scores), n),
        exact_match=frac(sum(s.correct_at_2 for s in inputs), m),
        pixel_accuracy=frac(sum(s.pixel_accuracy for s in inputs), m),
        attempts=frac(sum(s.attempts for s in inputs), m),
        seconds=seconds,
        seconds_per_task=frac(seconds, n),
        tokens=sum(task.tokens for task in scores),
        cost_usd=sum(task.cost_usd for task in scores),
        solved_ids=tuple(sorted(task.task_id for task in scores if task.pass_at_2)),
    )
