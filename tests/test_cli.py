"""The `tinytorch` command line: help, module-name resolution and one-line errors for misuse (fast: no nbgrader)."""
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from tinytorch_course import cli
from tinytorch_course.course import CourseError, find_course_root, load_course

FIXTURE_COURSE = ROOT / "tests" / "grading" / "fixtures" / "course"
SUBCOMMANDS = ["release", "autograde", "grades", "feedback", "fetch", "check", "mutants", "export", "status", "demo",
               "olympics", "submit", "leaderboard"]


def _main(capsys, *args):
    "Run the CLI in-process; returns (exit code, stdout, stderr). argparse's own exits become exit codes."
    try:
        code = cli.main([str(a) for a in args])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_console_script_help():
    exe = Path(sys.executable).parent / "tinytorch"
    res = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0
    for name in SUBCOMMANDS:
        assert name in res.stdout


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(capsys, command):
    code, out, _ = _main(capsys, command, "--help")
    assert code == 0 and out.startswith(f"usage: tinytorch {command}")


@pytest.mark.parametrize("args, fragment", [
    ([], "required: COMMAND"),
    (["relase"], "invalid choice: 'relase'"),
    (["fetch"], "required: N"),
    (["autograde"], "required: SUBMISSIONS_DIR"),
    (["release", "--bogus"], "unrecognized arguments: --bogus"),
])
def test_misuse_is_one_line_and_exit_2(capsys, args, fragment):
    code, out, err = _main(capsys, *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err, err


def test_unknown_module_names_the_known_ones(capsys):
    code, _, err = _main(capsys, "--course", FIXTURE_COURSE, "release", "21")
    assert code == 2
    assert err == "tinytorch: unknown module '21'; known modules: 99_demo\n"


def test_unknown_module_in_the_real_course(capsys):
    code, _, err = _main(capsys, "--course", ROOT, "fetch", "21", "--dest", ROOT / "nonexistent")
    assert code == 2 and err.startswith("tinytorch: unknown module '21'; known modules: 15_acceleration")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("name", ["15", "015", "15_acceleration", "acceleration", "ACCELERATION", " 15 "])
def test_module_name_resolution(name):
    assert load_course(ROOT).resolve(name).folder == "15_acceleration"


@pytest.mark.parametrize("name", ["1", "5", "acc", "15_acc", "", "16_acceleration"])
def test_near_misses_are_unknown(name):
    with pytest.raises(CourseError, match="unknown module"):
        load_course(ROOT).resolve(name)


def test_course_is_found_by_walking_up(tmp_path):
    assert find_course_root(ROOT / "modules" / "15_acceleration") == ROOT
    with pytest.raises(CourseError, match="no course found"):
        find_course_root(tmp_path)


def test_no_course_is_a_one_line_error(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = _main(capsys, "release")
    assert code == 2 and err.startswith("tinytorch: no course found: expected settings.ini and modules/ in ")
    assert len(err.splitlines()) == 1


def test_missing_submissions_dir(capsys, tmp_path):
    code, _, err = _main(capsys, "--course", FIXTURE_COURSE, "--grading-dir", tmp_path / "g", "autograde",
                         tmp_path / "nope")
    assert code == 2
    assert err == f"tinytorch: submissions folder not found: expected a directory at {tmp_path / 'nope'}\n"


def test_missing_source_notebook(capsys, tmp_path):
    (tmp_path / "modules" / "98_missing").mkdir(parents=True)
    (tmp_path / "settings.ini").write_text("[course]\nmodules = 98_missing\n"
                                           "[module:98_missing]\nnotebook = missing.ipynb\n")
    code, _, err = _main(capsys, "--course", tmp_path, "--grading-dir", tmp_path / "g", "release")
    expected = tmp_path / "modules" / "98_missing" / "missing.ipynb"
    assert code == 2 and err == f"tinytorch: missing source notebook for module 98_missing: expected {expected}\n"
    assert not (tmp_path / "g" / "release").exists()  # nothing half-done


def test_check_without_a_notebook_says_where_it_looked(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = _main(capsys, "--course", FIXTURE_COURSE, "check", "99")
    assert code == 2
    assert err == (f"tinytorch: no notebook to check: expected {tmp_path / '99_demo' / 'demo.ipynb'} "
                   f"(run 'tinytorch fetch 99' first)\n")


def test_grades_without_a_gradebook(capsys, tmp_path):
    code, _, err = _main(capsys, "--course", FIXTURE_COURSE, "--grading-dir", tmp_path, "grades")
    assert code == 2 and "no gradebook: expected" in err and len(err.splitlines()) == 1


def test_options_work_before_or_after_the_subcommand(capsys, tmp_path):
    for args in (["--course", FIXTURE_COURSE, "check", "21"], ["check", "21", "--course", FIXTURE_COURSE]):
        code, _, err = _main(capsys, *args)
        assert (code, err) == (2, "tinytorch: unknown module '21'; known modules: 99_demo\n")


@pytest.mark.parametrize("ini, fragment", [
    ("[course]\nmodules = 15_x\n", "has no [module:15_x] section"),
    ("[course]\nmodules = acceleration\n", "should look like NN_name"),
    ("[course]\nmodules = 15_x\n[module:15_x]\nnotebook = x.py\n", "should name an .ipynb file"),
    ("[course]\nmodules =\n[autograde]\ncell_timeout = soon\n", "cell_timeout should be a positive integer"),
    ("[nothing]\n", "expected a [course] section"),
])
def test_bad_settings_ini_is_explained(tmp_path, ini, fragment):
    (tmp_path / "modules").mkdir()
    (tmp_path / "settings.ini").write_text(ini)
    with pytest.raises(CourseError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        load_course(tmp_path)


def test_real_settings(repo_root):
    course = load_course(repo_root)
    assert course.course_id == "tinytorch-opt"
    assert course.cell_timeout > 0 and course.notebook_timeout > course.cell_timeout and course.memory_limit_mb >= 1024
    for m in course.modules:
        assert m.export.startswith("tinytorch/") and m.notebook.endswith(".ipynb") and m.title


def test_demo_explains_when_it_is_not_available(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tinytorch.core.transformer", None)  # makes the import fail
    code, out, err = _main(capsys, "demo")
    assert code == 1 and out == ""
    assert err.startswith("tinytorch: the demo is not available yet") and len(err.splitlines()) == 1


def test_autograde_rejects_an_unknown_module_before_grading(capsys, tmp_path):
    (tmp_path / "subs" / "alice").mkdir(parents=True)
    code, _, err = _main(capsys, "--course", FIXTURE_COURSE, "--grading-dir", tmp_path / "g", "autograde",
                         tmp_path / "subs", "--module", "21")
    assert (code, err) == (2, "tinytorch: unknown module '21'; known modules: 99_demo\n")
    assert not (tmp_path / "g").exists()
