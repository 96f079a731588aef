"""The issue-17 convention, module 20 (tinytorch.capstone.tinymlperf): every public name classified.

(a) ARRAY_FUNCTIONS: take arrays -> called with an ndarray, a Tensor and a Parameter: identical results;
(b) TRANSFORMS: model -> new model, input untouched;
(c) QUERIES: observe a model (measure, profile) -> checked not to modify it (weights, hooks);
(d) OTHER: why, in a comment.
A test asserts the tables cover `__all__` exactly, so a new public name (e.g. of the issue-19 measurement core)
cannot escape.
"""
import numpy as np
import pytest

import tinytorch.capstone.tinymlperf as m20
from tinytorch.core import nn
from tinytorch.core.tensor import Tensor

RNG = np.random.default_rng(20)
X = RNG.standard_normal((6, 64)).astype(np.float32)
Y = RNG.integers(0, 10, 6)


def mlp(seed=0):
    nn.manual_seed(seed)
    return nn.Sequential(nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 10))


def state(model):
    return {name: p.data.copy() for name, p in model.named_parameters()}


def hooks(model):
    return [(name, dict(m.__dict__.get("_forward_hooks") or {}), dict(m.__dict__.get("_forward_pre_hooks") or {}))
            for name, m in model.named_modules()]


ARRAY_FUNCTIONS = {
    "digits_infer": lambda x: m20.digits_infer(mlp(), x),
}

TRANSFORMS = {
    "optimize_digits": lambda model: m20.optimize_digits(model, X, Y),
}

QUERIES = {   # name -> call(model): observes the model, must leave it as it was
    "measure_system": lambda model: m20.measure_system("q", model, m20.digits_task(X, Y), 0.5, n_queries=3, warmup=1),
    "peak_query_bytes": lambda model: m20.peak_query_bytes(model, m20.digits_task(X, Y)),
    "analyze_model": lambda model: m20.analyze_model(model, m20.digits_task(X, Y), queries=2, peak_gflops=10.0,
                                                     bandwidth_gbs=10.0),
    "system_model": lambda model: m20.system_model(model),
}

OTHER = {
    "SCHEMA_VERSION": "a constant", "TASKS": "a constant tuple", "SCENARIOS": "a constant tuple",
    "GATE_FRACTION": "a constant", "SUBMISSION_FIELDS": "a constant table", "RESULT_FIELDS": "a constant table",
    "CATEGORIES": "a constant table", "QUICK": "a configuration", "RESULT_COLUMNS": "a constant table",
    "INTERVAL_FIELDS": "a constant tuple (issue 19)", "OVERHEAD_BOUND": "a constant threshold (issue 19)",
    "Task": "a dataclass holding a task's inputs and callables",
    "query_order": "takes counts and a seed, not arrays",
    "digits_task": "builds a Task from the test arrays (stored as given)",
    "Generator": "wraps a model; called with prompts (ndarray of ids, converted by np.asarray)",
    "next_char_accuracy": "takes a Generator and integer id windows",
    "tinygpt_task": "builds a Task from a tokenizer",
    "run_scenario": "times a system on a Task",
    "accuracy_gate": "takes two numbers",
    "pareto_frontier": "takes result dicts", "plot_pareto": "draws result dicts", "pareto_png": "draws result dicts",
    "SubmissionError": "an exception", "validate_submission": "checks a dict", "canonical_json": "formats a dict",
    "submission_digest": "hashes a dict", "verify_digest": "checks a dict", "system_info": "describes the machine",
    "make_submission": "packs result dicts", "write_submission": "writes a dict", "load_submission": "reads a file",
    "check_submission": "reads and checks a file", "default_db_path": "a path",
    "Leaderboard": "an SQLite store of submissions", "format_value": "formats a number",
    "category_value": "formats a result", "format_categories": "formats tables", "render_html": "writes HTML",
    "fast_generate": "takes a model and integer ids (graded in the notebook)",
    "OlympicsConfig": "a configuration dataclass", "Contestant": "a dataclass",
    "quantize_cnn": "returns a new model or the reason (module 17's quantize_model, which leaves its input alone)",
    "cnn_contestants": "lists systems to build", "digits_contestants": "lists systems to build",
    "tinygpt_contestants": "lists systems to build", "format_results": "formats result dicts",
    "measure_contestant": "builds and measures a Contestant", "measure_all": "the olympics' measurement",
    "publish": "writes files and the database", "run_olympics": "the CLI command",
    "artifact_system": "takes a loaded Artifact (issue 19)", "measure_artifact": "takes a loaded Artifact (issue 19)",
    "rank_with_ties": "takes result dicts (issue 19)",
    "artifact_task": "builds the Task an artifact is measured on (issue 19)",
    "analyze_artifact": "takes a loaded Artifact (issue 19; analyze_model is checked as a query)",
}


def test_the_tables_cover_all_exactly():
    tables = (ARRAY_FUNCTIONS, TRANSFORMS, QUERIES, OTHER)
    classified = [name for table in tables for name in table]
    assert len(classified) == len(set(classified)), "a name is in two tables"
    assert set(classified) == set(m20.__all__), (f"unclassified: {sorted(set(m20.__all__) - set(classified))}, "
                                                 f"not public: {sorted(set(classified) - set(m20.__all__))}")


@pytest.mark.parametrize("name", sorted(ARRAY_FUNCTIONS))
def test_array_functions_take_ndarrays_tensors_and_parameters(name):
    want = ARRAY_FUNCTIONS[name](X)
    for wrapped in (Tensor(X), nn.Parameter(X.copy())):
        got = ARRAY_FUNCTIONS[name](wrapped)
        assert isinstance(got, np.ndarray) and np.array_equal(got, want)


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
def test_transforms_return_a_new_model_and_leave_the_input_untouched(name):
    model = mlp()
    before = state(model)
    out = TRANSFORMS[name](model)
    assert out is not model
    after = state(model)
    assert before.keys() == after.keys() and all(np.array_equal(before[k], after[k]) for k in before)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_queries_leave_the_model_as_it_was(name):
    model = mlp()
    before, before_hooks = state(model), hooks(model)
    QUERIES[name](model)
    after = state(model)
    assert before.keys() == after.keys() and all(np.array_equal(before[k], after[k]) for k in before)
    assert hooks(model) == before_hooks, f"{name} left hooks on the model"
