from arc_dsl import *


def solve(I):
    # Of the square panels in a row, output the one whose pattern of coloured cells differs from all the others.
    count = max(shape(I)) // min(shape(I))
    panels = branch(is_portrait(I), split_top_bottom(I, count), split_left_right(I, count))
    patterns = tuple(difference(all_indices(panel), indices_of_colour(panel, BLACK)) for panel in panels)
    odd_pattern = least_common(patterns)
    return panels[patterns.index(odd_pattern)]
