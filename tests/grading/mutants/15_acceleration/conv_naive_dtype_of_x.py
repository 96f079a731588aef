"conv2d_naive allocates the output with x's dtype: float32 x with float64 w gives float32, not np.result_type(x, w)."
REPLACES = "conv2d_naive"
FAILS = ["test_conv2d_naive"]


def conv2d_naive(x, w, stride=1, padding=0):
    n_out, f_out, oh_out, ow_out = conv2d_output_shape(x.shape, w.shape, stride, padding)
    kh, kw = w.shape[2], w.shape[3]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out = np.empty((n_out, f_out, oh_out, ow_out), dtype=x.dtype)      # BUG: dtype of x only
    for n in range(n_out):
        for f in range(f_out):
            for oh in range(oh_out):
                for ow in range(ow_out):
                    window = xp[n, :, oh * stride:oh * stride + kh, ow * stride:ow * stride + kw]
                    out[n, f, oh, ow] = np.sum(window * w[f])
    return out
