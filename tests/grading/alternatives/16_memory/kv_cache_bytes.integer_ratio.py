# Alternative: exact integer ceiling division with float.as_integer_ratio (no float product at all); Python ints only.
### BEGIN SOLUTION
n = 2 * _check_size("seq_len", seq_len, minimum=0)
for name, value in (("n_layers", n_layers), ("batch", batch), ("n_heads", n_heads), ("head_dim", head_dim)):
    n = n * _check_size(name, value)
if isinstance(bytes_per_elem, bool) or not isinstance(bytes_per_elem, (int, float, np.integer, np.floating)):
    raise ValueError(f"bytes_per_elem must be a positive number, got {bytes_per_elem!r}")
if not bytes_per_elem > 0 or not math.isfinite(bytes_per_elem):
    raise ValueError(f"bytes_per_elem must be a positive number, got {bytes_per_elem!r}")
num, den = (int(bytes_per_elem), 1) if isinstance(bytes_per_elem, (int, np.integer)) else \
    float(bytes_per_elem).as_integer_ratio()
return -(-n * num // den)
### END SOLUTION
