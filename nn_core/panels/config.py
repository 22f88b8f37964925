"""La configuración del entrenamiento de los paneles: valores por defecto, límites y validación."""

import math

import numpy as np

from ..network import Network
from .common import _int_in

#: Valores por defecto del panel de entrenamiento (5.000 ejemplos: unos segundos por ejecución).
DEFAULTS = {
    "eta": 3.0,
    "hidden": "30",
    "epochs": 5,
    "mini_batch_size": 10,
    "n_train": 5000,
    "activation": "sigmoid",
    "cost": "quadratic",
    "init": "gaussian",
    "lmbda": 0.0,
    "seed": 0,
}
ACTIVATIONS = [("sigmoide", "sigmoid"), ("ReLU", "relu")]
COSTS = [("cuadrático", "quadratic"), ("entropía cruzada", "cross-entropy"),
         ("log-verosimilitud (softmax)", "log-likelihood")]
INITS = [("gaussiana N(0, 1)", "gaussian"), ("escalada N(0, 1/n)", "scaled")]
#: Límites razonables para un panel interactivo.
MAX_NEURONS = 1000
MAX_EPOCHS = 200
ETA_MIN, ETA_MAX = 1e-3, 1e2

LABELS = {
    "eta": "η", "hidden": "capas ocultas", "epochs": "épocas", "mini_batch_size": "mini-lote",
    "n_train": "ejemplos", "activation": "activación", "cost": "coste", "init": "inicialización",
    "lmbda": "λ", "seed": "semilla",
}


def parse_hidden(text):
    """Convierte «30» o «100, 30» en [30] o [100, 30]; «» (vacío) es una red sin capas ocultas.

    Lanza ``ValueError`` con un mensaje en español si el texto no es una lista de enteros
    positivos separados por comas.
    """
    if isinstance(text, (list, tuple)):
        parts = [str(v) for v in text]
    elif isinstance(text, (int, np.integer)) and not isinstance(text, bool):
        parts = [str(text)]
    elif isinstance(text, str):
        parts = [p.strip() for p in text.replace(";", ",").split(",")]
        if parts == [""]:
            return []
    else:
        raise ValueError(
            f"Capas ocultas: se esperaba un texto como «30» o «100, 30»; se recibió {text!r}."
        )
    sizes = []
    for p in parts:
        p = p.strip()
        if p == "":
            raise ValueError(
                "Capas ocultas: sobra una coma. Escribe los tamaños separados por comas, "
                "por ejemplo «30» o «100, 30»."
            )
        try:
            n = int(p)
        except ValueError:
            raise ValueError(
                f"Capas ocultas: «{p}» no es un número entero. Escribe los tamaños separados "
                "por comas, por ejemplo «30» o «100, 30»."
            ) from None
        if n < 1:
            raise ValueError(
                f"Capas ocultas: cada capa necesita al menos una neurona; «{p}» no vale."
            )
        if n > MAX_NEURONS:
            raise ValueError(
                f"Capas ocultas: como mucho {MAX_NEURONS} neuronas por capa en este panel; "
                f"se pidieron {n}."
            )
        sizes.append(n)
    return sizes



def validate_config(config, n_available):
    """Comprueba una configuración de entrenamiento y la devuelve normalizada.

    ``config``: diccionario con las claves de ``DEFAULTS``. ``n_available``: ejemplos de
    entrenamiento disponibles. ``hidden`` sale como lista de enteros. Lanza ``ValueError``
    con un mensaje en español si algo no vale (y dice qué se esperaba).
    """
    unknown = set(config) - set(DEFAULTS)
    if unknown:
        raise ValueError(
            f"Parámetros desconocidos: {', '.join(sorted(unknown))}. Los válidos son: "
            f"{', '.join(DEFAULTS)}."
        )
    cfg = dict(DEFAULTS)
    cfg.update(config)
    eta = cfg["eta"]
    if isinstance(eta, bool) or not isinstance(eta, (int, float, np.floating, np.integer)) \
            or not math.isfinite(eta) or eta <= 0:
        raise ValueError(
            f"La tasa de aprendizaje η debe ser un número positivo (por ejemplo 3.0); se recibió {eta!r}."
        )
    cfg["eta"] = float(eta)
    cfg["hidden"] = parse_hidden(cfg["hidden"])
    cfg["epochs"] = _int_in(cfg["epochs"], "Épocas", 1, MAX_EPOCHS)
    cfg["n_train"] = _int_in(cfg["n_train"], "Ejemplos de entrenamiento", 1, n_available)
    cfg["mini_batch_size"] = _int_in(cfg["mini_batch_size"], "Tamaño del mini-lote", 1,
                                     cfg["n_train"])
    cfg["seed"] = _int_in(cfg["seed"], "Semilla", 0, 2**32 - 1)
    lmbda = cfg["lmbda"]
    if isinstance(lmbda, bool) or not isinstance(lmbda, (int, float, np.floating, np.integer)) \
            or not math.isfinite(lmbda) or lmbda < 0:
        raise ValueError(f"La regularización λ debe ser un número mayor o igual que 0; se recibió {lmbda!r}.")
    cfg["lmbda"] = float(lmbda)
    for key, options in (("activation", ACTIVATIONS), ("cost", COSTS), ("init", INITS)):
        valid = [v for _, v in options]
        if cfg[key] not in valid:
            raise ValueError(
                f"{LABELS[key].capitalize()}: {cfg[key]!r} no es un valor válido; se esperaba uno de: "
                + ", ".join(f"{label} ({value!r})" for label, value in options) + "."
            )
    return cfg


def describe_config(cfg):
    """Un resumen corto de la configuración, p. ej. «η = 3, [784, 30, 10], 5 épocas»."""
    sizes = [784, *parse_hidden(cfg["hidden"]), 10]
    return (f"η = {cfg['eta']:g}, capas {sizes}, {cfg['epochs']} épocas, mini-lote "
            f"{cfg['mini_batch_size']}, {cfg['n_train']} ejemplos")


def build_network(cfg, data):
    """La red, el generador y el subconjunto de entrenamiento de una configuración ya validada.

    Devuelve ``(network, rng, training)``: la red de capas [784, *hidden, 10], el
    ``np.random.default_rng(seed)`` que la inició (y que barajará los mini-lotes) y un
    ``Dataset`` con ``n_train`` ejemplos de ``data.training``.
    """
    rng = np.random.default_rng(cfg["seed"])
    training = data.training
    if cfg["n_train"] < len(training):
        training = training.subset(cfg["n_train"], rng)
    sizes = [training.x.shape[0], *cfg["hidden"], training.y.shape[0]]
    output_activation = "softmax" if cfg["cost"] == "log-likelihood" else "sigmoid"
    network = Network(sizes, rng, activation=cfg["activation"], cost=cfg["cost"],
                      output_activation=output_activation, init=cfg["init"])
    return network, rng, training
