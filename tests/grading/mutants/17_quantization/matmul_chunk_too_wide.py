"""int8_matmul_exact takes chunks of k_chunk + 1 (off by one): a GEMM's shared dimension exceeds k_chunk, which the
caller sized so that every float32 partial sum stays exact (spec: chunks of at most k_chunk)."""
CELL = "int8_matmul_exact"
REPLACE = [("    for start in range(0, K, k_chunk):\n"
            "        partial = a[:, start:start + k_chunk] @ b[start:start + k_chunk]",
            "    for start in range(0, K, k_chunk + 1):                                   # BUG: k_chunk + 1 wide\n"
            "        partial = a[:, start:start + k_chunk + 1] @ b[start:start + k_chunk + 1]")]
FAILS = ["test_int8_matmul_exact"]
