"""Choosing which programs to edit and which edit traces to keep (pure functions).

The rule for keeping edit traces, per task:
1. reject every transition with Δr ≤ 0 (the edit did not improve the program);
2. keep the top-k (k = 3) by Δr; candidates whose Δr is within `eps` of the best one left are a tie,
   broken in favour of the candidate that solves the most demonstration pairs not already covered by
   the kept ones (sample 1 solves pairs 1+2 and sample 2 solves pair 3 → keep both, rather than two
   samples that each solve 1+2); remaining ties go to the larger Δr, the shorter program, then the id;
3. optionally balance across the parent's accuracy bins (0, 1–34, 34–98, 98–100 % mean pixel accuracy)
   so kept edits are not all last-pixel polish: bins take turns, each offering its best candidate;
4. `cap` bounds what one source task contributes in total: a task and the hindsight-relabelled tasks
   derived from it (each selected with its own top-k) share one cap (10).

Parents for the next round: the best program, then diverse ones (other accuracy bins first, distinct
outputs), never a program that is already solved or already expanded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# (label, lower bound inclusive, upper bound exclusive) of mean pixel accuracy in percent.
ACCURACY_BINS: tuple[tuple[str, float, float], ...] = (
    ("0", 0.0, 1.0),
    ("1-34", 1.0, 34.0),
    ("34-98", 34.0, 98.0),
    ("98-100", 98.0, 100.0 + 1e-9),
)


def accuracy_bin(accuracy: float) -> str:
    """The bin label of a mean pixel accuracy given in [0, 1]."""
    percent = 100.0 * accuracy
    for label, low, high in ACCURACY_BINS:
        if low <= percent < high:
            return label
    return ACCURACY_BINS[-1][0] if percent >= 100.0 else ACCURACY_BINS[0][0]


@dataclass(frozen=True)
class Candidate:
    """What selection needs to know about one (parent → child) transition."""

    id: str
    task_id: str
    delta: float
    solved: frozenset[int]  # demonstration pairs the child gets exactly right
    parent_accuracy: float = 0.0  # the parent's mean pixel accuracy in [0, 1]
    child_program: str = ""
    parent_program: str = ""
    source_task_id: str = ""  # the original task of a hindsight-relabelled one ("" = itself)

    @property
    def source(self) -> str:
        return self.source_task_id or self.task_id


def _rank(candidate: Candidate, covered: frozenset[int]) -> tuple:
    return (len(candidate.solved - covered), candidate.delta, -len(candidate.child_program), candidate.id)


def top_k(candidates: Sequence[Candidate], k: int = 3, *, eps: float = 0.01,
          balance: bool = False) -> list[Candidate]:
    """Top-k of one task's candidates with Δr > 0, ties within `eps` broken by new coverage."""
    pool = sorted((c for c in candidates if c.delta > 0), key=lambda c: (-c.delta, c.id))
    kept: list[Candidate] = []
    covered: frozenset[int] = frozenset()
    seen_edits: set[tuple[str, str]] = set()
    bins = [label for label, _, _ in ACCURACY_BINS]
    turn = 0
    while pool and len(kept) < k:
        eligible = pool
        if balance:
            # Bins take turns; a bin with no candidate left passes its turn to the next one.
            for step in range(len(bins)):
                label = bins[(turn + step) % len(bins)]
                in_bin = [c for c in pool if accuracy_bin(c.parent_accuracy) == label]
                if in_bin:
                    eligible, turn = in_bin, (turn + step + 1) % len(bins)
                    break
        best = max(c.delta for c in eligible)
        tied = [c for c in eligible if c.delta >= best - eps]
        choice = max(tied, key=lambda c: _rank(c, covered))
        pool = [c for c in pool if c.id != choice.id]
        edit = (choice.parent_program, choice.child_program)
        if choice.child_program and edit in seen_edits:
            continue  # the same edit of the same program, sampled twice, adds nothing new
        seen_edits.add(edit)
        kept.append(choice)
        covered |= choice.solved
    return kept


def select_traces(candidates: Iterable[Candidate], *, k: int = 3, cap: int = 10, eps: float = 0.01,
                  balance: bool = False) -> list[Candidate]:
    """The selection over many tasks: top-k per task, then at most `cap` per source task.

    Returned in a stable order (task id, then rank), so equal inputs give equal outputs.
    """
    by_task: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_task[candidate.task_id].append(candidate)
    by_source: dict[str, list[tuple[int, Candidate]]] = defaultdict(list)
    for task_id in sorted(by_task):
        for rank, candidate in enumerate(top_k(by_task[task_id], k, eps=eps, balance=balance)):
            by_source[candidate.source].append((rank, candidate))
    kept: list[Candidate] = []
    for source in sorted(by_source):
        # The original task's picks first (rank 0 of every task before rank 1), then by Δr.
        ranked = sorted(by_source[source],
                        key=lambda rc: (rc[1].source_task_id != "", rc[0], -rc[1].delta, rc[1].id))
        kept.extend(candidate for _, candidate in ranked[:cap])
    return kept


@dataclass(frozen=True)
class Parent:
    """A scored program that could be edited next."""

    key: str  # a stable identifier (e.g. a hash of the program text)
    reward: float
    accuracy: float  # mean pixel accuracy in [0, 1]
    outputs_signature: str  # equal for programs with equal outputs on every pair
    solved: bool = False


def select_parents(population: Sequence[Parent], n: int, *, exclude: Iterable[str] = ()) -> list[Parent]:
    """The best unsolved program, then diverse ones: unused accuracy bins and unseen outputs first."""
    excluded = set(exclude)
    pool = sorted((p for p in population if not p.solved and p.key not in excluded),
                  key=lambda p: (-p.reward, p.key))
    unique: list[Parent] = []
    keys: set[str] = set()
    for parent in pool:
        if parent.key not in keys:
            keys.add(parent.key)
            unique.append(parent)
    chosen: list[Parent] = []
    signatures: set[str] = set()
    bins: set[str] = set()
    while unique and len(chosen) < n:
        if not chosen:
            pick = unique[0]
        else:
            # Prefer a new bin and new outputs, then new outputs, then simply the next best.
            pick = next((p for p in unique if accuracy_bin(p.accuracy) not in bins
                         and p.outputs_signature not in signatures), None)
            pick = pick or next((p for p in unique if p.outputs_signature not in signatures), None)
            pick = pick or unique[0]
        chosen.append(pick)
        unique.remove(pick)
        signatures.add(pick.outputs_signature)
        bins.add(accuracy_bin(pick.accuracy))
    return chosen
