"""Pictures of ARC tasks: a PNG (matplotlib, drawn off-screen) and a self-contained HTML page (inline SVG
and CSS, no external assets), both showing every pair in the ARC palette with grid lines, labels such as
"train 1 in" and each grid's size. `grid_html` draws one grid as an inline SVG snippet for other pages
(the harness's HTML report uses it).

    arc-data show 007bbfb7 --dataset arc-agi-1 --out task.png      # or task.html
    save_task_png(task, "task.png"); save_task_html(task, "task.html"); grid_html(grid)
"""

from __future__ import annotations

import html
from pathlib import Path

from data.grid import Grid, shape
from data.task import Example, Task

# The palette of the ARC viewer, indexed by colour 0–9.
PALETTE = ("#000000", "#0074D9", "#FF4136", "#2ECC40", "#FFDC00",
           "#AAAAAA", "#F012BE", "#FF851B", "#7FDBFF", "#870C25")
COLOUR_NAMES = ("black", "blue", "red", "green", "yellow", "grey", "magenta", "orange", "sky", "maroon")
LINE_COLOUR = "#555555"


def size_label(grid: Grid | None) -> str:
    """'3×3' (height×width), or '?' for a hidden grid."""
    if grid is None:
        return "?"
    height, width = shape(grid)
    return f"{height}×{width}"


def labelled_pairs(task: Task) -> list[tuple[str, Example]]:
    """("train 1", example), …, ("test 1", example), … in display order."""
    return ([(f"train {i}", e) for i, e in enumerate(task.train, 1)]
            + [(f"test {i}", e) for i, e in enumerate(task.test, 1)])


def grid_html(grid: Grid | None, *, cell: int = 12) -> str:
    """One grid as an inline SVG (`cell` pixels per cell, grid lines, a tooltip with its size); a hidden
    grid (None) as a dashed '?' box. No CSS classes or scripts: it can be pasted into any page."""
    if grid is None:
        side = 3 * cell
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{side}" height="{side}" role="img" '
                f'aria-label="hidden grid"><rect x="0.5" y="0.5" width="{side - 1}" height="{side - 1}" '
                f'fill="none" stroke="{LINE_COLOUR}" stroke-dasharray="4 3"/><text x="50%" y="50%" '
                f'dominant-baseline="middle" text-anchor="middle" font-family="sans-serif" '
                f'font-size="{cell * 1.5:g}" fill="{LINE_COLOUR}">?</text></svg>')
    height, width = shape(grid)
    cells = "".join(f'<rect x="{x}" y="{y}" width="1" height="1" fill="{PALETTE[value]}"/>'
                    for y, row in enumerate(grid) for x, value in enumerate(row))
    # Grid lines are the cells' strokes, in cell units so they stay thin at any size.
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * cell}" height="{height * cell}" '
            f'viewBox="0 0 {width} {height}" shape-rendering="crispEdges" role="img" '
            f'aria-label="{height}x{width} grid"><title>{height}×{width}</title>'
            f'<g stroke="{LINE_COLOUR}" stroke-width="0.06">{cells}</g></svg>')


_PAGE_CSS = """
body { font-family: sans-serif; background: #f4f4f4; color: #222; margin: 1.5em; }
h1 { font-size: 1.3em; margin: 0 0 .2em; } .meta { color: #666; margin-bottom: 1em; }
.pairs { display: flex; flex-wrap: wrap; gap: 1.2em; }
.pair { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: .6em .8em; }
.pair.test { border-color: #999; }
.pair h2 { font-size: .95em; margin: 0 0 .4em; }
.row { display: flex; align-items: center; gap: .8em; }
figure { margin: 0; text-align: center; } figcaption { font-size: .8em; color: #555; margin-top: .2em; }
.arrow { font-size: 1.4em; color: #888; }
"""


def task_html(task: Task, *, cell: int = 14, title: str | None = None) -> str:
    """A complete HTML page showing every pair of the task (inline CSS and SVG only)."""

    def figure(label: str, grid: Grid | None) -> str:
        return (f"<figure>{grid_html(grid, cell=cell)}<figcaption>{html.escape(label)} "
                f"({size_label(grid)})</figcaption></figure>")

    blocks = []
    for label, example in labelled_pairs(task):
        kind = label.split()[0]
        blocks.append(f'<section class="pair {kind}"><h2>{html.escape(label)}</h2><div class="row">'
                      f'{figure(label + " in", example.input)}<span class="arrow">→</span>'
                      f'{figure(label + " out", example.output)}</div></section>')
    heading = html.escape(title or f"task {task.id}")
    where = " · ".join(html.escape(part) for part in (task.dataset, task.split) if part)
    augmentation = task.meta_value("augmentation")
    if augmentation and augmentation != "id":
        where += f" · augmentation {html.escape(augmentation)}"
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{heading}</title>'
            f"<style>{_PAGE_CSS}</style></head><body><h1>{heading}</h1>"
            f'<div class="meta">{where} · {len(task.train)} train, {len(task.test)} test</div>'
            f'<div class="pairs">{"".join(blocks)}</div></body></html>\n')


def save_task_html(task: Task, path: str | Path, **options) -> Path:
    """Write `task_html(task)` to `path`."""
    path = Path(path)
    path.write_text(task_html(task, **options), encoding="utf-8")
    return path


def save_task_png(task: Task, path: str | Path, *, dpi: int = 100) -> Path:
    """Draw the task as a PNG: one column per pair (train pairs, then test pairs), input above output."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    pairs = labelled_pairs(task)
    panel = 2.4  # inches per grid panel
    figure = Figure(figsize=(panel * len(pairs), panel * 2 + 0.8), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)  # off-screen: no display and no global pyplot state
    cmap = ListedColormap(PALETTE)
    axes = figure.subplots(2, len(pairs), squeeze=False)
    for column, (label, example) in enumerate(pairs):
        for row, (part, grid) in enumerate((("in", example.input), ("out", example.output))):
            ax = axes[row][column]
            ax.set_title(f"{label} {part}\n{size_label(grid)}", fontsize=10,
                         fontweight="bold" if label.startswith("test") else "normal")
            ax.set_xticks([])
            ax.set_yticks([])
            if grid is None:
                ax.text(0.5, 0.5, "?", fontsize=28, ha="center", va="center", color=LINE_COLOUR,
                        transform=ax.transAxes)
                continue
            height, width = shape(grid)
            ax.imshow(np.array(grid), cmap=cmap, vmin=0, vmax=len(PALETTE) - 1, interpolation="nearest")
            ax.set_xticks(np.arange(-0.5, width, 1), minor=True)
            ax.set_yticks(np.arange(-0.5, height, 1), minor=True)
            ax.grid(which="minor", color=LINE_COLOUR, linewidth=0.6 if max(height, width) <= 15 else 0.3)
            ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    where = " ".join(part for part in (task.dataset, task.split) if part)
    augmentation = task.meta_value("augmentation")
    if augmentation and augmentation != "id":
        where += f", augmentation {augmentation}"
    figure.suptitle(f"task {task.id}" + (f"  ({where})" if where else ""), fontsize=12)
    path = Path(path)
    figure.savefig(path, format="png", facecolor="white")
    return path
