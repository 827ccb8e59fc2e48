"""Bad ARC data raises DataError naming the file, task, example and field."""

import json

import pytest

from data import DataError, load_task_file, load_tasks
from data.grid import validate_grid


def _set(raw: dict, part: str, index: int, key: str, value) -> dict:
    raw[part][index][key] = value
    return raw


# (mutation of the valid task, example named, field named, words the message must contain)
BAD_GRIDS = {
    "colour 10": (lambda r: _set(r, "train", 0, "input", [[0, 10], [5, 0]]), "train[0]", "input", "outside 0-9"),
    "negative colour": (lambda r: _set(r, "test", 0, "output", [[-1], [0]]), "test[0]", "output", "outside 0-9"),
    "float cell": (lambda r: _set(r, "train", 1, "input", [[5, 1.5, 0]]), "train[1]", "input", "not an int"),
    "string cell": (lambda r: _set(r, "train", 1, "output", [["1", 1, 0]]), "train[1]", "output", "not an int"),
    "bool cell": (lambda r: _set(r, "train", 0, "output", [[True, 1], [1, 0]]), "train[0]", "output", "not an int"),
    "ragged rows": (lambda r: _set(r, "train", 1, "output", [[1, 1, 0], [1, 1]]), "train[1]", "output", "ragged"),
    "empty grid": (lambda r: _set(r, "train", 0, "input", []), "train[0]", "input", "non-empty"),
    "empty row": (lambda r: _set(r, "test", 0, "input", [[]]), "test[0]", "input", "non-empty"),
    "31 rows": (lambda r: _set(r, "train", 0, "input", [[0]] * 31), "train[0]", "input", "31 rows"),
    "31 columns": (lambda r: _set(r, "train", 0, "output", [[0] * 31]), "train[0]", "output", "31 columns"),
    "grid not a list": (lambda r: _set(r, "train", 0, "input", "0101"), "train[0]", "input", "non-empty list"),
    "missing input": (lambda r: r["train"][1].pop("input") and r, "train[1]", "input", "missing key 'input'"),
    "missing output": (lambda r: r["train"][0].pop("output") and r, "train[0]", "output", "missing key 'output'"),
}


@pytest.mark.parametrize("case", sorted(BAD_GRIDS))
def test_bad_example_names_file_task_example_and_field(case, tmp_path, valid_task, write_json):
    mutate, example, field, words = BAD_GRIDS[case]
    path = write_json(tmp_path / "t1.json", mutate(valid_task))
    with pytest.raises(DataError) as caught:
        load_task_file(path)
    error = caught.value
    assert (error.file, error.task, error.example, error.field) == (str(path), "t1", example, field)
    message = str(error)
    assert all(part in message for part in (str(path), "task t1", f"example {example}", f"field {field}", words))


@pytest.mark.parametrize("key", ["train", "test"])
def test_missing_top_level_key_names_the_key(key, tmp_path, valid_task, write_json):
    del valid_task[key]
    path = write_json(tmp_path / "t2.json", valid_task)
    with pytest.raises(DataError) as caught:
        load_task_file(path)
    assert (caught.value.file, caught.value.task, caught.value.field) == (str(path), "t2", key)


def test_empty_example_list_is_rejected(tmp_path, valid_task, write_json):
    valid_task["train"] = []
    with pytest.raises(DataError, match="'train' must be a non-empty list"):
        load_task_file(write_json(tmp_path / "t.json", valid_task))


def test_example_that_is_not_an_object_is_rejected(tmp_path, valid_task, write_json):
    valid_task["test"] = [[[1]]]
    with pytest.raises(DataError) as caught:
        load_task_file(write_json(tmp_path / "t.json", valid_task))
    assert caught.value.example == "test[0]"


def test_malformed_json_names_file_and_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"train": [\n{"input": [[1]], "output": [[1]]},\n')
    with pytest.raises(DataError) as caught:
        load_task_file(path)
    assert caught.value.file == str(path)
    assert "malformed JSON" in str(caught.value) and "line 3" in str(caught.value)


def test_non_utf8_file_is_a_data_error(tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"train": "\xe9"}')
    with pytest.raises(DataError, match="not UTF-8"):
        load_task_file(path)


def test_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_task_file(tmp_path / "absent.json")


def test_folder_error_names_the_bad_file(task_folder, valid_task, write_json):
    valid_task["train"][0]["input"] = [[0, 1], [2]]
    bad = write_json(task_folder / "bad.json", valid_task)
    with pytest.raises(DataError) as caught:
        load_tasks(str(task_folder))
    assert (caught.value.file, caught.value.task) == (str(bad), "bad")


def test_kaggle_challenge_error_names_the_task_key(tmp_path, valid_task, write_json):
    valid_task["train"][1]["input"] = [[5, 12, 0]]
    path = write_json(tmp_path / "challenges.json", {"k1": valid_task})
    with pytest.raises(DataError) as caught:
        load_tasks(str(path))
    assert (caught.value.file, caught.value.task, caught.value.example, caught.value.field) == (
        str(path), "k1", "train[1]", "input")


def test_bad_kaggle_solution_names_the_solutions_file(tmp_path, valid_task, write_json):
    del valid_task["test"][0]["output"]
    challenges = write_json(tmp_path / "challenges.json", {"k1": valid_task})
    solutions = write_json(tmp_path / "solutions.json", {"k1": [[[1], [1, 0]]]})
    with pytest.raises(DataError) as caught:
        load_tasks(str(challenges), solutions=solutions)
    assert (caught.value.file, caught.value.task, caught.value.example, caught.value.field) == (
        str(solutions), "k1", "test[0]", "output")


def test_solutions_count_mismatch_is_rejected(tmp_path, valid_task, write_json):
    challenges = write_json(tmp_path / "challenges.json", {"k1": valid_task})
    solutions = write_json(tmp_path / "solutions.json", {"k1": [[[1]], [[2]]]})
    with pytest.raises(DataError, match="number of test inputs"):
        load_tasks(str(challenges), solutions=solutions)


def test_test_output_may_be_absent(tmp_path, valid_task, write_json):
    del valid_task["test"][0]["output"]
    task = load_task_file(write_json(tmp_path / "t.json", valid_task))
    assert task.test[0].output is None and not task.has_test_outputs


def test_numpy_grid_is_accepted():
    import numpy as np

    assert validate_grid(np.array([[1, 2], [3, 4]])) == ((1, 2), (3, 4))


def test_error_message_is_one_line(tmp_path, valid_task, write_json):
    valid_task["train"][0]["input"] = [[0, "x\ny"], [5, 0]]
    with pytest.raises(DataError) as caught:
        load_task_file(write_json(tmp_path / "t.json", valid_task))
    assert "\n" not in str(caught.value)
    assert json.dumps("x\ny")[1:-1] in str(caught.value)  # the cell is shown escaped
