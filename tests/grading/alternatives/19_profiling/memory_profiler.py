# Alternative: arrays deduplicated in a dict keyed by id, one hook closure per module name, RSS read by field name.
### BEGIN SOLUTION
sizes, handles = {}, []

def recorder(name):
    def hook(module, args, output):
        sizes[name] += _nbytes(output)
    return hook

try:
    for name, m in self.model.named_modules():
        sizes.setdefault(name, 0)
        handles.append(m.register_forward_hook(recorder(name)))
    with no_grad():
        self.model(*inputs)
finally:
    for h in reversed(handles):
        h.remove()
return sizes
### END SOLUTION
### BEGIN SOLUTION
was_tracing = tracemalloc.is_tracing()
if not was_tracing:
    tracemalloc.start()
try:
    tracemalloc.reset_peak()
    level_before = tracemalloc.get_traced_memory()[0]
    fn()
    peak_during = tracemalloc.get_traced_memory()[1]
finally:
    if not was_tracing:
        tracemalloc.stop()
return int(peak_during) - int(level_before)
### END SOLUTION
### BEGIN SOLUTION
return int(psutil.Process().memory_info()._asdict()["rss"])
### END SOLUTION
