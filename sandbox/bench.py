"""`arc-sandbox bench`: programs per minute of the sandbox against two baselines, same workload.

Workload: every registered reference solver (`arc_dsl.solvers.load_solvers()`) on all the input grids
of its ARC-AGI-1 training task (train and test inputs), cycled until the time is up. When no solver is
registered, a small fallback set of generic programs over the first training tasks is used and the
report says so.

Modes, each with `workers` programs in flight at once:
  sandbox     this package: a fresh confined fork of a zygote per program (startup not counted)
  inprocess   no isolation: `exec` of the program inside `workers` already-warm worker processes
  cold        no isolation: a fresh `python -c` interpreter per program (imports paid every time)

Latency is one program on all its inputs: fork to reap (sandbox), the exec call (inprocess), process
start to exit (cold). Each mode also reports CPU milliseconds per program (sandbox: parent + zygotes
+ their children; inprocess: the workers; cold: this process + the reaped interpreters), and from it
the programs/min its cores could sustain if nothing else ran: on a shared, busy machine the
wall-clock figures measure the neighbours as much as the sandbox.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

from data.grid import Grid
from sandbox.policy import VERDICTS
from sandbox.pool import SandboxPool, available_cores, default_workers
from sandbox.runner import execute

MODES = ("sandbox", "inprocess", "cold")
_COLD = ("import json, sys\nfrom sandbox.runner import execute\njob = json.load(sys.stdin)\n"
         "execute(job['program'], [tuple(map(tuple, g)) for g in job['inputs']], sys.stdout.buffer.write)\n")
_FALLBACK = {
    "identity": "def solve(I):\n    return I\n",
    "mirror": "def solve(I):\n    return tuple(row[::-1] for row in I)\n",
    "transpose": "def solve(I):\n    return tuple(zip(*I))\n",
    "recolour": "def solve(I):\n    return tuple(tuple((c + 1) % 10 for c in row) for row in I)\n",
}


@dataclass
class Workload:
    programs: list[tuple[str, str, tuple[Grid, ...], tuple[Grid, ...]]]  # (name, program, inputs, expected)
    source: str

    @property
    def jobs(self) -> list[tuple[str, tuple[Grid, ...]]]:
        return [(program, inputs) for _, program, inputs, _ in self.programs]


@dataclass
class ModeResult:
    mode: str
    programs: int
    seconds: float
    per_minute: float
    median_ms: float
    p99_ms: float
    correct: str = ""  # programs whose outputs matched on the first pass (sandbox and inprocess)
    cpu_ms_per_program: float | None = None
    notes: list[str] = field(default_factory=list)


def reference_workload(fallback_tasks: int = 25) -> Workload:
    """The reference solvers over their tasks, or the fallback programs when none are registered."""
    from data import load_tasks

    try:
        from arc_dsl.solvers import load_solvers

        solvers = load_solvers()
    except ImportError:
        solvers = {}
    if solvers:
        tasks = {task.id: task for task in load_tasks("arc-agi-1", "training", ids=sorted(solvers))}
        programs = [(task_id, program, tuple(e.input for e in tasks[task_id].train + tasks[task_id].test),
                     tuple(e.output for e in tasks[task_id].train + tasks[task_id].test))
                    for task_id, program in sorted(solvers.items())]
        return Workload(programs, f"{len(programs)} reference solvers on their ARC-AGI-1 training tasks")
    tasks = load_tasks("arc-agi-1", "training", limit=fallback_tasks)
    programs = []
    for task in tasks:
        inputs = tuple(e.input for e in task.train + task.test)
        for name, program in _FALLBACK.items():
            expected = _expected_fallback(program, inputs)
            programs.append((f"{task.id}:{name}", program, inputs, expected))
    return Workload(programs, f"FALLBACK (no reference solvers registered): {len(_FALLBACK)} generic programs "
                              f"x {len(tasks)} training tasks")


def _expected_fallback(program: str, inputs: tuple[Grid, ...]) -> tuple[Grid, ...]:
    namespace: dict = {}
    exec(compile(program, "<fallback>", "exec"), namespace)  # our own constant programs, not untrusted
    return tuple(tuple(tuple(row) for row in namespace["solve"](grid)) for grid in inputs)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def _summary(mode: str, latencies: list[float], elapsed: float, **extra) -> ModeResult:
    return ModeResult(mode, len(latencies), round(elapsed, 3), round(len(latencies) / elapsed * 60, 1),
                      round(_percentile(latencies, 0.5), 3), round(_percentile(latencies, 0.99), 3), **extra)


def _cpu_seconds(pids: list[int]) -> float:
    """CPU time of this process plus the given processes and their reaped children."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = sum(os.times()[:2])
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15]) / ticks  # utime stime cutime cstime
    return total


def bench_sandbox(workload: Workload, seconds: float, workers: int) -> ModeResult:
    with SandboxPool(workers) as pool:
        pool.run_many(workload.jobs[:workers])  # zygotes started and warm before the clock starts
        first = pool.run_many(workload.jobs)
        correct = sum(result.outputs == expected
                      for result, (*_, expected) in zip(first, workload.programs, strict=True))
        latencies: list[float] = []
        cpu_start, started = _cpu_seconds(pool.pids), time.perf_counter()
        while time.perf_counter() - started < seconds:
            VERDICTS.clear()  # model-written programs are new each time: parse them every batch
            latencies += [result.seconds for result in pool.run_many(workload.jobs)]
        elapsed = time.perf_counter() - started
        cpu = _cpu_seconds(pool.pids) - cpu_start
    return _summary("sandbox", latencies, elapsed, correct=f"{correct}/{len(workload.programs)}",
                    cpu_ms_per_program=round(cpu / max(1, len(latencies)) * 1000, 3))


_SHARED: Workload | None = None  # inherited by the forked in-process workers


def _inprocess_worker(args: tuple[int, int, float]) -> tuple[list[float], int, float, float]:
    shard, count, seconds = args
    jobs = _SHARED.jobs[shard::count]  # type: ignore[union-attr]
    expected = [e for *_, e in _SHARED.programs[shard::count]]  # type: ignore[union-attr]
    correct = 0
    for (program, inputs), target in zip(jobs, expected, strict=True):  # first pass: correctness
        records: list[bytes] = []
        execute(program, inputs, records.append)
        outputs = [json.loads(record).get("out") for record in records[:-1]]
        correct += outputs == [[list(row) for row in grid] for grid in target]
    latencies: list[float] = []
    started, cpu_start = time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        for program, inputs in jobs:
            begin = time.perf_counter()
            execute(program, inputs, lambda record: None)
            latencies.append(time.perf_counter() - begin)
    return latencies, correct, time.perf_counter() - started, time.process_time() - cpu_start


def bench_inprocess(workload: Workload, seconds: float, workers: int) -> ModeResult:
    global _SHARED
    _SHARED = workload
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        parts = pool.map(_inprocess_worker, [(shard, workers, seconds) for shard in range(workers)])
    latencies = [value for part, *_ in parts for value in part]
    correct = sum(count for _, count, _, _ in parts)
    elapsed = max(window for _, _, window, _ in parts)  # the timed loops only, like the other modes
    cpu = sum(used for *_, used in parts)
    return _summary("inprocess", latencies, elapsed, correct=f"{correct}/{len(workload.programs)}",
                    cpu_ms_per_program=round(cpu / max(1, len(latencies)) * 1000, 3))


def bench_cold(workload: Workload, seconds: float, workers: int) -> ModeResult:
    from sandbox.pool import _ROOT

    payloads = [json.dumps({"program": program, "inputs": inputs}).encode() for program, inputs in workload.jobs]
    deadline = time.perf_counter() + seconds

    def worker(shard: int) -> list[float]:
        latencies = []
        while time.perf_counter() < deadline:
            for payload in payloads[shard::workers]:
                begin = time.perf_counter()
                subprocess.run([sys.executable, "-c", _COLD], input=payload, capture_output=True, cwd=_ROOT,
                               check=False)
                latencies.append(time.perf_counter() - begin)
                if time.perf_counter() >= deadline:
                    break
        return latencies

    started, cpu_start = time.perf_counter(), sum(os.times()[:4])
    with ThreadPoolExecutor(workers) as executor:
        parts = list(executor.map(worker, range(workers)))
    elapsed, cpu = time.perf_counter() - started, sum(os.times()[:4]) - cpu_start  # ours + reaped interpreters'
    latencies = [value for part in parts for value in part]
    return _summary("cold", latencies, elapsed, cpu_ms_per_program=round(cpu / max(1, len(latencies)) * 1000, 3))


BENCHES: dict[str, Callable[[Workload, float, int], ModeResult]] = {
    "sandbox": bench_sandbox, "inprocess": bench_inprocess, "cold": bench_cold,
}


def run_benchmark(seconds: float = 10.0, workers: int | None = None, modes: tuple[str, ...] = MODES,
                  on_mode: Callable[[str], None] | None = None) -> dict:
    """Measure each mode for `seconds`; a JSON-ready report with ratios to the sandbox."""
    workers = workers or default_workers()
    workload = reference_workload()
    results = {}
    for mode in modes:
        if on_mode is not None:
            on_mode(mode)
        results[mode] = BENCHES[mode](workload, seconds, workers)
    report: dict = {"workload": workload.source, "workers": workers, "cores": available_cores(),
                    "load_average": os.getloadavg(), "modes": {mode: asdict(result) for mode, result in results.items()}}
    cores = min(workers, available_cores())
    report["projected_per_minute_on_idle_cores"] = {  # what the CPU cost allows when nothing else runs
        mode: round(60_000 / result.cpu_ms_per_program * cores, 1)
        for mode, result in results.items() if result.cpu_ms_per_program}
    if "sandbox" in results:
        sandbox, projected = results["sandbox"], report["projected_per_minute_on_idle_cores"]
        report["ratios"] = {f"sandbox/{mode}": round(sandbox.per_minute / result.per_minute, 3)
                            for mode, result in results.items() if mode != "sandbox" and result.per_minute}
        report["projected_ratios"] = {f"sandbox/{mode}": round(projected["sandbox"] / projected[mode], 3)
                                      for mode in projected if mode != "sandbox" and "sandbox" in projected}
    return report
