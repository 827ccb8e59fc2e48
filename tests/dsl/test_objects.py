"""One property per object primitive."""

from arc_dsl.objects import as_object, foreground_partition, objects, partition, size_filter, to_object

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
