"conv2d_im2col reshapes the (N*OH*OW, F) product straight to (N, F, OH, OW) without moving the F axis."
REPLACES = "conv2d_im2col"
FAILS = ["test_conv2d_im2col"]


def conv2d_im2col(x, w, stride=1, padding=0):
    n, f, oh, ow = conv2d_output_shape(x.shape, w.shape, stride, padding)
    cols = im2col(x, w.shape[2], w.shape[3], stride, padding)
    return (cols @ w.reshape(f, -1).T).reshape(n, f, oh, ow)   # BUG: should reshape to (n, oh, ow, f), then transpose
