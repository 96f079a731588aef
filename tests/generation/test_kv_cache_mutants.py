"""Module 16's graded tests catch every catalogued wrong implementation, and pass the reference solution.

The graded test cells are read from modules/16_memory/memory.ipynb by grade id (nbformat), hidden blocks included,
so this file never drifts from what students are graded with. For each mutant in tests/grading/mutants/16_memory/
the notebook's setup cells (`#| export` and solution cells) run in a fresh namespace, the mutant's code runs right
after the cell that defines the name it replaces (a function or the `KVCache` class), and every test cell listed in
the mutant's FAILS must raise AssertionError. (Same protocol as module 15's tests/optimization/
test_acceleration_mutants.py; see tests/grading/mutants/16_memory/README.md.)
"""
from conftest import ROOT
from mutant_cells import catalogue_tests
from tinytorch_course.notebook_cells import graded_tests

NOTEBOOK = ROOT / "modules" / "16_memory" / "memory.ipynb"
MUTANTS = ROOT / "tests" / "grading" / "mutants" / "16_memory"

globals().update(catalogue_tests(NOTEBOOK, MUTANTS, "memory_notebook"))


def test_notebook_has_the_graded_cells():
    assert set(graded_tests(NOTEBOOK)) == {"test_kv_cache_append_get", "test_kv_cache_storage", "test_kv_cache_bytes",
                                           "test_future_mask", "test_cached_attention", "test_cached_forward",
                                           "test_generate", "test_quantize_kv", "test_kv_scales",
                                           "test_quantized_kv_cache", "test_kv_cache_truncate",
                                           "test_speculative_generate"}
