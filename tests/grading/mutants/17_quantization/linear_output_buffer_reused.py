"""QuantizedLinear.forward writes its result into one preallocated buffer reused by every call: the next call
(another layer, another batch size) overwrites the outputs of earlier calls."""
CELL = "QuantizedLinear"
REPLACE = [("            return kernel_matmul(codes, w, kind=\"int8\")\n",
            "            size = codes.shape[0] * w.shape[1]\n"
            "            if getattr(QuantizedLinear, \"out_buffer\", None) is None or QuantizedLinear.out_buffer.size < size:\n"
            "                QuantizedLinear.out_buffer = np.empty(size, dtype=np.float32)\n"
            "            out = QuantizedLinear.out_buffer[:size].reshape(codes.shape[0], w.shape[1])\n"
            "            return np.matmul(codes, w, out=out)\n")]
FAILS = ["test_QuantizedLinear"]
