"""Comprobaciones de la entrada, con mensajes de error en español que dicen qué se esperaba."""

import math
import numbers
from collections.abc import Sequence

import numpy as np

#: Presupuesto de parámetros: ninguna red, ni ningún array auxiliar (one_hot, resize…), puede
#: tener más de estos números. 50 millones en float64 son 400 MB; se comprueba antes de reservar
#: memoria, para que un tamaño equivocado dé un mensaje claro y no un MemoryError (o algo peor).
MAX_PARAMETERS = 50_000_000

#: Límite de explosión: si, tras una actualización, la norma √Σw² de los pesos (o de los sesgos)
#: de una capa pasa de este valor, ``sgd`` y ``update_mini_batch`` lo tratan como divergencia.
MAX_PARAMETER_NORM = 1e6

#: Límite de explosión del coste: un coste medio mayor que este valor (o no finito) es divergencia.
MAX_COST = 1e8

#: Caracteres como máximo de cualquier valor que se repite en un mensaje de error.
EXCERPT_CHARS = 60


def excerpt(value, limit=EXCERPT_CHARS):
    """``repr(value)`` recortado a ``limit`` caracteres (con «…»): para citar valores en los mensajes."""
    try:
        if isinstance(value, np.ndarray) and value.size > 20:
            text = f"array de forma {value.shape} y dtype {value.dtype}"
        else:
            text = repr(value)
    except Exception:  # un objeto cuyo repr falla
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _spanish_int(n):
    """50000000 → '50 000 000' (espacio de no separación a partir de cinco cifras)."""
    digits = str(int(n))
    if len(digits) < 5:
        return digits
    head = len(digits) % 3 or 3
    return "\u00a0".join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def memory_text(n_bytes):
    """Bytes → '6,4 GB' / '400 MB' / '12 kB', a la española."""
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n_bytes >= size:
            value = n_bytes / size
            text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
            return text.replace(".", ",").removesuffix(",0") + "\u00a0" + unit
    return f"{int(n_bytes)}\u00a0B"


def check_budget(n_values, what, itemsize=8):
    """Lanza ``ValueError`` si ``n_values`` números pasan del presupuesto ``MAX_PARAMETERS``.

    ``what`` describe qué se iba a crear (p. ej. «La red [784, 1000000, 10]»); el mensaje dice
    cuánta memoria haría falta con ``itemsize`` bytes por número.
    """
    if n_values > MAX_PARAMETERS:
        raise ValueError(
            f"{what} necesitaría {_spanish_int(n_values)} números ({memory_text(n_values * itemsize)}); "
            f"el máximo es {_spanish_int(MAX_PARAMETERS)} ({memory_text(MAX_PARAMETERS * itemsize)}). "
            "Usa tamaños más pequeños."
        )


def n_parameters(sizes):
    """Número de pesos y sesgos de una red de capas ``sizes``: Σ n_l (n_(l-1) + 1)."""
    return sum(n_out * (n_in + 1) for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def check_sizes(sizes):
    """Comprueba ``sizes`` (p. ej. [784, 30, 10]) y lo devuelve como lista de enteros.

    Debe ser una secuencia ordenada (lista, tupla o array 1-D): un conjunto no tiene orden.
    La red no puede pasar de ``MAX_PARAMETERS`` pesos y sesgos.
    """
    if isinstance(sizes, np.ndarray) and sizes.ndim == 1:
        sizes = sizes.tolist()
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(
            f"'sizes' debe ser una lista de enteros, como [784, 30, 10]; se recibió {excerpt(sizes)}"
            + (" (un conjunto no tiene orden)." if isinstance(sizes, (set, frozenset)) else ".")
        )
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(
            "'sizes' necesita al menos 2 capas (entrada y salida), como [784, 10]; "
            f"se recibió {excerpt(sizes)}."
        )
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise TypeError(
                f"Cada tamaño de capa debe ser un entero positivo; sizes[{i}] = {excerpt(n)} no es un entero."
            )
        if n < 1:
            raise ValueError(
                f"Cada tamaño de capa debe ser un entero positivo; sizes[{i}] = {n} no lo es."
            )
    sizes = [int(n) for n in sizes]
    check_budget(n_parameters(sizes), f"La red {excerpt(sizes)}")
    return sizes


def check_float_dtype(dtype):
    """Comprueba que ``dtype`` es float64 o float32 y lo devuelve como ``np.dtype``."""
    original = dtype
    try:
        dtype = np.dtype(dtype)
    except TypeError:  # un nombre que numpy no conoce, como 'hola'
        dtype = np.dtype(object)
    if dtype not in (np.dtype(np.float64), np.dtype(np.float32)):
        raise ValueError(f"El dtype debe ser float64 o float32; se recibió {original!r}.")
    return dtype


def _is_real_array(a):
    return isinstance(a, np.ndarray) and a.dtype.kind in "fiu"


def check_weights(weights, name="weights"):
    """Comprueba una lista de pesos: ``weights[l-1]`` de forma (n_l, n_(l-1)), arrays de numpy de
    números reales, cada capa encajando con la anterior. No mira los valores."""
    if not isinstance(weights, (list, tuple)):
        raise TypeError(f"'{name}' debe ser una lista de arrays de numpy, una matriz por capa; "
                        f"se recibió {type(weights).__name__}.")
    if not weights:
        raise ValueError(f"'{name}' necesita al menos una capa; la lista está vacía.")
    for l, w in enumerate(weights, start=1):
        if type(w) is np.ndarray and w.ndim == 2 and w.dtype.kind == "f" \
                and (l == 1 or w.shape[1] == weights[l - 2].shape[0]):
            continue  # el caso habitual, comprobado deprisa: se llama en cada minilote
        if not _is_real_array(w):
            raise TypeError(f"Capa {l}: los pesos w^{l} deben ser un array de numpy de números reales; "
                            f"se recibió {_describe(w)}.")
        if w.ndim != 2:
            raise ValueError(f"Capa {l}: los pesos w^{l} deben tener forma (n_l, n_(l-1)), 2 dimensiones; "
                             f"tienen forma {w.shape}.")
        if l > 1 and w.shape[1] != weights[l - 2].shape[0]:
            raise ValueError(
                f"Capa {l}: los pesos w^{l} deben tener forma (n_{l}, n_{l - 1}) = ({w.shape[0]}, "
                f"{weights[l - 2].shape[0]}), porque la capa anterior tiene {weights[l - 2].shape[0]} "
                f"neuronas; tienen forma {w.shape}."
            )


def check_layers(weights, biases):
    """Comprueba la forma de una red dada como listas: ``weights[l-1]`` de forma (n_l, n_(l-1)) y
    ``biases[l-1]`` de forma (n_l, 1), arrays de numpy de números reales, con el mismo número de
    capas en las dos listas y cada capa encajando con la anterior. No mira los valores.
    """
    check_weights(weights)
    if not isinstance(biases, (list, tuple)):
        raise TypeError("'biases' debe ser una lista de arrays de numpy, un vector columna por capa; "
                        f"se recibió {type(biases).__name__}.")
    if len(weights) != len(biases):
        raise ValueError(
            "Se necesitan dos listas, de pesos y de sesgos, con una matriz y un vector por capa; "
            f"tienen {len(weights)} y {len(biases)} elementos."
        )
    for l, (w, b) in enumerate(zip(weights, biases), start=1):
        if type(b) is np.ndarray and b.dtype.kind == "f" and b.shape == (w.shape[0], 1):
            continue
        if not _is_real_array(b):
            raise TypeError(f"Capa {l}: los sesgos b^{l} deben ser un array de numpy de números reales; "
                            f"se recibió {_describe(b)}.")
        if b.shape != (w.shape[0], 1):
            hint = f" Usa b.reshape({w.shape[0]}, 1): un vector columna." if b.shape == (w.shape[0],) else ""
            raise ValueError(
                f"Capa {l}: los sesgos b^{l} deben tener forma (n_{l}, 1) = ({w.shape[0]}, 1); "
                f"tienen forma {b.shape}.{hint}"
            )


def _describe(a):
    if isinstance(a, np.ndarray):
        return f"un array de dtype {a.dtype}"
    return type(a).__name__


def all_finite(arrays):
    """¿Son finitos todos los valores de todos los arrays de la lista ``arrays``?"""
    return all(np.isfinite(a).all() for a in arrays)


def check_parameters(weights, biases):
    """Comprueba los pesos y sesgos de una red (``Network``, ``save``, ``load``).

    ``weights[i]`` de forma (n_(i+1), n_i) y ``biases[i]`` de forma (n_(i+1), 1), arrays de numpy
    float64 o float32, todos del mismo dtype y todos finitos (sin NaN ni infinitos), y en total no
    más de ``MAX_PARAMETERS`` números.
    """
    if isinstance(weights, (list, tuple)) and isinstance(biases, (list, tuple)):
        for i, (w, b) in enumerate(zip(weights, biases)):
            for what, arr in (("los pesos", w), ("los sesgos", b)):
                if isinstance(arr, np.ndarray) and arr.dtype not in (np.float64, np.float32):
                    raise TypeError(f"Capa {i + 1}: {what} deben ser float64 o float32; son {arr.dtype}.")
    check_layers(weights, biases)
    check_budget(sum(w.size + b.size for w, b in zip(weights, biases)), "La red")
    for i, (w, b) in enumerate(zip(weights, biases)):
        for what, arr in (("los pesos", w), ("los sesgos", b)):
            if arr.dtype != weights[0].dtype or arr.dtype not in (np.float64, np.float32):
                raise TypeError(
                    f"Capa {i + 1}: {what} deben ser float64 o float32, todos del mismo tipo; "
                    f"son {arr.dtype} (la primera capa, {weights[0].dtype})."
                )
    for i, (w, b) in enumerate(zip(weights, biases)):
        for what, arr in (("los pesos", w), ("los sesgos", b)):
            if not np.isfinite(arr).all():
                raise ValueError(
                    f"Capa {i + 1}: {what} contienen valores NaN o infinitos; una red así no puede "
                    "calcular nada con sentido."
                )


def check_eta(eta):
    """Comprueba que la tasa de aprendizaje η es un número finito y positivo."""
    if type(eta) is float and 0.0 < eta < math.inf:
        return eta  # el caso habitual, comprobado deprisa: se llama en cada mini-lote
    if isinstance(eta, bool) or not isinstance(eta, numbers.Real):
        raise TypeError(f"La tasa de aprendizaje η debe ser un número; se recibió {eta!r}.")
    if not math.isfinite(eta) or eta <= 0:
        raise ValueError(
            f"La tasa de aprendizaje η debe ser un número finito mayor que 0; se recibió {eta!r}."
        )
    return float(eta)


def check_lmbda(lmbda):
    """Comprueba que el parámetro de regularización λ es un número finito y no negativo."""
    if isinstance(lmbda, bool) or not isinstance(lmbda, numbers.Real):
        raise TypeError(f"El parámetro de regularización λ debe ser un número; se recibió {lmbda!r}.")
    if not math.isfinite(lmbda) or lmbda < 0:
        raise ValueError(
            f"El parámetro de regularización λ debe ser un número finito mayor o igual que 0; "
            f"se recibió {lmbda!r}."
        )
    return float(lmbda)


def check_positive_int(value, name, description):
    """Comprueba que ``value`` es un entero ≥ 1 (p. ej. épocas o tamaño del mini-lote)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{description} ('{name}') debe ser un entero mayor o igual que 1; se recibió {value!r}.")
    if value < 1:
        raise ValueError(f"{description} ('{name}') debe ser un entero mayor o igual que 1; se recibió {value}.")
    return int(value)


def check_x(x, n_in, name="x", symbol="(n_0, m)"):
    """Comprueba que ``x`` es un array numérico de forma (n_in, m), un ejemplo por columna."""
    if type(x) is np.ndarray and x.ndim == 2 and x.shape[0] == n_in and x.dtype.kind == "f":
        return x  # el caso habitual, comprobado deprisa: se llama en cada minilote
    if not isinstance(x, np.ndarray):
        raise TypeError(
            f"'{name}' debe ser un array de numpy de forma {symbol} = ({n_in}, m), un ejemplo por columna; "
            f"se recibió {type(x).__name__}."
        )
    if x.ndim != 2 or x.shape[0] != n_in:
        hint = ""
        if x.ndim == 2 and x.shape[1] == n_in:
            hint = " ¿Está traspuesto? Usa x.T: cada ejemplo es una columna."
        elif x.ndim == 1 and x.shape[0] == n_in:
            hint = f" Para un solo ejemplo usa x.reshape({n_in}, 1)."
        raise ValueError(
            f"'{name}' debe tener forma {symbol} = ({n_in}, m): {n_in} filas, una por neurona de entrada, y un "
            f"ejemplo por columna; tiene forma {x.shape}.{hint}"
        )
    if x.dtype.kind not in "fiu":
        raise TypeError(f"'{name}' debe contener números reales; su dtype es {x.dtype}.")
    return x


def check_y(y, n_out, m, name="y", symbol="(n_L, m)"):
    """Comprueba que ``y`` tiene forma (n_out, m): una columna (p. ej. one-hot) por ejemplo."""
    if type(y) is np.ndarray and y.shape == (n_out, m) and y.dtype.kind == "f":
        return y  # el caso habitual, comprobado deprisa
    if not isinstance(y, np.ndarray):
        raise TypeError(
            f"'{name}' debe ser un array de numpy de forma {symbol} = ({n_out}, {m}); "
            f"se recibió {type(y).__name__}."
        )
    if y.shape != (n_out, m):
        hint = ""
        if y.ndim == 1:
            hint = " Si son etiquetas enteras, conviértelas con one_hot(labels)."
        elif y.shape == (m, n_out):
            hint = " ¿Está traspuesto? Usa y.T: cada ejemplo es una columna."
        raise ValueError(
            f"'{name}' debe tener forma {symbol} = ({n_out}, {m}): {n_out} filas, una por neurona de salida, y "
            f"una columna por ejemplo; tiene forma {y.shape}.{hint}"
        )
    if y.dtype.kind not in "fiub":
        raise TypeError(f"'{name}' debe contener números reales; su dtype es {y.dtype}.")
    return y


def check_same_shape(a, name, expected_shape, symbol, reference):
    """Comprueba que ``a`` es un array de números reales de forma ``expected_shape``.

    ``symbol`` es la forma en los términos del libro, p. ej. «(n_L, m)», y ``reference`` dice de
    dónde sale la forma esperada (p. ej. «la de a_L»). Nada se difunde (*broadcast*) en silencio.
    """
    if not isinstance(a, np.ndarray):
        raise TypeError(
            f"'{name}' debe ser un array de numpy de forma {symbol} = {tuple(expected_shape)}; "
            f"se recibió {type(a).__name__}."
        )
    if a.dtype.kind not in "fiub":
        raise TypeError(f"'{name}' debe contener números reales; su dtype es {a.dtype}.")
    if a.shape != tuple(expected_shape):
        raise ValueError(
            f"'{name}' debe tener forma {symbol} = {tuple(expected_shape)}, {reference}; "
            f"tiene forma {a.shape}."
        )
    return a


def check_labels(labels, m, n_classes, name="labels"):
    """Comprueba que ``labels`` es un vector de m enteros entre 0 y n_classes − 1."""
    if not isinstance(labels, np.ndarray):
        try:
            labels = np.asarray(labels)
        except (TypeError, ValueError):  # listas de longitudes distintas, objetos raros…
            raise TypeError(f"'{name}' debe ser un vector de {m} enteros (una etiqueta por ejemplo); "
                            f"se recibió {type(labels).__name__}.") from None
    if labels.shape != (m,) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"'{name}' debe ser un vector de {m} enteros (una etiqueta por ejemplo); "
            f"tiene forma {labels.shape} y dtype {labels.dtype}."
        )
    if m and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"Las etiquetas de '{name}' deben estar entre 0 y {n_classes - 1}; "
            f"van de {labels.min()} a {labels.max()}."
        )
    return labels
