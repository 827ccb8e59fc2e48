"""Fail-safe harness for the sandbox tests.

Before any test of a sandbox test module spawns anything, the pytest process (and so every process
it starts later) moves into fresh cgroup v1 `pids` and `memory` groups below its current ones: at
most `PIDS_MAX` tasks and `MEMORY_LIMIT` bytes. Should a layer of the sandbox ever fail, a fork or
thread bomb stops at the cgroup instead of taking the machine down. The groups are removed (after
moving pytest back and ending anything left inside) when the module's tests end. Without cgroups (not root, no v1 hierarchy) only the fork/thread
bomb tests are skipped, with the reason.

After every test, `no_leftover_processes` checks that nothing the test started is still running:
the only processes allowed in the group are pytest itself and idle zygotes (children of pytest with
no children of their own). Children of pytest that were already running when the module began (say
the resource tracker of an earlier test folder's multiprocessing pool) are not the tests' to end.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CGROUP_ROOT = Path("/sys/fs/cgroup")
PIDS_MAX = 200
MEMORY_LIMIT = 4 << 30
_ZYGOTE_MARK = "sandbox.zygote"


@dataclass
class CgroupConfinement:
    """The test process's cgroups; `reason` says why there are none."""

    groups: dict[str, Path] = field(default_factory=dict)
    originals: dict[str, Path] = field(default_factory=dict)
    reason: str = ""
    earlier: set[int] = field(default_factory=set)  # children of pytest from before this module's tests

    @property
    def active(self) -> bool:
        return bool(self.groups)

    def processes(self) -> set[int]:
        """Every process in the pids group (escaped, re-parented processes included)."""
        text = (self.groups["pids"] / "cgroup.procs").read_text()
        return {int(line) for line in text.split()}

    def pids_limit_hits(self) -> int:
        """How often a fork in the group was refused by pids.max."""
        events = self.groups["pids"] / "pids.events"
        return int(events.read_text().split()[1]) if events.exists() else 0


def _current_group(controller: str) -> Path | None:
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            return CGROUP_ROOT / controller / path.lstrip("/")
    return None


def _confine() -> CgroupConfinement:
    confinement = CgroupConfinement()
    if os.geteuid() != 0:
        confinement.reason = "cgroup confinement needs root"
        return confinement
    settings = {"pids": {"pids.max": str(PIDS_MAX)}, "memory": {"memory.limit_in_bytes": str(MEMORY_LIMIT)}}
    name = f"arc-sandbox-tests-{os.getpid()}"
    try:
        for controller, limits in settings.items():
            original = _current_group(controller)
            if original is None or not (original / "cgroup.procs").exists():
                raise OSError(f"no cgroup v1 {controller} hierarchy mounted")
            group = original / name
            group.mkdir(exist_ok=True)
            confinement.groups[controller], confinement.originals[controller] = group, original
            for key, value in limits.items():
                (group / key).write_text(value)
        for group in confinement.groups.values():
            (group / "cgroup.procs").write_text(str(os.getpid()))
    except OSError as error:
        _release(confinement)
        return CgroupConfinement(reason=f"cgroup v1 pids+memory confinement unavailable: {error}")
    return confinement


def _release(confinement: CgroupConfinement) -> None:
    for original in confinement.originals.values():
        try:
            (original / "cgroup.procs").write_text(str(os.getpid()))
        except OSError:
            pass
    if "pids" in confinement.groups:  # anything still inside was started by these tests: end it
        for _ in range(50):
            try:
                left = confinement.processes() - {os.getpid()}
            except OSError:
                break
            if not left:
                break
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.1)
    for group in confinement.groups.values():
        for _ in range(50):
            try:
                group.rmdir()
                break
            except FileNotFoundError:
                break
            except OSError:
                time.sleep(0.1)
    confinement.groups.clear()


@pytest.fixture(scope="module", autouse=True)
def cgroup_confinement():
    """Confine this test process tree for each sandbox test module (see the module docstring).

    Module scope, not session: a conftest in a folder without __init__.py cannot scope a fixture to
    the folder, and a session-wide group would keep confining every test folder collected after this
    one (training tests included) until the session ends."""
    import sandbox

    confinement = _confine()
    sandbox.shutdown()  # a shared pool started by earlier tests lives outside the group: start afresh inside
    confinement.earlier = set(_children(os.getpid()))
    yield confinement
    sandbox.shutdown()  # the shared pool's zygotes live in the group; end them before removing it
    _release(confinement)


@pytest.fixture
def bomb_guard(cgroup_confinement):
    """For fork/thread-bomb tests: skip unless the cgroup limits are in place."""
    if not cgroup_confinement.active:
        pytest.skip(cgroup_confinement.reason)
    return cgroup_confinement


def _children(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            children += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return children


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def leftover_processes(confinement: CgroupConfinement | None = None) -> list[str]:
    """Processes started by the tests that are still alive, beyond idle zygotes."""
    me = os.getpid()
    leftovers = []
    allowed = {me} | (confinement.earlier if confinement is not None else set())
    for child in _children(me):
        if child in allowed or _ZYGOTE_MARK in _cmdline(child) and not _children(child):
            allowed.add(child)
        else:
            leftovers.append(f"{child}: {_cmdline(child)[:120]} (children {_children(child)})")
    if confinement is not None and confinement.active:
        for pid in confinement.processes() - allowed - {int(child.split(':')[0]) for child in leftovers}:
            leftovers.append(f"{pid} in the test cgroup: {_cmdline(pid)[:120]}")
    return leftovers


@pytest.fixture(autouse=True)
def no_leftover_processes(cgroup_confinement):
    """Fail a test that leaves any process behind (a short grace for reaping first)."""
    yield
    deadline = time.monotonic() + 3.0
    while (left := leftover_processes(cgroup_confinement)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"processes left behind: {left}"
