from arc_dsl import *


def solve(I):
    # The azure card with the most red cells is cut out.
    cards = compartments(I, BLACK)
    return subgrid(I, argmax(cards, lambda card: colour_count(card, RED)))
