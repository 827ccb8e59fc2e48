from arc_dsl import *


def solve(I):
    # Under the arch, every column holding a dot becomes a line of dots from the arch down to the bottom.
    arch = argmax(objects(I, diagonal=True), size)
    dot_colour = first(remove(colour_of(arch), remove(BLACK, palette(I))))
    dots = indices_of_colour(I, dot_colour)
    lines = []
    for column in range(leftmost(arch), rightmost(arch) + 1):
        arch_bottom = max(r for r, c in to_indices(arch) if c == column)
        if any(c == column and r > arch_bottom for r, c in dots):
            lines.append(ray((arch_bottom + 1, column), DOWN))
    return fill(I, dot_colour, merge(lines))
