"pareto_frontier treats an equal result as dominating (<= in all, no strict part): identical results remove each other."
REPLACES = "pareto_frontier"
FAILS = ["test_pareto_frontier"]


def pareto_frontier(results, objectives=("p90_ms", "model_bytes")):
    competing = [r for r in results if r["gate_passed"]]
    return [a for a in competing
            if not any(all(b[k] <= a[k] for k in objectives) for b in competing if b is not a)]   # BUG: no strict part
