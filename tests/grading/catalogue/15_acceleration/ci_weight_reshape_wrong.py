# CELL: conv2d_im2col
# EXPECT: wrong
# WHY: uses w.reshape(-1, f) instead of w.reshape(f, -1).T: scrambles filters and taps when F > 1
#| export
def conv2d_im2col(x: np.ndarray, w: np.ndarray, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Same result as conv2d_naive, as one matmul: im2col(x) (N*OH*OW, C*KH*KW) @ w as (C*KH*KW, F)."""
    n, f, oh, ow = conv2d_output_shape(x.shape, w.shape, stride, padding)
    cols = im2col(x, w.shape[2], w.shape[3], stride, padding)
    out = cols @ w.reshape(-1, f)
    return np.ascontiguousarray(out.reshape(n, oh, ow, f).transpose(0, 3, 1, 2))
