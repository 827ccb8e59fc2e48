"""The trusted parent: a pool of zygotes (one per core) that runs programs N at a time.

`SandboxPool.run_many` checks each program against the policy, hands the rest to idle zygotes (each
runs one program at a time in a fresh confined child), collects the results in submission order, and
turns the child's raw bytes plus its exit status into an `ExecResult` (`finish`). The module-level
`run` / `run_many` use one shared default pool, started on first use and shut down at exit.

A pool is a context manager; `close()` (also run by a finalizer at interpreter exit) ends every
zygote and, through their parent-death signal, any child still running. A pool belongs to the process
that created it: after a fork, the child process gets a fresh default pool and leaves the parent's
zygotes alone.
"""

from __future__ import annotations

import json
import logging
import os
import select
import selectors
import signal
import subprocess
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from data.grid import Grid, is_grid, validate_grid
from sandbox.isolation import EXIT_CONFINEMENT_FAILED
from sandbox.policy import DEFAULT_POLICY, Policy, policy_verdict
from sandbox.protocol import FrameReader, decode_stream, read_frame, write_frame
from sandbox.result import ErrorKind, ExampleResult, ExecResult

log = logging.getLogger("sandbox")

MAX_TIMEOUT_S = 600.0
_ROOT = str(Path(__file__).resolve().parent.parent)  # the folder holding the `sandbox` package
_BOOTSTRAP = "import sys; sys.path.insert(0, sys.argv[1]); from sandbox.zygote import main; main()"
# The zygote's whole environment: nothing of the caller's (API keys, tokens) reaches a program.
# One BLAS thread: numpy must not start threads a forked child could not use.
_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "LC_ALL": "C.UTF-8"}


class SandboxError(RuntimeError):
    """The sandbox could not start (or could not prove its confinement); no program was run."""


@dataclass(frozen=True)
class Limits:
    """Per-program resource limits and parent-side safety margins."""

    memory_mb: int = 512  # address space a program may add on top of the zygote's own
    max_output_bytes: int = 1 << 20  # result bytes relayed per program; more is BAD_OUTPUT
    startup_timeout_s: float = 120.0  # a zygote must be ready within this
    grace_s: float = 10.0  # the parent gives up on a zygote this long after a job's deadline


def default_workers() -> int:
    return len(os.sched_getaffinity(0))


# ---------------------------------------------------------------- turning a child's report into a result

def finish(header: dict, data: bytes, n_inputs: int, timeout_s: float, limits: Limits = Limits()) -> ExecResult:
    """The `ExecResult` for one program from the zygote's header and the child's (untrusted) bytes."""
    seconds = float(header.get("seconds", 0.0))
    if header.get("oversize"):
        return ExecResult.failed(ErrorKind.BAD_OUTPUT, f"the program sent more than {limits.max_output_bytes} "
                                 "bytes of results", n_inputs, seconds)
    decoded = decode_stream(data, n_inputs)
    if decoded.malformed:
        return ExecResult.failed(ErrorKind.BAD_OUTPUT, f"malformed result stream: {decoded.malformed}", n_inputs,
                                 seconds)
    examples = decoded.examples
    if decoded.terminal is not None and decoded.terminal[0] == "end":
        return ExecResult(None, "", tuple(examples), seconds)
    if decoded.terminal is not None:
        kind, message = decoded.terminal
    else:
        kind, message = _early_stop(header, timeout_s, limits)
    filler = ExampleResult(None, kind, message)  # type: ignore[arg-type]
    return ExecResult(kind, message, tuple(examples) + (filler,) * (n_inputs - len(examples)), seconds)  # type: ignore[arg-type]


def _early_stop(header: dict, timeout_s: float, limits: Limits) -> tuple[ErrorKind, str]:
    """Why a child stopped before reporting every input."""
    status = int(header.get("status", 0))
    if header.get("timed_out"):
        return ErrorKind.TIMEOUT, f"wall-clock limit of {timeout_s:g} s reached"
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        cpu_limit = max(1, -(-timeout_s // 1)) + 1
        if number == signal.SIGXCPU or (number == signal.SIGKILL and header.get("cpu", 0.0) >= cpu_limit - 0.1):
            return ErrorKind.TIMEOUT, f"CPU limit of {cpu_limit:g} s reached"
        if header.get("maxrss_kb", 0) * 1024 >= 0.8 * (limits.memory_mb << 20):
            return ErrorKind.MEMORY, f"killed by {_signal_name(number)} near the {limits.memory_mb} MB memory limit"
        return ErrorKind.KILLED, f"killed by {_signal_name(number)}"
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
    if code == EXIT_CONFINEMENT_FAILED:
        return ErrorKind.KILLED, "the sandbox could not confine the process; the program did not run"
    return ErrorKind.RUNTIME, f"the process exited (code {code}) before reporting every result"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


# ---------------------------------------------------------------- one zygote, seen from the parent

class _Worker:
    def __init__(self, limits: Limits, preload: Sequence[str]):
        self.limits = limits
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-c", _BOOTSTRAP, _ROOT], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            env=_ENV, cwd="/", close_fds=True, start_new_session=True)
        self.to_zygote = self.process.stdin.fileno()  # type: ignore[union-attr]
        self.from_zygote = self.process.stdout.fileno()  # type: ignore[union-attr]
        self.reader = FrameReader()
        self.preloaded = set(preload)
        self.job: tuple[int, int, float] | None = None  # (job index, number of inputs, parent deadline)
        self._header: dict | None = None
        config = {"preload": sorted(preload), "memory_mb": limits.memory_mb,
                  "max_output_bytes": limits.max_output_bytes}
        write_frame(self.to_zygote, json.dumps(config).encode())

    def wait_ready(self) -> dict:
        ready, _, _ = select.select([self.from_zygote], [], [], self.limits.startup_timeout_s)
        frame = read_frame(self.from_zygote) if ready else None
        if frame is None:
            raise SandboxError("a sandbox zygote did not start (see its stderr above)")
        os.set_blocking(self.from_zygote, False)
        return json.loads(frame)

    def submit(self, index: int, program: str, inputs: Sequence[Grid], timeout_s: float,
               preload: frozenset[str]) -> None:
        job: dict = {"program": program, "inputs": inputs, "timeout": timeout_s}
        if not preload <= self.preloaded:
            job["preload"] = sorted(preload - self.preloaded)
            self.preloaded |= preload
        self.job = (index, len(inputs), time.monotonic() + timeout_s + self.limits.grace_s)
        os.set_blocking(self.to_zygote, True)
        write_frame(self.to_zygote, json.dumps(job, separators=(",", ":")).encode())

    def receive(self) -> tuple[int, int, dict, bytes] | None:
        """Read what the zygote sent; (index, n_inputs, header, data) once a job is complete."""
        while True:
            try:
                chunk = os.read(self.from_zygote, 1 << 20)
            except BlockingIOError:
                break
            if not chunk:
                raise EOFError("the sandbox zygote exited")
            self.reader.feed(chunk)
        while (frame := self.reader.pop()) is not None:
            if self._header is None:
                self._header = json.loads(frame)
                continue
            header, self._header = self._header, None
            assert self.job is not None, "a zygote answered without a job"
            index, n_inputs, _ = self.job
            self.job = None
            return index, n_inputs, header, frame
        return None

    def close(self, wait_s: float = 2.0) -> None:
        try:
            self.process.stdin.close()  # type: ignore[union-attr]  # EOF: the zygote exits after its job
        except OSError:
            pass
        try:
            self.process.wait(wait_s)
        except subprocess.TimeoutExpired:
            self.kill()
        finally:
            self.process.stdout.close()  # type: ignore[union-attr]

    def kill(self) -> None:
        """SIGKILL the zygote's process group; its running child dies by its parent-death signal."""
        if self.process.returncode is None:  # once reaped, the group id may belong to someone else
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()  # type: ignore[union-attr]
            except OSError:
                pass


def _close_all(workers: list[_Worker], owner: int) -> None:
    if os.getpid() != owner:  # a forked copy of the owner must not end the owner's zygotes
        return
    for worker in workers:
        worker.close()
    workers.clear()


# ---------------------------------------------------------------- the pool

class SandboxPool:
    """`workers` zygotes (default: one per core) running programs in fresh confined processes."""

    def __init__(self, workers: int | None = None, *, limits: Limits = Limits(), preload: Sequence[str] = ()):
        self.size = workers or default_workers()
        if self.size < 1:
            raise ValueError("a sandbox pool needs at least one worker")
        self.limits = limits
        self._preload = frozenset(DEFAULT_POLICY.importable) | frozenset(preload)
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._owner = os.getpid()
        self._finalizer = weakref.finalize(self, _close_all, self._workers, self._owner)

    def __enter__(self) -> SandboxPool:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def pids(self) -> list[int]:
        """Process ids of the zygotes (for tests and monitoring)."""
        return [worker.process.pid for worker in self._workers]

    def start(self) -> None:
        with self._lock:
            self._start()

    def _start(self) -> None:
        if self._workers:
            return
        fresh = [_Worker(self.limits, self._preload) for _ in range(self.size)]  # all start in parallel
        notes: set[str] = set()
        try:
            for worker in fresh:
                ready = worker.wait_ready()
                if ready.get("error"):
                    raise SandboxError(f"sandbox refused to start: {ready['error']}")
                notes.update(ready.get("notes", []))
        except BaseException:
            for worker in fresh:
                worker.kill()
            raise
        for note in sorted(notes):
            log.warning("sandbox: %s", note)
        self._workers.extend(fresh)

    def close(self) -> None:
        with self._lock:
            _close_all(self._workers, self._owner)

    def run(self, program: str, inputs: Sequence[Grid], *, timeout_s: float = 1.0,
            policy: Policy | None = None) -> ExecResult:
        """Run one program on `inputs` (see `run_many`)."""
        return self.run_many([(program, inputs)], timeout_s=timeout_s, policy=policy)[0]

    def run_many(self, jobs: Sequence[tuple[str, Sequence[Grid]]], *, timeout_s: float = 1.0,
                 policy: Policy | None = None, progress: bool = False) -> list[ExecResult]:
        """Run every (program, inputs) job, all zygotes busy; results in the order of `jobs`.

        `timeout_s` is the wall-clock limit of each program on all its inputs together (its CPU limit
        is that rounded up, plus one second). Inputs only: expected outputs never enter the sandbox.
        """
        if not 0 < timeout_s <= MAX_TIMEOUT_S:
            raise ValueError(f"timeout_s must be in (0, {MAX_TIMEOUT_S:g}], got {timeout_s!r}")
        policy = DEFAULT_POLICY if policy is None else policy
        preload = self._preload | (policy.importable if policy.enabled else frozenset())
        results: list[ExecResult | None] = [None] * len(jobs)
        queue: deque[tuple[int, str, tuple[Grid, ...]]] = deque()
        for index, (program, inputs) in enumerate(jobs):
            if not isinstance(program, str):
                raise TypeError(f"job {index}: the program must be a str, not {type(program).__name__}")
            grids = tuple(grid if is_grid(grid) else validate_grid(grid, example=f"job {index}") for grid in inputs)
            verdict = policy_verdict(program, policy)
            if verdict is not None:
                results[index] = ExecResult.failed(verdict[0], verdict[1], len(grids))
            else:
                queue.append((index, program, grids))
        if queue:
            with self._lock:
                if os.getpid() != self._owner:
                    raise SandboxError("a sandbox pool cannot be used from a forked process; create a new one")
                self._start()
                self._dispatch(queue, results, timeout_s, preload, progress)
        return results  # type: ignore[return-value]

    def _dispatch(self, queue: deque, results: list[ExecResult | None], timeout_s: float,
                  preload: frozenset[str], progress: bool) -> None:
        selector = selectors.DefaultSelector()
        for worker in self._workers:
            selector.register(worker.from_zygote, selectors.EVENT_READ, worker)
        for worker in list(self._workers):
            # a job left over from an interrupted call (or a dead zygote) would answer for the wrong job
            if worker.job is not None or worker.process.poll() is not None:
                self._replace(worker, selector)
        idle = list(self._workers)
        bar = _progress_bar(len(queue)) if progress else None
        busy: list[_Worker] = []
        try:
            while queue or busy:
                while idle and queue:
                    worker = idle.pop()
                    index, program, grids = queue.popleft()
                    try:
                        worker.submit(index, program, grids, timeout_s, preload)
                        busy.append(worker)
                    except OSError:  # the zygote is gone: the job never started; retry it on a new one
                        queue.appendleft((index, program, grids))
                        idle.append(self._replace(worker, selector))
                wait = min(worker.job[2] for worker in busy) - time.monotonic() if busy else 0.0
                for key, _ in selector.select(max(wait, 0.0)):
                    worker = key.data
                    try:
                        done = worker.receive()
                    except (EOFError, OSError, ValueError) as error:
                        self._fail(worker, results, f"the sandbox worker died ({error})")
                        busy.remove(worker)
                        idle.append(self._replace(worker, selector))
                        continue
                    if done is not None:
                        index, n_inputs, header, data = done
                        results[index] = finish(header, data, n_inputs, timeout_s, self.limits)
                        busy.remove(worker)
                        idle.append(worker)
                        if bar is not None:
                            bar[0].advance(bar[1])
                now = time.monotonic()
                for worker in [worker for worker in busy if worker.job and worker.job[2] < now]:
                    self._fail(worker, results, "the sandbox worker stopped answering")
                    busy.remove(worker)
                    idle.append(self._replace(worker, selector))
        finally:
            selector.close()
            if bar is not None:
                bar[0].stop()

    def _fail(self, worker: _Worker, results: list[ExecResult | None], message: str) -> None:
        assert worker.job is not None
        index, n_inputs, _ = worker.job
        results[index] = ExecResult.failed(ErrorKind.KILLED, message, n_inputs)
        log.warning("sandbox: %s; restarting it", message)

    def _replace(self, worker: _Worker, selector: selectors.BaseSelector) -> _Worker:
        try:
            selector.unregister(worker.from_zygote)
        except (KeyError, ValueError):
            pass
        worker.kill()
        fresh = _Worker(self.limits, self._preload)
        ready = fresh.wait_ready()
        if ready.get("error"):
            fresh.kill()
            raise SandboxError(f"sandbox refused to restart: {ready['error']}")
        self._workers[self._workers.index(worker)] = fresh
        selector.register(fresh.from_zygote, selectors.EVENT_READ, fresh)
        return fresh


def _progress_bar(total: int):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("sandbox"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    bar.start()
    return bar, bar.add_task("programs", total=total)


# ---------------------------------------------------------------- the shared default pools

_defaults: dict[int, SandboxPool] = {}  # by size: callers asking for different sizes never restart each other
_default_lock = threading.Lock()


def default_pool(workers: int | None = None) -> SandboxPool:
    """The shared pool of `workers` zygotes (default: one per core), created on first use."""
    size = workers or default_workers()
    with _default_lock:
        pool = _defaults.get(size)
        if pool is None or pool._owner != os.getpid():  # after a fork: a fresh pool of our own
            pool = _defaults[size] = SandboxPool(size)
        return pool


def shutdown() -> None:
    """Close the shared pools (they are also closed at interpreter exit)."""
    with _default_lock:
        for pool in _defaults.values():
            if pool._owner == os.getpid():
                pool.close()
        _defaults.clear()


def run(program: str, inputs: Sequence[Grid], *, timeout_s: float = 1.0, policy: Policy | None = None) -> ExecResult:
    """Run `program`'s solve(I) on each input in a fresh confined process (shared pool)."""
    return default_pool().run(program, inputs, timeout_s=timeout_s, policy=policy)


def run_many(jobs: Sequence[tuple[str, Sequence[Grid]]], *, timeout_s: float = 1.0, policy: Policy | None = None,
             workers: int | None = None, progress: bool = False) -> list[ExecResult]:
    """Run many (program, inputs) jobs on all cores (shared pool); results in input order."""
    return default_pool(workers).run_many(jobs, timeout_s=timeout_s, policy=policy, progress=progress)
