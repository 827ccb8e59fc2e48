"""sandbox: run untrusted program text (`def solve(I)`) on ARC grids, isolated and fast.

    from sandbox import run, run_many, check_policy, Policy
    result = run(program, [grid1, grid2], timeout_s=1.0)      # -> ExecResult
    results = run_many([(program, inputs), ...], progress=True)  # all cores, input order kept

    arc-sandbox run PROGRAM.py --task TASK_ID [--json] [--no-policy]
    arc-sandbox bench [--seconds 20] [--workers N]

Only inputs go in and only outputs come out: expected outputs never enter a sandboxed process, the
trusted caller scores what comes back (see `rewards`).

Threat model
------------
The program is adversarial (under RL, a policy that can read the answer, escape, or sabotage later
programs will learn to). What it can touch, and which layer stops it:

* **Files** (read /etc/passwd, /proc/self/environ, the ARC answer files; write anything): seccomp
  denies every open/openat/creat/statx and path-based call; no inherited fd but /dev/null and the
  result pipe survives; RLIMIT_FSIZE=0; uid 65534 when we run as root. Modules a program may import
  are pre-imported in the zygote, because the child cannot open a single file.
* **Processes and threads** (fork/thread bombs, subprocess, os.system, exec): seccomp denies fork,
  vfork, clone, clone3 and execve/execveat; RLIMIT_NPROC=0 as the unprivileged uid.
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
  caller, and receives only programs and input grids. The AST policy (`sandbox.policy`) also rejects
  dunder access, frame introspection and non-allow-listed imports, but it is a filter: every test
  also runs with it off.

Not covered: CPU side channels (Spectre-class attacks on the child's own address space or timing of
siblings); a program reading the zygote's memory as inherited by its fork (it holds the imported
modules and the current inputs, nothing secret); kernel bugs reachable through the allowed system
calls; and a reference solver's code, if the `arc_dsl.solvers` package were ever imported into the
zygote (it is not; `import arc_dsl.solvers` fails inside the sandbox because it needs file access).
"""

from sandbox.policy import DEFAULT_MODULES, Policy, check_policy
from sandbox.pool import Limits, SandboxError, SandboxPool, default_pool, run, run_many, shutdown
from sandbox.result import ErrorKind, ExampleResult, ExecResult

__all__ = [
    "DEFAULT_MODULES", "ErrorKind", "ExampleResult", "ExecResult", "Limits", "Policy", "SandboxError",
    "SandboxPool", "check_policy", "default_pool", "run", "run_many", "shutdown",
]
