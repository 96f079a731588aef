"""TinyTorch optimization modules 15-20: measured acceleration, KV cache, INT8 quantization, compression, profiling and a capstone, as literate notebooks with autograding."""

__version__ = "0.1.0"
