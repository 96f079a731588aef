# Alternative: cols contracted with the filters by tensordot over C*KH*KW, the (N, OH, OW, F) result moved by moveaxis.
### BEGIN SOLUTION
N, F, OH, OW = conv2d_output_shape(x.shape, w.shape, stride, padding)
cols = im2col(x, w.shape[2], w.shape[3], stride=stride, padding=padding)
prod = np.tensordot(cols, w.reshape(F, -1), axes=([1], [1]))          # (N*OH*OW, F)
return np.moveaxis(prod.reshape(N, OH, OW, F), -1, 1)
### END SOLUTION
