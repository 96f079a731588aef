"""exact_chunk_size uses the int32 limit 2**31 instead of float32's 2**24 exact-integer limit."""
CELL = "exact_chunk_size"
REPLACE = [("return int(FLOAT32_EXACT_INTS // (int(max_abs_a) * int(max_abs_b)))",
            "return int(2 ** 31 // (int(max_abs_a) * int(max_abs_b)))")]
FAILS = ["test_exact_chunk_size", "test_int8_matmul_exact", "test_QuantizedLinear"]
