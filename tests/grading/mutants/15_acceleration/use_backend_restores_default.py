"use_backend always goes back to 'numpy' on exit instead of to the backend that was active before (nesting breaks)."
REPLACES = "use_backend"
FAILS = ["test_use_backend"]


@contextlib.contextmanager
def use_backend(name):
    set_backend(name)
    try:
        yield get_backend()
    finally:
        set_backend("numpy")                                # BUG: not the previous backend
