from arc_dsl import *


def solve(I):
    # The tallest bar becomes blue, the shortest red, the others vanish.
    bars = objects(I)
    tallest = argmax(bars, size)
    shortest = argmin(bars, size)
    O = canvas(BLACK, shape(I))
    O = paint(O, recolour(tallest, BLUE))
    return paint(O, recolour(shortest, RED))
