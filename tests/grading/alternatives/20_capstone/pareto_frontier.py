# Alternative: a sort-based sweep. A dominator of `a` sorts lexicographically before `a`, so each result is compared
# only with the results before it in sorted order; the survivors are returned in input order.
### BEGIN SOLUTION
for key in ("gate_passed",) + tuple(objectives):
    for i in range(len(results)):
        if key not in results[i]:
            raise ValueError(f"pareto_frontier: result {i} lacks the {key!r} field")
idx = [i for i in range(len(results)) if results[i]["gate_passed"]]
vec = {i: tuple(results[i][k] for k in objectives) for i in idx}
idx.sort(key=lambda i: vec[i])
kept = set()
for pos, i in enumerate(idx):
    a = vec[i]
    beaten = False
    for j in idx[:pos]:
        b = vec[j]
        if b != a and all(x <= y for x, y in zip(b, a)):
            beaten = True
            break
    if not beaten:
        kept.add(i)
return [results[i] for i in sorted(kept)]
### END SOLUTION
