"""The zygote: a pre-warmed worker process that forks one confined child per program.

The pool (`sandbox.pool`) starts one zygote per core as a fresh interpreter (never a fork of the
caller, whose memory may hold expected outputs or API keys) with an empty environment. The zygote
imports arc_dsl and the allow-listed modules, enters its own namespaces, builds the seccomp filter,
checks on a probe child that the confinement really holds, freezes its heap for the garbage
collector (fewer copy-on-write faults in children), then serves jobs until its input closes:

    parent --frame {"program", "inputs", "timeout"}--> zygote --fork--> child (confined, runs program)
    parent <--frame header, frame raw child bytes----- zygote <--result records on a pipe-- child

The zygote never runs or compiles untrusted code and never parses the child's bytes: it enforces the
wall-clock deadline (SIGKILL to the child's process group), caps the bytes it relays, reaps the
child and reports its exit status and resource use. The trusted parent decodes the bytes.
"""

from __future__ import annotations

import gc
import importlib
import json
import math
import os
import select
import signal
import sys
import time

from sandbox.isolation import (
    EXIT_CONFINEMENT_FAILED,
    RESULT_FD,
    Confinement,
    build_seccomp_filter,
    enter_namespaces,
)
from sandbox.protocol import read_frame, write_frame
from sandbox.runner import execute

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
    view = memoryview(data)
    while view:
        view = view[os.write(RESULT_FD, view):]


class Zygote:
    def __init__(self, config: dict):
        self.max_output = int(config["max_output_bytes"])
        self.notes: list[str] = []
        self.preload(config["preload"])
        reason = enter_namespaces()
        if reason:
            self.notes.append(f"namespaces unavailable ({reason}); seccomp alone blocks sockets")
        self.devnull = os.open(os.devnull, os.O_RDWR)
        baseline = _virtual_memory_bytes()
        self.confinement = Confinement(build_seccomp_filter(), baseline + (int(config["memory_mb"]) << 20),
                                       self.devnull)
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

    def self_test(self) -> str | None:
        """None when a probe child finds fork, file reads, file writes and root all blocked."""
        header, data = self.run(_PROBE, [((0,),)], timeout=10.0)
        if data != _PROBE_REPORT:
            return f"confinement self-test failed: status {header['status']}, report {data[:200]!r}"
        return None

    def run(self, program: str, inputs: list, timeout: float) -> tuple[dict, bytes]:
        grids = tuple(tuple(tuple(row) for row in grid) for grid in inputs)
        cpu_seconds = max(1, math.ceil(timeout)) + 1
        read_end, write_end = os.pipe()
        started = time.monotonic()
        pid = self.fork()
        if pid == 0:  # the child: confine, then run; never return into the zygote's loop
            code = EXIT_CONFINEMENT_FAILED
            try:
                os.close(read_end)
                self.confinement.apply(write_end, cpu_seconds)
                code = 0
                execute(program, grids, _emit)
            finally:
                _exit(code)
        os.close(write_end)
        data, timed_out, oversize = self._collect(pid, read_end, started + timeout)
        if timed_out or oversize:
            _kill(pid)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.monotonic() - started
        os.close(read_end)
        _reap_orphans()
        header = {"status": status, "timed_out": timed_out, "oversize": oversize, "seconds": seconds,
                  "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}
        return header, bytes(data)

    def _collect(self, pid: int, read_end: int, deadline: float) -> tuple[bytearray, bool, bool]:
        """Read the child's bytes until it exits, the deadline passes or the cap is exceeded."""
        data = bytearray()
        os.set_blocking(read_end, False)
        pidfd = os.pidfd_open(pid)
        watched = [read_end, pidfd]
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return data, True, False
                ready, _, _ = select.select(watched, [], [], remaining)
                if read_end in ready and not _drain(read_end, data, self.max_output):
                    watched.remove(read_end)  # end of file: the child closed or died; wait for the exit
                if len(data) > self.max_output:
                    return data, False, True
                if pidfd in ready:
                    _drain(read_end, data, self.max_output)  # what it wrote just before exiting
                    return data, False, len(data) > self.max_output
        finally:
            os.close(pidfd)


def _drain(fd: int, data: bytearray, cap: int) -> bool:
    """Read what is available (up to just past `cap`); False at end of file."""
    while len(data) <= cap:
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            return True
        if not chunk:
            return False
        data += chunk
    return True


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


def main() -> None:
    channel_in, channel_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)  # stray prints (ours or a library's) can never corrupt the frame channel
    os.close(devnull)
    _set_subreaper()
    config = json.loads(read_frame(channel_in) or b"{}")
    try:
        zygote = Zygote(config)
        failure = zygote.self_test()
    except Exception as error:  # noqa: BLE001 - reported to the parent, which refuses to run programs
        failure, zygote = f"{type(error).__name__}: {error}", None
    ready = {"pid": os.getpid(), "error": failure, "notes": zygote.notes if zygote else []}
    write_frame(channel_out, json.dumps(ready).encode())
    if failure or zygote is None:
        return
    while (frame := read_frame(channel_in)) is not None:
        job = json.loads(frame)
        if job.get("preload"):
            zygote.preload(job["preload"])
            zygote.fork = _fast_fork()  # an imported module might have started a thread
        header, data = zygote.run(job["program"], job["inputs"], float(job["timeout"]))
        del job, frame  # hold nothing from one job while the next one's child is forked
        write_frame(channel_out, json.dumps(header).encode())
        write_frame(channel_out, data)


def _set_subreaper() -> None:
    import ctypes

    ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans come to us to be reaped


if __name__ == "__main__":
    main()
