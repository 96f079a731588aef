"""nbgrader_runner's process control, tested on plain Python children (fast: no nbgrader, no kernel)."""
import os
import sys
import time

import psutil

from tinytorch_course.nbgrader_runner import run_process

# A child that starts a grandchild in its own session (as jupyter_client starts kernels), records the grandchild's
# pid, then hangs: killing the child's process group alone would leave the grandchild running.
SPAWNER = """
import subprocess, sys, time
g = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True)
open(sys.argv[1], "w").write(str(g.pid))
time.sleep(120)
"""


def _gone(pid):
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_timeout_kills_the_whole_process_tree(tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    start = time.perf_counter()
    res = run_process([sys.executable, "-c", SPAWNER, str(pid_file)], cwd=tmp_path, timeout=3)
    assert res.timed_out and not res.ok
    assert time.perf_counter() - start < 30
    pid = int(pid_file.read_text())
    assert _gone(pid), "the grandchild (a kernel, in real use) survived the timeout"


def test_child_gets_the_address_space_cap(tmp_path):
    code = "import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0])"
    res = run_process([sys.executable, "-c", code], cwd=tmp_path, memory_limit_mb=1234)
    assert res.ok and int(res.stdout) == 1234 * 1024 * 1024
    uncapped = run_process([sys.executable, "-c", code], cwd=tmp_path)
    assert int(uncapped.stdout) != 1234 * 1024 * 1024


def test_venv_bin_dir_is_first_on_path(tmp_path):
    res = run_process([sys.executable, "-c", "import os; print(os.environ['PATH'].split(os.pathsep)[0])"],
                      cwd=tmp_path)
    assert res.stdout.strip() == os.path.dirname(sys.executable)


def test_exit_code_and_error_line(tmp_path):
    res = run_process([sys.executable, "-c", "import sys; print('[X | ERROR] it broke', file=sys.stderr); sys.exit(3)"],
                      cwd=tmp_path)
    assert (res.returncode, res.timed_out, res.ok) == (3, False, False)
    assert res.error_line() == "[X | ERROR] it broke"
