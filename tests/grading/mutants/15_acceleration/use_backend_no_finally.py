"use_backend restores the previous backend only when the block finishes normally (no try/finally)."
REPLACES = "use_backend"
FAILS = ["test_use_backend"]


@contextlib.contextmanager
def use_backend(name):
    previous = set_backend(name)
    yield get_backend()
    set_backend(previous)                                   # BUG: skipped when the block raises
