# Alternative: always the chunk loop (chunk bounds zipped), partial sums accumulated in int64, cast to int32 once.
### BEGIN SOLUTION
a32, b32 = a_q.astype(np.float32), b_q.astype(np.float32)
k = a_q.shape[1]
bounds = list(range(0, k, k_chunk)) + [k]
total = np.zeros((a_q.shape[0], b_q.shape[1]), dtype=np.int64)
for lo, hi in zip(bounds[:-1], bounds[1:]):
    total += (a32[:, lo:hi] @ b32[lo:hi, :]).astype(np.int64)
return total.astype(np.int32)
### END SOLUTION
