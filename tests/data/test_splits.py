"""The project's one held-out split and the training-chain reader (pure functions, JSON files)."""

import json

from data.loaders import load_tasks
from data.provenance import trained_task_ids, training_chain, unknown_links
from data.splits import (
    TRAINED_TASKS_KEY,
    base_task_id,
    held_out_ids,
    is_held_out,
    overlap,
    task_is_held_out,
    training_ids,
    without_held_out,
)

HELD, TRAINING = "3c9b0459", "007bbfb7"


def test_a_fixed_fifth_of_the_training_tasks_is_held_out():
    ids = [task.id for task in load_tasks("arc-agi-1", "training")]
    held = held_out_ids(ids)
    assert 0.15 < len(held) / len(ids) < 0.3 and held == sorted(t for t in ids if is_held_out(t))
    assert set(held) | set(training_ids(ids)) == set(ids) and not set(held) & set(training_ids(ids))


def test_the_split_depends_on_the_id_only():
    assert is_held_out(HELD) and not is_held_out(TRAINING)
    assert held_out_ids([TRAINING, HELD]) == held_out_ids([HELD]) == [HELD]


def test_evaluation_tasks_are_held_out_whatever_their_id():
    task = load_tasks("arc-agi-1", "evaluation")[0]
    assert task_is_held_out(task) and without_held_out([task]) == []


def test_derived_ids_count_as_their_task():
    assert base_task_id(f"{HELD}~hindsight") == base_task_id(f"{HELD}|t1") == HELD
    assert overlap([HELD, TRAINING], [f"{HELD}~hindsight"]) == [HELD]


def _write(folder, name, payload):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(payload))
    return folder


def test_the_chain_runs_from_a_merged_copy_back_to_pre_training(tmp_path):
    base = _write(tmp_path / "embedded", "build_info.json", {TRAINED_TASKS_KEY: [TRAINING]})
    sft = _write(tmp_path / "sft", "run_config.json", {"stage": "sft", "model_path": str(base),
                                                       TRAINED_TASKS_KEY: ["00d62c1b"]})
    (sft / "merged").mkdir()
    grpo = _write(tmp_path / "grpo", "run_config.json", {"stage": "grpo", "model_path": str(sft / "merged"),
                                                         TRAINED_TASKS_KEY: [HELD]})
    chain = training_chain(grpo / "merged")
    assert [link.stage for link in chain] == ["grpo", "sft", "embedded pre-training"]
    assert trained_task_ids(chain) == {TRAINING, "00d62c1b", HELD} and unknown_links(chain) == []


def test_a_model_that_records_nothing_is_unknown_not_clean(tmp_path):
    (tmp_path / "model").mkdir()
    chain = training_chain(tmp_path / "model")
    assert unknown_links(chain) == [str(tmp_path / "model")] and trained_task_ids(chain) == set()


def test_evaluation_ids_match_the_installed_data():
    from data.evaluation_ids import EVALUATION_IDS

    shipped = {t.id for dataset in ("arc-agi-1", "arc-agi-2") for t in load_tasks(dataset, "evaluation")}
    assert EVALUATION_IDS == shipped


def test_an_evaluation_task_repeated_in_another_training_split_stays_held_out():
    # ARC-AGI-2's training split repeats ARC-AGI-1 evaluation tasks; training on them would contaminate
    # every ARC-AGI-1 evaluation figure.
    evaluation = {t.id for t in load_tasks("arc-agi-1", "evaluation")}
    repeated = [t for t in load_tasks("arc-agi-2", "training") if t.id in evaluation]
    assert len(repeated) > 300
    assert all(task_is_held_out(t) and is_held_out(t.id) for t in repeated)
    assert without_held_out(repeated) == [] and set(held_out_ids([t.id for t in repeated])) == {t.id for t in repeated}
