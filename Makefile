# Every target installs what it needs into .venv first, so a machine with only Python 3.11 + pip is enough.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: demo test test-fast release export clean bench install

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	# Register this venv's kernel so notebooks (and nbgrader) run with the venv's tinytorch.
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (tinytorch)" >/dev/null
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/tinytorch olympics

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

release: $(STAMP)
	$(BIN)/tinytorch release

export: $(STAMP)
	$(BIN)/nbdev-export
	$(BIN)/nbdev-clean

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf grading/release grading/submitted grading/autograded grading/feedback grading/gradebook.db \
	       grading/grades.csv grading/reports .pytest_cache
