"pareto_frontier returns the frontier sorted by its objectives instead of in input order."
REPLACES = "pareto_frontier"
FAILS = ["test_pareto_frontier"]
_reference = pareto_frontier


def pareto_frontier(results, objectives=("p90_ms", "model_bytes")):
    front = _reference(results, objectives)
    return sorted(front, key=lambda r: tuple(r[k] for k in objectives))   # BUG: reordered
