# CELL: pareto_frontier
# EXPECT: wrong
# WHY: b dominates a only if strictly better in every objective: a result equal in one objective and worse in the other survives
#| export
def pareto_frontier(results: list, objectives=("p90_ms", "model_bytes")) -> list:
    """The gate-passing results not dominated by another gate-passing result (all `objectives` minimized), in input
    order. b dominates a if b <= a in every objective and b < a in at least one."""
    for i, r in enumerate(results):
        for key in ("gate_passed", *objectives):
            if key not in r:
                raise ValueError(f"pareto_frontier: results[{i}] has no {key!r} field")
    competing = [r for r in results if r["gate_passed"]]

    def dominates(b, a) -> bool:
        return all(b[k] < a[k] for k in objectives)

    return [a for a in competing if not any(dominates(b, a) for b in competing if b is not a)]
