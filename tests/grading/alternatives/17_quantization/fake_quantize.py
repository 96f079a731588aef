# Alternative: the forward through Int4Linear's storage (pack, then the layer's own dequantization), and the STE
# backward as a lambda returning a copy of the upstream gradient.
### BEGIN SOLUTION
codes, scales = quantize_groups(x, bits=bits, group_size=group_size)
values = dequantize_groups(codes, scales, group_size=group_size).astype(np.float32)
return _make(values, (x,), lambda g: (np.array(g, copy=True),))
### END SOLUTION
