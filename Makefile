# Two commands do everything on a fresh machine with Python 3.11:
#   make demo   - runs the engine on the bundled default scenario (Zhecheng cluster)
#   make test   - runs the test suite
# Each creates its own virtual environment (.venv) and installs what the project needs,
# including the CJK font used by the figures (the mplfonts wheel ships Noto Sans CJK SC).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test bench venv clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/eia run scenarios/zhecheng/scenario.yaml --out out/zhecheng --force

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) out .pytest_cache
