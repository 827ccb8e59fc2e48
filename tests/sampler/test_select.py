"""Selection of edit traces (Δr > 0, top-k by Δr, coverage tie-break) and of parents to edit."""

from sampler.select import Candidate, Parent, accuracy_bin, select_parents, select_traces, top_k


def cand(id, delta, solved=(), task="t", accuracy=0.0, child=None, parent="p", source=""):
    return Candidate(id, task, delta, frozenset(solved), accuracy, child or f"prog-{id}", parent, source)


def test_rejects_non_improving_edits():
    kept = top_k([cand("a", 0.0), cand("b", -0.3), cand("c", 0.2)], k=3)
    assert [c.id for c in kept] == ["c"]


def test_keeps_the_k_largest_deltas():
    kept = top_k([cand(str(i), 0.1 * i) for i in range(1, 7)], k=3, eps=0.0)
    assert [c.id for c in kept] == ["6", "5", "4"]


def test_tie_broken_by_coverage_of_examples_solved():
    # s1 solves pairs 1+2, s2 solves pair 3, s3 solves 1+2 again -> keep s1 and s2.
    s1, s2, s3 = cand("s1", 0.5, {0, 1}), cand("s2", 0.5, {2}), cand("s3", 0.5, {0, 1})
    kept = top_k([s3, s2, s1], k=2, eps=0.01)
    assert {c.id for c in kept} in ({"s1", "s2"}, {"s3", "s2"})


def test_coverage_does_not_override_a_clearly_larger_delta():
    big, small_new = cand("big", 0.9, {0}), cand("small", 0.3, {1, 2})
    assert [c.id for c in top_k([small_new, big], k=1, eps=0.01)] == ["big"]


def test_same_edit_of_same_parent_is_kept_once():
    kept = top_k([cand("a", 0.5, child="X", parent="P"), cand("b", 0.5, child="X", parent="P")], k=3)
    assert len(kept) == 1


def test_same_fix_from_different_parents_counts_twice():
    kept = top_k([cand("a", 0.5, child="X", parent="P1"), cand("b", 0.5, child="X", parent="P2")], k=3)
    assert len(kept) == 2


def test_balance_takes_turns_across_parent_accuracy_bins():
    pool = [cand("z1", 1.1, accuracy=0.0), cand("z2", 1.0, accuracy=0.0), cand("z3", 0.9, accuracy=0.0),
            cand("mid", 0.4, accuracy=0.6)]
    unbalanced = {c.id for c in top_k(pool, k=3, eps=0.0)}
    balanced = {c.id for c in top_k(pool, k=3, eps=0.0, balance=True)}
    assert "mid" not in unbalanced and "mid" in balanced


def test_select_traces_applies_k_per_task():
    pool = [cand(f"{t}{i}", 0.1 * (i + 1), task=t) for t in "ab" for i in range(5)]
    kept = select_traces(pool, k=3)
    assert sorted(c.task_id for c in kept) == ["a"] * 3 + ["b"] * 3


def test_cap_bounds_a_source_task_with_its_hindsight_variants():
    pool = [cand(f"h{j}-{i}", 0.5, task=f"t~h{j}", source="t") for j in range(5) for i in range(3)]
    pool += [cand(f"o{i}", 0.9, task="t") for i in range(3)]
    kept = select_traces(pool, k=3, cap=10)
    assert len(kept) == 10 and sum(c.task_id == "t" for c in kept) == 3


def test_accuracy_bins():
    assert [accuracy_bin(x) for x in (0.0, 0.005, 0.2, 0.5, 0.99, 1.0)] == ["0", "0", "1-34", "34-98", "98-100",
                                                                           "98-100"]


def test_parents_start_with_the_best_unsolved_program():
    population = [Parent("a", 0.5, 0.5, "s1"), Parent("b", 1.2, 1.0, "s2", solved=True), Parent("c", 0.9, 0.9, "s3")]
    assert select_parents(population, 1)[0].key == "c"


def test_parents_prefer_new_bins_and_outputs_over_the_next_best():
    population = [Parent("best", 0.9, 0.9, "x"), Parent("twin", 0.89, 0.9, "x"), Parent("low", 0.1, 0.0, "y")]
    assert [p.key for p in select_parents(population, 2)] == ["best", "low"]


def test_parents_skip_already_expanded_programs():
    population = [Parent("a", 0.9, 0.9, "x"), Parent("b", 0.5, 0.5, "y")]
    assert [p.key for p in select_parents(population, 2, exclude={"a"})] == ["b"]
