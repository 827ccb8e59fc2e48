"""The seeded sampling policy."""

from curriculum import CurriculumConfig, draw, initial_state, observe

CONFIG = CurriculumConfig()
IDS = [f"t{i:02d}" for i in range(20)]


def state(seed=0):
    return initial_state(dict.fromkeys(IDS, 0), CONFIG, seed=seed)


def test_same_state_draws_the_same_batch():
    assert draw(state(), 5, CONFIG)[0] == draw(state(), 5, CONFIG)[0]


def test_draw_advances_the_stream():
    first, after = draw(state(), 5, CONFIG)
    assert draw(after, 5, CONFIG)[0] != first


def test_different_seeds_draw_different_batches():
    assert draw(state(0), 5, CONFIG)[0] != draw(state(1), 5, CONFIG)[0]


def test_a_batch_holds_distinct_tasks_when_enough_are_open():
    batch, _ = draw(state(), 10, CONFIG)
    assert len(set(batch)) == 10


def test_a_small_pool_fills_the_batch_with_repeats():
    small = initial_state({"a": 0, "b": 0}, CONFIG)
    batch, _ = draw(small, 5, CONFIG)
    assert len(batch) == 5 and set(batch) == {"a", "b"}


def test_an_exhausted_curriculum_still_draws_every_task():
    config = CurriculumConfig(saturate_min_groups=1)
    done = observe(initial_state({"a": 0, "b": 0}, config), [("a", [1.0]), ("b", [1.0])], 1, config)
    seen = set()
    for _ in range(20):
        batch, done = draw(done, 1, config)
        seen.update(batch)
    assert seen == {"a", "b"}


def test_resuming_from_a_saved_draw_counter_continues_the_sequence():
    s = state()
    for _ in range(3):
        _, s = draw(s, 4, CONFIG)
    restored = type(s).from_json(s.to_json())
    assert draw(restored, 4, CONFIG)[0] == draw(s, 4, CONFIG)[0]
