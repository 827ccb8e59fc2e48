"""Augmentation voting: ask a solver about K augmented copies of a task, map every answer back, vote.

    views = voting_views(task, k=8)                     # identity + 8 distinct augmentations
    answers = [(aug, detailed(solver, aug.task(task))) for aug in views]
    prediction = combine(answers, num_tests=len(task.test))

Each augmented copy is the whole task under one invertible `data.augment.Augmentation` (dihedral
transform, colour permutation keeping 0, no translation by default). A prediction made on a copy is
inverted (`aug.invert`) back to the original frame; identical grids pool their votes. The two grids
with the most votes become the attempts; ties are broken by the summed solver confidence, then by
which grid was proposed first (the identity view comes first). `combine` and `vote` are pure;
`predict_with_voting` is the convenience that calls the solver.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from data.augment import Augmentation, augmentations
from data.grid import Grid, is_grid
from data.task import Task
from solvers.protocol import MAX_ATTEMPTS, Prediction, Solver, detailed


@dataclass(frozen=True)
class Ballot:
    """One distinct grid with its vote count and summed confidence."""

    grid: Grid
    votes: int
    confidence: float


def vote(candidates: Sequence[tuple[Grid, float]]) -> list[Ballot]:
    """Pool identical grids; order by votes, then summed confidence, then first appearance."""
    tally: dict[Grid, list] = {}
    for order, (grid, confidence) in enumerate(candidates):
        entry = tally.setdefault(grid, [0, 0.0, order])
        entry[0] += 1
        entry[1] += confidence
    ranked = sorted(tally.items(), key=lambda item: (-item[1][0], -item[1][1], item[1][2]))
    return [Ballot(grid, votes, confidence) for grid, (votes, confidence, _) in ranked]


def voting_views(task: Task, k: int, *, seed: int = 0, max_translate: int = 0) -> list[Augmentation]:
    """The identity followed by `k` distinct augmentations that keep every grid of the task in 30×30."""
    return [Augmentation(), *augmentations(k, seed, keep_background=True, max_translate=max_translate, task=task)]


def invert_grid(aug: Augmentation, grid: Grid) -> Grid | None:
    """`aug.invert(grid)`, or None when the grid cannot come from this augmentation (e.g. too small to
    remove its translation)."""
    try:
        out = aug.invert(grid)
    except (ValueError, IndexError):
        return None
    return out if is_grid(out) else None


def combine(answers: Sequence[tuple[Augmentation, Prediction]], num_tests: int) -> Prediction:
    """Invert every view's attempts and vote per test input. Confidences of the result are the vote
    shares; tokens and cost are summed over views; `info` records every candidate (for the oracle) and
    the ballots."""
    attempts: list[list[Grid]] = []
    confidences: list[list[float]] = []
    candidates: list[list[Grid]] = []
    ballots_info: list[list[dict]] = []
    for index in range(num_tests):
        pooled: list[tuple[Grid, float]] = []
        for aug, prediction in answers:
            grids = prediction.attempts[index] if index < len(prediction.attempts) else []
            confs = prediction.confidences[index] if index < len(prediction.confidences) else []
            for rank, grid in enumerate(grids[:MAX_ATTEMPTS]):
                back = invert_grid(aug, grid)
                if back is not None:
                    pooled.append((back, confs[rank] if rank < len(confs) else 1.0 / (rank + 1)))
        ballots = vote(pooled)
        total = max(len(answers), 1)
        attempts.append([b.grid for b in ballots[:MAX_ATTEMPTS]])
        confidences.append([b.votes / total for b in ballots[:MAX_ATTEMPTS]])
        candidates.append([b.grid for b in ballots])
        ballots_info.append([{"votes": b.votes, "confidence": round(b.confidence, 6)} for b in ballots])
    return Prediction(
        attempts,
        confidences,
        tokens=sum(p.tokens for _, p in answers),
        cost_usd=sum(p.cost_usd for _, p in answers),
        info={"candidates": candidates, "ballots": ballots_info, "views": [aug.name for aug, _ in answers]},
    )


def predict_with_voting(solver: Solver, task: Task, k: int, *, seed: int = 0) -> Prediction:
    """Run `solver` on the task and `k` augmented copies, invert and vote (k = 0: the solver alone)."""
    if k <= 0:
        return detailed(solver, task)
    answers = [(aug, detailed(solver, aug.task(task))) for aug in voting_views(task, k, seed=seed)]
    return combine(answers, len(task.test))
