"""Building the GRPO dataset: write and edit rows, start programs, saved datasets, prompt filtering."""


import datasets
import pytest

from arc_dsl.solvers import load_solvers
from data import Example, Task, find_task
from data.errors import UserError
from editing.prompts import current_program
from grpo.data import build_dataset, edit_rows, examples_json, mutated_starts, prompt_filter, write_rows
from rewards import reward_programs

SOLVERS = load_solvers()
TASK_ID = sorted(SOLVERS)[0]
TASK = find_task(TASK_ID)


def test_write_rows_hold_the_original_then_each_augmentation():
    rows = write_rows([TASK], num_augmentations=2)
    assert [r["augmentation"] for r in rows][0] == "id" and len({r["augmentation"] for r in rows}) == 3


def test_rows_score_on_the_rows_own_augmented_pairs():
    rows = write_rows([TASK], num_augmentations=1)
    assert rows[0]["examples_json"] == examples_json(TASK) and rows[1]["examples_json"] != rows[0]["examples_json"]


def test_prompts_never_show_a_test_output():
    secret = ((9, 8, 7), (7, 8, 9))  # appears nowhere but in the test output
    task = Task("secret", (Example(((1, 2), (3, 4)), ((2, 1), (4, 3))),), (Example(((5, 5), (5, 5)), secret),))
    rows = write_rows([task], num_augmentations=0)
    assert all("987" not in m["content"] and "789" not in m["content"] for m in rows[0]["prompt"])


def test_mutated_starts_differ_from_the_reference_program():
    starts = mutated_starts([TASK], SOLVERS, per_task=3)[TASK_ID]
    assert starts and SOLVERS[TASK_ID] not in starts and len(set(starts)) == len(starts)


def test_edit_rows_carry_the_start_programs_reward():
    start = mutated_starts([TASK], SOLVERS, per_task=1)[TASK_ID][0]
    rows = edit_rows([TASK], {TASK_ID: [start]})
    expected = reward_programs([start], [TASK.train_inputs], [TASK.train_outputs])[0].total
    assert rows and rows[0]["start_reward"] == pytest.approx(expected)


def test_a_start_program_that_already_solves_is_dropped():
    assert edit_rows([TASK], {TASK_ID: [SOLVERS[TASK_ID]]}) == []


def test_edit_prompts_show_the_start_program():
    start = mutated_starts([TASK], SOLVERS, per_task=1)[TASK_ID][0]
    rows = edit_rows([TASK], {TASK_ID: [start]})
    assert current_program(rows[0]["prompt"]).strip() == start.strip()


def test_a_saved_prompt_dataset_gets_the_missing_columns(tmp_path):
    datasets.Dataset.from_list([{"prompt": [{"role": "user", "content": "x"}], "completion": [{"role": "assistant",
                                "content": "y"}], "task_id": "t", "examples_json": "[]"}]).save_to_disk(tmp_path / "d")
    dataset = build_dataset(str(tmp_path / "d"), task_mode="write")
    assert set(dataset.column_names) == {"prompt", "task_id", "examples_json", "augmentation", "mode",
                                         "start_program", "start_reward"}


def test_long_prompts_are_filtered_out(tiny_model):
    from transformers import AutoTokenizer

    keep = prompt_filter(AutoTokenizer.from_pretrained(tiny_model), 50)
    short, long = [{"prompt": [{"role": "user", "content": text}]} for text in ("hi", "7" * 200)]
    assert keep(short) and not keep(long)


def test_no_rows_is_a_user_error():
    with pytest.raises(UserError):
        build_dataset("arc-agi-1", task_ids=[TASK_ID], max_prompt_tokens=1,
                      tokenizer=type("T", (), {"apply_chat_template": lambda self, *a, **k: [0] * 5})())
