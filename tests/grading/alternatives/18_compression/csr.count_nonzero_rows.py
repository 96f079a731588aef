# Alternative: a boolean "is nonzero" matrix; indptr from np.count_nonzero per row; values by boolean indexing (which
# walks the matrix in row-major order, whatever its memory layout).
### BEGIN SOLUTION
weight = np.asarray(weight)
if weight.ndim != 2:
    raise ValueError(f"to_csr: expected a 2-D weight, got shape {weight.shape}")
present = weight != 0
per_row = np.count_nonzero(present, axis=1)
if per_row.sum() >= 2**31 or weight.shape[1] >= 2**31:
    raise ValueError("to_csr: too many nonzeros for int32 indices")
indptr = np.zeros(weight.shape[0] + 1, dtype=np.int32)
np.cumsum(per_row, out=indptr[1:])
columns = np.broadcast_to(np.arange(weight.shape[1], dtype=np.int32), weight.shape)[present]
return CSR(weight[present], np.ascontiguousarray(columns), indptr, tuple(int(n) for n in weight.shape))
### END SOLUTION
### BEGIN SOLUTION
total = 0
for array in (csr.data, csr.indices, csr.indptr):
    total += array.size * array.itemsize
return int(total)
### END SOLUTION
