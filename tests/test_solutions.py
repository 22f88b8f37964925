"""Los ejercicios de los capítulos: en blanco en los cuadernos guardados, y con soluciones que funcionan.

Convención (la del brief del proyecto):

- el enunciado es una celda markdown con ``**Ejercicio N (★★)**`` (★ comprobar o leer, ★★ calcular,
  ★★★ deducir o programar);
- la celda de respuesta empieza por ``# Ejercicio N: tu respuesta`` y se guarda en blanco (``...``);
- la celda siguiente comprueba la respuesta con ``check_answer``/``check_call`` (o un comprobador de
  ``nn_core.exercises``), que nunca lanza por una respuesta equivocada;
- después va la solución, plegada: ``<details><summary>Solución del ejercicio N</summary>`` con un
  bloque ```` ```python ```` que es el código completo que sustituye a la celda de respuesta.

Este fichero comprueba la convención en cada capítulo y, para cada uno, construye la variante
resuelta (cada celda de respuesta sustituida por su solución), la ejecuta desde un núcleo nuevo en
modo estricto (``NN_CORE_STRICT_EXERCISES=1``: una respuesta equivocada lanza) y exige que cada
ejercicio diga «correcto».
"""

import os
import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
NB_DIR = REPO / "notebooks"
CHAPTERS = sorted(NB_DIR.glob("0[0-9]_*.ipynb"))

ANSWER = re.compile(r"\A# Ejercicio (\d+): tu respuesta\b")
STATEMENT = re.compile(r"\*\*Ejercicio (\d+) \((★{1,3})\)")
SOLUTION = re.compile(
    r"<details>\s*<summary>\s*Soluci[óo]n del ejercicio (\d+)\s*</summary>(.*?)</details>", re.DOTALL)
FENCE = re.compile(r"```python\n(.*?)```", re.DOTALL)
BLANK = "Todavía no hay respuesta"
CORRECT = "✔"


def source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def output_text(cell):
    parts = []
    for out in cell.get("outputs", []):
        if "text" in out:
            parts.append(source({"source": out["text"]}))
        for key in ("text/plain", "text/html"):
            if key in out.get("data", {}):
                parts.append(source({"source": out["data"][key]}))
        if out.get("output_type") == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}")
    return "\n".join(parts)


def exercises(nb):
    """Las piezas de cada ejercicio: {N: {"stars", "answer" (índice), "solution" (código)}}."""
    found = {}
    for i, cell in enumerate(nb.cells):
        text = source(cell)
        if cell.cell_type == "markdown":
            for n, stars in STATEMENT.findall(text):
                found.setdefault(int(n), {})["stars"] = len(stars)
            for n, body in SOLUTION.findall(text):
                blocks = FENCE.findall(body)
                found.setdefault(int(n), {})["solution"] = blocks[0] if blocks else None
        elif cell.cell_type == "code":
            m = ANSWER.match(text)
            if m:
                found.setdefault(int(m.group(1)), {}).setdefault("answers", []).append(i)
    return found


def convention_problems(nb):
    """Lista de problemas con la convención de los ejercicios en un cuaderno (vacía si está bien)."""
    problems = []
    found = exercises(nb)
    if len(found) < 4:
        problems.append(f"tiene {len(found)} ejercicios; se piden al menos 4")
    if sorted(found) != list(range(1, len(found) + 1)):
        problems.append(f"los ejercicios no van numerados de 1 en 1: {sorted(found)}")
    hard = sum(1 for ex in found.values() if ex.get("stars", 0) >= 2)
    if found and 2 * hard < len(found):
        problems.append(f"solo {hard} de {len(found)} ejercicios son ★★ o ★★★; se pide al menos la mitad")
    answer_cells = sorted(i for ex in found.values() for i in ex.get("answers", []))
    for n, ex in sorted(found.items()):
        if "stars" not in ex:
            problems.append(f"ejercicio {n}: falta el enunciado «**Ejercicio {n} (★…)**»")
        answers = ex.get("answers", [])
        if len(answers) != 1:
            problems.append(f"ejercicio {n}: {len(answers)} celdas «# Ejercicio {n}: tu respuesta»; debe haber una")
            continue
        if not ex.get("solution"):
            problems.append(f"ejercicio {n}: falta la solución plegada con un bloque ```python")
            continue
        answer = source(nb.cells[answers[0]])
        body = "\n".join(answer.splitlines()[1:])
        if "..." not in body:
            problems.append(f"ejercicio {n}: la celda de respuesta no está en blanco (no tiene «...»)")
        if _normalized(answer) == _normalized(ex["solution"]):
            problems.append(f"ejercicio {n}: la celda de respuesta es la solución")
        if not ANSWER.match(ex["solution"]):
            problems.append(f"ejercicio {n}: la solución debe empezar por «# Ejercicio {n}: tu respuesta»")
        # La comprobación (entre esta respuesta y la siguiente) se guardó en blanco.
        nxt = min([i for i in answer_cells if i > answers[0]] + [len(nb.cells)])
        stored = "\n".join(output_text(c) for c in nb.cells[answers[0]:nxt] if c.cell_type == "code")
        if BLANK not in stored:
            problems.append(f"ejercicio {n}: la salida guardada de su comprobación no dice «{BLANK}»")
        if CORRECT in stored:
            problems.append(f"ejercicio {n}: la salida guardada ya dice «correcto»")
    return problems


def _normalized(code):
    return "\n".join(line.rstrip() for line in code.strip().splitlines())


def solved_variant(nb):
    """Copia del cuaderno con cada celda de respuesta sustituida por el código de su solución."""
    solved = nbformat.reads(nbformat.writes(nb), as_version=4)
    for n, ex in exercises(solved).items():
        for i in ex.get("answers", []):
            solved.cells[i].source = ex["solution"].rstrip("\n")
            solved.cells[i].outputs = []
    return solved


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_exercises_follow_the_convention(path):
    nb = nbformat.read(path, as_version=4)
    assert convention_problems(nb) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_solved_variant_runs_and_every_check_says_correct(path, monkeypatch):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    found = exercises(nb)
    solved = solved_variant(nb)
    monkeypatch.setenv("NN_CORE_STRICT_EXERCISES", "1")
    client = NotebookClient(solved, timeout=900, kernel_name="python3",
                            resources={"metadata": {"path": str(NB_DIR)}})
    client.execute()  # lanza CellExecutionError si algo falla (en modo estricto, una comprobación)
    answer_cells = sorted(i for ex in found.values() for i in ex.get("answers", []))
    for n, ex in sorted(found.items()):
        start = ex["answers"][0]
        nxt = min([i for i in answer_cells if i > start] + [len(solved.cells)])
        text = "\n".join(output_text(c) for c in solved.cells[start:nxt] if c.cell_type == "code")
        assert CORRECT in text, f"{path.name}, ejercicio {n}: la comprobación no dijo «correcto»"
        assert BLANK not in text


# --- Las comprobaciones saben fallar -----------------------------------------------------------

def _synthetic(answer_src, check_output, solution_src, stars="★★", n_exercises=4):
    cells = []
    for n in range(1, n_exercises + 1):
        cells.append(nbformat.v4.new_markdown_cell(f"**Ejercicio {n} ({stars})** Calcula algo."))
        cells.append(nbformat.v4.new_code_cell(answer_src.format(n=n)))
        check = nbformat.v4.new_code_cell("_ = check_answer(answer, 1, 'pista')")
        check.outputs = [nbformat.v4.new_output("stream", name="stdout", text=check_output)]
        cells.append(check)
        cells.append(nbformat.v4.new_markdown_cell(
            f"<details><summary>Solución del ejercicio {n}</summary>\n\n```python\n"
            f"{solution_src.format(n=n)}\n```\n\n</details>"))
    return nbformat.v4.new_notebook(cells=cells)


GOOD = dict(answer_src="# Ejercicio {n}: tu respuesta\nanswer = ...",
            check_output="… Todavía no hay respuesta: sustituye «...»",
            solution_src="# Ejercicio {n}: tu respuesta\nanswer = 1")


def test_a_well_formed_synthetic_notebook_passes():
    assert convention_problems(_synthetic(**GOOD)) == []
    solved = solved_variant(_synthetic(**GOOD))
    assert source(solved.cells[1]) == "# Ejercicio 1: tu respuesta\nanswer = 1"


@pytest.mark.parametrize("change,problem", [
    (dict(answer_src="# Ejercicio {n}: tu respuesta\nanswer = 1"), "no está en blanco"),
    (dict(check_output="✔ ¡Correcto!"), "no dice «Todavía no hay respuesta»"),
    (dict(stars="★"), "se pide al menos la mitad"),
    (dict(n_exercises=3), "se piden al menos 4"),
    (dict(solution_src="answer = 1"), "debe empezar por"),
])
def test_convention_problems_are_detected(change, problem):
    problems = convention_problems(_synthetic(**{**GOOD, **change}))
    assert any(problem in p for p in problems), problems


def test_readme_counts_each_chapters_exercises():
    """La tabla de capítulos del README dice cuántos ejercicios tiene cada uno, y de qué dificultad."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for path in CHAPTERS:
        found = exercises(nbformat.read(path, as_version=4))
        stars = [ex.get("stars", 0) for ex in found.values()]
        expected = f"{len(found)} ({stars.count(1)} ★, {stars.count(2)} ★★, {stars.count(3)} ★★★)"
        row = next((line for line in readme.splitlines() if f"(notebooks/{path.name})" in line), "")
        assert row.rstrip().endswith(f"| {expected} |"), f"README, {path.name}: se esperaba «{expected}»"
