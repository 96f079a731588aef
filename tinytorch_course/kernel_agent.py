"""The student's kernel: runs inside the sandbox, executes the submission's cells, answers the checker.

Started by `sandbox.start_kernel` as `python -m tinytorch_course.kernel_agent RFD WFD` inside bubblewrap. It holds an
IPython shell (magics, `display`, the notebook's namespace as in Jupyter) and serves requests on the channel:

    run_cell   source -> {"ok", "error", "stdout", "stderr", "seconds"}   a notebook cell, output captured and capped
    lookup     [names] -> {name: value or handle}                          the notebook's globals a test cell reads
    in_kernel  ("module:function", args, kwargs)                           a helper of `tinytorch.testing` run here
    op         operations on objects lent to the checker (calls, attributes, items, ...)

Nothing here decides a grade: every answer is data the checker judges with its own code. The student's code can
change anything in this process (this file included, once imported); what it cannot change is the checker.
"""
import builtins
import importlib
import io
import os
import signal
import sys
import time

from .wire import OPS, Endpoint

MAX_OUTPUT = 200_000          # characters of one cell's stdout (and of its stderr) kept for the report
TRUSTED_PREFIXES = ("tinytorch.",)               # classes whose objects cross by value (the checker decides)
IN_KERNEL_MODULES = ("tinytorch.testing",)       # helpers the checker may ask this process to run


class CappedText(io.TextIOBase):
    "A text stream that keeps the first MAX_OUTPUT characters and counts the rest (a print flood costs nothing)."

    def __init__(self, limit=MAX_OUTPUT):
        self.parts, self.size, self.limit = [], 0, limit

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        if self.size < self.limit:
            self.parts.append(text[: self.limit - self.size])
        self.size += len(text)
        return len(text)

    def value(self) -> str:
        text = "".join(self.parts)
        if self.size > self.limit:
            text += f"\n[... {self.size - self.limit} more characters not kept]"
        return text


HELPERS = set()      # names of the notebook's locked helper definitions (the checker has the same ones)
NAMESPACE = {}       # the notebook's namespace, once the shell exists


def _helper(name):
    "The notebook's helper definition called `name`, if it is one."
    value = NAMESPACE.get(name) if name in HELPERS else None
    return value if isinstance(value, type) or callable(value) else None


def _trusted_module(module: str) -> bool:
    return any(module.startswith(p) for p in TRUSTED_PREFIXES) and module != "tinytorch.testing"


def trusted_class(cls) -> bool:
    if _trusted_module(cls.__module__):
        return True
    return cls.__module__ == "__main__" and _helper(cls.__name__) is cls and _model_class(cls)


def _model_class(cls) -> bool:
    "Helper classes that build models (tinytorch Modules) cross by value; others (fake clocks) as handles."
    return any(_trusted_module(c.__module__) for c in cls.__mro__[1:])


def resolve_class(name: str):
    "A by-value object from the checker: classes of tinytorch.core, or the notebook's helper classes."
    module, _, qualname = name.partition(":")
    if module == "__main__":
        cls = _helper(qualname)
        return cls if isinstance(cls, type) and _model_class(cls) else None
    if not _trusted_module(module) or "." in qualname:
        return None
    return getattr(importlib.import_module(module), qualname, None)


def named(value):
    "Helper functions and classes cross as their name: both sides defined them from the same locked cell."
    name = getattr(value, "__name__", None)
    if isinstance(name, str) and getattr(value, "__module__", None) == "__main__" and _helper(name) is value \
            and not isinstance(value, type):
        return f"__main__:{name}"
    return None


def resolve_named(name: str):
    module, _, qualname = name.partition(":")
    return _helper(qualname) if module == "__main__" else None


def exception_lookup(name: str):
    "The local exception class for 'module:qualname', if this process has it (builtins always)."
    module, _, qualname = name.partition(":")
    if module == "builtins":
        return getattr(builtins, qualname, None)
    mod = sys.modules.get(module)
    cls = getattr(mod, qualname, None) if mod is not None and "." not in qualname else None
    return cls if isinstance(cls, type) and issubclass(cls, BaseException) else None


class Kernel:
    "The notebook namespace and the shell that runs cells in it."

    def __init__(self):
        from IPython.core.interactiveshell import InteractiveShell
        self.shell = InteractiveShell.instance(colors="NoColor")
        self.shell.showtraceback = self._record_traceback     # the checker gets the error as data
        self.last_error = None

    def _record_traceback(self, *args, **kwargs):
        etype, value, _ = sys.exc_info()
        if etype is not None:
            self.last_error = f"{etype.__name__}: {value}"
            print(self.last_error, file=sys.stderr)

    def run_cell(self, endpoint, header, source):
        if not isinstance(source, str):
            raise TypeError("run_cell needs the cell's source text")
        out, err = CappedText(), CappedText()
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        self.last_error = None
        before = self._bindings()
        start = time.perf_counter()
        try:
            result = self.shell.run_cell(source, store_history=True)
            ok = result.success
            if not ok and self.last_error is None:
                failure = result.error_in_exec or result.error_before_exec
                self.last_error = f"{type(failure).__name__}: {failure}" if failure else "the cell failed"
        finally:
            sys.stdout, sys.stderr = saved
        seconds = time.perf_counter() - start
        after = self._bindings()
        defined = [k for k, v in after.items() if before.get(k) != v][:10_000]
        return {"ok": bool(ok), "error": self.last_error, "stdout": out.value(), "stderr": err.value(),
                "seconds": seconds, "defined": defined}

    def _bindings(self) -> dict:
        "name -> id(value) of the notebook's public globals (to tell the checker which names a cell rebound)."
        return {k: id(v) for k, v in list(self.shell.user_ns.items()) if isinstance(k, str) and not k.startswith("_")}

    def set_helpers(self, endpoint, header, names):
        HELPERS.clear()
        HELPERS.update(str(n) for n in names)

    def define_probe(self, endpoint, header, args):
        """Define a test's probe function (a `tinytorch.testing.in_kernel` helper, instructor code from the source
        notebook) in the notebook's namespace, where it sees the student's names; return it (as a handle)."""
        name, source = args
        code = compile(str(source), f"<probe {name}>", "exec")
        exec(code, self.shell.user_ns)
        return self.shell.user_ns[str(name)]

    def lookup(self, endpoint, header, names):
        "{name: value} for the names the notebook defines; missing names are left out."
        ns = self.shell.user_ns
        return {str(n): ns[n] for n in names if isinstance(n, str) and n in ns}


def in_kernel(endpoint, header, args):
    "Run a helper of an allowed module (tinytorch.testing) here, on this process's objects."
    target, call_args, call_kwargs = args
    module, _, name = str(target).partition(":")
    if module not in IN_KERNEL_MODULES or not name.isidentifier():
        raise PermissionError(f"{target!r} is not a helper the checker may run here")
    fn = getattr(importlib.import_module(module), name)
    return fn(*call_args, **call_kwargs)


class HiddenModules:
    """Without bubblewrap no mount hides the graded module's reference from this process: refuse to import it, so
    code that relies on it fails here as it does in the sandbox (not a security boundary: the student's code runs
    in this process; it makes `tinytorch check` report what grading will score)."""

    def __init__(self, names):
        self.names = tuple(names)

    def find_spec(self, fullname, path=None, target=None):
        if any(fullname == n or fullname.startswith(n + ".") for n in self.names):
            raise ModuleNotFoundError(f"No module named {fullname!r} (the reference of the module being graded is "
                                      "not available to your notebook: write the code yourself)", name=fullname)
        return None


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    rfd, wfd = int(argv[0]), int(argv[1])
    # The student's prints must never reach the channel: fd 0 is closed to input, fds 1/2 go where the sandbox put
    # them (a capped file outside), and cells write into CappedText streams.
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    signal.signal(signal.SIGINT, signal.default_int_handler)   # a timed-out cell is interrupted like in Jupyter
    hidden = os.environ.get("TINYTORCH_HIDDEN_MODULES", "").split()
    if hidden:
        sys.meta_path.insert(0, HiddenModules(hidden))
    kernel = Kernel()
    globals()["NAMESPACE"] = kernel.shell.user_ns
    endpoint = Endpoint(rfd, wfd, trusted_class, resolve_class,
                        policy={"ops": set(OPS), "write_back": True}, exception_lookup=exception_lookup)
    endpoint.mask_sigint = True
    endpoint.codec.named, endpoint.codec.resolve_named = named, resolve_named
    endpoint.handlers.update(run_cell=kernel.run_cell, lookup=kernel.lookup, in_kernel=in_kernel,
                             set_helpers=kernel.set_helpers, define_probe=kernel.define_probe)
    endpoint.serve_forever()


if __name__ == "__main__":
    main()
