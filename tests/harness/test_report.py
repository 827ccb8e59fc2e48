"""Report files and side-by-side comparison."""

import json

from data.render import grid_html
from harness.report import compare
from harness.runner import evaluate


def test_reports_are_written(tmp_path, tasks, toy):
    evaluate(toy.Rot180Solver(), tasks, tmp_path, progress=False)
    assert all((tmp_path / name).stat().st_size > 0 for name in ("report.json", "report.md", "report.html"))


def test_report_json_holds_summary_and_tasks(tmp_path, tasks, toy):
    evaluate(toy.IdentitySolver(), tasks, tmp_path, progress=False)
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["summary"]["tasks"] == 3 and len(report["tasks"]) == 3 and report["run"]["solver"] == "identity"


def test_markdown_has_a_row_per_task(tmp_path, tasks, toy):
    evaluate(toy.Rot180Solver(), tasks, tmp_path, progress=False)
    md = (tmp_path / "report.md").read_text()
    assert all(f"| {task.id} |" in md for task in tasks)


def test_html_shows_input_attempt_and_truth_grids(tmp_path, tasks, toy):
    evaluate(toy.IdentitySolver(), tasks, tmp_path, progress=False)
    page = (tmp_path / "report.html").read_text()
    test = tasks[0].test[0]
    assert grid_html(test.input, cell=10) in page and grid_html(test.output, cell=10) in page


def test_html_is_self_contained(tmp_path, tasks, toy):
    evaluate(toy.Rot180Solver(), tasks, tmp_path, progress=False)
    page = (tmp_path / "report.html").read_text()
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")


def test_compare_puts_runs_side_by_side(tmp_path, tasks, toy):
    evaluate(toy.Rot180Solver(), tasks, tmp_path / "a", progress=False)
    evaluate(toy.IdentitySolver(), tasks, tmp_path / "b", progress=False)
    md = compare([tmp_path / "a", tmp_path / "b"], tmp_path / "cmp")
    assert "| ARC score | 100.00% | 0.00% |" in md and (tmp_path / "cmp" / "compare.html").exists()
