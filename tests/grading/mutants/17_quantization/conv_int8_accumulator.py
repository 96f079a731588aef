"""QuantizedConv2d.accumulator multiplies the int8 codes with NumPy's int8 matmul: the accumulator overflows int8."""
CELL = "QuantizedConv2d"
REPLACE = [('acc = int8_matmul_exact(cols, w2d, self.k_chunk)', 'acc = (cols @ w2d).astype(np.int32)')]
FAILS = ["test_QuantizedConv2d"]
