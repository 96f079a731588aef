"""use_backend remembers the previous backend by name and restores set_backend(name): when the active kernel was
installed by other means (get_backend() reports 'custom', not registered), leaving the block raises ValueError and
the kernel is lost. The spec: restore the backend that was active before, whatever it was."""
REPLACES = "use_backend"
FAILS = ["test_use_backend"]


@contextlib.contextmanager
def use_backend(name):
    previous = get_backend().name                           # BUG: a name, not the Backend itself
    set_backend(name)
    try:
        yield get_backend()
    finally:
        set_backend(previous)
