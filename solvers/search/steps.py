"""A search step: a few lines of arc_dsl source, compiled once for the search and emitted as they are.

Line k may use `{x}` (the step's input grid) and `{s0}` … `{s(k-1)}` (the values of earlier lines); the last
line's value is the step's output grid. The same text is compiled into a Python function for the search and
emitted into the found program, so what the search ran and what it reports are the same code:

    Step("upscale:2", ("upscale({x}, 2)",))
    Step("and:lr", ("split_left_right({x}, 2)", "first({s0})", "last({s0})",
                    "fill(canvas(0, shape({s1})), 1, intersection(...))"))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from data.grid import Grid

# Object variants passed to arc_dsl.objects: (univalued, diagonal) with the background left out.
OBJECT_KINDS = (("True", "False"), ("True", "True"), ("False", "False"), ("False", "True"))


@dataclass(frozen=True)
class Step:
    """One search step: arc_dsl source lines (see the module docstring).

    cost:       how complex the step counts as when ranking programs (1 for a plain primitive).
    same_shape: True when the output always has the input's shape (lets the search prune steps that
                cannot fix a wrong output shape).
    max_side:   the step is skipped for inputs with a side longer than this, because its output
                would exceed 30×30 anyway (e.g. upscale by 3 needs inputs of at most 10×10).
    root_only:  the step reads something only the task's own inputs have (a mask colour, the odd
                object out), so the search applies it to the inputs only, not after other steps: it adds
                one state per task instead of one per expanded state.
    """

    name: str
    lines: tuple[str, ...]
    cost: float = 1.0
    same_shape: bool = False
    max_side: int = 30
    root_only: bool = False
    function: Callable[[Grid], Grid] = field(default=None, compare=False, repr=False)  # type: ignore[assignment]


@cache
def _namespace() -> dict:
    """arc_dsl's public names, with the pure, costly primitives memoised: the search calls them again
    and again on the same grids. Programs emitted from the steps call the plain primitives; memoising
    a pure function does not change its results."""
    import arc_dsl

    space = {name: getattr(arc_dsl, name) for name in arc_dsl.__all__}
    for name in ("objects", "partition", "indices_of_colour", "most_common_colour", "least_common_colour",
                 "palette", "number_of_colours", "all_indices", "split_left_right", "split_top_bottom", "frame_box"):
        if name in space:
            space[name] = lru_cache(maxsize=4096)(space[name])
    return space


def clear_caches() -> None:
    """Forget memoised results (between tasks: they only help within one task's search)."""
    for function in _namespace().values():
        if hasattr(function, "cache_clear"):
            function.cache_clear()


def step_source(step: Step, names: Sequence[str], source: str) -> list[str]:
    """The step's lines as assignments `names[k] = …` reading from the variable `source`."""
    mapping = {"x": source} | {f"s{k}": names[k] for k in range(len(step.lines))}
    return [f"{names[k]} = {line.format(**mapping)}" for k, line in enumerate(step.lines)]


def compile_step(step: Step) -> Step:
    """The step with `function` set: its lines compiled into one Python function over arc_dsl.

    The lines are our own fixed templates (never model output), so compiling them in-process is safe;
    this is what lets the search call arc_dsl directly, without the sandbox."""
    names = [f"s{k}" for k in range(len(step.lines))]
    body = "\n".join("    " + line for line in step_source(step, names, "x"))
    code = f"def step(x):\n{body}\n    return {names[-1]}\n"
    space = dict(_namespace())
    exec(compile(code, f"<step {step.name}>", "exec"), space)  # noqa: S102 — trusted templates, see docstring
    return replace(step, function=space["step"])
