"""`pytest -m m17` / `make check M=17` select one module's tests (tests/conftest.py: module_markers)."""
import pytest

from conftest import MODULE_OF_FILE, MODULES, ROOT, module_markers


@pytest.mark.parametrize("nodeid,expected", [
    ("tests/grading/test_alternatives.py::test_variant_passes[17_quantization-quantize.scale_as_x_dtype]", {"m17"}),
    ("tests/test_notebooks.py::test_notebook_runs_top_to_bottom[20_capstone/capstone.ipynb]", {"m20"}),
    ("tests/test_notebooks.py::test_notebook_runs_top_to_bottom[00_foundations/tensor.ipynb]", {"m00"}),
    ("tests/optimization/test_quantization_mutants.py::test_mutant_fails_its_graded_tests[quantize_no_clip]", {"m17"}),
    ("tests/optimization/test_acceleration.py::test_blocked", {"m15"}),
    ("tests/profiling/test_profiler.py::test_timer", {"m19"}),
    ("tests/core/test_tensor.py::test_add", {"m00"}),
    # a parameter naming a module wins over the file: the module-16 case of a module-15 file belongs to 16
    ("tests/optimization/test_acceleration.py::test_x[16_memory]", {"m16"}),
    # whole-course tests carry no module marker
    ("tests/test_cli.py::test_console_script_help", set()),
    ("tests/server/test_server_api.py::test_upload_is_queued_measured_and_ranked", set()),
])
def test_module_markers(nodeid, expected):
    assert module_markers(nodeid) == expected, f"{nodeid}: expected {expected}, got {module_markers(nodeid)}"


def test_every_module_folder_and_marker_file_exists():
    folders = {p.name[:2] for p in MODULES.iterdir() if p.is_dir() and p.name[:2].isdigit()}
    assert {m[1:] for m in MODULE_OF_FILE} == folders, f"markers {sorted(MODULE_OF_FILE)} vs module folders {folders}"
    for mark, prefixes in MODULE_OF_FILE.items():
        for prefix in prefixes:
            matches = list(ROOT.glob(prefix + "*")) if not prefix.endswith("/") else [ROOT / prefix]
            assert any(p.exists() for p in matches), f"{mark}: no test file or folder matches {prefix!r}"
