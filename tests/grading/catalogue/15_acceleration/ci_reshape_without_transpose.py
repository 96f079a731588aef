# CELL: conv2d_im2col
# EXPECT: wrong
# WHY: reshapes the (N*OH*OW, F) result straight to (N, F, OH, OW) without moving F: only right when F == 1 (visible test)
#| export
def conv2d_im2col(x: np.ndarray, w: np.ndarray, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Same result as conv2d_naive, as one matmul: im2col(x) (N*OH*OW, C*KH*KW) @ w as (C*KH*KW, F)."""
    n, f, oh, ow = conv2d_output_shape(x.shape, w.shape, stride, padding)
    cols = im2col(x, w.shape[2], w.shape[3], stride, padding)
    out = cols @ w.reshape(f, -1).T
    return out.reshape(n, f, oh, ow)
