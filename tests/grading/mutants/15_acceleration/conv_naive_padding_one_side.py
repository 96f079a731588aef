"conv2d_naive zero-pads only top and left and repeats edge pixels at the bottom/right: right shape, wrong border."
REPLACES = "conv2d_naive"
FAILS = ["test_conv2d_naive"]


def conv2d_naive(x, w, stride=1, padding=0):
    n_out, f_out, oh_out, ow_out = conv2d_output_shape(x.shape, w.shape, stride, padding)
    kh, kw = w.shape[2], w.shape[3]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, 0), (padding, 0)))          # BUG: one-sided padding
    xp = np.pad(xp, ((0, 0), (0, 0), (0, padding), (0, padding)), mode="edge")
    out = np.empty((n_out, f_out, oh_out, ow_out), dtype=np.result_type(x, w))
    for n in range(n_out):
        for f in range(f_out):
            for oh in range(oh_out):
                for ow in range(ow_out):
                    window = xp[n, :, oh * stride:oh * stride + kh, ow * stride:ow * stride + kw]
                    out[n, f, oh, ow] = np.sum(window * w[f])
    return out
