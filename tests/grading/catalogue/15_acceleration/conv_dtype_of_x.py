# CELL: conv2d_naive
# EXPECT: wrong
# WHY: output dtype x.dtype instead of np.result_type(x, w): float32 x with float64 w loses precision
#| export
def conv2d_naive(x: np.ndarray, w: np.ndarray, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Cross-correlate x (N, C, H, W) with w (F, C, KH, KW) -> (N, F, OH, OW), dtype np.result_type(x, w).

    Zero padding `padding` on each side of H and W; one Python iteration per output value.
    """
    n_out, f_out, oh_out, ow_out = conv2d_output_shape(x.shape, w.shape, stride, padding)
    kh, kw = w.shape[2], w.shape[3]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out = np.empty((n_out, f_out, oh_out, ow_out), dtype=x.dtype)
    for n in range(n_out):
        for f in range(f_out):
            for oh in range(oh_out):
                for ow in range(ow_out):
                    window = xp[n, :, oh * stride:oh * stride + kh, ow * stride:ow * stride + kw]
                    out[n, f, oh, ow] = np.sum(window * w[f])
    return out
