"""Where the CPU time of one sandboxed program goes: fork, confinement, payload, program, parent.

    python benchmarks/sandbox_costs.py [--repeats 300]

Part 1 plays the zygote itself (same imports, namespaces, seccomp filter, fast fork, gc.freeze)
and forks children that stop after each stage, so each line adds one stage to the one above:

    fork + exit          the child is forked and exits at once (its CPU is copy-on-write faults and
                         tearing down its address space; the zygote's is copying page tables)
    + confinement        setsid, fds, rlimits, uid 65534, prctls and the seccomp filter
    + payload            reading the job (code object and input grids, marshalled) from the job pipe
    + program            running a reference solver, results written as JSON records

The payload is made in a forked helper, so this process holds only what a zygote holds.

Part 2 runs the reference-solver workload through a real `SandboxPool` and splits the CPU per
program between the parent (policy, payload, pipes, result parsing), the zygotes and the children.
Run it on a quiet machine: the figures are CPU times, but a busy neighbour still inflates them.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _first_solver_payload() -> bytes:
    """The first reference solver's job payload (made in a helper process: see `_stage_costs`)."""
    from arc_dsl.solvers import load_solvers
    from data import load_tasks
    from sandbox.protocol import encode_job
    from sandbox.runner import compile_program

    task_id, program = sorted(load_solvers().items())[0]
    task = load_tasks("arc-agi-1", "training", ids=[task_id])[0]
    return encode_job(*compile_program(program, prepared=True), tuple(e.input for e in task.train + task.test))


def _stage_costs(repeats: int) -> list[tuple[str, float, float, float]]:
    import arc_dsl  # noqa: F401 - what a zygote holds until a program names numpy
    from sandbox.isolation import Confinement, build_seccomp_filter, enter_namespaces
    from sandbox.protocol import decode_job
    from sandbox.runner import dsl_namespace
    from sandbox.zygote import _fast_fork, _serve_child, bytes_from_helper

    # made in a forked helper: the solvers and the task data never load here, so this process holds what a
    # zygote holds (arc_dsl and the sandbox modules), and fork and exit cost what they cost in a real zygote
    payload = bytes_from_helper(_first_solver_payload)

    enter_namespaces()
    confinement = Confinement(bytes_from_helper(build_seccomp_filter), 1 << 40, os.open(os.devnull, os.O_RDWR))
    confinement.apply_inherited()
    namespace = dsl_namespace()
    fork = _fast_fork()
    gc.collect()
    gc.freeze()

    def once(stage: int) -> tuple[float, float, float]:
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        os.write(job_write, payload)
        os.close(job_write)
        started, cpu = time.perf_counter(), time.process_time()
        pid = fork()
        if pid == 0:
            try:
                if stage >= 1:
                    confinement.apply(result_write, job_read, 10)
                if stage == 2:
                    decode_job(os.read(4, 1 << 20))
                if stage >= 3:
                    _serve_child(namespace)
            finally:
                os._exit(0)
        zygote_cpu = time.process_time() - cpu
        for fd in (job_read, result_write):
            os.close(fd)
        _, _, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - started
        os.close(result_read)
        return wall, zygote_cpu, usage.ru_utime + usage.ru_stime

    names = ["fork + exit", "+ confinement", "+ payload", "+ program"]
    rows = []
    for stage, name in enumerate(names):
        samples = [once(stage) for _ in range(repeats)]
        rows.append((name, statistics.median(s[0] for s in samples) * 1000,
                     statistics.fmean(s[1] for s in samples) * 1000, statistics.fmean(s[2] for s in samples) * 1000))
    return rows


def _pool_split(rounds: int) -> dict[str, float]:
    from sandbox.bench import reference_workload
    from sandbox.policy import VERDICTS
    from sandbox.pool import SandboxPool

    def process_cpu(pid: int) -> tuple[float, float]:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks, (int(fields[13]) + int(fields[14])) / ticks

    jobs = reference_workload().jobs
    with SandboxPool() as pool:
        pool.run_many(jobs)
        before = [process_cpu(pid) for pid in pool.pids]
        parent, started = time.process_time(), time.perf_counter()
        for _ in range(rounds):
            VERDICTS.clear()
            pool.run_many(jobs)
        wall, parent = time.perf_counter() - started, time.process_time() - parent
        after = [process_cpu(pid) for pid in pool.pids]
    count = rounds * len(jobs)
    zygotes = sum(a[0] - b[0] for a, b in zip(after, before, strict=True))
    children = sum(a[1] - b[1] for a, b in zip(after, before, strict=True))
    return {"programs": count, "per_minute": count / wall * 60, "parent_ms": parent / count * 1000,
            "zygote_ms": zygotes / count * 1000, "child_ms": children / count * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=300, help="children per stage")
    parser.add_argument("--rounds", type=int, default=4, help="passes over the reference workload")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    print(f"{'stage (one reference solver)':<30}{'wall ms':>10}{'zygote CPU ms':>16}{'child CPU ms':>15}")
    for name, wall, zygote, child in _stage_costs(args.repeats):
        print(f"{name:<30}{wall:>10.2f}{zygote:>16.2f}{child:>15.2f}")
    split = _pool_split(args.rounds)
    print(f"\nSandboxPool on the reference workload: {split['programs']} programs, {split['per_minute']:,.0f}/min")
    print(f"CPU ms per program: parent {split['parent_ms']:.2f} (policy, payload, pipes, results), "
          f"zygotes {split['zygote_ms']:.2f}, children {split['child_ms']:.2f}")


if __name__ == "__main__":
    main()
