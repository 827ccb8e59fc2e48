"""The reward wrappers: values unchanged, one sandbox batch per step, the curriculum fed, metrics logged."""

import json
from types import SimpleNamespace

import curriculum as cur
from grpo.hooks import LiveCurriculum, RewardClock
from grpo.scoring import build_reward_funcs, groups_of

GRID_IN = [[1, 0], [0, 0]]
GRID_OUT = [[0, 1], [0, 0]]
EXAMPLES = json.dumps([{"input": GRID_IN, "output": GRID_OUT}])
FLIP = "```python\nfrom arc_dsl import *\n\ndef solve(I):\n    return tuple(tuple(reversed(r)) for r in I)\n```"
IDENTITY = "```python\ndef solve(I):\n    return I\n```"
NOTHING = "no program here"


def call(funcs, completions, mode="write", start=0.0, logged=None):
    count = len(completions)
    log = (lambda name, value: logged.setdefault(name, value)) if logged is not None else None
    kwargs = {"examples_json": [EXAMPLES] * count, "mode": [mode] * count, "start_reward": [start] * count,
              "task_id": ["t1"] * 2 + ["t2"] * (count - 2), "trainer_state": SimpleNamespace(global_step=5),
              "log_metric": log}
    return [f(completions=completions, prompts=[None] * count, **kwargs) for f in funcs]


def make(live=None):
    return build_reward_funcs(["delta", "solved"], RewardClock(), live, num_generations=2, timeout_s=2.0)


def test_groups_are_consecutive_runs_of_num_generations():
    assert groups_of([("a", 1.0), ("a", 0.0), ("b", None), ("b", 0.5)], 2) == [("a", [1.0, 0.0]), ("b", [0.5])]


def test_wrapped_functions_return_the_reward_values():
    delta, solved = call(make(), [FLIP, IDENTITY, NOTHING, FLIP])
    assert solved == [1.0, 0.0, 0.0, 1.0] and delta[0] == 1.2 and delta[2] == 0.0


def test_all_functions_of_a_step_share_one_sandbox_batch():
    funcs = make()
    call(funcs, [FLIP, IDENTITY, NOTHING, FLIP])
    assert funcs[0].scorer.batches_run == 1


def test_the_curriculum_receives_each_group_as_normalised_scores():
    live = LiveCurriculum(cur.initial_state({"t1": 0, "t2": 0}, cur.CurriculumConfig()), cur.CurriculumConfig())
    call(make(live), [FLIP, FLIP, NOTHING, NOTHING])
    t1, t2 = live.state.tasks["t1"], live.state.tasks["t2"]
    assert (t1.mean, t1.count, t1.last_step, t2.mean) == (1.0, 2, 5, 0.0)


def test_edit_mode_logs_the_delta_against_the_start_program():
    logged = {}
    call(make(), [FLIP, IDENTITY, FLIP, IDENTITY], mode="edit", start=0.5, logged=logged)
    identity_reward = 0.1 + 0.1 + 0.5 ** 10  # right syntax and shape, half the pixels
    expected = ((1.2 - 0.5) + (identity_reward - 0.5)) / 2
    assert abs(logged["edit/delta_mean"] - expected) < 1e-9 and logged["edit/improved"] == 0.5


def test_curriculum_counts_are_logged_through_trls_metric_hook():
    logged = {}
    live = LiveCurriculum(cur.initial_state({"t1": 0, "t2": 0}, cur.CurriculumConfig()), cur.CurriculumConfig())
    call(make(live), [FLIP, FLIP, NOTHING, NOTHING], logged=logged)
    assert logged["curriculum/active"] == 2.0 and "timing/reward_seconds" in logged
