# Alternative: remembers the installed kernel functions themselves (get_matmul_kernel, get_conv_kernel: a backend
# switches both) and puts them back with set_matmul_kernel / set_conv_kernel in finally; the yielded Backend is
# looked up after switching.
### BEGIN SOLUTION
saved_kernel, saved_conv = get_matmul_kernel(), get_conv_kernel()
set_backend(name)
try:
    yield get_backend()
finally:
    set_matmul_kernel(saved_kernel)
    set_conv_kernel(saved_conv)
### END SOLUTION
