# Alternative: an ExitStack callback restores the previous Backend (registered before switching).
### BEGIN SOLUTION
with contextlib.ExitStack() as restore:
    restore.callback(set_backend, get_backend())
    set_backend(name)
    yield get_backend()
### END SOLUTION
