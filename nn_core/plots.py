"""Gráficas con matplotlib: dígitos, curvas de entrenamiento, matriz de confusión y una neurona.

Son funciones normales, sin widgets: sirven en los capítulos, en el script de figuras y dentro
de los paneles de ``nn_core.widgets``.

- Las que dibujan en unos ejes aceptan ``ax=None`` (o ``axes=None``, ``fig=None``): si no se
  dan, crean una figura nueva con pyplot, que el cuaderno muestra al final de la celda.
  Todas devuelven la ``Figure``. En un cuaderno, escribe ``fig = plot_x(...)`` o termina la
  línea con ``;`` para no ver la figura dos veces.
- ``figure_to_png(fig)`` convierte una figura en los bytes de un PNG; los paneles la usan con
  figuras creadas sin pyplot (``matplotlib.figure.Figure``), que pueden dibujarse desde otro
  hilo.
"""

import io

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .activations import get_activation
from .formatting import num, pct, spanish_axes

#: Los colores de las curvas: entrenamiento y validación (o evaluación).
TRAINING_COLOR = "tab:blue"
EVALUATION_COLOR = "tab:orange"
#: Las cuatro entradas de las puertas lógicas y la salida esperada de cada puerta.
GATE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
GATES = {
    "AND": np.array([0, 0, 0, 1]),
    "OR": np.array([0, 1, 1, 1]),
    "XOR": np.array([0, 1, 1, 0]),
}
NEURON_ACTIVATIONS = {"sigmoid": "sigmoide", "relu": "ReLU", "step": "escalón"}


#: Clases como mucho en una matriz de confusión (se comprueba antes de reservar memoria).
MAX_CLASSES = 1000


# --------------------------------------------------------------------------- utilidades

def _memory(n_bytes):
    """«8 MB», «80 GB»…: la memoria que ocuparían ``n_bytes``, en español."""
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n_bytes >= size:
            return f"{num(n_bytes / size, 1)} {unit}"
    return f"{num(int(n_bytes))} B"


def _figure(figsize):
    """Una figura nueva de pyplot (el cuaderno la mostrará al terminar la celda)."""
    import matplotlib.pyplot as plt

    return plt.figure(figsize=figsize, layout="constrained")


def new_figure(figsize=(6.4, 4.0), dpi=100, layout="constrained"):
    """Una ``Figure`` sin pyplot: no se muestra sola y puede dibujarse desde otro hilo.

    ``layout=None`` ahorra el cálculo automático de márgenes (ajústelos con
    ``fig.subplots_adjust``), útil para figuras que se redibujan a menudo.
    """
    return Figure(figsize=figsize, dpi=dpi, layout=layout)


def figure_to_png(fig, dpi=None):
    """Los bytes PNG de la figura ``fig`` (para un ``ipywidgets.Image``)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def digit_to_png(image, scale=2, color=None):
    """Los bytes PNG de un dígito ``image`` (28, 28) o (784,), ampliado ``scale`` veces.

    Sin matplotlib (rápido): blanco el fondo, negro el trazo. ``color``: (r, g, b) de 0 a 255
    para un marco de 1 píxel, o None.
    """
    import zlib
    import struct

    img = _as_images(np.asarray(image).reshape(1, -1))[0]
    gray = (255 - np.clip(img, 0, 1) * 255).astype(np.uint8)
    gray = np.kron(gray, np.ones((scale, scale), dtype=np.uint8))
    rgb = np.repeat(gray[:, :, None], 3, axis=2)
    if color is not None:
        rgb[0, :], rgb[-1, :], rgb[:, 0], rgb[:, -1] = color, color, color, color
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[i].tobytes() for i in range(h))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def _as_images(images):
    """Acepta (n, 28, 28), (n, 784), (784, n) o (28, 28) / (784,) y devuelve (n, 28, 28)."""
    images = np.asarray(images, dtype=float)
    if images.ndim == 1 and images.size == 784:
        return images.reshape(1, 28, 28)
    if images.ndim == 2 and images.shape == (28, 28):
        return images.reshape(1, 28, 28)
    if images.ndim == 3 and images.shape[1:] == (28, 28):
        return images
    if images.ndim == 2 and images.shape[1] == 784:
        return images.reshape(-1, 28, 28)
    if images.ndim == 2 and images.shape[0] == 784:
        return images.T.reshape(-1, 28, 28)
    raise ValueError(
        "Las imágenes deben tener forma (n, 28, 28), (n, 784) o (784, n) (una imagen por "
        f"columna); se recibió {images.shape}."
    )


def _history_dict(history):
    if isinstance(history, dict):
        return history
    if hasattr(history, "as_dict"):
        return history.as_dict()
    raise TypeError(
        f"Se esperaba un nn_core.History o su as_dict(); se recibió {type(history).__name__}."
    )


# --------------------------------------------------------------------------- dígitos

def plot_digits(images, labels=None, predictions=None, ncols=10, ax=None, fig=None, titles=None):
    """Una cuadrícula de dígitos.

    - ``images``: (n, 28, 28), (n, 784) o (784, n) (una imagen por columna, como ``Dataset.x``).
    - ``labels``: (n,) etiquetas verdaderas, o None.
    - ``predictions``: (n,) dígitos predichos, o None. Si se dan con ``labels``, los errores
      salen en rojo con el título «verdadero → predicho».
    - ``ncols``: columnas de la cuadrícula.
    - ``ax``: unos ejes donde dibujar todos los dígitos como un mosaico (con sus títulos
      encima de cada uno); ``fig``: una ``Figure`` donde crear un eje por dígito. Sin ninguno
      de los dos, una figura nueva.
    - ``titles``: (n,) textos que sustituyen a los títulos automáticos, o None.

    Devuelve la ``Figure``.
    """
    images = _as_images(images)
    n = len(images)
    if n == 0:
        raise ValueError("No hay imágenes que dibujar (n = 0).")
    labels = None if labels is None else np.asarray(labels).ravel()
    predictions = None if predictions is None else np.asarray(predictions).ravel()
    for name, arr in (("labels", labels), ("predictions", predictions)):
        if arr is not None and len(arr) != n:
            raise ValueError(f"'{name}' tiene {len(arr)} elementos y hay {n} imágenes; deben coincidir.")
    ncols = max(1, min(int(ncols), n))
    nrows = int(np.ceil(n / ncols))
    if ax is not None:
        return _digit_mosaic(ax, images, [_digit_title(i, labels, predictions, titles)
                                          for i in range(n)], ncols)
    if fig is None:
        fig = _figure((min(1.0 * ncols, 10), 1.15 * nrows + 0.2))
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False).ravel())
    for i, ax in enumerate(axes):
        ax.set_axis_off()
        if i >= n:
            continue
        ax.imshow(images[i], cmap="gray_r", vmin=0, vmax=1)
        title, color = _digit_title(i, labels, predictions, titles)
        if title is not None:
            ax.set_title(title, fontsize=9, color=color)
    return fig


def _digit_title(i, labels, predictions, titles):
    """(título, color) del dígito i: «7», «7 → 2» en rojo si es un error, o el de ``titles``."""
    color = "black"
    title = None
    if labels is not None and predictions is not None:
        wrong = labels[i] != predictions[i]
        title = f"{labels[i]} → {predictions[i]}" if wrong else f"{labels[i]}"
        color = "tab:red" if wrong else "black"
    elif labels is not None:
        title = f"{labels[i]}"
    elif predictions is not None:
        title = f"pred. {predictions[i]}"
    if titles is not None:
        title = str(titles[i])
    return title, color


def _digit_mosaic(ax, images, titles, ncols):
    """Todos los dígitos (n, 28, 28) en una sola imagen dentro de ``ax``, con sus títulos."""
    n = len(images)
    nrows = int(np.ceil(n / ncols))
    gap, top = 2, 12 if any(t for t, _ in titles) else 0
    cell_w, cell_h = 28 + gap, 28 + gap + top
    mosaic = np.zeros((nrows * cell_h, ncols * cell_w))
    for i, img in enumerate(images):
        r, c = divmod(i, ncols)
        mosaic[r * cell_h + top:r * cell_h + top + 28, c * cell_w:c * cell_w + 28] = img
    ax.imshow(mosaic, cmap="gray_r", vmin=0, vmax=1)
    for i, (title, color) in enumerate(titles):
        if title is not None:
            r, c = divmod(i, ncols)
            ax.text(c * cell_w + 14, r * cell_h + top - 2, title, ha="center", va="bottom",
                    fontsize=8, color=color)
    ax.set_axis_off()
    return ax.figure


# --------------------------------------------------------------------------- curvas

def plot_history(history, axes=None, title=None, live=None, max_epoch=None, accuracy_range=(0, 100)):
    """Las curvas de coste y de exactitud por época, de entrenamiento y de validación.

    ``history``: un ``nn_core.History`` o su ``as_dict()`` (listas ``epochs``,
    ``training_cost``, ``training_accuracy``, ``evaluation_cost``, ``evaluation_accuracy``;
    exactitudes entre 0 y 1). Una lista vacía no se dibuja. ``axes``: dos ejes (coste,
    exactitud) o None.

    - ``live``: medidas de validación tomadas también *durante* las épocas, un dict con listas
      ``epoch`` (fraccionaria: 1,5 = media época 2), ``cost`` y ``accuracy``; si se da, la curva de
      validación se dibuja con ellas (el panel de entrenamiento las usa para que la curva avance
      varias veces por época).
    - ``max_epoch``: fija el eje de épocas de 0 a ``max_epoch`` (las curvas crecen sobre él).
    - ``accuracy_range``: el eje de exactitud, en %. Por defecto fijo, de 0 a 100 (con la línea
      del azar, 10 %): así una red que no aprende no parece aprender por un eje que se ajusta solo.

    Devuelve la ``Figure``.
    """
    h = _history_dict(history)
    if axes is None:
        fig = _figure((9, 3.6))
        axes = fig.subplots(1, 2)
    ax_cost, ax_acc = axes
    epochs = list(h.get("epochs", []))
    for key, label, color in (("training", "entrenamiento", TRAINING_COLOR),
                              ("evaluation", "validación", EVALUATION_COLOR)):
        cost = list(h.get(f"{key}_cost", []))
        acc = list(h.get(f"{key}_accuracy", []))
        if key == "evaluation" and live is not None and len(live.get("epoch", [])):
            _plot_live(ax_cost, ax_acc, live, color, label, "-")
            continue
        if cost:
            ax_cost.plot(epochs[:len(cost)], cost, "o-", color=color, label=label, markersize=3)
        if acc:
            ax_acc.plot(epochs[:len(acc)], 100 * np.asarray(acc), "o-", color=color, label=label,
                        markersize=3)
    _decorate_curves(ax_cost, ax_acc, epochs, max_epoch=max_epoch, accuracy_range=accuracy_range)
    if title:
        ax_cost.figure.suptitle(title)
    return ax_cost.figure


def _plot_live(ax_cost, ax_acc, live, color, label, style):
    """La curva de validación medida varias veces por época (``live``: epoch, cost, accuracy)."""
    x = np.asarray(live["epoch"], dtype=float)
    ends = np.isclose(x, np.round(x))  # los puntos de final de época llevan marcador
    for ax, values, scale in ((ax_cost, live.get("cost", []), 1), (ax_acc, live.get("accuracy", []), 100)):
        if len(values):
            y = scale * np.asarray(values, dtype=float)
            n = min(len(x), len(y))
            ax.plot(x[:n], y[:n], style, color=color, label=label, linewidth=1.4)
            ax.plot(x[:n][ends[:n]], y[:n][ends[:n]], "o", color=color, markersize=3, label="_final de época")


def _decorate_curves(ax_cost, ax_acc, epochs, max_epoch=None, accuracy_range=(0, 100)):
    """Títulos, ejes (exactitud fija de 0 a 100 % con la línea del azar), números a la española y
    la leyenda fuera de los datos."""
    ax_cost.set_title("Coste")
    ax_cost.set_xlabel("época")
    ax_cost.set_ylabel("coste medio")
    ax_acc.set_title("Exactitud")
    ax_acc.set_xlabel("época")
    ax_acc.set_ylabel("exactitud (%)")
    if accuracy_range is not None:
        lo, hi = accuracy_range
        ax_acc.set_ylim(lo, hi)
        if lo <= 10 <= hi:
            ax_acc.axhline(10, color="gray", linestyle=":", linewidth=1, label="_azar")
            ax_acc.annotate("azar (10\u00a0%)", (0, 10), xycoords=("axes fraction", "data"),
                            xytext=(3, 2), textcoords="offset points", fontsize=7, color="gray")
    for ax in (ax_cost, ax_acc):
        ax.grid(alpha=0.3)
        top = max_epoch if max_epoch else (max(epochs) if epochs else None)
        if top:
            ax.set_xlim(0 if max_epoch else 0.5, top + (0.2 if max_epoch else 0.5))
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    spanish_axes(ax_cost, ax_acc)
    _legend_outside(ax_cost, ax_acc)


def _legend_outside(ax_cost, ax_acc):
    """Una leyenda, fuera de los datos: debajo de las dos gráficas (o a la derecha, si la figura
    no calcula sola sus márgenes)."""
    handles, labels = [], []
    for ax in (ax_cost, ax_acc):
        for handle, label in zip(*ax.get_legend_handles_labels()):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    if not handles:
        return
    fig = ax_cost.figure
    engine = fig.get_layout_engine()
    ncol = min(len(labels), 2 if max(len(t) for t in labels) > 28 else 4)
    if engine is not None and type(engine).__name__ == "ConstrainedLayoutEngine" and len(fig.axes) == 2:
        fig.legend(handles, labels, loc="outside lower center", ncol=ncol, fontsize=8, frameon=False)
    elif engine is None and len(fig.axes) == 2 and fig.subplotpars.bottom >= 0.25:
        # Una figura con márgenes fijos que deja sitio debajo (la de los paneles): ahí va la leyenda.
        fig.legend(handles, labels, loc="lower center", ncol=ncol, fontsize=8, frameon=False,
                   bbox_to_anchor=(0.5, 0.0))
    else:
        ax_acc.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8,
                      frameon=False, borderaxespad=0)


def plot_comparison(histories, axes=None, live=None, max_epoch=None, accuracy_range=(0, 100)):
    """Las curvas de varias configuraciones juntas, para compararlas.

    ``histories``: {nombre: History (o su as_dict())}, p. ej. {"η = 0,1": h1, "η = 3": h2}.
    Línea continua: validación; discontinua: entrenamiento. ``axes``: dos ejes (coste,
    exactitud) o None. ``live``: {nombre: medidas durante las épocas} como en ``plot_history``;
    ``max_epoch`` y ``accuracy_range``, también como en ``plot_history``. La leyenda va fuera de
    los datos. Devuelve la ``Figure``.
    """
    if not isinstance(histories, dict) or not histories:
        raise TypeError("'histories' debe ser un diccionario no vacío {nombre: History}.")
    if axes is None:
        fig = _figure((9, 3.8))
        axes = fig.subplots(1, 2)
    ax_cost, ax_acc = axes
    colors = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown"]
    all_epochs = []
    live = live or {}
    for i, (name, history) in enumerate(histories.items()):
        h = _history_dict(history)
        color = colors[i % len(colors)]
        epochs = list(h.get("epochs", []))
        all_epochs += epochs
        for key, style, suffix in (("evaluation", "o-", "validación"),
                                   ("training", "--", "entrenamiento")):
            cost = list(h.get(f"{key}_cost", []))
            acc = list(h.get(f"{key}_accuracy", []))
            label = f"{name} ({suffix})"
            if key == "evaluation" and name in live and len(live[name].get("epoch", [])):
                _plot_live(ax_cost, ax_acc, live[name], color, label, "-")
                continue
            if cost:
                ax_cost.plot(epochs[:len(cost)], cost, style, color=color, label=label,
                             markersize=3)
            if acc:
                ax_acc.plot(epochs[:len(acc)], 100 * np.asarray(acc), style, color=color,
                            label=label, markersize=3)
    _decorate_curves(ax_cost, ax_acc, all_epochs, max_epoch=max_epoch, accuracy_range=accuracy_range)
    return ax_cost.figure


# --------------------------------------------------------------------------- evaluación

def confusion_matrix(labels, predictions, n_classes=10):
    """La matriz de confusión: ``cm[i, j]`` = ejemplos del dígito i que la red llamó j.

    ``labels``, ``predictions``: (n,) enteros de 0 a ``n_classes``-1. Devuelve
    (n_classes, n_classes) enteros: filas = dígito verdadero, columnas = predicho.
    """
    if isinstance(n_classes, (bool, np.bool_)) or not isinstance(n_classes, (int, np.integer)) \
            or n_classes < 1:
        raise ValueError(f"'n_classes' debe ser un entero positivo; se recibió {n_classes!r}.")
    if n_classes > MAX_CLASSES:
        raise ValueError(
            f"n_classes = {num(int(n_classes))} pediría una matriz de {num(int(n_classes))} × "
            f"{num(int(n_classes))} enteros ({_memory(8 * int(n_classes) ** 2)}); como mucho {num(MAX_CLASSES)} clases."
        )
    labels = np.asarray(labels)
    predictions = np.asarray(predictions)
    if labels.shape != predictions.shape or labels.ndim != 1:
        raise ValueError(
            "'labels' y 'predictions' deben ser vectores (n,) del mismo tamaño; "
            f"se recibieron {labels.shape} y {predictions.shape}."
        )
    for name, arr in (("labels", labels), ("predictions", predictions)):
        if arr.size and (not np.issubdtype(arr.dtype, np.integer) or arr.min() < 0
                         or arr.max() >= n_classes):
            raise ValueError(f"'{name}' debe contener enteros entre 0 y {n_classes - 1}.")
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (labels, predictions), 1)
    return cm


def plot_confusion_matrix(cm, ax=None, title="Matriz de confusión"):
    """Dibuja la matriz de confusión ``cm`` (k, k) con el número de ejemplos en cada casilla.

    Filas: dígito verdadero; columnas: dígito predicho. La diagonal son los aciertos.
    Devuelve la ``Figure``.
    """
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"La matriz de confusión debe ser cuadrada (k, k); tiene forma {cm.shape}.")
    if ax is None:
        ax = _figure((5.6, 5.0)).subplots()
    k = cm.shape[0]
    # Color: la fracción de cada fila (así los errores se ven aunque haya pocos).
    rows = cm.sum(axis=1, keepdims=True)
    frac = np.divide(cm, rows, out=np.zeros(cm.shape, dtype=float), where=rows > 0)
    shown = np.where(np.eye(k, dtype=bool), 0.0, frac)
    ax.imshow(shown, cmap="Reds", vmin=0, vmax=max(shown.max(), 1e-9) * 1.2)
    for i in range(k):
        for j in range(k):
            ax.text(j, i, num(int(cm[i, j])), ha="center", va="center", fontsize=8,
                    fontweight="bold" if i == j else "normal",
                    color="tab:green" if i == j else "black")
    ax.set_xticks(range(k))
    ax.set_yticks(range(k))
    ax.set_xlabel("dígito predicho")
    ax.set_ylabel("dígito verdadero")
    total = int(cm.sum())
    correct = int(np.trace(cm))
    share = pct(correct / total, 2) if total else "sin ejemplos"
    ax.set_title(f"{title}\n{num(correct)} de {num(total)} aciertos ({share})", fontsize=10)
    return ax.figure


def plot_output_activations(a, label=None, ax=None, title=None):
    """Diagrama de barras de las 10 activaciones de salida a^L de un ejemplo.

    ``a``: (10,) o (10, 1). La barra más alta (la predicción) en azul; si se da ``label``
    (el dígito verdadero) y no coincide, esa barra sale en verde y la predicción en rojo.
    Devuelve la ``Figure``.
    """
    a = np.asarray(a, dtype=float).ravel()
    if a.size < 2:
        raise ValueError(f"Se esperaba un vector de activaciones (n_L,) o (n_L, 1); tiene {a.size} elementos.")
    if ax is None:
        ax = _figure((5, 2.8)).subplots()
    pred = int(np.argmax(a))
    colors = ["lightgray"] * a.size
    colors[pred] = "tab:blue" if label is None or int(label) == pred else "tab:red"
    if label is not None and int(label) != pred:
        colors[int(label)] = "tab:green"
    ax.bar(range(a.size), a, color=colors)
    ax.set_xticks(range(a.size))
    ax.set_xlabel("neurona de salida (dígito)")
    ax.set_ylabel("activación $a^L_j$")
    top = max(1.0, float(a.max()))
    ax.set_ylim(min(0.0, float(a.min())), top * 1.08)
    ax.grid(axis="y", alpha=0.3)
    spanish_axes(ax)
    if title is None:
        title = f"Salida de la red: predice {pred}"
        if label is not None:
            title += f" (es un {int(label)})"
    ax.set_title(title, fontsize=10)
    return ax.figure


def misclassified(network, dataset, limit=None):
    """Índices de los ejemplos de ``dataset`` que la red clasifica mal, del más seguro al menos.

    Se ordenan por la activación de la neurona ganadora, a^L_j con j = predicción.
    ``dataset``: un ``Dataset`` (``x`` (784, n), ``labels`` (n,)). ``limit``: cuántos índices
    devolver como mucho (None = todos). Devuelve (k,) enteros.
    """
    a = network.feedforward(dataset.x)
    predictions = np.argmax(a, axis=0)
    wrong = np.flatnonzero(predictions != dataset.labels)
    confidence = a[predictions[wrong], wrong]
    order = wrong[np.argsort(-confidence, kind="stable")]
    if limit is not None:
        order = order[:int(limit)]
    return order


def plot_misclassified(network, dataset, limit=20, ncols=10, fig=None):
    """Los ``limit`` dígitos mal clasificados con más seguridad, con «verdadero → predicho» y la
    activación de la neurona ganadora (a = 0,99: una activación sigmoide, no una probabilidad).

    ``dataset``: un ``Dataset``. Devuelve la ``Figure`` (si no hay errores, una figura con un
    aviso).
    """
    idx = misclassified(network, dataset, limit)
    if len(idx) == 0:
        if fig is None:
            fig = _figure((6, 1))
        fig.text(0.5, 0.5, "La red no se equivoca en ningún ejemplo.", ha="center", va="center")
        return fig
    a = network.feedforward(dataset.x[:, idx])
    predictions = np.argmax(a, axis=0)
    labels = dataset.labels[idx]
    titles = [f"{t} → {p}\na = {num(float(a[p, k]), 2)}" for k, (t, p) in enumerate(zip(labels, predictions))]
    ncols = min(ncols, len(idx))
    if fig is None:
        nrows = int(np.ceil(len(idx) / ncols))
        fig = _figure((min(1.0 * ncols, 10), 1.35 * nrows + 0.4))
    plot_digits(dataset.x[:, idx], labels, predictions, ncols=ncols, fig=fig, titles=titles)
    for ax in fig.axes:
        if ax.get_title():
            ax.title.set_color("tab:red")
    fig.suptitle("Errores de la red: verdadero → predicho (activación de la ganadora)", fontsize=10)
    return fig


# --------------------------------------------------------------------------- una neurona

def _signed(v, first=False):
    """«−3» o «+ 2,5» (con «− » si es negativo y no es el primer término)."""
    if first:
        return num(float(f"{v:g}"))
    return f"− {num(float(f'{-v:g}'))}" if v < 0 else f"+ {num(float(f'{v:g}'))}"


def neuron_output(w1, w2, b, x1, x2, activation="sigmoid"):
    """La salida de una neurona con dos entradas: σ(w1·x1 + w2·x2 + b).

    ``x1``, ``x2``: arrays de la misma forma. ``activation``: 'sigmoid', 'relu' o 'step'
    (escalón: 1 si z > 0, si no 0, el perceptrón). Devuelve un array de esa forma.
    """
    z = w1 * np.asarray(x1, dtype=float) + w2 * np.asarray(x2, dtype=float) + b
    if activation == "step":
        return (z > 0).astype(float)
    if activation not in ("sigmoid", "relu"):
        raise ValueError(
            f"Activación desconocida: {activation!r}. Se esperaba 'sigmoid', 'relu' o 'step'."
        )
    with np.errstate(over="ignore"):
        return get_activation(activation).fn(z)


def neuron_gates(w1, w2, b, activation="sigmoid", threshold=0.5):
    """Qué puertas lógicas (AND, OR, XOR) reproduce la neurona si su salida se corta en ``threshold``.

    Devuelve {"AND": bool, "OR": bool, "XOR": bool}.
    """
    out = neuron_output(w1, w2, b, GATE_INPUTS[:, 0], GATE_INPUTS[:, 1], activation)
    bits = (out > threshold).astype(int)
    return {gate: bool(np.array_equal(bits, target)) for gate, target in GATES.items()}


def plot_neuron(w1, w2, b, activation="sigmoid", ax=None, extent=(-0.5, 1.5), resolution=121):
    """La salida de una neurona σ(w1·x1 + w2·x2 + b) sobre el plano de entradas (x1, x2).

    El plano va de ``extent[0]`` a ``extent[1]`` en cada eje (por defecto [−0,5; 1,5]²). Se
    marcan las cuatro entradas (0,0), (0,1), (1,0), (1,1) con la salida de la neurona y lo que
    piden AND, OR y XOR; la línea discontinua es donde la salida vale 0,5 (la frontera de
    decisión). El título dice qué puertas reproduce. Devuelve la ``Figure``.
    """
    if ax is None:
        ax = _figure((5.2, 4.4)).subplots()
    lo, hi = extent
    grid = np.linspace(lo, hi, resolution)
    x1, x2 = np.meshgrid(grid, grid)
    out = neuron_output(w1, w2, b, x1, x2, activation)
    vmax = 1.0 if activation != "relu" else max(1.0, float(out.max()))
    image = ax.imshow(out, origin="lower", extent=(lo, hi, lo, hi), cmap="viridis", vmin=0,
                      vmax=vmax, aspect="equal", interpolation="nearest")
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="salida de la neurona")
    spanish_axes(colorbar.ax)
    if out.min() < 0.5 < out.max():
        ax.contour(x1, x2, out, levels=[0.5], colors="white", linestyles="--", linewidths=1.2)
    corner = neuron_output(w1, w2, b, GATE_INPUTS[:, 0], GATE_INPUTS[:, 1], activation)
    for (p1, p2), value, k in zip(GATE_INPUTS, corner, range(4)):
        filled = value > 0.5
        ax.scatter([p1], [p2], s=90, c="white" if filled else "black", edgecolors="white"
                   if not filled else "black", linewidths=1.5, zorder=3)
        wants = " ".join(f"{g}={GATES[g][k]}" for g in GATES)
        ax.annotate(f"({p1}, {p2}) → {num(float(value), 2)}\n{wants}", (p1, p2), textcoords="offset points",
                    xytext=(0, 9 if p2 == 1 else -22), ha="center", fontsize=7, color="white",
                    bbox=dict(boxstyle="round,pad=0.2", fc="black", alpha=0.55, lw=0))
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    spanish_axes(ax)
    gates = neuron_gates(w1, w2, b, activation)
    solved = "  ".join(f"{g} {'✔' if ok else '✘'}" for g, ok in gates.items())
    name = NEURON_ACTIVATIONS.get(activation, activation)
    ax.set_title(f"{name}({_signed(w1, first=True)}·x₁ {_signed(w2)}·x₂ {_signed(b)})\n{solved}",
                 fontsize=10)
    return ax.figure
