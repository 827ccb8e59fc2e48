"""Steps whose parameters are fitted on a task's demonstrations: a colour priority for parts laid on each other,
a count's layout, a property → colour table for objects, the measure that picks a one-colour answer, a lookup
among the demonstrations' outputs. Each fitter reads only the demonstrations (and the test inputs, to refuse
when the fit does not know them); each step is root only and is emitted with its fitted table as a literal.
`fitted_steps(task, colours)` lists them for the catalogue."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from data.grid import Grid
from data.task import Task
from solvers.search.steps import OBJECT_KINDS, Step, compile_step

# A fitted table longer than this as program text is not offered: the found program should stay a program a
# reader (and a student trained on it) can follow, not a stored answer.
MAX_LITERAL_CHARS = 2000


def fitted_steps(task: Task, colours: Sequence[int]) -> list[Step]:
    """Every fitted step that fits this task's demonstrations (and whose literal is at most MAX_LITERAL_CHARS)."""
    steps = (_priority_overlay_steps(task) + _count_layout_steps(task, colours) + _property_recolour_steps(task)
             + _colour_pick_steps(task) + _lookup_steps(task) + _box_recolour_steps(task) + _ray_steps(task)
             + _template_steps(task) + _line_recolour_steps(task) + _property_crop_steps(task)
             + _colour_smear_steps(task) + _rectangle_steps(task))
    return [step for step in steps if sum(map(len, step.lines)) <= MAX_LITERAL_CHARS]


def _same_shapes(pairs: Sequence[tuple[Grid, Grid]]) -> bool:
    """Whether every demonstration's output has its input's shape."""
    return all((len(a), len(a[0])) == (len(b), len(b[0])) for a, b in pairs)


def _cell_pairs(pairs: Sequence[tuple[Grid, Grid]]) -> set[tuple[int, int]]:
    """Every (input colour, output colour) of a cell over the same-shape demonstration pairs."""
    return {(u, v) for a, b in pairs if (len(a), len(a[0])) == (len(b), len(b[0]))
            for ra, rb in zip(a, b, strict=True) for u, v in zip(ra, rb, strict=True)}


# How a grid is cut into same-shape parts for `overlay_by_priority`: blocks between separator lines, or equal
# blocks (rows × columns).
PART_SPLITS = {"cells": "grid_cells({x})"} | {f"{r}x{c}": f"split_grid({{x}}, {r}, {c})"
                                             for r, c in ((1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4), (4, 1))}


def fit_priority(pairs: Sequence[tuple[Sequence[Grid], Grid]]) -> tuple[int, ...] | None:
    """A colour order under which laying each pair's parts on each other gives its output, or None.

    Every output cell must show one of its parts' colours there, beating the others; the order is a topological
    order of those "beats" (colours no pair orders come before 0, the usual background, and otherwise by value)."""
    beats: set[tuple[int, int]] = set()
    for parts, output in pairs:
        if len(parts) < 2 or any((len(p), len(p[0]) if p else 0) != (len(output), len(output[0])) for p in parts):
            return None
        for r, row in enumerate(output):
            for c, value in enumerate(row):
                cells = {part[r][c] for part in parts}
                if value not in cells:
                    return None
                beats |= {(value, other) for other in cells if other != value}
    order: list[int] = []
    waiting = {colour: {a for a, b in beats if b == colour} for colour in range(10)}
    while waiting:
        ready = [colour for colour, before in waiting.items() if not before - set(order)]
        if not ready:
            return None  # a cycle: no order explains the demonstrations
        colour = min(ready, key=lambda c: (c == 0, c))
        order.append(colour)
        del waiting[colour]
    return tuple(order)


def _priority_overlay_steps(task: Task) -> list[Step]:
    """The input cut into same-shape parts laid on each other by a colour priority fitted on the demonstrations
    (ARC-AGI-1 training 75b8110e: four quadrants; a68b268e: four blocks between lines; e98196ab: two). Root only."""
    steps = []
    for tag, expression in PART_SPLITS.items():
        cut = compile_step(Step("parts", (expression,))).function
        try:
            priority = fit_priority([(cut(e.input), e.output) for e in task.train])
        except IndexError:  # an input with fewer rows or columns than the cut makes parts
            continue
        if priority is not None:
            steps.append(Step(f"overlay_parts:{tag}", (f"overlay_by_priority({expression}, {priority})",), cost=2.0,
                              root_only=True))
    return steps


def _count_features(colours: Sequence[int]) -> dict[str, str]:
    """Counts read off a grid, by name: objects of each kind, objects of a colour (all, or those larger than a
    pixel), cells of a colour."""
    features = {f"objects:{u[0]}{d[0]}": f"size(objects({{x}}, {u}, {d}, True))" for u, d in OBJECT_KINDS}
    for colour in colours:
        pieces = f"colour_filter(objects({{x}}, True, False, True), {colour})"
        features[f"objects:{colour}"] = f"size({pieces})"
        features[f"blocks:{colour}"] = f"size(keep_if({pieces}, lambda piece: size(piece) > 1))"
        features[f"cells:{colour}"] = f"colour_count({{x}}, {colour})"
    return features


def fit_count_layout(counts: Sequence[int], outputs: Sequence[Grid]) -> tuple[int, int, tuple[tuple[int, int], ...]] | None:
    """(background, colour, cells) such that each output is a background canvas with its count's first cells drawn
    in the colour, or None. The outputs share one shape and at most two colours (either may be the background,
    the commoner tried first) and their drawn cells grow with the count (each output's cells are the first
    `count` of the next larger one); cells first drawn at the same count are ordered row by row."""
    shapes = {(len(o), len(o[0])) for o in outputs}
    colours = {v for o in outputs for row in o for v in row}
    if len(shapes) != 1 or len(colours) > 2 or len(set(counts)) < 2:
        return None
    tally = {v: sum(row.count(v) for o in outputs for row in o) for v in colours}
    for background in sorted(colours, key=lambda v: (-tally[v], v)):  # the commonest colour first
        first: dict[tuple[int, int], int] = {}
        for count, o in sorted(zip(counts, outputs, strict=True), key=lambda pair: pair[0]):
            drawn = {(r, c) for r, row in enumerate(o) for c, v in enumerate(row) if v != background}
            if len(drawn) != count or not set(first) <= drawn:
                break
            first |= {cell: count for cell in drawn - set(first)}
        else:
            colour = min(colours - {background}, default=background)
            return background, colour, tuple(sorted(first, key=lambda cell: (first[cell], cell)))
    return None


def _count_layout_steps(task: Task, colours: Sequence[int]) -> list[Step]:
    """A fixed-shape output with as many cells drawn, in a fixed order, as the input has of something (ARC-AGI-1
    training 1fad071e: one blue cell per blue 2×2 square, left to right; ff28f65a: one per red square, in a
    chequered order). Root only: the layout is fitted on the demonstrations."""
    steps = []
    for name, expression in _count_features(colours).items():
        count = compile_step(Step("count", (expression,))).function
        layout = fit_count_layout([count(e.input) for e in task.train], [e.output for e in task.train])
        if layout is not None:
            background, colour, cells = layout
            h, w = len(task.train[0].output), len(task.train[0].output[0])
            steps.append(Step(f"count_layout:{name}", (expression, f"fill(canvas({background}, ({h}, {w})), {colour}, "
                                                                   f"frozenset({cells}[:{{s0}}]))"),
                              cost=2.0, root_only=True))
    return steps


def fit_property_recolour(pairs: Sequence[tuple[Grid, Grid]], tests: Sequence[Grid], found: Callable[[Grid], frozenset],
                          ) -> tuple[str, dict] | None:
    """(property, table) such that recolouring each object `found` in a grid by table[(colour, property)]
    (`recolour_by_property`) turns every input into its output, or None. Each object must take one colour, every
    other cell stay; the first property (OBJECT_PROPERTIES order) whose table is consistent, changes something and
    knows every object of the test inputs wins."""
    from arc_dsl import OBJECT_PROPERTIES, object_property

    if not _same_shapes(pairs):
        return None
    objects_in = [found(a) for a, _ in pairs]
    outcomes = []
    for (a, b), objs in zip(pairs, objects_in, strict=True):
        new = {obj: {b[r][c] for _, (r, c) in obj} for obj in objs}
        covered = {point for obj in objs for _, point in obj}
        if any(len(colours) != 1 for colours in new.values()) or any(
                a[r][c] != b[r][c] for r in range(len(a)) for c in range(len(a[0])) if (r, c) not in covered):
            return None
        outcomes.append({obj: colours.pop() for obj, colours in new.items()})
    test_objects = [(grid, found(grid)) for grid in tests]
    for name in OBJECT_PROPERTIES:
        table: dict = {}
        consistent = all(table.setdefault((next(iter(obj))[0], object_property(obj, objs, a, name)), outcome[obj])
                         == outcome[obj] for (a, _), objs, outcome in zip(pairs, objects_in, outcomes, strict=True)
                         for obj in objs)
        if not consistent or all(key[0] == colour for key, colour in table.items()):
            continue  # a clash, or a table that recolours nothing
        if all((next(iter(obj))[0], object_property(obj, objs, grid, name)) in table
               for grid, objs in test_objects for obj in objs):
            return name, table
    return None


def _property_recolour_steps(task: Task) -> list[Step]:
    """Objects recoloured by a property fitted on the demonstrations, with a (colour, value) → colour table: the
    pieces not black (ARC-AGI-1 training 810b9b61, b2862040: pieces with a hole; d2abd087: of six cells; aedd82e4:
    the smallest; e509e548: by their bends), else the objects of the colours the demonstrations change, black
    regions too (6455b5f5: the largest and smallest black regions; 44d8ac46: square holes; 941d9a10: by the edges
    they touch). Root only; the first field and connectivity that fits."""
    from arc_dsl import colour_objects, pieces

    pairs = [(e.input, e.output) for e in task.train]
    changed = tuple(sorted({a for a, b in _cell_pairs(pairs) if a != b}))
    fields = [(f"pieces({{x}}, {d})", lambda g, d=d: pieces(g, d)) for d in (True, False)]
    if 0 < len(changed) <= 3:
        fields += [(f"colour_objects({{x}}, {d}, {changed})", lambda g, d=d: colour_objects(g, d, changed))
                   for d in (False, True)]
    # Whole objects first; cells by their role in their object only when no whole-object table fits.
    for fitter, tag, primitive, cost in ((fit_property_recolour, "recolour_by", "recolour_by_property", 2.0),
                                         (fit_cell_roles, "recolour_roles", "recolour_cell_roles", 2.5)):
        for expression, found in fields:
            fit = fitter(pairs, [e.input for e in task.test], found)
            if fit is not None:
                name, table = fit
                return [Step(f"{tag}:{name}", (expression, f"{primitive}({{x}}, {{s0}}, {name!r}, "
                                                           f"dict({tuple(sorted(table.items()))!r}))"),
                             cost=cost, root_only=True)]
    return []


# The object properties a cell's role may be qualified by (`recolour_cell_roles`): none, then a few by size.
ROLE_PROPERTIES = (None, "largest", "smallest", "size_rank", "size")


def fit_cell_roles(pairs: Sequence[tuple[Grid, Grid]], tests: Sequence[Grid], found: Callable[[Grid], frozenset],
                   ) -> tuple[str | None, dict] | None:
    """(property, table) such that painting each cell of each object `found` table[(colour, cell_role, property)]
    (`recolour_cell_roles`) turns every input into its output, or None: every cell outside the objects stays, the
    table is consistent, changes something, knows every test cell and has at most 40 entries."""
    from arc_dsl import cell_role, object_property, to_indices

    if not _same_shapes(pairs):
        return None

    def keyed(grid: Grid, objs: frozenset, name: str | None) -> list[tuple[tuple, tuple[int, int]]]:
        rows = []
        for obj in objs:
            value = object_property(obj, objs, grid, name) if name else None
            points = to_indices(obj)
            rows += [((colour, *cell_role(points, point), value), point) for colour, point in obj]
        return rows

    objects_in = [found(a) for a, _ in pairs]
    for (a, b), objs in zip(pairs, objects_in, strict=True):
        covered = {point for obj in objs for _, point in obj}
        if any(a[r][c] != b[r][c] for r in range(len(a)) for c in range(len(a[0])) if (r, c) not in covered):
            return None
    for name in ROLE_PROPERTIES:
        table: dict = {}
        if not all(table.setdefault(key, b[r][c]) == b[r][c] for (a, b), objs in zip(pairs, objects_in, strict=True)
                   for key, (r, c) in keyed(a, objs, name)):
            continue
        if all(key[0] == colour for key, colour in table.items()) or len(table) > 40:
            continue
        if all(key in table for grid in tests for key, _ in keyed(grid, found(grid), name)):
            return name, table
    return None


# Per colour c of a grid {x}: measures a one-colour answer can be picked by (the colour with the most or fewest).
COLOUR_MEASURES = {
    "cells": "colour_count({x}, c)",
    "objects": "size(colour_filter(objects({x}, True, True, False), c))",
    "largest_object": "max_value(colour_filter(objects({x}, True, True, False), c), size)",
    "holes": "sum(hole_count(piece) for piece in colour_filter(objects({x}, True, True, False), c))",
    "box_area": "size(bounding_box_indices(indices_of_colour({x}, c)))",
}
# Which colours compete: those drawn on the background (the commonest colour), or all.
COLOUR_FIELDS = {"drawn": "remove(most_common_colour({x}), palette({x}))", "all": "palette({x})"}


def _colour_pick_steps(task: Task) -> list[Step]:
    """A one-colour answer (of a fixed shape or the input's) in the colour with the most or fewest of a measure,
    picked when it is the only such colour on every demonstration and test input (ARC-AGI-1 training b9b7f026: the
    piece with a hole; de1cd16c: the region with the most specks inside; d9fac9be: the colour whose pieces are
    smallest; 445eab21: the largest box). Root only."""
    outputs = [e.output for e in task.train]
    if any(len({v for row in o for v in row}) != 1 for o in outputs):
        return []
    shapes = {(len(o), len(o[0])) for o in outputs}
    if all((len(e.input), len(e.input[0])) == (len(e.output), len(e.output[0])) for e in task.train):
        size = "shape({x})"
    elif len(shapes) == 1:
        size = repr(next(iter(shapes)))
    else:
        return []
    steps = []
    for field_name, among in COLOUR_FIELDS.items():
        for measure, value in COLOUR_MEASURES.items():
            values = compile_step(Step("values", (f"tuple((c, {value}) for c in {among})",))).function
            scored = [dict(values(e.input)) for e in task.train + task.test]
            for pick, best in (("argmax", max), ("argmin", min)):
                winners = [[c for c, v in s.items() if v == best(s.values())] if s else [] for s in scored]
                if all(len(w) == 1 for w in winners) and all(
                        w[0] == o[0][0] for w, o in zip(winners, outputs, strict=False)):
                    steps.append(Step(f"colour_canvas:{pick}:{measure}:{field_name}",
                                      (f"{pick}({among}, lambda c: {value})", f"canvas({{s0}}, {size})"),
                                      cost=2.0, root_only=True))
    return steps


# Keys read off a grid that may choose among a few fixed answers (`_lookup_steps`).
LOOKUP_KEYS = {
    "colours": "number_of_colours({x})",
    "drawn_colours": "tuple(sorted(remove(0, palette({x}))))",
    "objects": "size(objects({x}, True, False, True))",
    "objects8": "size(objects({x}, True, True, True))",
    "drawn_cells": "multiply(height({x}), width({x})) - colour_count({x}, 0)",
}


def _lookup_steps(task: Task) -> list[Step]:
    """The answer is one of the demonstrations' outputs, chosen by a key of the input (ARC-AGI-1 training 6e02f1e3:
    by the number of colours; d4469b4b: by the colour drawn). Only when some key value repeats across the
    demonstrations (fewer values than pairs: otherwise any key that differs per pair would "fit"), each value
    means one output, there are at least two outputs, and every test input's value is known. Root only."""
    outputs = [e.output for e in task.train]
    if len(set(outputs)) < 2:
        return []
    steps = []
    for name, expression in LOOKUP_KEYS.items():
        key = compile_step(Step("key", (expression,))).function
        table: dict = {}
        if all(table.setdefault(key(e.input), e.output) == e.output for e in task.train) and \
                len(table) < len(task.train) and all(key(e.input) in table for e in task.test):
            steps.append(Step(f"lookup:{name}", (expression, f"dict({tuple(sorted(table.items()))!r})[{{s0}}]"),
                              cost=2.5, root_only=True))
    return steps


def _box_recolour_steps(task: Task) -> list[Step]:
    """Inside the box of each cluster of one colour, cells of another colour (or of every other drawn colour)
    turned into the one colour the demonstrations paint (ARC-AGI-1 training 32597951: blue cells inside the azure
    patch's box turn green; 36fdfd69: inside each red cluster's box, everything else drawn turns yellow). Fitted:
    the marker colour, the target, the reach that makes a cluster (1 or 2 cells); with a fixed target, some cell of
    that colour must stay unchanged somewhere (else a plain colour map says it). Root only."""
    from arc_dsl import recolour_in_boxes

    pairs = [(e.input, e.output) for e in task.train]
    if not _same_shapes(pairs):
        return []
    cells = _cell_pairs(pairs)
    changes = {(u, v) for u, v in cells if u != v}
    painted = {v for _, v in changes}
    if len(painted) != 1:
        return []
    colour = painted.pop()
    sources = {u for u, _ in changes}
    targets = ([next(iter(sources))] if len(sources) == 1 else []) + [None]
    for target in targets:
        if target is not None and (target, target) not in cells:
            continue  # every target cell changes: a colour map, not a box
        for marker in sorted({v for a, _ in pairs for row in a for v in row} - {target, 0}):
            for reach in (1, 2):
                if all(recolour_in_boxes(a, marker, target, colour, reach) == b for a, b in pairs):
                    return [Step(f"recolour_in_boxes:{marker}:{target}:{reach}",
                                 (f"recolour_in_boxes({{x}}, {marker}, {target}, {colour}, {reach})",), cost=2.0,
                                 same_shape=True, root_only=True)]
    return []


# The target of `rays_to`: a fixed colour, or the colour of the largest object (8-connected, one colour).
LARGEST_OBJECT_COLOUR = "colour_of(argmax(objects({x}, True, True, True), size))"


def _ray_steps(task: Task) -> list[Step]:
    """Cells draw rays toward, or away from, a target colour they see along a row or column, or recolour the target
    cell they hit (`rays_to`; ARC-AGI-1 training 1f642eb9: the border specks recolour the first block cell they
    see; 2c608aff: specks draw a line to the large box; 8d510a79: red cells reach to the grey wall, blue cells away
    from it; ba97ae07: the bar seen from the other bar's cells takes their colour). Fitted: the target (each drawn
    colour, or the largest object's colour) and one mode for every colour, or a mode per colour — each colour's
    mode the one whose rays alone paint only cells the outputs show in that colour, and then every test colour
    must have one. Root only."""
    from arc_dsl import RAY_MODES, most_common_colour, rays_to

    pairs = [(e.input, e.output) for e in task.train]
    if not _same_shapes(pairs) or all(a == b for a, b in pairs):
        return []
    drawn = sorted({v for a, _ in pairs for row in a for v in row} - {most_common_colour(a) for a, _ in pairs})
    largest = compile_step(Step("target", (LARGEST_OBJECT_COLOUR,))).function
    targets = [(colour, repr(colour), lambda _, colour=colour: colour) for colour in drawn] + [
        ("largest", LARGEST_OBJECT_COLOUR, largest)]
    for tag, expression, target in targets:
        try:
            fixed = [target(a) for a, _ in pairs]
        except ValueError:  # a grid with no object
            continue
        for mode in RAY_MODES:
            if all(rays_to(a, t, mode) == b for (a, b), t in zip(pairs, fixed, strict=True)):
                return [Step(f"rays_to:{tag}:{mode}", (f"rays_to({{x}}, {expression}, {mode!r})",), cost=2.0,
                             same_shape=True, root_only=True)]
        if tag == "largest":
            continue
        table = _per_colour(pairs, [c for c in drawn if c != tag], RAY_MODES,
                            lambda a, colour, mode, tag=tag: rays_to(a, tag, ((colour, mode),)))
        test_colours = {v for e in task.test for row in e.input for v in row} - {tag, *map(most_common_colour, (
            e.input for e in task.test))}
        if table and test_colours <= set(dict(table)) | {tag} and all(
                rays_to(a, tag, table) == b for a, b in pairs):
            return [Step(f"rays_to:{tag}:table", (f"rays_to({{x}}, {tag}, {table!r})",), cost=2.5, same_shape=True,
                         root_only=True)]
    return []


def _per_colour(pairs: Sequence[tuple[Grid, Grid]], colours: Sequence[int], options: Sequence,
                paint: Callable[[Grid, int, object], Grid]) -> tuple[tuple[int, object], ...]:
    """Per colour, the option whose painting alone (paint(grid, colour, option)) changes the most cells, each to a
    cell the outputs show in that colour; colours no option paints for are left out."""
    table = []
    for colour in colours:
        best, best_count = None, 0
        for option in options:
            count = 0
            for a, b in pairs:
                drawn = paint(a, colour, option)
                changed = [(r, c) for r, row in enumerate(drawn) for c, v in enumerate(row) if v != a[r][c]]
                if any(b[r][c] != colour for r, c in changed):
                    break
                count += len(changed)
            else:
                if count > best_count:
                    best, best_count = option, count
        if best is not None:
            table.append((colour, best))
    return tuple(table)


# Matching every cluster against every larger one, cell by cell, is quadratic: grids with more drawn cells than this
# (noise, large regions) are not tried.
MAX_TEMPLATE_CELLS = 80


def _template_steps(task: Task) -> list[Step]:
    """Partial copies of a larger cluster completed to it (`complete_from_templates`; ARC-AGI-1 training 36d67576:
    turned and mirrored copies of the one whole shape; 72322fa7: pieces of the two-colour motifs). Fitted: whether
    turns and mirrors count, and the reach that makes a cluster (1 or 2 cells), the first that fits. Root only."""
    from arc_dsl import colour_count, complete_from_templates, most_common_colour

    pairs = [(e.input, e.output) for e in task.train]
    if not _same_shapes(pairs) or all(a == b for a, b in pairs) or any(
            len(a) * len(a[0]) - colour_count(a, most_common_colour(a)) > MAX_TEMPLATE_CELLS for a, _ in pairs):
        return []
    for reach in (1, 2):
        for turns in (False, True):
            if all(complete_from_templates(a, turns, reach) == b for a, b in pairs):
                return [Step(f"complete_from_templates:{turns}:{reach}",
                             (f"complete_from_templates({{x}}, {turns}, {reach})",), cost=2.0, same_shape=True,
                             root_only=True)]
    return []


def _line_recolour_steps(task: Task) -> list[Step]:
    """The one colour the demonstrations change takes, per cell or per piece, the other colour drawn in its rows or
    columns (`recolour_from_lines`; ARC-AGI-1 training c9f8e694: grey shapes take the colour of the legend column at
    the left edge, row by row; ddf7fa4f: boxes take the colour of the legend cell above them). Every cell of that
    colour must change on the test inputs too. Root only."""
    from arc_dsl import recolour_from_lines

    pairs = [(e.input, e.output) for e in task.train]
    changed = {a for a, b in _cell_pairs(pairs) if a != b}
    if len(changed) != 1 or not _same_shapes(pairs):
        return []
    colour = changed.pop()
    for whole in (False, True):
        for rows in (True, False):
            if all(recolour_from_lines(a, colour, rows, whole) == b for a, b in pairs) and all(
                    colour not in {v for row in recolour_from_lines(e.input, colour, rows, whole) for v in row}
                    for e in task.test):
                return [Step(f"recolour_from_lines:{colour}:{rows}:{whole}",
                             (f"recolour_from_lines({{x}}, {colour}, {rows}, {whole})",), cost=2.0, same_shape=True,
                             root_only=True)]
    return []


def _property_crop_steps(task: Task) -> list[Step]:
    """The piece with a property of a fitted value cut out (ARC-AGI-1 training 48d8fb45: the shape the grey marker
    touches, by its neighbour colours; 39a8645d: the shape more pieces share). Fitted: the kind of pieces, the
    property (OBJECT_PROPERTIES order) and its value, such that on every demonstration the output is the box of the
    pieces with that value (one, or several showing the same box) and on every test input some piece has it.
    Root only."""
    from arc_dsl import OBJECT_PROPERTIES, object_property, pieces, subgrid

    pairs = [(e.input, e.output) for e in task.train]
    if any(len(b) * len(b[0]) >= len(a) * len(a[0]) for a, b in pairs):
        return []
    for diagonal in (True, False):
        found = [pieces(a, diagonal) for a, _ in pairs]
        tests = [(e.input, pieces(e.input, diagonal)) for e in task.test]
        if not all(any(subgrid(a, obj) == b for obj in objs) for (a, b), objs in zip(pairs, found, strict=True)):
            continue
        for name in OBJECT_PROPERTIES:
            values = None
            for (a, b), objs in zip(pairs, found, strict=True):
                boxes: dict = {}
                for obj in objs:
                    boxes.setdefault(object_property(obj, objs, a, name), set()).add(subgrid(a, obj))
                fitting = {value for value, seen in boxes.items() if seen == {b}}
                values = fitting if values is None else values & fitting
                if not values:
                    break
            for value in sorted(values or (), key=repr):
                if all(any(object_property(obj, objs, grid, name) == value for obj in objs) for grid, objs in tests):
                    return [Step(f"crop_by:{name}", (f"pieces({{x}}, {diagonal})",
                                                     f"first_match({{s0}}, lambda o: object_property(o, {{s0}}, {{x}}, "
                                                     f"{name!r}) == {value!r})", "subgrid({x}, {s1})"),
                                 cost=2.0, root_only=True)]
    return []


# The direction sets a colour may smear along (`smear_colours`), by name; the first of equal reach wins.
SMEAR_DIRECTIONS = {"up": ((-1, 0),), "down": ((1, 0),), "left": ((0, -1),), "right": ((0, 1),),
                    "up_left": ((-1, -1),), "up_right": ((-1, 1),), "down_left": ((1, -1),), "down_right": ((1, 1),),
                    "rows": ((0, -1), (0, 1)), "columns": ((-1, 0), (1, 0)),
                    "cross": ((-1, 0), (1, 0), (0, -1), (0, 1)), "diagonals": ((-1, -1), (-1, 1), (1, -1), (1, 1))}


def _colour_smear_steps(task: Task) -> list[Step]:
    """Each colour smeared over the background along its own directions (`smear_colours`; ARC-AGI-1 training
    5c0a986e: the blue square's rays go up-left, the red one's down-right). Fitted per colour: the direction set
    whose smear alone paints the most cells and only cells the outputs show in that colour; used when at least two
    colours smear differently (one colour, or all alike, is the plain `smear` step) and every test colour that is
    drawn has a direction set or was seen staying put. Root only."""
    from arc_dsl import most_common_colour, smear_colours

    pairs = [(e.input, e.output) for e in task.train]
    if not _same_shapes(pairs) or all(a == b for a, b in pairs):
        return []
    colours = sorted({v for a, _ in pairs for row in a for v in row} - {most_common_colour(a) for a, _ in pairs})
    table = _per_colour(pairs, colours, list(SMEAR_DIRECTIONS.values()),
                        lambda a, colour, directions: smear_colours(a, ((colour, directions),)))
    tests = {v for e in task.test for row in e.input for v in row} - {most_common_colour(e.input) for e in task.test}
    if len({directions for _, directions in table}) < 2 or not tests <= set(colours) or not all(
            smear_colours(a, tuple(table)) == b for a, b in pairs):
        return []
    return [Step("smear_colours", (f"smear_colours({{x}}, {tuple(table)!r})",), cost=2.0, same_shape=True,
                 root_only=True)]


def _rectangle_steps(task: Task) -> list[Step]:
    """The largest blank rectangle painted (`fill_largest_rectangle`; ARC-AGI-1 training 3eda0437: the widest black
    gap among blue and black noise turns magenta), when every change in the demonstrations is one colour to
    one other. Root only."""
    from arc_dsl import fill_largest_rectangle

    pairs = [(e.input, e.output) for e in task.train]
    changes = {(a, b) for a, b in _cell_pairs(pairs) if a != b}
    if len(changes) != 1 or not _same_shapes(pairs):
        return []
    blank, colour = changes.pop()
    if all(fill_largest_rectangle(a, blank, colour) == b for a, b in pairs):
        return [Step(f"largest_rectangle:{blank}:{colour}", (f"fill_largest_rectangle({{x}}, {blank}, {colour})",),
                     cost=2.0, same_shape=True, root_only=True)]
    return []
