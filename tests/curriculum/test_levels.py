"""Difficulty levels from a baseline reward table or an external rating."""

from collections import Counter

from curriculum import assign_levels


def test_higher_baseline_reward_means_an_easier_level():
    levels = assign_levels(["easy", "mid", "hard"], {"easy": 0.9, "mid": 0.4, "hard": 0.01}, num_levels=3)
    assert levels == {"easy": 0, "mid": 1, "hard": 2}


def test_higher_rating_means_a_harder_level():
    levels = assign_levels(["a", "b"], {"a": 7.0, "b": 1.0}, num_levels=2, source="rating")
    assert levels == {"a": 1, "b": 0}


def test_tasks_missing_from_the_table_or_never_rewarded_go_to_the_hardest_level():
    levels = assign_levels(["a", "b", "c"], {"a": 0.5, "b": 0.0}, num_levels=3)
    assert levels["b"] == levels["c"] == 2


def test_levels_have_equal_sizes():
    ids = [f"t{i}" for i in range(12)]
    levels = assign_levels(ids, {t: 1.0 / (i + 1) for i, t in enumerate(ids)}, num_levels=4)
    assert sorted(Counter(levels.values()).values()) == [3, 3, 3, 3]


def test_without_a_table_every_task_is_level_zero():
    assert set(assign_levels(["a", "b"], None, num_levels=3).values()) == {0}
