"""Descenso de gradiente estocástico por minilotes, y evaluación de la red."""

import math
import time
from contextlib import nullcontext
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import ThreadpoolController

from .formatting import num
from .network import _as_rng, backprop, check_combination, feedforward
from .validation import (MAX_COST, MAX_PARAMETER_NORM, check_eta, check_labels, check_lmbda,
                         check_layers, check_parameters, check_positive_int, check_x, check_y, excerpt)


_controller = None


def _blas_threads(n_threads):
    """Contexto que limita los hilos de BLAS a ``n_threads`` (None: no cambia nada)."""
    global _controller
    if n_threads is None:
        return nullcontext()
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=n_threads, user_api="blas")


class TrainingDiverged(FloatingPointError):
    """El entrenamiento produjo NaN o infinitos, o explotó: la tasa de aprendizaje es demasiado grande.

    «Explotar» es que, tras un paso, la norma √Σw² de los pesos o de los sesgos de una capa pase de
    ``MAX_PARAMETER_NORM`` (10⁶), o que el coste medio pase de ``MAX_COST`` (10⁸). Cuando la lanza
    ``sgd``, el atributo ``history`` guarda lo que se midió en las épocas completadas.
    """

    history = None


def _check_decay(eta, lmbda, n):
    """Rechaza ηλ/n ≥ 1: el factor de decaimiento 1 − ηλ/n de los pesos sería 0 o negativo."""
    if lmbda and eta * lmbda / n >= 1:
        raise ValueError(
            f"Con η = {num(eta)}, λ = {num(lmbda)} y n = {num(n)}, ηλ/n = {num(float(f'{eta * lmbda / n:.3g}'))} ≥ 1: el factor "
            "1 − ηλ/n que encoge los pesos en cada paso sería 0 o negativo. Usa un λ o una η más pequeños."
        )


def _too_big(a):
    """¿Tiene ``a`` algún NaN o infinito, o una norma √Σa² mayor que ``MAX_PARAMETER_NORM``?"""
    sum_sq = float(np.vdot(a, a))  # NaN e infinitos se propagan a la suma
    return not sum_sq <= MAX_PARAMETER_NORM ** 2


def update_mini_batch(network, x, y, eta, lmbda=0.0, n=None):
    """Un paso de descenso de gradiente con el minilote (x, y):

        w ← (1 − ηλ/n) w − (η/m) Σ_x ∂C_x/∂w,    b ← b − (η/m) Σ_x ∂C_x/∂b

    (Σ_x recorre los m ejemplos del minilote: es lo que devuelve ``backprop``.)

    ``x``: (n_0, m); ``y``: (n_L, m); ``eta`` = η; ``lmbda`` = λ (regularización L2, 0 por
    defecto) y ``n`` el tamaño del conjunto de entrenamiento (necesario si λ > 0).
    Modifica ``network.weights`` y ``network.biases`` en su sitio. Se exige ηλ/n < 1. Si el paso
    daría valores NaN o infinitos, o pesos que explotan (véase ``TrainingDiverged``), lanza
    ``TrainingDiverged`` y no toca la red.
    """
    eta = check_eta(eta)
    if lmbda:
        lmbda = check_lmbda(lmbda)
        if n is None:
            raise ValueError("Con regularización L2 (λ > 0) hay que dar n, el tamaño del conjunto de entrenamiento.")
        n = check_positive_int(n, "n", "El tamaño del conjunto de entrenamiento")
        _check_decay(eta, lmbda, n)
    check_layers(network.weights, network.biases)
    bounds = _norms(network)
    if not all(math.isfinite(bw) and math.isfinite(bb) for bw, bb in bounds):
        raise ValueError("La red ya contiene pesos o sesgos NaN o infinitos: no se puede dar un paso con ella. "
                         "Vuelve a crearla (o a cargarla).")
    with np.errstate(over="ignore", invalid="ignore"):
        _step(network, x, y, eta, lmbda, n, bounds)


def _norm(a):
    """√Σa², con BLAS (NaN e infinitos se propagan)."""
    return math.sqrt(float(np.vdot(a, a))) if a.size else 0.0


def _norms(network):
    """Las normas exactas de pesos y sesgos de cada capa: [(‖w^l‖, ‖b^l‖), …]."""
    with np.errstate(over="ignore", invalid="ignore"):
        return [(_norm(w), _norm(b)) for w, b in zip(network.weights, network.biases)]


def _step(network, x, y, eta, lmbda, n, bounds=None):
    """El paso de ``update_mini_batch`` (ya comprobados η, λ y n), atómico: o se aplica a todas las
    capas o, si alguna explotaría, a ninguna (y lanza ``TrainingDiverged``).

    Para no recorrer los pesos una vez más en cada minilote, ``sgd`` pasa ``bounds``: una cota
    superior de ‖w^l‖ y ‖b^l‖ por capa, que se actualiza con la desigualdad triangular
    ‖(1 − ηλ/n) w − g‖ ≤ (1 − ηλ/n) ‖w‖ + ‖g‖. Solo si la cota pasa del límite se calcula el paso
    en un array aparte y se mide su norma exacta. Sin ``bounds`` se usan las normas exactas.
    """
    nabla_b, nabla_w = backprop(network.weights, network.biases, x, y, network.activation,
                                network.cost, network.output_activation)
    step = eta / x.shape[1]
    decay = 1.0 - eta * lmbda / n if lmbda else 1.0
    if bounds is None:
        bounds = _norms(network)
    new_bounds, exact = [], {}
    # (quien llama ya ignora los avisos de desbordamiento con np.errstate)
    for l, (w, b, nw, nb) in enumerate(zip(network.weights, network.biases, nabla_w, nabla_b), start=1):
        nw *= step  # (η/m) ∂C/∂w, en el mismo array: sin copias temporales
        nb *= step
        bound_w = decay * bounds[l - 1][0] + _norm(nw)
        bound_b = bounds[l - 1][1] + _norm(nb)
        if not (bound_w <= MAX_PARAMETER_NORM and bound_b <= MAX_PARAMETER_NORM):
            # la cota no basta (o hay NaN/inf): el paso se calcula aparte y se mide de verdad
            new_w = (w * decay if lmbda else w) - nw
            new_b = b - nb
            bound_w, bound_b = _norm(new_w), _norm(new_b)
            if not (bound_w <= MAX_PARAMETER_NORM and bound_b <= MAX_PARAMETER_NORM):
                raise TrainingDiverged(
                    f"El entrenamiento ha divergido: tras este paso, los pesos o sesgos de la capa {l} "
                    f"tendrían valores NaN, infinitos o de norma mayor que {num(MAX_PARAMETER_NORM)} "
                    f"(con η = {num(eta)}). Prueba con una tasa de aprendizaje η más pequeña (por ejemplo, "
                    "diez veces menor). La red conserva los pesos de antes de este paso."
                )
            exact[l] = (new_w, new_b)
        new_bounds.append((bound_w, bound_b))
    # Ninguna capa explota: ahora sí se modifica la red, capa a capa, en su sitio.
    for l, (w, b, nw, nb) in enumerate(zip(network.weights, network.biases, nabla_w, nabla_b), start=1):
        if l in exact:
            w[...], b[...] = exact[l]
            continue
        if lmbda:
            w *= decay
        w -= nw
        b -= nb
    return new_bounds


def predict(network, x):
    """El dígito predicho para cada columna de ``x`` (n_0, m): devuelve (m,) enteros."""
    return network.predict(x)


def _check_not_empty(x, what):
    if x.shape[1] == 0:
        raise ValueError(f"No se puede calcular {what} de un conjunto sin ejemplos: 'x' tiene forma {x.shape}.")


def evaluate(network, x, labels):
    """Número de aciertos de la red en ``x`` (n_0, n) con etiquetas ``labels`` (n,)."""
    check_x(x, network.sizes[0])
    check_labels(labels, x.shape[1], network.sizes[-1])
    return int(np.sum(network.predict(x) == labels))


def accuracy(network, x, labels):
    """Fracción de aciertos (entre 0 y 1) en ``x`` (n_0, n) con etiquetas ``labels`` (n,)."""
    check_x(x, network.sizes[0])
    _check_not_empty(x, "la exactitud")
    return evaluate(network, x, labels) / x.shape[1]


def total_cost(network, x, y, lmbda=0.0):
    """El coste medio de la red en ``x`` (n_0, n), ``y`` (n_L, n), más el término L2 (λ/2n)Σw².

    La última capa se evalúa en float64 aunque la red sea float32: en float32, σ(17) ya
    redondea a 1 y una salida así, del lado equivocado, daría un coste infinito (y una falsa
    divergencia) donde float64 da un número normal, unos 17.
    """
    check_x(x, network.sizes[0])
    check_y(y, network.sizes[-1], x.shape[1])
    _check_not_empty(x, "el coste")
    lmbda = check_lmbda(lmbda)
    if not _all_finite(y):
        raise ValueError("'y' contiene valores NaN o infinitos: el coste no tendría sentido.")
    cost = _total_cost(network, x, y, lmbda)
    if not math.isfinite(cost) and not _output_finite(network, x):
        raise ValueError(
            "La salida de la red contiene valores NaN o infinitos, así que el coste no tiene sentido: "
            + ("'x' contiene valores no finitos." if not _all_finite(x) else
               "revisa los pesos y sesgos (¿ha divergido el entrenamiento?).")
        )
    return cost


def _output_finite(network, x):
    with np.errstate(all="ignore"):
        return _all_finite(network.feedforward(x))


def _total_cost(network, x, y, lmbda):
    """``total_cost`` sin comprobaciones; si alguna salida no es finita devuelve infinito."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        zs, _ = feedforward(network.weights, network.biases, x, network.activation,
                            network.output_activation)
        a_L = network.output_activation.fn(zs[-1].astype(np.float64, copy=False))
        if not _all_finite(a_L):
            return math.inf
        cost = network.cost.fn(a_L, y.astype(np.float64, copy=False))
        if lmbda:
            cost += 0.5 * lmbda / x.shape[1] * sum(float(np.sum(w * w)) for w in network.weights)
    return cost


@dataclass
class History:
    """Lo que ocurrió en cada época: costes, exactitudes (entre 0 y 1) y segundos."""

    epochs: list = field(default_factory=list)
    training_cost: list = field(default_factory=list)
    training_accuracy: list = field(default_factory=list)
    evaluation_cost: list = field(default_factory=list)
    evaluation_accuracy: list = field(default_factory=list)
    seconds: list = field(default_factory=list)
    stopped_early: bool = False

    def as_dict(self):
        return {k: (list(v) if isinstance(v, list) else v) for k, v in self.__dict__.items()}


@dataclass
class Progress:
    """Se pasa al ``callback`` de ``sgd``: dónde va el entrenamiento.

    ``epoch`` va de 1 a ``epochs``; ``batch`` de 1 a ``n_batches`` dentro de la época;
    ``end_of_epoch`` es True en la llamada que cierra cada época (con ``history`` ya al día).
    """

    epoch: int
    epochs: int
    batch: int
    n_batches: int
    end_of_epoch: bool
    history: History
    network: object


def _all_finite(a, chunk=4096):
    """¿Son finitos todos los valores de ``a`` (n_filas, n)? Por bloques de columnas, para no crear
    un array de booleanos del tamaño de todo el conjunto (39 MB con MNIST)."""
    return all(np.isfinite(a[:, k:k + chunk]).all() for k in range(0, a.shape[1], chunk))


def _unpack(data, name, n_in, n_out):
    """Acepta un ``Dataset`` o una tupla (x, y) / (x, y, labels); devuelve (x, y, labels)."""
    if hasattr(data, "x") and hasattr(data, "y"):
        x, y, labels = data.x, data.y, getattr(data, "labels", None)
    elif isinstance(data, (tuple, list)) and len(data) in (2, 3):
        x, y = data[0], data[1]
        labels = data[2] if len(data) == 3 else None
    else:
        raise TypeError(f"'{name}' debe ser un Dataset o una tupla (x, y); se recibió {type(data).__name__}.")
    check_x(x, n_in, f"{name}.x")
    check_y(y, n_out, x.shape[1], f"{name}.y")
    if x.shape[1] == 0:
        hint = " Con split='standard' la validación está vacía: usa data.test." if name == "evaluation_data" else ""
        raise ValueError(f"'{name}' no tiene ejemplos ('x' tiene forma {x.shape}).{hint}")
    for part, arr in (("x", x), ("y", y)):
        if not _all_finite(arr):
            raise ValueError(f"'{name}.{part}' contiene valores NaN o infinitos: revisa los datos antes de entrenar.")
    if labels is None:
        flat = np.max(y, axis=0) <= np.min(y, axis=0)
        if flat.any():
            k = int(np.flatnonzero(flat)[0])
            raise ValueError(
                f"'{name}.y' tiene columnas constantes (p. ej. la {k}, todo {excerpt(float(y[0, k]))}): no "
                "dicen qué dígito es. Cada columna debe ser one-hot, con un 1 en la etiqueta; usa one_hot(labels)."
            )
        labels = np.argmax(y, axis=0)
    check_labels(labels, x.shape[1], n_out, f"{name}.labels")
    return x, y, labels


def _snapshot(network):
    """Una copia de los pesos y sesgos, para volver a ellos si el entrenamiento diverge."""
    return [w.copy() for w in network.weights], [b.copy() for b in network.biases]


def _check_finite(network, what, eta, last_good):
    """Comprueba que pesos, sesgos y el coste ``what`` son finitos; si no, devuelve la red a
    ``last_good`` (un ``_snapshot``) y lanza ``TrainingDiverged``."""
    if _parameters_ok(network) and abs(what) <= MAX_COST:
        return
    _restore(network, last_good)
    raise TrainingDiverged(
        f"El entrenamiento ha divergido: aparecieron valores NaN o infinitos, o un coste mayor que "
        f"{num(MAX_COST)}, con η = {num(eta)}. "
        "Prueba con una tasa de aprendizaje η más pequeña (por ejemplo, diez veces menor). "
        "La red conserva los pesos de antes de divergir."
    )


def _parameters_ok(network):
    """¿Son finitos, y de norma por capa no mayor que ``MAX_PARAMETER_NORM``, pesos y sesgos?"""
    with np.errstate(over="ignore", invalid="ignore"):
        return not any(_too_big(p) for p in network.weights + network.biases)


def _restore(network, saved):
    for params, copies in zip((network.weights, network.biases), saved):
        for p, c in zip(params, copies):
            p[...] = c  # en su sitio: quien tenga la red sigue viendo los mismos arrays


def sgd(network, training_data, epochs, mini_batch_size, eta, rng, lmbda=0.0,
        evaluation_data=None, monitor_training=True, monitor_evaluation=True,
        callback=None, callback_every=None, should_stop=None, history=None):
    """Entrena ``network`` con descenso de gradiente estocástico por minilotes.

    - ``training_data`` / ``evaluation_data``: un ``Dataset`` o una tupla (x, y), con
      ``x`` (n_0, n) e ``y`` (n_L, n).
    - ``epochs``: épocas; ``mini_batch_size``: m; ``eta``: η; ``lmbda``: λ de L2.
    - ``rng``: ``np.random.default_rng(semilla)``, baraja los ejemplos en cada época.
    - ``monitor_training`` / ``monitor_evaluation``: calcular coste y exactitud al final de
      cada época en cada conjunto.
    - ``callback(progress)``: se llama al final de cada época y, si ``callback_every = k``,
      también cada k minilotes (véase ``Progress``).
    - ``should_stop()``: si devuelve True, el entrenamiento se detiene tras el minilote en
      curso y la red conserva lo aprendido (``history.stopped_early`` = True).
    - ``history``: un ``History`` (vacío) que se irá rellenando época a época; sirve para no perder
      las épocas completadas si el entrenamiento se interrumpe (Ctrl-C). Por defecto, uno nuevo.

    Devuelve el ``History``. Todo se comprueba antes de entrenar (datos, hiperparámetros, ηλ/n < 1,
    que los callbacks sean funciones, que la red sea finita y su coste encaje con su salida).
    Si un paso daría NaN, infinitos o pesos que explotan, o el coste pasa de ``MAX_COST``, lanza
    ``TrainingDiverged`` (con el historial en ``.history``) y deja la red en su último estado bueno:
    el de antes de ese paso o, si el coste explotó, el del final de la época anterior o el último callback.
    """
    if not hasattr(network, "weights") or not hasattr(network, "biases"):
        raise TypeError(f"'network' debe ser un Network de nn_core; se recibió {type(network).__name__}.")
    check_parameters(network.weights, network.biases)
    check_combination(network.activation, network.output_activation, network.cost)
    for name, fn in (("callback", callback), ("should_stop", should_stop)):
        if fn is not None and not callable(fn):
            raise TypeError(f"'{name}' debe ser una función (o None); se recibió {type(fn).__name__}.")
    if history is None:
        history = History()
    elif not isinstance(history, History):
        raise TypeError(f"'history' debe ser un History de nn_core (o None); se recibió {type(history).__name__}.")
    n_in, n_out = network.sizes[0], network.sizes[-1]
    x, y, labels = _unpack(training_data, "training_data", n_in, n_out)
    if evaluation_data is not None:
        ex, ey, elabels = _unpack(evaluation_data, "evaluation_data", n_in, n_out)
    epochs = check_positive_int(epochs, "epochs", "El número de épocas")
    m = check_positive_int(mini_batch_size, "mini_batch_size", "El tamaño del minilote")
    eta = check_eta(eta)
    lmbda = check_lmbda(lmbda)
    if callback_every is not None:
        callback_every = check_positive_int(callback_every, "callback_every", "La frecuencia del callback")
    rng = _as_rng(rng)
    dtype = network.dtype
    n = x.shape[1]
    _check_decay(eta, lmbda, n)
    n_batches = math.ceil(n / m)
    # Filas = ejemplos: con x en orden Fortran (como lo da load_mnist) esto no copia nada,
    # y cada minilote x_rows[índices].T es un bloque (n_0, m) contiguo.
    x_rows = np.ascontiguousarray(x.T, dtype=dtype)
    y_rows = np.ascontiguousarray(y.T, dtype=dtype)
    # Con matrices pequeñas (m ejemplos), repartir cada producto entre varios hilos de BLAS
    # cuesta más de lo que ahorra: los minilotes se procesan con un solo hilo.
    small = m * max(network.sizes) < 100_000
    last_good = _snapshot(network)
    bounds = _norms(network)
    try:
        for epoch in range(1, epochs + 1):
            start = time.perf_counter()
            order = rng.permutation(n)
            with _blas_threads(1 if small else None), \
                    np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
                for batch, k in enumerate(range(0, n, m), start=1):
                    idx = order[k:k + m]
                    try:
                        bounds = _step(network, x_rows[idx].T, y_rows[idx].T, eta, lmbda, n, bounds)
                    except TrainingDiverged:
                        if not _parameters_ok(network):  # un callback dejó la red mal: al último estado bueno
                            _restore(network, last_good)
                        raise
                    if should_stop is not None and should_stop():
                        history.stopped_early = True
                        break
                    if callback is not None and callback_every and batch % callback_every == 0 and batch != n_batches:
                        _check_finite(network, 0.0, eta, last_good)
                        last_good = _snapshot(network)
                        callback(Progress(epoch, epochs, batch, n_batches, False, history, network))
                        bounds = _norms(network)  # el callback pudo cambiar la red
            _check_finite(network, 0.0, eta, last_good)
            seconds = time.perf_counter() - start
            # Primero los costes: si el coste explota, la época no se anota (la red vuelve atrás).
            training_cost = _total_cost(network, x, y, lmbda) if monitor_training else None
            evaluation_cost = _total_cost(network, ex, ey, lmbda) \
                if evaluation_data is not None and monitor_evaluation else None
            costs = [c for c in (training_cost, evaluation_cost) if c is not None]
            if not costs:
                # sin monitorizar no hay coste de la época: se mira el del último minilote
                costs = [_total_cost(network, x_rows[idx].T, y_rows[idx].T, 0.0)]
            _check_finite(network, sum(costs), eta, last_good)
            history.seconds.append(seconds)
            history.epochs.append(epoch)
            if training_cost is not None:
                history.training_cost.append(training_cost)
                history.training_accuracy.append(accuracy(network, x, labels))
            if evaluation_cost is not None:
                history.evaluation_cost.append(evaluation_cost)
                history.evaluation_accuracy.append(accuracy(network, ex, elabels))
            last_good = _snapshot(network)
            if callback is not None:
                callback(Progress(epoch, epochs, batch, n_batches, True, history, network))
                bounds = _norms(network)  # el callback pudo cambiar la red
            if history.stopped_early:
                break
    except TrainingDiverged as e:
        e.history = history  # las épocas completadas no se pierden
        raise
    return history
