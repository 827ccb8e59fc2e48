from arc_dsl import *


def solve(I):
    # The azure diagonal continues in green from its free end and bounces off the red wall.
    azure = indices_of_colour(I, AZURE)
    ends = sort_by(azure, lambda point: point[0])
    start, tail = (ends[-1], ends[0]) if is_bordering({ends[0]}, I) else (ends[0], ends[-1])
    direction = sign(subtract(start, tail))
    path = set()
    point = start
    while True:
        row_step, column_step = direction
        if colour_at(I, (point[0], point[1] + column_step)) == RED:
            direction = (row_step, -column_step)
        if colour_at(I, (point[0] + row_step, point[1])) == RED:
            direction = (-row_step, direction[1])
        point = add(point, direction)
        if colour_at(I, point) != BLACK:
            break
        path.add(point)
    return fill(I, GREEN, frozenset(path))
