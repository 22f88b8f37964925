"""Funciones de activación σ y sus derivadas σ'.

Cada activación es un objeto con dos métodos:

- ``fn(z)``: la activación a = σ(z), elemento a elemento.
- ``prime(z)``: su derivada σ'(z), escrita **en función de z** (nunca de la salida a).

Todas aceptan un array ``z`` de cualquier forma, típicamente (n_l, m), y devuelven
otro de la misma forma y el mismo dtype.
"""

import numpy as np

from .validation import excerpt


def _real(z):
    """``z`` como array de números reales (un número o una lista también valen); si no, TypeError."""
    if type(z) is np.ndarray and z.dtype.kind == "f":
        return z  # el caso habitual, comprobado deprisa
    try:
        arr = np.asarray(z)
    except Exception:
        raise TypeError(f"'z' debe ser un array de numpy de números reales; se recibió {type(z).__name__}.") from None
    if arr.dtype.kind not in "fiub":
        raise TypeError(f"'z' debe ser un array de numpy de números reales; su dtype es {arr.dtype}.")
    return arr.astype(np.float64) if arr.dtype.kind in "iub" else arr

_expit = None


def expit(z):
    """1 / (1 + e^(-z)) elemento a elemento, en una sola pasada, con ``scipy.special.expit``.

    ``z``: un array de cualquier forma, típicamente (n_l, m); devuelve la misma forma y dtype.

    scipy se importa la primera vez que se usa (importarlo cuesta unas décimas de segundo).
    """
    global _expit
    if _expit is None:
        from scipy.special import expit as _expit
    return _expit(z)


class Sigmoid:
    """La sigmoide σ(z) = 1 / (1 + e^(-z)), con salida en (0, 1)."""

    name = "sigmoid"
    elementwise = True

    @staticmethod
    def fn(z):
        """σ(z) para ``z`` de forma (n_l, m); devuelve la misma forma.

        ``scipy.special.expit`` calcula 1 / (1 + e^(-z)) en una sola pasada y sin
        desbordar ``exp`` cuando z es muy negativo.
        """
        return expit(_real(z))

    @staticmethod
    def prime(z):
        """σ'(z) = σ(z)·(1 − σ(z)), para ``z`` de forma (n_l, m).

        Recibe z, no la activación: ``prime(a)`` con a = σ(z) daría un
        resultado equivocado sin ningún aviso (véase la fe de erratas).
        """
        s = expit(_real(z))  # σ(z)
        return s * (1.0 - s)


class ReLU:
    """La unidad lineal rectificada: ReLU(z) = max(0, z)."""

    name = "relu"
    elementwise = True

    @staticmethod
    def fn(z):
        """max(0, z) para ``z`` de forma (n_l, m); devuelve la misma forma."""
        return np.maximum(_real(z), 0.0)

    @staticmethod
    def prime(z):
        """1 donde z > 0 y 0 en el resto, para ``z`` de forma (n_l, m); devuelve la misma forma.

        Convenio: la derivada en 0 vale 0.
        """
        z = _real(z)
        return (z > 0).astype(z.dtype)


class Softmax:
    """softmax(z)_j = e^(z_j) / Σ_k e^(z_k), por columnas. Solo para la capa de salida.

    Su derivada no es elemento a elemento (es una matriz jacobiana), así que solo se
    admite junto al coste de log-verosimilitud, con el que δ^L = a^L − y.
    """

    name = "softmax"
    elementwise = False

    @staticmethod
    def fn(z):
        """softmax de cada columna de ``z`` (n_L, m); cada columna suma 1."""
        z = _real(z)
        if z.ndim not in (1, 2) or z.shape[0] == 0:
            raise ValueError(f"La softmax necesita 'z' de forma (n_L, m) o (n_L,), con n_L ≥ 1; tiene forma {z.shape}.")
        e = np.exp(z - z.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)

    @staticmethod
    def prime(z):
        """No existe elemento a elemento: lanza un ``ValueError`` que explica qué coste usar.

        (``z`` tendría forma (n_L, m); la derivada de cada columna es una matriz n_L × n_L.)
        """
        raise ValueError(
            "La softmax no tiene una derivada elemento a elemento: úsala solo en la capa "
            "de salida con el coste 'log-likelihood', donde δ^L = a^L − y."
        )


ACTIVATIONS = {cls.name: cls for cls in (Sigmoid, ReLU, Softmax)}
_KNOWN = frozenset(ACTIVATIONS.values())


def get_activation(activation):
    """Devuelve el objeto de activación a partir de su nombre ('sigmoid', 'relu', 'softmax') o de él mismo."""
    if isinstance(activation, type) and activation in _KNOWN:
        return activation  # el caso habitual en cada mini-lote: ya es una de las nuestras
    if isinstance(activation, str):
        key = activation.strip().lower()
        if key in ACTIVATIONS:
            return ACTIVATIONS[key]
        raise ValueError(
            f"Activación desconocida: {excerpt(activation)}. Se esperaba una de: "
            + ", ".join(repr(k) for k in ACTIVATIONS) + "."
        )
    if callable(getattr(activation, "fn", None)) and callable(getattr(activation, "prime", None)):
        return activation
    raise TypeError(
        "La activación debe ser un nombre ('sigmoid', 'relu', 'softmax') o un objeto con "
        f"métodos fn(z) y prime(z); se recibió {type(activation).__name__}."
    )
