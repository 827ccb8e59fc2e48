"""The solver registry: names, options, lazy factories."""

import pytest

from data.errors import UserError
from solvers.protocol import Solver
from solvers.registry import SOLVERS, lazy, make_solver


def test_unknown_solver_is_a_user_error():
    with pytest.raises(UserError, match="unknown solver"):
        make_solver("no-such-solver")


def test_option_the_solver_does_not_take_is_a_user_error():
    with pytest.raises(UserError, match="does not take"):
        make_solver("search", checkpoint="x")


def test_none_options_fall_back_to_defaults():
    solver = make_solver("search", time_budget=None)
    assert solver.time_budget == 30.0


def test_factories_build_protocol_solvers():
    assert isinstance(make_solver("search", time_budget=1), Solver)


def test_lazy_factory_passes_fixed_and_given_options():
    factory = lazy("solvers.search", "SearchSolver", max_depth=2)
    solver = factory(time_budget=3)
    assert (solver.max_depth, solver.time_budget) == (2, 3.0)


def test_builtin_solvers_are_registered():
    assert {"reference", "search", "program"} <= set(SOLVERS)
