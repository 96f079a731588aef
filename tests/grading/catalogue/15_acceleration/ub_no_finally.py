# CELL: use_backend
# EXPECT: wrong
# WHY: restores the previous backend only after a normal exit (no try/finally): an exception in the block leaves the backend switched
#| export
@contextlib.contextmanager
def use_backend(name):
    "Use backend `name` inside a `with` block; the previous backend is restored on exit, even after an error."
    previous = set_backend(name)
    yield get_backend()
    set_backend(previous)
