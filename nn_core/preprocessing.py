"""El preprocesado de MNIST, paso a paso, para que un dígito dibujado se parezca a los de MNIST.

LeCun, Cortes y Burges describen así cómo se hicieron las imágenes de MNIST: cada dígito de NIST
(blanco y negro) se **redujo para caber en una caja de 20×20** píxeles conservando la proporción
entre alto y ancho; el suavizado (*anti-aliasing*) de esa reducción dejó **niveles de gris**; y
después se **centró en un campo de 28×28** trasladándolo para que su **centro de masas** quedara en
el centro del campo.

Este módulo repite esos pasos con funciones pequeñas (solo numpy)::

    to_grayscale       imagen cualquiera         → (H, W) tinta en [0, 1]
    crop_to_bounding_box                          → (h, w) la caja que contiene la tinta
    scale_to_fit       (h, w)                     → (h', w') con max(h', w') = 20
    normalize_levels                              → el píxel más claro vale 1
    center_by_mass     (h', w')                   → (28, 28) con el centro de masas en (14, 14)
    mnistify           imagen cualquiera          → (28, 28), los pasos anteriores seguidos
    to_column          (28, 28)                   → (784, 1), la entrada a^0 de la red

Convenio de MNIST: el dígito es claro (1) sobre fondo oscuro (0). Llamamos «tinta» a ese valor.
"""

import math
import numbers

import numpy as np

from .validation import check_budget, excerpt

#: Lado de la caja en la que MNIST encaja cada dígito.
BOX_SIZE = 20
#: Lado de las imágenes de MNIST.
IMAGE_SIDE = 28

#: Títulos (en español) de cada etapa de ``mnistify_stages``, en orden.
STAGE_TITLES = {
    "drawing": "Tu dibujo",
    "cropped": "Recortado",
    "scaled": "Escalado (cabe en 20×20)",
    "centered": "Centrado en 28×28",
}

EMPTY_DRAWING_MESSAGE = (
    "El dibujo está vacío: dibuja un dígito (no hay ningún píxel con tinta) y vuelve a intentarlo."
)


def to_grayscale(image, invert=False):
    """Convierte una imagen a tinta en [0, 1] (1 = trazo, 0 = fondo), como en MNIST.

    Acepta:

    - un array 2-D (H, W) en escala de grises: enteros 0-255 (p. ej. uint8), booleanos o
      reales en [0, 1]. Se interpreta con el convenio de MNIST (claro = tinta); con
      ``invert=True``, al revés (oscuro = tinta, como un dibujo a lápiz sobre papel).
    - una imagen RGB (H, W, 3): la tinta es lo oscuro, ``1 - luminancia``, con la luminancia
      0,299 R + 0,587 G + 0,114 B. Se calcula como (299 (1 − R) + 587 (1 − G) + 114 (1 − B)) / 1000,
      con pesos enteros: el blanco da exactamente 0 de tinta y el negro exactamente 1.
    - una imagen RGBA (H, W, 4), como los datos de un lienzo del navegador:
      tinta = ``alfa × (1 - luminancia)``; un píxel transparente no tiene tinta y uno negro
      opaco tiene tinta 1.

    Devuelve un array float64 de forma (H, W) con valores en [0, 1].
    """
    if isinstance(image, (str, bytes)):
        raise TypeError(f"Se esperaba una imagen (un array de números); se recibió {type(image).__name__}.")
    try:
        arr = np.asarray(image)
    except Exception:  # p. ej. listas de longitudes distintas
        raise TypeError("Se esperaba una imagen (un array de números); no se pudo convertir "
                        f"{type(image).__name__} en un array rectangular.") from None
    if arr.dtype.kind not in "fiub":
        raise TypeError(f"Se esperaba una imagen de números; el array tiene dtype {arr.dtype}.")
    if arr.ndim == 2:
        levels = _levels_to_unit(arr)
        return 1.0 - levels if invert else levels
    if arr.ndim == 3 and arr.shape[2] in (3, 4):
        channels = _levels_to_unit(arr)
        r, g, b = channels[..., 0], channels[..., 1], channels[..., 2]
        # Pesos enteros que suman exactamente 1000: el blanco (1, 1, 1) da 0 de tinta exacto, no 1e-16.
        darkness = (299.0 * (1.0 - r) + 587.0 * (1.0 - g) + 114.0 * (1.0 - b)) / 1000.0
        if arr.shape[2] == 4:
            return np.clip(channels[..., 3] * darkness, 0.0, 1.0)
        return np.clip(darkness, 0.0, 1.0)
    raise ValueError(
        "Se esperaba una imagen en escala de grises (H, W), RGB (H, W, 3) o RGBA (H, W, 4); "
        f"se recibió un array de forma {arr.shape}."
    )


def _levels_to_unit(arr):
    """Enteros 0-255, booleanos o reales en [0, 1] (cualquier forma) → float64 en [0, 1]."""
    if arr.size == 0:
        raise ValueError(f"La imagen no tiene píxeles (forma {arr.shape}).")
    if arr.dtype == bool:
        return arr.astype(np.float64)
    if np.issubdtype(arr.dtype, np.integer):
        if arr.min() < 0 or arr.max() > 255:
            raise ValueError(
                "Los niveles de gris enteros deben estar entre 0 y 255; "
                f"van de {arr.min()} a {arr.max()}."
            )
        return arr.astype(np.float64) / 255.0
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError("La imagen contiene valores no finitos (NaN o infinito).")
    if arr.min() < -1e-9 or arr.max() > 1 + 1e-9:
        raise ValueError(
            "Los niveles de gris reales deben estar en [0, 1] (o usa enteros 0-255); "
            f"van de {arr.min():.4g} a {arr.max():.4g}."
        )
    return np.clip(arr, 0.0, 1.0)


def _check_2d(img, name="img"):
    try:
        img = np.asarray(img)
    except Exception:
        raise TypeError(f"'{name}' debe ser una imagen 2-D (H, W) de números; no se pudo convertir "
                        f"{type(img).__name__} en un array rectangular.") from None
    if img.dtype.kind not in "fiub":
        raise TypeError(f"'{name}' debe ser una imagen 2-D (H, W) de números reales; su dtype es {img.dtype}.")
    img = img.astype(np.float64, copy=False)
    if img.ndim != 2:
        raise ValueError(f"'{name}' debe ser una imagen 2-D (H, W); tiene forma {img.shape}.")
    if not np.isfinite(img).all():
        raise ValueError(f"'{name}' contiene valores no finitos (NaN o infinito).")
    return img


def _check_side(value, name):
    """Un lado en píxeles: entero ≥ 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"'{name}' debe ser un entero mayor o igual que 1 (píxeles); se recibió {excerpt(value)}.")
    return int(value)


def _check_threshold(threshold):
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or not math.isfinite(threshold):
        raise ValueError(f"'threshold' debe ser un número finito (la tinta mínima); se recibió {excerpt(threshold)}.")
    return float(threshold)


def bounding_box(img, threshold=0.0):
    """Filas y columnas que contienen tinta: ``(top, bottom, left, right)``, con bottom y right excluidos.

    ``img``: (H, W) tinta en [0, 1]; cuenta como tinta todo píxel mayor que ``threshold``.
    Lanza ValueError si no hay ningún píxel con tinta.
    """
    img = _check_2d(img)
    ink = img > _check_threshold(threshold)
    if not ink.any():
        raise ValueError(EMPTY_DRAWING_MESSAGE)
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def crop_to_bounding_box(img, threshold=0.0):
    """Recorta ``img`` (H, W) a la caja más pequeña que contiene toda la tinta → (h, w)."""
    top, bottom, left, right = bounding_box(img, threshold)
    return _check_2d(img)[top:bottom, left:right].copy()


def _resample_rows(img, n_out):
    """Remuestrea el eje de las filas de ``img`` (n_in, W) a n_out filas → (n_out, W).

    - Al reducir (n_out ≤ n_in), cada fila nueva cubre s = n_in / n_out filas viejas y vale su
      **media por área**, contando las fracciones de fila: es el suavizado que da niveles de gris.
      Se calcula con la suma acumulada (la «integral» de la imagen a lo largo del eje): la media
      sobre [a, b) es (S(b) - S(a)) / s.
    - Al ampliar (n_out > n_in), interpolación **lineal** entre las dos filas viejas más cercanas.

    Una imagen constante sigue constante.
    """
    n_in = img.shape[0]
    if n_out <= n_in:
        s = n_in / n_out
        cumulative = np.vstack([np.zeros((1, img.shape[1])), np.cumsum(img, axis=0)])  # (n_in + 1, W)
        edges = np.arange(n_out + 1) * s                   # bordes de las filas nuevas, en filas viejas
        k = np.minimum(np.floor(edges).astype(int), n_in - 1)
        integral = cumulative[k] + (edges - k)[:, None] * img[k]   # S(borde): tinta por encima del borde
        return np.diff(integral, axis=0) / s
    # Centro de la fila nueva i, medido en filas viejas (los centros viejos están en k + 0.5).
    u = np.clip((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0.0, n_in - 1)
    k0 = np.floor(u).astype(int)
    k1 = np.minimum(k0 + 1, n_in - 1)
    t = (u - k0)[:, None]
    return (1.0 - t) * img[k0] + t * img[k1]


def _check_shape(shape, name):
    """Una forma (h, w) de enteros ≥ 1."""
    if isinstance(shape, (str, bytes)) or not hasattr(shape, "__len__") or len(shape) != 2:
        raise ValueError(f"'{name}' debe ser una forma (h, w) de dos enteros; se recibió {excerpt(shape)}.")
    return _check_side(shape[0], f"{name}[0]"), _check_side(shape[1], f"{name}[1]")


def resize(img, shape):
    """Remuestrea ``img`` (H, W) a ``shape`` = (h, w): media por área al reducir, lineal al ampliar.

    Es separable: primero las filas, (H, W) → (h, W), y luego las columnas, (h, W) → (h, w).
    """
    img = _check_2d(img)
    h, w = _check_shape(shape, "shape")
    check_budget(h * max(w, img.shape[1]), f"Remuestrear a {h}×{w} píxeles")
    return _resample_rows(_resample_rows(img, h).T, w).T


def fit_shape(shape, size=BOX_SIZE):
    """Forma (h', w') que cabe en una caja ``size``×``size`` conservando la proporción de ``shape`` = (h, w).

    El lado mayor pasa a medir ``size`` y el menor se redondea (al menos 1 píxel).
    """
    if isinstance(shape, (str, bytes)) or not hasattr(shape, "__len__") or len(shape) != 2 or \
            any(isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 1 for v in shape):
        raise ValueError(f"La imagen debe tener al menos 1×1 píxeles: 'shape' = (h, w) enteros; "
                         f"se recibió {excerpt(shape)}.")
    h, w = int(shape[0]), int(shape[1])
    size = _check_side(size, "size")
    factor = size / max(h, w)
    return max(1, int(round(h * factor))), max(1, int(round(w * factor)))


def scale_to_fit(img, size=BOX_SIZE):
    """Escala ``img`` (h, w) para que su lado mayor mida ``size`` píxeles, sin deformarla → (h', w').

    Como MNIST: el dígito cabe en una caja de 20×20 y conserva la proporción alto/ancho
    (un «1» sigue siendo estrecho). Los bordes quedan en niveles de gris por la media por área.
    """
    img = _check_2d(img)
    size = _check_side(size, "size")
    return resize(img, fit_shape(img.shape, size))


def normalize_levels(img):
    """Divide ``img`` (h, w) por su máximo para que el píxel con más tinta valga 1, como en MNIST."""
    img = _check_2d(img)
    top = img.max()
    if top <= 0:
        raise ValueError(EMPTY_DRAWING_MESSAGE)
    return img / top


def center_of_mass(img):
    """Centro de masas (fila, columna) de ``img`` (H, W), en índices de píxel (el primero es 0).

    Cada píxel pesa su tinta: fila = Σ i·img[i, j] / Σ img.
    """
    img = _check_2d(img)
    total = img.sum()
    if total <= 0:
        raise ValueError(EMPTY_DRAWING_MESSAGE)
    rows = np.arange(img.shape[0])
    cols = np.arange(img.shape[1])
    return float(rows @ img.sum(axis=1) / total), float(cols @ img.sum(axis=0) / total)


def center_by_mass(img, side=IMAGE_SIDE):
    """Coloca ``img`` (h, w) en un campo ``side``×``side`` con su centro de masas en el centro → (side, side).

    El centro es el píxel (side // 2, side // 2), es decir (14, 14) en 28×28: en los 50 000
    dígitos de entrenamiento de MNIST el centro de masas cae entre 13,5 y 14,5 en ambos ejes
    (salvo 2, por menos de 0,03), lo que corresponde a una traslación de píxeles enteros hacia (14, 14). Si el dibujo es muy
    asimétrico y no cabría entero, se desplaza lo justo para que quepa.
    """
    img = _check_2d(img)
    side = _check_side(side, "side")
    check_budget(side * side, f"Un campo de {side}×{side} píxeles")
    h, w = img.shape
    if h > side or w > side:
        raise ValueError(
            f"La imagen ({h}×{w}) no cabe en un campo de {side}×{side}; escálala antes con scale_to_fit."
        )
    r, c = center_of_mass(img)
    center = side // 2
    top = int(np.floor(center - r + 0.5))
    left = int(np.floor(center - c + 0.5))
    top = min(max(top, 0), side - h)
    left = min(max(left, 0), side - w)
    out = np.zeros((side, side))
    out[top:top + h, left:left + w] = img
    return out


def mnistify_stages(image, invert=False, threshold=0.0):
    """Todas las etapas del preprocesado de MNIST, para mostrarlas una al lado de otra.

    ``image``: lo que acepta ``to_grayscale`` (2-D, RGB o RGBA). Devuelve un dict (en el orden de
    ``STAGE_TITLES``):

    - ``"drawing"``: (H, W) la tinta del dibujo en [0, 1];
    - ``"cropped"``: (h, w) recortado a la caja que contiene la tinta;
    - ``"scaled"``: (h', w') escalado para caber en 20×20 sin deformarlo, con el máximo en 1;
    - ``"centered"``: (28, 28) centrado por el centro de masas: la imagen que ve la red.
    """
    threshold = _check_threshold(threshold)
    drawing = to_grayscale(image, invert=invert)
    cropped = crop_to_bounding_box(drawing, threshold=threshold)
    scaled = normalize_levels(np.clip(scale_to_fit(cropped, BOX_SIZE), 0.0, 1.0))
    centered = center_by_mass(scaled, IMAGE_SIDE)
    return {"drawing": drawing, "cropped": cropped, "scaled": scaled, "centered": centered}


def mnistify(image, invert=False, threshold=0.0):
    """Preprocesa ``image`` como MNIST → (28, 28) float64 en [0, 1] (dígito claro sobre fondo oscuro)."""
    return mnistify_stages(image, invert=invert, threshold=threshold)["centered"]


def naive_downscale(image, side=IMAGE_SIDE, invert=False):
    """Lo que NO hace MNIST: reducir el lienzo entero a ``side``×``side`` sin recortar ni centrar.

    ``image``: lo que acepta ``to_grayscale``. Devuelve (side, side) en [0, 1]. Sirve para
    comparar: el dígito queda pequeño, descentrado o deformado si el lienzo no es cuadrado.
    """
    side = _check_side(side, "side")
    drawing = to_grayscale(image, invert=invert)
    if not (drawing > 0).any():
        raise ValueError(EMPTY_DRAWING_MESSAGE)
    return np.clip(resize(drawing, (side, side)), 0.0, 1.0)


def to_column(img28):
    """Imagen (28, 28) → columna (784, 1), la entrada a^0 de la red (fila a fila, como MNIST)."""
    try:
        img = np.asarray(img28)
    except Exception:
        raise TypeError(f"Se esperaba una imagen de {IMAGE_SIDE}×{IMAGE_SIDE} (usa mnistify); no se pudo "
                        f"convertir {type(img28).__name__} en un array rectangular.") from None
    if img.dtype.kind not in "fiub":
        raise TypeError(f"Se esperaba una imagen de {IMAGE_SIDE}×{IMAGE_SIDE} de números; su dtype es {img.dtype}.")
    if img.shape != (IMAGE_SIDE, IMAGE_SIDE):
        raise ValueError(
            f"Se esperaba una imagen de {IMAGE_SIDE}×{IMAGE_SIDE} (usa mnistify); tiene forma {img.shape}."
        )
    return img.astype(np.float64, copy=False).reshape(IMAGE_SIDE * IMAGE_SIDE, 1)
