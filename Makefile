# Retropropagación paso a paso: órdenes para el lector y para la integración continua.
#   make lab        prepara .venv (si hace falta) y abre el libro en JupyterLab
#   make test       prepara .venv (si hace falta) y ejecuta todas las pruebas (pytest + nbval)
#   make figures    regenera las figuras de images/
#   make benchmark  mide la velocidad de nn_core frente al bucle por ejemplo del libro
#   make book       construye el libro en HTML en _build/html/ (desde las salidas guardadas)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Jupyter se niega a arrancar como root (contenedores, máquinas virtuales) si no se le pide expresamente.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: setup lab test figures benchmark book

# El entorno virtual se crea una sola vez.
$(PY):
	$(PYTHON) -m venv $(VENV)

# Se reinstala solo cuando cambia pyproject.toml (o si se borró .venv).
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# La raíz del servidor es el repositorio (así los cuadernos ven ../images/); se abre en notebooks/.
lab: setup
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks $(ALLOW_ROOT)

# `pytest` a secas ejecuta tests/ y, con nbval (véase addopts en pyproject.toml), los cuadernos.
# Antes construye el libro en HTML con los avisos como errores (tests/test_book.py lo abre en Chromium).
test: setup book
	$(PY) -m pytest

figures: setup
	$(PY) scripts/make_figures.py

benchmark: setup
	$(PY) benchmarks/speed.py

# Jupyter Book 1, sin ejecutar nada; MathJax y los widgets se sirven desde el propio sitio (npm).
book: setup
	$(PY) scripts/build_book.py
