"""QuantizedLinear.forward runs one float32 GEMM over any K: beyond k_chunk the partial sums exceed 2**24 and
get rounded."""
CELL = "QuantizedLinear"
REPLACE = [("        if w.shape[0] <= self.k_chunk:                     # the common case: one kernel call",
            "        if True:                                           # never chunk")]
FAILS = ["test_QuantizedLinear"]
