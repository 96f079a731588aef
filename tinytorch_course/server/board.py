"""The leaderboard's categories, computed from the measured submissions on every request (a class is small).

    fastest_digits   digits classifiers at the accuracy gate, each student's best p90; ranked by the p90's
                     confidence interval over repeated runs: overlapping intervals share a rank (rank_with_ties)
    memory_tinygpt   TinyGPT systems at the gate, each student's lowest peak bytes while generating
    tradeoff         per task, the Pareto front of quality (higher is better) vs model bytes, gate-passing only
    creative         submissions the instructor marked, with the instructor's note
    trainer          time to a target digits accuracy, posted by the module-20 autograder (admin token)
"""

# Fields of a result shown on the board (the rest stays on the submission's page).
BOARD_FIELDS = ("task", "quality", "baseline_quality", "gate_passed", "p50_ms", "p90_ms", "p99_ms", "p90_ms_interval",
                "samples_per_s", "model_bytes", "peak_bytes", "repeats")


def _entry(sub: dict) -> dict:
    return {"id": sub["public_id"], "pseudonym": sub["pseudonym"], "filename": sub["filename"],
            **{k: sub["result"].get(k) for k in BOARD_FIELDS}}


def best_per_student(entries: list, metric: str) -> list:
    "Each pseudonym's entry with the lowest `metric` (earliest submission on equal values)."
    best = {}
    for e in entries:
        if e["pseudonym"] not in best or e[metric] < best[e["pseudonym"]][metric]:
            best[e["pseudonym"]] = e
    return list(best.values())


def pareto_quality_bytes(entries: list) -> list:
    "The entries not dominated in (quality: higher is better, model_bytes: lower is better), by model bytes."
    from tinytorch.capstone.tinymlperf import pareto_frontier
    keyed = [{**e, "neg_quality": -e["quality"]} for e in entries]
    front = pareto_frontier(keyed, objectives=("neg_quality", "model_bytes"))
    return sorted(({k: v for k, v in e.items() if k != "neg_quality"} for e in front),
                  key=lambda e: (e["model_bytes"], -e["quality"]))


def leaderboard(store, measurement: str) -> dict:
    "The whole board as JSON-able data: categories, queue counts, the latest submissions."
    from tinytorch.capstone.tinymlperf import rank_with_ties
    subs = store.submissions()
    measured = [_entry(s) for s in subs if s["status"] == "measured"]
    at_gate = [e for e in measured if e["gate_passed"]]
    digits = [e for e in at_gate if e["task"] == "digits"]
    gpt = [e for e in at_gate if e["task"] == "tinygpt"]
    categories = {
        "fastest_digits": rank_with_ties(best_per_student(digits, "p90_ms"), "p90_ms", lower_is_better=True),
        "memory_tinygpt": rank_with_ties(best_per_student(gpt, "peak_bytes"), "peak_bytes", lower_is_better=True),
        "tradeoff": {task: pareto_quality_bytes([e for e in measured if e["task"] == task])
                     for task in ("digits", "tinygpt")},
        "creative": [{**_entry(s), "note": s["creative"]} for s in subs if s["creative"] and s["status"] == "measured"],
        "trainer": [{"rank": i + 1, **t} for i, t in enumerate(store.trainer_times())],
    }
    recent = [{"id": s["public_id"], "pseudonym": s["pseudonym"], "task": s["task"], "status": s["status"],
               "reason": s["reason"], "filename": s["filename"]} for s in reversed(subs[-30:])]
    return {"categories": categories, "queue": store.queue_counts(), "measurement": measurement,
            "measured": len(measured), "recent": recent}
