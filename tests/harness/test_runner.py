"""The runner: results on disk, resume, blindness to test outputs, solver errors."""

import json

import pytest

from data.errors import UserError
from harness.runner import evaluate


class Counting:
    """Wraps a solver and counts calls."""

    def __init__(self, inner):
        self.inner, self.calls = inner, 0
        self.name, self.trained_on = inner.name, inner.trained_on

    def predict(self, task):
        self.calls += 1
        return self.inner.predict(task)


def lines(path):
    return [json.loads(line) for line in (path / "results.jsonl").read_text().splitlines()]


def test_one_result_line_per_task(tmp_path, tasks, toy):
    evaluate(toy.Rot180Solver(), tasks, tmp_path, progress=False)
    assert [r["task_id"] for r in lines(tmp_path)] == ["t1", "t2", "t3"]


def test_rot180_solver_scores_full_marks(tmp_path, tasks, toy):
    summary = evaluate(toy.Rot180Solver(), tasks, tmp_path, progress=False)
    assert (summary.score, summary.solved) == (1.0, 3)


def test_second_run_skips_finished_tasks(tmp_path, tasks, toy):
    evaluate(toy.Rot180Solver(), tasks, tmp_path, progress=False)
    again = Counting(toy.Rot180Solver())
    summary = evaluate(again, tasks, tmp_path, progress=False)
    assert again.calls == 0 and summary.tasks == 3


def test_resume_redoes_only_missing_tasks(tmp_path, tasks, toy):
    evaluate(toy.Rot180Solver(), tasks[:2], tmp_path, progress=False)
    again = Counting(toy.Rot180Solver())
    evaluate(again, tasks, tmp_path, progress=False)
    assert again.calls == 1 and len(lines(tmp_path)) == 3


def test_torn_last_line_is_dropped_and_redone(tmp_path, tasks, toy):
    evaluate(toy.Rot180Solver(), tasks, tmp_path, progress=False)
    path = tmp_path / "results.jsonl"
    text = path.read_text().splitlines(keepends=True)
    path.write_text("".join(text[:2]) + text[2][: len(text[2]) // 2])  # as if killed mid-write
    again = Counting(toy.Rot180Solver())
    evaluate(again, tasks, tmp_path, progress=False)
    assert again.calls == 1 and [r["task_id"] for r in lines(tmp_path)] == ["t1", "t2", "t3"]


def test_no_resume_starts_afresh(tmp_path, tasks, toy):
    evaluate(toy.Rot180Solver(), tasks, tmp_path, progress=False)
    again = Counting(toy.Rot180Solver())
    evaluate(again, tasks, tmp_path, resume=False, progress=False)
    assert again.calls == 3 and len(lines(tmp_path)) == 3


def test_resume_refuses_other_options_but_not_other_worker_counts(tmp_path, tasks, toy):
    evaluate(toy.Rot180Solver(), tasks[:2], tmp_path, progress=False, options={"time_budget": 30.0})
    with pytest.raises(UserError, match="another run"):
        evaluate(toy.Rot180Solver(), tasks, tmp_path, progress=False, options={"time_budget": 10.0})
    again = Counting(toy.Rot180Solver())
    evaluate(again, tasks, tmp_path, progress=False, options={"time_budget": 30.0, "workers": 1})
    assert again.calls == 1


def test_solver_never_sees_test_outputs(tmp_path, tasks, toy):
    solver = toy.Rot180Solver()
    evaluate(solver, tasks, tmp_path, augment_vote=2, progress=False)
    assert solver.seen and all(e.output is None for task in solver.seen for e in task.test)


def test_augment_vote_runs_each_view(tmp_path, tasks, toy):
    solver = toy.Rot180Solver()
    summary = evaluate(solver, tasks, tmp_path, augment_vote=3, progress=False)
    assert len(solver.seen) == 3 * 4 and summary.score == 1.0


def test_solver_exception_is_recorded_not_raised(tmp_path, tasks):
    class Broken:
        name, trained_on = "broken", "nothing"

        def predict(self, task):
            raise RuntimeError("boom")

    summary = evaluate(Broken(), tasks, tmp_path, progress=False)
    assert summary.score == 0.0 and "boom" in lines(tmp_path)[0]["info"]["error"]


def test_resuming_another_solvers_folder_is_refused(tmp_path, tasks, toy):
    evaluate(toy.Rot180Solver(), tasks, tmp_path, progress=False)
    with pytest.raises(UserError):
        evaluate(toy.IdentitySolver(), tasks, tmp_path, progress=False)


def test_streaming_solver_results_land_by_index(tmp_path, tasks, toy):
    from solvers.protocol import Prediction

    class Streaming:
        name, trained_on = "stream", "nothing"

        def predict(self, task):
            raise AssertionError("the runner should use predict_stream")

        def predict_stream(self, batch):
            for index in reversed(range(len(batch))):  # out of order on purpose
                yield index, Prediction([[toy.rot180(e.input)] for e in batch[index].test], info={"seconds": 1.0})

    summary = evaluate(Streaming(), tasks, tmp_path, progress=False)
    assert summary.score == 1.0 and summary.seconds == 3.0


def test_records_hold_per_task_seconds(tmp_path, tasks, toy):
    evaluate(toy.Rot180Solver(), tasks, tmp_path, progress=False)
    assert all(r["scores"]["seconds"] >= 0.0 for r in lines(tmp_path))
