"""The sampler seam, the curriculum callback, the reward clock and checkpoint discovery."""

import json
from collections import Counter
from types import SimpleNamespace

import curriculum as cur
from grpo.hooks import (
    STATE_FILE,
    CurriculumCallback,
    CurriculumSampler,
    LiveCurriculum,
    RewardClock,
    resumable_checkpoint,
    task_rows,
)

CONFIG = cur.CurriculumConfig(saturate_min_groups=1, hard_min_groups=1)


def live(*ids):
    return LiveCurriculum(cur.initial_state(dict.fromkeys(ids, 0), CONFIG), CONFIG)


def sampler(state, rows=None, **kw):
    rows = rows or {t: ([i], []) for i, t in enumerate(sorted(state.state.tasks))}
    args = {"mini_repeat_count": 3, "batch_size": 2, "repeat_count": 2, "chunks_per_epoch": 4, **kw}
    return CurriculumSampler(rows, state, **args)


def test_indices_follow_trls_repeat_layout():
    indices = list(sampler(live("a", "b", "c", "d")))
    chunk = indices[:12]  # 2 prompts x 3 generations, repeated twice
    assert chunk[:6] == chunk[6:] and chunk[:3] == [chunk[0]] * 3 and chunk[3:6] == [chunk[3]] * 3


def test_length_matches_what_is_yielded():
    s = sampler(live("a", "b", "c", "d"))
    assert len(list(s)) == len(s)


def test_each_chunk_draws_distinct_prompts():
    indices = list(sampler(live("a", "b", "c", "d")))
    assert all(indices[i] != indices[i + 3] for i in range(0, len(indices), 12))


def test_saturated_tasks_leave_the_stream():
    state = live("a", "b", "c")
    state.observe([("a", [1.0, 1.0])], step=1)
    rows = {"a": ([0], []), "b": ([1], []), "c": ([2], [])}
    assert 0 not in set(sampler(state, rows))


def test_hard_tasks_are_served_augmented_rows():
    state = live("a", "b")
    state.observe([("a", [0.0, 0.0])], step=1)
    rows = {"a": ([0], [10, 11]), "b": ([1], [12])}
    served = Counter(sampler(state, rows, chunks_per_epoch=20))
    assert served[0] == 0 and served[10] + served[11] > 0 and served[12] == 0


def test_draws_made_by_the_sampler_advance_the_saved_counter():
    state = live("a", "b", "c", "d")
    list(sampler(state, chunks_per_epoch=3))
    assert state.state.draws == 3


def test_task_rows_separates_original_and_augmented_rows():
    rows = task_rows(["a", "a", "b", "a"], ["id", "d1.c0123456789.t0x0", "id", "id"])
    assert rows == {"a": ([0, 3], [1]), "b": ([2], [])}


def test_callback_writes_the_state_into_the_checkpoint_and_output_dir(tmp_path):
    state = live("a")
    state.observe([("a", [0.5])], step=3)
    args, trainer_state = SimpleNamespace(output_dir=str(tmp_path)), SimpleNamespace(global_step=3,
                                                                                     is_world_process_zero=True)
    (tmp_path / "checkpoint-3").mkdir()
    CurriculumCallback(state).on_save(args, trainer_state, None)
    saved = [cur.load_state(p) for p in (tmp_path / "checkpoint-3" / STATE_FILE, tmp_path / STATE_FILE)]
    assert saved == [state.state, state.state]


def test_resume_skips_a_checkpoint_killed_before_its_curriculum_was_saved(tmp_path):
    for step, files in ((2, ["trainer_state.json", STATE_FILE]), (4, ["trainer_state.json"])):
        folder = tmp_path / f"checkpoint-{step}"
        folder.mkdir()
        for name in files:
            (folder / name).write_text(json.dumps({}))
    assert resumable_checkpoint(tmp_path, need_curriculum=True) == tmp_path / "checkpoint-2"


def test_resume_takes_the_newest_checkpoint_by_step_number(tmp_path):
    for step in (9, 10):
        (tmp_path / f"checkpoint-{step}").mkdir()
        (tmp_path / f"checkpoint-{step}" / "trainer_state.json").write_text("{}")
    assert resumable_checkpoint(tmp_path, need_curriculum=False) == tmp_path / "checkpoint-10"


def test_reward_share_covers_the_steps_completed_since_the_last_report():
    clock = RewardClock()
    clock.add_reward(0.5)
    clock.end_step(10.0)
    clock.add_reward(1.0)
    clock.end_step(10.0)
    assert clock.share_since_last_report() == 1.5 / 20.0 and clock.share_since_last_report() is None


def test_step_time_splits_into_generation_reward_and_the_rest():
    clock = RewardClock()
    clock.add_generation(6.0)
    clock.add_reward(1.0)
    clock.end_step(10.0)
    clock.add_generation(100.0)  # a step in progress is not counted
    totals = clock.totals()
    assert (totals["generation_share"], totals["reward_share"], totals["rest_share"]) == (0.6, 0.1, 0.3)
