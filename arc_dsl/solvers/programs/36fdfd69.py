from arc_dsl import *


def solve(I):
    # Red cells at most one cell apart form a patch; every other cell inside a patch's bounding box turns yellow.
    patches = [frozenset({point}) for point in indices_of_colour(I, RED)]

    def near(a, b):
        return any(max(absolute(subtract(p, q))) <= 2 for p in a for q in b)
    merged = True
    while merged:
        merged = False
        for a in patches:
            partner = next((b for b in patches if b is not a and near(a, b)), None)
            if partner is not None:
                patches = [p for p in patches if p is not a and p is not partner] + [combine(a, partner)]
                merged = True
                break
    O = I
    for patch in patches:
        O = fill(O, YELLOW, difference(bounding_box_indices(patch), indices_of_colour(I, RED)))
    return O
