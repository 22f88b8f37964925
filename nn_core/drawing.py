"""«Dibuja tu dígito»: un lienzo para dibujar con el ratón, el preprocesado de MNIST y la respuesta de la red.

Uso en un cuaderno (una línea)::

    from nn_core.drawing import drawing_panel
    drawing_panel()                 # o drawing_panel(net) con una red ya entrenada

El lector dibuja en un lienzo de ipycanvas con trazos gruesos y redondeados, pulsa «Reconocer» y
ve las etapas del preprocesado (su dibujo, recortado, escalado, centrado) junto a un dígito real
de MNIST, las 10 activaciones de salida en un diagrama de barras, el dígito que predice la red y
su confianza. Los trazos se guardan en Python (lista de puntos de cada trazo) y se rasterizan con
numpy (``rasterize_strokes``): no depende de leer los píxeles del navegador.

Desde Python (y en las pruebas) se puede dibujar sin ratón::

    panel.set_drawing(imagen)       # (H, W) en escala de grises o (H, W, 4) RGBA
    resultado = panel.recognize()   # RecognitionResult
"""

import numbers
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .formatting import num
from .preprocessing import STAGE_TITLES, mnistify_stages, to_column, to_grayscale

#: Lado del lienzo, en píxeles (10 veces el de MNIST).
CANVAS_SIDE = 280
#: Grosor del trazo, en píxeles del lienzo (≈ 2,4 píxeles de MNIST tras escalar un dígito de 200 px de alto a 20).
LINE_WIDTH = 24.0
#: Píxeles como mucho en ``rasterize_strokes`` (se comprueba antes de reservar memoria): 4 Mpx, 32 MB.
MAX_PIXELS = 4_000_000
#: Un dibujo cuya tinta ocupa menos de esta fracción del lado del lienzo (en alto y en ancho) es
#: demasiado pequeño para ser un dígito (un punto, una raya corta): la red respondería cualquier cosa.
MIN_DIGIT_FRACTION = 0.15
#: Tinta mínima para contar un píxel al medir el dibujo (ignora restos numéricos del fondo).
INK_THRESHOLD = 1e-3


def rasterize_strokes(strokes, shape=(CANVAS_SIDE, CANVAS_SIDE), line_width=LINE_WIDTH):
    """Dibuja trazos con una pluma redonda de grosor ``line_width`` → imagen (H, W) de tinta en [0, 1].

    ``strokes``: lista de trazos; cada trazo es una secuencia de puntos (x, y) en píxeles del
    lienzo (x = columna, y = fila, el origen arriba a la izquierda, como en el navegador). Un trazo
    de un solo punto es un punto redondo. ``shape`` = (H, W). Los bordes quedan suavizados: un
    píxel vale 1 si su centro está dentro del trazo y baja linealmente a 0 en un píxel de anchura.
    """
    h, w = _check_shape(shape)
    if isinstance(line_width, (bool, np.bool_)) or not isinstance(line_width, numbers.Real) \
            or not np.isfinite(line_width) or line_width <= 0:
        raise ValueError(f"El grosor del trazo debe ser un número positivo; se recibió {str(line_width)[:30]!r}.")
    if isinstance(strokes, (str, bytes)) or not hasattr(strokes, "__iter__"):
        raise TypeError("'strokes' debe ser una lista de trazos, cada uno una lista de puntos (x, y); "
                        f"se recibió {type(strokes).__name__}.")
    img = np.zeros((h, w))
    radius = float(line_width) / 2.0
    for stroke in strokes:
        try:
            points = np.asarray(stroke, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError("Cada trazo debe ser una lista de puntos (x, y) con números.") from None
        if points.size == 0:
            continue
        if points.ndim not in (1, 2) or points.shape[-1] != 2:
            raise ValueError(f"Cada punto de un trazo debe ser un par (x, y); un trazo tiene forma {points.shape}.")
        points = points.reshape(-1, 2)
        if not np.all(np.isfinite(points)):
            raise ValueError("Los puntos de un trazo deben ser números finitos (x, y).")
        segments = zip(points[:-1], points[1:]) if len(points) > 1 else [(points[0], points[0])]
        for p0, p1 in segments:
            _stamp_segment(img, p0, p1, radius)
    return img


def _check_shape(shape):
    """(H, W) como enteros positivos, y no más de ``MAX_PIXELS`` píxeles (antes de reservar nada)."""
    try:
        h, w = shape
    except (TypeError, ValueError):
        raise ValueError(f"La forma del lienzo debe ser (alto, ancho); se recibió {str(shape)[:40]!r}.") from None
    for v in (h, w):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (numbers.Integral, float)) \
                or not float(v).is_integer() or v < 1:
            raise ValueError(f"La forma del lienzo debe tener lados enteros positivos; se recibió {str(shape)[:40]}.")
    h, w = int(h), int(w)
    if h * w > MAX_PIXELS:
        raise ValueError(
            f"Un lienzo de {num(h)} × {num(w)} píxeles ocuparía {num(8 * h * w / 1e6, 0)} MB; como mucho "
            f"{num(MAX_PIXELS)} píxeles (p. ej. 2000 × 2000)."
        )
    return h, w


def check_drawing(ink):
    """Comprueba que ``ink`` (H, W), tinta en [0, 1], puede ser un dígito; si no, ``ValueError`` en español.

    - Sin tinta: «dibujo vacío».
    - Tinta que ocupa menos de ``MIN_DIGIT_FRACTION`` del lado del lienzo en alto y en ancho
      (un punto, una raya corta): «demasiado pequeño», con el tamaño que tiene.
    """
    ink = np.asarray(ink)
    mask = ink > INK_THRESHOLD
    if not mask.any():
        raise ValueError("El dibujo está vacío: dibuja un dígito del 0 al 9 (no hay ningún píxel con tinta) "
                         "y vuelve a intentarlo.")
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    height, width = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    side = max(ink.shape)
    if max(height, width) < MIN_DIGIT_FRACTION * side:
        raise ValueError(
            f"El dibujo es demasiado pequeño para ser un dígito: ocupa {height} × {width} píxeles de un lienzo de "
            f"{ink.shape[0]} × {ink.shape[1]}. Dibuja el dígito más grande (al menos "
            f"{int(np.ceil(MIN_DIGIT_FRACTION * side))} píxeles de alto) y vuelve a intentarlo."
        )
    return ink


def _stamp_segment(img, p0, p1, radius):
    """Pinta en ``img`` (H, W), en su sitio, el segmento p0-p1 con extremos redondos (máximo con lo que había)."""
    h, w = img.shape
    margin = radius + 1.0
    c0 = int(max(np.floor(min(p0[0], p1[0]) - margin), 0))
    c1 = int(min(np.ceil(max(p0[0], p1[0]) + margin), w))
    r0 = int(max(np.floor(min(p0[1], p1[1]) - margin), 0))
    r1 = int(min(np.ceil(max(p0[1], p1[1]) + margin), h))
    if c0 >= c1 or r0 >= r1:
        return
    # Centros de los píxeles de la ventana: el píxel (fila i, columna j) cubre [j, j+1) × [i, i+1).
    ys, xs = np.mgrid[r0:r1, c0:c1] + 0.5
    d = p1 - p0
    length2 = float(d @ d)
    if length2 > 0:
        t = np.clip(((xs - p0[0]) * d[0] + (ys - p0[1]) * d[1]) / length2, 0.0, 1.0)
    else:
        t = 0.0
    dist = np.hypot(xs - (p0[0] + t * d[0]), ys - (p0[1] + t * d[1]))
    coverage = np.clip(radius + 0.5 - dist, 0.0, 1.0)
    np.maximum(img[r0:r1, c0:c1], coverage, out=img[r0:r1, c0:c1])


@lru_cache(maxsize=4)
def _trained_default_network(seed):
    import nn_core as nc

    rng = np.random.default_rng(seed)
    data = nc.load_mnist()
    training = data.training.subset(10_000, rng)
    net = nc.Network([784, 100, 10], rng, cost="cross-entropy", init="scaled")
    nc.sgd(net, training, epochs=4, mini_batch_size=20, eta=1.0, rng=rng,
           monitor_training=False, monitor_evaluation=False)
    return net


def default_network(seed=0):
    """Una red [784, 100, 10] (sigmoide, entropía cruzada, inicialización escalada) entrenada al momento.

    4 épocas con 10 000 ejemplos de entrenamiento elegidos con la semilla ``seed`` (η = 1,0,
    minilotes de 20): unos segundos y en torno a un 95 % de exactitud en el conjunto de prueba.
    Se entrena una sola vez por semilla; cada llamada devuelve una copia.
    """
    return _trained_default_network(int(seed)).copy()


@dataclass
class RecognitionResult:
    """Lo que la red responde a un dibujo.

    - ``stages``: dict de etapas de ``mnistify_stages`` (la última, ``"centered"``, es (28, 28));
    - ``x``: (784, 1) la entrada a^0 de la red;
    - ``activations``: (10,) las activaciones de salida a^L;
    - ``prediction``: el dígito con mayor activación;
    - ``confidence``: su activación dividida por la suma de las 10 (con softmax, la propia activación);
    - ``reference``: (28, 28) un dígito real de MNIST de la clase predicha, para comparar.
    """

    stages: dict
    x: np.ndarray
    activations: np.ndarray
    prediction: int
    confidence: float
    reference: np.ndarray


def _check_network(network):
    """Comprueba que ``network`` es una red de 784 entradas y 10 salidas."""
    if not (hasattr(network, "feedforward") and hasattr(network, "sizes")):
        raise TypeError("'network' debe ser una red de nn_core (nc.Network), o None para entrenar una por "
                        f"defecto; se recibió {type(network).__name__}.")
    if network.sizes[0] != 784:
        raise ValueError(
            f"La red espera {network.sizes[0]} entradas y una imagen de MNIST tiene 784 píxeles: "
            "usa una red cuya primera capa tenga 784 neuronas."
        )
    if network.sizes[-1] != 10:
        raise ValueError(f"La red debe tener 10 neuronas de salida (una por dígito); tiene {network.sizes[-1]}.")


def recognize_image(network, image, data=None):
    """Preprocesa ``image`` como MNIST y la pasa por ``network`` → ``RecognitionResult``.

    ``image``: lo que acepta ``to_grayscale``, p. ej. (280, 280) de tinta en [0, 1] o (H, W, 4)
    RGBA. ``data``: un ``MnistSplits`` del que sacar el dígito real de referencia (por defecto,
    ``load_mnist()``). Un dibujo vacío o demasiado pequeño para ser un dígito (``check_drawing``)
    lanza ValueError con un mensaje en español.
    """
    import nn_core as nc

    _check_network(network)
    check_drawing(to_grayscale(image))
    stages = mnistify_stages(image)
    x = to_column(stages["centered"])
    activations = np.asarray(network.feedforward(x), dtype=np.float64)[:, 0]
    prediction = int(np.argmax(activations))
    total = float(activations.sum())
    confidence = float(activations[prediction] / total) if total > 0 else 0.0
    if data is None:
        data = nc.load_mnist()
    matches = np.flatnonzero(data.test.labels == prediction)
    reference = data.test.x[:, matches[0]].reshape(28, 28) if matches.size else np.zeros((28, 28))
    return RecognitionResult(stages, x, activations, prediction, confidence, np.asarray(reference, dtype=np.float64))


def plot_stages(stages, reference=None, reference_label=None, fig=None):
    """Las etapas de ``mnistify_stages`` una al lado de otra y, al final, un dígito real de MNIST.

    ``stages``: dict con las claves de ``STAGE_TITLES`` (imágenes 2-D de tinta en [0, 1]);
    ``reference``: (28, 28) o None. La tinta se dibuja en negro sobre blanco, como en el lienzo.
    Sin ``fig`` crea una figura de pyplot, que el cuaderno muestra al terminar la celda (el panel
    pasa una de ``nn_core.plots.new_figure``, que no se muestra sola). Devuelve la ``Figure``.
    """
    panels = [(STAGE_TITLES[k] + f"\n{stages[k].shape[0]}×{stages[k].shape[1]}", stages[k]) for k in STAGE_TITLES]
    if reference is not None:
        title = "MNIST real" + (f" (un {reference_label})" if reference_label is not None else "") + "\n28×28"
        panels.append((title, np.asarray(reference).reshape(28, 28)))
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(2.0 * len(panels), 2.4), layout="constrained")
    axes = fig.subplots(1, len(panels))
    for ax, (title, img) in zip(np.atleast_1d(axes), panels):
        ax.imshow(img, cmap="gray_r", vmin=0.0, vmax=1.0, interpolation="nearest")
        ax.set_title(title, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
    if "centered" in stages:
        # Marca el centro del campo de 28×28 en la imagen centrada.
        ax = np.atleast_1d(axes)[list(STAGE_TITLES).index("centered")]
        ax.axhline(14, color="tab:red", lw=0.6, alpha=0.6)
        ax.axvline(14, color="tab:red", lw=0.6, alpha=0.6)
    return fig


def __getattr__(name):
    """``from nn_core.drawing import drawing_panel, DrawingPanel`` sigue funcionando: el panel vive
    en ``nn_core.panels.drawing`` y se importa solo cuando se pide (así no hay importación circular)."""
    if name in ("DrawingPanel", "drawing_panel"):
        from .panels import drawing as _panel

        return getattr(_panel, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
