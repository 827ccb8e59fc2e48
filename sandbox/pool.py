"""The trusted parent: a pool of zygotes (one more than the cores) that runs programs N at a time.

`SandboxPool.run_many` checks each program against the policy, hands the rest to idle zygotes (each
runs one program at a time in a fresh confined child), collects the results in submission order, and
turns the child's raw bytes plus its exit status into an `ExecResult` (`finish`).

Per job the parent compiles the program (a program that does not compile fails here, without a
process), makes two pipes, writes the payload (the code object and the inputs, marshalled) into the first,
and passes the zygote only the first's read end and the second's write end with a bare "run"
command over a SOCK_SEQPACKET socket. The forked child reads its payload and writes its result
records on those pipes itself; the parent reads the results (capped at `Limits.max_output_bytes`)
while the zygote waits for the child, and takes the zygote's reply (exit status, resource use) as
the end of the job. So a job's data lives only in the parent and in that job's own child. The module-level
`run` / `run_many` use one shared default pool, started on first use and shut down at exit.

A pool is a context manager; `close()` (also run by a finalizer at interpreter exit) ends every
zygote and, through their parent-death signal, any child still running. A pool belongs to the process
that created it: after a fork, the child process gets a fresh default pool and leaves the parent's
zygotes alone.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import select
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import CodeType

from data.grid import Grid, is_grid, validate_grid
from sandbox.isolation import EXIT_CONFINEMENT_FAILED
from sandbox.policy import DEFAULT_POLICY, Policy, policy_verdict
from sandbox.protocol import decode_stream, encode_job
from sandbox.result import ErrorKind, ExampleResult, ExecResult
from sandbox.runner import CompileFailure, compile_program

log = logging.getLogger("sandbox")

MAX_TIMEOUT_S = 600.0
MAX_JOB_BYTES = 1 << 20  # a job's payload (code or text, and inputs); the job pipe is sized to hold it whole
_PIPE_DEFAULT_BYTES = 1 << 16
_MAX_REPLY_BYTES = 1 << 16  # the zygote's replies are small JSON objects
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


def available_cores() -> int:
    return len(os.sched_getaffinity(0))


def default_workers() -> int:
    """Programs in flight: one more than the cores, so no core waits while the parent or a zygote hands
    over between two programs (5 alternating runs on 2 cores: 14,138 vs 12,868 programs/min, +10 %)."""
    return available_cores() + 1


# ---------------------------------------------------------------- turning a child's report into a result

def finish(header: dict, data: bytes, n_inputs: int, timeout_s: float, limits: Limits = Limits()) -> ExecResult:
    """The `ExecResult` for one program from the zygote's header and the child's (untrusted) bytes."""
    seconds = float(header.get("seconds", 0.0))
    if header.get("error"):
        return ExecResult.failed(ErrorKind.KILLED, f"the sandbox could not start the program: {header['error']}",
                                 n_inputs, seconds)
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


def _compiled_here(program: str) -> bool:
    """Whether the parent compiles the program: always for what the default policy lets through.

    Anything bigger (only with a policy that allows more, or none) is shipped as text and compiled by
    its own child, under the child's CPU limit: the parent's work per program stays bounded."""
    return DEFAULT_POLICY.size_refused(program) is None


# ---------------------------------------------------------------- one zygote, seen from the parent

class JobRefused(Exception):
    """This job cannot be handed to a zygote (too large for its pipe); it fails alone, nothing is retried."""


@dataclass
class _Job:
    """A job in flight: where its result bytes arrive and what has arrived so far (capped)."""

    index: int
    n_inputs: int
    deadline: float  # the parent gives up on the zygote after this (monotonic)
    result_fd: int
    data: bytearray
    oversize: bool = False
    closed: bool = False

    def close(self) -> None:
        if not self.closed:
            os.close(self.result_fd)
            self.closed = True


class _Worker:
    """One zygote. It gets bare commands and pipe ends; program text, inputs and outputs bypass it."""

    def __init__(self, limits: Limits, preload: Sequence[str]):
        self.limits = limits
        self.channel, zygote_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-c", _BOOTSTRAP, _ROOT], stdin=zygote_end.fileno(),
                stdout=subprocess.DEVNULL, env=_ENV, cwd="/", close_fds=True, start_new_session=True)
        finally:
            zygote_end.close()
        self.preloaded = set(preload)
        self.job: _Job | None = None
        self.channel.sendall(json.dumps({"preload": sorted(preload), "memory_mb": limits.memory_mb}).encode())

    def wait_ready(self) -> dict:
        ready, _, _ = select.select([self.channel], [], [], self.limits.startup_timeout_s)
        message = self.channel.recv(_MAX_REPLY_BYTES) if ready else b""
        if not message:
            raise SandboxError("a sandbox zygote did not start (see its stderr above)")
        self.channel.setblocking(False)
        return json.loads(message)

    def submit(self, index: int, payload: bytes, n_inputs: int, timeout_s: float, preload: frozenset[str]) -> None:
        """Put the payload in a fresh job pipe, then hand the zygote its read end and a result pipe's write end.

        Raises JobRefused when the payload cannot be delivered, OSError when the zygote is gone."""
        if not preload <= self.preloaded:
            self.channel.send(json.dumps({"op": "preload", "modules": sorted(preload - self.preloaded)}).encode())
            self.preloaded |= preload
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        try:
            try:
                if len(payload) > _PIPE_DEFAULT_BYTES:
                    fcntl.fcntl(job_write, fcntl.F_SETPIPE_SZ, len(payload))
                if os.write(job_write, payload) != len(payload):  # the pipe holds it whole: never blocks
                    raise OSError("short write")
            except OSError as error:
                os.close(result_read)
                raise JobRefused(f"the job ({len(payload)} bytes) could not be handed to the sandbox: {error}") from None
            os.close(job_write)
            job_write = -1
            try:
                socket.send_fds(self.channel, [b'{"op":"run","timeout":%r}' % timeout_s], [job_read, result_write])
            except OSError:
                os.close(result_read)
                raise
        finally:
            for fd in (job_read, result_write, job_write):
                if fd >= 0:
                    os.close(fd)
        os.set_blocking(result_read, False)
        self.job = _Job(index, n_inputs, time.monotonic() + timeout_s + self.limits.grace_s, result_read, bytearray())

    def read_results(self) -> None:
        """Take what the child wrote so far; past the cap, stop reading (the child's next write fails)."""
        job = self.job
        assert job is not None and not job.closed
        while True:
            try:
                chunk = os.read(job.result_fd, 1 << 16)
            except BlockingIOError:
                return
            if not chunk:
                job.close()
                return
            job.data += chunk
            if len(job.data) > self.limits.max_output_bytes:
                job.oversize = True
                job.close()
                return

    def read_reply(self) -> dict | None:
        """The zygote's report on the running job (None until it comes); EOFError when the zygote exited."""
        try:
            message = self.channel.recv(_MAX_REPLY_BYTES)
        except BlockingIOError:
            return None
        if not message:
            raise EOFError("the sandbox zygote exited")
        return json.loads(message)

    def end_job(self) -> _Job:
        """The finished job with all its result bytes (the child is reaped: its pipe is at end of file)."""
        job = self.job
        assert job is not None
        if not job.closed:
            self.read_results()
        job.close()
        self.job = None
        return job

    def abandon_job(self) -> _Job | None:
        job, self.job = self.job, None
        if job is not None:
            job.close()
        return job

    def close(self, wait_s: float = 2.0) -> None:
        self.abandon_job()
        self.channel.close()  # end of file: the zygote exits
        try:
            self.process.wait(wait_s)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL the zygote's process group; its running child dies by its parent-death signal."""
        self.abandon_job()
        if self.process.returncode is None:  # once reaped, the group id may belong to someone else
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        self.channel.close()


def _close_all(workers: list[_Worker], owner: int) -> None:
    if os.getpid() != owner:  # a forked copy of the owner must not end the owner's zygotes
        return
    for worker in workers:
        worker.close()
    workers.clear()


# ---------------------------------------------------------------- the pool

class SandboxPool:
    """`workers` zygotes (default: `default_workers()`) running programs in fresh confined processes."""

    def __init__(self, workers: int | None = None, *, limits: Limits = Limits(), preload: Sequence[str] = ()):
        self.size = workers or default_workers()
        if self.size < 1:
            raise ValueError("a sandbox pool needs at least one worker")
        self.limits = limits
        # arc_dsl (and the stdlib modules it imports) at start; a heavier allow-listed module (numpy) only once
        # a program names it: every module a zygote holds is memory each fork copies and each child tears down
        self._preload = frozenset({"arc_dsl"}) | frozenset(preload)
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
        importable = DEFAULT_POLICY.importable | (policy.importable if policy.enabled else frozenset())
        results: list[ExecResult | None] = [None] * len(jobs)
        queue: deque[tuple[int, bytes, int, frozenset[str]]] = deque()  # index, payload, inputs, modules it needs
        for index, (program, inputs) in enumerate(jobs):
            if not isinstance(program, str):
                raise TypeError(f"job {index}: the program must be a str, not {type(program).__name__}")
            grids = tuple(grid if is_grid(grid) else validate_grid(grid, example=f"job {index}") for grid in inputs)
            verdict = policy_verdict(program, policy)
            if verdict is not None:
                results[index] = ExecResult.failed(verdict[0], verdict[1], len(grids))
                continue
            code: CodeType | str = program
            prepared = False
            if _compiled_here(program):
                try:
                    code, prepared = compile_program(program, prepared=True)
                except CompileFailure as failure:  # the child would only report this: no process is spent on it
                    results[index] = ExecResult.failed(failure.kind, failure.message, len(grids))
                    continue
            payload = encode_job(code, prepared, grids)
            if len(payload) > MAX_JOB_BYTES:
                results[index] = ExecResult.failed(ErrorKind.POLICY, f"the job is {len(payload)} bytes (program and "
                                                   f"inputs); the sandbox takes at most {MAX_JOB_BYTES}", len(grids))
                continue
            named = frozenset(name for name in importable if name in program)  # may over-count: only costs memory
            queue.append((index, payload, len(grids), self._preload | named))
        if queue:
            with self._lock:
                if os.getpid() != self._owner:
                    raise SandboxError("a sandbox pool cannot be used from a forked process; create a new one")
                self._start()
                self._dispatch(queue, results, timeout_s, progress)
        return results  # type: ignore[return-value]

    def _dispatch(self, queue: deque, results: list[ExecResult | None], timeout_s: float, progress: bool) -> None:
        selector = selectors.DefaultSelector()
        for worker in list(self._workers):
            # a job left over from an interrupted call (or a dead zygote) would answer for the wrong job
            if worker.job is not None or worker.process.poll() is not None:
                self._replace(worker)
        for worker in self._workers:
            selector.register(worker.channel, selectors.EVENT_READ, (worker, "reply"))
        idle = list(self._workers)
        bar = _progress_bar(len(queue)) if progress else None
        busy: list[_Worker] = []
        failed_deliveries: dict[int, int] = {}

        def done(index: int, result: ExecResult) -> None:
            results[index] = result
            if bar is not None:
                bar[0].advance(bar[1])

        def retire(worker: _Worker, message: str) -> None:
            job = worker.abandon_job()
            if job is not None:
                done(job.index, ExecResult.failed(ErrorKind.KILLED, message, job.n_inputs))
            log.warning("sandbox: %s; restarting it", message)
            busy.remove(worker)
            idle.append(self._replace(worker, selector))

        try:
            while queue or busy:
                while idle and queue:
                    worker = idle.pop()
                    index, payload, n_inputs, preload = queue.popleft()
                    try:
                        worker.submit(index, payload, n_inputs, timeout_s, preload)
                    except JobRefused as error:
                        done(index, ExecResult.failed(ErrorKind.KILLED, str(error), n_inputs))
                        idle.append(worker)
                        continue
                    except OSError as error:  # the zygote is gone: the job never started; one more try elsewhere
                        failed_deliveries[index] = failed_deliveries.get(index, 0) + 1
                        if failed_deliveries[index] > 1:
                            done(index, ExecResult.failed(ErrorKind.KILLED, "the job could not be delivered to a "
                                                          f"sandbox worker ({error})", n_inputs))
                        else:
                            queue.appendleft((index, payload, n_inputs, preload))
                        idle.append(self._replace(worker, selector))
                        continue
                    selector.register(worker.job.result_fd, selectors.EVENT_READ, (worker, "results"))
                    busy.append(worker)
                wait = min(worker.job.deadline for worker in busy) - time.monotonic() if busy else 0.0
                for key, _ in selector.select(max(wait, 0.0)):
                    worker, kind = key.data
                    if worker.job is None or worker not in busy:
                        continue  # an event of a job that ended earlier in this batch
                    try:
                        if kind == "results":
                            worker.read_results()
                            if worker.job.closed:
                                selector.unregister(key.fd)
                            continue
                        reply = worker.read_reply()
                    except (EOFError, OSError, ValueError) as error:
                        self._unregister_results(worker, selector)
                        retire(worker, f"the sandbox worker died ({error})")
                        continue
                    if reply is None:
                        continue
                    self._unregister_results(worker, selector)
                    job = worker.end_job()
                    reply["oversize"] = job.oversize
                    done(job.index, finish(reply, bytes(job.data), job.n_inputs, timeout_s, self.limits))
                    busy.remove(worker)
                    idle.append(worker)
                now = time.monotonic()
                for worker in [worker for worker in busy if worker.job and worker.job.deadline < now]:
                    self._unregister_results(worker, selector)
                    retire(worker, "the sandbox worker stopped answering")
        finally:
            for worker in busy:
                self._unregister_results(worker, selector)
            selector.close()
            if bar is not None:
                bar[0].stop()

    @staticmethod
    def _unregister_results(worker: _Worker, selector: selectors.BaseSelector) -> None:
        if worker.job is not None and not worker.job.closed:
            try:
                selector.unregister(worker.job.result_fd)
            except (KeyError, ValueError):
                pass

    def _replace(self, worker: _Worker, selector: selectors.BaseSelector | None = None) -> _Worker:
        if selector is not None:
            try:
                selector.unregister(worker.channel)
            except (KeyError, ValueError):
                pass
        worker.kill()
        fresh = _Worker(self.limits, self._preload)
        ready = fresh.wait_ready()
        if ready.get("error"):
            fresh.kill()
            raise SandboxError(f"sandbox refused to restart: {ready['error']}")
        self._workers[self._workers.index(worker)] = fresh
        if selector is not None:
            selector.register(fresh.channel, selectors.EVENT_READ, (fresh, "reply"))
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
    """The shared pool of `workers` zygotes (default: `default_workers()`), created on first use."""
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
