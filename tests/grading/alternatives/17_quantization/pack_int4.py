# Alternative: arithmetic instead of bit operations (mod 16, times 16, integer division), padding with np.pad, and
# sign extension with np.where; int64 intermediates.
### BEGIN SOLUTION
values = np.mod(codes.astype(np.int64), 16)
if values.shape[-1] % 2:
    values = np.pad(values, [(0, 0)] * (values.ndim - 1) + [(0, 1)])
return (values[..., 0::2] + 16 * values[..., 1::2]).astype(np.uint8)
### END SOLUTION
### BEGIN SOLUTION
wide = packed.astype(np.int64)
both = np.stack([wide % 16, wide // 16], axis=-1).reshape(packed.shape[:-1] + (2 * packed.shape[-1],))
return np.where(both >= 8, both - 16, both)[..., :n].astype(np.int8)
### END SOLUTION
