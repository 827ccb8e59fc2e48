"""Loading ARC tasks from the built-in datasets, folders, task files and Kaggle files."""

import pytest

from data import UserError, find_task, load_tasks
from data.loaders import dataset_splits


@pytest.mark.parametrize(("dataset", "split", "count"), [
    ("arc-agi-1", "training", 400), ("arc-agi-1", "evaluation", 400),
    ("arc-agi-2", "training", 1000), ("arc-agi-2", "evaluation", 120),
])
def test_builtin_datasets_have_their_published_sizes(dataset, split, count):
    assert len(load_tasks(dataset, split)) == count


def test_builtin_tasks_carry_dataset_split_and_test_outputs():
    tasks = load_tasks("arc-agi-1", "eval", limit=5)
    assert all(t.dataset == "arc-agi-1" and t.split == "evaluation" and t.has_test_outputs for t in tasks)


def test_unknown_split_is_a_user_error():
    with pytest.raises(UserError, match="unknown split"):
        load_tasks("arc-agi-1", "dev")


def test_unknown_dataset_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="unknown dataset"):
        load_tasks(str(tmp_path / "nowhere"))


def test_ids_keep_the_given_order():
    tasks = load_tasks("arc-agi-1", ids=["0a938d79", "007bbfb7"])
    assert [t.id for t in tasks] == ["0a938d79", "007bbfb7"]


def test_unknown_id_is_a_user_error():
    with pytest.raises(UserError, match="not-a-task"):
        load_tasks("arc-agi-1", ids=["not-a-task"])


def test_folder_loads_every_file_sorted(task_folder):
    tasks = load_tasks(str(task_folder))
    assert [t.id for t in tasks] == ["aaa", "bbb", "ccc"]
    assert tasks[1].train[0].output == ((0, 2), (2, 0))


def test_folder_with_split_subfolders_reads_the_named_split(tmp_path, valid_task, write_json):
    for split in ("training", "evaluation"):
        (tmp_path / split).mkdir()
        write_json(tmp_path / split / f"{split}-task.json", valid_task)
    assert [t.id for t in load_tasks(str(tmp_path), "eval")] == ["evaluation-task"]
    assert dataset_splits(str(tmp_path)) == ["training", "evaluation"]


def test_empty_folder_is_a_data_error(tmp_path):
    with pytest.raises(UserError, match="no \\*.json"):
        load_tasks(str(tmp_path))


def test_single_task_file_uses_its_stem_as_id(tmp_path, valid_task, write_json):
    [task] = load_tasks(str(write_json(tmp_path / "abc123.json", valid_task)))
    assert task.id == "abc123" and len(task.train) == 2


def test_kaggle_file_with_test_listed_first_is_read_as_kaggle(tmp_path, valid_task, write_json):
    # Kaggle challenge files put "test" before "train" inside each task: the first bytes look like a task.
    reordered = {"test": valid_task["test"], "train": valid_task["train"]}
    path = write_json(tmp_path / "challenges.json", {"t2": reordered, "t1": reordered})
    assert [t.id for t in load_tasks(str(path))] == ["t1", "t2"]


def test_kaggle_solutions_fill_test_outputs(tmp_path, valid_task, write_json):
    del valid_task["test"][0]["output"]
    challenges = write_json(tmp_path / "challenges.json", {"k1": valid_task})
    solutions = write_json(tmp_path / "answers.json", {"k1": [[[7], [0]]]})
    assert load_tasks(str(challenges))[0].test[0].output is None
    assert load_tasks(str(challenges), solutions=solutions)[0].test[0].output == ((7,), (0,))


def test_find_task_searches_both_splits():
    assert find_task("00576224").split == "evaluation"


def test_find_task_unknown_id_is_a_user_error():
    with pytest.raises(UserError, match="not found"):
        find_task("ffffffff", "arc-agi-2")


def test_without_test_outputs_hides_answers_and_keeps_meta():
    task = find_task("007bbfb7")
    task = type(task)(task.id, task.train, task.test, task.dataset, task.split, (("augmentation", "id"),))
    hidden = task.without_test_outputs()
    assert all(e.output is None for e in hidden.test) and hidden.meta_value("augmentation") == "id"


def test_to_json_round_trips():
    task = find_task("007bbfb7")
    again = type(task).from_json(task.id, task.to_json(), dataset=task.dataset, split=task.split)
    assert again == task


def test_a_kaggle_challenges_file_finds_the_solutions_beside_it(tmp_path):
    import json

    from data import load_tasks

    task = {"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[3]]}]}
    (tmp_path / "arc-agi_test_challenges.json").write_text(json.dumps({"abc": task, "def": task}))
    without = load_tasks(str(tmp_path / "arc-agi_test_challenges.json"), None)
    assert all(example.output is None for t in without for example in t.test)
    (tmp_path / "arc-agi_test_solutions.json").write_text(json.dumps({"abc": [[[4]]], "def": [[[5]]]}))
    found = load_tasks(str(tmp_path / "arc-agi_test_challenges.json"), None)
    assert {t.id: t.test[0].output for t in found} == {"abc": ((4,),), "def": ((5,),)}
