"""DSL search solver: enumerate compositions of arc_dsl steps that fit a task's demonstrations.

    arc-eval --solver search --dataset arc-agi-1 --split evaluation --time-budget 30

`catalogue` defines the steps, `engine` the search, `solver` the harness solver (`SearchSolver`).
"""

from solvers.search.solver import SearchSolver

__all__ = ["SearchSolver"]
