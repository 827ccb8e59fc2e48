from arc_dsl import *


def solve(I):
    # Each started row is completed with the full row's pattern, translating its colours.
    template = first_match(I, lambda row: BLACK not in row)
    completed = []
    for row in I:
        translation = {model: value for model, value in zip(template, row, strict=True) if value != BLACK}
        completed.append(tuple(translation[model] for model in template) if translation else row)
    return tuple(completed)
