"""The course registry: `settings.ini` read with configparser (hand-written, not generated).

A course is a directory holding `settings.ini` and `modules/`. `settings.ini` lists the graded modules in order:

    [course]                      course_id, modules = 15_acceleration 16_memory ...
    [module:15_acceleration]      notebook = acceleration.ipynb, export = tinytorch/..., title = ...
    [autograde]                   cell_timeout (s), notebook_timeout (s), memory_limit_mb (MiB)

Everything the CLI reports as a user mistake is raised as `CourseError` with a one-line message that says what was
expected and where.
"""
import configparser
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CourseError", "Module", "Course", "find_course_root", "load_course"]


class CourseError(Exception):
    "A user-facing problem (unknown module, missing file or folder); the message is one line."


@dataclass(frozen=True)
class Module:
    """One graded module, e.g. folder '15_acceleration', notebook 'acceleration.ipynb'.

    `folder` is also the nbgrader assignment id; `notebook` is the file name students must keep."""
    folder: str
    notebook: str
    export: str
    title: str

    @property
    def number(self) -> str:
        "The leading digits of the folder ('15' for '15_acceleration')."
        return self.folder.split("_", 1)[0]

    @property
    def short_name(self) -> str:
        "The folder without its number ('acceleration' for '15_acceleration')."
        return self.folder.split("_", 1)[1] if "_" in self.folder else self.folder

    @property
    def notebook_id(self) -> str:
        "The notebook name without '.ipynb' (nbgrader's notebook id)."
        return Path(self.notebook).stem

    def source_path(self, course_root: Path) -> Path:
        "The instructor notebook (solutions + hidden tests): <course>/modules/<folder>/<notebook>."
        return Path(course_root) / "modules" / self.folder / self.notebook

    def release_path(self, grading_dir: Path) -> Path:
        "The student version nbgrader generates: <grading>/release/<folder>/<notebook>."
        return Path(grading_dir) / "release" / self.folder / self.notebook

    def submitted_path(self, grading_dir: Path, student: str) -> Path:
        "Where nbgrader expects a student's copy: <grading>/submitted/<student>/<folder>/<notebook>."
        return Path(grading_dir) / "submitted" / student / self.folder / self.notebook


@dataclass(frozen=True)
class Course:
    """A course directory and its settings. Limits are in seconds (timeouts) and MiB (memory)."""
    root: Path
    course_id: str
    modules: tuple
    cell_timeout: int = 30
    notebook_timeout: int = 600
    memory_limit_mb: int = 4096

    @property
    def default_grading_dir(self) -> Path:
        return self.root / "grading"

    def module_names(self) -> str:
        return ", ".join(m.folder for m in self.modules) or "(none)"

    def resolve(self, name) -> Module:
        """Find a module by number ('15'), folder ('15_acceleration') or short name ('acceleration').

        Raises CourseError naming the known modules if nothing matches."""
        key = str(name).strip().lower()
        for m in self.modules:
            if key in (m.folder.lower(), m.short_name.lower()) or (key.isdigit() and int(key) == _as_int(m.number)):
                return m
        raise CourseError(f"unknown module '{name}'; known modules: {self.module_names()}")

    def resolve_all(self, names) -> list:
        "Resolve each name (all modules when `names` is empty), keeping order and dropping duplicates."
        if not names:
            return list(self.modules)
        out = []
        for n in names:
            m = self.resolve(n)
            if m not in out:
                out.append(m)
        return out

    def require_source(self, module: Module) -> Path:
        "The module's source notebook path; CourseError if the file is missing."
        path = module.source_path(self.root)
        if not path.is_file():
            raise CourseError(f"missing source notebook for module {module.folder}: expected {path}")
        return path


def _as_int(digits: str):
    return int(digits) if digits.isdigit() else None


def find_course_root(start=None) -> Path:
    """Walk up from `start` (default: cwd) to the first directory holding both settings.ini and modules/."""
    here = Path(start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / "settings.ini").is_file() and (d / "modules").is_dir():
            return d
    raise CourseError(f"no course found: expected settings.ini and modules/ in {here} or a parent directory "
                      f"(or pass --course DIR)")


def load_course(root=None) -> Course:
    """Read `<root>/settings.ini` (root found with `find_course_root` when None) into a Course."""
    if root is None:
        root = find_course_root()
    root = Path(root).resolve()
    ini = root / "settings.ini"
    if not ini.is_file():
        raise CourseError(f"not a course directory: expected settings.ini in {root}")
    if not (root / "modules").is_dir():
        raise CourseError(f"not a course directory: expected a modules/ folder in {root}")
    cfg = configparser.ConfigParser()
    try:
        cfg.read(ini)
    except configparser.Error as err:
        raise CourseError(f"cannot parse {ini}: {str(err).splitlines()[0]}") from None
    if not cfg.has_section("course"):
        raise CourseError(f"{ini}: expected a [course] section")
    modules = tuple(_read_module(cfg, ini, folder) for folder in cfg.get("course", "modules", fallback="").split())
    grading = cfg["autograde"] if cfg.has_section("autograde") else {}
    return Course(root=root,
                  course_id=cfg.get("course", "course_id", fallback=root.name),
                  modules=modules,
                  cell_timeout=_positive_int(grading, "cell_timeout", 30, ini),
                  notebook_timeout=_positive_int(grading, "notebook_timeout", 600, ini),
                  memory_limit_mb=_positive_int(grading, "memory_limit_mb", 4096, ini))


def _read_module(cfg, ini, folder) -> Module:
    if not re.fullmatch(r"\d+_\w+", folder):
        raise CourseError(f"{ini}: module folder '{folder}' should look like NN_name (e.g. 15_acceleration)")
    section = f"module:{folder}"
    if not cfg.has_section(section):
        raise CourseError(f"{ini}: module '{folder}' is listed in [course] modules but has no [{section}] section")
    sec = cfg[section]
    notebook = sec.get("notebook", "").strip()
    if not notebook.endswith(".ipynb"):
        raise CourseError(f"{ini}: [{section}] notebook should name an .ipynb file, got '{notebook}'")
    return Module(folder=folder, notebook=notebook, export=sec.get("export", "").strip(),
                  title=sec.get("title", folder).strip())


def _positive_int(section, key, default, ini) -> int:
    raw = section.get(key, str(default))
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value <= 0:
        raise CourseError(f"{ini}: [autograde] {key} should be a positive integer, got '{raw}'")
    return value
