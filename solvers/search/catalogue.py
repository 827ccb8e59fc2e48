"""The search space: grid → grid steps written in arc_dsl (`solvers.search.steps.Step`), with parameters drawn
from the task.

`catalogue(task)` lists the steps for one task: parameter-free steps (rotations, mirrors, halves, crops
to objects, tilings, overlays of halves, logic between halves), steps whose parameters come from
the task (scale factors seen between demonstration inputs and outputs, colours present), and steps fitted
on its demonstrations (`solvers.search.fitted`). Colours of
the output are left to the search's final colour map, so logic steps draw with colour 1.
"""

from __future__ import annotations

from collections.abc import Sequence

from data.grid import Grid
from data.task import Task
from solvers.search.fitted import fitted_steps
from solvers.search.steps import OBJECT_KINDS, Step, compile_step

# Points of a grid that are not background colour 0 (most ARC tasks draw on black).
NONZERO = "difference(all_indices({g}), indices_of_colour({g}, 0))"
# At most this many output colours parameterise the drawing steps.
MAX_DRAW_COLOURS = 3
# Fixed-size corner cuts are offered only for outputs of at least this many cells.
MIN_CUT_CELLS = 4
# Lines are drawn between cells of one colour only when it has at most this many cells.
MAX_LINE_ENDS = 30


def nonzero(grid_expr: str) -> str:
    return NONZERO.format(g=grid_expr)


def _fill_points(shape_of: str, points: str) -> str:
    """A canvas of colour 0 shaped like `shape_of`, with `points` drawn in colour 1."""
    return f"fill(canvas(0, shape({shape_of})), 1, {points})"


def _logic_steps(splitter: str, tag: str) -> list[Step]:
    """Cell-wise logic between the two parts of a grid cut in two (`splitter` is the split call): ARC-AGI-1 training
    0520fde7 (and), 6430c8c4, 94f9d214 and ce4f8723 (or), 1b2d62fb and f2829549 (or, left_only), 3428a4f5 and
    99b1bc43 (xor), fafffa47 (right_only); the overlays e98196ab (one half over the other), 75b8110e, a68b268e (the
    reverse)."""
    a, b = "{s1}", "{s2}"
    ops = {
        "and": f"intersection({nonzero(a)}, {nonzero(b)})",
        "or": f"combine({nonzero(a)}, {nonzero(b)})",
        "xor": f"difference(combine({nonzero(a)}, {nonzero(b)}), intersection({nonzero(a)}, {nonzero(b)}))",
        "nor": f"intersection(indices_of_colour({a}, 0), indices_of_colour({b}, 0))",
        "left_only": f"difference({nonzero(a)}, {nonzero(b)})",
        "right_only": f"difference({nonzero(b)}, {nonzero(a)})",
    }
    steps = [Step(f"{op}:{tag}", (splitter, "first({s0})", "last({s0})", _fill_points(a, points)), cost=2.0)
             for op, points in ops.items()]
    # Overlays: one part drawn over the other where it is not 0 (both priorities).
    steps.append(Step(f"overlay:{tag}", (splitter, "first({s0})", "last({s0})",
                                         f"paint({a}, cells_except({b}, 0))"), cost=2.0))
    steps.append(Step(f"overlay_rev:{tag}", (splitter, "first({s0})", "last({s0})",
                                             f"paint({b}, cells_except({a}, 0))"), cost=2.0))
    return steps


def _overlay3_steps(splitter: str, tag: str) -> list[Step]:
    """A grid cut in three parts, the parts drawn over each other (non-zero cells) in each order (the three-part case
    of the two-part overlays, e98196ab, with the order left to the search)."""
    steps = []
    for order in ((0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)):
        parts = [f"{{s0}}[{i}]" for i in order]
        lines = (splitter, parts[0], f"paint({{s1}}, cells_except({parts[1]}, 0))",
                 f"paint({{s2}}, cells_except({parts[2]}, 0))")
        steps.append(Step(f"overlay3:{tag}:{''.join(map(str, order))}", lines, cost=3.0))
    return steps


def _fractal_where(name: str, cells: str) -> Step:
    """A step that paints a copy of the grid, in a grid of its shape squared, at each of `cells` (a patch of {x})."""
    return Step(name, ("shape({x})", "as_object({x})",
                       f"apply(compose(bind_left(shift, {{s1}}), bind_right(multiply, {{s0}})), {cells})",
                       "paint(canvas(0, multiply({s0}, {s0})), merge({s2}))"), cost=2.0, max_side=5)


def _fixed_steps() -> list[Step]:
    """Steps that take no parameters from the task."""
    same = {"same_shape": True}
    steps = [
        # The dihedral group (ARC-AGI-1 training 3c9b0459, 6150a2bd: a half turn; ed36ccf7: a quarter turn;
        # 68b16354, 67a3c6ac: mirrors; 74dd1130, 9dfd6313: the transpose; 88a62173 uses the anti-diagonal).
        Step("rotate_90", ("rotate_90({x})",)),
        Step("rotate_180", ("rotate_180({x})",), **same),
        Step("rotate_270", ("rotate_270({x})",)),
        Step("mirror_horizontal", ("mirror_horizontal({x})",), **same),
        Step("mirror_vertical", ("mirror_vertical({x})",), **same),
        Step("mirror_diagonal", ("mirror_diagonal({x})",)),
        Step("mirror_antidiagonal", ("mirror_antidiagonal({x})",)),
        # Parts of the grid (e3497940, dae9d2b5: halves; 2dee498d: a third; 27a28665, 746b3537 use the top half;
        # 1cf80156, 2013d3e2: compress).
        Step("top_half", ("top_half({x})",)),
        Step("bottom_half", ("bottom_half({x})",)),
        Step("left_half", ("left_half({x})",)),
        Step("right_half", ("right_half({x})",)),
        Step("left_third", ("first(split_left_right({x}, 3))",)),
        Step("middle_third_lr", ("split_left_right({x}, 3)[1]",)),
        Step("right_third", ("last(split_left_right({x}, 3))",)),
        Step("top_third", ("first(split_top_bottom({x}, 3))",)),
        Step("middle_third_tb", ("split_top_bottom({x}, 3)[1]",)),
        Step("bottom_third", ("last(split_top_bottom({x}, 3))",)),
        Step("trim", ("trim({x})",)),
        Step("compress", ("compress({x})",)),
        # Crops to objects (a740d043: the foreground; 23b5c85d, c909285e: the rarest colour; 5117e062: the most colourful).
        Step("crop_foreground", ("subgrid({x}, merge(objects({x}, False, True, True)))",)),
        Step("crop_rarest_colour", ("subgrid({x}, indices_of_colour({x}, least_common_colour({x})))",)),
        Step("crop_most_colourful", ("subgrid({x}, argmax(objects({x}, False, True, True), number_of_colours))",),
             cost=1.5),
        # Tilings and mirrored tilings (a416b8f3, 8be77c9e, 6f8cd79b, 8d5021e8: tiles; 3af2c5a8, 62c24649, 67e8384a,
        # 6fa7a44f, 4c4377d9: mirrored tiles).
        Step("tile_h", ("concat_horizontal({x}, {x})",), max_side=15),
        Step("tile_v", ("concat_vertical({x}, {x})",), max_side=15),
        Step("tile3_h", ("concat_horizontal(concat_horizontal({x}, {x}), {x})",), max_side=10),
        Step("tile3_v", ("concat_vertical(concat_vertical({x}, {x}), {x})",), max_side=10),
        Step("mirror_tile_h", ("concat_horizontal({x}, mirror_vertical({x}))",), max_side=15),
        Step("mirror_tile_h_rev", ("concat_horizontal(mirror_vertical({x}), {x})",), max_side=15),
        Step("mirror_tile_v", ("concat_vertical({x}, mirror_horizontal({x}))",), max_side=15),
        Step("mirror_tile_v_rev", ("concat_vertical(mirror_horizontal({x}), {x})",), max_side=15),
        # The grid in the top-left corner of a canvas of its background twice its size (d13f3404, then a smear).
        Step("embed:2", ("canvas(most_common_colour({x}), (2 * height({x}), 2 * width({x})))", "paint({s0}, as_object({x}))"),
             cost=1.5, max_side=15),
        Step("upscale_by_colours", ("upscale({x}, number_of_colours({x}))",), cost=1.5, max_side=15),
        # Scaled by the number of colours drawn on the background (ARC-AGI-1 training ac0a08a4, b91ae062).
        Step("upscale_by_foreground_colours", ("upscale({x}, number_of_colours({x}) - 1)",), cost=1.5, max_side=10),
        # The grid and its three rotations, turning clockwise around the centre (46442a0e, 7fe24cdd).
        Step("rotation_tile", ("concat_vertical(concat_horizontal({x}, rotate_90({x})), "
                               "concat_horizontal(rotate_270({x}), rotate_180({x})))",), cost=1.5, max_side=15),
        # Fractal: a copy of the grid wherever the grid is not 0 (and its complement).
        _fractal_where("fractal", nonzero("{x}")),
        _fractal_where("fractal_inverse", "indices_of_colour({x}, 0)"),
        # ... and wherever the grid has its most common colour (c3e719e8; one colour: `_task_steps`).
        _fractal_where("fractal:most_common", "indices_of_colour({x}, most_common_colour({x}))"),
        # Object edits that keep the shape.
        Step("keep_largest_object", ("paint(canvas(most_common_colour({x}), shape({x})), "
                                     "argmax(objects({x}, True, False, True), size))",), cost=1.5, **same),
        Step("erase_single_pixels", ("erase({x}, merge(size_filter(objects({x}, True, True, True), 1)))",),
             cost=1.5, **same),
        # Objects hollowed out to their bounding-box outline (ARC-AGI-1 training 4347f46a).
        Step("hollow_objects", ("erase({x}, merge(apply(lambda o: difference(to_indices(o), box_outline(o)), "
                                "objects({x}, True, False, True))))",), cost=1.5, **same),
        # Single-cell answers.
        Step("most_common_cell", ("canvas(most_common_colour({x}), (1, 1))",)),
        Step("least_common_cell", ("canvas(least_common_colour({x}), (1, 1))",)),
        # Colour summaries: the colours but the background (and the next most common one), most cells first, one
        # per row (ARC-AGI-1 training f8ff0b80, f8b3ba0a); the commonest colour drawn on black, once per cell of
        # it (d631b094).
        *(Step(f"colour_column:{skip}", (f"tuple((colour,) for colour in colours_by_count({{x}})[{skip}:])",))
          for skip in (1, 2)),
        Step("colour_count_row", ("first(remove(0, colours_by_count({x})))", "canvas({s0}, (1, colour_count({x}, {s0})))")),
    ]
    # Grids cut into blocks by full lines of one colour (`grid_cells`): the block unlike the others (ARC-AGI-1
    # training 2dc579da), the block with the most or fewest drawn cells (0520fde7, e98196ab: the same answer as
    # their logic steps) or colours, one pixel per block: its drawn colour (1190e5a7; 9f236235 then mirrored) or
    # how many cells it draws (6773b310, with the final colour map).
    background_cells = "lambda cell: colour_count(cell, most_common_colour({x}))"
    steps += [
        Step("cells:odd", ("odd_one_out(grid_cells({x}), identity)",), cost=1.5),
        Step("cells:odd_palette", ("odd_one_out(grid_cells({x}), palette)",), cost=1.5),
        Step("cells:odd_drawn", (f"odd_one_out(grid_cells({{x}}), {background_cells})",), cost=1.5),
        Step("cells:most_drawn", (f"argmin(grid_cells({{x}}), {background_cells})",), cost=1.5),
        Step("cells:least_drawn", (f"argmax(grid_cells({{x}}), {background_cells})",), cost=1.5),
        Step("cells:most_colours", ("argmax(grid_cells({x}), number_of_colours)",), cost=1.5),
        Step("cells:fewest_colours", ("argmin(grid_cells({x}), number_of_colours)",), cost=1.5),
        Step("cells:summary", ("cell_summary({x})",), cost=1.5),
        Step("cells:counts", ("cell_counts({x})",), cost=1.5),
    ]
    # Lines between two cells of one colour with only background between them (`join_cells`), along rows
    # (ARC-AGI-1 training 22eb0ac0), columns, or both diagonals (1f876c06); columns then rows: 40853293.
    steps += [Step("join:rows", ("join_cells({x}, RIGHT)",), cost=1.5, **same),
              Step("join:columns", ("join_cells({x}, DOWN)",), cost=1.5, **same),
              Step("join:diagonals", ("join_cells(join_cells({x}, DOWN_RIGHT), DOWN_LEFT)",), cost=1.5, **same)]
    # Every drawn cell smeared over the background until it meets another (`smear`), along rows, columns, both,
    # the diagonals, all eight directions or one diagonal: ARC-AGI-1 training 623ea044, ea786f4a (the diagonals),
    # d13f3404 (down-right, in a larger canvas), 445eab21 (all, after a downscale); the other directions complete
    # the family, as gravity's four directions do.
    for name, directions in SMEARS.items():
        steps.append(Step(f"smear:{name}", (f"smear({{x}}, {directions})",), cost=1.5, **same))
    # Runs of equal rows and columns kept once (746b3537, 90c28cc7).
    steps.append(Step("dedupe_lines", ("dedupe_lines({x})",)))
    # Noise removed by majority: every row (25d8a9c8), or every column, in its commonest colour, or whichever of the
    # two changes fewer cells (e26a3af2: stripes under noise, across in some pairs, down in others).
    rows = "tuple((most_common_colour((row,)),) * len(row) for row in {g})"
    changed = "sum(a != b for line, line_x in zip({g}, {{x}}) for a, b in zip(line, line_x))"
    steps += [Step("majority:rows", (rows.format(g="{x}"),), cost=1.5, **same),
              Step("majority:columns", ("mirror_diagonal({x})", f"mirror_diagonal({rows.format(g='{s0}')})"),
                   cost=1.5, **same),
              Step("majority:lines", (rows.format(g="{x}"), "mirror_diagonal({x})",
                                      f"mirror_diagonal({rows.format(g='{s1}')})",
                                      f"{{s0}} if {changed.format(g='{s0}')} <= {changed.format(g='{s2}')} else {{s2}}"),
                   cost=2.0, **same)]
    # Each colour's bounding box filled with it, over the background (56ff96f3: two corners of a rectangle).
    steps.append(Step("fill_colour_boxes", ("underpaint({x}, merge(apply(lambda o: recolour(bounding_box_indices(o), "
                                            "colour_of(o)), foreground_partition({x}))))",), cost=2.0, **same))
    # Symmetric completion about a centre that is not the grid's: the drawing copied to its images under a group
    # of mirrors and turns about the centre of everything drawn (ARC-AGI-1 training 11852cab), of the rarest colour
    # (4938f0c2), or of the one colour already symmetric (4c5c2cf0). Root only: the centre is read off the inputs.
    for group in ("d4", "rot4", "hv", "rot2", "h", "v"):
        centres = {"drawn": "cells_except({x}, most_common_colour({x}))",
                   "rarest": "indices_of_colour({x}, least_common_colour({x}))",
                   "symmetric": f"symmetric_colour({{x}}, {group!r})"}
        for centre, patch in centres.items():
            steps.append(Step(f"symmetrise_about:{group}:{centre}", (f"symmetrise_about({{x}}, {patch}, {group!r})",),
                              cost=2.0, root_only=True, **same))
    # Symmetric completion: the grid overlaid with a mirrored copy of itself (non-zero cells win).
    for mirror in MIRRORS:
        steps.append(Step(f"symmetrise:{mirror}", (f"{mirror}({{x}})",
                                                   "paint({x}, cells_except({s0}, 0))"),
                          cost=2.0, **same))
    for univalued, diagonal in OBJECT_KINDS:
        kind = f"{univalued[0]}{diagonal[0]}"
        objs = f"objects({{x}}, {univalued}, {diagonal}, True)"
        steps.append(Step(f"crop_largest:{kind}", (f"subgrid({{x}}, argmax({objs}, size))",), cost=1.5))
        steps.append(Step(f"crop_smallest:{kind}", (f"subgrid({{x}}, argmin({objs}, size))",), cost=1.5))
    steps += _logic_steps("split_left_right({x}, 2)", "lr")
    steps += _logic_steps("split_top_bottom({x}, 2)", "tb")
    steps += _overlay3_steps("split_left_right({x}, 3)", "lr")
    steps += _overlay3_steps("split_top_bottom({x}, 3)", "tb")
    return steps


SMEARS = {"rows": "(LEFT, RIGHT)", "columns": "(UP, DOWN)", "cross": "(UP, DOWN, LEFT, RIGHT)",
          "diagonals": "(UP_LEFT, UP_RIGHT, DOWN_LEFT, DOWN_RIGHT)",
          "all": "(UP, DOWN, LEFT, RIGHT, UP_LEFT, UP_RIGHT, DOWN_LEFT, DOWN_RIGHT)",
          # One diagonal direction (d13f3404: after the grid is put in a canvas twice its size).
          "up_left": "(UP_LEFT,)", "up_right": "(UP_RIGHT,)", "down_left": "(DOWN_LEFT,)", "down_right": "(DOWN_RIGHT,)"}
MIRRORS = ("mirror_horizontal", "mirror_vertical", "mirror_diagonal", "mirror_antidiagonal",
           "rotate_90", "rotate_180", "rotate_270")
DIRECTIONS = {"up": "UP", "down": "DOWN", "left": "LEFT", "right": "RIGHT"}
# The background components of a grid that do not touch its border (holes enclosed by shapes).
ENCLOSED = ("keep_if(colour_filter(objects({x}, True, False, False), most_common_colour({x})), "
            "lambda o: uppermost(o) > 0 and leftmost(o) > 0 and lowermost(o) < height({x}) - 1 "
            "and rightmost(o) < width({x}) - 1)")


def _drawing_steps(draw: Sequence[int], marks: Sequence[int]) -> list[Step]:
    """Steps that draw on the grid: `draw` are colours the outputs paint with, `marks` colours of the
    inputs (for lines between same-coloured cells and for masks hiding part of a symmetric picture)."""
    same = {"same_shape": True}
    steps = []
    # Outlines (4258a5f9), gaps in objects' boxes (3aa6fb7a, 6d75e8bb, 60b61512), enclosed holes filled (00d62c1b,
    # a5313dff), the largest or smallest object recoloured (2281f1f4; b230c067, a61f2674, c0f76784).
    for colour in draw:
        steps += [
            Step(f"outline_objects:{colour}", (f"underfill({{x}}, {colour}, merge(apply(outer_box_outline, "
                                               "objects({x}, False, True, True))))",), cost=2.0, **same),
            Step(f"fill_box_gaps:{colour}", (f"underfill({{x}}, {colour}, merge(apply(bounding_box_delta, "
                                             "objects({x}, True, False, True))))",), cost=2.0, **same),
            Step(f"fill_enclosed:{colour}", (f"fill({{x}}, {colour}, merge({ENCLOSED}))",), cost=2.0, **same),
            Step(f"recolour_largest:{colour}", (f"paint({{x}}, recolour(argmax(objects({{x}}, True, False, True), "
                                                f"size), {colour}))",), cost=2.0, **same),
            Step(f"recolour_smallest:{colour}", (f"paint({{x}}, recolour(argmin(objects({{x}}, True, False, True), "
                                                 f"size), {colour}))",), cost=2.0, **same),
        ]
    for colour in marks:
        points = f"indices_of_colour({{x}}, {colour})"
        # Lines between cells of the colour (only for a few cells: the pairs grow quadratically; ded97339, 253bf280,
        # and 1f876c06 diagonally).
        few = f"if colour_count({{x}}, {colour}) <= {MAX_LINE_ENDS} else {{x}}"
        steps.append(Step(f"connect:{colour}", (f"underfill({{x}}, {colour}, merge(apply_to_product(lambda a, b: "
                                                "line_between(a, b) if a[0] == b[0] or a[1] == b[1] else "
                                                f"frozenset(), {points}, {points}))) {few}",), cost=2.0, **same))
        steps.append(Step(f"connect_diagonal:{colour}", (f"underfill({{x}}, {colour}, merge(apply_to_product("
                                                         f"line_between, {points}, {points}))) {few}",),
                          cost=2.5, **same))
        for mirror in MIRRORS:
            # Cells hidden under the mask colour take the value of the mirrored cell (b8825c91, 963e52fc, 54d9e175).
            steps.append(Step(f"unmask:{mirror}:{colour}",
                              (f"{mirror}({{x}})", f"paint({{x}}, to_object({{s0}}, {points}))"), cost=2.5, **same))
            steps.append(Step(f"unmask_crop:{mirror}:{colour}",
                              (f"{mirror}({{x}})", f"subgrid(to_object({{s0}}, {points}), {{s0}})"), cost=2.5))
    for name, direction in DIRECTIONS.items():
        # Every cell-object shoots a line of its own colour in one direction, over the background only (d037b0a7,
        # 56ff96f3).
        steps.append(Step(f"rays:{name}", (f"underpaint({{x}}, merge(apply(fork(recolour, compose(bind_right(ray, "
                                           f"{direction}), centre), colour_of), objects({{x}}, True, False, True))))",),
                          cost=2.0, **same))
    return steps


# Background of a grid: its most common colour.
BACKGROUND = "most_common_colour({x})"


def _gravity_right(grid: str, background: str) -> str:
    """Every row's background cells moved to its left end, the other cells kept in order at its right."""
    return (f"tuple(tuple(v for v in row if v == {background}) + tuple(v for v in row if v != {background}) "
            f"for row in {grid})")


def _object_steps() -> list[Step]:
    """Whole-grid steps that treat cells or objects one by one: gravity, per-object recolouring by size
    (the final colour map then turns the size code into the output colours), the odd object out. Each
    comment names ARC-AGI-1 training tasks the step alone (with the colour map) fits."""
    same = {"same_shape": True}
    objs = "objects({x}, True, False, True)"
    return [
        # Cell gravity: every non-background cell falls as far as it can (1e0a9b12 down, 3906de3d up).
        Step("gravity:right", (BACKGROUND, _gravity_right("{x}", "{s0}")), cost=2.0, **same),
        *(Step(f"gravity:{name}", (f"{turn}({{x}})", BACKGROUND, _gravity_right("{s0}", "{s1}"), f"{turn}({{s2}})"),
               cost=2.0, **same)
          for name, turn in (("left", "mirror_vertical"), ("down", "mirror_diagonal"), ("up", "mirror_antidiagonal"))),
        # Each object recoloured by its size, capped at 9 (6e82a1ae, a61f2674, d2abd087, e8593010).
        Step("recolour_by_size", (f"paint({{x}}, merge(apply(lambda o: recolour(o, min(size(o), 9)), {objs})))",),
             cost=2.0, **same),
        # The object whose colour is rarest, cut out (1f85a75f, 23b5c85d, c909285e, de1cd16c).
        Step("crop_odd_colour", (f"argmin({objs}, lambda o: colour_count({{x}}, colour_of(o)))", "subgrid({x}, {s0})"),
             cost=2.0, root_only=True),
    ]


def _mark_steps(marks: Sequence[int]) -> list[Step]:
    """Cells hidden under a mask colour of the inputs restored from the picture's symmetry or period: the
    whole grid, or only the hidden part cut out. Training tasks each fits alone: repair_pattern (and
    complete_pattern) 0dfd9992, 29ec7d0e, 484b58aa, c3f564a4, f9012d9b (cropped); complete_pattern alone 05269061 (a
    period along the diagonals: `repair_pattern` reads rows and columns only, but it tolerates cells that break
    the period, which `complete_pattern` refuses); repair_symmetry 496994bd, b8825c91;
    repair_symmetry_crop 9ecd008a, dc0a314f, ff805c23; complete_symmetry 3631a71a (the picture's mirror axes are
    not the grid's: it is symmetric about a line one cell off the middle)."""
    same = {"same_shape": True}
    steps = []
    for colour in marks:
        for repair in ("repair_symmetry", "complete_symmetry", "repair_pattern", "complete_pattern"):
            steps.append(Step(f"{repair}:{colour}", (f"{repair}({{x}}, {colour})",), cost=2.0, root_only=True, **same))
            steps.append(Step(f"{repair}_crop:{colour}", (f"{repair}({{x}}, {colour})",
                                                          f"subgrid({{s0}}, indices_of_colour({{x}}, {colour}))"),
                              cost=2.5, root_only=True))
    return steps


def _crop_by_property_steps(colours: Sequence[int]) -> list[Step]:
    """The object (of each kind) with the most cells of one colour, or the most or fewest colours, cut out
    of the input. Of the 17 ARC-AGI-1 training tasks whose every answer is an object's crop, 6 were not solved
    at 2 s; in e50d258f the answer is the piece with the most red cells (the step fits two of its three
    demonstrations: in the first, the pieces' own colour is the grid's commonest, so `objects` cuts them apart),
    and its test answer is then reported as the best partial fit. Root only: they read the task's own objects,
    so each adds one state per task."""
    steps = []
    # The four kinds of `objects` on the grid's commonest colour, and pieces on black (`compartments` with walls of
    # 0: where black is not the commonest colour, 8efcae92's blue pieces are the background of `objects`).
    kinds = [(f"{univalued[0]}{diagonal[0]}", f"objects({{x}}, {univalued}, {diagonal}, True)")
             for univalued, diagonal in OBJECT_KINDS] + [("K0", "compartments({x}, 0)")]
    for kind, objs in kinds:
        for colour in colours:
            steps.append(Step(f"crop_most_of:{colour}:{kind}",
                              (f"subgrid({{x}}, argmax({objs}, lambda o: colour_count(o, {colour})))",),
                              cost=2.0, root_only=True))
        for select in ("argmax", "argmin"):
            steps.append(Step(f"crop_{select}_colours:{kind}", (f"subgrid({{x}}, {select}({objs}, number_of_colours))",),
                              cost=2.0, root_only=True))
        # The piece whose shape the most pieces share (39a8645d), the piece that is its own mirror image (72ca375d).
        steps.append(Step(f"crop_common_shape:{kind}", (objs, "most_common(tuple(normalise(to_indices(o)) for o in {s0}))",
                                                        "first_match({s0}, lambda o: normalise(to_indices(o)) == {s1})",
                                                        "subgrid({x}, {s2})"),
                          cost=2.0, root_only=True))
        steps.append(Step(f"crop_symmetric:{kind}", (f"argmax({objs}, lambda o: subgrid({{x}}, o) == "
                                                     "mirror_vertical(subgrid({x}, o)))", "subgrid({x}, {s0})"),
                          cost=2.0, root_only=True))
    return steps


def _changed_colours(task: Task) -> list[int]:
    """Colours that same-shape demonstration outputs paint over their inputs (most used first); for
    tasks that change the shape, the output colours missing from the inputs."""
    counts: dict[int, int] = {}
    for e in task.train:
        if len(e.input) == len(e.output) and len(e.input[0]) == len(e.output[0]):
            for row_in, row_out in zip(e.input, e.output, strict=True):
                for a, b in zip(row_in, row_out, strict=True):
                    if a != b:
                        counts[b] = counts.get(b, 0) + 1
    if not counts:
        inputs = {c for e in task.train for row in e.input for c in row}
        counts = {c: 1 for e in task.train for row in e.output for c in row if c not in inputs}
    return sorted(counts, key=lambda c: (-counts[c], c))


def _ratios(pairs: Sequence[tuple[Grid, Grid]]) -> tuple[set[int], set[int]]:
    """Integer factors by which outputs are larger (up) or smaller (down) than inputs, per side."""
    up, down = set(), set()
    for grid_in, grid_out in pairs:
        for a, b in ((len(grid_in), len(grid_out)), (len(grid_in[0]), len(grid_out[0]))):
            if b > a and b % a == 0:
                up.add(b // a)
            if a > b and a % b == 0:
                down.add(a // b)
    return up, down


def _task_steps(task: Task) -> list[Step]:
    """Steps whose parameters come from the task: scale factors and colours."""
    pairs = [(e.input, e.output) for e in task.train]
    up, down = _ratios(pairs)
    steps = []
    # Scalings by the pairs' own factors, and by 2 and 3 (c59eb873, f25fbde4, 9172f3a0: up; 6d0aefbc, 4c4377d9: along
    # one side; d4469b4b, 44f52bb0, d10ecb37, 239be575: down).
    for k in sorted(up | {2, 3}):
        if k <= 10:
            steps.append(Step(f"upscale:{k}", (f"upscale({{x}}, {k})",), max_side=30 // k))
            steps.append(Step(f"upscale_h:{k}", (f"upscale_horizontal({{x}}, {k})",), max_side=30 // k))
            steps.append(Step(f"upscale_v:{k}", (f"upscale_vertical({{x}}, {k})",), max_side=30 // k))
    for k in sorted(down | {2, 3}):
        if k <= 10:
            steps.append(Step(f"downscale:{k}", (f"downscale({{x}}, {k})",)))
            # Each k×k block's commonest colour (5614dbcf: blocks under noise; `downscale` reads one cell per block).
            steps.append(Step(f"downscale_majority:{k}", (f"tuple(tuple(most_common_colour(crop({{x}}, (r, c), ({k}, {k}))) "
                                                          f"for c in range(0, width({{x}}) - {k} + 1, {k})) "
                                                          f"for r in range(0, height({{x}}) - {k} + 1, {k}))",), cost=1.5))
    # One output shape in every pair: that rectangle cut from each corner (ARC-AGI-1 training d10ecb37; 2013d3e2
    # after a crop to the drawing). Not for outputs under MIN_CUT_CELLS cells: after a colour map, a cut that
    # small matches the demonstrations by chance after almost any step.
    shapes = {(len(e.output), len(e.output[0])) for e in task.train}
    h, w = next(iter(shapes))
    if len(shapes) == 1 and h * w >= MIN_CUT_CELLS:
        for name, start in (("top_left", "(0, 0)"), ("top_right", f"(0, width({{x}}) - {w})"),
                            ("bottom_left", f"(height({{x}}) - {h}, 0)"),
                            ("bottom_right", f"(height({{x}}) - {h}, width({{x}}) - {w})")):
            steps.append(Step(f"corner:{name}:{h}x{w}", (f"crop({{x}}, {start}, ({h}, {w}))",)))
    colours = sorted({c for e in task.train + task.test for row in e.input for c in row})
    steps += _drawing_steps(_changed_colours(task)[:MAX_DRAW_COLOURS], colours)
    # Mask colours are colours every input has.
    everywhere = [c for c in colours if all(any(c in row for row in e.input) for e in task.train + task.test)]
    steps += _mark_steps(everywhere)
    # All cells of one colour slide as one piece toward the rest until they touch it (ARC-AGI-1 training 05f2a901).
    steps += [Step(f"move_to_contact:{colour}", ("foreground_partition({x})", f"first(colour_filter({{s0}}, {colour}))",
                                                 "merge(remove({s1}, {s0}))",
                                                 "move({x}, {s1}, gravitate_offset({s1}, {s2}))"), cost=2.0,
                   same_shape=True) for colour in everywhere]
    # The smallest objects slide toward a larger object of one colour until they touch it (`attract`; a48eeaf7), or
    # toward the larger object of their own colour, those with none in line vanishing (1a07d186, d687bc17) or staying.
    steps += [Step(f"attract:{colour}", (f"attract({{x}}, {colour}, True)",), cost=2.0, same_shape=True)
              for colour in everywhere]
    steps += [Step(f"attract:own{':keep' if keep else ''}", (f"attract({{x}}, None, {keep})",), cost=2.0, same_shape=True)
              for keep in (False, True)]
    # ... or draw a line of their colour along their row or column up to it (`extend_to`; d43fd935, and 2c608aff on
    # ranked colours: the target is the largest piece, whatever its colour).
    steps += [Step(f"extend_to:{colour}", (f"extend_to({{x}}, {colour})",), cost=2.0, same_shape=True)
              for colour in everywhere]
    steps += _crop_by_property_steps(colours)
    # Pieces of one colour take the colour of the nearest other drawn cell (ARC-AGI-1 training 2204b7a8: of the
    # nearer border line; ddf7fa4f: of the marker above). Root only.
    steps += [Step(f"recolour_by_nearest:{colour}", (f"recolour_by_nearest({{x}}, {colour})",), cost=2.0,
                   same_shape=True, root_only=True) for colour in everywhere if colour]
    # The grid cut to the box a colour draws as a rectangle outline or four corner marks: inside it (ARC-AGI-1
    # training 1c786137), with it (c909285e), or inside it with every drawn cell in the frame's colour (3de23699).
    inside = "subgrid({x}, difference({s0}, box_outline({s0})))"
    steps += [Step("frame:inside", ("frame_box({x})", inside), cost=1.5),
              Step("frame:with", ("frame_box({x})", "subgrid({x}, {s0})"), cost=1.5),
              Step("frame:inside_recoloured", ("frame_box({x})", inside, "colour_at({x}, upper_left_corner({s0}))",
                                               "fill({s1}, {s2}, difference(all_indices({s1}), "
                                               "indices_of_colour({s1}, most_common_colour({x}))))"), cost=2.0)]
    # Blank rows and columns painted with a drawing colour, whole (ARC-AGI-1 training c1d99e64) or inside a
    # one-cell frame (2bee17df). Root only.
    steps += [Step(f"fill_blank_lines:{colour}:{margin}", (f"fill_blank_lines({{x}}, {colour}, {margin})",), cost=2.0,
                   same_shape=True, root_only=True)
              for colour in _changed_colours(task)[:MAX_DRAW_COLOURS] for margin in (0, 1)]
    # A many-coloured template copied onto placeholder pieces of its shape (ARC-AGI-1 training e76a88a6; 321b1fc6,
    # the template erased) or centred on placeholder cells (88a10436). Root only.
    steps += [Step(f"paste_template:{colour}{':centred' if centred else ''}{':moved' if erase else ''}",
                   (f"paste_template({{x}}, {colour}, {centred}, {erase})",), cost=2.0, same_shape=True, root_only=True)
              for colour in everywhere if colour for centred in (False, True) for erase in (False, True)]
    # Cells of one colour linked along rows, columns or both by lines of a drawing colour (ARC-AGI-1 training
    # a699fb00, dbc1a6ce), or of their own colour across the grid's lines (06df4c85: the lines are the commonest
    # colour but black). Root only; plain same-colour joins are the `join:` steps.
    through = {"": "None", ":across_lines": "first(remove(0, colours_by_count({x})))"}
    for name, directions in (("rows", "(RIGHT,)"), ("columns", "(DOWN,)"), ("both", "(RIGHT, DOWN)")):
        for tag, across in through.items():
            for colour in [None, *_changed_colours(task)[:MAX_DRAW_COLOURS]]:
                if colour is not None or tag:
                    steps.append(Step(f"link:{name}:{colour}{tag}", (f"link_cells({{x}}, {directions}, {colour}, {across})",),
                                      cost=2.0, same_shape=True, root_only=True))
    # The colours listed in the order their bands come (ARC-AGI-1 training 4be741c5), and cells touching the rest
    # only at a corner continued along that diagonal (7ddcd7ec). Root only.
    steps += [Step("colour_bands", ("colour_bands({x})",), cost=1.5, root_only=True),
              Step("diagonal_tails", ("extend_diagonal_tails({x})",), cost=1.5, same_shape=True, root_only=True)]
    steps += fitted_steps(task, colours)
    for colour in colours:
        # Only this colour kept, every other cell turned to the background (dc1df850: the red cells kept and outlined,
        # painted over the input). Root only: the colour is read off the task's own inputs.
        steps.append(Step(f"keep_colour:{colour}", (f"fill(canvas(most_common_colour({{x}}), shape({{x}})), {colour}, "
                                                    f"indices_of_colour({{x}}, {colour}))",), cost=1.5, same_shape=True,
                          root_only=True))
        steps.append(Step(f"crop_colour:{colour}", (f"subgrid({{x}}, indices_of_colour({{x}}, {colour}))",), cost=1.5))
        # A copy of the grid wherever it has this colour (cce03e0d: wherever it is red).
        steps.append(_fractal_where(f"fractal:{colour}", f"indices_of_colour({{x}}, {colour})"))
        steps.append(Step(f"erase_colour:{colour}", (f"replace_colour({{x}}, {colour}, most_common_colour({{x}}))",),
                          cost=1.5, same_shape=True))
    return steps


def catalogue(task: Task) -> list[Step]:
    """Every step the search may use on this task, compiled, cheapest first."""
    steps = _fixed_steps() + _object_steps() + _task_steps(task)
    return sorted((compile_step(step) for step in steps), key=lambda s: s.cost)
