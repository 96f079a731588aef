"""The capstone's subcommands of `tinytorch` (hand-written tooling, like cli.py): argument parsing and printing only;
the work is done by the exported `tinytorch.capstone.tinymlperf` (modules/20_capstone/capstone.ipynb).

    tinytorch olympics [--quick] [--output DIR] [--db PATH] [--name NAME]
    tinytorch submit RESULTS.json --name NAME [--output FILE] [--db PATH]
    tinytorch leaderboard [--add SUBMISSION.json ...] [--db PATH] [--html FILE] [--top K]

Exit codes as in cli.py: 0 done, 1 a rejected submission, 2 misuse (missing file, bad option).
"""
import json
import os
import sys
from pathlib import Path

from tinytorch_course.course import CourseError

# Timings are of single-threaded BLAS unless the user says otherwise: on a shared 2-core machine multi-threaded
# OpenBLAS stalled small matmuls by 10-30x in our measurements, which would make the latency percentiles noise.
# Only effective if NumPy is not imported yet, which is the case for the console script (cli.py does not import it).
_BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _single_threaded_blas() -> None:
    for var in _BLAS_THREAD_VARS:
        os.environ.setdefault(var, "1")


def add_parsers(command) -> None:
    "Register olympics, submit and leaderboard with cli.py's `command(name, help, description)` factory."
    sp = command("olympics", "run TinyMLPerf on every optimization of modules 15-18 and print the leaderboard",
                 "Measure the digits MLP, the digits CNN and TinyGPT: baseline, backend, KV cache, INT8, pruning, "
                 "distillation and combinations, in both scenarios (SingleStream latency percentiles, Offline throughput), with the "
                 "accuracy gate on the real test data. Writes OUTPUT/results.json, OUTPUT/submission.json, "
                 "OUTPUT/pareto.png and OUTPUT/leaderboard.html and adds the submission to the leaderboard DB. "
                 "BLAS runs single-threaded unless OPENBLAS_NUM_THREADS is set. About 2-3 minutes on 2 cores; "
                 "--quick under 30 s.")
    sp.add_argument("--quick", action="store_true", help="fewer queries, tokens and training epochs (< 30 s)")
    sp.add_argument("--output", metavar="DIR", default="olympics", help="output folder (default: ./olympics)")
    sp.add_argument("--db", metavar="PATH", help="leaderboard database (default: OUTPUT/leaderboard.sqlite, so the "
                                                 "demo never writes to your home directory)")
    sp.add_argument("--name", default="olympics", help="submitter name recorded with the results")
    sp.add_argument("--seed", type=int, default=0, help="seed of query order, prompts and training (default 0)")
    sp.add_argument("--quiet", action="store_true", help="no progress bar")

    sp = command("submit", "package a results file as a signed submission and add it to the leaderboard",
                 "Read RESULTS (a JSON list of result dicts, e.g. OUTPUT/results.json of 'tinytorch olympics'), "
                 "write a schema-versioned submission with a sha256 of its content to --output, and add it to the "
                 "leaderboard DB. The sha256 detects edits and corruption, not a determined forger (no secret key).")
    sp.add_argument("results", metavar="RESULTS")
    sp.add_argument("--name", required=True, help="submitter name (1-64 characters)")
    sp.add_argument("--output", metavar="FILE", help="submission file (default: submission-<name>.json next to "
                                                     "RESULTS)")
    sp.add_argument("--db", metavar="PATH", help="leaderboard database (default: $XDG_DATA_HOME/tinytorch/"
                                                 "leaderboard.sqlite or ~/.local/share/tinytorch/leaderboard.sqlite)")

    sp = command("leaderboard", "print the leaderboard and write leaderboard.html (optionally add submissions)",
                 "Add each --add submission file (rejected with the reason if it is malformed or was modified; the "
                 "database is then unchanged), print the categories (fastest p90, smallest, best quality per KB, best "
                 "throughput; gate-passing results only) and write a self-contained HTML page with the Pareto plot.")
    sp.add_argument("--add", action="append", default=[], metavar="SUBMISSION", help="submission JSON (repeatable)")
    sp.add_argument("--db", metavar="PATH", help="leaderboard database (default: as for 'submit')")
    sp.add_argument("--html", metavar="FILE", default="leaderboard.html",
                    help="where to write the HTML page (default: ./leaderboard.html)")
    sp.add_argument("--top", type=int, default=5, help="results per category (default 5)")


def cmd_olympics(args) -> int:
    if not 0 < len(args.name) <= 64:          # checked now, not after minutes of measuring
        raise CourseError(f"--name must have 1 to 64 characters, got {len(args.name)}")
    _single_threaded_blas()
    from tinytorch.capstone.tinymlperf import QUICK, OlympicsConfig, run_olympics
    cfg = QUICK if args.quick else OlympicsConfig()
    cfg = OlympicsConfig(**{**cfg.__dict__, "seed": args.seed})
    run_olympics(cfg, output=args.output, db=args.db, submitter=args.name, progress=not args.quiet)
    return 0


def _board(db):
    from tinytorch.capstone.tinymlperf import Leaderboard
    return Leaderboard(db)


def cmd_submit(args) -> int:
    from tinytorch.capstone.tinymlperf import SubmissionError, make_submission, write_submission
    path = Path(args.results)
    if not path.is_file():
        raise CourseError(f"no results file: expected {path} (run 'tinytorch olympics' first)")
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
        sub = make_submission(results, args.name)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        print(f"tinytorch: {path} is not JSON: {err}", file=sys.stderr)
        return 1
    except SubmissionError as err:
        print(f"tinytorch: rejected {path}: {err}", file=sys.stderr)
        return 1
    out = Path(args.output) if args.output else path.with_name(f"submission-{args.name}.json")
    write_submission(sub, out)
    with _board(args.db) as board:
        sha, added = board.submit(sub)
        print(f"{out}: sha256 {sha} {'added to' if added else 'already in'} {board.path}")
    return 0


def cmd_leaderboard(args) -> int:
    from tinytorch.capstone.tinymlperf import SubmissionError, format_categories, render_html
    status = 0
    with _board(args.db) as board:
        for path in args.add:
            try:
                sha, added = board.submit(Path(path))
                print(f"{path}: {'added' if added else 'already there'} (sha256 {sha[:12]}...)")
            except SubmissionError as err:
                print(f"tinytorch: rejected {path}: {err}", file=sys.stderr)
                status = 1
        categories = board.categories(top=args.top)
        print(f"LEADERBOARD ({board.path})")
        print(format_categories(categories))
        html = render_html(categories, board.results(), args.html)
    print(f"\nwrote {html}")
    return status


COMMANDS = {"olympics": cmd_olympics, "submit": cmd_submit, "leaderboard": cmd_leaderboard}
