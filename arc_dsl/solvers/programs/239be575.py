from arc_dsl import *


def solve(I):
    # The answer is azure when a chain of coloured cells links the two red squares, else black.
    squares = size_filter(colour_filter(objects(I), RED), 4)
    linked = any(all(square <= group for square in squares)
                 for group in objects(I, univalued=False, diagonal=False))
    return canvas(AZURE if linked else BLACK, UNITY)
