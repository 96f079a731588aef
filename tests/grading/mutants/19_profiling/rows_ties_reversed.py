"rows() sorts ascending and reverses the list: modules with equal self time come out in reverse model order (spec: ties keep model order)."
REPLACES = "ProfileResult"
FAILS = ['test_profiler']


def rows(self) -> list:
    "ModuleStats sorted by self time, largest first (ties keep model order)."
    return sorted(self.modules.values(), key=lambda s: s.self_ns)[::-1]   # BUG


ProfileResult.rows = rows
