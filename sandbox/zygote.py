"""The zygote: a pre-warmed worker process that forks one confined child per program.

The pool (`sandbox.pool`) starts its zygotes (one more than the cores) each as a fresh interpreter
(never a fork of the caller, whose memory may hold expected outputs or API keys) with an empty
environment. The zygote imports arc_dsl (an allow-listed module such as numpy only once a program
names it: every module it holds is memory that each fork copies and each child tears down), enters
its own namespaces, has a short-lived helper child build the seccomp filter (so libseccomp is never
mapped in the zygote), sets the confinement layers every child inherits, checks on a probe child that
the confinement really holds, freezes its heap for the garbage collector (fewer copy-on-write faults
in children), then serves jobs until its channel closes.

The zygote never holds a job's data. The parent sends it a bare command and two pipe ends:

    parent --{"op": "run", "timeout": t} + fds (job pipe's read end, result pipe's write end)--> zygote
    zygote --fork--> child: confines itself, THEN reads its job (the program's code object, as the
                     parent compiled it, and the inputs) from the job pipe, runs it, writes result
                     records straight to the result pipe
    zygote --{"status", "timed_out", "seconds", "cpu", "maxrss_kb"}--> parent (after reaping the child)

So no program text, input grid or output ever passes through the zygote's memory, and a later
child — forked from that memory — cannot find an earlier job's data there, whatever it walks or
scans. The zygote never reads those pipes and never runs or compiles untrusted code: it enforces the
wall-clock deadline (SIGKILL to the child's process group), reaps the child and reports its exit
status and resource use. The trusted parent writes the payload, reads and caps the result bytes and
decodes them (`sandbox.protocol`).
"""

from __future__ import annotations

import gc
import importlib
import json
import math
import os
import select
import signal
import socket
import sys
import time
from collections.abc import Callable

from sandbox.isolation import (
    EXIT_CONFINEMENT_FAILED,
    JOB_FD,
    RESULT_FD,
    Confinement,
    build_seccomp_filter,
    enter_namespaces,
)
from sandbox.protocol import decode_job, encode_job
from sandbox.runner import compile_program, dsl_namespace, execute, run_code

MAX_COMMAND_BYTES = 1 << 16  # commands and replies on the zygote's channel are small JSON objects
_PROBE = """
def solve(I):
    import os
    row = []
    for attempt in (lambda: os.fork() == 0 and os._exit(0), lambda: open("/proc/self/status"),
                    lambda: open("/tmp/arc-sandbox-probe", "w"),
                    lambda: os.kill(os.getppid(), 0)):
        try:
            attempt()
            row.append(0)
        except OSError:
            row.append(1)
    row.append(int(os.getuid() != 0))
    return (tuple(row),)
"""
_PROBE_REPORT = b'{"i":0,"out":[[1,1,1,1,1]]}\n{"end":1}\n'
_exit = os._exit  # captured: a program that rebinds os._exit still cannot make its child return here


def _fast_fork():
    """libc fork() called with the GIL held, skipping Python's at-fork hooks, or os.fork when unsafe.

    os.fork runs the hooks that threading, logging and random register (re-creating locks, reseeding).
    In a fresh child every page they touch is a copy-on-write fault, which costs about as much CPU as
    the fork itself. Those hooks only repair state left behind by *other* threads; the zygote has
    none, so when it is single-threaded the plain libc call is equivalent and cheaper (glibc still
    runs its own atfork handlers). Children then share the zygote's `random` state: nothing secret.
    """
    import ctypes

    if len(os.listdir("/proc/self/task")) != 1:
        return os.fork
    fork = ctypes.PyDLL(None, use_errno=True).fork  # PyDLL: the GIL stays held across the call, so the child owns it
    fork.restype, fork.argtypes = ctypes.c_int, ()

    def checked() -> int:
        pid = fork()
        if pid < 0:
            raise OSError(ctypes.get_errno(), "fork failed")
        return pid

    return checked


def _emit(data: bytes) -> None:
    _write_all(RESULT_FD, data)


def _serve_child(prepared: dict) -> None:
    """In the confined child: read this job's payload from its own pipe, run it, report on the result pipe.

    `prepared`: the zygote's `dsl_namespace()`, this child's own copy-on-write copy."""
    chunks = []
    while chunk := os.read(JOB_FD, 1 << 16):
        chunks.append(chunk)
    os.close(JOB_FD)
    code, uses_prepared, grids = decode_job(b"".join(chunks))
    if isinstance(code, str):  # text the parent did not compile (see `sandbox.pool._compiled_here`)
        execute(code, grids, _emit, prepared)
    else:
        run_code(code, grids, _emit, prepared if uses_prepared else None)


class Zygote:
    def __init__(self, config: dict):
        self.notes: list[str] = []
        self.preload(config["preload"])
        reason = enter_namespaces()
        if reason:
            self.notes.append(f"namespaces unavailable ({reason}); seccomp alone blocks sockets")
        self.devnull = os.open(os.devnull, os.O_RDWR)
        self.memory_bytes = int(config["memory_mb"]) << 20  # a child's own allowance, above what it inherits
        self.confinement = Confinement(bytes_from_helper(build_seccomp_filter),
                                       _virtual_memory_bytes() + self.memory_bytes, self.devnull)
        self.confinement.apply_inherited()
        self.namespace = dsl_namespace()
        self.fork = _fast_fork()
        gc.collect()
        gc.freeze()  # objects inherited by children stay out of their collections: less copy-on-write

    def preload(self, modules: list[str]) -> None:
        for name in modules:
            if name not in sys.modules:
                try:
                    importlib.import_module(name)
                except Exception as error:  # noqa: BLE001 - programs importing it will fail with ImportError
                    self.notes.append(f"could not pre-import {name}: {type(error).__name__}: {error}")

    def preload_more(self, modules: list[str]) -> None:
        """Import modules a program asked for after start (e.g. numpy), keeping the child's allowance the same."""
        self.preload(modules)
        self.confinement.address_space_bytes = _virtual_memory_bytes() + self.memory_bytes
        self.fork = _fast_fork()  # an imported module might have started a thread
        gc.collect()
        gc.freeze()

    def self_test(self) -> str | None:
        """None when a probe child finds fork, file reads, file writes and root all blocked.

        The probe is the zygote's own constant, not a job: it is the one payload the zygote writes."""
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        try:
            os.write(job_write, encode_job(*compile_program(_PROBE, prepared=True), (((0,),),)))
            os.close(job_write)
            header = self.run(job_read, result_write, timeout=10.0)
            data = os.read(result_read, 1 << 16)
        finally:
            os.close(result_read)
        if data != _PROBE_REPORT:
            return f"confinement self-test failed: status {header['status']}, report {data[:200]!r}"
        return None

    def run(self, job_fd: int, result_fd: int, timeout: float) -> dict:
        """Fork a child that confines itself and runs the job it reads from `job_fd`; the header once reaped.

        Both fds are closed here right after the fork: the zygote never reads the payload."""
        cpu_seconds = max(1, math.ceil(timeout)) + 1
        started = time.monotonic()
        try:
            pid = self.fork()
        except OSError as error:
            os.close(job_fd)
            os.close(result_fd)
            return {"error": f"fork failed: {error}"}
        if pid == 0:  # the child: confine, then read and run; never return into the zygote's loop
            code = EXIT_CONFINEMENT_FAILED
            try:
                self.confinement.apply(result_fd, job_fd, cpu_seconds)
                code = 0
                _serve_child(self.namespace)
            finally:
                _exit(code)
        os.close(job_fd)
        os.close(result_fd)
        timed_out = not _wait_exit(pid, started + timeout)
        if timed_out:
            _kill(pid)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.monotonic() - started
        _reap_orphans()
        return {"status": status, "timed_out": timed_out, "seconds": seconds,
                "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}


def bytes_from_helper(make: Callable[[], bytes]) -> bytes:
    """`make()`, run in a short-lived forked child, so that whatever it imports or loads never stays here.

    The zygote builds its seccomp filter this way: every page the zygote maps is one more to copy at each
    fork and to tear down at each exit, and holding libseccomp cost each program ~0.3 ms of CPU (zygote
    and child together) for a filter built once."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(read_end)
            _write_all(write_end, make())
            code = 0
        finally:
            _exit(code)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 1 << 16):
        chunks.append(chunk)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    data = b"".join(chunks)
    if status != 0 or not data:
        raise RuntimeError(f"a helper process failed (exit status {status}, {len(data)} bytes)")
    return data


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _wait_exit(pid: int, deadline: float) -> bool:
    """True when the child exited before the deadline (it is then a zombie, ready to be reaped)."""
    pidfd = os.pidfd_open(pid)
    try:
        while (remaining := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([pidfd], [], [], remaining)
            if ready:
                return True
        return False
    finally:
        os.close(pidfd)


def _kill(pid: int) -> None:
    for kill, target in ((os.killpg, pid), (os.kill, pid)):  # the group (after setsid) and the process
        try:
            kill(target, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _reap_orphans() -> None:
    """Reap anything re-parented to us (we are a subreaper); nothing should be, but never leave zombies."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _virtual_memory_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("VmSize missing from /proc/self/status")


def _close_all(fds: list[int]) -> None:
    for fd in fds:
        os.close(fd)


def main() -> None:
    channel = socket.socket(fileno=os.dup(0))  # a SOCK_SEQPACKET socket: one message per command or reply
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)  # stray prints (ours or a library's) go nowhere
    os.close(devnull)
    _set_subreaper()
    config = json.loads(channel.recv(MAX_COMMAND_BYTES) or b"{}")
    try:
        zygote = Zygote(config)
        failure = zygote.self_test()
    except Exception as error:  # noqa: BLE001 - reported to the parent, which refuses to run programs
        failure, zygote = f"{type(error).__name__}: {error}", None
    ready = {"pid": os.getpid(), "error": failure, "notes": zygote.notes if zygote else []}
    channel.sendall(json.dumps(ready).encode())
    if failure or zygote is None:
        return
    while True:
        message, fds, _, _ = socket.recv_fds(channel, MAX_COMMAND_BYTES, 2)
        if not message:
            _close_all(fds)
            return  # the parent closed the channel
        command = json.loads(message)
        if command.get("op") == "preload":
            _close_all(fds)
            zygote.preload_more(command["modules"])
            continue
        if command.get("op") != "run" or len(fds) != 2:
            _close_all(fds)
            reply = {"error": f"malformed command ({len(fds)} fds)"}
        else:
            reply = zygote.run(fds[0], fds[1], float(command["timeout"]))
        channel.sendall(json.dumps(reply).encode())


def _set_subreaper() -> None:
    import ctypes

    ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans come to us to be reaped


if __name__ == "__main__":
    main()
