# CELL: conv2d_naive
# EXPECT: correct
# WHY: pads by copying into a zeros array of dtype x.dtype and loops with itertools.product; same windows and np.sum
#| export
def conv2d_naive(x: np.ndarray, w: np.ndarray, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Cross-correlate x (N, C, H, W) with w (F, C, KH, KW) -> (N, F, OH, OW), dtype np.result_type(x, w).

    Zero padding `padding` on each side of H and W; one Python iteration per output value.
    """
    import itertools
    N, F, OH, OW = conv2d_output_shape(x.shape, w.shape, stride, padding)
    _, C, H, Wd = x.shape
    KH, KW = w.shape[2:]
    xp = np.zeros((N, C, H + 2 * padding, Wd + 2 * padding), dtype=x.dtype)
    xp[:, :, padding:padding + H, padding:padding + Wd] = x
    out = np.zeros((N, F, OH, OW), dtype=np.result_type(x, w))
    for n, f, i, j in itertools.product(range(N), range(F), range(OH), range(OW)):
        r, c = i * stride, j * stride
        out[n, f, i, j] = np.sum(xp[n, :, r:r + KH, c:c + KW] * w[f])
    return out
