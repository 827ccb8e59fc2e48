"""Task pictures: PNG via matplotlib, self-contained HTML, and the reusable `grid_html` snippet."""

import xml.etree.ElementTree as ET

import pytest

from data import Example, Task, find_task
from data.render import PALETTE, grid_html, save_task_html, save_task_png, task_html

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def task():
    return find_task("007bbfb7")


def test_grid_html_draws_each_cell_in_its_palette_colour():
    grid = ((0, 1, 2), (9, 8, 7))
    svg = ET.fromstring(grid_html(grid))
    cells = {(int(r.get("y")), int(r.get("x"))): r.get("fill") for r in svg.iter(f"{SVG}rect")}
    assert cells == {(y, x): PALETTE[v] for y, row in enumerate(grid) for x, v in enumerate(row)}


def test_grid_html_size_follows_the_grid_shape():
    svg = ET.fromstring(grid_html(((1,) * 5,) * 2, cell=10))
    assert (svg.get("width"), svg.get("height"), svg.get("viewBox")) == ("50", "20", "0 0 5 2")


def test_hidden_grid_is_a_question_mark():
    svg = ET.fromstring(grid_html(None))
    assert [t.text for t in svg.iter(f"{SVG}text")] == ["?"]


def test_task_html_labels_every_pair_with_its_size(task):
    page = task_html(task)
    labels = [f"train {i} in (3×3)" for i in range(1, 6)] + ["train 1 out (9×9)", "test 1 in (3×3)",
                                                              "test 1 out (9×9)"]
    assert all(label in page for label in labels)


def test_task_html_is_self_contained(task):
    page = task_html(task).lower()
    assert "<svg" in page and not any(ref in page for ref in ("src=", "href=", "<link", "<script", "@import"))


def test_task_html_escapes_the_task_id():
    task = Task("<b>x</b>", (Example(((1,),), ((2,),)),), (Example(((1,),)),))
    page = task_html(task)
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


def test_save_task_html_writes_the_page(task, tmp_path):
    path = save_task_html(task, tmp_path / "t.html")
    assert path.read_text(encoding="utf-8") == task_html(task)


def test_save_task_png_writes_a_png_one_column_per_pair(task, tmp_path):
    import matplotlib.image

    path = save_task_png(task, tmp_path / "t.png", dpi=50)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    height, width = matplotlib.image.imread(path).shape[:2]
    assert width == round(2.4 * 6 * 50) and height > 2 * 2.4 * 50


def test_save_task_png_draws_hidden_outputs(task, tmp_path):
    path = save_task_png(task.without_test_outputs(), tmp_path / "t.png", dpi=40)
    assert path.stat().st_size > 0
