"matmul_vectorized returns a @ b after the shape check: no Python loop over the rows of a at all, against 'one Python loop over the rows i of a'."
REPLACES = "matmul_vectorized"
FAILS = ["test_matmul_vectorized"]


def matmul_vectorized(a, b):
    check_matmul_operands(a, b, "matmul_vectorized")
    return a @ b                                            # BUG: no loop over the rows of a
