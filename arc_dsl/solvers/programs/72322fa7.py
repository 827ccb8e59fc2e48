from arc_dsl import *


def solve(I):
    # Every fragment of a two-coloured motif (just its inner or just its outer colour) is completed to the full motif.
    motifs = keep_if(objects(I, univalued=False, diagonal=True), lambda obj: number_of_colours(obj) > 1)
    completed = []
    for motif in motifs:
        for colour in palette(motif):
            part = frozenset(cell for cell in motif if cell[0] == colour)
            for corner in occurrences(I, normalise(part)):
                completed.append(shift(motif, subtract(corner, upper_left_corner(part))))
    return paint(I, merge(completed))
