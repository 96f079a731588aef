# CELL: im2col
# EXPECT: correct
# WHY: fills one row per (n, oh, ow) window with a reshape of the padded window (explicit loops; exact copies, same layout)
#| export
def im2col(x: np.ndarray, kh: int, kw: int, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Windows of x (N, C, H, W) as rows: (N*OH*OW, C*KH*KW), rows ordered (n, oh, ow), columns (c, i, j).

    `cols[(n*OH + oh)*OW + ow, (c*KH + i)*KW + j] = xp[n, c, oh*stride + i, ow*stride + j]`, where xp is x
    zero-padded by `padding`. Same dtype as x.
    """
    N, _, OH, OW = conv2d_output_shape(x.shape, (1, x.shape[1], kh, kw), stride, padding)
    C = x.shape[1]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    cols = np.empty((N * OH * OW, C * kh * kw), dtype=x.dtype)
    row = 0
    for n in range(N):
        for oh in range(OH):
            for ow in range(OW):
                cols[row] = xp[n, :, oh * stride:oh * stride + kh, ow * stride:ow * stride + kw].reshape(-1)
                row += 1
    return cols
