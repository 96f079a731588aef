# CELL: use_backend
# EXPECT: wrong
# WHY: saves and restores only the matmul kernel (set_matmul_kernel): since issue 18 a backend also installs a conv kernel, so after `with use_backend("naive")` every Conv2d still runs conv2d_naive and get_backend() reports 'custom' (this was a correct alternative before backends carried conv kernels)
#| export
@contextlib.contextmanager
def use_backend(name):
    "Use backend `name` inside a `with` block; the previous backend is restored on exit, even after an error."
    saved_kernel = get_matmul_kernel()
    set_backend(name)
    try:
        yield get_backend()
    finally:
        set_matmul_kernel(saved_kernel)
