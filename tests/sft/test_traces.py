"""Loading the trace dataset, choosing evaluation rows, dropping over-long rows, finding checkpoints."""

import pytest

from data.errors import UserError
from sft.run_files import check_resume_compatible, last_complete_checkpoint
from sft.traces import drop_too_long, evaluation_rows, load_splits


def test_loads_the_exported_splits(trace_dataset):
    train, evaluation = load_splits(str(trace_dataset), "train", "eval")
    assert len(train) > 0 and len(evaluation) > 0


def test_missing_dataset_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="not found"):
        load_splits(str(tmp_path / "nothing"), "train", "eval")


def test_dataset_without_prompt_column_is_a_user_error(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"text": "hello"}\n')
    with pytest.raises(UserError, match="prompt"):
        load_splits(str(path), "train", "eval")


def test_missing_train_split_is_a_user_error(trace_dataset):
    with pytest.raises(UserError, match="no split"):
        load_splits(str(trace_dataset), "training", "eval")


def test_evaluation_rows_cover_every_task_before_repeating_one():
    rows = [{"task_id": task, "n": n} for task in "abc" for n in range(3)]
    chosen = evaluation_rows(rows, 4)
    assert [(r["task_id"], r["n"]) for r in chosen] == [("a", 0), ("b", 0), ("c", 0), ("a", 1)]


def test_rows_longer_than_max_length_are_dropped(trace_dataset, tiny_model):
    from transformers import AutoTokenizer

    from sft.traces import token_length

    train, _ = load_splits(str(trace_dataset), "train", "eval")
    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    lengths = sorted(token_length(tokenizer, row) for row in train)
    kept, dropped = drop_too_long(train, tokenizer, lengths[len(lengths) // 2])
    assert dropped == sum(n > lengths[len(lengths) // 2] for n in lengths) > 0 and len(kept) + dropped == len(train)


def test_resume_skips_a_checkpoint_killed_while_being_written(tmp_path):
    for step in (2, 4, 6):
        (tmp_path / f"checkpoint-{step}").mkdir()
    for step in (2, 4):
        (tmp_path / f"checkpoint-{step}" / "trainer_state.json").write_text("{}")
    assert last_complete_checkpoint(tmp_path) == str(tmp_path / "checkpoint-4")


def test_no_checkpoint_means_a_fresh_start(tmp_path):
    assert last_complete_checkpoint(tmp_path / "absent") is None


def _model_args(**overrides):
    from trl import ModelConfig

    return ModelConfig(**{"model_name_or_path": "embedded", "use_peft": True, "lora_r": 16, **overrides})


def test_resume_with_other_lora_settings_is_refused(tmp_path):
    import dataclasses
    import json

    (tmp_path / "run_config.json").write_text(json.dumps({"model": dataclasses.asdict(_model_args())}))
    check_resume_compatible(tmp_path, _model_args(), tmp_path / "checkpoint-4")  # same settings: fine
    check_resume_compatible(tmp_path, _model_args(lora_dropout=0.1), tmp_path / "checkpoint-4")  # not a weight shape
    with pytest.raises(UserError, match="lora_r: 16 -> 64"):
        check_resume_compatible(tmp_path, _model_args(lora_r=64), tmp_path / "checkpoint-4")
    check_resume_compatible(tmp_path, _model_args(lora_r=64), None)  # nothing to resume: nothing to check
