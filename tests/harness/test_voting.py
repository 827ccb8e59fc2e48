"""Augmentation voting: pooling, tie-breaking, and mapping answers back to the original frame."""

from data.augment import Augmentation
from solvers.protocol import Prediction
from solvers.voting import combine, invert_grid, predict_with_voting, vote, voting_views

A = ((1, 2), (3, 4))
B = ((5,),)
C = ((6,),)


def test_vote_ranks_by_count():
    assert [b.grid for b in vote([(B, 1.0), (A, 0.1), (A, 0.1)])] == [A, B]


def test_vote_breaks_ties_by_confidence():
    assert vote([(B, 0.2), (A, 0.9)])[0].grid == A


def test_vote_breaks_full_ties_by_first_appearance():
    assert vote([(B, 0.5), (A, 0.5)])[0].grid == B


def test_views_start_with_identity_and_are_distinct(toy):
    views = voting_views(toy.make_task("t"), 6)
    assert views[0].is_identity and len(set(views)) == 7


def test_combine_inverts_each_view_before_voting():
    aug = Augmentation(dihedral=1, colours=(0, 2, 1, 3, 4, 5, 6, 7, 8, 9))
    answers = [(Augmentation(), Prediction([[A]])), (aug, Prediction([[aug.grid(A)]]))]
    merged = combine(answers, 1)
    assert merged.attempts == [[A]] and merged.confidences == [[1.0]]


def test_invert_grid_rejects_grid_too_small_for_translation():
    assert invert_grid(Augmentation(translate=(2, 2)), ((1,),)) is None


def test_voting_recovers_answer_of_equivariant_solver(toy):
    task = toy.make_task("t").without_test_outputs()
    prediction = predict_with_voting(toy.Rot180Solver(), task, 5)
    expected = toy.rot180(task.test[0].input)
    assert prediction.attempts[0][0] == expected and prediction.info["ballots"][0][0]["votes"] == 6


def test_voting_sums_tokens_and_cost_over_views():
    answers = [(Augmentation(), Prediction([[A]], tokens=3, cost_usd=0.5)),
               (Augmentation(dihedral=2), Prediction([[A]], tokens=4, cost_usd=0.25))]
    merged = combine(answers, 1)
    assert (merged.tokens, merged.cost_usd) == (7, 0.75)
