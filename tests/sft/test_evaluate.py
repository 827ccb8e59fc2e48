"""The evaluation hook: sampling with the model, scoring completions in the sandbox."""

import json

from sft.evaluate import EvalReport, evaluate_rows, load_report, save_report, score_completions
from student.corpus import completion_for


def _rows(trace_dataset, split="eval"):
    from datasets import load_from_disk

    return list(load_from_disk(str(trace_dataset))[split])


def test_reference_programs_score_as_solved(trace_dataset):
    from arc_dsl.solvers import solver_source

    rows = _rows(trace_dataset)
    report = score_completions(rows, [[completion_for(solver_source(r["task_id"]))] for r in rows], label="ref")
    assert report.solve_rate == 1.0 and report.mean_reward > 1.0


def test_text_without_a_program_scores_zero(trace_dataset):
    rows = _rows(trace_dataset)
    report = score_completions(rows, [["I do not know."] for _ in rows], label="none")
    assert report.mean_reward == 0.0 and report.parse_rate == 0.0 and report.solve_rate == 0.0


def test_edit_rows_report_the_reward_change(trace_dataset):
    from arc_dsl.solvers import solver_source

    rows = [{**r, "mode": "edit", "start_reward": 0.25 * (i + 1)} for i, r in enumerate(_rows(trace_dataset))]
    report = score_completions(rows, [[completion_for(solver_source(r["task_id"]))] for r in rows], label="edit")
    expected = sum(report.rows[i]["mean_reward"] - r["start_reward"] for i, r in enumerate(rows)) / len(rows)
    assert abs(report.mean_delta - expected) < 1e-9


def test_report_round_trips_through_json(tmp_path):
    report = EvalReport("x", 1, 1, 1, 0.5, 0.0, 0.0, 1.0, None, 0.1, [{"task_id": "a"}])
    path = save_report(report, tmp_path / "eval.json")
    assert load_report(path) == report and json.loads(path.read_text())["mean_reward"] == 0.5


def test_model_samples_are_scored_for_every_row(trace_dataset, tiny_model):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    rows = _rows(trace_dataset)
    model = AutoModelForCausalLM.from_pretrained(tiny_model)
    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    report = evaluate_rows(model, tokenizer, rows, label="tiny", num_samples=2, max_new_tokens=8, temperature=1.0)
    assert report.prompts == len(rows) and all(len(r["rewards"]) == 2 for r in report.rows)
