"""Every solver the harness can run, by name: `SOLVERS[name](**options) -> Solver`.

    from solvers.registry import make_solver
    solver = make_solver("search", time_budget=30)

Factories import their solver only when called, so listing or using one solver never imports another's
heavy dependencies (torch for the grid models, the sampler backends for `program`). Adding a solver is
one line: `"name": lazy("package.module", "ClassName", fixed_option=value)`.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

from data.errors import UserError
from solvers.protocol import Solver


def lazy(module: str, attribute: str, **fixed: Any) -> Callable[..., Solver]:
    """A factory that imports `module.attribute` when called and builds it with `fixed` + the caller's
    keyword options. Options the constructor does not take are a UserError naming them."""

    def factory(**options: Any) -> Solver:
        cls = getattr(importlib.import_module(module), attribute)
        merged = {**fixed, **options}
        try:
            inspect.signature(cls).bind(**merged)
        except TypeError as error:
            accepted = [p for p in inspect.signature(cls).parameters if p not in fixed]
            raise UserError(f"{attribute} does not take these options ({error}); it takes: "
                            f"{', '.join(accepted) or 'none'}") from None
        return cls(**merged)

    factory.__doc__ = f"Build {module}.{attribute}" + (f" with {fixed}" if fixed else "") + "."
    return factory


SOLVERS: dict[str, Callable[..., Solver]] = {
    "reference": lazy("solvers.reference", "ReferenceSolver"),
    "search": lazy("solvers.search", "SearchSolver"),
    "program": lazy("solvers.program", "ProgramSolver"),
    "trm": lazy("solvers.grid.solver", "GridSolver", arch="trm"),
    "hrm": lazy("solvers.grid.solver", "GridSolver", arch="hrm"),
    "transformer": lazy("solvers.grid.solver", "GridSolver", arch="transformer"),
    "etrm": lazy("solvers.grid.solver", "GridSolver", conditioning="demos", name="etrm"),
    "hybrid": lazy("solvers.grid.solver", "GridSolver", conditioning="text", name="hybrid"),
    "efe": lazy("solvers.grid.solver", "GridSolver", conditioning="efe", name="efe"),
    "trm-ttt": lazy("solvers.grid.ttt", "TTTSolver"),
}


def make_solver(name: str, **options: Any) -> Solver:
    """The solver registered as `name`, built with `options` (None values are dropped, so CLI flags
    that were not given fall back to the solver's own defaults)."""
    if name not in SOLVERS:
        raise UserError(f"unknown solver {name!r}; choose one of: {', '.join(sorted(SOLVERS))}")
    return SOLVERS[name](**{key: value for key, value in options.items() if value is not None})
