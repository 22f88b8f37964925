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

#: Filas de la comparación con el libro: (etiqueta, experimentos; si hay varios, cuenta el mejor).
CH08_TABLE = [
    ("[784, 30, 10] cuadrático, η = 3\n(mejor de 3 semillas)", ["cuadratico_30_s0", "cuadratico_30_s1", "cuadratico_30_s2"]),
    ("[784, 100, 10] cuadrático, η = 3", ["cuadratico_100"]),
    ("[784, 100, 10] cuadrático, η = 0,001", ["eta_0.001"]),
    ("[784, 30, 10] cuadrático, η = 100", ["eta_100"]),
    ("[784, 30, 10] entropía cruzada, η = 0,5", ["entropia_30"]),
    ("[784, 100, 10] entropía + L2 (λ = 5)\n(validación)", ["entropia_l2_100"]),
    ("1.000 imágenes, entropía", ["sobreajuste_1000"]),
    ("1.000 imágenes, entropía + L2 (λ = 0,1)", ["sobreajuste_1000_l2"]),
    ("primer intento, sigmoide (objetivo ≥ 98 %)", ["mejor_sigmoide"]),
    ("nuestra mejor red, ReLU (objetivo ≥ 98 %)", ["mejor"]),
]


def _ch08_runs():
    """Los experimentos de results/experiments.json ({nombre: registro})."""
    import json

    if not CH08_RESULTS.exists():
        raise FileNotFoundError(
            f"No existe {CH08_RESULTS.relative_to(ROOT)}: ejecuta antes «python scripts/experiments.py».")
    return json.loads(CH08_RESULTS.read_text(encoding="utf-8"))


def _ch08_curve(run, key):
    values = np.array(run["curves"][key], dtype=float)
    return 100 * values if key.endswith("accuracy") else values


def _ch08_require(runs, names):
    missing = [n for n in names if n not in runs]
    if missing:
        raise KeyError(f"Faltan experimentos en results/experiments.json: {', '.join(missing)}. "
                       f"Ejecútelos con «python scripts/experiments.py {' '.join(missing)}».")


def fig_ch08_libro_vs_nuestro(path):
    """Barras: la cifra del libro frente a la nuestra, con la misma medida."""
    runs = _ch08_runs()["runs"]
    rows = [(label, names) for label, names in CH08_TABLE if all(n in runs for n in names)]
    labels, book, ours = [], [], []
    for label, names in rows:
        metric = runs[names[0]]["book"]["metric"]
        labels.append(label)
        book.append(runs[names[0]]["book"]["value"])
        ours.append(max(runs[n]["summary"][metric] for n in names))
    y = np.arange(len(rows))
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(rows) + 1.2))
    ax.barh(y - 0.2, book, height=0.4, color=GRAY, label="libro (en las dos últimas filas, el objetivo)")
    ax.barh(y + 0.2, ours, height=0.4, color=BLUE, label="nuestro")
    for yi, b, o in zip(y, book, ours):
        ax.text(max(b, o) + 1, yi, f"{b:.2f} / {o:.2f}".replace(".", ","), va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 115)
    ax.set_xlabel("precisión (%): libro / nuestro (prueba salvo que se indique)")
    ax.set_title("El libro de Nielsen frente a nuestros resultados", pad=26)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=8, frameon=False)
    ax.grid(alpha=0.3, axis="x")
    _save(fig, path)


def fig_ch08_capitulo1(path):
    """Precisión en prueba por época: [784, 30, 10] con tres semillas y [784, 100, 10]."""
    runs = _ch08_runs()["runs"]
    names = ["cuadratico_30_s0", "cuadratico_30_s1", "cuadratico_30_s2", "cuadratico_100"]
    _ch08_require(runs, names)
    fig, ax = plt.subplots(figsize=(8, 3.8))
    for name, color in zip(names, [BLUE, GREEN, ORANGE, "black"]):
        run = runs[name]
        label = f"[784, 30, 10], semilla {run['seed']}" if name != "cuadratico_100" else "[784, 100, 10]"
        ax.plot(run["curves"]["epoch"], _ch08_curve(run, "test_accuracy"), "o-", ms=3, color=color, label=label)
    ax.axhline(95.42, color=BLUE, ls=":", label="libro: 95,42 %")
    ax.axhline(96.59, color="black", ls=":", label="libro: 96,59 %")
    ax.set(xlabel="época", ylabel="precisión en prueba (%)", ylim=(90, 98),
           title="Capítulo 1: sigmoide + coste cuadrático, η = 3,0, m = 10")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    _save(fig, path)


def fig_ch08_eta(path):
    """Los dos modos de fallo de la tasa de aprendizaje frente a η = 3."""
    runs = _ch08_runs()["runs"]
    _ch08_require(runs, ["eta_0.001", "cuadratico_30_s0", "eta_100"])
    fig, ax = plt.subplots(figsize=(8, 3.8))
    for name, label, color in (("eta_0.001", "η = 0,001, [784, 100, 10]", GREEN),
                               ("cuadratico_30_s0", "η = 3,0, [784, 30, 10]", BLUE),
                               ("eta_100", "η = 100, [784, 30, 10]", RED)):
        run = runs[name]
        ax.plot(run["curves"]["epoch"], _ch08_curve(run, "test_accuracy"), "o-", ms=3, color=color, label=label)
    ax.axhline(10, color=GRAY, ls=":", label="azar (10 %)")
    ax.set(xlabel="época", ylabel="precisión en prueba (%)", ylim=(0, 100),
           title="La tasa de aprendizaje: demasiado pequeña, adecuada y demasiado grande")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    _save(fig, path)


def fig_ch08_entropia(path):
    """Coste cuadrático frente a entropía cruzada en [784, 30, 10]."""
    runs = _ch08_runs()["runs"]
    _ch08_require(runs, ["cuadratico_30_s0", "entropia_30"])
    fig, ax = plt.subplots(figsize=(8, 3.8))
    for name, label, color in (("cuadratico_30_s0", "coste cuadrático, η = 3,0", BLUE),
                               ("entropia_30", "entropía cruzada, η = 0,5", ORANGE)):
        run = runs[name]
        ax.plot(run["curves"]["epoch"], _ch08_curve(run, "test_accuracy"), "o-", ms=3, color=color, label=label)
    ax.axhline(95.49, color=ORANGE, ls=":", label="libro, entropía cruzada: 95,49 %")
    ax.set(xlabel="época", ylabel="precisión en prueba (%)", ylim=(88, 97),
           title="[784, 30, 10]: coste cuadrático frente a entropía cruzada")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    _save(fig, path)


def fig_ch08_sobreajuste(path):
    """1.000 imágenes: entrenamiento frente a prueba, sin y con L2."""
    runs = _ch08_runs()["runs"]
    _ch08_require(runs, ["sobreajuste_1000", "sobreajuste_1000_l2"])
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
    for ax, name, title in ((axes[0], "sobreajuste_1000", "sin regularizar"),
                            (axes[1], "sobreajuste_1000_l2", "L2, λ = 0,1")):
        run = runs[name]
        epochs = run["curves"]["epoch"]
        ax.plot(epochs, _ch08_curve(run, "training_accuracy"), color=BLUE, label="entrenamiento (1.000)")
        ax.plot(epochs, _ch08_curve(run, "test_accuracy"), color=ORANGE, label="prueba (10.000)")
        book = run["book"]["value"]
        ax.axhline(book, color=ORANGE, ls=":", label=f"libro, pico en prueba: {book:.2f} %".replace(".", ","))
        ax.set(xlabel="época", title=title, ylim=(60, 101))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
    axes[0].set_ylabel("precisión (%)")
    fig.suptitle("Sobreajuste: [784, 30, 10] con las primeras 1.000 imágenes, entropía cruzada, η = 0,5", y=1.02)
    _save(fig, path)


def fig_ch08_mejor(path):
    """Del 95 % al 98 %: capítulo 1, capítulo 3 con L2 y nuestra mejor red."""
    runs = _ch08_runs()["runs"]
    _ch08_require(runs, ["cuadratico_30_s0", "entropia_l2_100", "mejor_sigmoide", "mejor"])
    fig, ax = plt.subplots(figsize=(8, 3.8))
    for name, label, color in (("cuadratico_30_s0", "cap. 1: [784, 30, 10] cuadrático", BLUE),
                               ("entropia_l2_100", "cap. 3: [784, 100, 10] entropía + L2", ORANGE),
                               ("mejor_sigmoide", "primer intento: sigmoide, η = 0,1 fija", "tab:purple"),
                               ("mejor", "nuestra mejor red: ReLU, η = 0,1 → 0,01", GREEN)):
        run = runs[name]
        ax.plot(run["curves"]["epoch"], _ch08_curve(run, "test_accuracy"), "o-", ms=3, color=color, label=label)
    ax.axhline(98.0, color=GRAY, ls=":", label="98 %")
    ax.set(xlabel="época", ylabel="precisión en prueba (%)", ylim=(90, 99), title="Del 95 % al 98 %")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    _save(fig, path)


def fig_ch08_velocidad(path):
    """Segundos por época: mini-lote como matriz (float64, float32) frente al bucle por ejemplo."""
    bench = _ch08_runs().get("benchmark")
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
        ax.text(s, i, f" {s:.2f} s".replace(".", ","), va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max(seconds) * 1.2)
    ax.set_xlabel(f"segundos por época ({bench['n_examples']:,} ejemplos)".replace(",", "."))
    ax.set_title("[784, 30, 10], sigmoide + cuadrático, η = 3,0")
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(alpha=0.3, axis="x")
    _save(fig, path)


FIGURES.update({
    "ch08_libro_vs_nuestro": fig_ch08_libro_vs_nuestro,
    "ch08_capitulo1": fig_ch08_capitulo1,
    "ch08_eta": fig_ch08_eta,
    "ch08_entropia": fig_ch08_entropia,
    "ch08_sobreajuste": fig_ch08_sobreajuste,
    "ch08_mejor": fig_ch08_mejor,
    "ch08_velocidad": fig_ch08_velocidad,
})

# --------------------------------------------------------------------------- fin del capítulo 08


if __name__ == "__main__":
    sys.exit(main())
