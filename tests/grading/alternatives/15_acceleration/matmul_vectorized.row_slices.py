# Alternative: 2-D row slices a[i:i + 1, :] (shape (1, k)) times b, written into out[i:i + 1, :] with np.matmul(out=).
### BEGIN SOLUTION
m, k, n = check_matmul_operands(a, b, "matmul_vectorized")
out = np.empty((m, n), dtype=np.result_type(a, b))
for i in range(a.shape[0]):
    np.matmul(a[i:i + 1, :], b, out=out[i:i + 1, :])
return out
### END SOLUTION
