"pareto_frontier only drops results that are strictly worse in EVERY objective: ties in one objective keep losers."
REPLACES = "pareto_frontier"
FAILS = ["test_pareto_frontier"]


def pareto_frontier(results, objectives=("p90_ms", "model_bytes")):
    for i, r in enumerate(results):
        for key in ("gate_passed", *objectives):
            if key not in r:
                raise ValueError(f"pareto_frontier: results[{i}] has no {key!r} field")
    competing = [r for r in results if r["gate_passed"]]
    return [a for a in competing
            if not any(all(b[k] < a[k] for k in objectives) for b in competing if b is not a)]   # BUG: strict in all
