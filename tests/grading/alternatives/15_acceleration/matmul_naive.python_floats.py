# Alternative: dot products accumulated in Python floats (float(...) of each product), shapes read from the helper,
# the output allocated with np.result_type(a, b) and filled with the rounded sums (float16/32 results cast on store).
### BEGIN SOLUTION
rows, inner, cols = check_matmul_operands(a, b, "matmul_naive")
result = np.zeros((rows, cols), dtype=np.result_type(a.dtype, b.dtype))
for r in range(rows):
    for c in range(cols):
        acc = 0.0
        for t in range(inner):
            acc += float(a[r, t]) * float(b[t, c])
        result[r, c] = acc
return result
### END SOLUTION
