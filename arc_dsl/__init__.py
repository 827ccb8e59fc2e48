"""arc_dsl: a typed, pure grid DSL for ARC programs, its prompt reference and verified reference solvers.

Programs start with `from arc_dsl import *`, which brings in
- every primitive (grids, objects, colours, geometry, logic, arithmetic modules),
- the type aliases (Grid, Point, Cell, Indices, Object, Objects, Patch, Piece, …),
- the colour constants BLACK=0 BLUE=1 RED=2 GREEN=3 YELLOW=4 GREY=5 MAGENTA=6 ORANGE=7 AZURE=8 MAROON=9,
- the direction constants ORIGIN UP DOWN LEFT RIGHT UP_LEFT UP_RIGHT DOWN_LEFT DOWN_RIGHT UNITY.

`arc_dsl.reference(names=None)` renders the primitives' signatures and docstrings for prompts
(`arc-dsl docs` prints it); `arc_dsl.solvers` holds the reference solver programs.
Importing this package is cheap and has no side effects (it is pre-imported by sandbox workers).
Note: `arc_dsl.objects` is the `objects` primitive; reach the module with importlib if you need it.
"""

from arc_dsl.arithmetic import *  # noqa: F403
from arc_dsl.arithmetic import __all__ as _arithmetic_all
from arc_dsl.colours import *  # noqa: F403
from arc_dsl.colours import __all__ as _colours_all
from arc_dsl.geometry import *  # noqa: F403
from arc_dsl.geometry import __all__ as _geometry_all
from arc_dsl.grids import *  # noqa: F403
from arc_dsl.grids import __all__ as _grids_all
from arc_dsl.logic import *  # noqa: F403
from arc_dsl.logic import __all__ as _logic_all
from arc_dsl.objects import *  # noqa: F403
from arc_dsl.objects import __all__ as _objects_all
from arc_dsl.types import *  # noqa: F403
from arc_dsl.types import __all__ as _types_all

# The order the reference lists the modules in: the grid-level vocabulary first.
PRIMITIVE_MODULES = ("grids", "objects", "colours", "geometry", "logic", "arithmetic")

__all__ = [*_types_all, *_grids_all, *_objects_all, *_colours_all, *_geometry_all, *_logic_all, *_arithmetic_all]


def reference(names=None) -> str:
    """The DSL reference for prompts: signatures + one-line docstrings, grouped by module.

    names: None = every primitive; an int N = the N most used by the registered solvers; a list of
    primitive names = those.
    """
    from arc_dsl.docs import reference as render

    return render(names)
