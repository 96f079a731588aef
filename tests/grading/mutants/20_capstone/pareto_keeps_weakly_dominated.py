"pareto_frontier only drops results that are strictly worse in EVERY objective: ties in one objective keep losers."
REPLACES = "pareto_frontier"
FAILS = ["test_pareto_frontier"]


def pareto_frontier(results, objectives=("p90_ms", "model_bytes")):
    competing = [r for r in results if r.get("gate_passed")]
    return [a for a in competing
            if not any(all(b[k] < a[k] for k in objectives) for b in competing if b is not a)]   # BUG: strict in all
