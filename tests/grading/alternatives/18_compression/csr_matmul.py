# Alternative: no Python loop over rows: each stored value's row from np.repeat(indptr diffs), then one
# unbuffered scatter-add (np.add.at) of value * x[:, row] into its output column.
### BEGIN SOLUTION
n_rows, n_cols = csr.shape
if not isinstance(x, np.ndarray) or x.ndim != 2 or x.shape[1] != n_rows:
    raise ValueError(f"csr_matmul: x must be 2-D of shape (batch, {n_rows}) for a {csr.shape} matrix, "
                     f"got {getattr(x, 'shape', type(x).__name__)}")
row_of_value = np.repeat(np.arange(n_rows), np.diff(csr.indptr))
out = np.zeros((n_cols, x.shape[0]), dtype=np.result_type(x, csr.data))
np.add.at(out, csr.indices, csr.data[:, None] * x.T[row_of_value])
return out.T
### END SOLUTION
