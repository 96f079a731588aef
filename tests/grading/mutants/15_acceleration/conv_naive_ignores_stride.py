"conv2d_naive ignores `stride`: every output position moves the window by one pixel."
REPLACES = "conv2d_naive"
FAILS = ["test_conv2d_naive"]


def conv2d_naive(x, w, stride=1, padding=0):
    n_out, f_out, oh_out, ow_out = conv2d_output_shape(x.shape, w.shape, 1, padding)   # BUG: stride dropped
    kh, kw = w.shape[2], w.shape[3]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out = np.empty((n_out, f_out, oh_out, ow_out), dtype=np.result_type(x, w))
    for n in range(n_out):
        for f in range(f_out):
            for oh in range(oh_out):
                for ow in range(ow_out):
                    out[n, f, oh, ow] = np.sum(xp[n, :, oh:oh + kh, ow:ow + kw] * w[f])
    return out
