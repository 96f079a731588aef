# Alternative: the quotient in float64 of the float32 inputs, then rint (another correct convention); it differs
# from the float32 quotient only where float32 rounding lands exactly on a half, which real data never hits.
### BEGIN SOLUTION
x = np.asarray(x, dtype=np.float32)
if x.ndim != 4 or np.shape(scales) != (x.shape[1],):
    raise ValueError(f"quantize_kv: x (B, H, T, head_dim) and scales (H,) expected, got {x.shape} and "
                     f"{np.shape(scales)}")
scale = np.asarray(scales, np.float32).astype(np.float64).reshape(1, -1, 1, 1)
return np.clip(np.rint(x.astype(np.float64) / scale), -127, 127).astype(np.int8)
### END SOLUTION
