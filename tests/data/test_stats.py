"""Summary figures of task sets."""

import pytest

from data import Example, Task
from data.stats import size_bin, size_bins, split_stats


def test_bins_cover_one_to_thirty():
    assert size_bins() == ["1–5", "6–10", "11–15", "16–20", "21–25", "26–30"]


@pytest.mark.parametrize(("height", "width", "index"), [(1, 1, 0), (5, 2, 0), (3, 6, 1), (30, 1, 5), (16, 20, 3)])
def test_size_bin_uses_the_longer_side(height, width, index):
    assert size_bin(height, width) == index


def test_split_stats_counts_pairs_outputs_and_sizes():
    small, wide = ((1,),), ((0,) * 12,)
    tasks = [
        Task("a", (Example(small, small), Example(wide, small)), (Example(small, small),)),
        Task("b", (Example(small, small),), (Example(wide), Example(small))),
    ]
    s = split_stats(tasks)
    assert (s.tasks, s.train_pairs, s.test_inputs, s.test_outputs, s.same_shape_tasks) == (2, 3, 3, 1, 1)
    assert s.input_sizes == (4, 0, 2, 0, 0, 0) and s.output_sizes == (4, 0, 0, 0, 0, 0)
    assert s.pairs_per_task == 1.5


def test_split_stats_of_nothing_is_zero():
    assert split_stats([]).pairs_per_task == 0.0
