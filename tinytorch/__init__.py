"""tinytorch-opt: the optimization half of TinyTorch (modules 15-20)."""
__version__ = "0.1.0"
