"""int8_matmul_exact runs one float32 GEMM over the whole K: partial sums beyond 2**24 get rounded."""
CELL = "int8_matmul_exact"
REPLACE = [("if K <= k_chunk:                       # the common case: one BLAS call",
            "if True:                               # never chunk")]
FAILS = ["test_int8_matmul_exact", "test_QuantizedLinear"]
