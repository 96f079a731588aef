"""use_backend yields _BACKENDS[name]: fine for names, but a Backend object (which set_backend accepts, so
use_backend must too) is no key of the registry -> KeyError after switching. The spec: `name` is anything set_backend
accepts, and the block gets the now-active Backend."""
REPLACES = "use_backend"
FAILS = ["test_use_backend"]


@contextlib.contextmanager
def use_backend(name):
    previous = set_backend(name)
    try:
        yield _BACKENDS[name]                               # BUG: a Backend object is no key
    finally:
        set_backend(previous)
