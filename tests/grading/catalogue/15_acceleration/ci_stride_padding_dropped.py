# CELL: conv2d_im2col
# EXPECT: wrong
# WHY: calls im2col(x, kh, kw) without passing stride and padding: non-default stride/padding crash or give wrong windows
#| export
def conv2d_im2col(x: np.ndarray, w: np.ndarray, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Same result as conv2d_naive, as one matmul: im2col(x) (N*OH*OW, C*KH*KW) @ w as (C*KH*KW, F)."""
    n, f, oh, ow = conv2d_output_shape(x.shape, w.shape, stride, padding)
    cols = im2col(x, w.shape[2], w.shape[3])
    out = cols @ w.reshape(f, -1).T
    return np.ascontiguousarray(out.reshape(n, oh, ow, f).transpose(0, 3, 1, 2))
