"""Running statistics: exact (Welford/Chan) and exponential merging of reward groups."""

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from curriculum.stats import TaskStats, merge_group

rewards = st.floats(min_value=-0.5, max_value=1.2, allow_nan=False)
groups = st.lists(st.lists(rewards, min_size=1, max_size=8), min_size=1, max_size=12)


def feed(stream, ema_alpha=0.0):
    stats = TaskStats()
    for step, group in enumerate(stream):
        stats = merge_group(stats, group, step, ema_alpha)
    return stats


@given(groups)
def test_exact_mode_matches_numpy_over_all_rewards(stream):
    flat = np.array([r for g in stream for r in g])
    stats = feed(stream)
    assert math.isclose(stats.mean, flat.mean(), abs_tol=1e-9)
    assert math.isclose(stats.var, flat.var(), abs_tol=1e-9)


@given(st.lists(rewards, min_size=2, max_size=8))
def test_order_inside_a_group_does_not_matter(group):
    a = merge_group(merge_group(TaskStats(), [0.3, 0.9], 0, 0.3), group, 1, 0.3)
    b = merge_group(merge_group(TaskStats(), [0.3, 0.9], 0, 0.3), list(reversed(group)), 1, 0.3)
    assert math.isclose(a.mean, b.mean, abs_tol=1e-12) and math.isclose(a.var, b.var, abs_tol=1e-12)


def test_exponential_mode_follows_an_improving_student_faster_than_exact_mode():
    stream = [[0.0] * 4] * 10 + [[1.0] * 4] * 5
    assert feed(stream, ema_alpha=0.3).mean > 0.8 > feed(stream).mean


def test_alpha_one_keeps_only_the_last_group():
    stats = feed([[0.0, 0.2], [0.5, 0.7]], ema_alpha=1.0)
    assert math.isclose(stats.mean, 0.6) and math.isclose(stats.var, 0.01)


def test_counts_and_last_step_are_updated():
    stats = merge_group(merge_group(TaskStats(), [1, 0, 1], 4), [0.5], 9)
    assert (stats.count, stats.groups, stats.last_step) == (4, 2, 9)


def test_empty_group_changes_nothing():
    stats = merge_group(TaskStats(), [0.5, 0.7], 1)
    assert merge_group(stats, [], 5) == stats
