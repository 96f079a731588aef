"im2col orders columns (i, j, c) instead of (c, i, j): the values are all there, in the wrong columns."
REPLACES = "im2col"
FAILS = ["test_im2col"]


def im2col(x, kh, kw, stride=1, padding=0):
    n, _, oh, ow = conv2d_output_shape(x.shape, (1, x.shape[1], kh, kw), stride, padding)
    c = x.shape[1]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    buf = np.empty((n, c, kh, kw, oh, ow), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            buf[:, :, i, j] = xp[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]
    return buf.transpose(0, 4, 5, 2, 3, 1).reshape(n * oh * ow, c * kh * kw)   # BUG: (i, j, c)
