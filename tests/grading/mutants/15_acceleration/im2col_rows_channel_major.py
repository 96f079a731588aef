"im2col orders rows (oh, ow, n) instead of (n, oh, ow): right for a batch of one, wrong for larger batches."
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
    return buf.transpose(4, 5, 0, 1, 2, 3).reshape(n * oh * ow, c * kh * kw)   # BUG: rows (oh, ow, n)
