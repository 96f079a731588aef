"The copy bandwidth counts only the bytes read (a copy also writes them)."
REPLACES = "measure_bandwidth_gbs"
FAILS = ['test_bottleneck']


def measure_bandwidth_gbs(n_bytes: int = 64 * 2**20, timer: Timer = None) -> float:
    "Measured memory bandwidth (GB/s): copying n_bytes reads and writes n_bytes; 2·n_bytes / median seconds."
    timer = timer or Timer(warmup=1, repeats=7)
    src = np.ones(n_bytes // 4, dtype=np.float32)
    dst = np.empty_like(src)
    seconds = timer.measure(lambda: np.copyto(dst, src)).median / 1e3
    return src.nbytes / seconds / 1e9   # BUG
