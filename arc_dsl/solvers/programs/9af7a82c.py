from arc_dsl import *


def solve(I):
    # A bar chart: one column per colour, most frequent first, each as tall as that colour's cell count.
    colours = sort_by(palette(I), lambda colour: -colour_count(I, colour))
    bars = tuple(combine(repeat(colour, colour_count(I, colour)), repeat(BLACK, colour_count(I, colours[0]) - colour_count(I, colour))) for colour in colours)
    return mirror_diagonal(bars)
