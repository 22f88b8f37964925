"""La configuración del entrenamiento de los paneles: valores por defecto, límites y validación.

Reglas que ve el lector:

- **Capas ocultas vacías = ninguna capa oculta**: «» entrena la red [784, 10] (una regresión
  logística, en el fondo). El panel lo dice junto al campo y en la línea «Red: …».
- Como mucho ``MAX_HIDDEN_LAYERS`` capas ocultas de ``MAX_NEURONS`` neuronas: se comprueba
  antes de crear ninguna matriz.
- η entre ``ETA_MIN`` y ``ETA_MAX`` (lo que puede mostrar el control): un valor fuera de ese
  rango se rechaza con un mensaje, nunca se usa a escondidas.
- Los enteros (épocas, minilote, ejemplos, semilla) no admiten decimales: «2.5» da un mensaje.
"""

import math
import numbers

import numpy as np

from ..formatting import num
from ..network import Network
from .common import parse_float, parse_int

#: Valores por defecto del panel de entrenamiento (5000 ejemplos: unos segundos por ejecución).
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
#: Límites razonables para un panel interactivo (se comprueban antes de reservar memoria).
MAX_NEURONS = 1000
MAX_HIDDEN_LAYERS = 5
MAX_EPOCHS = 200
ETA_MIN, ETA_MAX = 1e-3, 1e2
#: Exactitud final por debajo de la cual el panel avisa de que la red no aprende (azar: 10 %).
NEAR_CHANCE = 0.2
NOT_LEARNING_HINT = "La red no aprende (exactitud cercana al azar, 10 %): prueba una η menor."

LABELS = {
    "eta": "η", "hidden": "capas ocultas", "epochs": "épocas", "mini_batch_size": "minilote",
    "n_train": "ejemplos", "activation": "activación", "cost": "coste", "init": "inicialización",
    "lmbda": "λ", "seed": "semilla",
}
_EXAMPLE = "Escribe los tamaños separados por comas, por ejemplo «30» o «100, 30» (vacío = sin capas ocultas)."


def parse_hidden(text):
    """Convierte «30» o «100, 30» en [30] o [100, 30]; «» (vacío) es una red sin capas ocultas.

    Lanza ``ValueError`` con un mensaje en español si el texto no es una lista de enteros
    positivos separados por comas, si alguna capa pasa de ``MAX_NEURONS`` neuronas o si hay
    más de ``MAX_HIDDEN_LAYERS`` capas.
    """
    if isinstance(text, (list, tuple)):
        parts = [str(v) for v in text]
    elif isinstance(text, (int, np.integer)) and not isinstance(text, bool):
        parts = [str(text)]
    elif isinstance(text, str):
        if len(text) > 200:
            raise ValueError(f"Capas ocultas: el texto es demasiado largo. {_EXAMPLE}")
        parts = [p.strip() for p in text.replace(";", ",").split(",")]
        if parts == [""]:
            return []
    else:
        raise ValueError(
            f"Capas ocultas: se esperaba un texto como «30» o «100, 30»; se recibió {type(text).__name__}."
        )
    if len(parts) > MAX_HIDDEN_LAYERS:
        raise ValueError(
            f"Capas ocultas: como mucho {MAX_HIDDEN_LAYERS} capas ocultas en este panel; se pidieron {len(parts)}."
        )
    sizes = []
    for p in parts:
        p = p.strip()
        if p == "":
            raise ValueError(f"Capas ocultas: sobra una coma. {_EXAMPLE}")
        try:
            n = int(p)
        except ValueError:
            raise ValueError(f"Capas ocultas: «{p[:20]}» no es un número entero. {_EXAMPLE}") from None
        if n < 1:
            raise ValueError(
                f"Capas ocultas: cada capa necesita al menos una neurona; «{p}» no vale."
            )
        if n > MAX_NEURONS:
            raise ValueError(
                f"Capas ocultas: como mucho {MAX_NEURONS} neuronas por capa en este panel; "
                f"se pidieron {num(n)}."
            )
        sizes.append(n)
    return sizes


def describe_architecture(hidden):
    """«[784, 30, 10]» o «[784, 10] (sin capas ocultas)» para la lista ``hidden``."""
    sizes = [784, *hidden, 10]
    return f"[{', '.join(str(n) for n in sizes)}]" + ("" if hidden else " (sin capas ocultas)")


def check_eta(eta):
    """η como float, si es un número entre ``ETA_MIN`` y ``ETA_MAX``; si no, ``ValueError`` en español."""
    if isinstance(eta, (bool, np.bool_)) or not isinstance(eta, (numbers.Real, str)):
        raise ValueError(
            f"La tasa de aprendizaje η debe ser un número positivo (por ejemplo 3); se recibió {type(eta).__name__}."
        )
    try:
        value = parse_float(eta, "La tasa de aprendizaje η")
    except ValueError:
        raise ValueError(
            f"La tasa de aprendizaje η debe ser un número positivo (por ejemplo 3); se recibió {str(eta)[:30]!r}."
        ) from None
    if value <= 0:
        raise ValueError(f"La tasa de aprendizaje η debe ser un número positivo (por ejemplo 3); "
                         f"se recibió {num(value)}.")
    if not ETA_MIN * (1 - 1e-9) <= value <= ETA_MAX * (1 + 1e-9):
        raise ValueError(
            f"La tasa de aprendizaje η debe estar entre {num(ETA_MIN)} y {num(ETA_MAX)} en este panel "
            f"(lo que puede mostrar su control); se pidió {num(value)}."
        )
    return min(max(value, ETA_MIN), ETA_MAX)


def validate_config(config, n_available):
    """Comprueba una configuración de entrenamiento y la devuelve normalizada.

    ``config``: diccionario con las claves de ``DEFAULTS`` (los números pueden venir como texto:
    «0,5», «50 000»). ``n_available``: ejemplos de entrenamiento disponibles. ``hidden`` sale
    como lista de enteros. Lanza ``ValueError`` con un mensaje en español si algo no vale (y dice
    qué se esperaba).
    """
    unknown = set(config) - set(DEFAULTS)
    if unknown:
        raise ValueError(
            f"Parámetros desconocidos: {', '.join(sorted(map(str, unknown)))}. Los válidos son: "
            f"{', '.join(DEFAULTS)}."
        )
    if n_available < 1:
        raise ValueError("No hay ejemplos de entrenamiento: el conjunto de entrenamiento está vacío.")
    cfg = dict(DEFAULTS)
    cfg.update(config)
    cfg["eta"] = check_eta(cfg["eta"])
    cfg["hidden"] = parse_hidden(cfg["hidden"])
    cfg["epochs"] = parse_int(cfg["epochs"], "Épocas", 1, MAX_EPOCHS)
    cfg["n_train"] = parse_int(cfg["n_train"], "Ejemplos de entrenamiento", 1, n_available)
    cfg["mini_batch_size"] = parse_int(cfg["mini_batch_size"], "Tamaño del minilote", 1, cfg["n_train"])
    cfg["seed"] = parse_int(cfg["seed"], "Semilla", 0, 2**32 - 1)
    lmbda = parse_float(cfg["lmbda"], "La regularización λ")
    if lmbda < 0:
        raise ValueError(f"La regularización λ debe ser un número mayor o igual que 0; se recibió {num(lmbda)}.")
    if cfg["eta"] * lmbda / cfg["n_train"] >= 1:
        raise ValueError(
            f"Con η = {num(cfg['eta'])}, λ = {num(lmbda)} y n = {num(cfg['n_train'])} ejemplos, ηλ/n = "
            f"{num(cfg['eta'] * lmbda / cfg['n_train'], 3)} ≥ 1: el decaimiento de los pesos cambiaría "
            "su signo. Usa una λ o una η menores."
        )
    cfg["lmbda"] = lmbda
    for key, options in (("activation", ACTIVATIONS), ("cost", COSTS), ("init", INITS)):
        valid = [v for _, v in options]
        if cfg[key] not in valid:
            raise ValueError(
                f"{LABELS[key].capitalize()}: {str(cfg[key])[:30]!r} no es un valor válido; se esperaba uno de: "
                + ", ".join(f"{label} ({value!r})" for label, value in options) + "."
            )
    return cfg


def describe_config(cfg):
    """Un resumen corto de la configuración, p. ej. «η = 3, red [784, 30, 10], 5 épocas…»."""
    epochs = cfg["epochs"]
    return (f"η = {num(cfg['eta'])}, red {describe_architecture(parse_hidden(cfg['hidden']))}, "
            f"{epochs} {'época' if epochs == 1 else 'épocas'}, minilote {num(cfg['mini_batch_size'])}, "
            f"{num(cfg['n_train'])} ejemplos")


def is_near_chance(history):
    """¿Acabó el entrenamiento cerca del azar? (exactitud final < ``NEAR_CHANCE``, en validación o,
    si no hay, en entrenamiento)."""
    if history is None:
        return False
    acc = history.evaluation_accuracy or history.training_accuracy
    return bool(acc) and acc[-1] < NEAR_CHANCE


def build_network(cfg, data):
    """La red, el generador y el subconjunto de entrenamiento de una configuración ya validada.

    Devuelve ``(network, rng, training)``: la red de capas [784, *hidden, 10], el
    ``np.random.default_rng(seed)`` que la inició (y que barajará los minilotes) y un
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


def n_batches(cfg):
    """Minilotes por época de una configuración validada."""
    return math.ceil(cfg["n_train"] / cfg["mini_batch_size"])
