# Alternative: validation first, np.round (also half to even) on the per-head quotient via expand_dims, clip by
# np.minimum/np.maximum, int8 at the end.
### BEGIN SOLUTION
x = np.asarray(x).astype(np.float32)
s = np.asarray(scales, np.float32)
if x.ndim != 4:
    raise ValueError(f"quantize_kv: x must be 4-D (B, H, T, head_dim), got shape {x.shape}")
if s.ndim != 1 or s.shape[0] != x.shape[1]:
    raise ValueError(f"quantize_kv: expected {x.shape[1]} scales (one per head), got shape {s.shape}")
q = np.round(x / np.expand_dims(s, (0, 2, 3)))
return np.maximum(np.minimum(q, 127), -127).astype(np.int8)
### END SOLUTION
