from arc_dsl import *


def solve(I):
    # The colour found only on the border joins its opposite pairs with full lines; everything else is cleared.
    rows, columns = shape(I)
    def only_on_border(colour):
        return all(r in (0, rows - 1) or c in (0, columns - 1) for r, c in indices_of_colour(I, colour))
    marker = first_match(sorted(remove(BLACK, palette(I))), only_on_border)
    across = [horizontal_line_through((r, 0)) for r in range(rows) if I[r][0] == marker == I[r][-1]]
    down = [vertical_line_through((0, c)) for c in range(columns) if I[0][c] == marker == I[-1][c]]
    return fill(canvas(BLACK, shape(I)), marker, merge(across + down))
