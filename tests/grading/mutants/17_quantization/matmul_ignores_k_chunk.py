"""int8_matmul_exact always chunks by 1024, ignoring the k_chunk it was given: QuantizedLinear's k_chunk=1032 with
K=1032 runs two GEMMs (spec: k_chunk is used as given; exactly one GEMM when K <= k_chunk), and k_chunk=7 runs GEMMs
1024 wide (spec: every GEMM's shared dimension at most k_chunk)."""
CELL = "int8_matmul_exact"
REPLACE = [("    K = a.shape[1]\n", "    K = a.shape[1]\n    k_chunk = 1024                         # BUG: the argument is ignored\n")]
FAILS = ["test_int8_matmul_exact"]
