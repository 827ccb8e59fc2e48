from arc_dsl import *


def solve(I):
    # Each grey panel names a colour by where its hole is (none: red, middle: azure, bottom: yellow, sides: green); output one row per panel.
    colour_by_hole_corner = {(1, 1): AZURE, (2, 1): YELLOW, (1, 0): GREEN}
    panels = split_left_right(I, 3)
    def panel_colour(panel):
        holes = indices_of_colour(panel, BLACK)
        return colour_by_hole_corner[upper_left_corner(holes)] if holes else RED
    return tuple(repeat(panel_colour(panel), 3) for panel in panels)
