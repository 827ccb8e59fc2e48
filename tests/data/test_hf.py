"""Hugging Face datasets of ARC tasks: rows, augmentation records, save/load, and the Hub push guard."""

import datasets
import pytest

from data import UserError, load_tasks
from data.augment import Augmentation
from data.hf import COLUMNS, save_dataset, task_augmentations, tasks_to_dataset_dict


@pytest.fixture(scope="module")
def tasks():
    return load_tasks("arc-agi-1", "training", limit=6)


@pytest.fixture(scope="module")
def built(tasks):
    return tasks_to_dataset_dict({"training": tasks}, augment=4, seed=3)


def test_one_row_per_task_and_augmentation_identity_included(built, tasks):
    rows = built["training"]
    assert rows.num_rows == len(tasks) * 5
    assert rows["augmentation"][::5] == ["id"] * len(tasks)


def test_columns_are_the_documented_ones(built):
    assert tuple(built["training"].column_names) == COLUMNS


def test_each_task_gets_distinct_augmentations(built):
    names = built["training"]["augmentation"]
    assert all(len(set(names[i:i + 5])) == 5 for i in range(0, len(names), 5))


def test_inverting_a_row_recovers_the_original_task(built, tasks):
    from data.hf import dataset_to_tasks

    originals = {task.id: task for task in tasks}
    for row_task in dataset_to_tasks(built["training"]):
        aug = Augmentation.parse(row_task.meta_value("augmentation"))
        restored = aug.invert_task(row_task)
        assert restored == originals[row_task.id]


def test_augmentations_depend_only_on_seed_and_task_id(tasks):
    alone = tasks_to_dataset_dict({"x": tasks[3:4]}, augment=4, seed=3)["x"]["augmentation"]
    assert alone == [a.name for a in task_augmentations(tasks[3], 4, 3)]
    assert alone != [a.name for a in task_augmentations(tasks[3], 4, 4)]


def test_permuting_background_and_translation_are_recorded(tasks):
    rows = tasks_to_dataset_dict({"x": tasks[:2]}, augment=6, keep_background=False, max_translate=3)["x"]
    augs = [Augmentation.parse(name) for name in rows["augmentation"]]
    assert any(a.colours[0] != 0 for a in augs) and any(a.translate != (0, 0) for a in augs)


def test_hidden_test_outputs_are_stored_as_none(tasks):
    rows = tasks_to_dataset_dict({"x": [tasks[0].without_test_outputs()]})["x"]
    assert rows[0]["test"][0]["output"] is None


def test_negative_augment_is_a_user_error(tasks):
    with pytest.raises(UserError):
        tasks_to_dataset_dict({"x": tasks}, augment=-1)


def test_saved_dataset_opens_with_load_from_disk(built, tmp_path):
    save_dataset(built, tmp_path / "ds")
    loaded = datasets.load_from_disk(str(tmp_path / "ds"))
    assert loaded["training"]["augmentation"] == built["training"]["augmentation"]


def test_load_tasks_reads_a_saved_dataset_back(built, tasks, tmp_path):
    save_dataset(built, tmp_path / "ds")
    assert len(load_tasks(str(tmp_path / "ds"), "training")) == len(tasks) * 5
    assert load_tasks(str(tmp_path / "ds"), "train", identity_only=True) == tasks


def test_saved_dataset_unknown_split_is_a_user_error(built, tmp_path):
    two = datasets.DatasetDict({"training": built["training"], "evaluation": built["training"]})
    save_dataset(two, tmp_path / "ds")
    with pytest.raises(UserError, match="has: training, evaluation"):
        load_tasks(str(tmp_path / "ds"), "test")


def test_existing_output_is_kept_without_overwrite(built, tmp_path):
    out = tmp_path / "ds"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(UserError, match="already exists"):
        save_dataset(built, out)
    assert (out / "keep.txt").read_text() == "mine"


def test_overwrite_replaces_the_folder(built, tmp_path):
    out = tmp_path / "ds"
    out.mkdir()
    (out / "old.txt").write_text("old")
    save_dataset(built, out, overwrite=True)
    assert not (out / "old.txt").exists() and (out / "dataset_dict.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds"]


def test_offline_push_is_refused_before_anything_is_written(built, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(UserError, match="offline"):
        save_dataset(built, tmp_path / "ds", push_to_hub="someone/arc")
    assert list(tmp_path.iterdir()) == []


def test_failed_push_leaves_nothing_behind(built, tmp_path, monkeypatch):
    def unreachable(self, repo_id, **kwargs):
        raise ConnectionError("Name or service not known\nmore detail")

    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(datasets.DatasetDict, "push_to_hub", unreachable)
    with pytest.raises(UserError) as caught:
        save_dataset(built, tmp_path / "ds", push_to_hub="someone/arc")
    assert "\n" not in str(caught.value) and "someone/arc" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_successful_push_sends_the_built_dataset(built, tmp_path, monkeypatch):
    pushed = {}

    def record(self, repo_id, **kwargs):
        pushed[repo_id] = self["training"].num_rows

    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(datasets.DatasetDict, "push_to_hub", record)
    save_dataset(built, tmp_path / "ds", push_to_hub="someone/arc")
    assert pushed == {"someone/arc": built["training"].num_rows} and (tmp_path / "ds").is_dir()
