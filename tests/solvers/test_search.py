"""The DSL search: engine pieces, found programs, and the solver on easy ARC tasks."""

import pytest

from data.loaders import load_tasks
from data.task import Example, Task
from solvers.search.catalogue import catalogue
from solvers.search.engine import (
    Candidate,
    apply_colour_map,
    colour_map,
    fit_local_rule,
    fit_stamp,
    program_source,
    search,
)
from solvers.search.fitted import fit_count_layout, fit_priority, fit_property_recolour
from solvers.search.solver import SearchSolver, run_program, solve_task
from solvers.search.steps import Step, compile_step

# ARC-AGI-1 training tasks that are one whole-grid transform: rotate 180°, flip left-right, transpose.
EASY = ["6150a2bd", "67a3c6ac", "74dd1130"]


def solved(task, prediction):
    return all(any(a == e.output for a in attempts) for attempts, e in zip(prediction.attempts, task.test, strict=False))


def test_colour_map_finds_a_consistent_recolouring():
    assert colour_map([((1, 2),), ((2, 0),)], [((3, 4),), ((4, 0),)]) == ((1, 3), (2, 4))


def test_colour_map_rejects_an_inconsistent_one():
    assert colour_map([((1, 1),)], [((3, 4),)]) is None


def test_apply_colour_map_swaps_simultaneously():
    assert apply_colour_map(((1, 2),), ((1, 2), (2, 1))) == ((2, 1),)


def test_program_source_runs_and_reproduces_the_steps():
    steps = (compile_step(Step("rotate_90", ("rotate_90({x})",))), compile_step(Step("upscale:2", ("upscale({x}, 2)",))))
    grid = ((1, 2), (3, 4))
    candidate = Candidate(steps, ((1, 5),), 1.0, ())
    expected = apply_colour_map(steps[1].function(steps[0].function(grid)), ((1, 5),))
    assert run_program(program_source(candidate), [grid]) == [expected]


def test_every_catalogue_step_compiles_against_arc_dsl():
    task = load_tasks("arc-agi-1", "training", ids=["007bbfb7"])[0]
    assert all(callable(step.function) for step in catalogue(task))


def test_search_finds_a_two_step_composition():
    rot_up = [((1, 2), (3, 4)), ((5, 0), (0, 6)), ((7, 8, 9),)]

    def rule(g):
        rotated = tuple(zip(*g[::-1], strict=False))
        return tuple(tuple(c for c in row for _ in range(2)) for row in rotated for _ in range(2))

    task = Task("synthetic", tuple(Example(g, rule(g)) for g in rot_up[:2]), (Example(rot_up[2], rule(rot_up[2])),))
    result = search(task.train_inputs, task.train_outputs, task.test_inputs, catalogue(task), budget_s=20)
    assert result.exact and result.exact[0].outputs[2] == rule(rot_up[2])


def test_dedup_keeps_one_state_per_distinct_output():
    task = Task("t", (Example(((1, 1), (1, 1)), ((2,),)),), (Example(((1, 1), (1, 1))),))
    result = search(task.train_inputs, task.train_outputs, task.test_inputs, catalogue(task), budget_s=5,
                    max_depth=1)
    # Every dihedral transform of a uniform square is the same grid: far fewer states than steps.
    assert result.states < len(catalogue(task))


@pytest.mark.parametrize("task_id", EASY)
def test_search_solves_easy_training_task(task_id):
    task = load_tasks("arc-agi-1", "training", ids=[task_id])[0]
    prediction = solve_task(task.without_test_outputs(), 10.0, 3, None)
    assert solved(task, prediction)


def test_found_program_reproduces_demonstrations_in_the_sandbox():
    from sandbox import run

    task = load_tasks("arc-agi-1", "training", ids=[EASY[0]])[0]
    program = solve_task(task.without_test_outputs(), 10.0, 3, None).info["programs"][0]
    assert run(program, task.train_inputs, timeout_s=5.0).outputs == tuple(task.train_outputs)


def test_pool_over_tasks_returns_every_task():
    tasks = [t.without_test_outputs() for t in load_tasks("arc-agi-1", "training", ids=EASY[:2])]
    indices = sorted(i for i, _ in SearchSolver(time_budget=5, workers=2).predict_stream(tasks))
    assert indices == [0, 1]


def _synthetic(rule, grids):
    return Task("synthetic", tuple(Example(g, rule(g)) for g in grids[:-1]), (Example(grids[-1], rule(grids[-1])),))


def _found(task, budget=10.0):
    prediction = solve_task(task.without_test_outputs(), budget, 3, None)
    return solved(task, prediction), prediction.info["programs"]


def test_gravity_drops_every_cell_to_the_bottom():
    def fall(g):
        columns = [[v for v in col if v == 0] + [v for v in col if v != 0] for col in zip(*g, strict=True)]
        return tuple(zip(*columns, strict=True))

    grids = [((0, 3, 0), (2, 0, 0), (0, 0, 5)), ((4, 0, 4, 0), (0, 0, 0, 1), (0, 6, 0, 0)),
             ((7, 7, 0), (0, 0, 0), (0, 2, 0)), ((0, 0, 9), (8, 0, 0), (0, 1, 0))]
    ok, programs = _found(_synthetic(fall, grids))
    assert ok and "gravity:down" in programs[0]


def test_objects_recoloured_by_size_through_the_final_colour_map():
    size_colour = {1: 3, 2: 8, 3: 4}

    def rule(g):
        from arc_dsl import objects, paint, recolour, size

        out = g
        for obj in objects(g, True, False, True):
            out = paint(out, recolour(obj, size_colour[size(obj)]))
        return out

    grids = [((5, 0, 5, 5), (0, 0, 0, 0), (5, 5, 5, 0)), ((0, 5, 0, 0), (0, 5, 0, 5), (0, 0, 0, 0)),
             ((5, 5, 0, 5), (0, 0, 0, 0), (0, 5, 0, 0)), ((5, 0, 0, 0), (5, 0, 5, 5), (5, 0, 0, 0))]
    ok, programs = _found(_synthetic(rule, grids))
    # Either the fitted root step (a size → colour table) or recolour_by_size and the final colour map.
    assert ok and ("recolour_by_property(" in programs[0] or "recolour_by_size" in programs[0])


def test_colours_listed_most_cells_first_one_per_row():
    def listing(g):
        from arc_dsl import colours_by_count

        return tuple((c,) for c in colours_by_count(g)[1:])

    grids = [((0, 3, 3), (0, 0, 2), (0, 3, 0)), ((1, 1, 0, 4), (0, 1, 0, 0), (6, 6, 0, 0)),
             ((0, 0, 0), (7, 7, 7), (8, 8, 0)), ((5, 0, 0), (5, 9, 9), (5, 0, 3))]
    ok, programs = _found(_synthetic(listing, grids))
    assert ok and "colour_column:1" in programs[0]


def _rotation_tile(g):
    from arc_dsl import concat_horizontal, concat_vertical, rotate_90, rotate_180, rotate_270

    return concat_vertical(concat_horizontal(g, rotate_90(g)), concat_horizontal(rotate_270(g), rotate_180(g)))


def _upscale_by_foreground_colours(g):
    from arc_dsl import number_of_colours, upscale

    return upscale(g, number_of_colours(g) - 1)


def _fractal_where_red(g):
    from arc_dsl import canvas, paint, shift

    h, w = len(g), len(g[0])
    cells = frozenset((colour, (r, c)) for r, row in enumerate(g) for c, colour in enumerate(row))
    out = canvas(0, (h * h, w * w))
    for r, row in enumerate(g):
        for c, colour in enumerate(row):
            if colour == 2:
                out = paint(out, shift(cells, (r * h, c * w)))
    return out


@pytest.mark.parametrize(("rule", "step"), [(_rotation_tile, "rotation_tile"),
                                            (_upscale_by_foreground_colours, "upscale_by_foreground_colours"),
                                            (_fractal_where_red, "fractal:2")])
def test_grid_building_steps(rule, step):
    grids = [((1, 0, 2), (0, 2, 0), (3, 0, 0)), ((2, 4), (4, 0)), ((0, 2, 2), (5, 0, 1), (0, 0, 2)),
             ((2, 0, 6), (0, 2, 0), (2, 0, 0))]
    ok, programs = _found(_synthetic(rule, grids))
    assert ok and step in programs[0]


def test_objects_hollowed_to_their_outline():
    def hollow(g):
        from arc_dsl import box_outline, difference, erase, merge, objects, to_indices

        return erase(g, merge(difference(to_indices(o), box_outline(o)) for o in objects(g, True, False, True)))

    block = ((3, 3, 3, 0, 0, 0), (3, 3, 3, 0, 6, 6), (3, 3, 3, 0, 6, 6), (3, 3, 3, 0, 6, 6), (0, 0, 0, 0, 6, 6))
    grids = [block, tuple(row[::-1] for row in block), tuple(zip(*block, strict=True)) + ((0,) * 5,), block[::-1]]
    ok, programs = _found(_synthetic(hollow, grids))
    assert ok and "hollow_objects" in programs[0]


def test_a_colour_slides_as_one_piece_until_it_touches_the_rest():
    def slide(g):
        from arc_dsl import colour_filter, first, foreground_partition, gravitate_offset, merge, move, remove

        parts = foreground_partition(g)
        red = first(colour_filter(parts, 2))
        return move(g, red, gravitate_offset(red, merge(remove(red, parts))))

    grids = [((2, 2, 0, 0, 0, 8), (0, 2, 0, 0, 0, 8)), ((0, 0, 0), (8, 8, 0), (0, 0, 0), (0, 0, 0), (0, 2, 2)),
             ((8, 0, 0, 0, 0), (8, 0, 0, 0, 2), (0, 0, 0, 2, 2)), ((2, 0, 0), (0, 0, 0), (0, 0, 0), (0, 8, 8))]
    ok, programs = _found(_synthetic(slide, grids))
    assert ok and "move_to_contact:2" in programs[0]


def test_a_fixed_size_corner_is_cut_when_every_output_has_one_shape():
    def top_right(g):
        return tuple(row[-2:] for row in g[:2])

    grids = [((1, 2, 3, 4), (5, 6, 7, 8), (9, 1, 2, 3)), ((3, 1, 4), (1, 5, 9), (2, 6, 5)),
             ((2, 7, 1, 8, 2), (8, 1, 8, 2, 8), (4, 5, 9, 0, 4), (5, 2, 3, 5, 3)), ((6, 0, 2), (2, 0, 8), (9, 7, 1))]
    task = _synthetic(top_right, grids)
    assert any(step.name == "corner:top_right:2x2" for step in catalogue(task))
    ok, programs = _found(task)
    assert ok and "corner:top_right:2x2" in programs[0]


SIZE_RANK_INPUTS = [((5, 5, 0, 5), (5, 0, 0, 0), (0, 0, 5, 5)), ((5, 5, 5, 0), (5, 0, 0, 5), (0, 5, 0, 5)),
                    ((5, 0, 5, 5, 5), (5, 0, 0, 0, 0), (0, 0, 0, 5, 5), (5, 5, 0, 5, 5))]


def _by_size_rank(grid):
    """The largest grey object turns blue, the next size red, the next green (sizes differ from pair to pair)."""
    from arc_dsl import local_rule

    return local_rule(grid, "object_rank4", {(5, 0): 1, (5, 1): 2, (5, 2): 3})


def test_fit_local_rule_recolours_objects_by_their_size_rank():
    train = SIZE_RANK_INPUTS[:2]
    rule = fit_local_rule(train, [_by_size_rank(g) for g in train], SIZE_RANK_INPUTS[2:])
    assert rule is not None and rule[0] == "object_rank4"


def test_object_contexts_are_fitted_on_the_inputs_only():
    # After a mirror the same rule would fit, but object contexts are too costly to fit one step from the inputs.
    task = Task("rank", tuple(Example(g, _by_size_rank(g[::-1])) for g in SIZE_RANK_INPUTS[:2]),
                (Example(SIZE_RANK_INPUTS[2]),))
    flip = compile_step(Step("flip", ("mirror_horizontal({x})",), same_shape=True))
    result = search(task.train_inputs, task.train_outputs, task.test_inputs, [flip], budget_s=20, max_depth=1)
    assert not any(c.rule is not None and c.rule[0].startswith("object_") for c in result.exact)
    direct = Task("rank", tuple(Example(g, _by_size_rank(g)) for g in SIZE_RANK_INPUTS[:2]), task.test)
    result = search(direct.train_inputs, direct.train_outputs, direct.test_inputs, [flip], budget_s=20, max_depth=1)
    assert any(c.rule is not None and c.rule[0] == "object_rank4" and not c.steps for c in result.exact)


def test_a_hidden_part_of_a_symmetric_picture_is_restored_and_cut_out():
    picture = ((1, 2, 2, 1), (2, 3, 3, 2), (2, 3, 3, 2), (1, 2, 2, 1))

    def masked(grid, r, c):
        return tuple(tuple(7 if (i, j) in {(r, c), (r, c + 1)} else v for j, v in enumerate(row))
                     for i, row in enumerate(grid))

    pictures = [picture, tuple(tuple((v + 3) % 7 for v in row) for row in picture),
                tuple(tuple((v + 1) % 7 for v in row) for row in picture)]
    examples = [(masked(p, r, c), (p[r][c:c + 2],)) for p, (r, c) in zip(pictures, [(0, 1), (1, 0), (3, 2)], strict=True)]
    task = Task("synthetic", tuple(Example(i, o) for i, o in examples[:-1]), (Example(*examples[-1]),))
    ok, programs = _found(task)
    assert ok and "repair_symmetry_crop:7" in programs[0]


def test_rules_rank_test_answers_that_keep_the_demonstrations_pattern():
    from solvers.search.solver import rules_broken_on_test

    same = Task("t", (Example(((1, 2),), ((2, 1),)), Example(((3,), (4,)), ((4,), (3,)))), (Example(((5, 6, 7),)),))
    assert rules_broken_on_test(same, [((7, 6, 5),)]) == 0
    assert rules_broken_on_test(same, [((7,),)]) == 1  # breaks "output shape = input shape"
    doubled = Task("t", (Example(((1,),), ((1, 1), (1, 1))), Example(((1, 2),), ((1, 1, 2, 2), (1, 1, 2, 2)))),
                   (Example(((3, 4, 5),)),))
    assert rules_broken_on_test(doubled, [tuple((3, 3, 4, 4, 5, 5) for _ in range(2))]) == 0
    assert rules_broken_on_test(doubled, [((3, 4, 5),)]) == 1  # breaks "scaled by 2 × 2"
    # A colour from nowhere (not in the test input, in no demonstration output) breaks the colour rule.
    assert rules_broken_on_test(same, [((7, 6, 9),)]) == 1


def test_a_fit_that_breaks_the_rules_on_the_test_sends_the_search_one_level_deeper():
    # Objects recoloured: the largest 1, the smallest 2 (bars of 3 sizes in every demonstration). Coding
    # the colour by size fits the demonstrations at depth 1, but the test has a size no demonstration had.
    from arc_dsl import argmax, argmin, objects, paint, recolour, size

    def rule(g):
        objs = objects(g, True, False, True)
        return paint(paint(g, recolour(argmax(objs, size), 1)), recolour(argmin(objs, size), 2))

    def bars(*heights):  # bottom-aligned vertical bars of colour 5 in columns 0, 2, 4 of a 4 × 5 grid
        return tuple(tuple(5 if c % 2 == 0 and r >= 4 - heights[c // 2] else 0 for c in range(5)) for r in range(4))

    task = _synthetic(rule, [bars(3, 1, 2), bars(2, 3, 1), bars(1, 2, 3), bars(4, 2, 1)])  # test: a bar of 4
    depth_one = search(task.train_inputs, task.train_outputs, task.test_inputs, catalogue(task), budget_s=10)
    assert any(c.steps and "recolour_by_size" in c.steps[0].name for c in depth_one.exact)  # the coincidental fit
    ok, programs = _found(task)
    assert ok, programs


def test_step_results_are_memoised_per_grid_including_failures():
    from solvers.search.engine import _apply

    calls = []

    def flip(grid):
        calls.append(grid)
        if grid == ((9,),):
            raise ValueError("does not apply")
        return tuple(row[::-1] for row in grid)

    step = Step("flip", ("x",), function=flip)
    memo: dict = {}
    grid = ((1, 2),)
    assert _apply(step, (grid, grid), memo) == (((2, 1),), ((2, 1),)) and len(calls) == 1
    assert _apply(step, (((9,),),), memo) is None and _apply(step, (((9,),),), memo) is None and len(calls) == 2


def test_a_colour_the_demonstrations_always_remove_breaks_the_colour_rule():
    from solvers.search.solver import rules_broken_on_test

    task = Task("t", (Example(((5, 0),), ((1, 0),)), Example(((0, 5),), ((0, 2),))), (Example(((5, 5),)),))
    assert rules_broken_on_test(task, [((1, 2),)]) == 0
    assert rules_broken_on_test(task, [((5, 2),)]) == 1  # 5 is in the test input, but every demonstration removes it


def _halo(grid):
    """Background cells next to (edge-adjacent) a red cell turn blue: a local rule no colour map expresses."""
    h, w = len(grid), len(grid[0])
    def near_red(r, c):
        return any(0 <= r + dr < h and 0 <= c + dc < w and grid[r + dr][c + dc] == 2
                   for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)))
    return tuple(tuple(1 if v == 0 and near_red(r, c) else v for c, v in enumerate(row)) for r, row in enumerate(grid))


HALO_INPUTS = [((0, 0, 0, 0), (0, 2, 0, 0), (0, 0, 0, 0)), ((2, 0, 0), (0, 0, 0), (0, 0, 2)),
               ((0, 0, 0, 0, 0), (0, 0, 2, 0, 0), (0, 0, 0, 0, 0), (0, 0, 0, 0, 2))]


def test_fit_local_rule_learns_a_neighbourhood_table_that_covers_the_test():
    train = HALO_INPUTS[:2]
    rule = fit_local_rule(train, [_halo(g) for g in train], [HALO_INPUTS[2]])
    assert rule is not None and rule[0] == "around4"
    assert all(colour == 1 for _, colour in rule[1])


def test_fit_local_rule_refuses_a_table_that_would_guess_on_the_test():
    train = HALO_INPUTS[:1]
    # A test cell next to green (3) is a context no demonstration had: no table may be used.
    assert fit_local_rule(train, [_halo(g) for g in train], [((0, 3, 0), (0, 0, 2))]) is None


def test_fit_local_rule_refuses_an_inconsistent_table():
    # The same context (a lone 0 cell in a row of 0s) must become 1 in one pair and stay 0 in the other.
    assert fit_local_rule([((0, 0),), ((0, 0),)], [((1, 1),), ((0, 0),)], [((0, 0),)]) is None


def test_search_ends_with_a_local_rule_and_its_program_reproduces_it():
    task = Task("halo", tuple(Example(g, _halo(g)) for g in HALO_INPUTS[:2]), (Example(HALO_INPUTS[2]),))
    result = search(task.train_inputs, task.train_outputs, task.test_inputs, catalogue(task), budget_s=20, max_depth=1)
    fits = [c for c in result.exact if c.rule is not None and not c.steps]
    assert fits and fits[0].outputs[2] == _halo(HALO_INPUTS[2])
    source = program_source(fits[0])
    assert "local_rule(" in source
    assert tuple(run_program(source, HALO_INPUTS)) == fits[0].outputs


def test_a_local_rule_on_the_inputs_does_not_end_the_search_before_one_step():
    task = Task("halo", tuple(Example(g, _halo(g)) for g in HALO_INPUTS[:2]), (Example(HALO_INPUTS[2]),))
    table = {(0, (-1, 0, 2)): 1, (0, (0, 2)): 1, (0, (-1, 2)): 1}
    literal = repr(table).replace("{", "{{").replace("}", "}}")  # step lines are format templates
    halo_step = compile_step(Step("halo", (f"local_rule({{x}}, 'around4', {literal})",), cost=1.0))
    result = search(task.train_inputs, task.train_outputs, task.test_inputs, [halo_step], budget_s=20, max_depth=2)
    # The rule fitted on the inputs costs more than the one step that does the same: both found, the step first.
    assert result.depth == 1 and [c.steps for c in result.exact][0] == (halo_step,)
    assert any(c.rule is not None and not c.steps for c in result.exact)


def test_fits_that_end_with_a_local_rule_do_not_stop_the_search():
    # The rule fits the inputs (depth 0); the only plain program is two steps deep: mirror, then mirror + halo.
    task = Task("halo", tuple(Example(g, _halo(g)) for g in HALO_INPUTS[:2]), (Example(HALO_INPUTS[2]),))
    table = {(0, (-1, 0, 2)): 1, (0, (0, 2)): 1, (0, (-1, 2)): 1}
    literal = repr(table).replace("{", "{{").replace("}", "}}")
    mirror = compile_step(Step("mirror", ("mirror_horizontal({x})",), same_shape=True))
    mirror_halo = compile_step(Step("mirror_halo", (f"local_rule(mirror_horizontal({{x}}), 'around4', {literal})",),
                                    same_shape=True))
    result = search(task.train_inputs, task.train_outputs, task.test_inputs, [mirror, mirror_halo], budget_s=20,
                    max_depth=3)
    assert any(len(c.steps) == 2 and c.rule is None for c in result.exact)  # (either order: they commute)
    assert result.depth == 2  # and no deeper: a plain fit ends the search after its level


@pytest.mark.parametrize(("task_id", "step"), [("1190e5a7", "cells:summary"), ("2dc579da", "cells:odd"),
                                               ("6773b310", "cells:counts")])
def test_grids_cut_by_lines_are_solved_through_their_blocks(task_id, step):
    """ARC-AGI-1 training tasks whose grids are blocks between lines: one block picked, or a pixel per block."""
    task = load_tasks("arc-agi-1", "training", ids=[task_id])[0]
    steps = [s for s in catalogue(task) if s.name == step]
    result = search(task.train_inputs, task.train_outputs, task.test_inputs, steps, budget_s=5.0, max_depth=1)
    assert result.exact and [s.name for s in result.exact[0].steps] == [step]
    n = len(task.train)
    assert list(result.exact[0].outputs[n:]) == [e.output for e in task.test]
    assert run_program(program_source(result.exact[0]), task.test_inputs) == [e.output for e in task.test]


def test_the_object_with_the_most_cells_of_a_colour_is_cut_out():
    """ARC-AGI-1 training e50d258f: the answer is the piece with the most red cells (two of the three
    demonstrations are cut right; in the first, `objects` splits the pieces), and the solver reports it."""
    task = load_tasks("arc-agi-1", "training", ids=["e50d258f"])[0]
    steps = [s for s in catalogue(task) if s.name == "crop_most_of:2:FF"]
    assert steps and steps[0].root_only
    outputs = [steps[0].function(e.input) for e in task.train + task.test]
    assert [o == e.output for o, e in zip(outputs, task.train + task.test, strict=True)] == [False, True, True, True]
    assert solved(task, solve_task(task.without_test_outputs(), 2.0, 3, None))


def _recolour_second_to_rarest(grid):
    """A task whose colours change from pair to pair but keep their rank: the second commonest colour's
    cells take the rarest colour."""
    from arc_dsl import colours_by_count

    _, second, rarest = colours_by_count(grid)
    return tuple(tuple(rarest if v == second else v for v in row) for row in grid)


def _ranked_demo_grids():
    def grid(a, b):
        return ((0, 0, 0, 0), (0, a, a, 0), (0, a, 0, b), (0, 0, 0, 0))
    # Pairs 1 and 2 swap the same two colours, so no one colour map fits the task's own colours.
    return [grid(2, 5), grid(5, 2), grid(3, 4), grid(4, 3)]


def test_ranked_task_ranks_each_pair_by_its_own_input():
    from solvers.search.solver import ranked_task

    task = _synthetic(_recolour_second_to_rarest, _ranked_demo_grids())
    ranked = ranked_task(task)
    # Background → 0, the second commonest → 1, the rarest → 2, in every pair and on the test input.
    assert {e.input for e in ranked.train + ranked.test} == {((0, 0, 0, 0), (0, 1, 1, 0), (0, 1, 0, 2), (0, 0, 0, 0))}
    assert {e.output for e in ranked.train} == {((0, 0, 0, 0), (0, 2, 2, 0), (0, 2, 0, 2), (0, 0, 0, 0))}
    # Inputs already in rank order: nothing to search again.
    assert ranked_task(ranked) is None


def test_colours_that_keep_their_rank_are_solved_on_ranked_colours_and_mapped_back():
    from sandbox import run

    task = _synthetic(_recolour_second_to_rarest, _ranked_demo_grids())
    plain = search(task.train_inputs, task.train_outputs, task.test_inputs, catalogue(task), budget_s=5.0, max_depth=1)
    assert not plain.exact  # the colours differ between pairs: no fit on the task's own colours
    ok, programs = _found(task, budget=5.0)
    assert ok and "rank_colours(I, I)" in programs[0] and "unrank_colours(" in programs[0]
    result = run(programs[0], [*task.train_inputs, *task.test_inputs], timeout_s=5.0)
    assert result.outputs == (*task.train_outputs, task.test[0].output)


def test_assembly_paints_the_drawn_cells_of_one_state_over_another():
    from arc_dsl import cells_except, mirror_vertical, most_common_colour, paint
    from sandbox import run

    def rule(grid):
        flipped = mirror_vertical(grid)
        return paint(grid, cells_except(flipped, most_common_colour(flipped)))

    grids = [((0, 0, 3), (2, 0, 0), (0, 0, 0)), ((5, 0, 0, 0), (0, 0, 0, 4), (0, 6, 0, 0)),
             ((0, 0, 1), (0, 0, 0), (7, 0, 0)), ((0, 0, 0, 8), (0, 9, 0, 0), (0, 0, 0, 0))]
    task = _synthetic(rule, grids)
    flip = compile_step(Step("mirror_vertical", ("mirror_vertical({x})",), same_shape=True))
    found = search(task.train_inputs, task.train_outputs, task.test_inputs, [flip], budget_s=5.0, max_depth=1)
    assembled = [c for c in found.exact if c.overlay is not None]
    # Neither the input nor its mirror image is the answer; the mirror's drawn cells over the input are (and
    # here, where the two never draw on the same cell, the input's drawn cells over the mirror too).
    assert {(c.steps, c.overlay) for c in assembled} == {((), (flip,)), ((flip,), ())}
    assert all(c.outputs[-1] == rule(grids[-1]) for c in assembled)
    program = program_source(assembled[0])
    assert run(program, [*task.train_inputs, *task.test_inputs], timeout_s=5.0).outputs == assembled[0].outputs


def test_assembly_refuses_a_piece_that_draws_a_wrong_cell():
    from solvers.search.engine import assemble

    target = ((1, 0), (0, 0))
    base, piece = ((0, 0), (0, 0)), ((1, 2), (0, 0))  # the piece draws the right 1 and a wrong 2
    assert assemble([((), (base,)), (("p",), (piece,))], [target]) == []
    assert len(assemble([((), (base,)), ((), (((1, 0), (0, 0)),))], [target])) == 1


# A pixel of 2 gets yellow corners; a pixel of 1 gets an orange cross (the kind of rule ARC-AGI-1 training 0ca9ddb6 has).
def _decorate(grid):
    rows = [list(row) for row in grid]
    for r, row in enumerate(grid):
        for c, colour in enumerate(row):
            marks = {2: ((-1, -1), (-1, 1), (1, -1), (1, 1)), 1: ((-1, 0), (1, 0), (0, -1), (0, 1))}.get(colour, ())
            for dr, dc in marks:
                if 0 <= r + dr < len(grid) and 0 <= c + dc < len(row):
                    rows[r + dr][c + dc] = 4 if colour == 2 else 7
    return tuple(map(tuple, rows))


STAMPED = [((0, 0, 0, 0, 0, 0), (0, 2, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 1, 0), (0, 0, 0, 0, 0, 0)),
           ((0, 0, 0, 0), (0, 0, 1, 0), (0, 0, 0, 0), (0, 0, 0, 0)),
           ((0, 0, 0, 0, 0, 0), (0, 1, 0, 0, 2, 0), (0, 0, 0, 0, 0, 0))]


def test_fit_stamp_learns_a_pattern_per_object_and_its_program_reproduces_it():
    task = Task("stamp", tuple(Example(g, _decorate(g)) for g in STAMPED[:2]), (Example(STAMPED[2]),))
    result = search(task.train_inputs, task.train_outputs, task.test_inputs, catalogue(task), budget_s=20, max_depth=1)
    fits = [c for c in result.exact if c.stamp is not None]
    assert fits and not fits[0].steps and fits[0].outputs[2] == _decorate(STAMPED[2])
    source = program_source(fits[0])
    assert "stamp_objects(" in source and tuple(run_program(source, STAMPED)) == fits[0].outputs
    from sandbox import run

    assert run(source, STAMPED, timeout_s=5.0).outputs == fits[0].outputs  # and the sandbox agrees


def test_fit_stamp_refuses_an_unknown_test_object_a_clash_and_an_unexplained_change():
    grids, targets = STAMPED[:2], [_decorate(g) for g in STAMPED[:2]]
    assert fit_stamp(grids, targets, [STAMPED[2]]) is not None
    assert fit_stamp(grids, targets, [((0, 0, 0), (0, 3, 0), (0, 0, 0))]) is None  # a 3 was never seen
    clash = [targets[0], tuple(tuple(4 if v == 7 else v for v in row) for row in targets[1])]
    assert fit_stamp(grids, clash, [STAMPED[2]]) is None  # a 1 gets orange in one pair, yellow in the other
    far = [tuple(tuple(9 if (r, c) == (4, 0) else v for c, v in enumerate(row)) for r, row in enumerate(targets[0])),
           targets[1]]
    assert fit_stamp(grids, far, [STAMPED[2]]) is None  # a cell changed two cells away from every object


def test_fit_priority_orders_the_colours_that_win_and_refuses_a_cycle_or_a_new_colour():
    a, b = ((1, 0), (0, 0)), ((2, 2), (0, 3))
    order = fit_priority([((a, b), ((2, 2), (0, 3)))])
    assert order is not None and order.index(2) < order.index(1) and order[-1] == 0  # 0 last unless shown otherwise
    assert fit_priority([((a, b), ((1, 2), (0, 0)))]) == (1, 2, 4, 5, 6, 7, 8, 9, 0, 3)  # here 0 beats 3
    assert fit_priority([((a, b), ((2, 2), (0, 3))), ((a, b), ((1, 2), (0, 3)))]) is None  # 1 over 2, then 2 over 1
    assert fit_priority([((a, b), ((5, 2), (0, 3)))]) is None  # 5 is in neither part
    assert fit_priority([((a,), a)]) is None  # one part is no overlay


def test_fit_count_layout_orders_cells_by_the_count_that_first_draws_them():
    outputs = [((2, 0, 0), (0, 0, 0)), ((2, 0, 2), (0, 2, 0)), ((2, 0, 2), (0, 0, 0))]
    assert fit_count_layout([1, 3, 2], outputs) == (0, 2, ((0, 0), (0, 2), (1, 1)))
    assert fit_count_layout([1, 3, 3], outputs) is None  # 3 cells said, 2 drawn
    assert fit_count_layout([2, 3, 1], outputs) is None  # the 1-cell output is not the first cell of the 2-cell one
    assert fit_count_layout([4, 4], [((1, 1), (1, 1)), ((1, 1), (1, 1))]) is None  # one count: nothing to learn from
    # The commoner colour is not always the background: four blue cells out of five.
    assert fit_count_layout([1, 4], [((1, 0, 0, 0, 0),), ((1, 1, 1, 1, 0),)]) == (0, 1, ((0, 0), (0, 1), (0, 2), (0, 3)))


def test_fit_property_recolour_refuses_unknown_test_objects_and_changes_outside_objects():
    from arc_dsl import pieces

    def found(grid):
        return pieces(grid, False)

    ring = ((1, 1, 1, 0, 0), (1, 0, 1, 0, 1), (1, 1, 1, 0, 0))
    pairs = [(ring, ((2, 2, 2, 0, 0), (2, 0, 2, 0, 1), (2, 2, 2, 0, 0)))]
    name, table = fit_property_recolour(pairs, [ring], found)
    assert name == "size" and table == {(1, 8): 2, (1, 1): 1}  # the first property that fits: size
    assert fit_property_recolour(pairs, [((1, 1, 0), (0, 0, 0), (0, 0, 0))], found) is not None  # by a later one
    assert fit_property_recolour(pairs, [((3, 0, 0), (0, 0, 0), (0, 0, 0))], found) is None  # green: never seen
    moved = [(ring, ((2, 2, 2, 0, 0), (2, 0, 2, 0, 1), (2, 2, 2, 0, 5)))]
    assert fit_property_recolour(moved, [ring], found) is None  # a background cell changed


def test_colour_canvas_steps_need_a_single_winner_on_every_demonstration_and_test_input():
    from solvers.search.fitted import _colour_pick_steps

    three_twos = ((2, 2, 2, 0), (0, 0, 0, 1))
    one_two = ((2, 0, 0, 0), (0, 0, 1, 1))
    pairs = (Example(three_twos, ((2,),)), Example(one_two, ((1,),)))
    names = [s.name for s in _colour_pick_steps(Task("pick", pairs, (Example(((3, 3, 0), (0, 0, 4))),)))]
    assert "colour_canvas:argmax:cells:drawn" in names  # the colour with the most cells, besides black
    tie = (Example(((3, 3, 0), (0, 4, 4))),)  # green and yellow both have two cells
    assert "colour_canvas:argmax:cells:drawn" not in [s.name for s in _colour_pick_steps(Task("pick", pairs, tie))]


def test_lookup_steps_need_a_repeated_key_and_known_test_keys():
    from solvers.search.fitted import _lookup_steps

    a, b = ((1, 0), (0, 0)), ((2, 2), (0, 0))
    cross, square = ((5, 0), (0, 5)), ((5, 5), (5, 5))
    repeated = (Example(a, cross), Example(((0, 1), (0, 0)), cross), Example(b, square))
    names = [s.name for s in _lookup_steps(Task("lookup", repeated, (Example(((0, 0), (2, 0))),)))]
    assert "lookup:drawn_colours" in names  # blue → the cross (seen twice), red → the square
    once_each = (Example(a, cross), Example(b, square))  # every key seen once: a key that differs per pair "fits"
    assert _lookup_steps(Task("lookup", once_each, (Example(a),))) == []
    assert "lookup:drawn_colours" not in [s.name for s in _lookup_steps(Task("lookup", repeated, (Example(((3, 0),
                                                                                                          (0, 0))),)))]


def test_fitted_steps_leave_out_tables_too_long_to_read():
    from solvers.search.fitted import MAX_LITERAL_CHARS, _lookup_steps, fitted_steps

    big, other = tuple((1,) * 30 for _ in range(30)), tuple((2,) * 30 for _ in range(30))
    a, b = ((1, 0), (0, 0)), ((2, 2), (0, 0))
    pairs = (Example(a, big), Example(((0, 1), (0, 0)), big), Example(b, other))
    task = Task("big", pairs, (Example(a),))
    assert _lookup_steps(task) and sum(map(len, _lookup_steps(task)[0].lines)) > MAX_LITERAL_CHARS
    assert not [s for s in fitted_steps(task, [0, 1, 2]) if s.name.startswith("lookup")]


def test_fit_stamp_leaves_inert_objects_alone_but_not_unknown_ones_that_share_an_active_colour():
    # An 8 pixel changes nothing and is only ever seen at the bottom edge (its window's bottom row never seen).
    grids = [tuple(tuple(8 if (r, c) == (len(g) - 1, 0) else v for c, v in enumerate(row)) for r, row in enumerate(g))
             for g in STAMPED[:2]]
    targets = [_decorate(g) for g in grids]
    middle = ((0, 0, 0, 0, 0, 0), (0, 1, 0, 8, 0, 0), (0, 0, 0, 0, 0, 0))
    assert fit_stamp(grids, targets, [middle]) is not None
    assert fit_stamp(grids, targets, [((0, 0, 0), (0, 5, 0), (0, 0, 0))]) is not None  # 5: unknown, no active colour
    assert fit_stamp(grids, targets, [((0, 0, 0), (0, 2, 2), (0, 0, 0))]) is None  # a new shape in an active colour
    assert fit_stamp(STAMPED[:2], [_decorate(g) for g in STAMPED[:2]], [((0, 0, 0), (0, 5, 0), (0, 0, 0))]) is None


@pytest.mark.parametrize(("task_id", "step"), [("22eb0ac0", "join:rows"), ("1f876c06", "join:diagonals"),
                                               ("746b3537", "dedupe_lines"), ("56ff96f3", "fill_colour_boxes"),
                                               ("05269061", "complete_pattern:0"), ("623ea044", "smear:diagonals"),
                                               ("a48eeaf7", "attract:2"), ("d687bc17", "attract:own"),
                                               ("39a8645d", "crop_common_shape:TT"), ("72ca375d", "crop_symmetric:TF"),
                                               ("8efcae92", "crop_most_of:2:K0"), ("e26a3af2", "majority:lines"),
                                               ("5614dbcf", "downscale_majority:3"), ("d43fd935", "extend_to:3"),
                                               ("75b8110e", "overlay_parts:2x2"), ("a68b268e", "overlay_parts:cells"),
                                               ("1fad071e", "count_layout:blocks:1"), ("ff28f65a", "count_layout:objects:2"),
                                               ("3631a71a", "complete_symmetry:9"), ("810b9b61", "recolour_by:has_hole"),
                                               ("d2abd087", "recolour_by:size_is:6"), ("e509e548", "recolour_by:skeleton"),
                                               ("6455b5f5", "recolour_by:extreme"), ("941d9a10", "recolour_by:position"),
                                               ("4938f0c2", "symmetrise_about:hv:rarest"),
                                               ("4c5c2cf0", "symmetrise_about:hv:symmetric"),
                                               ("a699fb00", "link:rows:2"), ("06df4c85", "link:both:None:across_lines"),
                                               ("e76a88a6", "paste_template:5"), ("88a10436", "paste_template:5:centred"),
                                               ("c1d99e64", "fill_blank_lines:2:0"), ("2bee17df", "fill_blank_lines:3:1"),
                                               ("2204b7a8", "recolour_by_nearest:3"), ("d4469b4b", "lookup:drawn_colours"),
                                               ("1c786137", "frame:inside"), ("3de23699", "frame:inside_recoloured"),
                                               ("32597951", "recolour_in_boxes:8:1:2"),
                                               ("36fdfd69", "recolour_in_boxes:2:None:2"),
                                               ("1f642eb9", "rays_to:8:hit"), ("2c608aff", "rays_to:largest:toward"),
                                               ("8d510a79", "rays_to:5:table"), ("ba97ae07", "rays_to:largest:hit"),
                                               ("694f12f3", "recolour_roles:largest"), ("b6afb2da", "recolour_roles:None"),
                                               ("36d67576", "complete_from_templates:True:1"),
                                               ("72322fa7", "complete_from_templates:False:2"),
                                               ("c9f8e694", "recolour_from_lines:5:True:False"),
                                               ("48d8fb45", "crop_by:neighbour_colours"),
                                               ("a87f7484", "crop_by:unique_shape"), ("5c0a986e", "smear_colours"),
                                               ("4be741c5", "colour_bands"), ("7ddcd7ec", "diagonal_tails"),
                                               ("3eda0437", "largest_rectangle:0:6"),
                                               ("b9b7f026", "colour_canvas:argmax:holes:drawn"),
                                               ("de1cd16c", "colour_canvas:argmax:holes:all"),
                                               # A 3×3 grid in a 6×6 canvas, every cell drawn down-right to the edge.
                                               ("d13f3404", "embed:2 smear:down_right")])
def test_new_steps_solve_the_training_tasks_that_motivated_them(task_id, step):
    task = load_tasks("arc-agi-1", "training", ids=[task_id])[0]
    names = step.split()
    steps = [s for s in catalogue(task) if s.name in names]
    result = search(task.train_inputs, task.train_outputs, task.test_inputs, steps, budget_s=5.0, max_depth=len(names))
    assert result.exact and [s.name for s in result.exact[0].steps] == names
    n = len(task.train)
    assert list(result.exact[0].outputs[n:]) == [e.output for e in task.test]
    from sandbox import run  # and the emitted program gives the same answers in the sandbox

    grids = [e.input for e in task.train + task.test]
    assert tuple(run(program_source(result.exact[0]), grids, timeout_s=5.0).outputs) == result.exact[0].outputs

