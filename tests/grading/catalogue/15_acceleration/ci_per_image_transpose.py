# CELL: conv2d_im2col
# EXPECT: correct
# WHY: reshapes to (N, OH*OW, F), swaps the last two axes and reshapes to (N, F, OH, OW); same matmul, same values
#| export
def conv2d_im2col(x: np.ndarray, w: np.ndarray, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Same result as conv2d_naive, as one matmul: im2col(x) (N*OH*OW, C*KH*KW) @ w as (C*KH*KW, F)."""
    N, F, OH, OW = conv2d_output_shape(x.shape, w.shape, stride, padding)
    cols = im2col(x, w.shape[2], w.shape[3], stride, padding)
    flat = cols @ w.reshape(F, -1).T
    return np.ascontiguousarray(flat.reshape(N, OH * OW, F).transpose(0, 2, 1)).reshape(N, F, OH, OW)
