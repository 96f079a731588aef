# CELL: int8_matmul_exact
# EXPECT: wrong
# WHY: chunk slices end at start + k_chunk - 1: one column of a / row of b per chunk is skipped when K > k_chunk
#| export
INT32_SAFE_K = (2 ** 31 - 1) // (128 * 128)   # the int32 total of K int8 products cannot overflow below this


def int8_matmul_exact(a_q: np.ndarray, b_q: np.ndarray, k_chunk: int = None) -> np.ndarray:
    """Exact integer GEMM of int8 codes on float32 BLAS: a_q (M, K) @ b_q (K, N) -> int32 (M, N).

    Equal bit for bit to a_q.astype(int64) @ b_q.astype(int64). The shared dimension is split into chunks of at most
    k_chunk (default exact_chunk_size(128, 128) = 1024), so every float32 partial sum stays an exact integer; the
    caller vouches that a larger k_chunk is safe for its value range.
    """
    for name, arr in (("a_q", a_q), ("b_q", b_q)):
        if not isinstance(arr, np.ndarray) or arr.dtype != np.int8 or arr.ndim != 2:
            raise TypeError(f"int8_matmul_exact: {name} must be a 2-D int8 ndarray, got "
                            f"{type(arr).__name__} {getattr(arr, 'dtype', '')} {getattr(arr, 'shape', '')}")
    if a_q.shape[1] != b_q.shape[0]:
        raise ValueError(f"int8_matmul_exact: inner dimensions differ: a_q is {a_q.shape}, b_q is {b_q.shape}")
    if a_q.shape[1] > INT32_SAFE_K:
        raise ValueError(f"int8_matmul_exact: K = {a_q.shape[1]} could overflow the int32 accumulator "
                         f"(at most {INT32_SAFE_K})")
    k_chunk = exact_chunk_size(128, 128) if k_chunk is None else k_chunk
    if not isinstance(k_chunk, (int, np.integer)) or k_chunk < 1:
        raise ValueError(f"int8_matmul_exact: k_chunk must be a positive integer, got {k_chunk!r}")
    a = a_q.astype(np.float32)
    b = b_q.astype(np.float32)
    K = a.shape[1]
    if K <= k_chunk:
        return (a @ b).astype(np.int32)
    out = np.zeros((a.shape[0], b.shape[1]), dtype=np.int32)
    for start in range(0, K, k_chunk):
        partial = a[:, start:start + k_chunk - 1] @ b[start:start + k_chunk - 1]
        out += partial.astype(np.int32)
    return out
