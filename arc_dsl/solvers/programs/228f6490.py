from arc_dsl import *


def solve(I):
    # A piece of a colour used nowhere else that exactly matches a hole in a grey box moves into that hole.
    holes = keep_if(colour_filter(objects(I, without_background=False), BLACK), lambda hole: not is_bordering(hole, I))
    pieces = keep_if(objects(I), lambda piece: colour_of(piece) not in (BLACK, GREY))
    loners = keep_if(pieces, lambda piece: size(colour_filter(pieces, colour_of(piece))) == 1)
    O = I
    for hole in holes:
        for piece in loners:
            if normalise(to_indices(piece)) == normalise(to_indices(hole)):
                O = fill(erase(O, piece), colour_of(piece), hole)
    return O
