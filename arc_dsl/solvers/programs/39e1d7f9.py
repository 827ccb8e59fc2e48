from arc_dsl import *


def solve(I):
    # Working in lattice cells: every lone cell of the pattern's centre colour gets the pattern's surroundings copied around it.
    wall = colour_of(first(uniform_lines(I)))
    rooms = compartments(I, wall)
    rows = sorted({uppermost(room) for room in rooms})
    columns = sorted({leftmost(room) for room in rooms})
    room_at = {(rows.index(uppermost(room)), columns.index(leftmost(room))): room for room in rooms}
    cells = tuple(tuple(colour_of(room_at[(i, j)]) for j in range(len(columns))) for i in range(len(rows)))
    groups = objects(cells, univalued=False, diagonal=True)
    pattern = argmax(groups, size)
    O = I
    for lone in size_filter(groups, 1):
        centre_colour, lone_point = first(lone)
        centre_point = first(point for colour, point in pattern if colour == centre_colour)
        for colour, point in shift(pattern, subtract(lone_point, centre_point)):
            if point in room_at:
                O = fill(O, colour, room_at[point])
    return O
