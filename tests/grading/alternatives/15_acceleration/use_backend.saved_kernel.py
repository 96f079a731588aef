# Alternative: remembers the installed kernel function itself (get_matmul_kernel) and puts it back with
# set_matmul_kernel in finally; the yielded Backend is looked up after switching.
### BEGIN SOLUTION
saved_kernel = get_matmul_kernel()
set_backend(name)
try:
    yield get_backend()
finally:
    set_matmul_kernel(saved_kernel)
### END SOLUTION
