"""Comprobaciones de la entrada, con mensajes de error en español que dicen qué se esperaba."""

import math
import numbers

import numpy as np


def check_sizes(sizes):
    """Comprueba ``sizes`` (p. ej. [784, 30, 10]) y lo devuelve como lista de enteros."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(
            f"'sizes' debe ser una lista de enteros, como [784, 30, 10]; se recibió {sizes!r}."
        )
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(
            "'sizes' necesita al menos 2 capas (entrada y salida), como [784, 10]; "
            f"se recibió {sizes!r}."
        )
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise TypeError(
                f"Cada tamaño de capa debe ser un entero positivo; sizes[{i}] = {n!r} no es un entero."
            )
        if n < 1:
            raise ValueError(
                f"Cada tamaño de capa debe ser un entero positivo; sizes[{i}] = {n} no lo es."
            )
    return [int(n) for n in sizes]


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


def check_parameters(weights, biases):
    """Comprueba una lista de pesos y otra de sesgos: ``weights[i]`` de forma (n_(i+1), n_i) y
    ``biases[i]`` de forma (n_(i+1), 1), arreglos de numpy float64 o float32, todos del mismo dtype.
    """
    if not isinstance(weights, (list, tuple)) or not isinstance(biases, (list, tuple)) \
            or len(weights) != len(biases) or not weights:
        raise ValueError("Se necesitan dos listas, de pesos y de sesgos, con una matriz y un vector por capa "
                         "(al menos una capa).")
    for i, (w, b) in enumerate(zip(weights, biases)):
        if not isinstance(w, np.ndarray) or not isinstance(b, np.ndarray):
            raise TypeError(f"Capa {i + 1}: los pesos y los sesgos deben ser arreglos de numpy.")
        if w.ndim != 2 or b.shape != (w.shape[0], 1):
            raise ValueError(
                f"Capa {i + 1}: los pesos deben tener forma (n_l, n_(l-1)) y los sesgos (n_l, 1); "
                f"se recibieron {w.shape} y {b.shape}."
            )
        if i and w.shape[1] != weights[i - 1].shape[0]:
            raise ValueError(
                f"Capa {i + 1}: los pesos tienen {w.shape[1]} columnas pero la capa anterior "
                f"tiene {weights[i - 1].shape[0]} neuronas."
            )
        for what, arr in (("los pesos", w), ("los sesgos", b)):
            if arr.dtype != weights[0].dtype or arr.dtype not in (np.float64, np.float32):
                raise TypeError(
                    f"Capa {i + 1}: {what} deben ser float64 o float32, todos del mismo tipo; "
                    f"son {arr.dtype} (la primera capa, {weights[0].dtype})."
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


def check_x(x, n_in, name="x"):
    """Comprueba que ``x`` es un arreglo numérico de forma (n_in, m), un ejemplo por columna."""
    if type(x) is np.ndarray and x.ndim == 2 and x.shape[0] == n_in and x.dtype.kind == "f":
        return x  # el caso habitual, comprobado deprisa: se llama en cada mini-lote
    if not isinstance(x, np.ndarray):
        raise TypeError(
            f"'{name}' debe ser un arreglo de numpy de forma ({n_in}, m), un ejemplo por columna; "
            f"se recibió {type(x).__name__}."
        )
    if x.ndim != 2 or x.shape[0] != n_in:
        hint = ""
        if x.ndim == 2 and x.shape[1] == n_in:
            hint = " ¿Está traspuesto? Usa x.T: cada ejemplo es una columna."
        elif x.ndim == 1 and x.shape[0] == n_in:
            hint = f" Para un solo ejemplo usa x.reshape({n_in}, 1)."
        raise ValueError(
            f"'{name}' debe tener forma ({n_in}, m): {n_in} filas, una por neurona de entrada, y un "
            f"ejemplo por columna; tiene forma {x.shape}.{hint}"
        )
    if not np.issubdtype(x.dtype, np.number) or np.issubdtype(x.dtype, np.complexfloating):
        raise TypeError(f"'{name}' debe contener números reales; su dtype es {x.dtype}.")
    return x


def check_y(y, n_out, m, name="y"):
    """Comprueba que ``y`` tiene forma (n_out, m): una columna (p. ej. one-hot) por ejemplo."""
    if type(y) is np.ndarray and y.shape == (n_out, m):
        return y  # el caso habitual, comprobado deprisa
    if not isinstance(y, np.ndarray):
        raise TypeError(
            f"'{name}' debe ser un arreglo de numpy de forma ({n_out}, {m}); se recibió {type(y).__name__}."
        )
    if y.shape != (n_out, m):
        hint = ""
        if y.ndim == 1:
            hint = " Si son etiquetas enteras, conviértelas con one_hot(labels)."
        raise ValueError(
            f"'{name}' debe tener forma ({n_out}, {m}): {n_out} filas, una por neurona de salida, y "
            f"una columna por ejemplo; tiene forma {y.shape}.{hint}"
        )
    return y


def check_labels(labels, m, n_classes, name="labels"):
    """Comprueba que ``labels`` es un vector de m enteros entre 0 y n_classes − 1."""
    labels = np.asarray(labels)
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
