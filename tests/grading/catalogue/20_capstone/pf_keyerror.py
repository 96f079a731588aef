# CELL: pareto_frontier
# EXPECT: wrong
# WHY: no key check: a result lacking gate_passed or an objective raises KeyError instead of ValueError naming the key
#| export
def pareto_frontier(results: list, objectives=("p90_ms", "model_bytes")) -> list:
    """The gate-passing results not dominated by another gate-passing result (all `objectives` minimized), in input
    order. b dominates a if b <= a in every objective and b < a in at least one."""
    competing = [r for r in results if r["gate_passed"]]

    def dominates(b, a) -> bool:
        return all(b[k] <= a[k] for k in objectives) and any(b[k] < a[k] for k in objectives)

    return [a for a in competing if not any(dominates(b, a) for b in competing if b is not a)]
