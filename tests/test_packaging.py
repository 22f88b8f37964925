"""El empaquetado y las órdenes: pyproject.toml, environment.yml, Makefile, .ci/run y README.md concuerdan."""

import os
import re
import sys
from pathlib import Path

import pytest
from test_notebooks_meta import CHAPTERS as NOTEBOOK_CHAPTERS, OTHER_NOTEBOOKS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = REPO / "pyproject.toml"
ENVIRONMENT = REPO / "environment.yml"
MAKEFILE = REPO / "Makefile"
CI_RUN = REPO / ".ci" / "run"
README = REPO / "README.md"

# Los capítulos, el glosario y la fe de erratas: la misma lista que comprueba test_notebooks_meta.
CHAPTERS = NOTEBOOK_CHAPTERS + OTHER_NOTEBOOKS

# Paquetes que solo existen en uno de los dos mundos: el intérprete y pip en conda.
CONDA_ONLY = {"python", "pip"}
# Nombres que cambian de PyPI a conda-forge.
CONDA_TO_PYPI = {"playwright-python": "playwright", "matplotlib-base": "matplotlib"}


# ----------------------------------------------------------------- lectores pequeños

def normalize(name):
    """Nombre de paquete normalizado (PEP 503): minúsculas y '-' en lugar de '_' o '.'."""
    return re.sub(r"[-_.]+", "-", name).lower()


def split_requirement(req):
    """'ipywidgets>=8.1,<9' -> ('ipywidgets', '>=8.1,<9'); 'python=3.11' -> ('python', '=3.11')."""
    match = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9_.-]*)\s*(?:\[[^\]]*\])?\s*(.*?)\s*$", req)
    if not match:
        raise ValueError(f"No se entiende el requisito {req!r}")
    return normalize(match.group(1)), match.group(2).replace(" ", "")


def lower_bound(spec):
    """La cota inferior '>=X' de una especificación de versión, o None."""
    match = re.search(r">=\s*([0-9][0-9.]*)", spec)
    return match.group(1) if match else None


def parse_environment_yml(text):
    """Lector mínimo del subconjunto de YAML que usa environment.yml.

    Entiende claves de primer nivel (``name: x``), listas (``- item``) y una lista anidada
    bajo ``- pip:``. Devuelve un dict; ``dependencies`` es una lista de cadenas y de dicts
    ``{"pip": [...]}``. Cualquier otra construcción da ValueError (así el test avisa).
    """
    data = {}
    key = None
    nested = None  # (indentación del guion padre, lista anidada)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = re.sub(r"\s+#.*$", "", raw) if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        content = line.strip()
        if indent == 0:
            match = re.match(r"^([A-Za-z_][\w-]*):\s*(.*)$", content)
            if not match:
                raise ValueError(f"environment.yml, línea {number}: se esperaba 'clave: valor'")
            key, value = match.group(1), match.group(2)
            data[key] = value if value else []
            nested = None
            continue
        if not content.startswith("- ") or key is None or not isinstance(data[key], list):
            raise ValueError(f"environment.yml, línea {number}: se esperaba un elemento '- ...' de una lista")
        item = content[2:].strip().strip("\"'")
        if nested is not None and indent > nested[0]:
            nested[1].append(item)
            continue
        match = re.match(r"^([A-Za-z_][\w-]*):$", item)
        if match:
            sub = []
            data[key].append({match.group(1): sub})
            nested = (indent, sub)
        else:
            data[key].append(item)
            nested = None
    return data


def first_steps_commands(readme_text):
    """Las líneas de los bloques de código de la sección «Primeros pasos» del README."""
    match = re.search(r"^##\s+Primeros pasos\s*$(.*?)(?=^##\s)", readme_text + "\n## fin\n", re.M | re.S)
    assert match, "README.md no tiene una sección '## Primeros pasos'"
    section = match.group(1)
    commands = []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", section, re.M | re.S):
        commands += [line.strip() for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]
    indented = [line.strip() for line in section.splitlines() if line.startswith("    ") and line.strip()]
    return commands + indented


def shell_commands(script_text):
    """Las líneas de un script de bash que no son comentarios ni están vacías."""
    return [line.strip() for line in script_text.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def makefile_rules(text):
    """{objetivo: (dependencias, [líneas de la receta])} de un Makefile sencillo.

    Sustituye antes las variables simples ``VAR := valor`` / ``VAR ?= valor`` por su valor.
    """
    variables = dict(re.findall(r"^([A-Z_]+)\s*[:?]?=\s*(.*?)\s*$", text, re.M))
    for _ in range(3):  # variables que usan otras variables
        for name, value in variables.items():
            text = text.replace(f"$({name})", value)
    rules = {}
    current = None
    for line in text.splitlines():
        if line.startswith("\t") and current is not None:
            rules[current][1].append(line.strip())
            continue
        match = re.match(r"^([^\s:#=][^:=]*?)\s*:(?!=)\s*(.*)$", line)
        if match:
            for target in match.group(1).split():
                rules[target] = (match.group(2), [])
            current = match.group(1).split()[-1]
        elif line.strip() and not line.startswith("#"):
            current = None
    return rules


@pytest.fixture(scope="module")
def pyproject():
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def environment():
    return parse_environment_yml(ENVIRONMENT.read_text(encoding="utf-8"))


def pyproject_requirements(pyproject):
    project = pyproject["project"]
    reqs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        reqs += extra
    return dict(split_requirement(r) for r in reqs)


def conda_requirements(environment):
    """{nombre en PyPI: especificación} de las dependencias de conda de environment.yml."""
    reqs = [split_requirement(d) for d in environment["dependencies"] if isinstance(d, str)]
    return {CONDA_TO_PYPI.get(name, name): spec for name, spec in reqs}


# ----------------------------------------------------------------- pyproject.toml y environment.yml

def test_lector_de_environment_yml():
    text = "name: e\nchannels:\n  - conda-forge\ndependencies:\n  - numpy>=1  # comentario\n  - pip\n" \
           "  - pip:\n      - -e .\n  - pytest\n"
    assert parse_environment_yml(text) == {
        "name": "e", "channels": ["conda-forge"],
        "dependencies": ["numpy>=1", "pip", {"pip": ["-e ."]}, "pytest"]}
    with pytest.raises(ValueError):
        parse_environment_yml("dependencies:\n  numpy: 1\n")


def test_environment_yml_para_binder(environment):
    assert environment["channels"] == ["conda-forge"]
    conda = conda_requirements(environment)
    assert conda.get("python") == "=3.11", "environment.yml debe fijar python=3.11"
    assert "pip" in conda
    pip_sections = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip_sections == [["-e ."]], "environment.yml debe instalar el proyecto con `pip: [-e .]`"


def test_mismos_paquetes_en_pyproject_y_environment(pyproject, environment):
    ours = set(pyproject_requirements(pyproject))
    theirs = set(conda_requirements(environment)) - CONDA_ONLY
    assert ours == theirs, (f"solo en pyproject.toml: {sorted(ours - theirs)}; "
                            f"solo en environment.yml: {sorted(theirs - ours)}")


def test_mismas_cotas_inferiores(pyproject, environment):
    ours = pyproject_requirements(pyproject)
    theirs = conda_requirements(environment)
    different = {name: (lower_bound(ours[name]), lower_bound(theirs[name]))
                 for name in set(ours) & set(theirs) if lower_bound(ours[name]) != lower_bound(theirs[name])}
    assert not different, f"cotas '>=' distintas (pyproject, environment): {different}"


def test_versiones_que_pide_el_libro(pyproject, environment):
    ours = pyproject_requirements(pyproject)
    theirs = conda_requirements(environment)
    for name, major in [("ipywidgets", 8), ("jupyterlab", 4)]:
        for where, reqs in [("pyproject.toml", ours), ("environment.yml", theirs)]:
            bound = lower_bound(reqs[name])
            assert bound and int(bound.split(".")[0]) == major, f"{where}: {name} debe pedir la versión {major}"
    for name in ["numpy", "matplotlib", "ipywidgets", "threadpoolctl", "ipycanvas"]:
        assert name in {split_requirement(r)[0] for r in pyproject["project"]["dependencies"]}, \
            f"{name} debe ser una dependencia de ejecución"
    for name in ["jupyterlab", "ipykernel", "nbval", "pytest", "playwright", "nbformat", "nbconvert"]:
        assert name in {split_requirement(r)[0] for r in pyproject["project"]["optional-dependencies"]["dev"]}, \
            f"{name} debe estar en el extra dev"


def test_python_del_entorno_cumple_requires_python(pyproject, environment):
    minimum = re.match(r">=\s*3\.(\d+)", pyproject["project"]["requires-python"])
    assert minimum, "requires-python debe ser de la forma '>=3.N'"
    conda_python = conda_requirements(environment)["python"]
    assert int(conda_python.split(".")[1]) >= int(minimum.group(1))


def test_el_paquete_lleva_los_datos_de_mnist(pyproject):
    patterns = pyproject["tool"]["setuptools"]["package-data"]["nn_core"]
    shipped = {p.name for pattern in patterns for p in (REPO / "nn_core").glob(pattern)}
    assert shipped == {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                       "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}
    assert "nn_core" in pyproject["tool"]["setuptools"]["packages"]


def test_pytest_ejecuta_nbval_sobre_los_cuadernos(pyproject):
    options = pyproject["tool"]["pytest"]["ini_options"]
    assert options["testpaths"] == ["tests", "notebooks"]
    addopts = options["addopts"].split()
    for flag in ["--nbval", "--nbval-current-env", "-p"]:
        assert flag in addopts
    sanitize = addopts[addopts.index("--nbval-sanitize-with") + 1]
    assert (REPO / sanitize).is_file()
    assert ".ipynb_checkpoints" in options["norecursedirs"] or ".*" in options["norecursedirs"]
    assert (REPO / "notebooks").is_dir()


def test_licencia_mit(pyproject):
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Retropropagación paso a paso contributors" in text
    assert pyproject["project"]["license"] == "MIT"


# ----------------------------------------------------------------- Makefile, .ci/run y README

def test_makefile(pyproject):
    text = MAKEFILE.read_text(encoding="utf-8")
    assert re.search(r"^PYTHON \?= python3$", text, re.M)
    rules = makefile_rules(text)
    for target in ["lab", "test", "figures", "benchmark"]:
        assert target in rules, f"el Makefile no tiene el objetivo {target}"
    assert any("-m venv" in line for recipe in rules.values() for line in recipe[1])
    stamp = [t for t in rules if t.endswith(".installed")]
    assert stamp and "pyproject.toml" in rules[stamp[0]][0], "la instalación debe depender de pyproject.toml"
    assert any("-e '.[dev]'" in line or '-e ".[dev]"' in line or "-e .[dev]" in line for line in rules[stamp[0]][1])
    assert any(re.search(r"-m pytest$", line) for line in rules["test"][1])
    assert any("jupyter lab" in line for line in rules["lab"][1])
    assert any("scripts/make_figures.py" in line for line in rules["figures"][1])
    assert any("benchmarks/speed.py" in line for line in rules["benchmark"][1])


def test_ci_run():
    assert os.access(CI_RUN, os.X_OK), ".ci/run debe ser ejecutable"
    text = CI_RUN.read_text(encoding="utf-8")
    commands = shell_commands(text)
    assert "set -euo pipefail" in commands
    assert "OPENBLAS" not in text, ".ci/run no debe tocar las variables OPENBLAS_*"
    assert "conda" not in text, ".ci/run debe funcionar solo con python3"
    assert [c for c in commands if c.startswith("make")] == ["make test"]
    assert commands[-1] == "make test"


def test_readme_primeros_pasos_son_las_dos_ordenes():
    commands = first_steps_commands(README.read_text(encoding="utf-8"))
    assert commands == ["make lab", "make test"], f"Primeros pasos debe tener exactamente make lab y make test: {commands}"


def test_readme_y_ci_usan_la_misma_orden_de_pruebas():
    readme = first_steps_commands(README.read_text(encoding="utf-8"))
    ci = [c for c in shell_commands(CI_RUN.read_text(encoding="utf-8")) if c.startswith("make")]
    test_commands = [c for c in readme if c.endswith(" test")]
    assert test_commands == ci == ["make test"]


def test_readme_alternativas_y_secciones():
    text = README.read_text(encoding="utf-8")
    assert "conda env create -f environment.yml" in text
    assert "mybinder.org" in text and "environment.yml" in text
    for heading in ["Primeros pasos", "Capítulos", "Rendimiento", "Datos", "Licencia"]:
        assert re.search(rf"^##\s+{heading}\s*$", text, re.M), f"falta la sección «{heading}» en el README"
    assert "python benchmarks/speed.py" in text
    assert "CC BY-SA 3.0" in text and "LeCun" in text and "MD5" in text


def test_readme_lista_todos_los_capitulos():
    text = README.read_text(encoding="utf-8")
    present = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    for name in sorted(set(CHAPTERS) | set(present)):
        rows = [line for line in text.splitlines() if f"(notebooks/{name})" in line]
        assert rows, f"README.md no enlaza notebooks/{name}"
        # | [Cuaderno](…) | De qué trata | Ejercicios |: el resumen es la segunda columna.
        summary = rows[0].split("|")[2].strip() if rows[0].count("|") >= 3 else ""
        assert len(summary) > 30, f"README.md: falta el resumen de una línea de {name}"
