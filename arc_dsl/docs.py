"""The DSL's prompt reference: primitive signatures and one-line docstrings, grouped by module.

    from arc_dsl.docs import reference, usage_counts
    print(reference(60))        # the 60 primitives most used by the registered solvers
    arc-dsl docs --top 60       # the same from the shell

Usage is counted over the registered solvers' source, so the reference follows the solvers as they grow.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from data.errors import UserError
from data.python_source import try_parse

HEADER = """\
# arc_dsl — programs start with `from arc_dsl import *` and define `def solve(I)` returning a Grid.
# Types: Grid = tuple of rows of ints 0-9, grid[row][col]; Point = (row, col), also used as an offset;
#   Cell = (colour, Point); Indices = frozenset[Point]; Object = frozenset[Cell]; Objects = frozenset[Object];
#   Patch = Object | Indices; Piece = Grid | Patch; Element = Grid | Object; Numerical = int | Point.
# Colours: BLACK=0 BLUE=1 RED=2 GREEN=3 YELLOW=4 GREY=5 MAGENTA=6 ORANGE=7 AZURE=8 MAROON=9.
# Directions: UP=(-1, 0) DOWN=(1, 0) LEFT=(0, -1) RIGHT=(0, 1) UP_LEFT DOWN_RIGHT … ORIGIN=(0, 0) UNITY=(1, 1).
# Background = a grid's most common colour."""


@lru_cache(maxsize=1)
def primitives() -> dict[str, tuple[str, Callable]]:
    """Every public primitive: name -> (module name, function), in reference order."""
    import arc_dsl

    found: dict[str, tuple[str, Callable]] = {}
    for module_name in arc_dsl.PRIMITIVE_MODULES:
        module = importlib.import_module(f"arc_dsl.{module_name}")
        functions = [(name, getattr(module, name)) for name in module.__all__ if not name.isupper()]
        # Source order: each module defines related primitives next to each other.
        for name, value in sorted(functions, key=lambda item: item[1].__code__.co_firstlineno):
            found[name] = (module_name, value)
    return found


def _annotation(value) -> str:
    if value is inspect.Parameter.empty:
        return ""
    return value if isinstance(value, str) else inspect.formatannotation(value)


def signature_line(name: str, function: Callable) -> str:
    """`name(param: Type = default, …) -> Return` with annotations as written in the source."""
    parts = []
    signature = inspect.signature(function)
    for parameter in signature.parameters.values():
        text = parameter.name
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            text = "*" + text
        annotation = _annotation(parameter.annotation)
        if annotation:
            text += f": {annotation}"
        if parameter.default is not inspect.Parameter.empty:
            text += f" = {parameter.default!r}" if annotation else f"={parameter.default!r}"
        parts.append(text)
    returns = _annotation(signature.return_annotation)
    return f"{name}({', '.join(parts)})" + (f" -> {returns}" if returns else "")


def summary(function: Callable) -> str:
    """The docstring's first paragraph on one line."""
    doc = inspect.getdoc(function) or ""
    return re.sub(r"\s+", " ", doc.split("\n\n")[0]).strip()


def usage_counts(programs: Iterable[str] | None = None) -> dict[str, int]:
    """How often each primitive is named in the programs (default: the registered solvers), every
    primitive listed, most used first."""
    if programs is None:
        from arc_dsl.solvers import load_solvers

        programs = load_solvers().values()
    known = primitives()
    counts = dict.fromkeys(known, 0)
    for program in programs:
        tree = try_parse(program)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in counts:
                counts[node.id] += 1
    order = {name: index for index, name in enumerate(known)}
    return dict(sorted(counts.items(), key=lambda item: (-item[1], order[item[0]])))


def select(names: int | Sequence[str] | None = None) -> list[str]:
    """The primitive names a reference covers, in reference order (see `reference`)."""
    known = primitives()
    if names is None:
        return list(known)
    if isinstance(names, int) and not isinstance(names, bool):
        if names < 0:
            raise UserError(f"--top must be at least 0, got {names}")
        chosen = set(list(usage_counts())[:names])
    else:
        unknown = [name for name in names if name not in known]
        if unknown:
            raise UserError(f"unknown primitive(s): {', '.join(unknown)}")
        chosen = set(names)
    return [name for name in known if name in chosen]


def reference(names: int | Sequence[str] | None = None) -> str:
    """The reference text: a header on types and constants, then one line per primitive,
    `name(signature) -> Return  # what it returns`, grouped by module.

    names: None = all; int N = the N most used by the registered solvers; list = those names.
    """
    known = primitives()
    lines = [HEADER]
    current = None
    for name in select(names):
        module_name, function = known[name]
        if module_name != current:
            current = module_name
            lines.append(f"\n## {module_name}")
        lines.append(f"{signature_line(name, function)}  # {summary(function)}")
    return "\n".join(lines) + "\n"
