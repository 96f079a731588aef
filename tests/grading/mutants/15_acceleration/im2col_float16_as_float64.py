"im2col stores float32 as float32 and everything else as float64: a float16 x gives float64 columns, not x's dtype."
REPLACES = "im2col"
FAILS = ["test_im2col"]


def im2col(x, kh, kw, stride=1, padding=0):
    n, _, oh, ow = conv2d_output_shape(x.shape, (1, x.shape[1], kh, kw), stride, padding)
    c = x.shape[1]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dtype = np.float32 if x.dtype == np.float32 else np.float64          # BUG: float16 becomes float64
    buf = np.empty((n, c, kh, kw, oh, ow), dtype=dtype)
    for i in range(kh):
        for j in range(kw):
            buf[:, :, i, j] = xp[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]
    return buf.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, c * kh * kw)
