from arc_dsl import *


def solve(I):
    # Each dot around the azure block copies its colour onto the block cell nearest to it in its row or column.
    block = argmax(objects(I), size)
    O = I
    for dot in remove(block, objects(I)):
        offset = gravitate_offset(dot, block)
        O = paint(O, shift(dot, add(offset, sign(offset))))
    return O
