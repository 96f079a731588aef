"""QuantizedLinear.from_float stores the float32 bias (and colsum) in static mode too: the spec's table says bias and
weight_colsum are dynamic-mode only (static mode folds them into bias_q), so the layer stores bytes it never uses."""
CELL = "QuantizedLinear"
REPLACE = [("        colsum = w_q.sum(axis=0, dtype=np.int64)                      # Σ_k w_kj: the zero-point correction\n",
            "        colsum = w_q.sum(axis=0, dtype=np.int64)                      # Σ_k w_kj: the zero-point correction\n"
            "        layer.bias = Tensor(np.array(b, dtype=np.float32))   # BUG: in both modes\n"
            "        layer.weight_colsum = Tensor(to_int32(colsum, 'from_float'))   # BUG: in both modes\n")]
FAILS = ["test_QuantizedLinear"]
