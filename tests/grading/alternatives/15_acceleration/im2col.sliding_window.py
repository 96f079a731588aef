# Alternative: sliding_window_view of the padded input, every stride-th window, axes moved to (n, oh, ow, c, i, j).
### BEGIN SOLUTION
N, _, OH, OW = conv2d_output_shape(x.shape, (1, x.shape[1], kh, kw), stride, padding)
C = x.shape[1]
xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
win = np.lib.stride_tricks.sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
return win.transpose(0, 2, 3, 1, 4, 5).reshape(N * OH * OW, C * kh * kw).astype(x.dtype, copy=True)
### END SOLUTION
