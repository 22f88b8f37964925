"""La red y los pasos de la retropropagación, una función por ecuación.

Convenio de columnas: un ejemplo es una columna; un mini-lote de m ejemplos es una
matriz ``x`` de forma (n_0, m), con n_0 = sizes[0] neuronas de entrada.

Índices de capa: la capa de entrada es la capa 0, así que a^0 = x y, para l = 1, …, L,

    w^l = weights[l-1]    (forma (n_l, n_(l-1)))
    b^l = biases[l-1]     (forma (n_l, 1))
    z^l = zs[l-1]         (forma (n_l, m))
    a^l = activations[l]  (forma (n_l, m))

(Nielsen numera la entrada como capa 1; aquí empieza en 0 para que activations[l] sea a^l.)
"""

import numpy as np

from .activations import get_activation
from .costs import get_cost
from .validation import (check_float_dtype, check_layers, check_weights, check_parameters, check_same_shape,
                         check_sizes, check_x, check_y, excerpt)

#: Nombres en español de las activaciones y los costes de nn_core (para ``Network.describe``).
SPANISH_NAMES = {"sigmoid": "sigmoide", "relu": "ReLU", "softmax": "softmax",
                 "quadratic": "cuadrático", "cross-entropy": "entropía cruzada",
                 "log-likelihood": "log-verosimilitud"}


def name_of(obj):
    """El nombre de una activación o un coste: su atributo ``name`` o, si es propio, el de su clase."""
    name = getattr(obj, "name", None)
    if isinstance(name, str):
        return name
    return getattr(obj, "__name__", type(obj).__name__)


def _as_rng(rng):
    """Acepta un ``np.random.Generator`` o una semilla entera; nunca el generador global."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        if rng < 0:
            raise ValueError(f"La semilla debe ser un entero mayor o igual que 0; se recibió {excerpt(rng)}.")
        return np.random.default_rng(int(rng))
    raise TypeError(
        "Se necesita un generador aleatorio: pasa rng=np.random.default_rng(semilla) "
        f"o una semilla entera; se recibió {rng!r}."
    )


def init_network(sizes, rng, init="gaussian", dtype=np.float64):
    """Pesos y sesgos iniciales de una red de capas ``sizes`` (p. ej. [784, 30, 10]).

    - ``init="gaussian"``: pesos y sesgos N(0, 1), como en el libro.
    - ``init="scaled"``: pesos N(0, 1/n_in), sesgos N(0, 1); evita saturar las neuronas.

    Devuelve ``(weights, biases)``: ``weights[i]`` de forma (sizes[i+1], sizes[i]) y
    ``biases[i]`` de forma (sizes[i+1], 1), del dtype pedido (float64 o float32).
    """
    sizes = check_sizes(sizes)
    rng = _as_rng(rng)
    dtype = check_float_dtype(dtype)
    if not isinstance(init, str) or init not in ("gaussian", "scaled"):
        raise ValueError(f"Inicialización desconocida: {excerpt(init)}. Se esperaba 'gaussian' o 'scaled'.")
    weights, biases = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        w = rng.standard_normal((n_out, n_in))
        if init == "scaled":
            w /= np.sqrt(n_in)
        weights.append(w.astype(dtype))
        biases.append(rng.standard_normal((n_out, 1)).astype(dtype))
    return weights, biases


def feedforward(weights, biases, x, activation="sigmoid", output_activation="sigmoid"):
    """Paso 1, propagación hacia adelante: z^l = w^l a^(l-1) + b^l, a^l = σ(z^l).

    ``x``: (n_0, m). Devuelve ``(zs, activations)``: ``zs[l-1]`` = z^l de forma (n_l, m)
    y ``activations[l]`` = a^l de forma (n_l, m), con ``activations[0] is x``.
    Las capas ocultas usan ``activation``; la de salida, ``output_activation``.
    """
    check_layers(weights, biases)
    check_x(x, weights[0].shape[1])
    return _feedforward(weights, biases, x, get_activation(activation), get_activation(output_activation))


def _feedforward(weights, biases, x, sigma, sigma_L):
    """``feedforward`` sin comprobaciones (las formas ya se comprobaron)."""
    zs, activations = [], [x]
    a = x
    L = len(weights)
    for l, (w, b) in enumerate(zip(weights, biases), start=1):
        z = w @ a + b
        a = (sigma_L if l == L else sigma).fn(z)
        zs.append(z)
        activations.append(a)
    return zs, activations


def output_error(a_L, z_L, y, cost="quadratic", output_activation="sigmoid"):
    """Paso 2 (BP1), el error de la capa de salida: δ^L = ∇_a C ⊙ σ'(z^L).

    ``a_L``, ``z_L``, ``y``: (n_L, m). Devuelve δ^L de forma (n_L, m).
    Con entropía cruzada y salida sigmoide (o log-verosimilitud y softmax) σ'(z^L) se
    cancela y δ^L = a^L − y.
    """
    _check_column_batch(a_L, "a_L", "(n_L, m)")
    check_same_shape(z_L, "z_L", a_L.shape, "(n_L, m)", "la de a_L")
    check_same_shape(y, "y", a_L.shape, "(n_L, m)", "la de a_L")
    return _output_error(a_L, z_L, y, get_cost(cost), get_activation(output_activation))


def _output_error(a_L, z_L, y, cost, sigma_L):
    """``output_error`` sin comprobaciones."""
    if getattr(sigma_L, "name", None) in getattr(cost, "simplifies_with", ()):
        return a_L - y
    if not getattr(sigma_L, "elementwise", True):
        sigma_L.prime(z_L)  # lanza el error que explica qué coste usar
    return cost.derivative(a_L, y) * sigma_L.prime(z_L)


def backpropagate_error(weights, zs, delta_L, activation="sigmoid"):
    """Paso 3 (BP2), retropropagar el error: δ^l = ((w^(l+1))^T δ^(l+1)) ⊙ σ'(z^l).

    ``weights[l-1]``: (n_l, n_(l-1)); ``zs[l-1]``: (n_l, m); ``delta_L``: (n_L, m).
    Devuelve la lista ``deltas`` con ``deltas[l-1]`` = δ^l de forma (n_l, m), para
    l = 1, …, L; la última es ``delta_L``.
    """
    if not isinstance(weights, (list, tuple)) or not isinstance(zs, (list, tuple)):
        raise TypeError("'weights' y 'zs' deben ser listas de arrays de numpy, uno por capa; se recibieron "
                        f"{type(weights).__name__} y {type(zs).__name__}.")
    if len(zs) != len(weights) or not weights:
        raise ValueError(f"'zs' debe tener un z^l por capa, tantos como 'weights' ({len(weights)}); "
                         f"tiene {len(zs)}.")
    check_weights(weights)
    L = len(weights)
    _check_column_batch(delta_L, "delta_L", "(n_L, m)", weights[-1].shape[0])
    m = delta_L.shape[1]
    for l in range(1, L + 1):
        check_same_shape(zs[l - 1], f"zs[{l - 1}]", (weights[l - 1].shape[0], m), f"(n_{l}, m)",
                         f"la de z^{l}")
    return _backpropagate_error(weights, zs, delta_L, get_activation(activation))


def _backpropagate_error(weights, zs, delta_L, sigma):
    """``backpropagate_error`` sin comprobaciones."""
    L = len(weights)
    deltas = [None] * L
    deltas[L - 1] = delta = delta_L
    for l in range(L - 1, 0, -1):  # l = L-1, …, 1
        delta = (weights[l].T @ delta) * sigma.prime(zs[l - 1])  # weights[l] es w^(l+1)
        deltas[l - 1] = delta
    return deltas


def gradients(deltas, activations):
    """Pasos 4 y 5 (BP3 y BP4), los gradientes de cada capa.

    ∂C/∂b^l = δ^l (sumado sobre las m columnas) y ∂C/∂w^l = δ^l (a^(l-1))^T.
    ``deltas[l-1]``: (n_l, m); ``activations[l]``: (n_l, m).
    Devuelve ``(nabla_b, nabla_w)`` con ``nabla_b[l-1]``: (n_l, 1) y
    ``nabla_w[l-1]``: (n_l, n_(l-1)). Es la **suma** de los gradientes de los m
    ejemplos, no la media: con m = 1 es exactamente la fórmula del libro.
    """
    if not isinstance(deltas, (list, tuple)) or not isinstance(activations, (list, tuple)):
        raise TypeError("'deltas' y 'activations' deben ser listas de arrays de numpy; se recibieron "
                        f"{type(deltas).__name__} y {type(activations).__name__}.")
    if not deltas or len(activations) != len(deltas) + 1:
        raise ValueError(
            "'activations' debe tener una capa más que 'deltas' (a^0, …, a^L frente a δ^1, …, δ^L); "
            f"tienen {len(activations)} y {len(deltas)} elementos."
        )
    _check_column_batch(activations[0], "activations[0]", "(n_0, m)")
    m = activations[0].shape[1]
    for l, delta in enumerate(deltas, start=1):
        _check_column_batch(delta, f"deltas[{l - 1}]", f"(n_{l}, m)", m=m)
        check_same_shape(activations[l], f"activations[{l}]", delta.shape, f"(n_{l}, m)",
                         f"la de δ^{l}")
    return _gradients(deltas, activations)


def _gradients(deltas, activations):
    """``gradients`` sin comprobaciones."""
    nabla_b = [delta.sum(axis=1, keepdims=True) for delta in deltas]
    nabla_w = [delta @ a_prev.T for delta, a_prev in zip(deltas, activations[:-1])]
    return nabla_b, nabla_w


def _check_column_batch(a, name, symbol, n=None, m=None):
    """Comprueba que ``a`` es un array 2-D de números reales de forma (n, m), una columna por
    ejemplo (``n`` o ``m`` a None: cualquiera)."""
    if not isinstance(a, np.ndarray):
        raise TypeError(f"'{name}' debe ser un array de numpy de forma {symbol}; se recibió {type(a).__name__}.")
    if a.dtype.kind not in "fiub":
        raise TypeError(f"'{name}' debe contener números reales; su dtype es {a.dtype}.")
    if a.ndim != 2:
        raise ValueError(f"'{name}' debe tener forma {symbol}: 2 dimensiones, un ejemplo por columna; "
                         f"tiene forma {a.shape}.")
    expected = (a.shape[0] if n is None else n, a.shape[1] if m is None else m)
    if a.shape != expected:
        raise ValueError(f"'{name}' debe tener forma {symbol} = {expected}; tiene forma {a.shape}.")
    return a


def backprop(weights, biases, x, y, activation="sigmoid", cost="quadratic",
             output_activation="sigmoid"):
    """Los cinco pasos juntos: devuelve ``(nabla_b, nabla_w)`` para el mini-lote (x, y).

    ``x``: (n_0, m); ``y``: (n_L, m). Las formas de la salida son las de ``biases`` y
    ``weights``. Es la suma sobre los m ejemplos (véase ``gradients``).
    """
    check_layers(weights, biases)
    check_x(x, weights[0].shape[1])  # primero x: si no es un array, el error habla de x
    check_y(y, weights[-1].shape[0], x.shape[1])
    sigma, sigma_L = get_activation(activation), get_activation(output_activation)
    zs, activations = _feedforward(weights, biases, x, sigma, sigma_L)
    delta_L = _output_error(activations[-1], zs[-1], y, get_cost(cost), sigma_L)
    deltas = _backpropagate_error(weights, zs, delta_L, sigma)
    return _gradients(deltas, activations)


def _as_list(values, name):
    """Una lista, tupla o generador de arrays → lista (un generador solo se puede recorrer una vez)."""
    if isinstance(values, (list, tuple)):
        return list(values)
    if isinstance(values, (str, bytes, np.ndarray, dict)) or not hasattr(values, "__iter__"):
        raise TypeError(f"'{name}' debe ser una lista de arrays de numpy, uno por capa; "
                        f"se recibió {type(values).__name__}.")
    return list(values)


def check_combination(activation, output_activation, cost):
    """Rechaza, antes de entrenar, las combinaciones de activación y coste que no tienen sentido.

    - La softmax solo en la salida, y solo con log-verosimilitud (su derivada no es elemento a
      elemento; con ese coste δ^L = a^L − y).
    - La log-verosimilitud −ln a_y necesita salidas que sean probabilidades: salida softmax.
    - La entropía cruzada necesita salidas en (0, 1): salida sigmoide (con ReLU, ln(1 − a) no existe
      para a ≥ 1).

    Las activaciones y costes propios (objetos) se aceptan tal cual.
    """
    act, out, c = name_of(activation), name_of(output_activation), name_of(cost)
    if act == "softmax" or not getattr(activation, "elementwise", True):
        raise ValueError("La softmax solo puede usarse en la capa de salida (output_activation='softmax').")
    if (out == "softmax" or not getattr(output_activation, "elementwise", True)) \
            and out not in getattr(cost, "simplifies_with", ()):
        raise ValueError("Una salida softmax necesita el coste 'log-likelihood' (con él δ^L = a^L − y).")
    if c == "log-likelihood" and out in ("sigmoid", "relu"):
        raise ValueError(
            f"El coste 'log-likelihood' (−ln a_y) necesita que las salidas sean probabilidades que suman 1: "
            f"usa output_activation='softmax', no {out!r}."
        )
    if c == "cross-entropy" and out == "relu":
        raise ValueError(
            "El coste 'cross-entropy' necesita salidas entre 0 y 1 (usa ln(1 − a)): usa "
            "output_activation='sigmoid', no 'relu'."
        )


class Network:
    """Una red completamente conectada: sus pesos, sesgos, activaciones y coste.

    - ``sizes``: neuronas por capa, p. ej. [784, 30, 10].
    - ``rng``: ``np.random.default_rng(semilla)`` (o una semilla entera) para iniciar los pesos.
    - ``activation``: 'sigmoid' o 'relu' en las capas ocultas.
    - ``output_activation``: 'sigmoid' (por defecto) o 'softmax' en la capa de salida.
    - ``cost``: 'quadratic', 'cross-entropy' o 'log-likelihood'.
    - ``init``: 'gaussian' (N(0, 1), como el libro) o 'scaled' (N(0, 1/n_in)).
    - ``dtype``: np.float64 (por defecto) o np.float32.

    ``weights`` y ``biases`` son listas de arrays con las formas de ``init_network``.

    Se rechazan al construirla: más de ``MAX_PARAMETERS`` (50 millones) pesos y sesgos, parámetros
    NaN o infinitos (``from_parameters``) y las combinaciones de salida y coste que no tienen sentido
    (véase ``check_combination``). ``repr(red)`` la describe en español (``describe()``).
    """

    def __init__(self, sizes, rng, activation="sigmoid", cost="quadratic",
                 output_activation="sigmoid", init="gaussian", dtype=np.float64):
        weights, biases = init_network(sizes, rng, init=init, dtype=dtype)
        self._setup(weights, biases, activation, cost, output_activation)
        self.init = init

    @classmethod
    def from_parameters(cls, weights, biases, activation="sigmoid", cost="quadratic",
                        output_activation="sigmoid"):
        """Construye una red con pesos y sesgos ya dados (se copian).

        ``weights[i]``: (n_(i+1), n_i) y ``biases[i]``: (n_(i+1), 1), arrays float64 o float32
        (todos del mismo tipo).
        """
        net = cls.__new__(cls)
        weights, biases = _as_list(weights, "weights"), _as_list(biases, "biases")
        check_parameters(weights, biases)
        net._setup([np.array(w) for w in weights], [np.array(b) for b in biases],
                   activation, cost, output_activation)
        net.init = "given"
        return net

    def _setup(self, weights, biases, activation, cost, output_activation):
        self.weights = weights
        self.biases = biases
        self.activation = get_activation(activation)
        self.output_activation = get_activation(output_activation)
        self.cost = get_cost(cost)
        check_combination(self.activation, self.output_activation, self.cost)

    @property
    def sizes(self):
        """Neuronas por capa, p. ej. [784, 30, 10]."""
        return [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]

    @property
    def dtype(self):
        """El tipo de los números de la red (float64 o float32), el de sus pesos."""
        return self.weights[0].dtype

    def feedforward(self, x):
        """La salida a^L de la red para ``x`` (n_0, m); devuelve (n_L, m)."""
        zs, activations = feedforward(self.weights, self.biases, x, self.activation,
                                      self.output_activation)
        return activations[-1]

    def backprop(self, x, y):
        """Gradientes ``(nabla_b, nabla_w)`` del mini-lote ``x`` (n_0, m), ``y`` (n_L, m)."""
        return backprop(self.weights, self.biases, x, y, self.activation, self.cost,
                        self.output_activation)

    def predict(self, x):
        """El dígito predicho (índice de la neurona de salida más activa) para cada columna de ``x`` (n_0, m); devuelve (m,).

        Si alguna salida no es finita (NaN o infinito) no hay dígito que predecir: ``ValueError``.
        """
        check_x(x, self.sizes[0])
        with np.errstate(all="ignore"):
            a_L = self.feedforward(x)
        if not np.isfinite(a_L).all():
            raise ValueError(
                "La salida de la red contiene valores NaN o infinitos, así que no hay predicción: "
                + ("'x' contiene valores no finitos." if not np.isfinite(x).all() else
                   "revisa los pesos y sesgos (¿ha divergido el entrenamiento?).")
            )
        return np.argmax(a_L, axis=0)

    def copy(self):
        """Una copia independiente de la red."""
        return Network.from_parameters(self.weights, self.biases, self.activation, self.cost,
                                       self.output_activation)

    def describe(self):
        """La red en una línea, en español: capas, activaciones, coste y tipo de los números.

        >>> Network([784, 30, 10], 0).describe()
        'Red [784, 30, 10] · activación: sigmoide · salida: sigmoide · coste: cuadrático · float64'
        """
        def spanish(obj):
            return SPANISH_NAMES.get(name_of(obj), name_of(obj))

        return (f"Red {self.sizes} · activación: {spanish(self.activation)} · "
                f"salida: {spanish(self.output_activation)} · coste: {spanish(self.cost)} · "
                f"{self.dtype.name}")

    def __repr__(self):
        return self.describe()
