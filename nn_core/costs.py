"""Funciones de coste C y su gradiente respecto a la salida, ∇_a C.

Cada coste es un objeto con:

- ``fn(a, y)``: el coste medio sobre las m columnas (ejemplos) de ``a`` e ``y``, ambas
  de forma (n_L, m). Devuelve un número.
- ``derivative(a, y)``: ∇_a C para cada ejemplo, de forma (n_L, m).
- ``simplifies_with``: nombres de activaciones de salida con las que δ^L se reduce a
  a^L − y (la derivada σ'(z^L) se cancela). ``output_error`` aprovecha ese atajo.
"""

import numpy as np

from .validation import excerpt


def _pair(a, y, need_examples=True):
    """Comprueba ``a`` e ``y``: arrays de números reales de la misma forma (n_L, m), sin difundir.

    Para las derivadas (``need_examples=False``) basta con que tengan la misma forma.
    """
    if type(a) is np.ndarray and type(y) is np.ndarray and a.ndim == 2 and a.shape == y.shape \
            and a.dtype.kind == "f" and y.dtype.kind in "fiub" and (a.shape[1] or not need_examples):
        return a, y  # el caso habitual, comprobado deprisa
    for name, arr in (("a", a), ("y", y)):
        if not isinstance(arr, np.ndarray) or arr.dtype.kind not in "fiub":
            raise TypeError(f"'{name}' debe ser un array de numpy de números reales de forma (n_L, m); "
                            f"se recibió {type(arr).__name__ if not isinstance(arr, np.ndarray) else arr.dtype}.")
    if a.ndim != 2 and need_examples:
        raise ValueError(f"'a' debe tener forma (n_L, m), un ejemplo por columna; tiene forma {a.shape}.")
    if y.shape != a.shape:
        raise ValueError(f"'y' debe tener forma (n_L, m) = {a.shape}, la de a; tiene forma {y.shape}.")
    if need_examples and a.shape[1] == 0:
        raise ValueError(f"No se puede calcular el coste medio sin ejemplos: 'a' tiene forma {a.shape}.")
    return a, y


class QuadraticCost:
    """Coste cuadrático: C = ½‖a − y‖² por ejemplo."""

    name = "quadratic"
    simplifies_with = ()

    @staticmethod
    def fn(a, y):
        """½‖a − y‖² promediado sobre los m ejemplos; ``a``, ``y``: (n_L, m)."""
        a, y = _pair(a, y)
        return 0.5 * float(np.sum((a - y) ** 2)) / a.shape[1]

    @staticmethod
    def derivative(a, y):
        """∇_a C = a − y; ``a``, ``y``: (n_L, m) → (n_L, m)."""
        a, y = _pair(a, y, need_examples=False)
        return a - y


class CrossEntropyCost:
    """Entropía cruzada: C = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)] por ejemplo."""

    name = "cross-entropy"
    simplifies_with = ("sigmoid",)

    @staticmethod
    def fn(a, y):
        """Entropía cruzada media sobre los m ejemplos; ``a``, ``y``: (n_L, m).

        Los términos 0·ln 0 se toman como 0 (``nan_to_num``), como en el libro. Una salida
        saturada del lado equivocado (a = 1 exacto con y = 0) da un término enorme, y dos de
        ellos suman infinito: ``sgd`` lo toma como señal de divergencia.
        """
        a, y = _pair(a, y)
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.nan_to_num(-y * np.log(a) - (1 - y) * np.log(1 - a))
        return float(np.sum(terms)) / a.shape[1]

    @staticmethod
    def derivative(a, y):
        """∇_a C = (a − y) / (a (1 − a)); ``a``, ``y``: (n_L, m) → (n_L, m)."""
        a, y = _pair(a, y, need_examples=False)
        return (a - y) / (a * (1 - a))


class LogLikelihoodCost:
    """Log-verosimilitud: C = −ln a_y por ejemplo (para una salida softmax)."""

    name = "log-likelihood"
    simplifies_with = ("softmax",)

    @staticmethod
    def fn(a, y):
        """−ln a_y medio sobre los m ejemplos; ``a``, ``y`` (one-hot): (n_L, m)."""
        a, y = _pair(a, y)
        with np.errstate(divide="ignore"):
            picked = np.log(np.sum(a * y, axis=0))
        return -float(np.sum(np.nan_to_num(picked))) / a.shape[1]

    @staticmethod
    def derivative(a, y):
        """∇_a C = −y / a; ``a``, ``y``: (n_L, m) → (n_L, m)."""
        a, y = _pair(a, y, need_examples=False)
        return -y / a


COSTS = {cls.name: cls for cls in (QuadraticCost, CrossEntropyCost, LogLikelihoodCost)}
_KNOWN = frozenset(COSTS.values())
_ALIASES = {"cuadratico": "quadratic", "cuadrático": "quadratic", "crossentropy": "cross-entropy",
            "cross_entropy": "cross-entropy", "entropia-cruzada": "cross-entropy",
            "entropía-cruzada": "cross-entropy", "log_likelihood": "log-likelihood"}


def get_cost(cost):
    """Devuelve el objeto de coste a partir de su nombre ('quadratic', 'cross-entropy', 'log-likelihood') o de él mismo."""
    if isinstance(cost, type) and cost in _KNOWN:
        return cost  # el caso habitual en cada mini-lote: ya es uno de los nuestros
    if isinstance(cost, str):
        key = cost.strip().lower()
        key = _ALIASES.get(key, key)
        if key in COSTS:
            return COSTS[key]
        raise ValueError(
            f"Coste desconocido: {excerpt(cost)}. Se esperaba uno de: "
            + ", ".join(repr(k) for k in COSTS) + "."
        )
    if callable(getattr(cost, "fn", None)) and callable(getattr(cost, "derivative", None)):
        return cost
    raise TypeError(
        "El coste debe ser un nombre ('quadratic', 'cross-entropy', 'log-likelihood') o un "
        f"objeto con métodos fn(a, y) y derivative(a, y); se recibió {type(cost).__name__}."
    )
