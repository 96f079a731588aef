# Alternative: K zero-padded to a multiple of k_chunk and ONE batched float32 matmul (chunks, M, k_chunk) @
# (chunks, k_chunk, N): every product's shared dimension is k_chunk; the chunk results are summed in int32.
### BEGIN SOLUTION
M, K = a_q.shape
N = b_q.shape[1]
if K <= k_chunk:
    return (a_q.astype(np.float32) @ b_q.astype(np.float32)).astype(np.int32)
n = -(-K // k_chunk)
a = np.zeros_like(a_q, dtype=np.float32, shape=(M, n * k_chunk))
a[:, :K] = a_q
b = np.zeros_like(b_q, dtype=np.float32, shape=(n * k_chunk, N))
b[:K] = b_q
parts = a.reshape(M, n, k_chunk).transpose(1, 0, 2) @ b.reshape(n, k_chunk, N)
return parts.astype(np.int32).sum(axis=0, dtype=np.int32)
### END SOLUTION
