"""The smooth reward: formula, range, Δr, and batched scoring through the sandbox."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewards import RewardConfig, delta, pixel_accuracy, reward_programs, score_execution
from sandbox import ErrorKind, ExampleResult, ExecResult

TARGET = ((1, 2), (3, 4))
OTHER = ((5, 6, 7),)


def executed(*outputs, program_error=None):
    return ExecResult(program_error, "", tuple(ExampleResult(o, None if o is not None else ErrorKind.RUNTIME)
                                                for o in outputs))


def test_perfect_program_scores_the_maximum():
    reward = score_execution(executed(TARGET, OTHER), [TARGET, OTHER])
    assert reward.total == pytest.approx(1.2) and reward.solved


def test_no_program_scores_zero():
    reward = score_execution(None, [TARGET])
    assert (reward.total, reward.syntax, reward.solved) == (0.0, 0.0, False)


@pytest.mark.parametrize("kind", [ErrorKind.SYNTAX, ErrorKind.POLICY])
def test_unparseable_or_refused_program_gets_no_syntax_credit(kind):
    assert score_execution(ExecResult.failed(kind, "x", 1), [TARGET]).syntax == 0.0


def test_program_that_crashes_everywhere_gets_only_syntax_credit():
    assert score_execution(executed(None, None), [TARGET, OTHER]).total == pytest.approx(0.1)


def test_one_wrong_pixel_in_four_is_steeply_discounted():
    reward = score_execution(executed(((1, 2), (3, 0))), [TARGET])
    assert reward.pixel_acc == (0.75,)
    assert reward.total == pytest.approx(0.1 + 0.1 + 0.75 ** 10)


def test_wrong_shape_gets_no_shape_or_pixel_credit():
    reward = score_execution(executed(OTHER), [TARGET])
    assert (reward.shape, reward.pixel, reward.total) == (0.0, 0.0, pytest.approx(0.1))


def test_partial_shapes_average_over_examples():
    reward = score_execution(executed(TARGET, TARGET), [TARGET, OTHER])
    assert reward.shape == 0.5 and reward.exact == (True, False)
    assert reward.total == pytest.approx(0.1 + 0.05 + 0.5)


def test_length_penalty_is_capped():
    config = RewardConfig(length_penalty=0.05, penalty_max=0.1)
    assert score_execution(executed(TARGET), [TARGET], length_chars=1000, config=config).penalty == pytest.approx(0.05)
    assert score_execution(executed(TARGET), [TARGET], length_chars=9000, config=config).penalty == pytest.approx(0.1)


def test_mismatched_outputs_and_expected_raise():
    with pytest.raises(ValueError):
        score_execution(executed(TARGET), [TARGET, OTHER])


def test_pixel_accuracy_of_a_missing_output_is_zero():
    assert pixel_accuracy(None, TARGET) == 0.0


def test_delta_is_child_minus_parent():
    child = score_execution(executed(TARGET), [TARGET])
    parent = score_execution(executed(None), [TARGET])
    assert delta(child, parent) == pytest.approx(1.1) and delta(0.3, 0.5) == pytest.approx(-0.2)


grids = st.integers(1, 3).flatmap(lambda h: st.integers(1, 3).flatmap(
    lambda w: st.tuples(*[st.tuples(*[st.integers(0, 9)] * w)] * h)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), grids), grids), min_size=1, max_size=4),
       st.integers(0, 20_000), st.floats(0, 1), st.floats(0, 0.5))
def test_reward_stays_in_its_documented_range(pairs, length, per_thousand, cap):
    config = RewardConfig(length_penalty=per_thousand, penalty_max=cap)
    reward = score_execution(executed(*[o for o, _ in pairs]), [e for _, e in pairs], length_chars=length,
                             config=config)
    assert -cap - 1e-9 <= reward.total <= config.max_reward + 1e-9


def test_reward_programs_scores_a_batch_through_the_sandbox():
    flip = "def solve(I):\n    return tuple(row[::-1] for row in I)\n"
    identity = "def solve(I):\n    return I\n"
    rewards = reward_programs([flip, identity, None], [[TARGET]] * 3, [[((2, 1), (4, 3))]] * 3)
    assert [round(r.total, 6) for r in rewards] == [1.2, 0.2, 0.0]
