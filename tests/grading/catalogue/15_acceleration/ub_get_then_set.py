# CELL: use_backend
# EXPECT: correct
# WHY: reads get_backend() before switching, then set_backend(name) outside the try; restores the Backend object in finally
#| export
@contextlib.contextmanager
def use_backend(name):
    "Use backend `name` inside a `with` block; the previous backend is restored on exit, even after an error."
    before = get_backend()
    set_backend(name)
    try:
        yield get_backend()
    finally:
        set_backend(before)
