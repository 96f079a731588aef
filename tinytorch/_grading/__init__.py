"""Grading support (hand-written, not generated): checks used by hidden tests, and the autograde machinery."""
