"""QuantizedConv2d.accumulator subtracts z_x from every code in the inner loop (in int8, wrapping) on top of the folded bias_q."""
CELL = "QuantizedConv2d"
REPLACE = [('cols = im2col_nchw(codes, k, k, self.stride, 0)', 'cols = (im2col_nchw(codes, k, k, self.stride, 0) - np.int8(z_x)).astype(np.int8)')]
FAILS = ["test_QuantizedConv2d"]
