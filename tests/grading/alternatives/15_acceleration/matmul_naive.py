# Alternative: loop order i, p, j (a[i, p] reused along a row of b), accumulating in place in `out`.
### BEGIN SOLUTION
m, k, n = check_matmul_operands(a, b, "matmul_naive")
out = np.zeros((m, n), dtype=np.result_type(a, b))
for i in range(m):
    for p in range(k):
        a_ip = a[i, p]
        for j in range(n):
            out[i, j] += a_ip * b[p, j]
return out
### END SOLUTION
