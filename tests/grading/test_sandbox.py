"""The sandboxed kernel and the data-only channel, tested directly (no notebook, no gradebook).

Each test starts a real kernel in bubblewrap the way the checker does and tries, from inside, what a cheating
notebook would: read the course, the gradebook or another home; write outside its scratch folder or into the
installed packages; open a connection; import the graded module's reference; leave a process behind; send
something that is not data. And from outside: the channel refuses pickles, deep nesting and forbidden operations.
"""
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tinytorch_course import wire
from tinytorch_course.checker import CHECKER_POLICY, SharedDefinitions, exception_lookup
from tinytorch_course.sandbox import Limits, PackageView, bwrap_path, start_kernel

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap unavailable (make test installs it)")


@pytest.fixture()
def kernel(tmp_path):
    "A sandboxed kernel with tinytorch's view minus optimization/acceleration.py; stopped after the test."
    scratch = tmp_path / "home"
    scratch.mkdir()
    views = [PackageView("tinytorch", hidden=["optimization/acceleration.py"], root=tmp_path),
             PackageView("tinytorch_course", root=tmp_path)]
    shared = SharedDefinitions("tinytorch.optimization.acceleration")
    k = start_kernel(scratch, views=views, limits=Limits(memory_mb=2048, cpu_seconds=60),
                     trusted_class=shared.trusted_class, resolve_class=shared.resolve_class, policy=CHECKER_POLICY,
                     exception_lookup=exception_lookup)
    k.endpoint.codec.named, k.endpoint.codec.resolve_named = shared.named, shared.resolve_named
    yield k
    k.stop()
    for v in views:
        v.cleanup()


def run(k, source, timeout=30):
    k.endpoint.deadline = time.monotonic() + timeout
    try:
        return k.endpoint.request("run_cell", source)
    finally:
        k.endpoint.deadline = None


def value(k, name):
    return k.endpoint.request("lookup", [name]).get(name)


def test_kernel_is_sandboxed_and_answers(kernel):
    assert kernel.sandboxed
    reply = run(kernel, "x = 6 * 7\nprint('hello')")
    assert reply["ok"] and reply["stdout"] == "hello\n" and "x" in reply["defined"]
    assert value(kernel, "x") == 42


@pytest.mark.parametrize("path", [str(ROOT / "modules"), str(ROOT / "settings.ini"), str(ROOT / "tests"),
                                  "/root", "/work", str(ROOT / "grading")])
def test_course_grading_and_homes_are_invisible(kernel, path):
    reply = run(kernel, f"import os\nseen = os.path.exists({path!r}) and os.listdir({path!r}) "
                        f"if os.path.isdir({path!r}) else os.path.exists({path!r})")
    assert reply["ok"], reply
    # only the mount points of the interpreter and the packages may show (e.g. /root/.pyenv, /work/main/.venv)
    mounts = {part for p in (sys.prefix, sys.base_prefix, ROOT / "tinytorch", ROOT / "tinytorch_course")
              for part in Path(p).parts}
    assert not value(kernel, "seen") or set(value(kernel, "seen")) <= mounts, value(kernel, "seen")


def test_reference_of_the_graded_module_is_not_importable(kernel):
    reply = run(kernel, "import tinytorch.optimization.acceleration")
    assert not reply["ok"] and "ModuleNotFoundError" in reply["error"]
    reply = run(kernel, "import pkgutil\nf = pkgutil.resolve_name('tinytorch.optimization.acceleration:matmul_naive')")
    assert not reply["ok"]
    assert run(kernel, "import tinytorch.core.tensor, tinytorch.optimization.quantization")["ok"]


def test_writes_outside_scratch_fail(kernel, tmp_path):
    target = ROOT / "tinytorch" / "testing.py"
    before = target.read_bytes()
    reply = run(kernel, f"open({str(target)!r}, 'a').write('# pwned')")
    assert not reply["ok"] and "Read-only file system" in reply["error"]
    reply = run(kernel, "import numpy, os\nopen(os.path.join(os.path.dirname(numpy.__file__), 'x.py'), 'w')")
    assert not reply["ok"]
    assert target.read_bytes() == before
    assert run(kernel, "open('mine.txt', 'w').write('ok')")["ok"]           # its own scratch folder is writable
    assert (tmp_path / "home" / "mine.txt").read_text() == "ok"


def test_no_network_even_to_loopback(kernel):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    try:
        reply = run(kernel, f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2)")
        assert not reply["ok"] and ("refused" in reply["error"] or "unreachable" in reply["error"]), reply
    finally:
        server.close()


def test_processes_it_starts_die_with_it(kernel):
    reply = run(kernel, "import os, time\npid = os.fork()\nif pid == 0:\n    os.setsid()\n    time.sleep(300)\n"
                        "    os._exit(0)\n")
    assert reply["ok"]
    import psutil
    agent = psutil.Process(kernel.proc.pid)
    family = agent.children(recursive=True)
    assert len(family) >= 3            # bubblewrap's init, the agent, its detached child
    kernel.stop()
    time.sleep(0.5)
    alive = [p for p in family if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not alive, alive


def test_memory_limit_is_a_memory_error_in_the_cell(kernel):
    reply = run(kernel, "import numpy as np\na = np.ones(3 * 1024**3, dtype=np.uint8)")
    assert not reply["ok"] and "MemoryError" in reply["error"]
    assert run(kernel, "b = 1")["ok"]                      # the kernel lives on


def test_print_flood_is_capped(kernel):
    reply = run(kernel, "print('x' * 10_000_000)")
    assert reply["ok"] and len(reply["stdout"]) < 300_000 and "more characters not kept" in reply["stdout"]


def test_calls_return_data_and_errors_cross_as_their_type(kernel):
    run(kernel, "import numpy as np\ndef f(a, b=1):\n    return a * 2 + b\n"
                "def boom(x):\n    raise ValueError(f'bad {x}')\n"
                "class Mine(ValueError):\n    pass\n"
                "def mine():\n    raise Mine('mine')\n")
    f = value(kernel, "f")
    got = f(np.arange(3, dtype=np.float32), b=np.float32(0.5))
    assert type(got) is np.ndarray and got.dtype == np.float32 and got.tolist() == [0.5, 2.5, 4.5]
    with pytest.raises(ValueError, match="bad 5"):
        value(kernel, "boom")(5)
    Mine = value(kernel, "Mine")
    with pytest.raises(Mine):
        value(kernel, "mine")()
    with pytest.raises(ValueError):
        value(kernel, "mine")()


def test_a_lying_array_subclass_arrives_as_a_plain_array(kernel):
    run(kernel, "import numpy as np\nclass Liar(np.ndarray):\n    def __eq__(self, o):\n        return True\n"
                "    def __array_function__(self, *a, **k):\n        return True\n"
                "def f():\n    return np.zeros(3).view(Liar)\n")
    got = value(kernel, "f")()
    assert type(got) is np.ndarray and not np.array_equal(got, np.ones(3))


def test_kernel_may_not_walk_into_checker_objects(kernel):
    run(kernel, "def peek(fn):\n    return fn.__globals__\n"
                "def via_getattr(fn):\n    return getattr(fn, '__glo' + 'bals__')\n"
                "def module_attr(m):\n    return m.path\n")
    secret_holder = lambda: 1  # noqa: E731 - a test lambda handed to the student, as tests do
    for name in ("peek", "via_getattr"):
        with pytest.raises(Exception) as err:
            value(kernel, name)(secret_holder)
        assert "may not read attribute" in str(err.value) or "AttributeError" in type(err.value).__name__ \
            or "PermissionError" in type(err.value).__mro__[1].__name__, err.value
    with pytest.raises(Exception, match="may not read attributes of a module"):
        value(kernel, "module_attr")(sys)


def test_callbacks_and_timeouts(kernel):
    run(kernel, "def twice(cb, x):\n    return cb(x) + cb(x)\ndef spin():\n    while True:\n        pass\n")
    assert value(kernel, "twice")(lambda v: v * 10, 2) == 40
    kernel.endpoint.deadline = time.monotonic() + 1.0
    with pytest.raises(wire.CellTimeout):
        value(kernel, "spin")()
    kernel.endpoint.deadline = None
    assert run(kernel, "ok = True")["ok"]                  # interrupted, not killed


def test_frames_refuse_pickles_depth_and_garbage():
    r, w = __import__("os").pipe()
    import io
    buf = io.BytesIO()
    np.save(buf, np.array([object()], dtype=object), allow_pickle=True)
    wire.write_frame(w, {"kind": "response", "rid": 1, "value": {"t": "a", "i": 0}}, [buf.getvalue()])
    ep = wire.Endpoint(r, w, lambda c: False, lambda n: None, {"ops": set()})
    header, blobs = wire.read_frame(r)
    with pytest.raises(wire.WireError, match="unreadable array"):
        ep.codec.decode(header["value"], blobs)
    deep = {"t": "l", "v": []}
    for _ in range(200):
        deep = {"t": "l", "v": [deep]}
    with pytest.raises(wire.WireError, match="nested deeper"):
        ep.codec.decode(deep, [])
    with pytest.raises(wire.WireError):
        ep.codec.decode({"t": "O", "cls": "os:system", "id": 0, "state": {"t": "d", "k": [], "v": []}}, [])
    __import__("os").write(w, b"JUNKJUNKJUNK")
    with pytest.raises(wire.WireError, match="bad magic"):
        wire.read_frame(r)


def test_no_bubblewrap_means_no_grading_unless_allowed(tmp_path):
    code = ("import tinytorch_course.sandbox as s\ns.bwrap_path.cache_clear()\ns.bwrap_path = lambda: None\n"
            "from tinytorch_course.sandbox import start_kernel, SandboxError\n"
            "try:\n    start_kernel('.', policy={'ops': set()}, trusted_class=bool, resolve_class=bool)\n"
            "except SandboxError as e:\n    print('refused:', e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert "refused: bubblewrap is not available" in out.stdout, out.stdout + out.stderr


def test_a_with_block_delivers_its_exception_to_the_remote_context_manager(kernel):
    run(kernel, "import contextlib\nlog = []\n@contextlib.contextmanager\ndef guarded():\n    log.append('in')\n"
                "    try:\n        yield 1\n    finally:\n        log.append('out')\n"
                "@contextlib.contextmanager\ndef swallowing():\n    try:\n        yield\n    except KeyError:\n"
                "        log.append('swallowed')\n")
    with pytest.raises(KeyError):
        with value(kernel, "guarded")() as got:
            assert got == 1
            raise KeyError("boom")
    with value(kernel, "swallowing")():
        raise KeyError("gone")             # the kernel's context manager suppresses it, as it would in one process
    assert value(kernel, "log") == ["in", "out", "swallowed"]


def test_private_tmp_is_small(kernel):
    reply = run(kernel, "chunk = b'x' * (32 * 1024 * 1024)\nfor i in range(20):\n"
                        "    open(f'/tmp/fill{i}', 'wb').write(chunk)\n")
    assert not reply["ok"] and "No space left" in reply["error"], reply


class _Recorder(np.ndarray):
    "A test's instrumented array: stays in the checker (lent by handle) and logs the 2-D slices read of it."
    _lend_by_handle = True

    def __array_finalize__(self, obj):
        self.log = getattr(obj, "log", None)

    def __getitem__(self, index):
        part = super().__getitem__(index)
        if self.log is not None and isinstance(part, np.ndarray) and part.ndim == 2:
            self.log.append(part.shape)
        return part


def test_a_lent_array_logs_slices_and_answers_read_only_methods(kernel):
    "Students call methods on tiles (`.astype`, `.dot`, `.sum`): computed in the kernel on the values read."
    run(kernel, "import numpy as np\n"
                "def tile_sum(a, b):\n    t = a[0:2, 0:3]\n"
                "    return t.astype(np.float64).dot(b[0:3, 0:2]), t.sum(axis=0), a[1].dot(b).dtype.name\n"
                "def write(a):\n    a[0, 0] = 7.0\n")
    a = np.arange(12, dtype=np.float32).reshape(3, 4).view(_Recorder)
    a.log = []
    b = np.ones((4, 2), dtype=np.float32)
    prod, colsum, dtype = value(kernel, "tile_sum")(a, b)
    assert a.log == [(2, 3)], f"the kernel's slice of the lent array must be logged here, got {a.log}"
    np.testing.assert_array_equal(prod, np.asarray(a)[0:2, 0:3].astype(np.float64) @ b[0:3, 0:2])
    assert prod.dtype == np.float64 and colsum.tolist() == [4.0, 6.0, 8.0] and dtype == "float32"
    with pytest.raises(Exception):
        value(kernel, "write")(a)          # read-only: the kernel cannot change the test's array
    assert a[0, 0] == 0.0
