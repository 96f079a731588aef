"""`tinytorch mutants`: the mutation operators, the fork-per-mutant runner, the scores and the CLI.

A tiny synthetic notebook (one solution cell, one graded test cell) shows the engine end to end: a weak test lets
most mutants survive, a strong one kills them all, and a mutant that loops forever is killed by the time limit.
The slow tests: the spawn fallback, the CLI, and every registered module held to a 90 % adjusted mutation score.
(The modules' catalogued mutants run on this engine in tests/mutant_cells.py.)
"""
import json

import nbformat
import pytest

from _grading_helpers import FIXTURE_COURSE, run_cli
from conftest import ROOT
from tinytorch_course.course import load_course
from tinytorch_course.mutate import cell_mutants
from tinytorch_course.mutation_run import TIMEOUT, catalogue_mutants, read_equivalent, run_mutants

SOLUTION = '''\
#| export
def tail_sum(xs, start):
    "Sum of xs[start:]."
    ### BEGIN SOLUTION
    total = 0
    for i in range(start, len(xs)):
        total += xs[i]
    return total
    ### END SOLUTION
'''
WEAK_TEST = "assert isinstance(tail_sum([2, 3], 0), int)\n"
STRONG_TEST = '''\
assert tail_sum([1, 2, 3, 4], 1) == 9
### BEGIN HIDDEN TESTS
%xmode Minimal
assert tail_sum([5], 0) == 5
assert tail_sum([1, 2], 2) == 0
### END HIDDEN TESTS
'''
LOOP_SOLUTION = '''\
def count_up(n):
    ### BEGIN SOLUTION
    i = 0
    while i < n:
        i += 1
    return i
    ### END SOLUTION
'''


def _cell(source, kind=None, grade_id=None):
    cell = nbformat.v4.new_code_cell(source)
    if kind == "solution":
        cell.metadata["nbgrader"] = dict(grade=False, solution=True, locked=False, grade_id=grade_id,
                                         schema_version=3)
    elif kind == "test":
        cell.metadata["nbgrader"] = dict(grade=True, solution=False, locked=True, grade_id=grade_id, points=1,
                                         schema_version=3)
    return cell


def make_notebook(path, solution, test):
    "A notebook with an import cell, one solution cell, a measurement cell (skipped) and one graded test cell."
    nb = nbformat.v4.new_notebook()
    nb.cells = [_cell("#| export\nimport math"), _cell(solution, "solution", "task"),
                _cell("import time\ntime.sleep(30)  # a measurement: never run by the mutation tool"),
                _cell(test, "test", "test_task")]
    nbformat.write(nb, path)
    return path


def _descriptions(source):
    return {m.description for m in cell_mutants(source, "cell")}


def test_operators_generate_the_expected_mutants():
    source = '''\
def f(a, b, x, n):
    y = a + 1000
    ### BEGIN SOLUTION
    if a < b and not x:
        raise ValueError(f"bad {a + b}")
    z = np.clip(x, 0, n).astype(np.float32)
    w = x.sum(axis=0) * b
    for i in range(n):
        z = z[i:n] - g(a, b)
    return z ** 2
    ### END SOLUTION
'''
    got = _descriptions(source)
    expected = {"`<` -> `<=`", "`and` -> `or`", "`not` dropped", "`clip(...)` dropped", "`.astype(...)` dropped",
                "float32 -> float64", "`axis=` dropped", "axis=0 -> axis=1", "`*` -> `/`", "range() argument 1 +1",
                "range() argument 1 -1", "slice lower bound +1", "slice upper bound -1", "`-` -> `+`",
                "arguments 1 and 2 swapped", "`**` -> `*`", "returns None", "2 -> 3", "0 -> 1"}
    assert expected <= got, f"missing: {sorted(expected - got)}"
    assert "1000 -> 1001" not in got, "code outside the solution region must not be mutated"
    assert "yields None" in _descriptions("def g():\n    ### BEGIN SOLUTION\n    yield 1\n    ### END SOLUTION\n")
    assert "`+` -> `-`" not in got, "the error message (f-string inside raise) must not be mutated"


def test_mutants_are_stable_distinct_and_splice_one_place():
    first, second = cell_mutants(SOLUTION, "task"), cell_mutants(SOLUTION, "task")
    assert [m.key for m in first] == [m.key for m in second], "enumeration must be deterministic"
    assert len({m.key for m in first}) == len(first) and len({m.source for m in first}) == len(first)
    for m in first:
        changed = [line for line in m.diff.splitlines() if line.startswith(("-    ", "+    "))]
        assert len(changed) == 2, f"{m.description}: expected one changed line, got\n{m.diff}"
        assert m.source != SOLUTION


def test_weak_test_scores_low_and_strong_test_scores_full(tmp_path):
    weak = run_mutants(make_notebook(tmp_path / "weak.ipynb", SOLUTION, WEAK_TEST), "weak_nb", progress=False)
    strong = run_mutants(make_notebook(tmp_path / "strong.ipynb", SOLUTION, STRONG_TEST), "strong_nb",
                         progress=False)
    assert weak.total["mutants"] == strong.total["mutants"] >= 6
    assert weak.total["raw"] < 50, [(o.mutant.description, o.status) for o in weak.outcomes]
    assert strong.total["raw"] == 100, [o.mutant.diff for o in strong.survivors()]
    assert strong.rows()[0]["tests"] == ["test_task"]
    assert all(o.test == "test_task" for o in strong.outcomes)
    assert strong.kills_per_test() == {"test_task": strong.total["killed"]}


@pytest.mark.slow
def test_spawn_fallback_gives_the_same_outcomes(tmp_path):
    notebook = make_notebook(tmp_path / "weak.ipynb", SOLUTION, WEAK_TEST)
    forked = run_mutants(notebook, "fork_nb", progress=False, jobs=2)
    spawned = run_mutants(notebook, "spawn_nb", progress=False, jobs=2, start_method="spawn")
    assert [(o.mutant.key, o.status) for o in forked.outcomes] == [(o.mutant.key, o.status) for o in spawned.outcomes]


def test_infinite_loop_is_killed_by_timeout(tmp_path):
    notebook = make_notebook(tmp_path / "loop.ipynb", LOOP_SOLUTION, "assert count_up(3) == 3\n")
    report = run_mutants(notebook, "loop_nb", timeout=1.0, progress=False, jobs=2)
    by_description = {o.mutant.description: o for o in report.outcomes}
    looping = by_description["`+=` -> `-=`"]
    assert looping.status == TIMEOUT and looping.killed and "longer than" in looping.reason, looping
    assert by_description["`<` -> `<=`"].status != TIMEOUT, "a mutant that ends must not be timed out"


def test_equivalent_allow_list_adjusts_the_score(tmp_path):
    notebook = make_notebook(tmp_path / "weak.ipynb", SOLUTION, WEAK_TEST)
    survivors = run_mutants(notebook, "weak_nb", progress=False).survivors()
    allow = tmp_path / "equivalent.txt"
    allow.write_text(f"# comment\n{survivors[0].mutant.key}  judged equivalent for this test\nnot-a-mutant  stale\n")
    report = run_mutants(notebook, "weak_nb", progress=False, equivalent=read_equivalent(allow))
    total = report.total
    assert total["equivalent"] == 1 and report.stale == ["not-a-mutant"]
    assert total["adjusted"] == pytest.approx(100 * total["killed"] / (total["mutants"] - 1))
    allow.write_text(f"{survivors[0].mutant.key}\n")
    with pytest.raises(ValueError, match="ARGUMENT"):
        read_equivalent(allow)


def test_reference_that_fails_its_tests_is_refused(tmp_path):
    notebook = make_notebook(tmp_path / "bad.ipynb", SOLUTION, "assert tail_sum([1], 0) == 2\n")
    with pytest.raises(RuntimeError, match="test_task"):
        run_mutants(notebook, "bad_nb", progress=False)


@pytest.mark.slow
def test_cli_smoke_on_module_16(tmp_path):
    out = tmp_path / "m16.json"
    res = run_cli("mutants", "16", "--quiet", "--json", out, "--list-survivors", cwd=ROOT, timeout=300)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "16_memory" in res.stdout and "mutation score" in res.stdout
    data = json.loads(out.read_text())
    assert data[0]["rows"][-1]["mutants"] > 100 and data[0]["rows"][-1]["adjusted"] >= 90


@pytest.mark.slow
def test_cli_exit_code_follows_min_score():
    "The fixture course's demo module: every mutant killed, so 100 passes and an impossible 101 fails."
    ok = run_cli("--course", FIXTURE_COURSE, "mutants", "99", "--quiet", "--min-score", "100", timeout=300)
    assert ok.returncode == 0 and "99_demo: mutation score 100.0 % raw" in ok.stdout, ok.stdout + ok.stderr
    too_high = run_cli("--course", FIXTURE_COURSE, "mutants", "99", "--quiet", "--min-score", "101", timeout=300)
    assert too_high.returncode == 1, too_high.stdout + too_high.stderr


def test_catalogued_mutants_run_through_the_engine():
    "Every hand-written mutant of module 16 (REPLACES format) and 17 (text-edit format) becomes a runnable mutant."
    course = load_course(ROOT)
    for folder in ("16_memory", "17_quantization"):
        module = course.resolve(folder)
        mutants = catalogue_mutants(ROOT / "tests" / "grading" / "mutants" / folder, course.require_source(module))
        assert len(mutants) >= 15 and all(m.source.strip() for m in mutants)


@pytest.mark.slow
@pytest.mark.roundtrip
@pytest.mark.parametrize("module", [m.folder for m in load_course(ROOT).modules])
def test_every_module_scores_at_least_90_percent(module, tmp_path):
    out = tmp_path / "report.json"
    res = run_cli("mutants", module, "--quiet", "--min-score", "90", "--json", out, cwd=ROOT, timeout=1800)
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]
    assert json.loads(out.read_text())[0]["rows"][-1]["adjusted"] >= 90


def _two_test_notebook(path):
    "tail_sum's solution, then test_first (start=1) and test_second (start=0): a catalogue to judge mutants on."
    nb = nbformat.v4.new_notebook()
    nb.cells = [_cell(SOLUTION, "solution", "task"),
                _cell("assert tail_sum([1, 2, 3, 4], 1) == 9, 'tail_sum: start=1'\n", "test", "test_first"),
                _cell("assert tail_sum([5, 6], 0) == 11, 'tail_sum: start=0'\n", "test", "test_second")]
    nbformat.write(nb, path)
    return path


def _write_mutant(folder, name, body, fails):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.py").write_text(f'"{name}"\nREPLACES = "tail_sum"\nFAILS = {fails!r}\n\n{body}')


def test_run_catalogue_judges_each_mutant_on_its_fails_only(tmp_path):
    """A catalogued mutant runs only the graded tests its FAILS names, all of them (no early stop), and its Outcome
    lists each one it failed; a crash or a hang inside a judged test counts for that test."""
    from tinytorch_course.mutation_run import CRASHED, KILLED, SURVIVED, run_catalogue
    notebook, folder = _two_test_notebook(tmp_path / "nb.ipynb"), tmp_path / "mutants"
    skips_first = "def tail_sum(xs, start):\n    return sum(xs[start + 1:]) if start else sum(xs)\n"
    _write_mutant(folder, "judged_on_second", skips_first, ["test_second"])       # fails test_first only
    _write_mutant(folder, "judged_on_both", skips_first, ["test_first", "test_second"])
    _write_mutant(folder, "always_wrong", "def tail_sum(xs, start):\n    return 0\n", ["test_first", "test_second"])
    _write_mutant(folder, "dies", "def tail_sum(xs, start):\n    import os\n    os._exit(3)\n", ["test_second"])
    _write_mutant(folder, "hangs", "def tail_sum(xs, start):\n    while True:\n        pass\n", ["test_first"])
    runs = run_catalogue(notebook, folder, "catalogue_nb", jobs=2, timeout=2.0)
    assert runs["judged_on_second"].status == SURVIVED and runs["judged_on_second"].failures == {}
    assert runs["judged_on_both"].status == KILLED and set(runs["judged_on_both"].failures) == {"test_first"}
    assert runs["always_wrong"].status == KILLED and set(runs["always_wrong"].failures) == {"test_first", "test_second"}
    assert all(r.startswith("AssertionError: tail_sum") for r in runs["always_wrong"].failures.values())
    assert runs["dies"].status == CRASHED and set(runs["dies"].failures) == {"test_second"}
    assert runs["hangs"].status == TIMEOUT and set(runs["hangs"].failures) == {"test_first"}


def test_catalogue_fails_must_name_a_later_graded_test(tmp_path):
    from tinytorch_course.mutation_run import catalogue_judges
    notebook, folder = _two_test_notebook(tmp_path / "nb.ipynb"), tmp_path / "mutants"
    _write_mutant(folder, "bad_fails", "def tail_sum(xs, start):\n    return 0\n", ["test_first", "test_third"])
    with pytest.raises(ValueError, match=r"bad_fails\.py: FAILS names \['test_third'\]"):
        catalogue_judges(folder, notebook)
