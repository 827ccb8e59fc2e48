"""`arc-data`: stats, show, build and validate, with one-line errors and exit code 2 for bad input."""

import subprocess
import sys

import datasets
import pytest

from data.cli import main


@pytest.fixture
def arc_data(monkeypatch, capsys):
    """arc_data(*args) -> (exit code, stdout, stderr), running the CLI in this process."""

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["arc-data", *map(str, args)])
        monkeypatch.setenv("COLUMNS", "200")  # rich tables: no truncated cells
        try:
            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def _table_row(out: str, split: str) -> list[str]:
    line = next(line for line in out.splitlines() if line.strip("│ ").startswith(split + " "))
    return [cell.strip() for cell in line.strip("│").split("│")]


def test_stats_arc_agi_1_counts_400_and_400(arc_data):
    code, out, _ = arc_data("stats", "--dataset", "arc-agi-1")
    assert code == 0
    assert _table_row(out, "training")[1] == "400" and _table_row(out, "evaluation")[1] == "400"
    assert "26–30" in out


def test_stats_arc_agi_2_counts_1000_and_120(arc_data):
    code, out, _ = arc_data("stats", "--dataset", "arc-agi-2")
    assert code == 0
    assert _table_row(out, "training")[1] == "1000" and _table_row(out, "evaluation")[1] == "120"


def test_stats_of_a_folder_has_one_row(arc_data, task_folder):
    code, out, _ = arc_data("stats", "--dataset", task_folder)
    assert code == 0 and _table_row(out, "all")[1:3] == ["3", "6"]


@pytest.mark.parametrize("suffix", [".png", ".html"])
def test_show_writes_the_picture(arc_data, tmp_path, suffix):
    out = tmp_path / f"t{suffix}"
    code, stdout, _ = arc_data("show", "007bbfb7", "--dataset", "arc-agi-1", "--out", out)
    assert code == 0 and out.stat().st_size > 1000 and str(out) in stdout


def test_show_with_an_augmentation_names_it_in_the_page(arc_data, tmp_path):
    out = tmp_path / "t.html"
    code, _, _ = arc_data("show", "007bbfb7", "--augmentation", "d1.c0213456789.t0x0", "--out", out)
    assert code == 0 and "augmentation d1.c0213456789.t0x0" in out.read_text(encoding="utf-8")


def test_show_rejects_other_suffixes(arc_data, tmp_path):
    code, _, err = arc_data("show", "007bbfb7", "--out", tmp_path / "t.jpg")
    assert code == 2 and err.count("\n") == 1 and ".png, .html" in err


def test_show_unknown_task_exits_2(arc_data, tmp_path):
    code, _, err = arc_data("show", "ffffffff", "--out", tmp_path / "t.png")
    assert code == 2 and "ffffffff" in err and not (tmp_path / "t.png").exists()


def test_build_writes_rows_with_augmentations(arc_data, task_folder, tmp_path):
    out = tmp_path / "ds"
    code, stdout, _ = arc_data("build", "--dataset", task_folder, "--split", "training", "--augment", "8",
                               "--out", out)
    assert code == 0 and "27" in stdout
    rows = datasets.load_from_disk(str(out))["training"]
    assert rows.num_rows == 27 and rows["augmentation"].count("id") == 3


def test_build_all_builtin_splits(arc_data, tmp_path):
    # --split all on the built-in data: both splits, identity rows only (fast: no augmentation).
    code, _, _ = arc_data("build", "--dataset", "arc-agi-1", "--split", "all", "--out", tmp_path / "ds")
    loaded = datasets.load_from_disk(str(tmp_path / "ds"))
    assert code == 0 and {name: part.num_rows for name, part in loaded.items()} == {"training": 400,
                                                                                   "evaluation": 400}


def test_build_refuses_an_offline_push_and_writes_nothing(arc_data, task_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    code, _, err = arc_data("build", "--dataset", task_folder, "--out", tmp_path / "ds", "--push-to-hub", "me/arc")
    assert code == 2 and err.count("\n") == 1 and "offline" in err
    assert not (tmp_path / "ds").exists()


def test_validate_success_is_one_summary_line(arc_data, task_folder):
    code, out, _ = arc_data("validate", task_folder)
    assert code == 0 and out.count("\n") == 1 and "3 tasks" in out


@pytest.mark.parametrize(("grid", "words"), [([[0, 10], [5, 0]], "outside 0-9"), ([[0, 5], [5]], "ragged")])
def test_validate_bad_grid_names_task_and_example(arc_data, tmp_path, valid_task, write_json, grid, words):
    valid_task["train"][1]["input"] = grid
    path = write_json(tmp_path / "badtask.json", valid_task)
    code, out, err = arc_data("validate", path)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert all(part in err for part in ("task badtask", "example train[1]", "field input", words))


def test_validate_missing_path_exits_2(arc_data, tmp_path):
    code, _, err = arc_data("validate", tmp_path / "nope.json")
    assert code == 2 and "no such file" in err


def test_console_entry_reports_without_traceback(tmp_path, valid_task, write_json):
    valid_task["test"][0]["input"] = [[1, 2], [3]]
    path = write_json(tmp_path / "ragged.json", valid_task)
    result = subprocess.run([sys.executable, "-m", "data", "validate", str(path)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("arc-data: error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and "example test[0]" in result.stderr


def test_build_arc_agi_1_training_with_8_augmentations_gives_3600_rows(arc_data, tmp_path):
    out = tmp_path / "ds"
    code, _, _ = arc_data("build", "--dataset", "arc-agi-1", "--split", "training", "--augment", "8", "--out", out)
    rows = datasets.load_from_disk(str(out))["training"]
    assert code == 0 and rows.num_rows == 400 * 9
    assert rows["augmentation"].count("id") == 400 and len(set(rows["task_id"])) == 400
