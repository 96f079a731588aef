"csr_nbytes reports the dense size rows * cols * itemsize."
REPLACES = "csr_nbytes"
FAILS = ["test_to_csr"]


def csr_nbytes(csr):
    return int(csr.shape[0] * csr.shape[1] * csr.data.itemsize)    # BUG: the dense size
