"""Telling the single-process `accelerate launch --cpu --num_processes 2` apart from a real two-process run."""

from sft.launch import single_process_cpu_launch


def test_cpu_launcher_asked_for_two_processes_but_running_one_is_detected():
    assert single_process_cpu_launch({"ACCELERATE_USE_CPU": "True", "MASTER_ADDR": "127.0.0.1"})


def test_real_two_process_run_and_plain_runs_are_not_flagged():
    two = {"ACCELERATE_USE_CPU": "False", "MASTER_ADDR": "127.0.0.1", "WORLD_SIZE": "2"}
    assert not single_process_cpu_launch(two)
    assert not single_process_cpu_launch({"ACCELERATE_USE_CPU": "True", "MASTER_ADDR": "x", "WORLD_SIZE": "2"})
    assert not single_process_cpu_launch({"ACCELERATE_USE_CPU": "True"})  # --cpu with one process asked
    assert not single_process_cpu_launch({})  # python -m sft
