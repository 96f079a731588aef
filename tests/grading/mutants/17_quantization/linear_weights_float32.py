"""QuantizedLinear keeps its (integer-valued) weight codes in a float32 array: no memory is saved."""
CELL = "QuantizedLinear"
REPLACE = [("layer.weight_q, layer.weight_scale = Tensor(w_q), Tensor(w_scale)",
            "layer.weight_q, layer.weight_scale = Tensor(w_q.astype(np.float32)), Tensor(w_scale)")]
FAILS = ["test_QuantizedLinear"]
