"""QuantizedLinear takes one weight scale per input row (axis 0) instead of per output column (axis 1)."""
CELL = "QuantizedLinear"
REPLACE = [("w_q, w_scale, _ = quantize_per_channel(w, axis=1, qmin=-WEIGHT_QMAX, qmax=WEIGHT_QMAX, symmetric=True)",
            "w_q, row_scale, _ = quantize_per_channel(w, axis=0, qmin=-WEIGHT_QMAX, qmax=WEIGHT_QMAX, symmetric=True)\n"
            "            w_scale = np.resize(row_scale, linear.out_features).astype(np.float32)")]
FAILS = ["test_QuantizedLinear"]
