"""The `search` solver: DSL search per task, a process pool over tasks, programs reported as source.

    arc-eval --solver search --dataset arc-agi-1 --split evaluation --time-budget 30 --out runs/search-eval

Each task gets `time_budget` seconds of CPU time in one worker process (unless the search on the task's own
colours finds two fits that keep the demonstrations' rules with distinct answers, the rest of it goes to the task
with its colours ranked by count, `ranked_task`); `workers` processes (default:
every core) work on different tasks at once. Attempts are the exact fits ranked by whether their test
answers keep the demonstrations' shape and colour rules (`rules_broken_on_test`), then by simplicity (fewest, cheapest
steps), with distinct test outputs; when fewer than two exist, the best partial fits (by
demonstration pixel accuracy, then simplicity) fill in. Each attempt's program text is re-run here on
arc_dsl (our own generated code) and must reproduce the search's outputs before it is reported.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

from arc_dsl.colours import rank_colours, unrank_colours
from data.grid import Grid, is_grid
from data.task import Example, Task
from solvers.parallel import stream_in_processes
from solvers.protocol import MAX_ATTEMPTS, Prediction
from solvers.search.catalogue import catalogue
from solvers.search.engine import Candidate, SearchResult, program_source, search
from solvers.search.steps import clear_caches

# Exact fits kept as oracle candidates per task.
MAX_CANDIDATES = 10
# Deepest level the search goes to when a task's space is exhausted early.
MAX_DEPTH = 5
# The share of a task's budget the search on its own colours gets when a search on ranked colours may follow.
PLAIN_SHARE = 0.5


def run_program(source: str, grids: Sequence[Grid]) -> list[Grid]:
    """Run a program emitted by this search on grids, in-process. Only for our own generated text
    (catalogue templates), never for model output — that goes through the sandbox."""
    space: dict = {}
    exec(compile(source, "<search program>", "exec"), space)  # noqa: S102 — trusted, see docstring
    return [space["solve"](grid) for grid in grids]


def _checked(candidate: Candidate, inputs: Sequence[Grid]) -> tuple[str, tuple[Grid, ...]] | None:
    """The candidate's program text and its outputs when running the text reproduces the search."""
    source = program_source(candidate)
    try:
        outputs = tuple(run_program(source, inputs))
    except Exception:  # noqa: BLE001 — a mismatch is dropped, never reported as an answer
        return None
    if outputs != candidate.outputs or not all(is_grid(g) for g in outputs):
        return None
    return source, outputs


def rules_broken_on_test(task: Task, test_outputs: Sequence[Grid]) -> int:
    """How many of the demonstrations' rules the test answers break. A shape rule counts when every
    demonstration obeys it: the output has the input's shape; all outputs have one shape; the output is
    the input scaled by one ratio. The colour rule always counts: every colour of an answer is in some
    demonstration output, or in its test input without being a colour the demonstrations always remove (a
    colour from elsewhere is a code the final colour map never saw, e.g. an object size no demonstration had). Exact fits of the demonstrations are ranked by this
    first: an answer that breaks a rule rarely generalises."""
    def shape(grid: Grid) -> tuple[int, int]:
        return len(grid), len(grid[0])

    pairs = [(shape(e.input), shape(e.output)) for e in task.train]
    tests = [(shape(e.input), shape(g)) for e, g in zip(task.test, test_outputs, strict=True)]
    rules = [lambda i, o: i == o]
    if len({o for _, o in pairs}) == 1:
        fixed = pairs[0][1]
        rules.append(lambda i, o: o == fixed)
    ratios = {(o[0] / i[0], o[1] / i[1]) for i, o in pairs}
    if len(ratios) == 1 and ratios != {(1.0, 1.0)}:  # ratio 1 is the first rule
        ratio = next(iter(ratios))
        rules.append(lambda i, o: (o[0] / i[0], o[1] / i[1]) == ratio)
    broken = sum(1 for rule in rules if all(rule(i, o) for i, o in pairs) and not all(rule(i, o) for i, o in tests))
    kept = {c for e in task.train for row in e.output for c in row}
    removed = {c for e in task.train for row in e.input for c in row} - kept  # in demonstration inputs, never outputs
    unexplained = any(c not in kept and (c in removed or all(c not in row for row in e.input))
                      for e, g in zip(task.test, test_outputs, strict=True) for row in g for c in row)
    return broken + unexplained


def ranked_task(task: Task) -> Task | None:
    """The task with each pair's colours ranked by count in its input (`arc_dsl.rank_colours`) and each test
    input ranked by its own counts; None when ranking changes no input (a search on it would repeat the plain
    one). Where the colours that matter differ from pair to pair but keep their rank (the commonest, the
    rarest, …), steps and colour maps that need one fixed colour fit every pair of the ranked task."""
    def ranked(example: Example) -> Example:
        output = None if example.output is None else rank_colours(example.output, example.input)
        return Example(rank_colours(example.input, example.input), output)

    train, test = tuple(map(ranked, task.train)), tuple(map(ranked, task.test))
    if all(a.input == b.input for a, b in zip(train + test, task.train + task.test, strict=True)):
        return None
    return replace(task, train=train, test=test)


def _search_deepening(task: Task, time_budget: float, max_depth: int, beam: int | None) -> SearchResult:
    """`search` on the task within `time_budget` CPU-seconds, deeper while there is room (see below)."""
    n = len(task.train)
    steps = catalogue(task)
    found = search(task.train_inputs, task.train_outputs, task.test_inputs, steps, budget_s=time_budget,
                   max_depth=max_depth, beam=beam)
    spent = found.seconds
    def deeper(result: SearchResult, min_depth: int) -> SearchResult:
        """The search again, one level deeper than `result`, with the time left."""
        nonlocal spent
        again = search(task.train_inputs, task.train_outputs, task.test_inputs, steps, budget_s=time_budget - spent,
                       max_depth=result.depth + 1, beam=beam, min_depth=min_depth)
        spent += again.seconds
        again.states += result.states
        return again

    def room(result: SearchResult) -> bool:
        return time_budget - spent > 0.5 and result.depth < MAX_DEPTH

    # A small space explored to the end with time to spare: go one level deeper with what is left.
    while found.exhausted and room(found):
        found = deeper(found, 0)
    # Every exact fit breaks a rule of the demonstrations on the test (it fits them by a coincidence): look
    # once more, past the level of those fits, for fits that do not.
    if found.exact and all(rules_broken_on_test(task, c.outputs[n:]) for c in found.exact) and room(found):
        found = deeper(found, found.depth + 1)
    found.seconds = spent
    return found


def _search_both(task: Task, time_budget: float, max_depth: int, beam: int | None) -> SearchResult:
    """The search on the task's own colours, then, unless it already found fits that keep the demonstrations'
    rules on the test with as many distinct answers as there are attempts, on its ranked colours
    (`ranked_task`) with the time left; the ranked fits come back mapped to the task's colours and marked
    `ranked`. The plain search gets PLAIN_SHARE of the budget when a ranked search may follow. (A plain fit
    that keeps the rules still ranks first; the ranked search fills the other attempt: given more time, the
    plain search finds deeper fits that keep the rules by coincidence.)"""
    n = len(task.train)
    ranked = ranked_task(task)
    share = time_budget if ranked is None else PLAIN_SHARE * time_budget
    found = _search_deepening(task, share, max_depth, beam)
    answers = {c.outputs[n:] for c in found.exact if not rules_broken_on_test(task, c.outputs[n:])}
    if ranked is None or len(answers) >= MAX_ATTEMPTS or time_budget - found.seconds < 0.5:
        return found
    other = _search_deepening(ranked, time_budget - found.seconds, max_depth, beam)
    inputs = task.train_inputs + task.test_inputs

    def back(candidate: Candidate) -> Candidate:
        outputs = tuple(unrank_colours(grid, source) for grid, source in zip(candidate.outputs, inputs, strict=True))
        return replace(candidate, outputs=outputs, ranked=True)

    found.exact += [back(c) for c in other.exact]
    found.partial = sorted(found.partial + [back(c) for c in other.partial], key=lambda c: (-c.score, c.cost))
    found.states += other.states
    found.depth = max(found.depth, other.depth)
    found.seconds += other.seconds
    found.exhausted = found.exhausted and other.exhausted
    return found


def solve_task(task: Task, time_budget: float, max_depth: int, beam: int | None) -> Prediction:
    """Search one task and turn what was found into a prediction (runs in a worker process)."""
    started = time.perf_counter()
    clear_caches()
    n = len(task.train)
    inputs = [e.input for e in task.train] + [e.input for e in task.test]
    found = _search_both(task, time_budget, max_depth, beam)
    # Simplest first, but a fit whose test answers break the demonstrations' rules goes last.
    found.exact.sort(key=lambda c: (rules_broken_on_test(task, c.outputs[n:]), c.cost))
    chosen: list[tuple[Candidate, str, tuple[Grid, ...]]] = []
    seen_answers: set = set()
    for candidate in found.exact + found.partial:
        answer = candidate.outputs[n:]
        if answer in seen_answers:
            continue
        checked = _checked(candidate, inputs)
        if checked is None:
            continue
        seen_answers.add(answer)
        chosen.append((candidate, *checked))
        if len(chosen) == MAX_ATTEMPTS:
            break
    attempts = [[outputs[n + i] for _, _, outputs in chosen] for i in range(len(task.test))]
    confidences = [[c.score / (1.0 + c.cost) for c, _, _ in chosen] for _ in task.test]
    oracle = [list(dict.fromkeys(c.outputs[n + i] for c in found.exact[:MAX_CANDIDATES])) for i in range(len(task.test))]
    info = {
        "programs": [source for _, source, _ in chosen],
        "fits": [round(c.score, 4) for c, _, _ in chosen],
        "exact_fits": len(found.exact),
        "states": found.states,
        "depth": found.depth,
        "exhausted": found.exhausted,
        "search_seconds": round(found.seconds, 3),
        "candidates": oracle,
        "seconds": time.perf_counter() - started,
    }
    return Prediction(attempts, confidences, info=info)


class SearchSolver:
    """Enumerative DSL search (see solvers.search.engine), one CPU-time budget per task."""

    name = "search"
    trained_on = "nothing (enumerative search over arc_dsl steps, fitted to each task's demonstrations)"

    def __init__(self, time_budget: float = 30.0, workers: int | None = None, max_depth: int = 3,
                 beam: int | None = None) -> None:
        self.time_budget = float(time_budget)
        self.workers = workers or os.cpu_count() or 1
        self.max_depth = max_depth
        self.beam = beam

    def predict_detailed(self, task: Task) -> Prediction:
        return solve_task(task, self.time_budget, self.max_depth, self.beam)

    def predict(self, task: Task) -> list[list[Grid]]:
        return self.predict_detailed(task).attempts

    def predict_stream(self, tasks: Sequence[Task]) -> Iterator[tuple[int, Prediction]]:
        """A process pool over tasks (`solvers.parallel`): every core searches a different task; results in
        finish order. A script calling this guards its entry point with `if __name__ == "__main__":`."""
        if self.workers <= 1 or len(tasks) <= 1:
            for index, task in enumerate(tasks):
                yield index, self.predict_detailed(task)
            return
        calls = [(task, self.time_budget, self.max_depth, self.beam) for task in tasks]
        for index, future in stream_in_processes(solve_task, calls, self.workers):
            yield index, future.result()
