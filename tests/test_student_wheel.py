"""The student distribution (issue 20): `tinytorch release` builds a wheel without solutions; installed into a fresh
venv it serves fetch / check / export / status from a folder outside the course; `check` fails a notebook that
leans on the module's reference, as grading does."""
import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import ROOT
from tinytorch_course.course import load_course
from tinytorch_course.notebook_cells import cell_source, nbgrader_meta
from tinytorch_course.student_dist import (BLOCK, STUB_TAG, course_secrets, export_source, find_leaks, name_stubs,
                                           secret_lines)


def _nb(path):
    return json.loads(Path(path).read_text())


def _solved(release_nb: dict, source_nb: dict, replace=None) -> dict:
    "The release notebook with every solution cell filled from the source (markers removed), or with `replace`."
    source = {nbgrader_meta(c).get("grade_id"): c for c in source_nb["cells"]}
    nb = json.loads(json.dumps(release_nb))
    for cell in nb["cells"]:
        meta = nbgrader_meta(cell)
        if cell["cell_type"] == "code" and meta.get("solution") and not meta.get("grade"):
            text = cell_source(source[meta["grade_id"]])
            filled = "\n".join(line for line in text.splitlines() if not BLOCK.match(line))
            cell["source"] = filled if replace is None else replace
    return nb


# -- fast: the pieces ---------------------------------------------------------------------------------------------

def test_the_leak_scan_finds_the_reference_and_ignores_generic_lines(tmp_path):
    "The scan is not vacuous: the course checkout's own package (the references) is full of solution lines."
    course = load_course(ROOT)
    m = course.resolve(15)
    source = _nb(course.require_source(m))
    secrets = secret_lines(source)
    assert "pass" not in secrets and "import numpy as np" not in secrets
    (tmp_path / "pkg").mkdir()
    shutil.copyfile(ROOT / m.export, tmp_path / "pkg" / "ref.py")
    leaks = find_leaks(tmp_path / "pkg", secrets)
    assert len(leaks) >= 10 and {f for f, _ in leaks} == {"ref.py"}


def test_stubs_name_their_task_and_notebook():
    m = load_course(ROOT).resolve(15)
    solution = {"nbgrader": {"solution": True, "grade": False, "grade_id": "foo", "locked": False}}
    release = {"cells": [
        {"cell_type": "code", "metadata": {}, "source": "#| export\nimport numpy as np", "outputs": []},
        {"cell_type": "markdown", "metadata": {}, "source": "### Task 3b — `foo(x)`: twice x (2 points)"},
        {"cell_type": "code", "metadata": solution, "outputs": [],
         "source": '#| export\ndef foo(x):\n    """doc"""\n    # YOUR CODE HERE\n    raise NotImplementedError()'}]}
    text = export_source(name_stubs(release, m), STUB_TAG)
    assert text.startswith(STUB_TAG) and "__all__ = ['foo']" in text
    ns = {}
    exec(compile(text, "stub", "exec"), ns)
    with pytest.raises(NotImplementedError, match=r"^foo \(Task 3b of 15_acceleration/acceleration.ipynb\) is a "
                                                  r"stub: .*'tinytorch export 15'"):
        ns["foo"](1)


def test_an_unsandboxed_kernel_cannot_import_the_hidden_module(tmp_path, monkeypatch):
    "Without bubblewrap (no mount hides it) the kernel still refuses the graded module's reference."
    from tinytorch_course import sandbox
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    (tmp_path / "home").mkdir()
    view = sandbox.PackageView("tinytorch", hidden=["optimization/quantization.py"], root=tmp_path)
    kernel = sandbox.start_kernel(tmp_path / "home", views=[view], allow_unsandboxed=True)
    try:
        bad = kernel.endpoint.request("run_cell", "from tinytorch.optimization.quantization import *")
        good = kernel.endpoint.request("run_cell", "from tinytorch.optimization.acceleration import matmul_naive")
    finally:
        kernel.stop()
        view.cleanup()
    assert not bad["ok"] and "not available to your notebook" in bad["error"]
    assert good["ok"], good


# -- slow: release, install, use ----------------------------------------------------------------------------------

def _run(cmd, cwd, timeout=300):
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
def test_student_wheel_end_to_end(tmp_path, released_course):
    course = load_course(ROOT)
    grading, res = released_course
    assert res.returncode == 0, res.stderr[-2000:]
    wheels = list((grading / "student").glob("*.whl"))
    assert len(wheels) == 1 and f"student wheel: {wheels[0]}" in res.stdout

    # a fresh venv; the dependencies come from this environment's site-packages through a .pth line (its .pth
    # files, among them the course checkout's editable install, are not processed: the wheel's packages win)
    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path).returncode == 0
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    res = _run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q", "--no-deps",
                wheels[0]], tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]

    # no line of a solution or hidden-test block anywhere in the installed files (package, data, dist-info, script)
    secrets = course_secrets(course, grading)
    assert len(secrets) > 500
    installed = [site / "tinytorch", site / "tinytorch_course", *site.glob("tinytorch_opt_student-*.dist-info")]
    assert all(p.exists() for p in installed)
    for root in installed:
        assert find_leaks(root, secrets) == [], root
    assert find_leaks(venv / "bin", secrets) == []

    work = tmp_path / "student"          # outside the course checkout
    work.mkdir()
    tt = venv / "bin" / "tinytorch"
    res = _run([tt, "fetch", "15"], work)
    nb15 = work / "15_acceleration" / "acceleration.ipynb"
    assert res.returncode == 0 and nb15.read_bytes() == (grading / "release" / "15_acceleration"
                                                         / "acceleration.ipynb").read_bytes(), res.stderr
    # fetch set up this environment's JupyterLab for a student: nbgrader's instructor panels off, Validate = check
    page_config = json.loads((venv / "etc" / "jupyter" / "labconfig" / "page_config.json").read_text())
    assert page_config["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is True
    server_config = (venv / "etc" / "jupyter" / "jupyter_server_config.d").glob("*.json")
    assert any("tinytorch_course.jupyter_student" in p.read_text() for p in server_config)

    stub = _run([venv / "bin" / "python", "-c", "from tinytorch.optimization.acceleration import matmul_naive; "
                 "matmul_naive([[1.0]], [[1.0]])"], work)       # the installed module 15 is the release's stubs
    assert "NotImplementedError: matmul_naive (Task 1 of 15_acceleration/acceleration.ipynb) is a stub" in stub.stderr

    m15 = course.resolve(15)
    nb15.write_text(json.dumps(_solved(_nb(nb15), _nb(course.require_source(m15)))))
    res = _run([tt, "status"], work)
    assert res.returncode == 0 and "15 acceleration" in res.stdout
    assert "stub" in res.stdout.split("15 acceleration")[1].splitlines()[0]
    res = _run([tt, "export", "15"], work)
    assert res.returncode == 0, res.stderr
    res = _run([tt, "status"], work)
    assert "yours" in res.stdout.split("15 acceleration")[1].splitlines()[0], res.stdout
    probe = _run([venv / "bin" / "python", "-c", "import numpy as np; from tinytorch.optimization.acceleration "
                  "import matmul_naive; print(matmul_naive(np.eye(2), np.full((2, 2), 3.0)).tolist())"], work)
    assert probe.stdout.strip() == "[[3.0, 3.0], [3.0, 3.0]]", probe.stderr[-1000:]
    res = _run([tt, "check", "15"], work)               # the finished notebook passes every visible test, exit 0
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]
    assert "9/9 test cells pass their visible tests (21/21 pt;" in res.stdout and "FAIL" not in res.stdout
    assert "] PASS  test_matmul_naive (2 pt)" in res.stdout and "[ 1/" in res.stdout     # a line per cell

    # module 17: the student exports a complete module, then hands in a notebook whose solution cells import it
    # (the pattern that passed `check` and scored 0): check must fail it, as grading does
    m17 = course.resolve(17)
    assert _run([tt, "fetch", "17"], work).returncode == 0
    nb17 = work / m17.folder / m17.notebook
    solved17 = tmp_path / "solved17.ipynb"
    solved17.write_text(json.dumps(_solved(_nb(nb17), _nb(course.require_source(m17)))))
    assert _run([tt, "export", "17", solved17], work).returncode == 0
    nb17.write_text(json.dumps(_solved(_nb(nb17), _nb(course.require_source(m17)),
                                       replace="from tinytorch.optimization.quantization import *")))
    res = _run([tt, "check", "17"], work)
    assert res.returncode == 1, res.stdout[-3000:]
    summary = next(line for line in res.stdout.splitlines() if "test cells pass their visible tests" in line)
    assert summary.startswith("0/") and "pt awaiting manual grading" in summary, summary
    assert "MANUAL  " in res.stdout and "reference-import" in res.stdout

    # module 19 imports 15, 16, 17 and 18 from the package; 16 and 18 are still stubs: check names them first
    deps = _run([venv / "bin" / "python", "-c", "from tinytorch_course.student_dist import student_course, "
                 "stub_dependencies as d; from tinytorch_course.assemble import load_notebook_json as l; "
                 "c = student_course(); m = c.resolve(19); "
                 "print(' '.join(x.folder for x in d(c, m, l(m.source_path(c.root)))))"], work)
    assert deps.stdout.split() == ["16_memory", "18_compression"], deps.stdout + deps.stderr[-1000:]
    status = _run([tt, "status"], work).stdout
    assert [line.split()[:3] for line in status.splitlines() if line[:2] in ("15", "16", "17", "18")] == [
        ["15", "acceleration", "yours"], ["16", "memory", "stub"], ["17", "quantization", "yours"],
        ["18", "compression", "stub"]], status


def test_export_of_a_module_is_refused_in_the_course_checkout(capsys):
    "The checkout's package is generated by nbdev: a student export there would overwrite a reference."
    from tinytorch_course import cli
    assert cli.main(["export", "15"]) == 2
    assert "puts your module into a student install" in capsys.readouterr().err
