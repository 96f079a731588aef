"""The student's JupyterLab in a real headless Chromium: with the student configuration (write_student_config), a
release notebook opens, Run All stops at the first unfinished task, no nbgrader error dialog appears, the nbgrader
instructor panels are gone, and the Validate button runs `tinytorch check` and shows its verdict. Plus fast tests
of the configuration files and of the Validate reply. The browser test is skipped, with the reason, where no
Chromium is installed (`make browser` installs one as root)."""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT
from tinytorch_course.jupyter_student import (NBGRADER_LAB_PLUGINS_OFF, NBGRADER_SERVER_EXTENSIONS_OFF,
                                              module_number_for, validate_reply, write_student_config)

TOKEN = "tinytorch-test-token"
NBGRADER_ERRORS = ("Error fetching courses", "exchange directory")


def test_student_config_disables_instructor_ui_and_keeps_other_settings(tmp_path):
    lab_file = tmp_path / "etc" / "jupyter" / "labconfig" / "page_config.json"
    lab_file.parent.mkdir(parents=True)
    lab_file.write_text(json.dumps({"disabledExtensions": {"some:plugin": True}, "other": 1}))
    lab, server = write_student_config(tmp_path)
    assert lab == lab_file
    disabled = json.loads(lab.read_text())["disabledExtensions"]
    assert disabled == {"some:plugin": True, **{name: True for name in NBGRADER_LAB_PLUGINS_OFF}}
    assert "@jupyter/nbgrader:validate-assignment" not in disabled          # the Validate button stays
    extensions = json.loads(server.read_text())["ServerApp"]["jpserver_extensions"]
    assert extensions == {**{name: False for name in NBGRADER_SERVER_EXTENSIONS_OFF},
                          "tinytorch_course.jupyter_student": True}
    assert write_student_config(tmp_path) == [lab, server]                # idempotent
    assert json.loads(lab.read_text())["other"] == 1


def test_validate_reply_maps_check_results_to_the_button(tmp_path):
    nb = tmp_path / "15_acceleration" / "acceleration.ipynb"
    ok = subprocess.CompletedProcess([], 0, stdout="PASS  a (1 pt)\n1/1 test cells pass", stderr="")
    assert validate_reply(nb, ok) == {"success": True, "value": {}}
    failed = subprocess.CompletedProcess([], 1, stdout="FAIL  a (1 pt): not implemented yet\n0/1 <pass>", stderr="")
    reply = validate_reply(nb, failed)
    assert reply["success"] and reply["value"]["failed"][0]["source"] == "tinytorch check 15 acceleration.ipynb"
    assert "&lt;pass&gt;" in reply["value"]["failed"][0]["error"]
    broken = subprocess.CompletedProcess([], 2, stdout="", stderr="tinytorch: error: no course found")
    assert validate_reply(nb, broken) == {"success": False, "value": "tinytorch: error: no course found"}
    with pytest.raises(ValueError, match="folder like 15_acceleration"):
        module_number_for(tmp_path / "mywork" / "acceleration.ipynb")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
        time.sleep(0.5)


def _get(url):
    "(HTTP status, body) of a GET, errors included."
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode(errors="replace")
    except urllib.error.HTTPError as err:
        return err.code, ""
    except OSError:
        return None, ""


@pytest.fixture
def student_lab(tmp_path):
    "JupyterLab (student configuration) on 127.0.0.1:<free port> serving a folder with module 15's release notebook."
    grading, work, prefix = tmp_path / "grading", tmp_path / "work", tmp_path / "prefix"
    rel = subprocess.run([sys.executable, "-m", "tinytorch_course.cli", "--grading-dir", str(grading), "release", "15"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert rel.returncode == 0, rel.stderr[-2000:]
    release = next(grading.glob("release/15_*/*.ipynb"))
    (work / release.parent.name).mkdir(parents=True)
    shutil.copy(release, work / release.parent.name / release.name)
    write_student_config(prefix)
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(prefix / "etc" / "jupyter"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "user-config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"), "OPENBLAS_NUM_THREADS": "1"}
    port = _free_port()
    # cwd=ROOT: `tinytorch check`, run by the Validate button, finds the course from the server's folder.
    proc = subprocess.Popen([sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
                             "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={TOKEN}",
                             f"--ServerApp.root_dir={work}"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(tmp_path / "lab.log", "w"))
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: _get(f"{url}/api/status?token={TOKEN}")[0] == 200, 90, "JupyterLab to start")
        yield url, f"{release.parent.name}/{release.name}", tmp_path / "lab.log"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _body_text(browser) -> str:
    return browser.execute_script("return document.body.innerText")


@pytest.mark.slow
def test_student_runs_all_and_validates_in_jupyterlab(student_lab, browser):
    from selenium.webdriver.common.by import By
    url, notebook, log = student_lab
    # Server side: the instructor/exchange endpoints are gone, the Validate URL is ours.
    assert _get(f"{url}/formgrader?token={TOKEN}")[0] == 404
    assert _get(f"{url}/assignments?token={TOKEN}")[0] == 404
    browser.get(f"{url}/lab/tree/{notebook}?token={TOKEN}")
    _wait(lambda: browser.find_elements(By.CSS_SELECTOR, ".validate-button"), 120,
          "the notebook and its Validate button")
    _wait(lambda: "Idle" in _body_text(browser) or "Kernel status: Idle" in browser.page_source, 120, "an idle kernel")
    menubar = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-itemLabel")]
    assert "Run" in menubar and not any("nbgrader" in m.lower() for m in menubar), menubar
    # Run All, as a student would: Run menu -> Run All Cells.
    from selenium.webdriver.common.action_chains import ActionChains
    run_menu = next(e for e in browser.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-item") if e.text == "Run")
    ActionChains(browser).move_to_element(run_menu).click().perform()      # Lumino menus open on pointer events

    def run_all_item():
        return [e for e in browser.find_elements(By.CSS_SELECTOR, ".lm-Menu-item")
                if e.text.startswith("Run All Cells")]
    _wait(run_all_item, 30, "the Run menu's Run All Cells")
    ActionChains(browser).move_to_element(run_all_item()[0]).click().perform()
    # It stops at the first unfinished task: that task's test cell shows the stub's NotImplementedError. Read with
    # textContent: innerText misses a cell that JupyterLab keeps rendered but hidden out of view (content-visibility),
    # which made this wait time out once in a full suite run although the error was there.
    def all_text():
        return browser.execute_script("return document.body.textContent")
    try:
        _wait(lambda: "NotImplementedError" in all_text(), 180, "Run All to reach the first task's stub")
    except AssertionError as err:
        raise AssertionError(f"{err}; the page ends with: {_body_text(browser)[-600:]!r}") from None
    text = _body_text(browser)
    # textContent, not innerText: JupyterLab hides cells scrolled out of view (content-visibility).
    assert "BLAS threads: 1" in browser.execute_script("return document.body.textContent"), \
        "the first cell should print the BLAS thread count"
    for message in NBGRADER_ERRORS:
        assert message not in text, f"nbgrader error shown to the student: {message!r}"
    # Validate: the nbgrader toolbar button, answered by `tinytorch check`.
    button = browser.find_element(By.CSS_SELECTOR, ".validate-button")
    inner = button.find_elements(By.CSS_SELECTOR, "jp-button, button")
    ActionChains(browser).move_to_element(inner[0] if inner else button).click().perform()
    _wait(lambda: "Validation Results" in _body_text(browser), 60, "the Validation Results dialog")
    _wait(lambda: "tinytorch check 15" in _body_text(browser) or "There was an error" in _body_text(browser), 600,
          "tinytorch check's verdict in the dialog")
    dialog = browser.find_element(By.CSS_SELECTOR, ".jp-Dialog").text
    assert "There was an error" not in dialog, f"Validate could not run tinytorch check:\n{dialog}\n" + \
        log.read_text()[-3000:]
    assert "FAIL" in dialog and "not implemented yet" in dialog, dialog
    for message in NBGRADER_ERRORS:
        assert message not in _body_text(browser), f"nbgrader error shown to the student: {message!r}"
