"""int8_matmul_exact uses NumPy's integer matmul: exact, but ~100x slower than float32 BLAS (the trap)."""
CELL = "int8_matmul_exact"
REPLACE = [("    a = a_q.astype(np.float32)             # int8 -> float32 is exact; BLAS multiplies floats only\n",
            "    return (a_q.astype(np.int32) @ b_q.astype(np.int32)).astype(np.int32)\n")]
FAILS = ["test_int8_matmul_exact"]
