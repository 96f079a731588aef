# CELL: use_backend
# EXPECT: wrong
# WHY: restores via set_backend(previous.name): when the previous kernel was custom (unregistered) the exit raises ValueError instead of restoring it
#| export
@contextlib.contextmanager
def use_backend(name):
    "Use backend `name` inside a `with` block; the previous backend is restored on exit, even after an error."
    previous = set_backend(name)
    try:
        yield get_backend()
    finally:
        set_backend(previous.name)
