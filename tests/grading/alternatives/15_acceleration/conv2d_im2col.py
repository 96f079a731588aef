# Alternative: weights on the left, (F, C*KH*KW) @ cols.T -> (F, N*OH*OW), then the filter axis moved to place.
### BEGIN SOLUTION
batch, filters, out_h, out_w = conv2d_output_shape(x.shape, w.shape, stride, padding)
cols = im2col(x, w.shape[2], w.shape[3], stride, padding)
per_filter = w.reshape(filters, -1) @ cols.T                 # (F, N*OH*OW)
return np.ascontiguousarray(np.moveaxis(per_filter.reshape(filters, batch, out_h, out_w), 0, 1))
### END SOLUTION
