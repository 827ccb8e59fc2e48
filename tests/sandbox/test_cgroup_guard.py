"""The fail-safe itself: the test process is confined, and pids.max really stops forks (bounded probes)."""

from __future__ import annotations

import os
import signal
import time

import pytest

pytestmark = pytest.mark.timeout(60)


def test_test_process_is_inside_the_confinement_group(bomb_guard):
    assert os.getpid() in bomb_guard.processes()
    assert (bomb_guard.groups["pids"] / "pids.max").read_text().strip() == "200"


def test_forked_children_land_in_the_group_and_are_reaped(bomb_guard):
    children = []
    # Bounded probe: 20 children that wait until the parent has looked (an exited child leaves the group,
    # so a busy machine must not let them finish first), and die by SIGALRM after 10 s whatever happens.
    release_read, release_write = os.pipe()
    try:
        for _ in range(20):
            pid = os.fork()
            if pid == 0:
                signal.alarm(10)
                os.close(release_write)
                os.read(release_read, 1)
                os._exit(0)
            children.append(pid)
        assert set(children) <= bomb_guard.processes()
    finally:
        os.close(release_write)
        os.close(release_read)
        for pid in children:
            os.waitpid(pid, 0)


def test_pids_max_refuses_forks_beyond_the_limit(bomb_guard):
    """A sub-group with pids.max=5: a child inside it gets at most 4 more processes (bounded: 10 tries)."""
    group = bomb_guard.groups["pids"] / "probe"
    group.mkdir()
    try:
        (group / "pids.max").write_text("5")
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            (group / "cgroup.procs").write_text(str(os.getpid()))
            created = []
            for _ in range(10):
                try:
                    child = os.fork()
                except OSError:
                    continue
                if child == 0:
                    time.sleep(1)
                    os._exit(0)
                created.append(child)
            os.write(write_end, str(len(created)).encode())
            for child in created:
                os.waitpid(child, 0)
            os._exit(0)
        os.close(write_end)
        created = int(os.read(read_end, 16))
        os.close(read_end)
        os.waitpid(pid, 0)
        assert created == 4
    finally:
        for _ in range(50):
            try:
                group.rmdir()
                break
            except OSError:
                time.sleep(0.1)
