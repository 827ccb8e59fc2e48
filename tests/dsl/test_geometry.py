"""One property per geometry primitive (points, patches, boxes, lines)."""

from arc_dsl import geometry
from arc_dsl.geometry import (
    bounding_box_delta,
    bounding_box_indices,
    box_outline,
    centre,
    centre_of_mass,
    corner_indices,
    diagonal_neighbours,
    direct_neighbours,
    gravitate_offset,
    height,
    horizontal_line_through,
    inner_box_outline,
    is_adjacent,
    is_horizontal_line,
    is_portrait,
    is_square,
    is_vertical_line,
    leftmost,
    line_between,
    lower_left_corner,
    lower_right_corner,
    lowermost,
    manhattan_distance,
    neighbours,
    normalise,
    outer_box_outline,
    ray,
    relative_position,
    rightmost,
    shape,
    shares_column,
    shares_row,
    shift,
    to_indices,
    upper_left_corner,
    upper_right_corner,
    uppermost,
    vertical_line_through,
    width,
)

# An L of three cells spanning rows 1-2 and columns 2-3.
L_SHAPE = frozenset({(1, (1, 2)), (1, (2, 2)), (1, (2, 3))})
L_POINTS = frozenset({(1, 2), (2, 2), (2, 3)})
SQUARE_3 = frozenset((r, c) for r in range(3) for c in range(3))


def test_direction_constants_are_unit_offsets():
    assert (geometry.UP, geometry.DOWN, geometry.LEFT, geometry.RIGHT) == ((-1, 0), (1, 0), (0, -1), (0, 1))
    assert (geometry.UP_LEFT, geometry.DOWN_RIGHT, geometry.ORIGIN, geometry.UNITY) == ((-1, -1), (1, 1), (0, 0), (1, 1))


def test_to_indices__object_and_indices():
    assert to_indices(L_SHAPE) == L_POINTS and to_indices(L_POINTS) == L_POINTS


def test_uppermost():
    assert uppermost(L_SHAPE) == 1


def test_lowermost():
    assert lowermost(L_POINTS) == 2


def test_leftmost():
    assert leftmost(L_SHAPE) == 2


def test_rightmost():
    assert rightmost(L_POINTS) == 3


def test_height__grid_patch_and_empty():
    assert (height(((1,), (2,))), height(L_SHAPE), height(frozenset())) == (2, 2, 0)


def test_width__grid_patch_and_empty():
    assert (width(((1, 2, 3),)), width(L_POINTS), width(frozenset())) == (3, 2, 0)


def test_shape():
    assert (shape(((1, 2, 3),)), shape(L_SHAPE)) == ((1, 3), (2, 2))


def test_is_portrait():
    assert is_portrait(((1,), (2,))) and not is_portrait(L_SHAPE)


def test_is_square__needs_a_full_square_for_patches():
    assert is_square(((1, 2), (3, 4))) and is_square(SQUARE_3) and not is_square(L_POINTS)


def test_upper_left_corner():
    assert upper_left_corner(L_SHAPE) == (1, 2)


def test_upper_right_corner():
    assert upper_right_corner(L_SHAPE) == (1, 3)


def test_lower_left_corner():
    assert lower_left_corner(L_SHAPE) == (2, 2)


def test_lower_right_corner():
    assert lower_right_corner(L_SHAPE) == (2, 3)


def test_shift__object_and_indices():
    assert shift(frozenset({(0, 0)}), (1, 2)) == frozenset({(1, 2)})
    assert shift(frozenset({(5, (0, 0))}), (-1, 0)) == frozenset({(5, (-1, 0))})


def test_normalise__moves_upper_left_to_origin():
    assert normalise(L_POINTS) == frozenset({(0, 0), (1, 0), (1, 1)})


def test_direct_neighbours():
    assert direct_neighbours((1, 1)) == frozenset({(0, 1), (2, 1), (1, 0), (1, 2)})


def test_diagonal_neighbours():
    assert diagonal_neighbours((1, 1)) == frozenset({(0, 0), (0, 2), (2, 0), (2, 2)})


def test_neighbours__eight_around():
    assert neighbours((1, 1)) == SQUARE_3 - {(1, 1)}


def test_manhattan_distance__closest_pair():
    assert manhattan_distance(frozenset({(0, 0), (0, 5)}), frozenset({(2, 6)})) == 3


def test_is_adjacent__edge_not_corner():
    assert is_adjacent(frozenset({(0, 0)}), frozenset({(0, 1)}))
    assert not is_adjacent(frozenset({(0, 0)}), frozenset({(1, 1)}))


def test_shares_row():
    assert shares_row(L_POINTS, frozenset({(2, 9)})) and not shares_row(L_POINTS, frozenset({(0, 2)}))


def test_shares_column():
    assert shares_column(L_POINTS, frozenset({(9, 3)})) and not shares_column(L_POINTS, frozenset({(1, 0)}))


def test_centre__of_bounding_box():
    assert centre(SQUARE_3) == (1, 1)


def test_centre_of_mass__floored_mean():
    assert centre_of_mass(frozenset({(0, 0), (0, 3)})) == (0, 1)


def test_relative_position__unit_direction():
    assert relative_position(frozenset({(0, 0)}), frozenset({(5, 0)})) == (1, 0)
    assert relative_position(frozenset({(4, 4)}), frozenset({(0, 9)})) == (-1, 1)


def test_bounding_box_indices():
    assert bounding_box_indices(L_SHAPE) == frozenset({(1, 2), (1, 3), (2, 2), (2, 3)})


def test_bounding_box_delta():
    assert bounding_box_delta(L_SHAPE) == frozenset({(1, 3)})


def test_box_outline__ring_of_bounding_box():
    assert box_outline(SQUARE_3) == SQUARE_3 - {(1, 1)}


def test_inner_box_outline():
    assert inner_box_outline(SQUARE_3) == frozenset({(1, 1)})


def test_outer_box_outline():
    ring = outer_box_outline(frozenset({(1, 1)}))
    assert ring == SQUARE_3 - {(1, 1)}


def test_corner_indices():
    assert corner_indices(SQUARE_3) == frozenset({(0, 0), (0, 2), (2, 0), (2, 2)})


def test_line_between__straight_diagonal_and_none():
    assert line_between((0, 0), (0, 2)) == frozenset({(0, 0), (0, 1), (0, 2)})
    assert line_between((2, 2), (0, 0)) == frozenset({(0, 0), (1, 1), (2, 2)})
    assert line_between((0, 0), (1, 2)) == frozenset()


def test_ray__starts_at_start_and_leaves_any_grid():
    points = ray((1, 1), (0, 1))
    assert (1, 1) in points and (1, 31) in points and (1, 0) not in points


def test_vertical_line_through():
    assert vertical_line_through((4, 2)) == frozenset((r, 2) for r in range(30))


def test_horizontal_line_through():
    assert horizontal_line_through((4, 2)) == frozenset((4, c) for c in range(30))


def test_is_vertical_line():
    assert is_vertical_line(frozenset({(0, 1), (1, 1)})) and not is_vertical_line(frozenset({(0, 1), (2, 1)}))


def test_is_horizontal_line():
    assert is_horizontal_line(frozenset({(3, 0), (3, 1)})) and not is_horizontal_line(L_POINTS)


def test_gravitate_offset__slides_until_touching():
    source = frozenset({(0, 0)})
    assert gravitate_offset(source, frozenset({(5, 0)})) == (4, 0)
    assert gravitate_offset(source, frozenset({(0, 7)})) == (0, 6)
