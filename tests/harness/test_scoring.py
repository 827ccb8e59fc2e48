"""Properties of the scorer on hand-made predictions."""

from harness.scoring import TaskScore, aggregate, pixel_accuracy, score_input, score_task

A = ((1, 2), (3, 4))
B = ((1, 2), (3, 0))
C = ((0, 0), (0, 0))
WIDE = ((1, 2, 3),)


def test_pixel_accuracy_counts_matching_cells():
    assert pixel_accuracy(B, A) == 0.75


def test_pixel_accuracy_is_zero_for_wrong_shape():
    assert pixel_accuracy(WIDE, A) == 0.0


def test_second_attempt_counts_for_arc_score_but_not_pass_at_1():
    s = score_input([B, A], A)
    assert (s.correct_at_1, s.correct_at_2) == (False, True)


def test_third_attempt_is_ignored():
    s = score_input([B, C, A], A)
    assert not s.correct_at_2 and s.attempts == 2


def test_oracle_sees_extra_candidates():
    s = score_input([B], A, candidates=[C, A])
    assert s.oracle and not s.correct_at_2


def test_pixel_accuracy_takes_best_attempt():
    assert score_input([C, B], A).pixel_accuracy == 0.75


def test_no_attempt_scores_zero():
    s = score_input([], A)
    assert (s.correct_at_2, s.pixel_accuracy, s.attempts) == (False, 0.0, 0)


def test_task_score_is_fraction_of_test_inputs():
    task = score_task("t", [[A], [C]], [A, A])
    assert task.score == 0.5 and not task.pass_at_2


def test_missing_attempt_lists_count_as_misses():
    task = score_task("t", [[A]], [A, A])
    assert task.score == 0.5


def test_official_score_averages_tasks_while_exact_match_pools_inputs():
    one = score_task("a", [[A]], [A])                 # 1 of 1
    two = score_task("b", [[A], [C], [C]], [A, A, A])  # 1 of 3
    summary = aggregate([one, two])
    assert (summary.score, summary.exact_match) == ((1 + 1 / 3) / 2, 2 / 4)


def test_pass_at_2_needs_every_test_input():
    summary = aggregate([score_task("a", [[A], [C]], [A, A])])
    assert summary.pass_at_2 == 0.0 and summary.solved == 0


def test_aggregate_of_nothing_is_zero():
    summary = aggregate([])
    assert (summary.tasks, summary.score, summary.pixel_accuracy) == (0, 0.0, 0.0)


def test_totals_of_time_tokens_cost():
    summary = aggregate([score_task("a", [[A]], [A], seconds=1.5, tokens=10, cost_usd=0.5),
                         score_task("b", [[C]], [A], seconds=0.5, tokens=5, cost_usd=0.25)])
    assert (summary.seconds, summary.tokens, summary.cost_usd, summary.seconds_per_task) == (2.0, 15, 0.75, 1.0)


def test_task_score_round_trips_through_dict():
    task = score_task("t", [[B, A], [C]], [A, A], [[C]], seconds=2.0, tokens=3, cost_usd=0.1)
    assert TaskScore.from_dict(task.to_dict()) == task
