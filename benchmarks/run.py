"""Run every module benchmark in benchmarks/ and write benchmarks/RESULTS.md.

Each benchmarks/<module>.py (any .py here except this runner and files starting with `_`) exposes
`run(quick: bool) -> list of dict(name, measured, target, passed, notes)` and a `TITLE`, optionally `describe() -> str`
(a line printed under the section's heading, read after run()). benchmarks/peers.py measures the same operations in
PyTorch; its rows carry `peer`, `tinytorch`, `torch` and `ratio` and render as a tinytorch / PyTorch table.
Numbers are measured now, on this machine, and written next to a description of the machine (CPU, cores, NumPy's
BLAS) and, per module, the date and the load average (how busy the machine was), so they can be read in context.
Timing is the machine's business, so a missed target is reported, not raised, unless --strict. `--only` re-measures
some modules and keeps the other modules' sections of RESULTS.md.

    python benchmarks/run.py [--quick] [--strict] [--only acceleration ...]
"""
import argparse
import datetime as dt
import importlib.util
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def benchmark_files(only=None) -> list:
    files = sorted(p for p in HERE.glob("*.py") if p.name != "run.py" and not p.name.startswith("_"))
    return [p for p in files if not only or p.stem in only]


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"benchmarks_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def blas_description() -> str:
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        text = f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # noqa: BLE001 - older NumPy: no dict mode
        text = "unknown (np.show_config has no dict mode)"
    try:
        from threadpoolctl import threadpool_info
        pools = [f"{p['internal_api']} {p.get('version', '')}, {p['num_threads']} threads, {p.get('architecture', '')}"
                 for p in threadpool_info() if p.get("user_api") == "blas"]
        text += "; threadpoolctl: " + ("; ".join(pools) or "no BLAS pool found")
    except ImportError:
        text += " (threadpoolctl not installed: thread count not reported)"
    return text


def load_average() -> str:
    "1-minute load average (how busy the machine was: other programs distort timings), or 'n/a'."
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):
        return "n/a"


def machine_info() -> list:
    try:
        import psutil
        physical = psutil.cpu_count(logical=False)
    except ImportError:
        physical = None
    env = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                      "MKL_NUM_THREADS") if k in os.environ}
    return [
        ("CPU", cpu_model()),
        ("cores", f"{os.cpu_count()} logical" + (f", {physical} physical" if physical else "")),
        ("Python / NumPy", f"{platform.python_version()} / {np.__version__}"),
        ("BLAS", blas_description()),
        ("BLAS environment", ", ".join(f"{k}={v}" for k, v in env.items()) or "none set"),
        ("platform", platform.platform()),
    ]


def render_rows(rows: list) -> list:
    """Markdown table lines. Target rows: measured / target / pass. Peer rows (key "peer", benchmarks/peers.py):
    tinytorch's value, PyTorch's value (or "not installed") and their ratio; a peer has no target."""
    if rows and all(r.get("peer") for r in rows):
        return (["| benchmark | tinytorch | PyTorch | tinytorch / PyTorch | notes |", "|---|---|---|---|---|"] +
                [f"| {r['name']} | {r['tinytorch']} | {r['torch']} | {r['ratio']} | {r.get('notes', '')} |"
                 for r in rows])
    return (["| benchmark | measured | target | pass | notes |", "|---|---|---|---|---|"] +
            [f"| {r['name']} | {r['measured']} | {r['target']} | {'yes' if r['passed'] else '**no**'} | "
             f"{r.get('notes', '')} |" for r in rows])


def load_verdict(loads) -> str:
    """How busy the machine was when the section started. The load average lags and the benchmarks themselves keep
    up to all cores busy, so only the load *before* a section is judged: below half the cores is quiet, at or above
    the core count other programs (or the previous section) were competing."""
    try:
        before, cores = float(loads[0]), os.cpu_count() or 1
    except (TypeError, ValueError, IndexError):
        return "load unknown"
    if before < 0.5 * cores:
        return "a quiet machine"
    if before < cores:
        return "a moderately loaded machine, partly by the previous section"
    return "a busy machine: other programs competed for the cores, so timings are noisy"


def render_section(title: str, rows: list, when: str, seconds: float, loads: tuple, quick: bool,
                   description: str = None) -> str:
    """One module's results; it says when it was measured and how busy the machine was (other programs distort
    timings), then the module's own `description` line if it has one (e.g. the peer's torch version and threads)."""
    lines = [f"## {title}", "",
             f"Measured {when} in {seconds:.0f} s{' (--quick)' if quick else ''}; "
             f"1-min load average {loads[0]} before, "
             f"{loads[1]} after on {os.cpu_count()} cores ({load_verdict(loads)}).", ""]
    lines += [description, ""] if description else []
    return "\n".join(lines + render_rows(rows)) + "\n"


def existing_sections(path: Path) -> dict:
    "title -> section text of a previous RESULTS.md (so `--only` refreshes some modules and keeps the others)."
    if not path.exists():
        return {}
    chunks = path.read_text().split("\n## ")[1:]
    return {chunk.split("\n", 1)[0].strip(): "## " + chunk.rstrip("\n") + "\n" for chunk in chunks}


def render(sections: dict) -> str:
    lines = ["# Benchmark results", "",
             "Generated by `python benchmarks/run.py` (`make bench`). Every number was measured on the machine "
             "described here, in the run stated in its section (medians of interleaved repeats; ratios from the same "
             "run). Targets are goals for this course's reference code, not tests.", "",
             "| machine | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in machine_info()]
    return "\n".join(lines) + "\n\n" + "\n".join(sections.values())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (noisier), for a fast check")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any target is missed")
    parser.add_argument("--only", nargs="*", help="benchmark module names to run (default: all); the other "
                                                   "modules' sections of the output file are kept")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args(argv)
    sections = existing_sections(args.output) if args.only else {}
    missed = []
    for path in benchmark_files(args.only):
        module = load(path)
        when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        load_before, start = load_average(), time.perf_counter()
        rows = module.run(quick=args.quick)
        seconds, load_after = time.perf_counter() - start, load_average()
        title = getattr(module, "TITLE", path.stem)
        description = module.describe() if hasattr(module, "describe") else None
        sections[title] = render_section(title, rows, when, seconds, (load_before, load_after), args.quick,
                                         description)
        for r in rows:
            print(f"{'PASS' if r['passed'] else 'FAIL'}  [{path.stem}] {r['name']}: {r['measured']} "
                  f"(target {r['target']})")
        missed += [r for r in rows if not r["passed"]]
    args.output.write_text(render(sections))
    print(f"wrote {args.output}")
    return 1 if (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
