from arc_dsl import *


def solve(I):
    # The pattern keeps repeating downward (with its sideways drift) until the grid is square.
    rows, columns = shape(I)
    def cell(r, c):
        return I[r][c] if 0 <= c < columns else BLACK
    def repeats(step, drift):
        return all(I[r][c] == cell(r - step, c - drift) for r in range(step, rows) for c in range(columns))
    step, drift = first_match([(step, drift) for step in range(1, rows) for drift in sorted(range(-columns, columns), key=abs)],
                              lambda pair: repeats(*pair))
    grown = [list(row) for row in I]
    for r in range(rows, columns):
        grown.append([grown[r - step][c - drift] if 0 <= c - drift < columns else BLACK for c in range(columns)])
    return tuple(tuple(row) for row in grown)
