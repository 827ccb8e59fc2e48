"""sandbox: run untrusted program text (`def solve(I)`) on ARC grids, isolated and fast.

    from sandbox import run, run_many, check_policy, Policy
    result = run(program, [grid1, grid2], timeout_s=1.0)      # -> ExecResult
    results = run_many([(program, inputs), ...], progress=True)  # all cores, input order kept

    arc-sandbox run PROGRAM.py --task TASK_ID [--json] [--no-policy]   # CLI: rewards.sandbox_cli
    arc-sandbox bench [--seconds 20] [--workers N]

Only inputs go in and only outputs come out: expected outputs never enter a sandboxed process, the
trusted caller scores what comes back (see `rewards`).

Threat model
------------
The program is adversarial (under RL, a policy that can read the answer, escape, or sabotage later
programs will learn to). What it can touch, and which layer stops it:

* **Files** (read /etc/passwd, /proc/self/environ, the ARC answer files; write anything; learn
  which host files exist, their owner, mode or size): seccomp denies every system call that takes a
  path, whatever its flags (open/openat/creat, stat/newfstatat/statx, access, readlink…); no
  inherited fd but /dev/null, the job pipe and the result pipe survives; RLIMIT_FSIZE=0; uid 65534 when we run as root. Modules a program may import
  are imported by the zygote before the fork (arc_dsl at start, the others once a program names
  them), because the child cannot open a single file.
* **Processes and threads** (fork/thread bombs, subprocess, os.system, exec): seccomp denies fork,
  vfork, clone, clone3 and execve/execveat; RLIMIT_NPROC=0 as the unprivileged uid.
* **The host** (uptime, load, memory, hostname, process count, paths): seccomp denies sysinfo,
  uname and getcwd.
* **Network**: seccomp denies socket/connect/bind; the zygote and its children live in an empty
  network namespace (a log line says so when the kernel refuses the namespace).
* **Other processes** (kill the parent, signal or ptrace siblings, read their memory): seccomp denies
  kill/tkill/tgkill/pidfd_*, ptrace and process_vm_*; the child is not dumpable; uid 65534 cannot
  signal root-owned processes; prlimit64 only on itself.
* **Resources** (memory bombs, 10**10**10, infinite loops, deep recursion, print floods, huge
  results): RLIMIT_AS (the zygote's size + `Limits.memory_mb`), RLIMIT_CPU (timeout rounded up + 1 s,
  then SIGKILL), a wall-clock deadline after which the zygote SIGKILLs the child's process group, fds
  1/2 on /dev/null, and a cap on relayed result bytes.
* **Later programs** (monkeypatching arc_dsl or builtins, poisoning caches): every program runs in a
  fresh fork of the zygote, so its changes die with it; the zygote holds no shared writable mappings.
* **Lying about results** (hostile bytes, evil tuple subclasses, generators, NaNs): results travel as
  JSON lines and the parent parses them strictly (`sandbox.protocol`): size and record caps, exact keys,
  in-order indices, grids checked cell by cell. Never pickle.
* **Finding expected outputs in memory** (`gc.get_objects()`, frame walks, `__subclasses__`): they are
  not there. The zygote is a fresh interpreter started with an empty environment, never a fork of the
  caller, and expected outputs never leave the trusted parent.
* **Copying another program's answer, inputs or text** (a GRPO group shares a pool: a copycat that
  finds what a correct sibling, or a reference solver run before it, returned would earn the full
  reward): **no job's data is ever in a process that a later job's child is forked from.** The
  zygote never reads a job's payload: per job it receives a bare "run" command plus two pipe ends;
  the child, once confined, reads its own job (the program as the parent compiled it, and the inputs)
  from the job pipe and writes its results straight to the parent (`sandbox.zygote`, `sandbox.pool`). So whatever a program walks
  (frames, gc objects) or scans (its own heap, freed memory included), the inherited memory holds
  only imported modules and the zygote's own bookkeeping (`tests/sandbox/test_cross_job.py`).
* **Walking around the filter**: the AST policy (`sandbox.policy`) rejects dunder and private
  (`_`-prefixed) attributes, frame introspection, attributes that are modules outside the allow-list
  (`np.ctypeslib.ctypes`), the same inside format-string fields, and non-allow-listed imports; but it
  is a filter: every adversarial test also runs with it off.
* **Stalling or bloating the trusted parent** with hostile text: completion extraction, the policy,
  compiling and result parsing run in time linear in their input (the parent compiles only what
  fits the default policy's length and brace caps; anything else is compiled by its own child); policy verdicts are cached by digest; every
  child-controlled string is capped (`MAX_MESSAGE_CHARS`) or replaced by a fixed message; a job too
  large for the sandbox (`MAX_JOB_BYTES`), or one that cannot be delivered twice, fails alone.

Not covered: CPU side channels (Spectre-class attacks on the child's own address space or timing of
siblings); covert channels between two colluding programs (e.g. through timing), which copy nothing
from an honest one; one bit of history per zygote — whether an earlier program named an allow-listed
module that is imported on first use (numpy; its imports, not its data, stay in the zygote); kernel
bugs reachable through the allowed system calls; and a reference
solver's code, if the `arc_dsl.solvers` package were ever imported into the zygote (it is not;
`import arc_dsl.solvers` fails inside the sandbox because it needs file access).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from data.lazy import lazy_getattr

# Names load their module on first use (PEP 562): `from sandbox.result import ErrorKind` and the zygote
# (which imports `sandbox.zygote`) then never import the pool, subprocess or threading machinery.
_EXPORTS = {
    "DEFAULT_MODULES": "policy", "Policy": "policy", "check_policy": "policy", "defines_solve": "policy",
    "Limits": "pool", "SandboxError": "pool", "SandboxPool": "pool", "default_pool": "pool", "run": "pool",
    "run_many": "pool", "shutdown": "pool",
    "ErrorKind": "result", "ExampleResult": "result", "ExecResult": "result",
}
__all__ = [  # (literal, for linters and readers; the same names as _EXPORTS)
    "DEFAULT_MODULES", "ErrorKind", "ExampleResult", "ExecResult", "Limits", "Policy", "SandboxError",
    "SandboxPool", "check_policy", "default_pool", "defines_solve", "run", "run_many", "shutdown",
]

if TYPE_CHECKING:
    from sandbox.policy import DEFAULT_MODULES, Policy, check_policy, defines_solve
    from sandbox.pool import Limits, SandboxError, SandboxPool, default_pool, run, run_many, shutdown
    from sandbox.result import ErrorKind, ExampleResult, ExecResult


__getattr__ = lazy_getattr("sandbox", _EXPORTS)
