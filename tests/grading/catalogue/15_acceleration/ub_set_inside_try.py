# CELL: use_backend
# EXPECT: wrong
# WHY: calls set_backend inside the try: an unknown name makes finally hit an unbound 'previous' (UnboundLocalError) instead of raising ValueError
#| export
@contextlib.contextmanager
def use_backend(name):
    "Use backend `name` inside a `with` block; the previous backend is restored on exit, even after an error."
    try:
        previous = set_backend(name)
        yield get_backend()
    finally:
        set_backend(previous)
