"""One property per whole-grid primitive."""

import pytest

from arc_dsl.grids import (
    all_indices,
    attract,
    bottom_half,
    canvas,
    cell_contexts,
    cell_counts,
    cell_summary,
    cellwise_match,
    colour_at,
    colour_bands,
    complete_from_templates,
    complete_pattern,
    complete_symmetry,
    compress,
    concat_horizontal,
    concat_vertical,
    crop,
    dedupe_lines,
    downscale,
    erase,
    extend_diagonal_tails,
    extend_to,
    fill,
    fill_blank_lines,
    fill_largest_rectangle,
    frame_box,
    grid_cells,
    horizontal_period,
    is_bordering,
    join_cells,
    left_half,
    link_cells,
    local_rule,
    mirror_antidiagonal,
    mirror_diagonal,
    mirror_horizontal,
    mirror_vertical,
    move,
    occurrences,
    overlay_by_priority,
    paint,
    paste_template,
    rays_to,
    recolour_from_lines,
    recolour_in_boxes,
    right_half,
    rotate_90,
    rotate_180,
    rotate_270,
    smear,
    smear_colours,
    split_grid,
    split_left_right,
    split_top_bottom,
    stamp_objects,
    subgrid,
    symmetric_colour,
    symmetrise_about,
    top_half,
    trim,
    underfill,
    underpaint,
    uniform_lines,
    upscale,
    upscale_horizontal,
    upscale_vertical,
    vertical_period,
)

SMALL = ((1, 2), (3, 4))
WIDE = ((1, 2, 3), (4, 5, 6))
L_POINTS = frozenset({(0, 0), (1, 0), (1, 1)})


def test_canvas():
    assert canvas(7, (2, 3)) == ((7, 7, 7), (7, 7, 7))


def test_all_indices():
    assert all_indices(WIDE) == frozenset((r, c) for r in range(2) for c in range(3))


def test_colour_at__inside_and_outside():
    assert (colour_at(WIDE, (1, 2)), colour_at(WIDE, (2, 0)), colour_at(WIDE, (0, -1))) == (6, None, None)


def test_is_bordering():
    grid = canvas(0, (5, 5))
    assert is_bordering(frozenset({(0, 2)}), grid) and not is_bordering(frozenset({(2, 2)}), grid)


def test_crop():
    assert crop(WIDE, (0, 1), (2, 2)) == ((2, 3), (5, 6))


def test_subgrid__bounding_box_of_patch():
    assert subgrid(WIDE, frozenset({(0, 1), (1, 2)})) == ((2, 3), (5, 6))


def test_rotate_90__clockwise():
    assert rotate_90(SMALL) == ((3, 1), (4, 2))


def test_rotate_180():
    assert rotate_180(SMALL) == ((4, 3), (2, 1))


def test_rotate_270__anticlockwise():
    assert rotate_270(SMALL) == ((2, 4), (1, 3))


def test_mirror_horizontal__grid_upside_down_and_patch_in_place():
    assert mirror_horizontal(SMALL) == ((3, 4), (1, 2))
    assert mirror_horizontal(shift_points(L_POINTS, 5)) == shift_points(frozenset({(1, 0), (0, 0), (0, 1)}), 5)


def test_mirror_vertical__grid_left_right_and_patch_in_place():
    assert mirror_vertical(SMALL) == ((2, 1), (4, 3))
    assert mirror_vertical(L_POINTS) == frozenset({(0, 1), (1, 1), (1, 0)})


def test_mirror_diagonal__transpose_grid_and_patch():
    assert mirror_diagonal(WIDE) == ((1, 4), (2, 5), (3, 6))
    assert mirror_diagonal(frozenset({(7, (2, 3)), (7, (2, 4))})) == frozenset({(7, (2, 3)), (7, (3, 3))})


def test_mirror_antidiagonal__grid_and_patch_agree():
    assert mirror_antidiagonal(SMALL) == ((4, 2), (3, 1))
    grid = ((1, 0), (1, 1))
    cells = frozenset((grid[r][c], (r, c)) for r in range(2) for c in range(2))
    flipped = mirror_antidiagonal(grid)
    assert mirror_antidiagonal(cells) == frozenset((flipped[r][c], (r, c)) for r in range(2) for c in range(2))


def test_concat_horizontal():
    assert concat_horizontal(SMALL, ((5,), (6,))) == ((1, 2, 5), (3, 4, 6))


def test_concat_vertical():
    assert concat_vertical(SMALL, ((5, 6),)) == ((1, 2), (3, 4), (5, 6))


def test_link_cells__black_between_same_colours_crossing_a_line_colour():
    grid = ((1, 0, 5, 0, 1), (0, 0, 5, 0, 0), (2, 0, 5, 0, 3))
    assert link_cells(grid, ((0, 1),), None, 5)[0] == (1, 1, 5, 1, 1)  # across the grey line, in the ends' colour
    assert link_cells(grid, ((0, 1),), None, None) == grid  # the grey cell blocks
    assert link_cells(grid, ((0, 1),), 8, 5)[2] == (2, 0, 5, 0, 3)  # different ends: nothing
    both = link_cells(((1, 0, 1), (0, 0, 0), (1, 0, 0)), ((0, 1), (1, 0)), 8, None)
    assert both == ((1, 8, 1), (8, 0, 0), (1, 0, 0))  # both directions read off the original grid


def test_paste_template__onto_pieces_of_its_shape_or_centred_on_markers():
    grid = ((1, 2, 0, 0, 0), (0, 0, 0, 5, 5), (0, 0, 0, 0, 0), (5, 5, 0, 0, 0))
    pasted = paste_template(grid, 5, False, False)
    assert pasted == ((1, 2, 0, 0, 0), (0, 0, 0, 1, 2), (0, 0, 0, 0, 0), (1, 2, 0, 0, 0))
    assert paste_template(grid, 5, False, True)[0] == (0, 0, 0, 0, 0)  # the template itself blacked out
    assert paste_template(((1, 2, 0, 0), (0, 0, 5, 5), (0, 5, 0, 0)), 5, False, False)[2] == (0, 5, 0, 0)  # wrong shape
    plus = ((0, 3, 0, 0, 0, 0), (3, 4, 3, 0, 0, 0), (0, 3, 0, 0, 0, 0), (0, 0, 0, 0, 5, 0), (0, 0, 0, 0, 0, 0))
    centred = paste_template(plus, 5, True, False)
    assert [row[3:6] for row in centred[2:5]] == [(0, 3, 0), (3, 4, 3), (0, 3, 0)]


def test_fill_blank_lines__whole_lines_or_inside_a_margin():
    grid = ((0, 0, 0), (1, 0, 0), (0, 0, 0))
    assert fill_blank_lines(grid, 2, 0) == ((2, 2, 2), (1, 2, 2), (2, 2, 2))
    framed = ((5, 5, 5, 5), (5, 0, 1, 5), (5, 0, 0, 5), (5, 5, 5, 5))
    assert fill_blank_lines(framed, 3, 1) == ((5, 5, 5, 5), (5, 3, 1, 5), (5, 3, 3, 5), (5, 5, 5, 5))


def test_frame_box__the_box_of_the_one_colour_drawn_as_an_outline_or_corners():
    grid = ((0, 0, 0, 0, 0), (0, 2, 0, 2, 0), (0, 0, 1, 0, 0), (0, 2, 0, 2, 0))
    assert frame_box(grid) == frozenset((r, c) for r in range(1, 4) for c in range(1, 4))  # four red corners
    assert frame_box(((2, 2, 2), (2, 0, 2), (2, 2, 2))) == frozenset()  # the whole grid is no frame
    two = ((2, 0, 2, 3, 0, 3), (0, 0, 0, 0, 0, 0), (2, 0, 2, 3, 0, 3))
    assert frame_box(two) == frozenset()  # two colours frame boxes: ambiguous


def test_complete_from_templates__a_unique_partial_copy_completed_turned_if_allowed():
    # A whole L (1, 2 right of it, 3 3 below it) and three of its cells turned a quarter turn.
    grid = ((1, 2, 0, 0, 0, 0),
            (3, 0, 0, 0, 0, 0),
            (3, 0, 0, 0, 0, 0),
            (0, 0, 0, 0, 0, 0),
            (0, 0, 0, 0, 3, 1),
            (0, 0, 0, 0, 0, 2))
    assert complete_from_templates(grid, False, 1) == grid  # as they are, the three cells are no part of the L
    turned = complete_from_templates(grid, True, 1)
    assert turned[4] == (0, 0, 0, 3, 3, 1)  # the L's missing 3, left of the others
    assert turned[:4] + turned[5:] == grid[:4] + grid[5:]
    lone = grid[:4] + ((0, 0, 0, 0, 0, 1), (0, 0, 0, 0, 0, 0))
    assert complete_from_templates(lone, True, 1) == lone  # one 1 fits the L turned eight ways: not unique


def test_smear_colours__each_colour_along_its_own_directions_diagonals_from_outer_corners():
    grid = ((0, 0, 0, 0, 0),
            (0, 1, 1, 0, 0),
            (0, 1, 1, 0, 0),
            (0, 0, 0, 0, 0),
            (0, 0, 0, 2, 0))
    out = smear_colours(grid, ((1, ((-1, -1),)), (2, ((0, -1),))))
    assert out == ((1, 0, 0, 0, 0), (0, 1, 1, 0, 0), (0, 1, 1, 0, 0), (0, 0, 0, 0, 0), (2, 2, 2, 2, 0))
    assert smear_colours(grid, ((3, ((1, 0),)),)) == grid  # no cell of a colour in the table


def test_colour_bands__a_row_for_bands_side_by_side_a_column_for_stacked_ones():
    side = ((4, 4, 2, 8), (4, 2, 2, 8))
    assert colour_bands(side) == ((4, 2, 8),)
    assert colour_bands(tuple(zip(*side, strict=True))) == ((4,), (2,), (8,))
    assert colour_bands(((1, 2), (3, 3))) == ((1, 2), (3, 3))  # neither: the grid


def test_fill_largest_rectangle__the_largest_blank_rectangle_of_two_by_two_or_more():
    grid = ((0, 0, 1, 0, 0, 0),
            (0, 0, 1, 0, 0, 0),
            (1, 1, 1, 0, 0, 1))
    assert fill_largest_rectangle(grid, 0, 6) == ((0, 0, 1, 6, 6, 6), (0, 0, 1, 6, 6, 6), (1, 1, 1, 0, 0, 1))
    assert fill_largest_rectangle(((0, 1, 0),), 0, 6) == ((0, 1, 0),)  # no 2-by-2 blank


def test_extend_diagonal_tails__a_corner_touching_cell_continues_its_diagonal():
    grid = ((0, 0, 0, 0, 0),
            (0, 3, 3, 0, 0),
            (0, 3, 3, 0, 0),
            (0, 0, 0, 3, 0),
            (0, 0, 0, 0, 0))
    out = extend_diagonal_tails(grid)
    assert out[4] == (0, 0, 0, 0, 3)  # the tail at (3, 3) goes on down-right
    assert out[:4] == grid[:4]  # the square's own corners touch their neighbours along sides: no tails


def test_rays_to__each_mode_draws_only_toward_directions_that_meet_the_target():
    grid = ((0, 0, 0, 0, 0), (2, 0, 5, 0, 0), (0, 0, 0, 0, 0), (0, 0, 1, 0, 0))
    assert rays_to(grid, 5, "toward") == ((0, 0, 0, 0, 0), (2, 2, 5, 0, 0), (0, 0, 1, 0, 0), (0, 0, 1, 0, 0))
    assert rays_to(grid, 5, "hit")[1] == (2, 0, 1, 0, 0)  # the last cell scanned that meets it wins
    assert rays_to(grid, 5, ((2, "hit"),))[1:] == ((2, 0, 2, 0, 0), *grid[2:])  # 1 has no mode: left alone
    assert rays_to(grid, 5, ((1, "away"),)) == grid  # 1 is on the bottom edge: nothing below it
    assert rays_to(grid, 5, ((1, "both"),))[2] == (0, 0, 1, 0, 0)
    assert rays_to(grid, 9, "both") == grid  # no cell meets the target


def test_recolour_from_lines__the_one_other_colour_of_a_row_or_column_per_cell_or_piece():
    grid = ((1, 0, 5, 5),
            (2, 0, 5, 0),
            (0, 0, 0, 5),
            (3, 4, 0, 5))
    assert recolour_from_lines(grid, 5, True, False) == ((1, 0, 1, 1), (2, 0, 2, 0), (0, 0, 0, 5), (3, 4, 0, 5))
    # the piece in rows 0-1 sees 1 and 2: left alone; the lone 5 of row 2 sees nothing; row 3 sees 3 and 4
    assert recolour_from_lines(grid, 5, True, True) == grid
    assert recolour_from_lines(grid, 5, False, False)[3] == (3, 4, 0, 5)  # columns 2-3 hold no other colour


def test_recolour_in_boxes__inside_each_cluster_box_only():
    grid = ((8, 1, 8, 0, 1), (1, 0, 1, 0, 0), (8, 0, 0, 0, 1))
    assert recolour_in_boxes(grid, 8, 1, 3, 2) == ((8, 3, 8, 0, 1), (3, 0, 3, 0, 0), (8, 0, 0, 0, 1))
    assert recolour_in_boxes(grid, 8, 1, 3, 1) == grid  # 8s two apart: single-cell clusters, empty boxes
    assert recolour_in_boxes(grid, 8, None, 3, 2)[1] == (3, 0, 3, 0, 0)  # any other drawn colour, black kept


def test_split_grid__blocks_row_by_row_with_dividers_skipped():
    grid = ((1, 2, 5, 3, 4), (6, 7, 5, 8, 9), (5, 5, 5, 5, 5), (1, 1, 5, 2, 2), (1, 1, 5, 2, 2))
    assert split_grid(grid, 2, 2) == (((1, 2), (6, 7)), ((3, 4), (8, 9)), ((1, 1), (1, 1)), ((2, 2), (2, 2)))
    assert split_grid(((1, 2, 3),), 1, 3) == (((1,),), ((2,),), ((3,),))


def test_overlay_by_priority__the_earliest_colour_wins_and_unlisted_colours_lose():
    parts = (((1, 0), (0, 0)), ((2, 2), (0, 3)))
    assert overlay_by_priority(parts, (1, 2, 0)) == ((1, 2), (0, 0))  # 3 is unlisted: it loses even to 0
    assert overlay_by_priority(parts, (2, 1, 0)) == ((2, 2), (0, 0))
    assert overlay_by_priority(parts, (0,)) == ((1, 0), (0, 0))  # between unlisted colours the lower wins


def test_split_left_right__skips_divider_column():
    grid = ((1, 5, 2), (1, 5, 2))
    assert split_left_right(grid, 2) == (((1,), (1,)), ((2,), (2,)))
    assert split_left_right(((1, 2, 3, 4),), 2) == (((1, 2),), ((3, 4),))


def test_split_top_bottom__skips_divider_row():
    grid = ((1, 1), (5, 5), (2, 2))
    assert split_top_bottom(grid, 2) == (((1, 1),), ((2, 2),))


def test_top_half__skips_middle_row():
    assert top_half(((1,), (2,), (3,))) == ((1,),)


def test_bottom_half__skips_middle_row():
    assert bottom_half(((1,), (2,), (3,))) == ((3,),)


def test_left_half():
    assert left_half(WIDE) == ((1,), (4,))


def test_right_half():
    assert right_half(WIDE) == ((3,), (6,))


def test_upscale__grid():
    assert upscale(((1, 2),), 2) == ((1, 1, 2, 2), (1, 1, 2, 2))


def test_upscale__object_keeps_upper_left_corner():
    scaled = upscale(frozenset({(3, (4, 5))}), 2)
    assert scaled == frozenset({(3, (4, 5)), (3, (4, 6)), (3, (5, 5)), (3, (5, 6))})


def test_upscale_horizontal():
    assert upscale_horizontal(((1, 2),), 2) == ((1, 1, 2, 2),)


def test_upscale_vertical():
    assert upscale_vertical(((1, 2),), 2) == ((1, 2), (1, 2))


def test_downscale__undoes_upscale():
    assert downscale(upscale(WIDE, 3), 3) == WIDE


def test_trim():
    assert trim(((1, 1, 1), (1, 5, 1), (1, 1, 1))) == ((5,),)


def test_uniform_lines__rows_and_columns():
    grid = ((3, 3, 3), (1, 3, 2))
    lines = uniform_lines(grid)
    assert lines == frozenset({frozenset({(3, (0, 0)), (3, (0, 1)), (3, (0, 2))}),
                               frozenset({(3, (0, 1)), (3, (1, 1))})})


def test_compress__drops_single_coloured_lines():
    grid = ((0, 0, 0, 0), (1, 0, 2, 0), (0, 0, 0, 0), (3, 0, 4, 0))
    assert compress(grid) == ((1, 2), (3, 4))


def test_cellwise_match():
    assert cellwise_match(((1, 2),), ((1, 3),), 0) == ((1, 0),)


def test_fill__ignores_points_outside():
    assert fill(SMALL, 9, frozenset({(0, 0), (5, 5)})) == ((9, 2), (3, 4))


def test_paint():
    assert paint(SMALL, frozenset({(7, (1, 1)), (8, (-1, 0))})) == ((1, 2), (3, 7))


def test_underfill__only_background_cells():
    grid = ((0, 0), (0, 5))
    assert underfill(grid, 2, frozenset({(0, 0), (1, 1)})) == ((2, 0), (0, 5))


def test_underpaint__only_background_cells():
    grid = ((0, 0), (0, 5))
    assert underpaint(grid, frozenset({(7, (0, 1)), (7, (1, 1))})) == ((0, 7), (0, 5))


def test_erase__paints_background():
    assert erase(((0, 0, 5),), frozenset({(0, 2)})) == ((0, 0, 0),)


def test_move():
    grid = ((0, 3, 0), (0, 0, 0), (0, 0, 0))
    assert move(grid, frozenset({(3, (0, 1))}), (2, 1)) == ((0, 0, 0), (0, 0, 0), (0, 0, 3))


def test_occurrences__upper_left_of_each_match():
    grid = ((1, 2, 1, 2), (0, 0, 0, 0))
    pattern = frozenset({(1, (5, 5)), (2, (5, 6))})
    assert occurrences(grid, pattern) == frozenset({(0, 0), (0, 2)})


def test_horizontal_period():
    stripe = frozenset((value, (0, c)) for c, value in enumerate((1, 2, 1, 2, 1)))
    assert (horizontal_period(stripe), horizontal_period(frozenset({(1, (0, 0)), (2, (0, 1))}))) == (2, 2)


def test_vertical_period():
    column = frozenset((value, (r, 0)) for r, value in enumerate((4, 5, 6, 4, 5, 6)))
    assert vertical_period(column) == 3


def shift_points(points, offset):
    return frozenset((r + offset, c + offset) for r, c in points)


def test_cell_contexts():
    grid = ((0, 1), (2, 0))
    assert cell_contexts(grid, "around4")[0][0] == (0, (-1, 1, 2))  # off-grid sides read -1
    assert cell_contexts(grid, "neighbours4")[0][0] == (0, (-1, 2, -1, 1))  # up, down, left, right
    assert cell_contexts(grid, "around8")[0][0] == (0, (-1, 0, 1, 2))
    assert len(cell_contexts(grid, "neighbours8")[1][1][1]) == 8
    assert cell_contexts(grid, "row_column")[1][0] == (2, (0, 2), (0, 2))


def test_cell_contexts__object_size_rank():
    # Grey objects of 3, 1 and 1 cells (edge-connected): ranks 0, 1, 1; the background (black) reads -1.
    # Corner-connected, the single cell at (2, 1) joins the corner of the 3-cell object: 4 cells, rank 0.
    grid = ((5, 5, 0, 5), (5, 0, 0, 0), (0, 5, 0, 0))
    assert [key[1] for key in cell_contexts(grid, "object_rank4")[0]] == [0, 0, -1, 1]
    assert cell_contexts(grid, "object_rank4")[2][1] == (5, 1)
    assert cell_contexts(grid, "object_rank8")[2][1] == (5, 0)
    assert cell_contexts(grid, "object_rank8")[0][3] == (5, 1)


def test_local_rule__recolours_objects_by_size_rank():
    grid = ((5, 5, 0, 5), (5, 0, 0, 0), (0, 0, 5, 0))
    assert local_rule(grid, "object_rank4", {(5, 0): 1, (5, 1): 2}) == ((1, 1, 0, 2), (1, 0, 0, 0), (0, 0, 2, 0))


def test_cell_contexts__rejects_an_unknown_neighbourhood():
    with pytest.raises(ValueError, match="unknown neighbourhood"):
        cell_contexts(((0,),), "around5")


def test_local_rule():
    # Background cells with a red (2) edge neighbour turn blue (1); every other context keeps its colour.
    grid = ((0, 0, 0), (0, 2, 0), (0, 0, 0))
    table = {(0, (-1, 0, 2)): 1, (0, (0, 2)): 1}
    assert local_rule(grid, "around4", table) == ((0, 1, 0), (1, 2, 1), (0, 1, 0))


LINED = ((1, 0, 5, 0, 0),
         (0, 0, 5, 0, 2),
         (5, 5, 5, 5, 5),
         (3, 0, 5, 0, 0))


def test_grid_cells__cut_by_full_lines_of_the_line_colour_in_reading_order():
    assert grid_cells(LINED) == (((1, 0), (0, 0)), ((0, 0), (0, 2)), ((3, 0),), ((0, 0),))


def test_grid_cells__empty_rows_of_the_most_common_colour_do_not_cut():
    grid = ((0, 0, 0), (1, 0, 1), (0, 0, 0))
    assert grid_cells(grid) == (grid,)


def test_grid_cells__lines_at_the_border_leave_no_empty_block():
    grid = ((5, 5, 5, 5, 5), (1, 0, 5, 0, 2), (0, 0, 5, 0, 0), (0, 0, 5, 0, 0))
    assert grid_cells(grid) == (((1, 0), (0, 0), (0, 0)), ((0, 2), (0, 0), (0, 0)))


def test_cell_summary__one_pixel_per_block_its_drawn_colour():
    assert cell_summary(LINED) == ((1, 2), (3, 0))


def test_cell_counts__drawn_cells_per_block():
    assert cell_counts(LINED) == ((1, 1), (1, 0))
    assert cell_counts(((1, 2, 3) * 4, (3, 1, 2) * 4, (2, 3, 1) * 4)) == ((9,),)  # no lines: one block; 24 capped at 9


def test_dedupe_lines__keeps_each_run_of_equal_rows_and_columns_once():
    grid = ((1, 1, 2), (1, 1, 2), (3, 3, 4), (1, 1, 2))
    assert dedupe_lines(grid) == ((1, 2), (3, 4), (1, 2))  # only consecutive repeats go


# Background 0; a 3 pair in row 1, a 2 pair in column 1 (with a 3 between them), a lone 5.
JOINABLE = ((0, 0, 0, 0, 0),
            (3, 0, 0, 3, 0),
            (0, 2, 0, 0, 5),
            (0, 0, 0, 0, 0),
            (0, 2, 0, 0, 0))


def test_join_cells__rows_join_same_coloured_neighbours_over_the_background():
    assert join_cells(JOINABLE, (0, 1))[1] == (3, 3, 3, 3, 0)
    assert join_cells(JOINABLE, (0, 1))[2:] == JOINABLE[2:]  # 2 and 5 differ: no line


def test_join_cells__columns_and_diagonals():
    assert [row[1] for row in join_cells(JOINABLE, (1, 0))] == [0, 0, 2, 2, 2]
    assert join_cells(((1, 0, 0), (0, 0, 0), (0, 0, 1)), (1, 1)) == ((1, 0, 0), (0, 1, 0), (0, 0, 1))
    assert join_cells(((0, 0, 1), (0, 0, 0), (1, 0, 0)), (1, -1)) == ((0, 0, 1), (0, 1, 0), (1, 0, 0))


def test_join_cells__a_different_colour_between_blocks_the_line():
    grid = ((1, 0, 2, 0, 1),)
    assert join_cells(grid, (0, 1)) == grid
    with pytest.raises(ValueError, match="direction"):
        join_cells(grid, (0, -1))


def test_smear__drawn_cells_extend_over_the_background_until_they_meet_another():
    assert smear(((0, 3, 0, 0, 2, 0),), ((0, -1), (0, 1))) == ((3, 3, 3, 3, 2, 2),)  # earlier cells first
    assert smear(JOINABLE, ((1, 0),))[3:] == ((3, 2, 0, 3, 5), (3, 2, 0, 3, 5))  # 2 stops at the 2 below it


def test_complete_symmetry__mirror_axes_off_the_middle_fill_the_holes():
    # Symmetric about the column between columns 1 and 2 (not the grid's middle) and about row 1; 9 hides cells.
    full = ((1, 2, 2, 1, 5), (3, 4, 4, 3, 6), (1, 2, 2, 1, 7))
    holed = ((1, 9, 2, 1, 5), (3, 4, 9, 3, 6), (9, 2, 2, 1, 7))
    assert complete_symmetry(holed, 9) == full


def test_complete_symmetry__only_axes_every_paired_cell_obeys_are_used():
    # Row 0 mirrors row 2 except one cell: no axis is fully obeyed, so the hole stays.
    grid = ((1, 2, 3), (4, 9, 6), (1, 2, 8))
    assert complete_symmetry(grid, 9) == grid
    assert complete_symmetry(((1, 1), (1, 1)), 9) == ((1, 1), (1, 1))  # no holes


def test_complete_symmetry__a_diagonal_axis():
    grid = ((1, 2, 3), (2, 4, 5), (9, 5, 6))
    assert complete_symmetry(grid, 9) == ((1, 2, 3), (2, 4, 5), (3, 5, 6))


def test_symmetrise_about__mirrors_about_the_patch_centre_not_the_grid_centre():
    grid = ((0, 0, 0, 0, 0), (0, 3, 3, 0, 0), (0, 3, 3, 0, 0), (1, 0, 0, 0, 0), (0, 0, 0, 0, 0))
    centre = frozenset({(1, 1), (1, 2), (2, 1), (2, 2)})  # the green square's centre: between rows 1-2, columns 1-2
    out = symmetrise_about(grid, centre, "hv")
    assert out[0][0] == 1 and out[0][3] == 1 and out[3][3] == 1 and out[3][0] == 1 and out[4] == (0,) * 5
    assert symmetrise_about(grid, frozenset({(1, 1), (1, 2)}), "rot4") == grid  # a quarter turn lands between cells
    assert symmetrise_about(grid, frozenset(), "hv") == grid


def test_symmetric_colour__the_one_colour_symmetric_about_its_own_centre():
    grid = ((2, 0, 2, 0), (0, 2, 0, 0), (2, 0, 2, 4), (0, 0, 4, 4))
    assert symmetric_colour(grid, "d4") == frozenset({(0, 0), (0, 2), (1, 1), (2, 0), (2, 2)})
    assert symmetric_colour(((2, 0), (0, 4)), "d4") == frozenset()  # both single cells are: ambiguous


def test_complete_pattern__a_period_along_the_diagonals_fills_the_holes():
    grid = ((2, 8, 3, 0), (8, 3, 0, 0), (3, 0, 0, 0), (0, 0, 0, 0))
    assert complete_pattern(grid, 0) == ((2, 8, 3, 2), (8, 3, 2, 8), (3, 2, 8, 3), (2, 8, 3, 2))


def test_complete_pattern__the_fewest_classes_win_and_every_known_cell_agrees():
    grid = ((1, 2, 1, 2), (3, 4, 0, 4), (1, 0, 1, 2))  # rows alternate 1 2 / 3 4: a 2×2 rectangle
    assert complete_pattern(grid, 0) == ((1, 2, 1, 2), (3, 4, 3, 4), (1, 2, 1, 2))


def test_complete_pattern__unchanged_when_no_tiling_covers_the_holes():
    grid = ((1, 2, 3), (4, 5, 6), (7, 8, 0))
    assert complete_pattern(grid, 0) == grid
    assert complete_pattern(((1, 2), (3, 4)), 0) == ((1, 2), (3, 4))  # no hole


def test_stamp_objects__objects_with_a_pattern_get_it_painted_others_stay():
    grid = ((0, 0, 0, 0), (0, 2, 0, 0), (0, 0, 0, 3))
    corners = {((2, (0, 0)),): (((-1, -1), 4), ((1, 1), 4), ((-1, 1), 4), ((1, -1), 4))}
    assert stamp_objects(grid, True, False, corners) == ((4, 0, 4, 0), (0, 2, 0, 0), (4, 0, 4, 3))  # 3: no pattern


def test_stamp_objects__keys_are_shape_and_colour_from_the_top_left():
    grid = ((0, 0, 0), (0, 1, 1), (0, 0, 0))
    bar = ((1, (0, 0)), (1, (0, 1)))
    assert stamp_objects(grid, True, False, {bar: (((0, 0), 5),)}) == ((0, 0, 0), (0, 5, 1), (0, 0, 0))
    assert stamp_objects(grid, True, False, {((2, (0, 0)), (2, (0, 1))): (((0, 0), 5),)}) == grid  # other colour


def test_attract__the_smallest_objects_slide_in_line_until_they_touch_the_target():
    grid = ((0, 5, 0, 0, 0),
            (0, 0, 0, 0, 0),
            (0, 2, 2, 0, 5),
            (0, 0, 0, 0, 0),
            (0, 0, 0, 0, 5))
    # Down the column, left along the row, up-left along the diagonal: each stops next to the red bar.
    assert attract(grid, 2, True) == ((0, 0, 0, 0, 0), (0, 5, 0, 0, 0), (0, 2, 2, 5, 0), (0, 0, 0, 5, 0),
                                      (0, 0, 0, 0, 0))


def test_attract__toward_their_own_colour_with_strays_kept_or_dropped():
    grid = ((0, 0, 0, 0, 0, 0),
            (3, 0, 0, 3, 0, 7),
            (3, 0, 0, 0, 0, 0),
            (3, 0, 0, 0, 0, 0))
    moved = ((0, 0, 0, 0, 0, 0), (3, 3, 0, 0, 0, 0), (3, 0, 0, 0, 0, 0), (3, 0, 0, 0, 0, 0))
    assert attract(grid, None, False) == moved  # 7 has no larger 7 in line: gone
    assert attract(grid, None, True) == tuple(row[:5] + (7 if r == 1 else 0,) for r, row in enumerate(moved))


def test_extend_to__the_smallest_objects_draw_a_line_to_the_target_in_their_row_or_column():
    grid = ((0, 5, 0, 0, 0),
            (0, 0, 0, 0, 0),
            (0, 2, 2, 0, 5),
            (0, 0, 0, 0, 0),
            (0, 0, 0, 0, 5))
    # The pixels in line with the red bar draw to it; the one only diagonal to it does not.
    assert extend_to(grid, 2) == ((0, 5, 0, 0, 0), (0, 5, 0, 0, 0), (0, 2, 2, 5, 5), (0, 0, 0, 0, 0), (0, 0, 0, 0, 5))


def test_complete_pattern__never_changes_a_cell_that_is_not_a_hole():
    import random

    for seed in range(20):
        rng = random.Random(seed)
        h, w = rng.randint(1, 8), rng.randint(1, 8)
        grid = tuple(tuple(rng.choice((0, 1, 2, 3)) for _ in range(w)) for _ in range(h))
        done = complete_pattern(grid, 0)
        assert all(a == b for row, row_d in zip(grid, done, strict=True) for a, b in zip(row, row_d, strict=True) if a != 0)
