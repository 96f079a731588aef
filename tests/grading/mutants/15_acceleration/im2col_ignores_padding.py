"im2col ignores `padding`: the windows of the unpadded input (fewer rows)."
REPLACES = "im2col"
FAILS = ["test_im2col"]


def im2col(x, kh, kw, stride=1, padding=0):
    n, _, oh, ow = conv2d_output_shape(x.shape, (1, x.shape[1], kh, kw), stride, 0)   # BUG: padding dropped
    c = x.shape[1]
    buf = np.empty((n, c, kh, kw, oh, ow), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            buf[:, :, i, j] = x[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]
    return buf.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, c * kh * kw)
