"""One property per object primitive."""

import pytest

from arc_dsl.objects import (
    as_object,
    canonical_shape,
    cell_role,
    colour_objects,
    foreground_partition,
    hole_count,
    object_property,
    objects,
    partition,
    pieces,
    recolour_by_nearest,
    recolour_by_property,
    recolour_cell_roles,
    size_filter,
    skeleton,
    to_object,
)

# Two blue cells touching only at a corner, one red domino, black background.
GRID = ((1, 0, 0, 0),
        (0, 1, 0, 2),
        (0, 0, 0, 2))


def test_objects__default_is_single_colour_edge_connected_without_background():
    found = objects(GRID)
    assert sorted(len(obj) for obj in found) == [1, 1, 2]


def test_objects__diagonal_joins_corner_touching_cells():
    assert sorted(len(obj) for obj in objects(GRID, diagonal=True)) == [2, 2]


def test_objects__multicoloured_groups_touching_colours():
    grid = ((1, 2, 0), (0, 0, 0), (0, 0, 3))
    assert sorted(len(obj) for obj in objects(grid, univalued=False)) == [1, 2]


def test_objects__with_background_includes_background_regions():
    assert sum(len(obj) for obj in objects(GRID, without_background=False)) == 12


def test_partition__one_object_per_colour():
    assert sorted(len(obj) for obj in partition(GRID)) == [2, 2, 8]


def test_foreground_partition__drops_background():
    assert sorted(len(obj) for obj in foreground_partition(GRID)) == [2, 2]


def test_size_filter():
    assert size_filter(objects(GRID), 2) == frozenset({frozenset({(2, (1, 3)), (2, (2, 3))})})


def test_to_object__reads_colours_and_drops_outside_points():
    assert to_object(GRID, frozenset({(0, 0), (1, 3), (9, 9)})) == frozenset({(1, (0, 0)), (2, (1, 3))})


def test_as_object__every_cell():
    assert as_object(((1, 2),)) == frozenset({(1, (0, 0)), (2, (0, 1))})


RING = frozenset({(0, 0), (0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1), (2, 2)})


def test_hole_count__enclosed_regions_only():
    assert hole_count(RING) == 1
    assert hole_count(RING - {(0, 1)}) == 0  # the gap opens it
    two = frozenset((r, c) for r in range(3) for c in range(5) if (r, c) not in {(1, 1), (1, 3)})
    assert hole_count(two) == 2
    assert hole_count(frozenset()) == 0


def test_canonical_shape__the_same_key_for_every_rotation_and_mirror():
    ell = frozenset({(5, 5), (6, 5), (6, 6)})
    turned = frozenset({(0, 1), (1, 1), (1, 0)})
    assert canonical_shape(ell) == canonical_shape(turned) == ((0, 0), (0, 1), (1, 0))
    assert canonical_shape(frozenset({(0, 0), (0, 1)})) != canonical_shape(ell)


def test_skeleton__ends_bends_and_junctions():
    assert skeleton(frozenset({(0, 0), (0, 1), (0, 2)})) == (2, 0, 0)  # a bar
    assert skeleton(frozenset({(0, 0), (1, 0), (1, 1)})) == (2, 1, 0)  # an L
    assert skeleton(frozenset({(0, 1), (1, 0), (1, 1), (1, 2)})) == (3, 0, 1)  # a T


def test_object_property__among_its_peers():
    grid = ((1, 1, 1, 0, 1), (1, 0, 1, 0, 0), (1, 1, 1, 0, 2))
    found = pieces(grid, False)
    ring, dot, _ = sorted(found, key=lambda o: (-len(o), next(iter(o))[0]))  # the lone red cell is no blue one's peer
    assert object_property(ring, found, grid, "has_hole") and not object_property(dot, found, grid, "has_hole")
    assert [object_property(o, found, grid, "size_rank") for o in (ring, dot)] == [0, 1]
    assert object_property(dot, found, grid, "smallest") and object_property(dot, found, grid, "touches_border")
    assert object_property(ring, found, grid, "size_is:8") and not object_property(ring, found, grid, "size_at_least:9")
    with pytest.raises(ValueError, match="unknown object property"):
        object_property(dot, found, grid, "colourfulness")


def test_pieces__one_colour_objects_on_black_even_when_black_is_not_the_commonest():
    grid = ((1, 1, 1), (1, 0, 1), (1, 1, 2))
    assert sorted(len(p) for p in pieces(grid, False)) == [1, 7]
    assert len(pieces(((1, 0), (0, 1)), True)) == 1 and len(pieces(((1, 0), (0, 1)), False)) == 2


def test_recolour_by_property__objects_in_the_table_are_repainted_the_rest_kept():
    grid = ((1, 1, 1, 0, 1), (1, 0, 1, 0, 0), (1, 1, 1, 0, 3))
    table = {(1, True): 2, (1, False): 4}  # blue rings → red, other blue → yellow; green is not in the table
    found = pieces(grid, False)
    assert recolour_by_property(grid, found, "has_hole", table) == ((2, 2, 2, 0, 4), (2, 0, 2, 0, 0), (2, 2, 2, 0, 3))
    # Black regions recoloured by the edges they touch: the hole (no edge) becomes green.
    holes = colour_objects(grid, False, (0,))
    assert recolour_by_property(grid, holes, "edges", {(0, (False, False, False, False)): 3})[1][1] == 3


def test_colour_objects__only_the_given_colours_black_included():
    grid = ((1, 1, 0), (0, 0, 0), (2, 0, 1))
    assert sorted((next(iter(o))[0], len(o)) for o in colour_objects(grid, False, (0, 1))) == [(0, 5), (1, 1), (1, 2)]


def test_cell_role__corners_edges_and_insides_of_a_square():
    square = frozenset((r, c) for r in range(3) for c in range(3))
    assert cell_role(square, (0, 0)) == (2, 3)
    assert cell_role(square, (0, 1)) == (3, 5)
    assert cell_role(square, (1, 1)) == (4, 8)
    assert cell_role(frozenset({(0, 0)}), (0, 0)) == (0, 0)


def test_recolour_cell_roles__by_role_and_by_the_objects_property():
    grid = ((5, 5, 5, 0, 5), (5, 5, 5, 0, 0), (5, 5, 5, 0, 0))
    found = pieces(grid, False)
    inside = {(5, 4, 8, None): 2}
    assert recolour_cell_roles(grid, found, None, inside) == ((5, 5, 5, 0, 5), (5, 2, 5, 0, 0), (5, 5, 5, 0, 0))
    corners = {(5, 2, 3, True): 1, (5, 0, 0, False): 3}  # the largest one's corners, the other's lone cell
    assert recolour_cell_roles(grid, found, "largest", corners) == ((1, 5, 1, 0, 3), (5, 5, 5, 0, 0), (1, 5, 1, 0, 0))


def test_recolour_by_nearest__each_piece_takes_the_nearest_other_colour_unless_tied():
    grid = ((2, 0, 5, 0, 0, 0, 3), (0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 5, 0, 0, 0))
    out = recolour_by_nearest(grid, 5)
    assert out[0][2] == 2 and out[2][3] == 5  # (2, 3) is 5 from the red and 5 from the green cell: a tie, kept
    assert recolour_by_nearest(((5, 0), (0, 0)), 5) == ((5, 0), (0, 0))  # nothing else drawn
