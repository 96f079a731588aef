# CELL: use_backend
# EXPECT: wrong
# WHY: yields the value set_backend returns (the previous backend) instead of the now-active one
#| export
@contextlib.contextmanager
def use_backend(name):
    "Use backend `name` inside a `with` block; the previous backend is restored on exit, even after an error."
    previous = set_backend(name)
    try:
        yield previous
    finally:
        set_backend(previous)
