from arc_dsl import *


def solve(I):
    # Same-coloured boxes in one row or column of the lattice are joined by filling the black boxes between them.
    boxes = keep_if(objects(I), lambda box: colour_of(box) != BLACK)
    black = indices_of_colour(I, BLACK)
    O = I
    for a in boxes:
        for b in boxes:
            aligned = uppermost(a) == uppermost(b) or leftmost(a) == leftmost(b)
            if a != b and colour_of(a) == colour_of(b) and aligned:
                span = bounding_box_indices(combine(to_indices(a), to_indices(b)))
                O = fill(O, colour_of(a), intersection(span, black))
    return O
