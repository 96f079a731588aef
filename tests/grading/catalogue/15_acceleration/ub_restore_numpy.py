# CELL: use_backend
# EXPECT: wrong
# WHY: always restores 'numpy' on exit instead of the backend active before: nested blocks restore the wrong backend
#| export
@contextlib.contextmanager
def use_backend(name):
    "Use backend `name` inside a `with` block; the previous backend is restored on exit, even after an error."
    set_backend(name)
    try:
        yield get_backend()
    finally:
        set_backend("numpy")
