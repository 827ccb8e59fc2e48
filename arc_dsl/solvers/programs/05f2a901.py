from arc_dsl import *


def solve(I):
    # The red shape slides straight toward the azure square until it touches it.
    red = first(colour_filter(objects(I), RED))
    azure = first(colour_filter(objects(I), AZURE))
    return move(I, red, gravitate_offset(red, azure))
