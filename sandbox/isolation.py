"""The OS layers that confine a sandboxed process (the boundary; the AST policy is only a filter).

Two places apply them:

* the **zygote** (a pre-warmed worker process, `sandbox.zygote`) calls `enter_namespaces()` once at
  start: a fresh network, IPC and UTS namespace (an empty network: no interfaces up), entered as root
  directly or through a user namespace otherwise. It also builds the seccomp program once
  (`build_seccomp_filter`), so a child only has to load it.
* the zygote also sets, once, the layers every child inherits unchanged (`Confinement.apply_inherited`):
  no_new_privs, all supplementary groups dropped and gid 65534 when running as root (it keeps uid 0
  to drop each child's), and no core dumps, locked memory or message queues;
* every **child** (one fresh fork per program) calls `Confinement.apply()` before it reads its job:
  new session and process group; fds 0-2 on /dev/null, the result pipe on fd 3, the job pipe on
  fd 4 and every other fd closed; rlimits (address space, CPU seconds, file size 0, 8 open files, no
  processes); uid 65534 when running as root; parent-death signal; not dumpable (no ptrace or
  /proc/<pid>/mem by its siblings); and the seccomp filter. Any failure there ends the child before
  it reads its job.

The seccomp filter is an allow-list; every other system call fails with EPERM. Allowed: memory
management (mmap/mprotect only without PROT_EXEC), read/write/close/lseek/fstat on fds it already
holds, signal masks and handlers of its own, clocks and sleeps, futex, getrandom, identity queries,
prlimit64 on itself, and exit. No system call that takes a path is allowed, whatever its flags:
no open/openat/creat (no file can be read or written, not even /proc/self/*), no stat/newfstatat/
statx/access/readlink (nothing learned about host files, not even whether they exist); no sysinfo,
uname or getcwd (no host uptime, load, memory, hostname or paths); no fork/vfork/clone/
clone3 (no processes, no threads), no execve, no socket/connect, no kill/tkill/tgkill/pidfd_*,
no ptrace/process_vm_*, no mount/unshare/setns/bpf/io_uring/userfaultfd/perf_event_open. Calls from
another ABI (32-bit int 0x80, x32) kill the process (libseccomp's bad-arch default).
"""

from __future__ import annotations

import ctypes
import errno
import os
import resource
import signal

SANDBOX_UID = SANDBOX_GID = 65534  # "nobody"
RESULT_FD = 3  # the child writes its result records here (straight to the parent)
JOB_FD = 4  # the child reads its job (program and inputs) here (straight from the parent)
EXIT_CONFINEMENT_FAILED = 121  # a child exits with this when a layer could not be applied
MAX_FILES = 8
_HIGH_FD = 64  # above every fd a zygote holds

_PR_SET_PDEATHSIG = 1
_PR_SET_DUMPABLE = 4
_PR_SET_SECCOMP = 22
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_MODE_FILTER = 2
_CLONE_NEWUTS, _CLONE_NEWIPC, _CLONE_NEWUSER, _CLONE_NEWNET = 0x04000000, 0x08000000, 0x10000000, 0x40000000
_PROT_EXEC = 0x4

ALLOWED_SYSCALLS = (
    # memory (mmap/mprotect are added below, without PROT_EXEC)
    "brk", "munmap", "mremap", "madvise",
    # I/O on the fds the process already holds: /dev/null on 0-2 and the result pipe on 3
    "read", "write", "readv", "writev", "pread64", "close", "lseek", "fstat",
    # signals delivered to itself, handlers and masks
    "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack", "restart_syscall",
    # time
    "clock_gettime", "clock_getres", "gettimeofday", "time", "nanosleep", "clock_nanosleep",
    # identity and resource queries
    # (not sysinfo, uname or getcwd: host uptime, load, memory, hostname and paths are none of its business)
    "getpid", "gettid", "getppid", "getuid", "geteuid", "getgid", "getegid", "getpgrp", "getrusage",
    "times", "sched_getaffinity", "sched_yield", "getrlimit",
    # locks, thread bookkeeping that glibc does on its own thread, randomness
    "futex", "set_robust_list", "rseq", "getrandom",
    "exit", "exit_group",
)


def build_seccomp_filter() -> bytes:
    """The BPF program (raw `struct sock_filter` array) for the native architecture."""
    import pyseccomp as seccomp  # imported only here: the zygote builds the filter once

    rules = seccomp.SyscallFilter(seccomp.ERRNO(errno.EPERM))
    for name in ALLOWED_SYSCALLS:
        try:
            rules.add_rule(seccomp.ALLOW, name)
        except (OSError, ValueError):  # a name this architecture does not have (e.g. "time" on arm64)
            continue
    no_exec = seccomp.Arg(2, seccomp.MASKED_EQ, _PROT_EXEC, 0)  # arg 2 is `prot` for both calls
    rules.add_rule(seccomp.ALLOW, "mmap", no_exec)
    rules.add_rule(seccomp.ALLOW, "mprotect", no_exec)
    rules.add_rule(seccomp.ALLOW, "prlimit64", seccomp.Arg(0, seccomp.EQ, 0))  # only on itself
    read_end, write_end = os.pipe()
    try:
        with os.fdopen(write_end, "wb", closefd=True) as sink:
            rules.export_bpf(sink)
        chunks = []
        while chunk := os.read(read_end, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(read_end)
    program = b"".join(chunks)
    if not program or len(program) % 8:
        raise RuntimeError("libseccomp exported an empty or malformed BPF program")
    return program


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


class Confinement:
    """Everything a child needs to confine itself, prepared in the zygote so the child only makes syscalls."""

    def __init__(self, bpf: bytes, address_space_bytes: int, devnull_fd: int):
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._prctl = self._libc.prctl
        self._prctl.argtypes = (ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong)
        self._buffer = ctypes.create_string_buffer(bpf, len(bpf))
        self._program = _SockFprog(len(bpf) // 8, ctypes.addressof(self._buffer))
        self._program_address = ctypes.addressof(self._program)
        self.address_space_bytes = address_space_bytes
        self._devnull = devnull_fd
        self._drop_user = os.geteuid() == 0
        self._zygote_pid = os.getpid()
        self._inherited = False

    def apply(self, result_fd: int, job_fd: int, cpu_seconds: int) -> None:
        """Confine the calling (freshly forked) process; raises OSError when any layer fails.

        Afterwards the process holds exactly fds 0-2 (/dev/null), RESULT_FD and JOB_FD."""
        os.setsid()  # own session and process group: the zygote kills the group at the deadline
        # through high numbers first: the received fds may already sit on 3 or 4 (os.dup2, not fcntl's
        # F_DUPFD: the fcntl call path alone costs a child ~30 copy-on-write page faults)
        if max(result_fd, job_fd) >= _HIGH_FD:
            raise OSError(errno.EBADF, f"the job's fds must be below {_HIGH_FD}")
        high = [os.dup2(result_fd, _HIGH_FD), os.dup2(job_fd, _HIGH_FD + 1)]
        for fd in (0, 1, 2):
            os.dup2(self._devnull, fd)
        os.dup2(high[0], RESULT_FD)
        os.dup2(high[1], JOB_FD)
        os.closerange(JOB_FD + 1, 1 << 20)
        if not self._inherited:
            raise OSError(errno.EPERM, "apply_inherited() was not called in the zygote")
        resource.setrlimit(resource.RLIMIT_AS, (self.address_space_bytes, self.address_space_bytes))
        # hard CPU limit one second above the soft one: SIGXCPU first, then SIGKILL if it is ignored
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        for which, value in ((resource.RLIMIT_FSIZE, 0), (resource.RLIMIT_NOFILE, MAX_FILES),
                             (resource.RLIMIT_NPROC, 0)):
            resource.setrlimit(which, (value, value))
        if self._drop_user:
            os.setresuid(SANDBOX_UID, SANDBOX_UID, SANDBOX_UID)
        # set after the uid change, which clears it; then make sure the zygote did not already die
        self._call(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != self._zygote_pid:
            raise OSError(errno.ESRCH, "the zygote died before the program started")
        self._call(_PR_SET_DUMPABLE, 0)
        self._call(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, self._program_address)

    def apply_inherited(self) -> None:
        """In the zygote, once: the layers that are the same for every child and harmless to the zygote.

        no_new_privs, no supplementary groups and gid 65534 (as root; the zygote keeps uid 0 to drop
        each child's uid), and no core dumps, locked memory or message queues. Children inherit them
        through fork, so each child makes fewer calls (each costs it copy-on-write faults). Not
        RLIMIT_FSIZE: the zygote's stderr may be a file."""
        for which in (resource.RLIMIT_CORE, resource.RLIMIT_MEMLOCK, resource.RLIMIT_MSGQUEUE):
            resource.setrlimit(which, (0, 0))
        if self._drop_user:
            os.setgroups([])
            os.setresgid(SANDBOX_GID, SANDBOX_GID, SANDBOX_GID)
        self._call(_PR_SET_NO_NEW_PRIVS, 1)
        self._inherited = True

    def _call(self, option: int, arg2: int, arg3: int = 0) -> None:
        if self._prctl(option, arg2, arg3, 0, 0) != 0:
            code = ctypes.get_errno()
            raise OSError(code, f"prctl({option}) failed: {os.strerror(code)}")


def enter_namespaces() -> str | None:
    """Move the calling process into new network/IPC/UTS namespaces; None on success, else the reason."""
    libc = ctypes.CDLL(None, use_errno=True)
    flags = _CLONE_NEWNET | _CLONE_NEWIPC | _CLONE_NEWUTS
    if os.geteuid() == 0:
        if libc.unshare(flags) == 0:
            return None
        return f"unshare(net, ipc, uts) failed: {os.strerror(ctypes.get_errno())}"
    uid, gid = os.geteuid(), os.getegid()
    libc.prctl(_PR_SET_DUMPABLE, 1, 0, 0, 0)  # after a uid change /proc/self/*_map would belong to root
    if libc.unshare(_CLONE_NEWUSER | flags) != 0:
        return f"unshare(user, net, ipc, uts) failed: {os.strerror(ctypes.get_errno())}"
    try:  # map our own ids only, so nothing gains privileges outside the namespace
        for path, text in (("/proc/self/setgroups", "deny"), ("/proc/self/uid_map", f"{uid} {uid} 1"),
                           ("/proc/self/gid_map", f"{gid} {gid} 1")):
            with open(path, "w") as handle:
                handle.write(text)
    except OSError as error:
        return f"user namespace id mapping failed: {error}"
    return None
