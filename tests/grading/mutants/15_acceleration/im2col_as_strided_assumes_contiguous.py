"""im2col with as_strided, strides computed from the shape as if x were C-contiguous (and x used unpadded when
padding=0): a transposed or sliced x gives the wrong windows. The spec: inputs are read as given (any layout)."""
REPLACES = "im2col"
FAILS = ["test_im2col"]


def im2col(x, kh, kw, stride=1, padding=0):
    n, _, oh, ow = conv2d_output_shape(x.shape, (1, x.shape[1], kh, kw), stride, padding)
    c = x.shape[1]
    xp = x if padding == 0 else np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    _, _, hp, wp = xp.shape
    it = xp.itemsize
    strides = (c * hp * wp * it, stride * wp * it, stride * it, hp * wp * it, wp * it, it)   # BUG: assumes C order
    windows = np.lib.stride_tricks.as_strided(xp, shape=(n, oh, ow, c, kh, kw), strides=strides)
    return windows.reshape(n * oh * ow, c * kh * kw).copy()
