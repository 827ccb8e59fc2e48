"""Export to a Hugging Face dataset: format, train = training tasks, eval = held-out tasks, re-rendered prompts,
accepted by SFTTrainer."""

import asyncio
import json

import pytest

from arc_dsl.solvers import load_solvers
from data.errors import UserError
from data.loaders import load_tasks
from data.splits import is_held_out
from editing.prompts import current_program
from rewards import extract_program
from sampler.backends import get_backend
from sampler.config import SampleConfig
from sampler.export import build_dataset, export, training_records
from sampler.loop import run_sampling
from sampler.store import TraceStore, read_traces

COLUMNS = {"prompt", "completion", "task_id", "examples_json", "mode", "start_program", "start_reward"}


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    config = SampleConfig(style="full", few_shot=1, samples=4, rounds=2, parents=2, edits=2, hindsight=1,
                          out=str(folder))
    tasks = load_tasks("arc-agi-1", "training", ids=sorted(load_solvers())[:6])
    backend = get_backend("offline", **config.backend_options())
    asyncio.run(run_sampling(tasks, backend, config, TraceStore(folder)))
    return folder


@pytest.fixture(scope="module")
def dataset(run_folder, tmp_path_factory):
    from datasets import load_from_disk

    out = tmp_path_factory.mktemp("dataset")
    export(run_folder, out, held_out_tasks=3, held_out_starts=2, style="compact")
    return load_from_disk(str(out))


def test_load_from_disk_opens_train_and_eval(dataset):
    assert set(dataset) == {"train", "eval"} and len(dataset["train"]) and len(dataset["eval"])


def test_columns(dataset):
    assert COLUMNS <= set(dataset["train"].column_names)


def test_no_task_in_both_splits(dataset):
    assert not set(dataset["train"]["source_task_id"]) & set(dataset["eval"]["source_task_id"])


def test_completion_is_think_then_fenced_program(dataset, run_folder):
    """A write prompt is answered with the whole program, a compact edit prompt with the line edits that turn
    its start program into the trace's child program."""
    children = {record["id"]: record["child_program"] for record in read_traces(run_folder)}
    kinds = set()
    for row in dataset["train"]:
        [message] = row["completion"]
        assert message["role"] == "assistant" and message["content"].startswith("<think>\n")
        assert message["content"].endswith("```")
        if row["mode"] == "edit":
            assert "</think>\n\n```edit\n" in message["content"]
            child = children[row["trace_id"]]
            assert extract_program(message["content"], row["start_program"]).strip() == child.strip() != row["start_program"].strip()
        else:
            assert "</think>\n\n```python\nfrom arc_dsl import *" in message["content"]
        kinds.add(row["mode"])
    assert kinds == {"write", "edit"}


def test_prompt_is_a_conversation(dataset):
    assert [m["role"] for m in dataset["train"][0]["prompt"]] == ["system", "user"]


def test_compact_style_re_renders_full_prompts(dataset, run_folder):
    recorded = read_traces(run_folder)[0]["prompt"][0]["content"]
    assert "DSL reference" in recorded and "DSL reference" not in dataset["train"][0]["prompt"][0]["content"]


def test_edit_rows_carry_their_start_program_and_reward(dataset):
    edits = [row for row in dataset["train"] if row["mode"] == "edit"]
    assert edits and all(current_program(row["prompt"]) == row["start_program"].strip("\n") + "\n" for row in edits)
    assert all(row["start_reward"] + row["delta"] == pytest.approx(row["child_reward"], abs=1e-5) for row in edits)


def test_examples_json_holds_the_demonstration_pairs(dataset):
    row = dataset["train"][0]
    pairs = json.loads(row["examples_json"])
    task_id = row["source_task_id"]
    if row["task_id"] == task_id:
        task = load_tasks("arc-agi-1", "training", ids=[task_id])[0]
        assert pairs == task.to_json()["train"]


def test_hindsight_rows_stay_with_their_source_task(dataset):
    for split in dataset.values():
        for row in split:
            assert row["task_id"].split("~")[0] == row["source_task_id"]


def test_train_split_holds_no_held_out_task(dataset, run_folder):
    sampled = {r["source_task_id"] or r["task_id"] for r in read_traces(run_folder)}
    assert any(is_held_out(t) for t in sampled)  # the fixture sampled a held-out task on purpose ...
    assert not any(is_held_out(t) for t in dataset["train"]["source_task_id"])  # ... and the export dropped it


def test_eval_split_is_edit_prompts_of_held_out_tasks_with_their_test_pairs(dataset):
    rows = dataset["eval"]
    assert len(set(rows["task_id"])) == 3 and all(is_held_out(t) for t in rows["task_id"])
    for row in rows:
        task = load_tasks("arc-agi-1", "training", ids=[row["task_id"]])[0]
        assert row["mode"] == "edit" and current_program(row["prompt"]) == row["start_program"].strip("\n") + "\n"
        assert json.loads(row["test_json"]) == task.to_json()["test"]
        assert json.dumps(task.to_json()["test"][0]["output"]) not in row["prompt"][-1]["content"]


def test_training_records_keep_held_out_tasks_only_when_allowed():
    records = [{"task_id": "3c9b0459"}, {"task_id": "007bbfb7"}, {"task_id": "3c9b0459~hindsight",
                                                                "source_task_id": "3c9b0459"}]
    assert [r["task_id"] for r in training_records(records)] == ["007bbfb7"]
    assert training_records(records, allow_held_out=True) == records


def test_no_traces_is_a_user_error():
    with pytest.raises(UserError):
        build_dataset([])


def test_sft_trainer_accepts_the_dataset(dataset, char_model, tmp_path):
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    args = SFTConfig(output_dir=str(tmp_path), max_steps=1, per_device_train_batch_size=2, report_to="none",
                     max_length=4096, logging_steps=1, save_strategy="no", use_cpu=True, dataloader_num_workers=0)
    trainer = SFTTrainer(model=AutoModelForCausalLM.from_pretrained(char_model), args=args,
                         train_dataset=dataset["train"], processing_class=AutoTokenizer.from_pretrained(char_model))
    result = trainer.train()
    row = trainer.train_dataset[0]
    # The loss is on the completion only: prompt tokens are masked out of the labels (-100).
    assert result.global_step == 1 and -100 in row["labels"] and any(label != -100 for label in row["labels"])


def test_a_push_while_offline_is_refused_before_anything_is_written(run_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(UserError, match="offline"):
        export(run_folder, tmp_path / "ds", held_out_tasks=0, push_to_hub="someone/traces")
    assert not (tmp_path / "ds").exists()


def test_a_failed_push_leaves_the_earlier_export_in_place(run_folder, tmp_path, monkeypatch):
    import datasets

    export(run_folder, tmp_path / "ds", held_out_tasks=0)
    before = (tmp_path / "ds" / "dataset_dict.json").read_text()
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")

    def unreachable(self, repo_id, private):
        assert private  # private unless asked otherwise, as with arc-data build
        raise ConnectionError("no network")

    monkeypatch.setattr(datasets.DatasetDict, "push_to_hub", unreachable)
    with pytest.raises(UserError, match="push to the Hub repo someone/traces failed"):
        export(run_folder, tmp_path / "ds", held_out_tasks=0, push_to_hub="someone/traces")
    assert (tmp_path / "ds" / "dataset_dict.json").read_text() == before
    assert (tmp_path / "ds" / "train_tasks.txt").exists()
