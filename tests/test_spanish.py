"""Números a la española en todo lo que el lector ve como texto: nada de «0.5» ni de «95.42 %».

Se revisan:

- las salidas guardadas de los cuadernos (texto impreso, text/plain y text/html de las tablas);
- la prosa de las celdas markdown (fuera del código y de las fórmulas);
- los textos de las figuras: las de ``scripts/make_figures.py`` y las de ``nn_core.plots`` (títulos,
  rótulos de los ejes, marcas y leyendas), que se dibujan aquí y se leen de matplotlib.

Una línea se considera texto en español si tiene palabras (no solo números, signos o código) y no
parece código ni un array de numpy impreso (``array(…)``, ``[[…]]``, ``dtype=…``). En ese texto se
busca un punto decimal (``3.0``, ``95.42``) y un separador de miles con punto (``50.000``). Las
versiones de programas (``3.11.7``, ``numpy 2.4``) y los nombres de fichero se permiten.
"""

import html
import importlib.util
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))

POINT_DECIMAL = re.compile(r"(?<![\w.\-/\\])[−-]?\d+\.\d+(?![\w.]*[/\\])(?!\.\d)(?![\w])")
POINT_THOUSANDS = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?![\d.,])")
WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]{3,}")
SPANISH_HINT = re.compile(
    r"\b(de|la|el|en|con|los|las|del|por|para|una|un|que|es|tras|época|épocas|exactitud|coste|red|"
    r"semilla|prueba|validación|entrenamiento|aciertos|media|valor|tasa|error|capa|neurona)\b", re.I)
CODE_LIKE = re.compile(
    r"^\s*(array\(|\[\[|\[\s*-?\d|\(\s*-?\d|dtype|<[a-zA-Z]|[A-Za-z_][\w.]*\s*=\s*[\w\[(]|>>>|#|import |from |def |"
    r"Traceback|File \")")
ALLOWED = [
    re.compile(r"\b\d+\.\d+\.\d+"),                       # versiones: 3.11.7
    re.compile(r"\b(?:numpy|python|matplotlib|ipywidgets|jupyterlab|openblas|nbval|mathjax|v)\s*\d+\.\d+", re.I),
    re.compile(r"\w+\.(?:png|npz|json|py|ipynb|gz|csv)\b"),  # ficheros
    re.compile(r"https?://\S+"),
    re.compile(r"^\s*#*\s*\d+(?:\.\d+)+\.?\s"),            # números de sección: «3.2. La comprobación»
    re.compile(r"recibió\s+\S+"),                           # un mensaje de error repite lo que se escribió (código)
]


def _strip_allowed(line):
    for pattern in ALLOWED:
        line = pattern.sub(" ", line)
    return line


def spanish_number_problems(text):
    """Las líneas de ``text`` que son texto en español y escriben un número con punto."""
    problems = []
    for line in text.splitlines():
        if CODE_LIKE.match(line) or not WORD.search(line) or not SPANISH_HINT.search(line):
            continue
        clean = _strip_allowed(line)
        if POINT_DECIMAL.search(clean) or POINT_THOUSANDS.search(clean):
            problems.append(line.strip()[:160])
    return problems


def _source(value):
    return "".join(value) if isinstance(value, list) else (value or "")


def _html_to_text(text):
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<script.*?</script>", " ", text, flags=re.S)
    text = re.sub(r"<br\s*/?>|</(?:p|div|tr|li|h\d)>", "\n", text)
    text = re.sub(r"</t[dh]>", " | ", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _prose(markdown):
    """La prosa de una celda markdown, sin código, fórmulas, enlaces ni HTML."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return text


def notebook_problems(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            texts = [_prose(_source(cell["source"]))]
        elif cell["cell_type"] == "code":
            texts = []
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream" and out.get("name") == "stdout":
                    texts.append(_source(out.get("text")))
                data = out.get("data", {})
                if "text/html" in data:
                    texts.append(_html_to_text(_source(data["text/html"])))
                elif "text/plain" in data and "application/vnd.jupyter.widget-view+json" not in data:
                    texts.append(_source(data["text/plain"]))
        else:
            continue
        for text in texts:
            problems += [f"celda {i}: {p}" for p in spanish_number_problems(text)]
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_text_uses_decimal_comma(path):
    assert notebook_problems(path) == []


def figure_texts(fig):
    """Todos los textos visibles de una figura de matplotlib (tras dibujarla)."""
    fig.canvas.draw()
    texts = []
    for artist in fig.findobj(matplotlib.text.Text):
        if artist.get_visible() and artist.get_text().strip():
            texts.append(artist.get_text())
    return texts


def _figure_problems(texts):
    problems = []
    for text in texts:
        plain = re.sub(r"\$[^$]*\$", lambda m: m.group(0).replace("{,}", ","), text)
        # En un rótulo suelto (una marca del eje: «0.5») no hay palabras: se mira igual.
        if re.fullmatch(r"\s*[−-]?\d+\.\d+\s*%?\s*", plain) or spanish_number_problems(plain + " de"):
            problems.append(text)
        elif re.search(r"\d\.\d", re.sub(r"\\mathdefault\{[^}]*\}", "", plain)) and "$" in plain \
                and not re.search(r"\d\.\d+\.\d", plain):
            problems.append(text)
    return problems


def _load_make_figures():
    spec = importlib.util.spec_from_file_location("make_figures", REPO / "scripts" / "make_figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE_FIGURES = _load_make_figures()


@pytest.mark.parametrize("name", sorted(MAKE_FIGURES.FIGURES), ids=str)
def test_book_figures_use_decimal_comma(name, tmp_path, monkeypatch):
    seen = []

    def capture(fig, path):
        seen.extend(figure_texts(fig))
        plt.close(fig)

    monkeypatch.setattr(MAKE_FIGURES, "_save", capture)
    try:
        MAKE_FIGURES.FIGURES[name](tmp_path / f"{name}.png")
    except (FileNotFoundError, KeyError) as exc:  # una figura del 08 sin su experimento guardado
        pytest.skip(f"la figura {name} necesita resultados que no están: {exc}")
    assert seen, f"la figura {name} no tiene textos"
    assert _figure_problems(seen) == []


def _plots_figures():
    """Figuras de nn_core.plots con datos pequeños y fijos."""
    from nn_core import plots

    rng = np.random.default_rng(0)
    from nn_core import History

    history = History()
    for epoch, (cost, acc, val) in enumerate([(0.5, 0.5, 0.45), (0.25, 0.75, 0.7), (0.125, 0.875, 0.8125)], 1):
        history.epochs.append(epoch)
        history.training_cost.append(cost)
        history.training_accuracy.append(acc)
        history.evaluation_accuracy.append(val)
    figs = []
    for make in [
        lambda: plots.plot_history(history),
        lambda: plots.plot_comparison({"η = 0,5": history, "η = 3": history}),
        lambda: plots.plot_confusion_matrix(plots.confusion_matrix(rng.integers(0, 10, 200),
                                                                   rng.integers(0, 10, 200))),
        lambda: plots.plot_output_activations(rng.random((10, 1)), label=3),
        lambda: plots.plot_neuron(0.5, -1.5, 0.25),
    ]:
        try:
            result = make()
        except TypeError as exc:  # la firma cambió: que lo diga la prueba
            raise AssertionError(f"no se pudo dibujar con nn_core.plots: {exc}") from exc
        fig = result if isinstance(result, matplotlib.figure.Figure) else plt.gcf()
        if hasattr(result, "figure") and not isinstance(result, matplotlib.figure.Figure):
            fig = result.figure
        elif isinstance(result, tuple) and result and hasattr(result[0], "figure"):
            fig = result[0].figure
        figs.append(fig)
    return figs


def test_nn_core_plots_use_decimal_comma():
    problems = []
    for fig in _plots_figures():
        problems += _figure_problems(figure_texts(fig))
        plt.close(fig)
    assert problems == []


# --- La revisión sabe fallar ---------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Exactitud en prueba: 95.42 %",
    "η = 3.0 y 30 épocas",
    "con 50.000 imágenes de entrenamiento",
    "la semilla 0 da 0.953",
])
def test_detects_point_decimals_in_spanish(line):
    assert spanish_number_problems(line)


@pytest.mark.parametrize("line", [
    "Exactitud en prueba: 95,42 %",
    "array([0.5, 0.25])",
    "[[0.1 0.2]",
    "Python 3.11.7 con numpy 2.4",
    "la figura ch08_eta.png de la carpeta",
    "w = np.array([0.5])",
    "0.5 0.25",
])
def test_accepts_spanish_numbers_and_code(line):
    assert spanish_number_problems(line) == []


def test_detects_point_ticks_in_figures():
    fig, ax = plt.subplots()
    ax.plot([0, 0.5, 1], [0, 1, 2])
    ax.set_title("Exactitud (η = 0.5)")
    assert _figure_problems(figure_texts(fig))
    from nn_core.formatting import spanish_axes

    ax.set_title("Exactitud (η = 0,5)")
    spanish_axes(ax)
    assert _figure_problems(figure_texts(fig)) == []
    plt.close(fig)
