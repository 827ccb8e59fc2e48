from arc_dsl import *


def solve(I):
    # Crop to the frame of four full lines; each loose dot drips to the frame line of its own colour.
    full_rows = [r for r in range(height(I)) if BLACK not in I[r]]
    full_columns = [c for c in range(width(I)) if all(row[c] != BLACK for row in I)]
    corner = (full_rows[0], full_columns[0])
    framed = crop(I, corner, (full_rows[-1] - full_rows[0] + 1, full_columns[-1] - full_columns[0] + 1))
    bottom, right = height(framed) - 1, width(framed) - 1
    edges = {
        most_common(framed[0]): lambda r, c: line_between((0, c), (r, c)),
        most_common(framed[bottom]): lambda r, c: line_between((r, c), (bottom, c)),
        most_common(tuple(row[0] for row in framed)): lambda r, c: line_between((r, 0), (r, c)),
        most_common(tuple(row[right] for row in framed)): lambda r, c: line_between((r, c), (r, right)),
    }
    inside = crop(framed, UNITY, subtract(shape(framed), 2))
    dot_colour = first(remove(BLACK, palette(inside)))
    drips = [edges[dot_colour](r + 1, c + 1) for r, c in indices_of_colour(inside, dot_colour)]
    return fill(framed, dot_colour, merge(drips))
