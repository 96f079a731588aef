# CELL: pareto_frontier
# EXPECT: correct
# WHY: index-based double loop with an explicit 'dominated' flag; keeps the very same dicts in input order
#| export
def pareto_frontier(results: list, objectives=("p90_ms", "model_bytes")) -> list:
    """The gate-passing results not dominated by another gate-passing result (all `objectives` minimized), in input
    order. b dominates a if b <= a in every objective and b < a in at least one."""
    objectives = tuple(objectives)
    for i, r in enumerate(results):
        for key in ("gate_passed",) + objectives:
            if key not in r:
                raise ValueError(f"pareto_frontier: results[{i}] lacks {key!r}")
    idx = [i for i, r in enumerate(results) if r["gate_passed"]]
    front = []
    for i in idx:
        dominated = False
        for j in idx:
            if i == j:
                continue
            no_worse = all(results[j][k] <= results[i][k] for k in objectives)
            better = any(results[j][k] < results[i][k] for k in objectives)
            if no_worse and better:
                dominated = True
                break
        if not dominated:
            front.append(results[i])
    return front
