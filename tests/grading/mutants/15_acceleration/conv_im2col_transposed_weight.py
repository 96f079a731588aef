"""conv2d_im2col reshapes w to (C*KH*KW, F) instead of transposing it: the classic transposed-operand bug.
Shapes line up, so nothing crashes; with one filter it is even right."""
REPLACES = "conv2d_im2col"
FAILS = ["test_conv2d_im2col"]


def conv2d_im2col(x, w, stride=1, padding=0):
    n, f, oh, ow = conv2d_output_shape(x.shape, w.shape, stride, padding)
    cols = im2col(x, w.shape[2], w.shape[3], stride, padding)
    out = cols @ w.reshape(-1, f)                           # BUG: should be w.reshape(f, -1).T
    return np.ascontiguousarray(out.reshape(n, oh, ow, f).transpose(0, 3, 1, 2))
