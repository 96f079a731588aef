# Alternative: an ExitStack callback restores the previous Backend (registered before switching).
#| export
@contextlib.contextmanager
def use_backend(name):
    "Use backend `name` inside a `with` block; the previous backend is restored on exit, even after an error."
    ### BEGIN SOLUTION
    with contextlib.ExitStack() as restore:
        restore.callback(set_backend, get_backend())
        set_backend(name)
        yield get_backend()
    ### END SOLUTION
