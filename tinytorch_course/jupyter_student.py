"""The student's JupyterLab: only nbgrader UI that works for a student, and a Validate button that runs
`tinytorch check`.

nbgrader 0.9.6 ships six JupyterLab plugins and four Jupyter server extensions. For a student working alone (no
exchange directory, no gradebook) the assignment list and course list only show "Error fetching courses!" / "The
exchange directory does not exist", and the formgrader and "Create Assignment" are instructor tools. So:

* `write_student_config(prefix)` writes Jupyter's own configuration files under `<prefix>/etc/jupyter/` (the venv's
  sys-prefix level): JupyterLab's `labconfig/page_config.json` disables those plugins and the nbgrader menu, and
  `jupyter_server_config.d/zz_tinytorch_student.json` disables their server extensions — including nbgrader's own
  validate handler — and enables this module's handler instead.
* This module is a Jupyter server extension: it serves the same URLs the Validate button calls
  (`/assignments/validate`, `/nbgrader_version`), so the button stays, but what it runs is `tinytorch check` (the
  same visible tests, integrity rules and verdicts), not nbgrader's `Validator`, whose preprocessors know nothing of
  the course's checker.
"""
import asyncio
import html
import json
import re
import subprocess
import sys
from pathlib import Path

__all__ = ["NBGRADER_LAB_PLUGINS_OFF", "NBGRADER_SERVER_EXTENSIONS_OFF", "SERVER_CONFIG_NAME", "write_student_config",
           "module_number_for", "run_check", "validate_reply"]

NBGRADER_LAB_PLUGINS_OFF = ("@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:course-list",
                            "@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader",
                            "@jupyter/nbgrader:menu")
NBGRADER_SERVER_EXTENSIONS_OFF = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.assignment_list",
                                  "nbgrader.server_extensions.course_list",
                                  "nbgrader.server_extensions.validate_assignment")
# Jupyter reads jupyter_server_config.d/*.json in name order and later files win: "zz_" sorts after nbgrader.json.
SERVER_CONFIG_NAME = "zz_tinytorch_student.json"
CHECK_TIMEOUT_S = 900


def _merge_json(path: Path, update: dict) -> None:
    "Merge `update` (two levels deep) into the JSON object stored at `path` (created if missing)."
    data = json.loads(path.read_text()) if path.is_file() else {}
    for key, value in update.items():
        data[key] = {**data.get(key, {}), **value} if isinstance(value, dict) else value
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def write_student_config(prefix=None) -> list:
    """Write the student's Jupyter configuration under `<prefix>/etc/jupyter` (default: this Python's sys.prefix, i.e.
    the venv). Returns the two paths written. Other settings in those files are kept."""
    etc = Path(prefix or sys.prefix) / "etc" / "jupyter"
    lab = etc / "labconfig" / "page_config.json"
    server = etc / "jupyter_server_config.d" / SERVER_CONFIG_NAME
    _merge_json(lab, {"disabledExtensions": {name: True for name in NBGRADER_LAB_PLUGINS_OFF}})
    _merge_json(server, {"ServerApp": {"jpserver_extensions": {
        **{name: False for name in NBGRADER_SERVER_EXTENSIONS_OFF}, __name__: True}}})
    return [lab, server]


def module_number_for(notebook: Path) -> str:
    """The module number of a fetched notebook, from its folder (`tinytorch fetch` writes <NN_name>/<notebook>);
    ValueError saying what was expected otherwise."""
    match = re.match(r"(\d+)_", notebook.parent.name)
    if not match:
        raise ValueError(f"Validate runs `tinytorch check N` on a notebook fetched with `tinytorch fetch N`, which "
                         f"lives in a folder like 15_acceleration/; this one is in {notebook.parent.name!r}")
    return str(int(match.group(1)))


def run_check(notebook: Path, cwd=None) -> subprocess.CompletedProcess:
    "Run `tinytorch check N <notebook>` exactly as a student would type it (its own process); returns the result."
    cmd = [sys.executable, "-m", "tinytorch_course.cli", "check", module_number_for(notebook), str(notebook)]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=CHECK_TIMEOUT_S)


def validate_reply(notebook: Path, result: subprocess.CompletedProcess) -> dict:
    """The JSON the nbgrader Validate button renders: {"success": True, "value": {}} shows "Success! Your notebook
    passes all the tests."; a "failed" list shows each entry's source and error (HTML); success False shows `value`
    as the error of the command itself."""
    output = (result.stdout or "").strip()
    if result.returncode == 0:
        return {"success": True, "value": {}}
    if not output:      # check itself could not run (no course, unreadable notebook): its message is on stderr
        return {"success": False, "value": (result.stderr or "").strip()[-4000:] or f"exit {result.returncode}"}
    module = module_number_for(notebook)
    return {"success": True, "value": {"failed": [{
        "source": f"tinytorch check {module} {notebook.name}",
        "error": html.escape(output),
        "raw_error": output}]}}


def _handlers():
    "Tornado handlers for the two URLs the Validate button calls (imported lazily: only a Jupyter server needs them)."
    from jupyter_server.base.handlers import JupyterHandler
    from nbgrader.server_extensions.validate_assignment.handlers import NbGraderVersionHandler
    from tornado import web

    class CheckHandler(JupyterHandler):
        "POST path=<notebook relative to the server root>: run `tinytorch check` on it."

        @web.authenticated
        async def post(self):
            try:
                rel = self.get_argument("path")
            except web.MissingArgumentError:
                rel = (self.get_json_body() or {}).get("path", "")
            root = Path(self.settings["root_dir"]).resolve()
            notebook = (root / rel).resolve()
            if not notebook.is_relative_to(root):
                raise web.HTTPError(403, "Access denied: path outside the server's root directory")
            try:
                result = await asyncio.get_running_loop().run_in_executor(None, run_check, notebook)
                reply = validate_reply(notebook, result)
            except (ValueError, subprocess.TimeoutExpired) as err:
                reply = {"success": False, "value": str(err)}
            self.finish(json.dumps(reply))

    return [("/assignments/validate", CheckHandler), ("/nbgrader_version", NbGraderVersionHandler)]


def _jupyter_server_extension_points():
    return [{"module": __name__}]


def _load_jupyter_server_extension(serverapp):
    "Register the Validate URLs (nbgrader's validate_assignment extension is disabled by write_student_config)."
    from jupyter_server.utils import url_path_join
    web_app = serverapp.web_app
    web_app.settings.setdefault("root_dir", serverapp.root_dir)
    base_url = web_app.settings["base_url"]
    web_app.add_handlers(".*$", [(url_path_join(base_url, pattern), handler) for pattern, handler in _handlers()])
    serverapp.log.info("tinytorch: the Validate button runs `tinytorch check`")
