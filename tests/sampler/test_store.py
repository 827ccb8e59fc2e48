"""The append-only trace store: durability, dedup, commit by done records, atomic difficulty table."""

import json

import pytest

from data.errors import UserError
from sampler.store import DIFFICULTY, JsonlLog, TraceStore, committed_traces, read_traces, record_id


def trace(task, n):
    record = {"task_id": task, "mode": "edit", "parent_program": f"p{n}", "prompt": [], "completion": f"c{n}",
              "child_program": f"q{n}", "delta": 0.5}
    return {**record, "id": record_id(record)}


def test_record_id_ignores_timestamps_and_costs():
    a, b = trace("t", 1), trace("t", 1)
    b["timestamp"], b["cost_usd"] = "later", 9.0
    assert record_id(a) == record_id(b)


def test_record_id_changes_with_the_completion():
    assert trace("t", 1)["id"] != trace("t", 2)["id"]


def test_a_record_is_appended_once(tmp_path):
    log = JsonlLog(tmp_path / "x.jsonl", writable=True)
    assert log.append(trace("t", 1)) and not log.append(trace("t", 1))
    assert len(list(JsonlLog(tmp_path / "x.jsonl").records())) == 1


def test_reopening_knows_the_ids_already_written(tmp_path):
    JsonlLog(tmp_path / "x.jsonl", writable=True).append(trace("t", 1))
    assert not JsonlLog(tmp_path / "x.jsonl", writable=True).append(trace("t", 1))


def test_a_line_cut_by_a_kill_is_removed_on_open(tmp_path):
    path = tmp_path / "x.jsonl"
    JsonlLog(path, writable=True).append(trace("t", 1))
    with open(path, "a") as handle:
        handle.write('{"id": "half')
    log = JsonlLog(path, writable=True)
    log.append(trace("t", 2))
    assert [r["completion"] for r in log.records()] == ["c1", "c2"]


def test_readers_skip_an_unfinished_last_line_without_touching_it(tmp_path):
    path = tmp_path / "x.jsonl"
    JsonlLog(path, writable=True).append(trace("t", 1))
    with open(path, "a") as handle:
        handle.write('{"id": "half')
    assert len(list(JsonlLog(path).records())) == 1 and path.read_text().endswith("half")


def test_a_corrupt_line_is_a_user_error(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text("not json\n")
    with pytest.raises(UserError, match="line 1"):
        list(JsonlLog(path).records())


def test_finished_task_is_done_and_its_traces_committed(tmp_path):
    store = TraceStore(tmp_path)
    store.finish_task("t", [trace("t", 1), trace("t", 2)], [trace("t", 1)], {"mean_reward": 0.4})
    assert store.done == {"t"} and [r["completion"] for r in committed_traces(tmp_path)] == ["c1"]


def test_traces_without_a_done_record_are_not_committed(tmp_path):
    store = TraceStore(tmp_path)
    store.traces.append(trace("t", 1))  # as if killed before the done record
    store.finish_task("u", [], [trace("u", 1)], {"mean_reward": 0.0})
    assert [r["task_id"] for r in read_traces(tmp_path)] == ["u"]


def test_difficulty_table_holds_each_tasks_mean_reward(tmp_path):
    store = TraceStore(tmp_path)
    store.finish_task("a", [], [], {"mean_reward": 0.25})
    store.finish_task("b", [], [], {"mean_reward": 0.75})
    assert json.loads((tmp_path / DIFFICULTY).read_text()) == {"a": 0.25, "b": 0.75}


def test_difficulty_table_survives_a_restart(tmp_path):
    TraceStore(tmp_path).finish_task("a", [], [], {"mean_reward": 0.25})
    TraceStore(tmp_path).finish_task("b", [], [], {"mean_reward": 0.5})
    assert json.loads((tmp_path / DIFFICULTY).read_text()) == {"a": 0.25, "b": 0.5}


def test_no_temporary_files_are_left(tmp_path):
    TraceStore(tmp_path).finish_task("a", [], [], {"mean_reward": 0.25})
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".") or "tmp" in p.name]


def test_resuming_with_other_settings_is_refused(tmp_path):
    store = TraceStore(tmp_path)
    store.check_config({"rounds": 2}, ["rounds"])
    store.finish_task("a", [], [], {})
    with pytest.raises(UserError, match="rounds"):
        TraceStore(tmp_path).check_config({"rounds": 3}, ["rounds"])


def test_read_traces_from_a_plain_jsonl_file(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps(trace("t", 1)) + "\n")
    assert len(read_traces(path)) == 1


def test_read_traces_from_a_missing_path_is_a_user_error(tmp_path):
    with pytest.raises(UserError):
        read_traces(tmp_path / "nope")
