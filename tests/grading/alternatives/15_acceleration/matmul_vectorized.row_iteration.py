# Alternative: iterates over the rows of a directly (`for i, row in enumerate(a)`), each output row np.dot(row, b)
# stored into a zeros output of np.result_type(a, b).
### BEGIN SOLUTION
m, k, n = check_matmul_operands(a, b, "matmul_vectorized")
out = np.zeros((m, n), dtype=np.result_type(a, b))
for i, row in enumerate(a):
    out[i] = np.dot(row, b)
return out
### END SOLUTION
