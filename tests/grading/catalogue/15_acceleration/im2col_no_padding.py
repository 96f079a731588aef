# CELL: im2col
# EXPECT: wrong
# WHY: forgets to zero-pad x (uses x as xp) while sizing the output with padding: padding > 0 breaks
#| export
def im2col(x: np.ndarray, kh: int, kw: int, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Windows of x (N, C, H, W) as rows: (N*OH*OW, C*KH*KW), rows ordered (n, oh, ow), columns (c, i, j).

    `cols[(n*OH + oh)*OW + ow, (c*KH + i)*KW + j] = xp[n, c, oh*stride + i, ow*stride + j]`, where xp is x
    zero-padded by `padding`. Same dtype as x.
    """
    n, _, oh, ow = conv2d_output_shape(x.shape, (1, x.shape[1], kh, kw), stride, padding)
    c = x.shape[1]
    xp = x
    buf = np.empty((n, c, kh, kw, oh, ow), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            buf[:, :, i, j] = xp[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]
    return buf.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, c * kh * kw)
