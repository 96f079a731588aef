# Alternative: loops over images and output positions only; all filters of one window at once with tensordot.
### BEGIN SOLUTION
batch, filters, out_h, out_w = conv2d_output_shape(x.shape, w.shape, stride, padding)
kh, kw = w.shape[-2:]
padded = np.zeros(x.shape[:2] + (x.shape[2] + 2 * padding, x.shape[3] + 2 * padding), dtype=x.dtype)
padded[:, :, padding:padding + x.shape[2], padding:padding + x.shape[3]] = x
out = np.empty((batch, filters, out_h, out_w), dtype=np.result_type(x, w))
for b in range(batch):
    for r in range(out_h):
        for s in range(out_w):
            window = padded[b, :, r * stride:r * stride + kh, s * stride:s * stride + kw]
            out[b, :, r, s] = np.tensordot(w, window, axes=3)
return out
### END SOLUTION
