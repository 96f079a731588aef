"""use_backend restores the backend on an error but swallows the exception (except without re-raise): the with
block's error disappears. The spec: restore on exit also when the block raises, and the exception propagates."""
REPLACES = "use_backend"
FAILS = ["test_use_backend"]


@contextlib.contextmanager
def use_backend(name):
    previous = set_backend(name)
    try:
        yield get_backend()
    except Exception:
        set_backend(previous)                               # BUG: the exception is not re-raised
    else:
        set_backend(previous)
