"pareto_frontier returns the frontier sorted by p90 instead of in input order."
REPLACES = "pareto_frontier"
FAILS = ["test_pareto_frontier"]


def pareto_frontier(results, objectives=("p90_ms", "model_bytes")):
    for i, r in enumerate(results):
        for key in ("gate_passed", *objectives):
            if key not in r:
                raise ValueError(f"pareto_frontier: results[{i}] has no {key!r} field")
    competing = [r for r in results if r["gate_passed"]]

    def dominates(b, a):
        return all(b[k] <= a[k] for k in objectives) and any(b[k] < a[k] for k in objectives)

    front = [a for a in competing if not any(dominates(b, a) for b in competing if b is not a)]
    return sorted(front, key=lambda r: tuple(r[k] for k in objectives))   # BUG: reordered
