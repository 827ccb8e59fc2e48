"""Adversarial programs: every attack fails safe, with the AST policy on AND off.

Each test is parametrised over `policy` ("policy": the default filter, "isolation-only": the filter
disabled, so only the process isolation stands). Every test runs inside the cgroup guard of
conftest.py, has a timeout, and the leftover-process check runs after it. The fork and thread bombs
are skipped (with the reason) when the cgroup guard is unavailable.
"""

from __future__ import annotations

import os
import platform
import signal
import uuid
from pathlib import Path

import pytest

from rewards import execute_and_score
from sandbox import ErrorKind, Policy, SandboxPool
from sandbox.runner import execute

pytestmark = pytest.mark.timeout(60)

GRID = ((1, 2), (3, 4))
SECRET = ((7, 3, 9), (1, 8, 2), (6, 4, 5))  # only ever an *expected* output in these tests
SECRET_CHECKSUM = sum((i + 1) * v for i, v in enumerate(v for row in SECRET for v in row))
REFUSED = {ErrorKind.POLICY, ErrorKind.RUNTIME}  # refused by the filter, or failed against the isolation


@pytest.fixture(scope="module")
def pool(cgroup_confinement):
    with SandboxPool(2) as pool:
        if cgroup_confinement.active:  # the zygotes (and so every child) must be inside the guard
            assert set(pool.pids) <= cgroup_confinement.processes()
        yield pool


@pytest.fixture(params=["policy", "isolation-only"])
def policy(request):
    return Policy() if request.param == "policy" else Policy.disabled()


@pytest.fixture
def attack(pool, policy):
    def run(program: str, inputs=(GRID,), timeout_s: float = 2.0):
        return pool.run(program, list(inputs), timeout_s=timeout_s, policy=policy)
    return run


def _flag(result) -> int | None:
    """The single-cell output a probe program returns (1 = the attack worked), or None."""
    output = result.outputs[0]
    return None if output is None else output[0][0]


# ---------------------------------------------------------------- files

def test_reading_etc_passwd_yields_nothing(attack):
    result = attack("def solve(I):\n    data = open('/etc/passwd').read()\n    return ((len(data) % 10,),)\n")
    assert result.outputs == (None,) and result.examples[0].error in REFUSED


def test_reading_proc_self_environ_yields_nothing(attack):
    result = attack("def solve(I):\n    data = open('/proc/self/environ', 'rb').read()\n    return ((1,),)\n")
    assert result.outputs == (None,) and result.examples[0].error in REFUSED


def test_environment_variables_of_the_caller_are_absent(pool, policy, monkeypatch):
    monkeypatch.setenv("ARC_SANDBOX_TEST_SECRET", "hunter2")
    program = ("import os\ndef solve(I):\n    return ((int(any('hunter2' in v for v in os.environ.values())),),)\n")
    with SandboxPool(1) as fresh:  # started after the variable was set
        result = fresh.run(program, [GRID], policy=policy)
    assert _flag(result) in (None, 0)


def test_numpy_file_read_is_blocked_even_with_the_policy_on(attack):
    result = attack("import numpy as np\ndef solve(I):\n    np.fromfile('/etc/passwd', dtype=np.uint8)\n    return I\n")
    assert result.outputs == (None,) and result.examples[0].error is ErrorKind.RUNTIME
    assert "PermissionError" in result.examples[0].message


def test_writing_a_file_creates_nothing(attack):
    target = Path(f"/tmp/arc-sandbox-write-{uuid.uuid4().hex}")
    result = attack(f"def solve(I):\n    open('{target}', 'w').write('pwned')\n    return I\n")
    assert not target.exists() and result.examples[0].error in REFUSED


# ---------------------------------------------------------------- network and processes

def test_socket_cannot_be_created(attack):
    program = ("import socket\ndef solve(I):\n    s = socket.socket()\n    s.connect(('127.0.0.1', 22))\n"
               "    return ((1,),)\n")
    result = attack(program)
    assert result.outputs == (None,) and (result.program_error or result.examples[0].error) in REFUSED


def test_socket_syscall_through_ctypes_fails(attack):
    program = ("import ctypes\nlibc = ctypes.CDLL(None)\n"
               "def solve(I):\n    return ((int(libc.socket(2, 1, 0) >= 0),),)\n")
    assert _flag(attack(program)) in (None, 0)


def test_os_system_runs_nothing(attack):
    target = Path(f"/tmp/arc-sandbox-system-{uuid.uuid4().hex}")
    result = attack(f"import os\ndef solve(I):\n    os.system('touch {target}')\n    return ((1,),)\n")
    assert not target.exists()
    assert result.outputs[0] in (None, ((1,),))  # system() returns -1 with the policy off: nothing ran


def test_subprocess_cannot_start(attack):
    result = attack("import subprocess\ndef solve(I):\n    subprocess.run(['true'])\n    return ((1,),)\n")
    assert result.outputs == (None,)


def test_exec_of_a_binary_fails(attack):
    result = attack("import os\ndef solve(I):\n    os.execv('/bin/true', ['true'])\n    return I\n")
    assert result.outputs == (None,) and (result.program_error or result.examples[0].error) in REFUSED


def test_fork_bomb_is_stopped_at_the_first_fork(attack, bomb_guard):
    hits_before = bomb_guard.pids_limit_hits()
    program = ("import os\ndef solve(I):\n    made = 0\n    for _ in range(100000):\n        try:\n"
               "            if os.fork() == 0:\n                while True:\n                    os.fork()\n"
               "            made += 1\n        except OSError:\n            pass\n    return ((min(made, 9),),)\n")
    result = attack(program, timeout_s=5)
    assert _flag(result) in (None, 0)
    assert bomb_guard.pids_limit_hits() == hits_before  # seccomp stopped it, not the cgroup


def test_thread_bomb_starts_no_thread(attack, bomb_guard):
    hits_before = bomb_guard.pids_limit_hits()
    program = ("import threading, time\ndef solve(I):\n    made = 0\n    for _ in range(1000):\n        try:\n"
               "            threading.Thread(target=time.sleep, args=(30,)).start()\n            made += 1\n"
               "        except RuntimeError:\n            pass\n    return ((min(made, 9),),)\n")
    result = attack(program, timeout_s=5)
    assert _flag(result) in (None, 0)
    assert bomb_guard.pids_limit_hits() == hits_before


def test_killing_the_zygote_fails(attack, pool):
    before = pool.pids
    result = attack("import os, signal\ndef solve(I):\n    os.kill(os.getppid(), signal.SIGKILL)\n    return I\n")
    assert (result.program_error or result.examples[0].error) in REFUSED
    assert pool.pids == before and all(Path(f"/proc/{pid}").exists() for pid in before)


def test_signalling_the_test_process_fails(attack):
    received = []
    previous = signal.signal(signal.SIGUSR1, lambda *_: received.append(1))
    try:
        digits = tuple(int(d) for d in str(os.getpid()))  # the target pid, smuggled in as an input grid
        program = ("import os, signal\ndef solve(I):\n    pid = int(''.join(map(str, I[0])))\n"
                   "    os.kill(pid, signal.SIGUSR1)\n    return ((1,),)\n")
        result = attack(program, inputs=[(digits,)])
    finally:
        signal.signal(signal.SIGUSR1, previous)
    assert not received and result.outputs == (None,)


# ---------------------------------------------------------------- resources

def test_memory_bomb_is_a_memory_error(attack):
    result = attack("def solve(I):\n    hog = []\n    while True:\n        hog.append(bytearray(50_000_000))\n",
                    timeout_s=10)
    assert result.examples[0].error is ErrorKind.MEMORY


def test_single_huge_allocation_is_a_memory_error(attack):
    result = attack("def solve(I):\n    return bytearray(10 ** 11)\n")
    assert result.examples[0].error is ErrorKind.MEMORY


def test_ten_to_the_ten_to_the_ten_is_bounded(attack):
    result = attack("def solve(I):\n    x = 10 ** 10 ** 10\n    return I\n", timeout_s=1.0)
    assert result.outputs == (None,) and result.examples[0].error in {ErrorKind.MEMORY, ErrorKind.TIMEOUT}
    assert result.seconds < 5


def test_infinite_loop_times_out(attack):
    result = attack("def solve(I):\n    while True:\n        pass\n", timeout_s=0.5)
    assert result.program_error is ErrorKind.TIMEOUT and result.seconds < 3


def test_deep_recursion_is_contained(attack, pool):
    program = "def f(n):\n    return f(n + 1) + 1\ndef solve(I):\n    return f(0)\n"
    result = attack(program)
    assert result.outputs == (None,) and result.examples[0].error is ErrorKind.RUNTIME
    assert "RecursionError" in result.examples[0].message


def test_raised_recursion_limit_is_contained(attack):
    program = ("import sys\nsys.setrecursionlimit(10 ** 8)\ndef f(n):\n    return f(n + 1) + 1\n"
               "def solve(I):\n    return f(0)\n")
    result = attack(program, timeout_s=3)
    assert result.outputs == (None,)
    assert (result.program_error or result.examples[0].error) in REFUSED | {ErrorKind.MEMORY, ErrorKind.TIMEOUT,
                                                                            ErrorKind.KILLED}


def test_print_flood_is_cut_by_the_deadline(attack):
    result = attack("def solve(I):\n    while True:\n        print('x' * 10000)\n", timeout_s=0.5)
    assert result.program_error is ErrorKind.TIMEOUT


def test_flooding_the_result_pipe_is_bad_output(attack):
    program = "import os\ndef solve(I):\n    while True:\n        os.write(3, b'x' * 65536)\n"
    result = attack(program)
    assert (result.program_error or result.examples[0].error) in REFUSED | {ErrorKind.BAD_OUTPUT}
    assert result.outputs == (None,)


def test_forged_result_records_are_rejected(attack):
    program = ("import os\ndef solve(I):\n    os.write(3, b'{\"i\": 0, \"out\": [[1]]}\\n{\"end\": 1}\\n')\n"
               "    return I\n")
    result = attack(program)
    assert (result.program_error or result.examples[0].error) in REFUSED | {ErrorKind.BAD_OUTPUT}


def test_signal_tampering_does_not_outlive_the_deadline(attack):
    program = ("import signal\ndef solve(I):\n    for s in (signal.SIGXCPU, signal.SIGTERM, signal.SIGALRM, signal.SIGINT):\n"
               "        signal.signal(s, signal.SIG_IGN)\n    signal.pthread_sigmask(signal.SIG_BLOCK, range(1, 32))\n"
               "    while True:\n        pass\n")
    result = attack(program, timeout_s=0.5)
    assert (result.program_error or result.examples[0].error) in {ErrorKind.POLICY, ErrorKind.TIMEOUT}


# ---------------------------------------------------------------- escapes from Python

x86_64_only = pytest.mark.skipif(platform.machine() != "x86_64", reason="raw syscall numbers are x86-64's")
CTYPES = "import ctypes\nlibc = ctypes.CDLL(None)\ndef solve(I):\n    return ((int({call}),),)\n"


@x86_64_only
def test_ctypes_raw_fork_syscall_fails(attack):
    assert _flag(attack(CTYPES.format(call="libc.syscall(57) >= 0"))) in (None, 0)  # 57: fork on x86-64


def test_ctypes_libc_open_fails(attack):
    assert _flag(attack(CTYPES.format(call="libc.open(b'/etc/passwd', 0) >= 0"))) in (None, 0)


@x86_64_only
def test_ctypes_other_abi_syscall_kills_the_process(attack):
    result = attack(CTYPES.format(call="libc.syscall(57 | 0x40000000) >= 0"))  # fork through the x32 ABI
    assert _flag(result) in (None, 0) and (result.program_error or result.examples[0].error) in {
        ErrorKind.POLICY, ErrorKind.KILLED}


def test_subclasses_walk_to_os_system_runs_nothing(attack):
    target = Path(f"/tmp/arc-sandbox-walk-{uuid.uuid4().hex}")
    program = ("def solve(I):\n    for cls in ().__class__.__base__.__subclasses__():\n"
               "        if cls.__name__ == '_wrap_close':\n"
               f"            cls.__init__.__globals__['system']('touch {target}')\n    return ((1,),)\n")
    result = attack(program)
    assert not target.exists()
    assert (result.program_error is ErrorKind.POLICY) or result.outputs == (((1,),),)


def _hunter() -> str:
    """A program that hunts its whole process for SECRET: gc objects, their referents, every frame."""
    return f"""
import gc, sys

def _is_secret(value):
    try:
        cells = [c for row in value for c in row]
        return len(value) == 3 and len(cells) == 9 and sum((i + 1) * c for i, c in enumerate(cells)) == {SECRET_CHECKSUM}
    except Exception:
        return False

def solve(I):
    seen = gc.get_objects()
    for obj in list(seen):
        seen.extend(gc.get_referents(obj))
    frame = sys._getframe()
    while frame is not None:
        seen.extend(frame.f_locals.values())
        seen.extend(frame.f_globals.values())
        frame = frame.f_back
    for value in seen:
        if isinstance(value, (tuple, list)) and value is not I and _is_secret(value):
            return ((1,),)
    return ((0,),)
"""


def test_memory_hunt_finds_the_secret_when_it_is_present():
    """Positive control: the hunter does find SECRET in a process that holds it."""
    held = [list(row) for row in SECRET]  # noqa: F841 - held in this frame for the hunter to find
    records: list[bytes] = []
    execute(_hunter(), [GRID], records.append)
    assert records[0] == b'{"i":0,"out":[[1]]}\n'


def test_memory_hunt_cannot_find_expected_outputs(pool, policy, monkeypatch):
    """gc / frame walks inside the sandbox never see the expected outputs the reward is computed from."""
    import sandbox.pool as pool_module

    monkeypatch.setattr(pool_module, "default_pool", lambda workers=None: pool)  # the guarded pool
    [(result, reward)] = execute_and_score([_hunter()], [[GRID]], [[SECRET]], policy=policy)
    assert not reward.solved and reward.pixel < 1
    if not policy.enabled:  # it ran its whole search and reported "not found"
        assert result.outputs == (((0,),),)


def test_importlib_cannot_load_new_modules(attack):
    result = attack("import importlib\ndef solve(I):\n    importlib.import_module('http.client')\n    return I\n")
    assert result.outputs == (None,)


def test_sys_modules_posix_fork_fails(attack):
    result = attack("import sys\ndef solve(I):\n    sys.modules['posix'].fork()\n    return ((1,),)\n")
    assert result.outputs == (None,)


def test_import_through_builtins_gets_no_socket(attack):
    result = attack("def solve(I):\n    s = __builtins__.__import__('socket').socket()\n    return ((1,),)\n")
    assert result.outputs == (None,) and result.examples[0].error in REFUSED


def test_reference_solvers_are_out_of_reach(attack):
    result = attack("from arc_dsl.solvers import solver_source\ndef solve(I):\n    return ((1,),)\n")
    assert result.outputs == (None,)


# ---------------------------------------------------------------- outputs

def test_huge_list_return_is_bad_output(attack):
    result = attack("def solve(I):\n    return [[0] * 1000] * 100000\n")
    assert result.examples[0].error is ErrorKind.BAD_OUTPUT


def test_generator_return_is_bad_output(attack):
    result = attack("def solve(I):\n    return (row for row in I)\n")
    assert result.examples[0].error is ErrorKind.BAD_OUTPUT


def test_tuple_subclass_with_evil_eq_is_bad_output(attack):
    program = ("class Evil(tuple):\n    def __eq__(self, other):\n        return True\n"
               "    def __hash__(self):\n        return 0\n"
               "def solve(I):\n    return Evil(I)\n")
    result = attack(program)
    assert result.outputs == (None,)
    assert (result.program_error or result.examples[0].error) in {ErrorKind.POLICY, ErrorKind.BAD_OUTPUT}


def test_out_of_range_colour_is_bad_output(attack):
    assert attack("def solve(I):\n    return ((10,),)\n").examples[0].error is ErrorKind.BAD_OUTPUT


# ---------------------------------------------------------------- later programs

def test_monkeypatching_arc_dsl_does_not_reach_the_next_program(policy):
    poison = ("import arc_dsl\nimport arc_dsl.grids\n"
              "arc_dsl.mirror_horizontal = arc_dsl.grids.mirror_horizontal = lambda grid: ((9,),)\n"
              "def solve(I):\n    return arc_dsl.mirror_horizontal(I)\n")
    victim = "import arc_dsl\ndef solve(I):\n    return arc_dsl.mirror_horizontal(I)\n"
    with SandboxPool(1) as single:  # one zygote: the victim runs right after the poison, from the same zygote
        poisoned, clean = single.run_many([(poison, [GRID]), (victim, [GRID])], policy=policy)
    assert poisoned.outputs == (((9,),),)
    assert clean.outputs[0] != ((9,),) and clean.outputs[0] is not None


def test_patching_builtins_does_not_reach_the_next_program(policy):
    poison = "import builtins\nbuiltins.len = lambda x: 0\ndef solve(I):\n    return I\n"
    victim = "def solve(I):\n    return ((len(I),),)\n"
    with SandboxPool(1) as single:
        _, clean = single.run_many([(poison, [GRID]), (victim, [GRID])], policy=policy)
    assert clean.outputs == (((2,),),)


# ---------------------------------------------------------------- the seccomp allow-list, call by call

DENIED_SYSCALLS = {  # x86-64 numbers; harmless arguments, so EPERM can only come from a refusal
    "open": (2, 0, 0), "openat": (257, -100, 0, 0), "creat": (85, 0, 0), "statx": (332, -100, 0, 0, 0, 0),
    "readlink": (89, 0, 0, 0), "socket": (41, 2, 1, 0), "connect": (42, 0, 0, 0), "clone": (56, 0, 0, 0, 0, 0),
    "clone3": (435, 0, 0), "vfork": (58,), "execve": (59, 0, 0, 0), "execveat": (322, 0, 0, 0, 0, 0),
    "kill": (62, 0, 0), "tgkill": (234, 0, 0, 0), "pidfd_open": (434, 1, 0), "ptrace": (101, 0, 0, 0, 0),
    "process_vm_readv": (310, 1, 0, 0, 0, 0, 0), "unshare": (272, 0), "setns": (308, 0, 0),
    "mount": (165, 0, 0, 0, 0, 0), "bpf": (321, 0, 0, 0), "io_uring_setup": (425, 1, 0),
    "userfaultfd": (323, 0), "perf_event_open": (298, 0, 0, -1, -1, 0), "memfd_create": (319, 0, 0),
    "setpriority": (141, 0, 0, 0), "keyctl": (250, 0, 0, 0, 0, 0), "ioctl": (16, 1, 0x5401, 0),
    "mmap_exec": (9, 0, 4096, 0x1 | 0x4, 0x2 | 0x20, -1, 0), "prlimit64_other": (302, 1, 7, 0, 0),
    "newfstatat_path": (262, -100, 0, 0, 0),
}


@x86_64_only
@pytest.mark.parametrize("call", sorted(DENIED_SYSCALLS))
def test_syscall_is_refused_with_eperm(attack, call):
    args = ", ".join(str(value) for value in DENIED_SYSCALLS[call])
    program = ("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nlibc.syscall.restype = ctypes.c_long\n"
               f"def solve(I):\n    ctypes.set_errno(0)\n    value = libc.syscall({args})\n"
               "    return ((int(value == -1 and ctypes.get_errno() == 1),),)\n")
    result = attack(program)
    assert result.program_error is ErrorKind.POLICY or result.outputs == (((1,),),)


@x86_64_only
def test_syscall_probe_sees_allowed_calls_succeed(attack):
    """Control for the probe above: an allowed call (getpid) does not come back as EPERM."""
    program = ("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
               "def solve(I):\n    return ((int(libc.syscall(39) > 0),),)\n")
    result = attack(program)
    assert result.program_error is ErrorKind.POLICY or result.outputs == (((1,),),)


# ---------------------------------------------------------------- host information and path-taking calls, with controls

_HOST_PROBE = """import ctypes
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
path = ctypes.create_string_buffer(b"/etc/shadow")
buf = ctypes.create_string_buffer(4096)
def solve(I):
    ctypes.set_errno(0)
    value = libc.syscall({args})
    return ((int(value == -1 and ctypes.get_errno() == 1),),)
"""
HOST_CALLS = {  # x86-64 numbers; each would tell the program something about the host if allowed
    "newfstatat_path_with_empty_path_flag": "262, -100, path, buf, 0x1000",  # mode/owner/size of /etc/shadow
    "newfstatat_path": "262, -100, path, buf, 0",
    "stat": "4, path, buf", "lstat": "6, path, buf", "access": "21, path, 0", "faccessat": "269, -100, path, 0",
    "faccessat2": "439, -100, path, 0, 0", "statx_path": "332, -100, path, 0x1000, 0xfff, buf",
    "readlink": "89, path, buf, 4096", "sysinfo": "99, buf", "uname": "63, buf", "getcwd": "79, buf, 4096",
}


@x86_64_only
@pytest.mark.parametrize("call", sorted(HOST_CALLS))
def test_host_information_call_is_refused(attack, call):
    result = attack(_HOST_PROBE.format(args=HOST_CALLS[call]))
    assert result.program_error is ErrorKind.POLICY or result.outputs == (((1,),),)


@x86_64_only
@pytest.mark.parametrize("call", ["newfstatat_path_with_empty_path_flag", "stat", "access", "sysinfo", "uname",
                                  "getcwd"])
def test_host_information_probe_works_outside_the_sandbox(call):
    """Control: the same program, run in this (unconfined) process, is not refused."""
    records: list[bytes] = []
    execute(_HOST_PROBE.format(args=HOST_CALLS[call]), [GRID], records.append)
    assert records[0] == b'{"i":0,"out":[[0]]}\n'
