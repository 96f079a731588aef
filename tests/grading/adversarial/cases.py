"""The adversarial catalogue: submissions of the real modules 15_acceleration and 17_quantization that try to earn
points they did not, to read or write what they must not, or to break the batch, graded in ONE autograde run next to
honest notebooks (test_adversarial_batch.py).

A case is a submission built from the module's RELEASE notebook (implements nothing: every point it earns is
stolen) or its SOURCE notebook (honest, full marks) plus edits, or a file-system layout (symlinks, odd folder names,
raw bytes). Its expectation:

* `targets`: graded cells that must score 0 in the gradebook (ALL = every graded code cell of the module);
* `statuses`: the report statuses that are acceptable; a `malformed` or `missing` row must score 0;
* `score`: the exact total the report and the gradebook must show when the row is `graded` (honest and
  faulty-but-honest notebooks; the true scores were measured with efficacy.py, where nothing cheats);
* `at_most`: an upper bound on the total (tampering whose fair outcome is "graded with the true score" or "rejected").

`earns` says whether the cheat earns points on its targets when run the OLD way (one ordinary kernel, source test
cells with hidden blocks, nbgrader's scoring rule): efficacy.py checks that, so no cheat here is a test that cannot
fail. `destructive` cases write into the grading dir, the packages or $HOME when they are not contained: only the
sandboxed grader, or efficacy.py's throwaway copies, may run them.
"""
import copy
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import snippets as S

COURSE = Path(__file__).resolve().parents[3]
MODULES = {"15_acceleration": "acceleration.ipynb", "17_quantization": "quantization.ipynb"}
ALL = "ALL"
CHEAT_STATUSES = ("graded", "malformed", "crashed", "timeout")
REJECTED = ("malformed", "missing")


def source_path(module: str) -> Path:
    return COURSE / "modules" / module / MODULES[module]


def graded_cells(module: str) -> dict:
    "{grade_id: points} of the autograded (code) test cells of the module's source notebook, in notebook order."
    nb = json.loads(source_path(module).read_text())
    return {c["metadata"]["nbgrader"]["grade_id"]: float(c["metadata"]["nbgrader"]["points"])
            for c in nb["cells"] if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("grade")}


def max_auto(module: str) -> float:
    return sum(graded_cells(module).values())


# --- edits ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Edit:
    """One change to a notebook. kind: 'put' (replace the source), 'fill' (replace the release stub `raise
    NotImplementedError()` by `text`, indented), 'sub' (replace `old` by `text` in the source, which must contain
    it), 'wrap' (`text` before and `old` after the source), 'after' (insert a new cell after the cell), 'type'
    (change the cell type to `text`), 'meta' (update the nbgrader metadata with `meta`; meta=None removes it)."""
    kind: str
    grade_id: str
    text: str = ""
    old: str = ""
    meta: dict = None
    cell_type: str = "code"


def put(gid, text):
    return Edit("put", gid, text)


def fill(gid, text):
    return Edit("fill", gid, text)


def sub(gid, old, new):
    return Edit("sub", gid, new, old)


def after(gid, text, cell_type="code", meta=None):
    return Edit("after", gid, text, cell_type=cell_type, meta=meta)


def retype(gid, cell_type):
    return Edit("type", gid, cell_type)


def meta(gid, changes):
    return Edit("meta", gid, meta=changes)


def wrap(gid, before="", after=""):
    "Cell-level code before and after the cell's own source."
    return Edit("wrap", gid, before, after)


def _gid(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _new_cell(cell_type, text, nbgrader=None):
    cell = {"cell_type": cell_type, "metadata": {}, "source": text}
    if nbgrader is not None:
        cell["metadata"]["nbgrader"] = nbgrader
    if cell_type == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _set_type(cell, cell_type):
    cell["cell_type"] = cell_type
    if cell_type == "code":
        cell.setdefault("outputs", [])
        cell.setdefault("execution_count", None)
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)


STUB = re.compile(r"^([ \t]*)# YOUR CODE HERE\n[ \t]*raise NotImplementedError\(\)[ \t]*$", re.M)


def apply_edits(nb: dict, edits) -> dict:
    "A copy of notebook `nb` (JSON dict) with `edits` applied in order."
    nb = copy.deepcopy(nb)
    for e in edits:
        idx = [i for i, c in enumerate(nb["cells"]) if _gid(c) == e.grade_id]
        assert idx, f"no cell {e.grade_id!r}"
        i = idx[0]
        cell = nb["cells"][i]
        src = _source(cell)
        if e.kind == "put":
            cell["source"] = e.text
        elif e.kind == "fill":
            m = STUB.search(src)
            assert m, f"{e.grade_id}: no release stub to fill (build this case from the release notebook)"
            body = "\n".join(m.group(1) + line if line.strip() else line for line in e.text.rstrip("\n").split("\n"))
            cell["source"] = src[:m.start()] + body + src[m.end():]
        elif e.kind == "sub":
            assert e.old in src, f"{e.grade_id}: {e.old!r} not in its source"
            cell["source"] = src.replace(e.old, e.text, 1)
        elif e.kind == "after":
            nb["cells"].insert(i + 1, _new_cell(e.cell_type, e.text, e.meta))
        elif e.kind == "wrap":
            cell["source"] = e.text + src + e.old
        elif e.kind == "type":
            _set_type(cell, e.text)
        elif e.kind == "meta":
            if e.meta is None:
                cell["metadata"].pop("nbgrader", None)
            else:
                cell["metadata"]["nbgrader"] = {**cell["metadata"].get("nbgrader", {}), **e.meta}
        else:
            raise ValueError(e.kind)
    return nb


def fmt(text, **names):
    "str.format for code that has braces of its own: replaces only {name} for the given names."
    for k, v in names.items():
        text = text.replace("{" + k + "}", v)
    return text


# --- cases ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    student: str
    module: str
    klass: int
    base: str = "release"          # 'release' | 'source' | 'raw' (raw_bytes) | 'none' (layout only)
    edits: tuple = ()
    targets: object = ALL
    score: float = None
    at_most: float = None
    statuses: tuple = CHEAT_STATUSES
    layout: str = "file"           # 'file' | 'symlink_file' | 'symlink_module' | 'symlink_student'
    raw: str = ""                  # name of a raw-bytes generator, see raw_bytes()
    earns: bool = True
    destructive: bool = False
    folder: bytes = None           # the student folder's name as bytes, when it is not valid UTF-8
    note: str = ""
    extra_modules: tuple = field(default=())   # further modules the layout submits for this student
    light: bool = False            # drop the demo cells that plot measurements (a student may; grading is faster)

    @property
    def target_ids(self) -> list:
        if self.targets == ALL:
            return list(graded_cells(self.module))
        return list(self.targets)

    @property
    def is_cheat(self) -> bool:
        return self.klass != 0

    def folder_name(self):
        "The student folder's name (str, or bytes when it is not valid UTF-8)."
        return self.folder if self.folder is not None else self.student

    def notebook(self, release_nb: Path) -> dict:
        base = json.loads(Path(release_nb if self.base == "release" else source_path(self.module)).read_text())
        nb = apply_edits(base, self.edits)
        if self.light:
            nb["cells"] = [c for c in nb["cells"] if not (c["cell_type"] == "code" and not _gid(c)
                                                          and "plt." in _source(c))]
        return nb


def raw_bytes(kind: str) -> bytes:
    if kind == "deep_json":          # json.loads → RecursionError (not a JSONDecodeError)
        return (b'{"cells": ' + b"[" * 200_000 + b"]" * 200_000
                + b', "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    if kind == "huge_garbage":       # 40 MB that is neither UTF-8 nor JSON
        return b"\x89\xff" + os.urandom(40 * 1024 * 1024)
    raise ValueError(kind)


def write_submission(case: Case, subs: Path, release_nbs: dict):
    """Create the case's files under `subs` (its student folder). `release_nbs`: {module: release notebook path}.
    Symlinks point at the real course (its source notebooks): a grader that follows them grades the solutions."""
    folder = os.fsdecode(case.folder) if case.folder is not None else case.student   # bytes via surrogateescape
    root = Path(subs) / folder
    nb_name = MODULES[case.module]
    if case.layout == "symlink_student":
        root.parent.mkdir(parents=True, exist_ok=True)
        root.symlink_to(COURSE / "modules", target_is_directory=True)
        return
    if case.layout == "symlink_module":
        root.mkdir(parents=True, exist_ok=True)
        (root / case.module).symlink_to(COURSE / "modules" / case.module, target_is_directory=True)
        return
    path = root / case.module / nb_name
    path.parent.mkdir(parents=True, exist_ok=True)
    if case.layout == "symlink_file":
        path.symlink_to(source_path(case.module))
    elif case.base == "raw":
        path.write_bytes(raw_bytes(case.raw))
    else:
        path.write_text(json.dumps(case.notebook(release_nbs[case.module]), indent=1))


# --- building blocks -----------------------------------------------------------------------------------------------
M15, M17 = "15_acceleration", "17_quantization"
MATMUL_15 = ["test_matmul_naive", "test_matmul_vectorized", "test_matmul_blocked"]
ZERO_TARGETS_15 = MATMUL_15 + ["test_matmul_blocked_tiles", "test_conv2d_naive", "test_im2col", "test_conv2d_im2col"]
HARDCODED_TARGETS_17 = ["test_compute_qparams", "test_exact_chunk_size", "test_model_size_bytes"]

# Stubs of module 15 that compute nothing: the right shape and dtype, zeros, wrapped by the cheat's `_out`; the input
# checks are the notebook's own helpers (not solutions). matmul_blocked touches tile-sized blocks so the slice
# recorder of test_matmul_blocked_tiles sees tiles.
_ZERO_BODIES_15 = {
    "matmul_naive": 'm, k, n = check_matmul_operands(a, b, "matmul_naive")\n'
                    "return _out(np.zeros((m, n), dtype=np.result_type(a, b)))",
    "matmul_vectorized": 'm, k, n = check_matmul_operands(a, b, "matmul_vectorized")\n'
                         "return _out(np.zeros((m, n), dtype=np.result_type(a, b)))",
    "matmul_blocked": "if isinstance(tile, bool) or not isinstance(tile, (int, np.integer)) or tile < 1:\n"
                      '    raise ValueError(f"matmul_blocked: tile must be a positive integer, got {tile!r}")\n'
                      'm, k, n = check_matmul_operands(a, b, "matmul_blocked")\n'
                      "for rows, cols, x in ((m, k, a), (k, n, b)):\n"
                      "    for r0 in range(0, rows, tile):\n"
                      "        for c0 in range(0, cols, tile):\n"
                      "            x[r0:r0 + tile, c0:c0 + tile]\n"
                      "return _out(np.zeros((m, n), dtype=np.result_type(a, b)))",
    "conv2d_naive": "return _out(np.zeros(conv2d_output_shape(x.shape, w.shape, stride, padding), "
                    "dtype=np.result_type(x, w)))",
    "im2col": "n, _, oh, ow = conv2d_output_shape(x.shape, (1, x.shape[1], kh, kw), stride, padding)\n"
              "return _out(np.zeros((n * oh * ow, x.shape[1] * kh * kw), dtype=x.dtype))",
    "conv2d_im2col": "return _out(np.zeros(conv2d_output_shape(x.shape, w.shape, stride, padding), "
                     "dtype=np.result_type(x, w)))",
}


def zero_stubs_15(prefix=""):
    "fill edits: every computing function of module 15 returns zeros of the right shape (`prefix` runs first)."
    return tuple(fill(gid, prefix + body) for gid, body in _ZERO_BODIES_15.items())


# Module 17 stubs that pass only the VISIBLE checks (hard-coded answers to the visible examples).
HARDCODED_17 = (
    fill("compute_qparams",
         "return {(-1.0, 1.0, False): (2 / 255, 0), (2.0, 5.0, False): (5 / 255, -128),\n"
         "        (-3.0, 1.0, True): (3 / 127.5, 0), (0.0, 0.0, False): (1.0, -128)}.get(\n"
         "    (x_min, x_max, bool(symmetric)), (1.0, 0))"),
    fill("exact_chunk_size", "return {(128, 127): 1032, (128, 128): 1024}.get((int(max_abs_a), int(max_abs_b)), 1)"),
    fill("model_size_bytes", "return 880"),
)

def solution_cells(module: str) -> list:
    "grade_ids of the module's solution code cells, in notebook order."
    nb = json.loads(source_path(module).read_text())
    return [_gid(c) for c in nb["cells"]
            if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("solution")]


def rebind_after(module: str, host: str) -> tuple:
    """wrap edits: every solution cell after `host` ends with `_rebind()` (the cheat's function that binds its
    stolen solutions again, since each later stub cell redefines its function)."""
    sols = solution_cells(module)
    return tuple(wrap(gid, "", "\n_rebind()\n") for gid in sols[sols.index(host) + 1:])


def stolen(module: str, host: str, code: str, markdown=False) -> list:
    "Edits of a cheat whose `code` obtains solutions (and defines _rebind): a cell after `host`, or `host` itself."
    first = [put(host, code), retype(host, "markdown")] if markdown else [after(host, code)]
    return [*first, *rebind_after(module, host)]


# The honest cells a glob-named student submits (so its own true score is known).
def _source_cell(module, gid):
    nb = json.loads(source_path(module).read_text())
    return next(_source(c) for c in nb["cells"] if _gid(c) == gid)


def source_score(module, *lost) -> float:
    """The autograded score of the module's SOURCE notebook (every test cell's points) minus the points of the test
    cells in `lost`: derived from the notebook, so adding a task to the module does not break these expectations."""
    nb = json.loads(source_path(module).read_text())
    points = {_gid(c): c["metadata"]["nbgrader"].get("points", 0) for c in nb["cells"]
              if c.get("metadata", {}).get("nbgrader", {}).get("grade")
              and not c["metadata"]["nbgrader"].get("solution")}
    unknown = sorted(set(lost) - set(points))
    if unknown:
        raise KeyError(f"{module} has no test cells {unknown}")
    return float(sum(points.values()) - sum(points[t] for t in lost))


NP_WARNING = "np.log(np.zeros(1))  # numpy prints 'RuntimeWarning: divide by zero encountered in log' to stderr\n"


def cheat(student, module, klass, edits, targets=ALL, **kw):
    return Case(student, module, klass, kw.pop("base", "release"), tuple(edits), targets, **kw)


CHEATS = [
    # 1. IPython shell hooks that swallow the failures of every later cell (tests included)
    cheat("hook_ast_transformer", M15, 1, [after("matmul_naive", S.HOOK_AST)],
          note="ast_transformers reached through getattr(builtins, built string): try/except around later cells"),
    cheat("hook_custom_exc", M17, 1, [after("compute_qparams", S.HOOK_CUSTOM_EXC)],
          note="set_custom_exc((Exception,), handler returning no traceback)"),
    cheat("hook_showtraceback", M15, 1, [after("matmul_naive", S.HOOK_SHOWTRACEBACK)],
          note="shell.showtraceback/_showtraceback replaced, sys.excepthook too"),
    cheat("hook_input_transformer", M17, 1, [after("compute_qparams", S.HOOK_INPUT_TRANSFORMER)],
          note="input_transformers_post wraps every later cell's text in try/except"),
    cheat("hook_events", M15, 1, [after("matmul_naive", S.HOOK_EVENTS)],
          note="pre_run_cell hides tracebacks only while a cell with checks runs, post_run_cell restores"),
    # 2. cell types and nbgrader metadata
    cheat("md_solution_reference", M15, 2, stolen(M15, "matmul_naive", S.REF_PKGUTIL, markdown=True),
          note="reference import inside a MARKDOWN cell that keeps the solution cell's metadata (nbgrader made it "
               "code again)"),
    cheat("md_solution_hook", M17, 2, [put("compute_qparams", S.HOOK_AST), retype("compute_qparams", "markdown")],
          note="the AST hook inside a markdown cell carrying compute_qparams' solution metadata"),
    cheat("test_cells_markdown", M15, 2,
          [e for gid in graded_cells(M15) for e in (put(gid, "Nothing to test here."), retype(gid, "markdown"))],
          earns=False, note="every test cell turned into markdown (nbgrader restored them: a probe)"),
    cheat("solution_meta_renamed_hook", M15, 2,
          [put("matmul_vectorized", S.HOOK_AST),
           meta("matmul_vectorized", {"grade_id": "my_notes", "solution": False, "locked": True})],
          note="a solution cell renamed to a new grade_id (no longer a solution) carrying the AST hook"),
    Case("meta_points_and_bonus", M15, 2, "source",
         (sub("matmul_vectorized", "out[i, :] = a[i, :] @ b", "out[i, :] = a[i, :] @ b + 1"),
          meta("test_matmul_vectorized", {"grade": False}),
          *(meta(gid, {"points": 50.0}) for gid in graded_cells(M15) if gid != "test_matmul_vectorized"),
          after("use_backend", "assert True\n",
                meta={"grade": True, "grade_id": "test_bonus", "locked": True, "points": 100.0,
                      "schema_version": 3, "solution": False})),
         light=True, targets=["test_matmul_vectorized"], at_most=19.0, earns=False, statuses=("graded", "malformed"),
         note="honest but wrong matmul_vectorized; its test cell set grade=false, other points x25, a new 100-point "
              "test cell: never more than the true 19 of 21"),
    # 3. the gradebook and reports from the kernel
    cheat("gradebook_max", M15, 3, [after("matmul_naive", S.GRADEBOOK_MAX)], destructive=True,
          note="walks up from cwd to gradebook.db: every grade's manual_score = max; grades.csv, report rewritten"),
    cheat("gradebook_clobber", M17, 3, [after("compute_qparams", S.GRADEBOOK_CLOBBER)], destructive=True,
          note="overwrites gradebook.db, grades.csv, reports/*, appends code to nbgrader_config.py"),
    # 4. processes that outlive the kernel and strike after the run
    cheat("orphan_fork_setsid", M15, 4, [after("matmul_naive", S.ORPHAN_FORK)], destructive=True,
          note="fork + setsid + double fork; waits for grades.csv, then maxes out grades for 20 s"),
    cheat("orphan_popen_session", M17, 4, [after("compute_qparams", S.ORPHAN_POPEN)], destructive=True,
          note="subprocess.Popen(start_new_session=True) running the same watcher"),
    # 5. symlinks to the instructor's source notebook or course folder
    Case("symlink_notebook", M15, 5, "none", layout="symlink_file", statuses=REJECTED, score=0.0,
         note="<student>/15_acceleration/acceleration.ipynb -> modules/15_acceleration/acceleration.ipynb"),
    Case("symlink_module_folder", M17, 5, "none", layout="symlink_module", statuses=REJECTED, score=0.0,
         note="<student>/17_quantization -> modules/17_quantization"),
    Case("symlink_student_folder", M15, 5, "none", layout="symlink_student", statuses=REJECTED, score=0.0,
         extra_modules=(M17,), note="<student> -> modules/ (both modules' source notebooks)"),
    # 6. batch breakers: each gets its own clear row, nobody else is touched
    Case("[0-9]*", M15, 6, edits=(put("matmul_naive", _source_cell(M15, "matmul_naive")),), targets=(), score=2.0,
         statuses=("graded", "malformed"), earns=False,
         note="a glob matching the digit-named honest students; its own notebook earns 2 (matmul_naive)"),
    Case("*", M17, 6, edits=(put("compute_qparams", _source_cell(M17, "compute_qparams")),), targets=(), score=3.0,
         statuses=("graded", "malformed"), earns=False,
         note="the glob '*'; its own notebook earns 3 (compute_qparams)"),
    Case("--student=1_honest_full_15", M15, 6,
         edits=(put("matmul_vectorized", _source_cell(M15, "matmul_vectorized")),), targets=(), score=2.0,
         statuses=("graded", "malformed"), earns=False,
         note="an id that is a command-line option naming another student; its own notebook earns 2"),
    Case("badname_nonutf8", M15, 6, "source", targets=ALL, score=0.0, statuses=("malformed",), earns=False,
         folder=b"badname_\xff\xfe", note="folder name not valid UTF-8 (holding an honest notebook): malformed"),
    Case("deep_json", M17, 6, "raw", raw="deep_json", targets=ALL, score=0.0, statuses=("malformed",), earns=False,
         note="200,000 nested lists: RecursionError in a JSON parser"),
    Case("huge_garbage", M15, 6, "raw", raw="huge_garbage", targets=ALL, score=0.0, statuses=("malformed",),
         earns=False, note="40 MB of random bytes"),
    # 7. ndarray subclasses that lie
    cheat("liar_array_function", M15, 7, [after("matmul_naive", S.AGREE), *zero_stubs_15()],
          targets=MATMUL_15 + ["test_conv2d_naive", "test_im2col", "test_conv2d_im2col"],
          note="zeros as an ndarray subclass whose __array_function__/__array_ufunc__/__eq__ agree"),
    cheat("liar_tolist", M17, 7,
          [after("compute_qparams", S.AGREE), fill("quantize", "return _out(np.zeros(np.shape(x), np.int8))"),
           fill("dequantize", "return _out(np.zeros(q.shape, np.float32))")],
          targets=["test_quantize", "test_dequantize"],
          note="int8/float32 zeros whose tolist() == anything and whose comparisons agree"),
    # 8. the notebook's `np` is a proxy (module 15's test cells use it)
    cheat("rebind_np", M15, 8, [after("matmul_naive", S.REBIND_NP), *zero_stubs_15()], targets=ZERO_TARGETS_15,
          note="np = proxy whose array_equal/allclose say yes and whose matmul/einsum/pad give zeros"),
    cheat("rebind_np_builtins", M15, 8, [after("matmul_naive", S.BUILTINS_NP), *zero_stubs_15()],
          targets=ZERO_TARGETS_15, note="the proxy put in builtins and `np` deleted from the notebook's globals"),
    # 9. patches: persistent, applied and undone between cells, only while a function runs; import hook; __code__
    cheat("patch_checks_and_numpy", M15, 9, [after("matmul_naive", S.PATCH_PERSISTENT), *zero_stubs_15()],
          targets=ZERO_TARGETS_15, note="tinytorch.testing.check_* no-ops, np.array_equal/allclose -> True"),
    cheat("patch_undo_between_cells", M15, 9,
          [after("matmul_naive", S.PATCH_KIT + "_patch()\n"), *zero_stubs_15(),
           *(wrap(gid, "_undo()\n", "\n_patch()\n") for gid in _ZERO_BODIES_15 if gid != "matmul_naive"),
           wrap("use_backend", "_undo()\n")],
          targets=ZERO_TARGETS_15,
          note="each solution cell undoes the patch first and re-applies it last: off between cells, on in tests"),
    cheat("patch_while_called", M15, 9, [after("matmul_naive", S.PATCH_DURING_CALL),
                                         *zero_stubs_15(prefix="_sneak()\n")],
          targets=ZERO_TARGETS_15, note="each function patches when called, a post_run_cell hook undoes it"),
    cheat("patch_import_hook", M17, 9, [after("compute_qparams", S.IMPORT_HOOK), *HARDCODED_17],
          targets=HARDCODED_TARGETS_17,
          note="builtins.__import__ hands test cells a tinytorch.testing of no-ops; visible answers hard-coded"),
    cheat("patch_code_objects", M17, 9, [after("compute_qparams", S.CODE_SWAP), *HARDCODED_17],
          targets=HARDCODED_TARGETS_17,
          note="check_*.__code__ swapped (identity unchanged); visible answers hard-coded"),
    # 10. solutions read from disk
    cheat("read_source_notebook", M15, 10,
          stolen(M15, "matmul_naive", fmt(S.READ_SOURCE, folder=M15, name=MODULES[M15])),
          note="looks for modules/15_acceleration/acceleration.ipynb around cwd, ~, /work, the package; execs it"),
    cheat("read_source_via_header", M17, 10,
          stolen(M17, "compute_qparams", fmt(S.READ_SOURCE_VIA_HEADER, folder=M17, name=MODULES[M17])),
          note="the 'File to edit:' header of another generated module leads to modules/"),
    cheat("read_other_students", M15, 10, stolen(M15, "matmul_naive", fmt(S.READ_OTHERS, folder=M15,
                                                                            name=MODULES[M15])),
          note="walks up from cwd to submitted/ and autograded/ and execs another student's solutions"),
    # 11. the module's reference solution by computed names
    cheat("reference_pkgutil", M15, 11, stolen(M15, "matmul_naive", S.REF_PKGUTIL),
          note="pkgutil.resolve_name('tinytorch.optimization.' + 'acceleration')"),
    cheat("reference_import_string", M17, 11, stolen(M17, "compute_qparams", S.REF_IMPORT_STRING),
          note="importlib with a joined name, then vars(tinytorch.optimization)"),
    cheat("reference_sys_modules", M17, 11, stolen(M17, "compute_qparams", S.REF_SYS_MODULES),
          note="pkgutil.walk_packages imports all of tinytorch, then a scan of sys.modules finds the reference"),
    cheat("reference_file_exec", M15, 11, stolen(M15, "matmul_naive", S.REF_EXEC_FILE),
          note="_modidx names the .py; read and exec it (or its __pycache__ bytecode)"),
    cheat("reference_git_history", M15, 11, stolen(M15, "matmul_naive", S.REF_GIT),
          note="git show HEAD:tinytorch/optimization/acceleration.py from the checkout above the package"),
    # 12. writes into installed packages (a later honest-but-wrong notebook must keep its true score)
    cheat("aa_write_tinytorch", M15, 12, [after("matmul_naive", S.WRITE_TINYTORCH)], destructive=True,
          note="appends no-op checks to tinytorch/testing.py and a numpy/checks patch to tinytorch*/*.py"),
    cheat("aa_write_numpy_site", M17, 12, [after("compute_qparams", S.WRITE_NUMPY)], destructive=True,
          note="appends to numpy/__init__.py; sitecustomize.py and a .pth next to numpy"),
    cheat("aa_write_ipython_startup", M17, 12, [after("compute_qparams", S.WRITE_IPYTHON_STARTUP)],
          destructive=True, note="a startup file in ~/.ipython that patches every later kernel"),
    # 13. everything else
    cheat("liar_scalars", M17, 13,
          [after("compute_qparams", S.LIE_SCALARS), fill("exact_chunk_size", "return _LieInt(1)"),
           fill("model_size_bytes", "return _LieInt(880)")],
          targets=["test_exact_chunk_size", "test_model_size_bytes"],
          note="an int subclass equal to, smaller and larger than anything, arithmetic keeps lying"),
    cheat("test_variable_peek", M15, 13,
          [fill(gid, "import sys\n"
                     "shape = conv2d_output_shape(x.shape, w.shape, stride, padding)\n"
                     "for depth in range(1, 6):        # the test's own `expected`, from its frame or namespace\n"
                     "    try:\n"
                     "        frame = sys._getframe(depth)\n"
                     "    except ValueError:\n"
                     "        break\n"
                     "    seen = frame.f_locals.get('expected', frame.f_globals.get('expected'))\n"
                     "    if isinstance(seen, np.ndarray) and seen.shape == shape:\n"
                     "        return seen.astype(np.result_type(x, w))\n"
                     "fill = -5.0 if shape == (1, 1, 3, 3) else 0.0   # the visible example\n"
                     "return np.full(shape, fill, dtype=np.result_type(x, w))")
           for gid in ("conv2d_naive", "conv2d_im2col")],
          targets=["test_conv2d_naive", "test_conv2d_im2col"],
          note="returns the test's `expected` found through sys._getframe / globals"),
    cheat("callback_rebinds_checks", M15, 13,
          [sub("measure_gflops", "    rng = np.random.default_rng(seed)\n",
               "    ns = getattr(fn, '__globals__', None)      # fn is the test's lambda: its globals are the test's\n"
               "    if isinstance(ns, dict):\n"
               "        quiet = lambda *args, **kwargs: None\n"
               "        ns.update(check_close=quiet, check_equal=quiet, check_true=quiet, check_raises=quiet)\n"
               "    rng = np.random.default_rng(0)\n"),
           sub("measure_gflops", ".astype(dtype)\n    b", ".astype(np.float32)\n    b"),
           sub("measure_gflops", "    b = rng.standard_normal((n, n)).astype(dtype)",
               "    b = rng.standard_normal((n, n)).astype(np.float32)")],
          base="source", light=True, targets=["test_measure_gflops"],
          score=source_score(M15, "test_measure_gflops"), statuses=("graded",),
          note="measure_gflops ignores seed/dtype (wrong) and rewrites check_* through the test lambda's __globals__"),
    cheat("fake_slice_log", M15, 13,
          [put("matmul_blocked",
               "#| export\n"
               "def matmul_blocked(a: np.ndarray, b: np.ndarray, tile: int = 64) -> np.ndarray:\n"
               "    if isinstance(tile, bool) or not isinstance(tile, (int, np.integer)) or tile < 1:\n"
               "        raise ValueError(f'matmul_blocked: tile must be a positive integer, got {tile!r}')\n"
               "    m, k, n = check_matmul_operands(a, b, 'matmul_blocked')\n"
               "    for x, rows, cols in ((a, m, k), (b, k, n)):\n"
               "        log = getattr(x, 'log', None)          # the grader's slice recorder: tell it what it wants\n"
               "        if isinstance(log, list):\n"
               "            log.extend([(min(tile, rows), min(tile, cols))] * (-(-rows // tile) * -(-cols // tile)))\n"
               "    return np.matmul(a.view(np.ndarray), b.view(np.ndarray))\n")],
          base="source", light=True, targets=["test_matmul_blocked_tiles"],
          score=source_score(M15, "test_matmul_blocked_tiles"), statuses=("graded",),
          note="np.matmul (correct, so test_matmul_blocked passes) + fake entries in the recorder's .log"),
    cheat("exit_in_function", M17, 13, [put("model_size_bytes", "#| export\ndef model_size_bytes(model):\n"
                                                               "    raise SystemExit(0)\n")],
          base="source", targets=["test_model_size_bytes"],
          score=source_score(M17, "test_model_size_bytes"), statuses=("graded",), earns=False,
          note="SystemExit(0) from the last graded function"),
    cheat("interrupt_in_function", M15, 13,
          [sub("use_backend", "    previous = set_backend(name)\n", "    raise KeyboardInterrupt\n")],
          base="source", light=True, targets=["test_use_backend"],
          score=source_score(M15, "test_use_backend"), statuses=("graded",), earns=False,
          note="KeyboardInterrupt from use_backend (the last graded function)"),
    cheat("os_exit_under_test", M15, 13,
          [sub("measure_gflops", "    rng = np.random.default_rng(seed)\n",
               "    if timer is not time.perf_counter:      # only the tests inject a timer\n"
               "        import os\n        os._exit(0)\n    rng = np.random.default_rng(seed)\n")],
          base="source", light=True, targets=["test_measure_gflops"], at_most=19.0, statuses=("graded", "crashed"),
          earns=False, note="os._exit(0) inside measure_gflops when a test calls it"),
    cheat("hang_on_hidden_input", M17, 13,
          [sub("exact_chunk_size", "    return int(", "    if (max_abs_a, max_abs_b) == (1, 1):    # a hidden case\n"
                                                    "        time.sleep(3600)\n    return int(")],
          base="source", targets=["test_exact_chunk_size"],
          score=source_score(M17, "test_exact_chunk_size"), statuses=("graded",), earns=False,
          note="sleeps on a hidden input only: the cell times out, the others keep their points"),
    cheat("huge_result_and_output", M17, 13,
          [sub("dequantize", "    centered = ", "    if q.shape == (2, 3, 5):                  # a hidden case\n"
                                                "        return np.broadcast_to(np.float32(0), (100_000, 100_000))\n"
                                                "    centered = "),
           after("dequantize", "print('flood flood flood\\n' * 100_000)\n")],
          base="source", targets=["test_dequantize"],
          score=source_score(M17, "test_dequantize"), statuses=("graded",), earns=False,
          note="a 40 GB broadcast view as a result (tiny in memory, huge if serialized) and 2 MB of stdout"),
]

HONEST = [
    Case("1_honest_full_15", M15, 0, "source", targets=(), score=source_score(M15), statuses=("graded",), earns=False),
    Case("2_honest_full_17", M17, 0, "source", targets=(), score=source_score(M17), statuses=("graded",), earns=False),
    Case("3_honest_partial_15", M15, 0, "source",
         (sub("matmul_vectorized", "out[i, :] = a[i, :] @ b", "out[i, :] = a[i, :] @ b + 1e-3"),
          sub("measure_gflops", "np.median(elapsed)", "np.mean(elapsed)")),
         light=True, targets=["test_matmul_vectorized", "test_measure_gflops"],
         score=source_score(M15, "test_matmul_vectorized", "test_measure_gflops"), statuses=("graded",),
         earns=False),
    Case("4_honest_warning_15", M15, 0, "source",
         (sub("matmul_naive", "    ### BEGIN SOLUTION\n", "    ### BEGIN SOLUTION\n    " + NP_WARNING),),
         targets=(), score=source_score(M15), statuses=("graded",), earns=False,
         note="numpy prints a RuntimeWarning to stderr inside a function the test calls"),
    Case("5_honest_warning_17", M17, 0, "source",
         (sub("quantize", "    ### BEGIN SOLUTION\n",
              "    ### BEGIN SOLUTION\n    import warnings\n"
              "    warnings.warn('quantize: this is slow, see Part 7', UserWarning)\n"),),
         targets=(),
         score=source_score(M17), statuses=("graded",), earns=False, note="a UserWarning on stderr while tested"),
    # graded after the package writers: honest but wrong, they must keep their true scores
    Case("zz_victim_15", M15, 0, "source",
         (sub("matmul_naive", "out[i, j] = total", "out[i, j] = total + 1"),
          sub("conv2d_im2col", ".transpose(0, 3, 1, 2)", ".transpose(0, 3, 2, 1)")),
         light=True, targets=["test_matmul_naive", "test_conv2d_im2col", "test_use_backend"],
         score=source_score(M15, "test_matmul_naive", "test_conv2d_im2col", "test_use_backend"),
         statuses=("graded",),
         earns=False, note="matmul_naive off by one (so is the 'naive' backend), conv2d_im2col transposed"),
    Case("zz_victim_17", M17, 0, "source",
         (sub("quantize", "np.clip(codes, qmin, qmax, out=codes)", "np.clip(codes, -128, 127, out=codes)"),),
         targets=["test_quantize", "test_quantize_per_channel"],
         score=source_score(M17, "test_quantize", "test_quantize_per_channel"), statuses=("graded",), earns=False,
         note="quantize ignores qmin/qmax; quantize_per_channel calls it with other ranges, so it loses those too"),
]

CASES = CHEATS + HONEST
BY_NAME = {c.student: c for c in CASES}
assert len(BY_NAME) == len(CASES), "student ids must be unique"


def expected_rows(case: Case):
    "The (module) rows the report must have for this case's student."
    return (case.module, *case.extra_modules)
