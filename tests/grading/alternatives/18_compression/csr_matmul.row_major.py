# Alternative: one Python loop over the rows with Python-int bounds, scattering straight into the columns of a
# row-major (batch, cols) output (no transposes; nothing of size rows x cols is ever built).
### BEGIN SOLUTION
n_rows, n_cols = csr.shape
if not isinstance(x, np.ndarray) or x.ndim != 2 or x.shape[1] != n_rows:
    raise ValueError(f"csr_matmul: x must be 2-D of shape (batch, {n_rows}) for a {csr.shape} matrix, "
                     f"got {getattr(x, 'shape', type(x).__name__)}")
out = np.zeros((x.shape[0], n_cols), dtype=np.result_type(x, csr.data))
bounds = csr.indptr.tolist()
for r in range(n_rows):
    lo, hi = bounds[r], bounds[r + 1]
    if hi > lo:
        out[:, csr.indices[lo:hi]] += x[:, r:r + 1] * csr.data[lo:hi]
return out
### END SOLUTION
