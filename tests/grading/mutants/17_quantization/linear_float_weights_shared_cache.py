"""QuantizedLinear caches converted float32 weights in one cache keyed by shape: every layer of the same shape
then runs on the first such layer's weights."""
CELL = "QuantizedLinear"
REPLACE = [("        return self.weight_q.data.astype(np.float32)\n",
            "        w_q = self.weight_q.data\n"
            "        cache = QuantizedLinear.__dict__.get(\"float_cache\")\n"
            "        if cache is None:\n"
            "            cache = QuantizedLinear.float_cache = {}\n"
            "        if w_q.shape not in cache:\n"
            "            cache[w_q.shape] = w_q.astype(np.float32)\n"
            "        return cache[w_q.shape]\n")]
FAILS = ["test_QuantizedLinear"]
