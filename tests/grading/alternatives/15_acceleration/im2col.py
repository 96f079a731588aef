# Alternative: one Python iteration per output position, each window flattened into its row (C, KH, KW order).
### BEGIN SOLUTION
batch, channels = x.shape[0], x.shape[1]
_, _, out_h, out_w = conv2d_output_shape(x.shape, (1, channels, kh, kw), stride, padding)
pad = ((0, 0), (0, 0), (padding, padding), (padding, padding))
xp = np.pad(x, pad, mode="constant", constant_values=0)
cols = np.empty((batch, out_h, out_w, channels * kh * kw), dtype=x.dtype)
for r in range(out_h):
    for s in range(out_w):
        cols[:, r, s, :] = xp[:, :, r * stride:r * stride + kh, s * stride:s * stride + kw].reshape(batch, -1)
return cols.reshape(batch * out_h * out_w, -1)
### END SOLUTION
