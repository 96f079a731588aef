"""quantize_per_channel reduces along `axis` instead of over the other axes: scales belong to the wrong slices."""
CELL = "quantize_per_channel"
REPLACE = [("others = tuple(a for a in range(x.ndim) if a != axis)", "others = axis"),
           ("shape = channel_shape(x.ndim, axis)",
            "shape = channel_shape(x.ndim, (axis + 1) % x.ndim) if x.ndim > 1 else (-1,)")]
FAILS = ["test_quantize_per_channel"]
