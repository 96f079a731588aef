"""The capstone's subcommands of `tinytorch` (hand-written tooling, like cli.py): argument parsing and printing only;
the work is done by the exported `tinytorch.capstone.tinymlperf` (modules/20_capstone/capstone.ipynb).

    tinytorch olympics [--quick] [--output DIR] [--db PATH] [--name NAME]
    tinytorch submit RESULTS.json --name NAME [--output FILE] [--db PATH]
    tinytorch leaderboard [--add SUBMISSION.json ...] [--db PATH] [--html FILE] [--top K]
    tinytorch pack SYSTEM -o FILE [--quick] | tinytorch pack --inspect FILE | tinytorch pack --list

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
                 "distillation and combinations, in both scenarios (SingleStream latency percentiles, Offline "
                 "throughput), with the "
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


    sp = command("pack", "pack one of the olympics' systems into a data-only model artifact, or inspect an artifact",
                 "Build one named system of 'tinytorch olympics' (e.g. 'digits int8', 'cnn int8', 'tinygpt kv-cache'; "
                 "--list shows them all) and save its model as an artifact (tinytorch.capstone.artifact: a zip of "
                 ".npy arrays and a JSON manifest, no code) for the class competition server. --inspect FILE "
                 "validates an artifact exactly as the server does and describes it; exit 1 with the reason if it is "
                 "rejected.")
    sp.add_argument("system", nargs="?", metavar="SYSTEM", help="'<task> <name>' or a unique name, e.g. 'digits int8'")
    sp.add_argument("-o", "--output", metavar="FILE", help="artifact to write (default: <system>.tta)")
    sp.add_argument("--quick", action="store_true", help="shorter training of the pruned/distilled systems (--quick "
                                                         "of olympics)")
    sp.add_argument("--inspect", metavar="FILE", help="validate and describe an artifact instead of packing one")
    sp.add_argument("--list", action="store_true", help="list the systems that can be packed")


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


def _packable(cfg):
    "{'<task> <name>': Contestant} of every olympics system (built lazily: nothing is trained until chosen)."
    from tinytorch.capstone.tinymlperf import cnn_contestants, digits_contestants, tinygpt_contestants
    from tinytorch.core.data import load_digits
    from tinytorch.core.transformer import load_digits_cnn, load_digits_mlp, load_tinygpt
    X_train, y_train = load_digits()[:2]
    contestants = (digits_contestants(load_digits_mlp(), X_train, y_train, cfg)
                   + cnn_contestants(load_digits_cnn(), X_train)
                   + tinygpt_contestants(load_tinygpt()[0], cfg))
    return {f"{c.task} {c.name}": c for c in contestants}


def _choose(systems: dict, wanted: str):
    "The contestant called `wanted`: '<task> <name>' exactly, or a name that only one task has."
    if wanted in systems:
        return systems[wanted]
    matches = [key for key, c in systems.items() if c.name == wanted]
    if len(matches) == 1:
        return systems[matches[0]]
    hint = f"it is ambiguous: {', '.join(matches)}" if matches else "no system has that name"
    raise CourseError(f"pack: unknown system {wanted!r} ({hint}); choose one of: {', '.join(systems)}")


def _print_description(info: dict) -> None:
    print(f"task {info['task']}" + (f", KV cache {'on' if info['use_cache'] else 'off'}" if info["task"] == "tinygpt"
                                    else "") + f", root {info['root']}")
    print(f"bytes: file {info['file_bytes']:,} = model {info['model_bytes']:,} + overhead {info['overhead_bytes']:,}")
    print("layers: " + ", ".join(f"{kind} x{n}" for kind, n in info["kinds"].items()))
    print(f"sha256 {info['sha256']}")
    if info["meta"]:
        print(f"meta {json.dumps(info['meta'])}")


def cmd_pack(args) -> int:
    from tinytorch.capstone.artifact import ArtifactError, describe_artifact, save_artifact
    if args.inspect:
        if args.system or args.output or args.list:
            raise CourseError("pack --inspect FILE takes no SYSTEM, --output or --list")
        try:
            info = describe_artifact(args.inspect)
        except ArtifactError as err:
            print(f"tinytorch: rejected: {err}", file=sys.stderr)
            return 1
        print(f"{args.inspect}: valid artifact")
        _print_description(info)
        return 0
    _single_threaded_blas()
    from tinytorch.capstone.tinymlperf import QUICK, OlympicsConfig, system_model
    systems = _packable(QUICK if args.quick else OlympicsConfig())
    if args.list:
        print("\n".join(systems))
        return 0
    if not args.system:
        raise CourseError("pack: name a SYSTEM (see 'tinytorch pack --list'), or use --inspect FILE")
    contestant = _choose(systems, args.system)
    if contestant.backend:
        raise CourseError(f"pack: {contestant.task} {contestant.name!r} differs from its model only by module 15's "
                          f"'{contestant.backend}' backend, a setting of the machine that runs it, which an artifact "
                          "(data only) cannot carry; pack the system without the backend")
    system = contestant.build()
    output = Path(args.output or f"{contestant.task}-{contestant.name}.tta".replace(" ", "_").replace("/", "_"))
    meta = {"name": contestant.name, "optimizations": list(contestant.optimizations), "packed_by": "tinytorch pack"}
    path = save_artifact(system_model(system), output, contestant.task, meta=meta,
                         use_cache=getattr(system, "use_cache", None) if contestant.task == "tinygpt" else None)
    print(f"packed {contestant.task} {contestant.name!r} into {path}")
    _print_description(describe_artifact(path))
    return 0


COMMANDS = {"olympics": cmd_olympics, "submit": cmd_submit, "leaderboard": cmd_leaderboard, "pack": cmd_pack}
