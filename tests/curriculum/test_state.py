"""Curriculum state transitions on synthetic reward streams."""

from collections import Counter

import pytest

from curriculum import CurriculumConfig, draw, initial_state, needs_augmentation, observe

CONFIG = CurriculumConfig(saturate_mean=0.8, saturate_max_std=0.15, saturate_min_groups=3, hard_mean=0.05,
                          hard_min_groups=2)


def stream(state, task_id, groups, config=CONFIG, start=1):
    for step, group in enumerate(groups, start=start):
        state = observe(state, [(task_id, group)], step, config)
    return state


def one_level(*ids, config=CONFIG):
    return initial_state(dict.fromkeys(ids, 0), config)


def test_a_fresh_task_is_new():
    assert one_level("a").tasks["a"].status == "new"


def test_consistently_high_reward_saturates_after_min_groups():
    state = stream(one_level("a"), "a", [[0.9, 1.0, 0.95]] * 3)
    assert state.tasks["a"].status == "saturated"


def test_high_reward_does_not_saturate_before_min_groups():
    state = stream(one_level("a"), "a", [[0.9, 1.0, 0.95]] * 2)
    assert state.tasks["a"].status == "active"


def test_high_mean_with_high_variance_does_not_saturate():
    state = stream(one_level("a"), "a", [[1.0, 1.0, 1.0, 0.4]] * 5)
    assert state.tasks["a"].status == "active"


def test_near_zero_reward_marks_a_task_hard():
    state = stream(one_level("a"), "a", [[0.0, 0.02, 0.0]] * 2)
    assert state.tasks["a"].status == "hard"


def test_hard_tasks_are_flagged_for_augmentation():
    state = stream(one_level("a", "b"), "a", [[0.0] * 4] * 2)
    assert needs_augmentation(state, "a") and not needs_augmentation(state, "b")


def test_saturated_tasks_are_never_drawn():
    state = stream(one_level("a", "b", "c"), "a", [[1.0] * 4] * 3)
    drawn = set()
    for _ in range(50):
        batch, state = draw(state, 2, CONFIG)
        drawn.update(batch)
    assert drawn == {"b", "c"}


def test_hard_tasks_are_drawn_more_often_than_active_ones():
    state = one_level(*"abcdef")
    state = stream(state, "a", [[0.0] * 4] * 2)
    for task in "bcdef":
        state = stream(state, task, [[0.5, 0.3]] * 2)
    counts = Counter()
    for _ in range(600):
        batch, state = draw(state, 1, CONFIG)
        counts.update(batch)
    assert counts["a"] > 2 * max(counts[t] for t in "bcdef")


def test_next_level_is_locked_until_the_current_level_saturates():
    state = initial_state({"a": 0, "b": 0, "c": 1}, CurriculumConfig(num_levels=2, saturate_min_groups=3))
    state = stream(state, "a", [[1.0] * 4] * 3, CurriculumConfig(num_levels=2, saturate_min_groups=3))
    assert state.tasks["c"].status == "locked" and state.open_levels == 1


def test_next_level_opens_when_the_current_level_saturates():
    config = CurriculumConfig(num_levels=2, saturate_min_groups=3)
    state = initial_state({"a": 0, "b": 0, "c": 1}, config)
    state = stream(state, "a", [[1.0] * 4] * 3, config)
    state = stream(state, "b", [[1.0] * 4] * 3, config, start=10)
    assert state.open_levels == 2 and state.tasks["c"].status == "new"


def test_open_fraction_opens_a_mostly_saturated_level():
    config = CurriculumConfig(num_levels=2, open_fraction=0.5, saturate_min_groups=3)
    state = initial_state({"a": 0, "b": 0, "c": 1}, config)
    state = stream(state, "a", [[1.0] * 4] * 3, config)
    assert state.open_levels == 2


def test_an_improving_task_moves_from_hard_to_active_to_saturated_in_the_event_log():
    config = CurriculumConfig(ema_alpha=0.5, saturate_min_groups=3, hard_min_groups=2)
    state = stream(one_level("a", config=config), "a", [[0.0] * 4] * 3 + [[0.5] * 4] * 2 + [[1.0] * 4] * 6,
                   config)
    path = [(e["from"], e["to"]) for e in state.events if e.get("task") == "a"]
    assert path == [("new", "active"), ("active", "hard"), ("hard", "active"), ("active", "saturated")]


def test_a_revisited_saturated_task_that_is_forgotten_becomes_active_again():
    config = CurriculumConfig(ema_alpha=0.5, saturated_weight=0.1)
    state = stream(one_level("a", config=config), "a", [[1.0] * 4] * 3 + [[0.2] * 4] * 2, config)
    assert state.tasks["a"].status == "active"


def test_unknown_task_ids_are_ignored():
    state = one_level("a")
    assert observe(state, [("zzz", [1.0])], 1, CONFIG).tasks == state.tasks


def test_last_seen_step_is_recorded():
    state = stream(one_level("a", "b"), "a", [[0.5]] * 4)
    assert (state.tasks["a"].last_step, state.tasks["b"].last_step) == (4, -1)


def test_levels_outside_the_configured_range_are_rejected():
    with pytest.raises(ValueError):
        initial_state({"a": 3}, CurriculumConfig(num_levels=2))
