"""Course tooling for tinytorch-opt (hand-written, not generated): the `tinytorch` CLI, the autograder (sandboxed
kernel, trusted checker, coordinator, advisory integrity scan, feedback, mutants) and the student tools (fetch,
check, export).

Learners only need the generated `tinytorch` package; this one needs the `[course]` extra:
`pip install "tinytorch-opt[course]"`."""
