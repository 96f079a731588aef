"""csr_matmul rebuilds the dense matrix (csr_to_dense) and multiplies: the spec says "without building the dense
matrix" — for a large sparse matrix (65536 x 262144, a few hundred nonzeros) the dense form needs 64 GiB."""
REPLACES = "csr_matmul"
FAILS = ["test_csr_matmul"]


def csr_matmul(x, csr):
    rows, cols = csr.shape
    if not isinstance(x, np.ndarray) or x.ndim != 2 or x.shape[1] != rows:
        raise ValueError(f"csr_matmul: x must be 2-D of shape (batch, {rows}) for a {csr.shape} matrix, "
                         f"got {getattr(x, 'shape', type(x).__name__)}")
    return (x @ csr_to_dense(csr)).astype(np.result_type(x, csr.data))     # BUG: builds the dense matrix
