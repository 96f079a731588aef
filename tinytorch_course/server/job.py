"""One measurement, run by a worker inside the sandbox (hand-written course tooling):

    python -I -m tinytorch_course.server.job ARTIFACT OUT.json [--config JSON] [--repeats N] [--max-bytes B]

Loads the artifact (data only: arrays with allow_pickle=False and a JSON manifest; no submitted code runs), measures
it with TinyMLPerf's `measure_artifact` on this machine's held-out split, analyzes it per layer, and writes
{"result": {...}, "analysis": {...}} to OUT.json. A rejected artifact writes {"error": "..."} and exits 3; any other
failure is a traceback on stderr and a non-zero exit, which the worker reports as the reason.
"""
import argparse
import json
import math
import os
import sys

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")     # one core per measurement (the worker pins it): timings compare

REJECTED = 3


def _plain(obj):
    "JSON-able copy: numpy scalars/arrays to Python, non-finite floats to None (JSON has no NaN)."
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if hasattr(obj, "tolist"):
        return _plain(obj.tolist())
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def olympics_config(cfg_overrides: dict):
    "The OlympicsConfig of the server's measurements: QUICK with the instructor's overrides."
    from tinytorch.capstone.tinymlperf import QUICK, OlympicsConfig
    return OlympicsConfig(**{**QUICK.__dict__, **cfg_overrides})


def measure(path: str, cfg_overrides: dict, repeats: int, max_bytes: int) -> dict:
    "Load, measure and analyze the artifact at `path`; returns {'result': ..., 'analysis': ...}."
    from tinytorch.capstone.artifact import load_artifact
    from tinytorch.capstone.tinymlperf import measure_artifact
    artifact = load_artifact(path, max_bytes=max_bytes)
    cfg = olympics_config(cfg_overrides)
    result = measure_artifact(artifact, cfg=cfg, repeats=repeats)
    try:
        analysis = analyze(artifact, cfg)
    except Exception as err:  # noqa: BLE001 - the numbers stand without the advice; the page shows why it is missing
        analysis = {"error": f"{type(err).__name__}: {err}"}
    return {"result": _plain(result), "analysis": _plain(analysis)}


def analyze(artifact, cfg) -> dict:
    "analyze_model (module 19's profiler: per-layer bytes/time, bottleneck, suggestions) on the task measured."
    from tinytorch.capstone.tinymlperf import analyze_artifact
    return analyze_artifact(artifact, cfg)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="tinytorch_course.server.job")
    p.add_argument("artifact")
    p.add_argument("out")
    p.add_argument("--config", default="{}", help="OlympicsConfig fields overriding QUICK, as JSON")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--max-bytes", type=int, default=64 * 1024 * 1024)
    args = p.parse_args(argv)
    from tinytorch.capstone.artifact import ArtifactError
    try:
        out = measure(args.artifact, json.loads(args.config), args.repeats, args.max_bytes)
        code = 0
    except ArtifactError as err:
        out, code = {"error": f"artifact rejected: {err}"}, REJECTED
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, allow_nan=False)
    return code


if __name__ == "__main__":
    sys.exit(main())
