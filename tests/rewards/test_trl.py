"""TRL reward functions: columns from kwargs, shared batch scoring, metric logging (hand-written completions)."""

from __future__ import annotations

import json

import pytest

from rewards import REWARD_FUNCS, get_reward_funcs

FLIP = "<think>mirror each row</think>\n```python\ndef solve(I):\n    return tuple(row[::-1] for row in I)\n```"
IDENTITY = "```python\ndef solve(I):\n    return I\n```"
NOTHING = "I give up."
EXAMPLES = json.dumps([{"input": [[1, 2], [3, 4]], "output": [[2, 1], [4, 3]]},
                       {"input": [[5, 6, 7]], "output": [[7, 6, 5]]}])
COMPLETIONS = [FLIP, IDENTITY, NOTHING]
IDENTITY_REWARD = 0.1 + 0.1 + 0.5 * (0.0 ** 10 + (1 / 3) ** 10)  # rows 0/4 and 1/3 cells right


def call(func, completions=COMPLETIONS, **columns):
    columns.setdefault("examples_json", [EXAMPLES] * len(completions))
    return func(prompts=[[{"role": "user", "content": "p"}]] * len(completions), completions=completions,
                completion_ids=[[0]] * len(completions), **columns)


def test_smooth_scores_each_completion():
    (smooth,) = get_reward_funcs(["smooth"])
    assert call(smooth) == pytest.approx([1.2, IDENTITY_REWARD, 0.0])


def test_conversational_completions_are_read():
    (smooth,) = get_reward_funcs(["smooth"])
    completions = [[{"role": "assistant", "content": text}] for text in COMPLETIONS]
    assert call(smooth, completions) == pytest.approx([1.2, IDENTITY_REWARD, 0.0])


def test_delta_subtracts_start_reward_in_edit_mode_only():
    (delta,) = get_reward_funcs("delta")
    values = call(delta, mode=["edit", "write", "edit"], start_reward=[0.2, 0.5, 0.1])
    assert values == pytest.approx([1.0, IDENTITY_REWARD, -0.1])


def test_components_are_their_unweighted_parts():
    syntax, shape, pixel, solved = get_reward_funcs("syntax,shape,pixel,solved")
    assert call(syntax) == [1.0, 1.0, 0.0]
    assert call(shape) == [1.0, 1.0, 0.0]
    assert call(pixel) == pytest.approx([1.0, IDENTITY_REWARD - 0.2, 0.0])
    assert call(solved) == [1.0, 0.0, 0.0]


def test_row_without_examples_gets_none():
    (smooth,) = get_reward_funcs(["smooth"])
    assert call(smooth, [FLIP, FLIP], examples_json=[EXAMPLES, None]) == pytest.approx([1.2, None])


def test_all_functions_of_a_step_share_one_sandbox_batch():
    funcs = get_reward_funcs(list(REWARD_FUNCS))
    for func in funcs:
        call(func)
    assert funcs[0].scorer is funcs[-1].scorer and funcs[0].scorer.batches_run == 1


def test_a_new_batch_runs_again_and_forgets_the_old_one():
    (smooth,) = get_reward_funcs(["smooth"])
    call(smooth)
    call(smooth, [IDENTITY + "\n"])  # a completion the first batch did not hold
    assert smooth.scorer.batches_run == 2 and len(smooth.scorer._cache) == 1


def test_component_means_are_logged_once_per_batch():
    logged: list[tuple[str, float]] = []
    smooth, syntax = get_reward_funcs(["smooth", "syntax"])
    for func in (smooth, syntax):
        call(func, log_metric=lambda name, value: logged.append((name, value)))
    names = [name for name, _ in logged]
    assert sorted(names) == sorted(f"reward_components/{n}" for n in
                                   ("syntax", "shape", "pixel", "penalty", "solved", "exec_seconds"))
    assert dict(logged)["reward_components/solved"] == pytest.approx(1 / 3)


def test_function_names_are_the_registry_names():
    assert [func.__name__ for func in get_reward_funcs(list(REWARD_FUNCS))] == list(REWARD_FUNCS)


def test_unknown_name_is_refused():
    with pytest.raises(ValueError, match="unknown reward"):
        get_reward_funcs(["smoth"])


def test_unknown_option_is_refused():
    with pytest.raises(TypeError, match="pixel_powr"):
        get_reward_funcs(["smooth"], pixel_powr=3)


def test_options_reach_the_reward():
    (smooth,) = get_reward_funcs(["smooth"], syntax_weight=0.5, shape_weight=0.0)
    assert call(smooth, [NOTHING, FLIP]) == pytest.approx([0.0, 1.5])


# ---------------------------------------------------------------- syntax credit needs a real module-level solve

_SOLVE_IN_A_STRING = ('<think>hide it</think>\n```python\nnote = """\ndef solve(I):\n    return I\n"""\n'
                      'raise ValueError("no")\n```')
_SOLVE_AS_LAMBDA = "```python\nsolve = lambda I: I\n```\n```python\ndef solve_helper(I):\n    return I\n```"
_REAL_SOLVE_RAISING_AT_IMPORT = "```python\ndef solve(I):\n    return I\nraise ValueError('at import')\n```"


@pytest.mark.parametrize("policy", [None, "off"])
def test_syntax_credit_only_for_a_real_module_level_solve(policy):
    from sandbox import Policy

    [syntax] = get_reward_funcs(["syntax"], policy=Policy.disabled() if policy == "off" else None)
    examples = json.dumps([{"input": [[1]], "output": [[1]]}])
    completions = [_SOLVE_IN_A_STRING, _SOLVE_AS_LAMBDA, _REAL_SOLVE_RAISING_AT_IMPORT,
                   "```python\ndef solve(I):\n    return I\n```"]
    assert syntax(completions, examples_json=[examples] * 4) == [0.0, 0.0, 1.0, 1.0]
