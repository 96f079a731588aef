"measure_bandwidth_gbs uses the fastest (minimum) copy: the best case, not the typical one (spec: 2·n_bytes / **median** seconds)."
REPLACES = "measure_bandwidth_gbs"
FAILS = ['test_bottleneck']


def measure_bandwidth_gbs(n_bytes: int = 64 * 2**20, timer: Timer = None) -> float:
    "Measured memory bandwidth (GB/s): copying n_bytes reads and writes n_bytes; 2·n_bytes / median seconds."
    timer = timer or Timer(warmup=1, repeats=7)
    src = np.ones(n_bytes // 4, dtype=np.float32)
    dst = np.empty_like(src)
    seconds = float(np.min(timer.interleave([lambda: np.copyto(dst, src)]))) / 1e9   # BUG
    return 2 * src.nbytes / seconds / 1e9
