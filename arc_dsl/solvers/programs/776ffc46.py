from arc_dsl import *


def solve(I):
    # Blue shapes with the same form as the shape inside a closed grey frame take that shape's colour.
    frames = keep_if(colour_filter(objects(I), GREY), lambda frame: to_indices(frame) == box_outline(frame))
    shapes = keep_if(objects(I), lambda obj: colour_of(obj) != GREY)
    def is_framed(obj):
        return any(contains(bounding_box_indices(frame), first(to_indices(obj))) for frame in frames)
    recoloured = []
    for model in keep_if(shapes, is_framed):
        form = normalise(to_indices(model))
        twins = keep_if(colour_filter(shapes, BLUE), matcher(compose(normalise, to_indices), form))
        recoloured.append(recolour(merge(twins), colour_of(model)))
    return paint(I, merge(recoloured))
