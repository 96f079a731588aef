"conv2d_naive ignores `padding`: it computes the unpadded ('valid') convolution."
REPLACES = "conv2d_naive"
FAILS = ["test_conv2d_naive"]


def conv2d_naive(x, w, stride=1, padding=0):
    n_out, f_out, oh_out, ow_out = conv2d_output_shape(x.shape, w.shape, stride, 0)   # BUG: padding dropped
    kh, kw = w.shape[2], w.shape[3]
    out = np.empty((n_out, f_out, oh_out, ow_out), dtype=np.result_type(x, w))
    for n in range(n_out):
        for f in range(f_out):
            for oh in range(oh_out):
                for ow in range(ow_out):
                    window = x[n, :, oh * stride:oh * stride + kh, ow * stride:ow * stride + kw]
                    out[n, f, oh, ow] = np.sum(window * w[f])
    return out
