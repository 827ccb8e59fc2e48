"""The solver protocol helpers: normalising predictions and wrapping plain solvers."""

from solvers.protocol import Prediction, Solver, detailed, normalize

A = ((1, 2), (3, 4))
B = ((5,),)


def test_normalize_keeps_at_most_two_distinct_attempts():
    out = normalize(Prediction([[A, A, B, ((6,),)]]), 1)
    assert out.attempts == [[A, B]]


def test_normalize_drops_invalid_grids():
    out = normalize(Prediction([[((1, 10),), [[1, 2], [3]], [[1, 2], [3, 4]]]]), 1)
    assert out.attempts == [[A]]


def test_normalize_pads_missing_test_inputs():
    assert normalize(Prediction([[A]]), 3).attempts == [[A], [], []]


def test_normalize_defaults_confidences_by_rank():
    assert normalize(Prediction([[A, B]]), 1).confidences == [[1.0, 0.5]]


def test_detailed_wraps_plain_predict(toy):
    task = toy.make_task("t").without_test_outputs()
    prediction = detailed(toy.Rot180Solver(), task)
    assert prediction.attempts == [[toy.rot180(task.test[0].input)]]


def test_toy_solver_satisfies_protocol(toy):
    assert isinstance(toy.Rot180Solver(), Solver)


def test_candidates_append_info_candidates_after_attempts():
    prediction = Prediction([[A]], info={"candidates": [[[[5]], [[1, 2], [3, 4]]]]})
    assert prediction.candidates() == [[A, B]]
