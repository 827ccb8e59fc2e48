from arc_dsl import *


def solve(I):
    # Green paths are coloured by shape: branched red, one bend blue, two bends magenta.
    def classify(path):
        cells = to_indices(path)
        links = [to_tuple(intersection(direct_neighbours(p), cells)) for p in cells]
        if any(len(linked) >= 3 for linked in links):
            return RED
        bends = [
            linked
            for linked in links
            if len(linked) == 2 and linked[0][0] != linked[1][0] and linked[0][1] != linked[1][1]
        ]
        return BLUE if len(bends) == 1 else MAGENTA

    O = I
    for path in objects(I):
        O = fill(O, classify(path), path)
    return O
