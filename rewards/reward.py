"""The smooth reward of a program's outputs against the expected grids, and Δr for edits.

Definition (the one place it is written down; README and tests follow it)::

    r = w_syntax · syntax + w_shape · shape + mean_i(acc_i ** p) − penalty

    syntax   1 when the completion holds a program that parses, passes the sandbox policy and
             defines `def solve(I)` at module level (checked on the text, before it runs, even when
             the policy is switched off: a `def solve(` inside a string does not count), else 0
    shape    fraction of scored examples whose output grid has the expected (height, width)
    acc_i    fraction of cells equal to the expected grid on example i when the shape matches,
             0 when the shape differs or the example errored (timeout, exception, bad output, …)
    p        `pixel_power` (default 10): steep near 1, so the last wrong pixels matter most
    penalty  min(penalty_max, length_penalty · length_chars / 1000), a small cost of length

    defaults: w_syntax = 0.1, w_shape = 0.1, p = 10, length_penalty = 0, penalty_max = 0.1
    range:    [−penalty_max, w_syntax + w_shape + 1] = [−0.1, 1.2]
              (1.2 exactly when every example is pixel-perfect and there is no penalty)

    Δr = r(child) − r(parent)   (an edit's reward; the parent is the program it started from)

All functions here are pure except `reward_programs` / `execute_and_score`, which run the programs
through the sandbox's public API in one batched call. Expected outputs stay in this (trusted)
process: only inputs go to the sandbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from data.grid import Grid
from sandbox.policy import Policy, defines_solve
from sandbox.result import ErrorKind, ExecResult


@dataclass(frozen=True)
class RewardConfig:
    """Weights of the smooth reward (see the module docstring for the formula)."""

    syntax_weight: float = 0.1
    shape_weight: float = 0.1
    pixel_power: float = 10.0
    length_penalty: float = 0.0  # per 1,000 characters of completion
    penalty_max: float = 0.1

    def __post_init__(self) -> None:
        if self.pixel_power <= 0:
            raise ValueError("pixel_power must be positive")
        if self.length_penalty < 0 or self.penalty_max < 0:
            raise ValueError("penalties must be non-negative")

    @property
    def max_reward(self) -> float:
        return self.syntax_weight + self.shape_weight + 1.0


@dataclass(frozen=True)
class RewardBreakdown:
    """The reward and its parts; `exact` and `pixel_acc` have one entry per scored example."""

    total: float
    syntax: float
    shape: float
    pixel: float
    penalty: float
    exact: tuple[bool, ...]
    pixel_acc: tuple[float, ...]

    @property
    def solved(self) -> bool:
        """Every scored example reproduced exactly."""
        return bool(self.exact) and all(self.exact)

    def to_dict(self) -> dict:
        return {**asdict(self), "exact": list(self.exact), "pixel_acc": list(self.pixel_acc), "solved": self.solved}


def pixel_accuracy(output: Grid | None, expected: Grid) -> float:
    """Fraction of equal cells when the shapes match; 0 for a missing output or another shape."""
    if output is None or len(output) != len(expected) or len(output[0]) != len(expected[0]):
        return 0.0
    if output == expected:
        return 1.0
    equal = sum(a == b for row, expected_row in zip(output, expected, strict=True)
                for a, b in zip(row, expected_row, strict=True))
    return equal / (len(expected) * len(expected[0]))


def length_penalty(length_chars: int, config: RewardConfig = RewardConfig()) -> float:
    return min(config.penalty_max, config.length_penalty * max(0, length_chars) / 1000.0)


def score_execution(result: ExecResult | None, expected: Sequence[Grid], *, length_chars: int = 0,
                    config: RewardConfig = RewardConfig()) -> RewardBreakdown:
    """The reward of one execution (`None` = the completion held no program)."""
    penalty = length_penalty(length_chars, config)
    count = len(expected)
    if result is None or result.program_error in (ErrorKind.SYNTAX, ErrorKind.POLICY):
        return RewardBreakdown(0.0 - penalty, 0.0, 0.0, 0.0, penalty, (False,) * count, (0.0,) * count)
    outputs = result.outputs
    if len(outputs) != count:
        raise ValueError(f"{len(outputs)} outputs for {count} expected grids")
    accuracy = tuple(pixel_accuracy(output, target) for output, target in zip(outputs, expected, strict=True))
    exact = tuple(output == target for output, target in zip(outputs, expected, strict=True))
    shapes = sum(output is not None and len(output) == len(target) and len(output[0]) == len(target[0])
                 for output, target in zip(outputs, expected, strict=True))
    shape = shapes / count if count else 0.0
    pixel = sum(acc ** config.pixel_power for acc in accuracy) / count if count else 0.0
    total = config.syntax_weight + config.shape_weight * shape + pixel - penalty
    return RewardBreakdown(total, 1.0, shape, pixel, penalty, exact, accuracy)


def delta(child: RewardBreakdown | float, parent: RewardBreakdown | float) -> float:
    """Δr = r(child) − r(parent)."""
    child_total = child.total if isinstance(child, RewardBreakdown) else float(child)
    parent_total = parent.total if isinstance(parent, RewardBreakdown) else float(parent)
    return child_total - parent_total


def execute_and_score(programs: Sequence[str | None], inputs: Sequence[Sequence[Grid]],
                      expected: Sequence[Sequence[Grid]], *, config: RewardConfig = RewardConfig(),
                      timeout_s: float = 1.0, lengths: Sequence[int] | None = None,
                      policy: Policy | None = None, workers: int | None = None,
                      progress: bool = False) -> list[tuple[ExecResult | None, RewardBreakdown]]:
    """Run every program on its inputs in ONE sandbox batch and score it; (result, reward) per program."""
    if not len(programs) == len(inputs) == len(expected):
        raise ValueError("programs, inputs and expected must have the same length")
    if lengths is not None and len(lengths) != len(programs):
        raise ValueError("lengths must have one entry per program")
    for index, (grids, targets) in enumerate(zip(inputs, expected, strict=True)):
        if len(grids) != len(targets):
            raise ValueError(f"program {index}: {len(grids)} inputs but {len(targets)} expected outputs")
    results: list[ExecResult | None] = [None] * len(programs)
    runnable = []
    for index, program in enumerate(programs):
        if program is None:
            continue
        if not defines_solve(program):  # (the policy refuses these too; this holds with the policy off)
            results[index] = ExecResult.failed(ErrorKind.SYNTAX, "the program defines no function solve(I) at "
                                               "module level", len(inputs[index]))
        else:
            runnable.append(index)
    from sandbox.pool import run_many  # the process machinery, only where programs are run

    executed = run_many([(programs[index], inputs[index]) for index in runnable], timeout_s=timeout_s,
                        policy=policy, workers=workers, progress=progress) if runnable else []
    for index, result in zip(runnable, executed, strict=True):
        results[index] = result
    return [(result, score_execution(result, targets, length_chars=lengths[index] if lengths else 0, config=config))
            for index, (result, targets) in enumerate(zip(results, expected, strict=True))]


def reward_programs(programs: Sequence[str | None], inputs: Sequence[Sequence[Grid]],
                    expected: Sequence[Sequence[Grid]], *, config: RewardConfig = RewardConfig(),
                    timeout_s: float = 1.0, lengths: Sequence[int] | None = None,
                    policy: Policy | None = None) -> list[RewardBreakdown]:
    """The reward of each program (None = no program) on its inputs vs expected, in one sandbox batch."""
    return [reward for _, reward in execute_and_score(programs, inputs, expected, config=config,
                                                      timeout_s=timeout_s, lengths=lengths, policy=policy)]
