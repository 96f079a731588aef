# Alternative: built row by row with np.flatnonzero and a running indptr (no global np.nonzero / bincount).
### BEGIN SOLUTION
weight = np.asarray(weight)
if weight.ndim != 2:
    raise ValueError(f"to_csr: expected a 2-D weight, got shape {weight.shape}")
n_rows, n_cols = weight.shape
if np.count_nonzero(weight) >= 2**31 or n_cols >= 2**31:
    raise ValueError(f"to_csr: {np.count_nonzero(weight)} nonzeros do not fit the int32 indices of this format")
indptr = np.zeros(n_rows + 1, dtype=np.int32)
values, columns = [np.empty(0, dtype=weight.dtype)], [np.empty(0, dtype=np.int32)]
for r in range(n_rows):
    nonzero = np.flatnonzero(weight[r])
    values.append(weight[r, nonzero])
    columns.append(nonzero.astype(np.int32))
    indptr[r + 1] = indptr[r] + nonzero.size
return CSR(np.concatenate(values), np.concatenate(columns), indptr, (int(n_rows), int(n_cols)))
### END SOLUTION
### BEGIN SOLUTION
return sum(int(part.nbytes) for part in (csr.data, csr.indices, csr.indptr))
### END SOLUTION
