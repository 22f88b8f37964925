"""Genera las figuras del libro en ``images/``.

Cada figura es una función ``fig_<nombre>(path)`` que dibuja con matplotlib y guarda un
PNG en ``path``. El diccionario ``FIGURES`` asocia el nombre del fichero (sin ``.png``)
a su función; para añadir una figura basta con escribir la función y registrarla ahí.

Uso::

    python scripts/make_figures.py                     # todas las figuras
    python scripts/make_figures.py neurona cinco_pasos # solo las que se nombran
    python scripts/make_figures.py --list              # lista los nombres

Una figura con datos aleatorios crea su propio ``rng = np.random.default_rng(SEED)``,
así que las figuras salen idénticas en cada ejecución. Las rutas se calculan desde este fichero, no desde el
directorio de trabajo.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # sin ventana: solo ficheros
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
IMAGES_DIR = ROOT / "images"
SEED = 1234
DPI = 120

# Colores de todo el libro: entrada, capa oculta, salida, error δ.
BLUE = "#4C72B0"
GREEN = "#55A868"
ORANGE = "#DD8452"
RED = "#C44E52"
GRAY = "#8C8C8C"


# ---------------------------------------------------------------------------
# Ayudantes de dibujo
# ---------------------------------------------------------------------------

def _blank_axes(figsize, xlim, ylim):
    """Una figura con ejes invisibles y escala 1:1 en las coordenadas dadas."""
    fig, ax = plt.subplots(figsize=figsize)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def _arrow(ax, start, end, color="black", lw=1.2, style="-|>", mutation_scale=12, **kwargs):
    """Una flecha de ``start`` a ``end`` (tuplas (x, y) en coordenadas de los datos)."""
    arrow = FancyArrowPatch(start, end, arrowstyle=style, color=color, lw=lw,
                            mutation_scale=mutation_scale, **kwargs)
    ax.add_patch(arrow)
    return arrow


def _box(ax, center, width, height, text, color, fontsize=11, text_color="black", alpha=0.25):
    """Una caja redondeada con texto centrado."""
    x, y = center
    box = FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                         boxstyle="round,pad=0.02,rounding_size=0.12",
                         facecolor=color, edgecolor=color, alpha=alpha, lw=1.5)
    ax.add_patch(box)
    edge = FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                          boxstyle="round,pad=0.02,rounding_size=0.12",
                          facecolor="none", edgecolor=color, lw=1.5)
    ax.add_patch(edge)
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, color=text_color)


def _save(fig, path):
    fig.savefig(path, dpi=DPI, bbox_inches="tight", facecolor="white")
    plt.close(fig)


# ---------------------------------------------------------------------------
# Las figuras
# ---------------------------------------------------------------------------

def fig_red_784_30_10(path):
    """La red [784, 30, 10]: cada capa con unas pocas neuronas dibujadas y «⋮» por el resto."""
    fig, ax = _blank_axes((9, 6.8), (-1.6, 9.6), (-1.1, 8.9))
    layers = [
        # (x, neuronas dibujadas arriba, abajo, total, color, título, símbolo)
        (0.0, 4, 2, 784, BLUE, "Capa de entrada\n784 neuronas\n(28 × 28 píxeles)", r"$a^0 = x$"),
        (4.0, 3, 2, 30, GREEN, "Capa oculta\n30 neuronas", r"$a^1 = \sigma(z^1)$"),
        (8.0, 10, 0, 10, ORANGE, "Capa de salida\n10 neuronas\n(dígitos 0–9)", r"$a^2 = \sigma(z^2)$"),
    ]
    radius = 0.22
    positions = []
    for x, top, bottom, total, color, title, symbol in layers:
        if bottom:
            ys_top = [6.6 - 0.62 * i for i in range(top)]
            ys_bottom = [0.6 + 0.62 * i for i in range(bottom)][::-1]
            mid = (ys_top[-1] + ys_bottom[0]) / 2
            ax.text(x, mid, "⋮", ha="center", va="center", fontsize=22, color=color)
            ys = ys_top + ys_bottom
        else:
            ys = list(np.linspace(6.6, 0.6, top))
        positions.append((x, ys, color))
        ax.text(x, 8.75, title, ha="center", va="top", fontsize=10.5)
        ax.text(x, -0.35, symbol, ha="center", va="top", fontsize=13, color=color)
    # Conexiones: todas con todas entre capas consecutivas (líneas finas).
    for (x0, ys0, _), (x1, ys1, _) in zip(positions[:-1], positions[1:]):
        for y0 in ys0:
            for y1 in ys1:
                ax.plot([x0 + radius, x1 - radius], [y0, y1], color=GRAY, lw=0.45, alpha=0.55, zorder=1)
    for x, ys, color in positions:
        for y in ys:
            ax.add_patch(Circle((x, y), radius, facecolor="white", edgecolor=color, lw=2, zorder=2))
    # Las neuronas de salida llevan el dígito que representan.
    x_out, ys_out, _ = positions[-1]
    for digit, y in enumerate(ys_out):
        ax.text(x_out, y, str(digit), ha="center", va="center", fontsize=8.5, zorder=3)
    ax.text(2.0, 7.05, r"$w^1$: 30 × 784", ha="center", fontsize=10, color=GREEN)
    ax.text(6.0, 7.05, r"$w^2$: 10 × 30", ha="center", fontsize=10, color=ORANGE)
    ax.set_title("La red [784, 30, 10] del libro", fontsize=13)
    _save(fig, path)


def fig_neurona(path):
    """Una neurona: entradas x_k, pesos w_k, la suma z = Σ w_k x_k + b y la activación a = σ(z)."""
    fig, ax = _blank_axes((9, 4.6), (-0.6, 10.2), (-0.4, 4.9))
    ys = [4.0, 2.4, 0.8]
    for k, y in enumerate(ys, start=1):
        ax.add_patch(Circle((0.5, y), 0.35, facecolor="white", edgecolor=BLUE, lw=2))
        ax.text(0.5, y, f"$x_{k}$", ha="center", va="center", fontsize=13)
        _arrow(ax, (0.88, y), (4.05, 2.4 + (y - 2.4) * 0.18), color=BLUE, lw=1.4)
        ax.text(2.35, y + (2.4 - y) * 0.45 + 0.22, f"$w_{k}$", ha="center", fontsize=13, color=BLUE)
    # El cuerpo de la neurona: la suma ponderada.
    ax.add_patch(Circle((4.8, 2.4), 0.75, facecolor="#EAF2EA", edgecolor=GREEN, lw=2.2))
    ax.text(4.8, 2.4, r"$\Sigma$", ha="center", va="center", fontsize=22)
    _arrow(ax, (4.8, 4.4), (4.8, 3.2), color=GREEN, lw=1.4)
    ax.text(4.8, 4.55, "sesgo $b$", ha="center", va="bottom", fontsize=12, color=GREEN)
    _arrow(ax, (5.57, 2.4), (6.95, 2.4), color="black", lw=1.4)
    ax.text(6.25, 2.6, "$z$", ha="center", fontsize=13)
    # La activación.
    _box(ax, (7.6, 2.4), 1.2, 1.0, r"$\sigma$", ORANGE, fontsize=20)
    _arrow(ax, (8.25, 2.4), (9.5, 2.4), color="black", lw=1.4)
    ax.text(9.6, 2.4, "$a$", ha="left", va="center", fontsize=14)
    ax.text(4.8, 0.2, r"$z = w_1 x_1 + w_2 x_2 + w_3 x_3 + b = w \cdot x + b$",
            ha="center", fontsize=13)
    ax.text(7.6, 1.45, r"$a = \sigma(z)$", ha="center", va="top", fontsize=13, color=ORANGE)
    ax.set_title("Una neurona: suma ponderada más sesgo, y después la activación", fontsize=13)
    _save(fig, path)


def fig_delta_hacia_atras(path):
    """El error δ viaja hacia atrás: BP1 en la salida y BP2 capa a capa; debajo, BP3 y BP4."""
    fig, ax = _blank_axes((12, 5.0), (-0.8, 15.0), (-1.9, 4.7))
    xs = [0.5, 4.0, 7.5, 11.0]
    labels = [r"$a^0 = x$", r"$a^1$", r"$a^2$", r"$a^3 = a^L$"]
    names = ["entrada", "capa oculta 1", "capa oculta 2", "capa de salida"]
    colors = [BLUE, GREEN, GREEN, ORANGE]
    for x, lab, name, color in zip(xs, labels, names, colors):
        _box(ax, (x, 2.0), 1.7, 1.0, lab, color, fontsize=14)
        ax.text(x, 2.75, name, ha="center", va="bottom", fontsize=10, color=color)
    _box(ax, (13.9, 2.0), 1.5, 1.0, r"$C$", GRAY, fontsize=15)
    ax.text(13.9, 2.75, "coste", ha="center", va="bottom", fontsize=10, color=GRAY)
    # Hacia adelante, arriba.
    for l, (x0, x1) in enumerate(zip(xs[:-1], xs[1:]), start=1):
        _arrow(ax, (x0 + 0.9, 2.25), (x1 - 0.9, 2.25), color=GRAY, lw=1.3)
        ax.text((x0 + x1) / 2, 3.45, rf"$z^{l} = w^{l} a^{l - 1} + b^{l}$", ha="center",
                fontsize=10.5, color=GRAY)
    _arrow(ax, (11.9, 2.25), (13.1, 2.25), color=GRAY, lw=1.3)
    ax.text(7.0, 4.15, "propagación hacia adelante  →", ha="center", fontsize=11, color=GRAY)
    # Hacia atrás, abajo: los δ.
    _arrow(ax, (13.1, 1.75), (11.9, 1.75), color=RED, lw=2.0)
    ax.text(12.9, 0.55, r"$\delta^3 = \nabla_a C \odot \sigma'(z^3)$", ha="center", fontsize=11, color=RED)
    ax.text(12.9, 0.0, "BP1", ha="center", fontsize=12, color=RED, weight="bold")
    for l, (x0, x1) in zip((2, 1), [(xs[3], xs[2]), (xs[2], xs[1])]):
        _arrow(ax, (x0 - 0.9, 1.75), (x1 + 0.9, 1.75), color=RED, lw=2.0)
        ax.text((x0 + x1) / 2, 0.55, rf"$\delta^{l} = ((w^{l + 1})^T \delta^{l + 1}) \odot \sigma'(z^{l})$",
                ha="center", fontsize=10.5, color=RED)
        ax.text((x0 + x1) / 2, 0.0, "BP2", ha="center", fontsize=12, color=RED, weight="bold")
    ax.text(7.0, -0.75, "←  retropropagación del error δ", ha="center", fontsize=11, color=RED)
    ax.text(7.0, -1.55,
            r"con cada $\delta^l$:   $\partial C/\partial b^l_j = \delta^l_j$  (BP3),    "
            r"$\partial C/\partial w^l_{jk} = a^{l-1}_k\,\delta^l_j$  (BP4)",
            ha="center", fontsize=11.5)
    ax.set_title("El error δ viaja de la salida hacia la entrada (una red con L = 3 capas de pesos)",
                 fontsize=12.5)
    _save(fig, path)


def fig_cinco_pasos(path):
    """El mapa del libro: la entrada y los cinco pasos de la retropropagación, con su capítulo."""
    fig, ax = _blank_axes((11.8, 6.6), (-1.4, 11.3), (-1.0, 6.2))
    steps = [
        # (centro, ancho, texto, color, capítulo)
        ((1.2, 5.0), 2.2, "Entrada\n$a^0 = x$", BLUE, "cap. 01"),
        ((4.95, 5.0), 4.1, "1. Propagación hacia adelante\n$z^l = w^l a^{l-1} + b^l$,  $a^l = \\sigma(z^l)$",
         GRAY, "cap. 02"),
        ((9.25, 5.0), 3.5, "2. Error de salida (BP1)\n$\\delta^L = \\nabla_a C \\odot \\sigma'(z^L)$", RED,
         "cap. 03"),
        ((8.6, 2.5), 4.8, "3. Retropropagar el error (BP2)\n"
                          "$\\delta^l = ((w^{l+1})^T \\delta^{l+1}) \\odot \\sigma'(z^l)$", RED, "cap. 04"),
        ((3.0, 2.5), 5.4, "4 y 5. Los gradientes (BP3 y BP4)\n"
                          "$\\partial C/\\partial b^l_j = \\delta^l_j$,   "
                          "$\\partial C/\\partial w^l_{jk} = a^{l-1}_k \\delta^l_j$", GREEN, "cap. 05"),
        ((3.0, 0.0), 5.4, "Descenso de gradiente: $w \\leftarrow w - \\eta\\, \\partial C/\\partial w$\n"
                          "entrenamiento (cap. 06), evaluación (cap. 07)", ORANGE, ""),
    ]
    for center, width, text, color, chapter in steps:
        _box(ax, center, width, 1.4, text, color, fontsize=10.5)
        if chapter:
            ax.text(center[0] + width / 2 - 0.12, center[1] - 0.64, chapter, ha="right", va="bottom",
                    fontsize=9, color=color, style="italic")
    _arrow(ax, (2.35, 5.0), (2.85, 5.0), lw=1.6)   # entrada → 1
    _arrow(ax, (7.05, 5.0), (7.45, 5.0), lw=1.6)   # 1 → 2
    _arrow(ax, (9.25, 4.25), (9.25, 3.25), lw=1.6)  # 2 → 3
    _arrow(ax, (6.15, 2.5), (5.75, 2.5), lw=1.6)   # 3 → 4-5
    _arrow(ax, (3.0, 1.75), (3.0, 0.75), lw=1.6)   # 4-5 → actualizar
    # Se repite con el siguiente minilote: vuelve a la entrada (y de ahí a la propagación hacia adelante),
    # por la izquierda, sin cruzar ninguna otra caja.
    ax.plot([0.25, -0.65, -0.65], [0.0, 0.0, 5.0], color=ORANGE, lw=1.4, linestyle="--")
    _arrow(ax, (-0.65, 5.0), (-0.13, 5.0), color=ORANGE, lw=1.4)
    ax.text(-0.85, 2.5, "siguiente minilote", ha="center", va="center", rotation=90, fontsize=10,
            color=ORANGE)
    ax.set_title("El mapa del libro: la retropropagación en cinco pasos", fontsize=13)
    _save(fig, path)


#: Nombre de la figura (el fichero ``images/<nombre>.png``) → función que la dibuja.
FIGURES = {
    "red_784_30_10": fig_red_784_30_10,
    "neurona": fig_neurona,
    "delta_hacia_atras": fig_delta_hacia_atras,
    "cinco_pasos": fig_cinco_pasos,
}


def make(name):
    """Dibuja la figura ``name`` en ``images/<name>.png`` y devuelve su ruta."""
    if name not in FIGURES:
        raise ValueError(f"Figura desconocida: {name!r}. Las figuras son: {', '.join(FIGURES)}.")
    IMAGES_DIR.mkdir(exist_ok=True)
    path = IMAGES_DIR / f"{name}.png"
    FIGURES[name](path)
    return path


def main(argv=None):
    """Regenera todas las figuras, o solo las nombradas en ``argv``."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv in (["--list"], ["-l"]):
        print("\n".join(FIGURES))
        return 0
    names = argv or list(FIGURES)
    unknown = [n for n in names if n not in FIGURES]
    if unknown:
        print(f"Figuras desconocidas: {', '.join(unknown)}. Usa --list para ver los nombres.", file=sys.stderr)
        return 2
    for name in names:
        path = make(name)
        print(f"{path.relative_to(ROOT)}")
    return 0


# ---------------------------------------------------------------------------
# Capítulo 08 «Mejorando la red»: figuras a partir de results/experiments.json
# (lo escribe scripts/experiments.py; aquí solo se dibuja, no se entrena)
# ---------------------------------------------------------------------------

CH08_RESULTS = ROOT / "results" / "experiments.json"

#: Las filas del libro en la comparación, en orden: (fila, etiqueta).
CH08_BOOK_ROWS = [
    ("cuadratico_30", "[784, 30, 10] cuadrático, η = 3"),
    ("cuadratico_100", "[784, 100, 10] cuadrático, η = 3"),
    ("eta_0.001", "[784, 100, 10] cuadrático, η = 0,001"),
    ("eta_100", "[784, 30, 10] cuadrático, η = 100"),
    ("entropia_30", "[784, 30, 10] entropía cruzada, η = 0,5"),
    ("entropia_100", "[784, 100, 10] entropía cruzada, η = 0,5"),
    ("entropia_l2_30", "[784, 30, 10] entropía + L2 (λ = 5)"),
    ("entropia_l2_100", "[784, 100, 10] entropía + L2 (λ = 5)"),
    ("entropia_l2_100_60", "[784, 100, 10] entropía + L2, η = 0,1, 60 épocas"),
    ("sobreajuste_1000", "1000 imágenes, entropía cruzada"),
    ("sobreajuste_1000_l2", "1000 imágenes, entropía + L2 (λ = 0,1)"),
]
#: La ablación de nuestra mejor red: (fila, etiqueta, color).
CH08_ABLATION = [
    ("sigmoide_fija", "sigmoide, η fija", "#8172B3"),
    ("sigmoide_calendario", "sigmoide, calendario de η", "#CCB974"),
    ("relu_fija", "ReLU, η fija", "#64B5CD"),
    ("relu_calendario", "ReLU, calendario de η", GREEN),
]


def _ch08_results():
    """El contenido de results/experiments.json (formato 2)."""
    import json

    if not CH08_RESULTS.exists():
        raise FileNotFoundError(
            f"No existe {CH08_RESULTS.relative_to(ROOT)}: ejecuta antes «python scripts/experiments.py».")
    return json.loads(CH08_RESULTS.read_text(encoding="utf-8"))


def _ch08_row(runs, row):
    """Las ejecuciones de una fila, ordenadas por semilla (sin las de prueba de humo)."""
    found = sorted((r for r in runs.values() if r["row"] == row and not r.get("quick")), key=lambda r: r["seed"])
    return found


def _ch08_require(runs, rows):
    missing = [row for row in rows if not _ch08_row(runs, row)]
    if missing:
        raise KeyError(f"Faltan filas en results/experiments.json: {', '.join(missing)}. "
                       f"Ejecútalas con «python scripts/experiments.py {' '.join(missing)}».")


def _ch08_comparable(run):
    """La cifra de una ejecución que se compara con la del libro: en prueba, la de la época que eligió
    la validación; si el libro da validación, la validación de la última época (la que da el libro)."""
    if run["book"].get("dataset") == "validación":
        return run["final"]["validation_accuracy"]
    return run["chosen"]["test_accuracy"]


def _ch08_spanish_x(*axes):
    """Coma decimal solo en el eje x (el eje y de estas figuras lleva rótulos de texto)."""
    from nn_core.formatting import SpanishFormatter

    for ax in axes:
        formatter = SpanishFormatter()
        formatter.set_useOffset(False)
        ax.xaxis.set_major_formatter(formatter)


def _ch08_acc(run, key):
    return 100 * np.array(run["curves"][key], dtype=float)


def _ch08_mean_band(ax, rows_runs, key, color, label, marker=None):
    """La media de las semillas (línea) y su mínimo-máximo (banda) de la curva ``key``."""
    n = min(len(r["curves"][key]) for r in rows_runs)
    curves = np.array([_ch08_acc(r, key)[:n] for r in rows_runs])
    epochs = np.arange(1, n + 1)
    ax.plot(epochs, curves.mean(axis=0), color=color, marker=marker, ms=3,
            label=f"{label} ({len(rows_runs)} semillas)")
    if len(rows_runs) > 1:
        ax.fill_between(epochs, curves.min(axis=0), curves.max(axis=0), color=color, alpha=0.2, lw=0)
    return curves


def fig_ch08_libro_vs_nuestro(path):
    """Nuestra cifra menos la del libro, semilla a semilla, con la misma medida que el libro."""
    from nn_core.formatting import num

    runs = _ch08_results()["runs"]
    rows = [(row, label) for row, label in CH08_BOOK_ROWS if _ch08_row(runs, row)]
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(rows) + 1.6))
    for i, (row, label) in enumerate(rows):
        found = _ch08_row(runs, row)
        book = found[0]["book"]
        diffs = np.array([_ch08_comparable(r) for r in found]) - book["value"]
        ax.plot(diffs, [i] * len(diffs), "o", color=BLUE, ms=5, alpha=0.8,
                label="una semilla" if i == 0 else None)
        ax.plot(diffs.mean(), i, "|", color="black", ms=14, mew=2, label="media" if i == 0 else None)
        where = "validación, última época" if book["dataset"] == "validación" else "prueba"
        ax.text(1.01, i, f"libro {num(book['value'], 2)} % ({where})", transform=ax.get_yaxis_transform(),
                va="center", fontsize=8)
    ax.axvline(0, color=GRAY, lw=1)
    ax.set_yticks(range(len(rows)), [label for _, label in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("nuestra exactitud − la del libro (puntos porcentuales)")
    ax.set_title("El libro de Nielsen frente a nuestras semillas\n"
                 "(prueba: la época que eligió la validación; validación: la última época)", fontsize=10)
    ax.legend(fontsize=8, loc="lower left")
    ax.grid(alpha=0.3, axis="x")
    _ch08_spanish_x(ax)
    _save(fig, path)


def fig_ch08_capitulo1(path):
    """Exactitud en validación por época: [784, 30, 10] y [784, 100, 10] del capítulo 1, todas las semillas."""
    from nn_core.formatting import spanish_axes

    runs = _ch08_results()["runs"]
    _ch08_require(runs, ["cuadratico_30"])
    fig, ax = plt.subplots(figsize=(8, 4))
    lows = []
    for row, color, label in (("cuadratico_30", BLUE, "[784, 30, 10]"), ("cuadratico_100", "black", "[784, 100, 10]")):
        for k, run in enumerate(_ch08_row(runs, row)):
            acc = _ch08_acc(run, "validation_accuracy")
            lows.append(acc.min())
            ax.plot(run["curves"]["epoch"], acc, "-", color=color, lw=1, alpha=0.7,
                    label=f"{label} (una línea por semilla)" if k == 0 else None)
            ax.plot(run["chosen"]["epoch"], run["chosen"]["validation_accuracy"], "*", color=color, ms=9,
                    label="época elegida por la validación" if (k == 0 and row == "cuadratico_30") else None)
    ax.set(xlabel="época", ylabel="exactitud en validación (%)", ylim=(np.floor(min(lows)) - 1, 98),
           title="Capítulo 1: sigmoide + coste cuadrático, η = 3, m = 10 (todas las épocas a la vista)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    spanish_axes(ax)
    _save(fig, path)


def fig_ch08_eta(path):
    """Los dos modos de fallo de la tasa de aprendizaje frente a η = 3 (validación, todas las semillas)."""
    from nn_core.formatting import spanish_axes

    runs = _ch08_results()["runs"]
    _ch08_require(runs, ["cuadratico_30", "eta_100"])
    fig, ax = plt.subplots(figsize=(8, 3.8))
    for row, label, color in (("eta_0.001", "η = 0,001, [784, 100, 10]", GREEN),
                              ("cuadratico_30", "η = 3, [784, 30, 10]", BLUE),
                              ("eta_100", "η = 100, [784, 30, 10]", RED)):
        if _ch08_row(runs, row):
            _ch08_mean_band(ax, _ch08_row(runs, row), "validation_accuracy", color, label)
    ax.axhline(10, color=GRAY, ls=":", label="azar (10 %)")
    ax.set(xlabel="época", ylabel="exactitud en validación (%)", ylim=(0, 100),
           title="La tasa de aprendizaje: demasiado pequeña, adecuada y demasiado grande")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="center right")
    spanish_axes(ax)
    _save(fig, path)


def fig_ch08_entropia(path):
    """Coste cuadrático frente a entropía cruzada, con 30 y con 100 neuronas ocultas (validación)."""
    from nn_core.formatting import spanish_axes

    runs = _ch08_results()["runs"]
    _ch08_require(runs, ["cuadratico_30", "entropia_30"])
    pairs = [(30, "cuadratico_30", "entropia_30"), (100, "cuadratico_100", "entropia_100")]
    pairs = [p for p in pairs if _ch08_row(runs, p[1]) and _ch08_row(runs, p[2])]
    fig, axes = plt.subplots(1, len(pairs), figsize=(5.2 * len(pairs), 3.8), sharey=True, squeeze=False)
    lows = []
    for ax, (hidden, quad, ce) in zip(axes[0], pairs):
        for row, label, color in ((quad, "cuadrático, η = 3", BLUE), (ce, "entropía cruzada, η = 0,5", ORANGE)):
            curves = _ch08_mean_band(ax, _ch08_row(runs, row), "validation_accuracy", color, label)
            lows.append(curves.mean(axis=0).min())
        ax.set(xlabel="época", title=f"[784, {hidden}, 10]")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
    axes[0][0].set_ylabel("exactitud en validación (%)")
    axes[0][0].set_ylim(np.floor(min(lows)) - 1, 98)
    fig.suptitle("Coste cuadrático frente a entropía cruzada (media de las semillas; banda: mínimo y máximo)",
                 fontsize=10)
    spanish_axes(axes)
    _save(fig, path)


def fig_ch08_sobreajuste(path):
    """1000 imágenes, sin regularizar: el coste en entrenamiento baja, el de prueba sube y la exactitud
    se estanca; la estrella marca la época que elige la validación (parada temprana)."""
    from nn_core.formatting import spanish_axes

    runs = _ch08_results()["runs"]
    _ch08_require(runs, ["sobreajuste_1000"])
    run = _ch08_row(runs, "sobreajuste_1000")[0]
    c = run["curves"]
    epochs = np.array(c["epoch"])
    chosen = run["chosen"]["epoch"]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    axes[0].plot(epochs, c["training_cost"], color=BLUE)
    axes[0].set(title="Coste en entrenamiento (1000 imágenes)", yscale="log")
    axes[1].plot(epochs, c["test_cost"], color=ORANGE, label="prueba")
    axes[1].plot(epochs, c["validation_cost"], color=GREEN, lw=1, label="validación")
    axes[1].set(title="Coste en prueba y en validación: sube")
    axes[1].legend(fontsize=8)
    axes[2].plot(epochs, _ch08_acc(run, "training_accuracy"), color=BLUE, label="entrenamiento (1000)")
    axes[2].plot(epochs, _ch08_acc(run, "validation_accuracy"), color=GREEN, lw=1, label="validación (10 000)")
    axes[2].plot(epochs, _ch08_acc(run, "test_accuracy"), color=ORANGE, lw=1, label="prueba (10 000)")
    axes[2].plot(chosen, run["chosen"]["validation_accuracy"], "*", color="black", ms=11,
                 label=f"época {chosen}: la elige la validación")
    axes[2].set(title="Exactitud: se estanca", ylabel="exactitud (%)", ylim=(60, 101))
    axes[2].legend(fontsize=8, loc="lower right")
    for ax in axes:
        ax.set_xlabel("época")
        ax.grid(alpha=0.3)
    fig.suptitle(f"Sobreajuste: [784, 30, 10], las primeras 1000 imágenes, entropía cruzada, η = 0,5 "
                 f"(semilla {run['seed']})", fontsize=10)
    for ax in axes:
        ax.title.set_fontsize(10)
    spanish_axes(axes)
    _save(fig, path)


def fig_ch08_l2(path):
    """1000 imágenes, sin L2 y con L2 (λ = 0,1): entrenamiento frente a validación, todas las semillas."""
    from nn_core.formatting import spanish_axes

    runs = _ch08_results()["runs"]
    _ch08_require(runs, ["sobreajuste_1000", "sobreajuste_1000_l2"])
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
    for ax, row, title in ((axes[0], "sobreajuste_1000", "sin regularizar"),
                           (axes[1], "sobreajuste_1000_l2", "L2, λ = 0,1")):
        found = _ch08_row(runs, row)
        _ch08_mean_band(ax, found, "training_accuracy", BLUE, "entrenamiento (1000)")
        _ch08_mean_band(ax, found, "validation_accuracy", GREEN, "validación (10 000)")
        ax.set(xlabel="época", title=title, ylim=(60, 101))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
    axes[0].set_ylabel("exactitud (%)")
    fig.suptitle("[784, 30, 10] con las primeras 1000 imágenes, entropía cruzada, η = 0,5", fontsize=10)
    spanish_axes(axes)
    _save(fig, path)


def fig_ch08_inicializacion(path):
    """Pesos N(0, 1) frente a N(0, 1/n_in): exactitud en validación por época (como la figura del libro)."""
    from nn_core.formatting import spanish_axes

    runs = _ch08_results()["runs"]
    _ch08_require(runs, ["init_grande_30", "init_escalada_30"])
    sizes = [h for h in (30, 100) if _ch08_row(runs, f"init_grande_{h}") and _ch08_row(runs, f"init_escalada_{h}")]
    fig, axes = plt.subplots(1, len(sizes), figsize=(5.2 * len(sizes), 3.8), sharey=True, squeeze=False)
    lows = []
    for ax, hidden in zip(axes[0], sizes):
        for row, label, color in ((f"init_grande_{hidden}", "pesos N(0, 1)", BLUE),
                                  (f"init_escalada_{hidden}", "pesos N(0, 1/n_in)", GREEN)):
            curves = _ch08_mean_band(ax, _ch08_row(runs, row), "validation_accuracy", color, label)
            lows.append(curves.min())
        ax.set(xlabel="época", title=f"[784, {hidden}, 10]")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
    axes[0][0].set_ylabel("exactitud en validación (%)")
    axes[0][0].set_ylim(np.floor(min(lows)) - 0.5, 98.5)
    fig.suptitle("Inicialización de los pesos: entropía cruzada + L2 (λ = 5), η = 0,1, m = 10", fontsize=10)
    spanish_axes(axes)
    _save(fig, path)


def fig_ch08_mejor(path):
    """Del 95 % al 98 %: curvas de validación (izquierda) y exactitud en prueba de cada semilla en la
    época que eligió la validación (derecha) para la ablación de nuestra mejor red."""
    from nn_core.formatting import spanish_axes

    runs = _ch08_results()["runs"]
    rows = [r for r in CH08_ABLATION if _ch08_row(runs, r[0])]
    if not rows:
        _ch08_require(runs, ["relu_calendario"])
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4), gridspec_kw=dict(width_ratios=[3, 2]))
    for row, label, color in (("cuadratico_30", "cap. 1: [784, 30, 10] cuadrático", BLUE),
                              ("entropia_l2_100", "cap. 3: [784, 100, 10] entropía + L2", ORANGE)):
        if _ch08_row(runs, row):
            _ch08_mean_band(left, _ch08_row(runs, row), "validation_accuracy", color, label)
    for row, label, color in rows:
        _ch08_mean_band(left, _ch08_row(runs, row), "validation_accuracy", color, label)
    left.axhline(98.0, color=GRAY, ls=":", label="98 %")
    left.set(xlabel="época", ylabel="exactitud en validación (%)", ylim=(90, 99), title="Validación, época a época")
    left.grid(alpha=0.3)
    left.legend(fontsize=7, loc="lower right")
    for i, (row, label, color) in enumerate(rows):
        values = np.array([r["chosen"]["test_accuracy"] for r in _ch08_row(runs, row)])
        right.plot(values, [i] * len(values), "o", color=color, ms=6, alpha=0.85)
        right.errorbar(values.mean(), i, xerr=values.std(ddof=1) if len(values) > 1 else 0, fmt="|",
                       color="black", ms=14, mew=2, capsize=4)
    right.axvline(98.0, color=GRAY, ls=":")
    right.set_yticks(range(len(rows)), [f"{label}\n({len(_ch08_row(runs, row))} semillas)" for row, label, _ in rows],
                     fontsize=8)
    right.set_ylim(len(rows) - 0.4, -0.6)
    right.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
    right.set(xlabel="exactitud en prueba (%), época elegida en validación",
              title="Prueba, leída una vez (media ± desviación típica)")
    right.grid(alpha=0.3, axis="x")
    fig.suptitle("Del 95 % al 98 %: [784, 200, 10], softmax + log-verosimilitud, pesos N(0, 1/n_in), L2 (λ = 5)",
                 fontsize=10)
    spanish_axes(left)
    _ch08_spanish_x(right)
    _save(fig, path)


def fig_ch08_velocidad(path):
    """Segundos por época: minilote como matriz (float64, float32) frente al bucle por ejemplo."""
    from nn_core.formatting import num

    bench = _ch08_results().get("benchmark")
    if not bench:
        raise KeyError("results/experiments.json no tiene banco de pruebas: "
                       "ejecuta «python scripts/experiments.py --benchmark».")
    rows = bench["rows"]
    labels = [f"{r['method']}\n{r['dtype']}, m = {r['mini_batch_size']}" for r in rows]
    seconds = [r["seconds_per_epoch"] for r in rows]
    colors = [RED if r["method"].startswith("bucle") else (GREEN if r["dtype"] == "float32" else BLUE)
              for r in rows]
    fig, ax = plt.subplots(figsize=(8, 0.7 * len(rows) + 1.2))
    ax.barh(labels, seconds, color=colors)
    for i, s in enumerate(seconds):
        ax.text(s, i, f" {num(s, 2)} s", va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max(seconds) * 1.2)
    ax.set_xlabel(f"segundos por época ({num(bench['n_examples'])} ejemplos, un hilo de BLAS)")
    ax.set_title("[784, 30, 10], sigmoide + cuadrático, η = 3")
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(alpha=0.3, axis="x")
    _ch08_spanish_x(ax)
    _save(fig, path)


def _ch08_or_placeholder(fn):
    """Si faltan filas en el fichero, la figura lo dice (en lugar de no existir o de mostrar datos viejos)."""
    import functools

    @functools.wraps(fn)
    def wrapper(path):
        try:
            fn(path)
        except KeyError as err:
            plt.close("all")
            fig, ax = plt.subplots(figsize=(8, 2))
            ax.axis("off")
            ax.text(0.5, 0.5, f"Aún no hay resultados para esta figura:\n{err.args[0]}", ha="center", va="center",
                    wrap=True, fontsize=9)
            _save(fig, path)
    return wrapper


FIGURES.update({
    "ch08_libro_vs_nuestro": _ch08_or_placeholder(fig_ch08_libro_vs_nuestro),
    "ch08_capitulo1": _ch08_or_placeholder(fig_ch08_capitulo1),
    "ch08_eta": _ch08_or_placeholder(fig_ch08_eta),
    "ch08_entropia": _ch08_or_placeholder(fig_ch08_entropia),
    "ch08_sobreajuste": _ch08_or_placeholder(fig_ch08_sobreajuste),
    "ch08_l2": _ch08_or_placeholder(fig_ch08_l2),
    "ch08_inicializacion": _ch08_or_placeholder(fig_ch08_inicializacion),
    "ch08_mejor": _ch08_or_placeholder(fig_ch08_mejor),
    "ch08_velocidad": _ch08_or_placeholder(fig_ch08_velocidad),
})

# --------------------------------------------------------------------------- fin del capítulo 08


if __name__ == "__main__":
    sys.exit(main())
