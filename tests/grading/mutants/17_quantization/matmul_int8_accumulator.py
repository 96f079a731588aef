"""int8_matmul_exact multiplies the int8 arrays directly: the int8 accumulator overflows and wraps around."""
CELL = "int8_matmul_exact"
REPLACE = [("    a = a_q.astype(np.float32)             # int8 -> float32 is exact; BLAS multiplies floats only\n",
            "    return (a_q @ b_q).astype(np.int32)\n")]
FAILS = ["test_int8_matmul_exact", "test_QuantizedLinear"]
