"""Grid training data: augmentations, puzzle ids, split strategies, cache, batches."""

import numpy as np
import pytest

from data.augment import Augmentation
from data.errors import UserError
from data.loaders import find_task
from solvers.grid import dataset, encoding

POOL = ["74dd1130", "6150a2bd", "0d3d703e"]
EVAL = ["6ea4a07e", "4cd1b7b2"]


def config(tmp_path, **overrides):
    values = dict(tasks=POOL, eval_tasks=EVAL, canvas_side=6, num_augmentations=3, cache_dir=str(tmp_path))
    values.update(overrides)
    return dataset.GridDataConfig(**values)


def tasks_of(data, split):
    return {data.pairs[p].split("/")[0] for p in getattr(data, split).pair_ids}


def test_original_trains_on_eval_demonstrations_and_holds_out_their_tests(tmp_path):
    data = dataset.build(config(tmp_path))
    train_pairs = {data.pairs[p] for p in data.train.pair_ids}
    held_pairs = {data.pairs[p] for p in data.holdout.pair_ids}
    assert {p.split("/")[0] for p in held_pairs} == set(EVAL)
    assert all("/test/" in p for p in held_pairs)
    assert not held_pairs & train_pairs
    assert any(p.startswith(EVAL[0] + "/train/") for p in train_pairs)


def test_original_holdout_uses_the_puzzle_ids_learned_in_training(tmp_path):
    data = dataset.build(config(tmp_path))
    assert set(data.holdout.puzzle_ids) <= set(data.train.puzzle_ids)
    assert 0 not in set(data.holdout.puzzle_ids)


def test_clean_never_shows_an_eval_task(tmp_path):
    data = dataset.build(config(tmp_path, split_strategy="clean"))
    assert tasks_of(data, "train") == set(POOL)
    assert tasks_of(data, "holdout") == set(EVAL)
    assert set(data.holdout.puzzle_ids) == {0}


def test_leave_one_out_folds_partition_the_pool(tmp_path):
    held = []
    for fold in range(3):
        data = dataset.build(config(tmp_path, split_strategy="leave_one_out", folds=3, fold=fold))
        assert not tasks_of(data, "train") & tasks_of(data, "holdout")
        held += sorted(tasks_of(data, "holdout"))
    assert sorted(held) == sorted(POOL)


def test_every_task_gets_the_identity_and_n_augmentations(tmp_path):
    data = dataset.build(config(tmp_path, eval_split=""))
    views_per_task = {}
    for puzzle in data.puzzles[1:]:
        task_id, view = puzzle.split("|")
        views_per_task.setdefault(task_id, []).append(view)
    assert all(len(v) == 4 and v[0] == "id" for v in views_per_task.values())
    assert data.puzzles[0] == dataset.BLANK_PUZZLE


def test_augmented_rows_encode_the_augmented_grids(tmp_path):
    data = dataset.build(config(tmp_path, eval_split=""))
    row = int(np.flatnonzero(data.train.view_ids != data.views.index("id"))[0])
    task_id, part, index = data.pairs[data.train.pair_ids[row]].split("/")
    example = getattr(find_task(task_id), part)[int(index)]
    aug = Augmentation.parse(data.views[data.train.view_ids[row]])
    assert encoding.decode_grid(data.train.inputs[row], 6) == aug.grid(example.input)
    assert encoding.decode_grid(data.train.targets[row], 6) == aug.grid(example.output)


def test_translation_stays_on_a_small_canvas(tmp_path):
    data = dataset.build(config(tmp_path, eval_split="", max_translate=5, num_augmentations=6))
    for row in range(len(data.train)):
        assert encoding.decode_grid(data.train.targets[row], 6) is not None


def test_cache_is_reused_and_keyed_by_config(tmp_path):
    first = dataset.load_or_build(config(tmp_path))
    again = dataset.load_or_build(config(tmp_path))
    assert np.array_equal(first.train.inputs, again.train.inputs) and first.puzzles == again.puzzles
    assert config(tmp_path).fingerprint() != config(tmp_path, num_augmentations=4).fingerprint()
    assert len(list(tmp_path.iterdir())) == 1


def test_tasks_too_large_for_the_canvas_are_refused(tmp_path):
    with pytest.raises(UserError, match="larger than"):
        dataset.build(config(tmp_path, tasks=["007bbfb7"]))


def test_skip_oversized_leaves_out_only_the_tasks_that_do_not_fit(tmp_path):
    small = config(tmp_path).tasks[0]
    data = dataset.build(config(tmp_path, tasks=[small, "007bbfb7"], skip_oversized=True))
    assert small in tasks_of(data, "train") and "007bbfb7" not in tasks_of(data, "train")


def test_batches_cover_every_example_each_epoch():
    stream = dataset.batches(12, 4, seed=0)
    seen = np.concatenate([next(stream) for _ in range(3)])
    assert sorted(seen.tolist()) == list(range(12))


def test_batches_of_ranks_are_disjoint():
    stream0 = dataset.batches(12, 2, seed=0, rank=0, world_size=2)
    stream1 = dataset.batches(12, 2, seed=0, rank=1, world_size=2)
    first = np.concatenate([next(stream0) for _ in range(3)])
    second = np.concatenate([next(stream1) for _ in range(3)])
    assert len(first) == 6 and not set(first) & set(second)


def test_small_pool_still_fills_a_batch():
    assert len(next(dataset.batches(3, 8, seed=0))) == 8


def test_held_out_tasks_never_enter_the_training_pool(tmp_path):
    from data.splits import is_held_out

    data = dataset.build(config(tmp_path, tasks=["3c9b0459", *POOL], eval_split=""))
    assert is_held_out("3c9b0459") and tasks_of(data, "train") == set(POOL)
    allowed = dataset.build(config(tmp_path, tasks=["3c9b0459", *POOL], eval_split="", allow_held_out=True))
    assert "3c9b0459" in tasks_of(allowed, "train")


def test_a_task_evaluated_from_the_training_split_never_trains_its_test_pairs(tmp_path):
    data = dataset.build(config(tmp_path, tasks=None, max_tasks=3, eval_split="training", eval_tasks=[POOL[0]],
                                canvas_side=4, num_augmentations=1))
    held = {data.pairs[p] for p in data.holdout.pair_ids}
    trained = {data.pairs[p] for p in data.train.pair_ids}
    assert held and all(p.startswith(f"{POOL[0]}/test/") for p in held) and not held & trained
    assert POOL[0] not in data.info["train_tasks"]


def test_eval_held_out_only_evaluates_the_declared_held_out_training_tasks_of_the_size_class(tmp_path):
    from data.loaders import load_tasks
    from data.splits import is_held_out

    data = dataset.build(config(tmp_path, tasks=None, eval_tasks=None, eval_split="training", eval_held_out_only=True,
                                split_strategy="clean", canvas_side=4, num_augmentations=0))
    held, trained = tasks_of(data, "holdout"), set(data.info["train_tasks"])
    fitting = {t.id for t in load_tasks("arc-agi-1", "training") if dataset._task_side(t) <= 4}
    assert held == {t for t in fitting if is_held_out(t)} and held
    assert trained == fitting - held and not held & trained
    assert set(data.holdout.puzzle_ids) == {0}
    with pytest.raises(UserError, match="not held out"):
        dataset.build(config(tmp_path, eval_tasks=[POOL[0]], eval_split="training", eval_held_out_only=True))


def test_eval_held_out_only_leaves_existing_cache_keys_alone():
    assert dataset.GridDataConfig().fingerprint() == "710ce1942537b39a"  # the key before the option existed
    assert dataset.GridDataConfig(eval_held_out_only=True).fingerprint() != "710ce1942537b39a"
