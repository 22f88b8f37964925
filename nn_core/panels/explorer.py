"""El explorador de la retropropagación: una red pequeña, dibujada, con sus números, paso a paso.

Uso en un cuaderno (una línea)::

    from nn_core.panels.explorer import explorer_panel
    explorer_panel()                      # red [2, 3, 2], semilla 0

El panel dibuja la red como un grafo (un SVG dentro de un ``ipywidgets.HTML``) y tiene cinco
botones, uno por paso de la retropropagación:

- «Adelante» (paso 1): cada neurona muestra su entrada ponderada z y su activación a.
- «Error de salida» (paso 2, BP1): δ^L en las neuronas de salida.
- «Atrás» (paso 3, BP2): δ de una capa oculta más por clic, de la salida hacia la entrada; las
  aristas que llevan el error se colorean con su contribución w·δ.
- «Gradientes» (pasos 4 y 5, BP3 y BP4): ∂C/∂w en las aristas y ∂C/∂b en las neuronas.
- «Paso de SGD»: w ← w − η ∂C/∂w, b ← b − η ∂C/∂b, y el coste nuevo en la gráfica del coste
  («×10»: diez pasos seguidos).

Debajo, las ecuaciones de la neurona elegida (en «Neurona» o pulsándola en el dibujo) con sus
números sustituidos. A la derecha, la entrada x y la salida deseada y (campos de texto con coma
decimal), «Pesos al azar» (``init_network`` con un ``np.random.default_rng(semilla)``),
«Volver al principio», un parámetro w o b cualquiera a mano y la tasa de aprendizaje η.

Todos los números salen de las funciones de ``nn_core`` (``feedforward``, ``output_error``,
``backpropagate_error``, ``gradients``, ``update_mini_batch``, ``total_cost`` y las derivadas
de ``nn_core.activations`` y ``nn_core.costs``): el panel solo los guarda y los dibuja. Se
quedan en atributos (``zs``, ``activations``, ``deltas``, ``nabla_b``, ``nabla_w``,
``cost_history``) para poder comprobarlo.

Índices: como en Python, empiezan en 0. La capa 0 es la entrada (a^0 = x), la capa L la salida,
y «capa 1, neurona 0» es la primera neurona de la primera capa oculta. w^l_jk es el peso de la
neurona k de la capa l−1 a la neurona j de la capa l.

Desde Python (y en las pruebas) los botones se pulsan con ``panel.forward_button.click()`` o
llamando a ``forward()``, ``show_output_error()``, ``backward_step()``,
``compute_gradients()``, ``sgd_step()``, ``sgd_steps(n)``, ``randomize_weights()``,
``reset_weights()``, ``set_inputs(x, y)``, ``set_parameter(l, j, k, valor)`` y ``select(l, j)``.

En los cuadernos, la celda del panel empieza con ``# NBVAL_IGNORE_OUTPUT`` (nbval no compara
widgets); donde no hay widgets (GitHub, nbval) el panel se ve como una línea de texto.
"""

import html
import math
import numbers
import re

import ipywidgets as w
import numpy as np

from ..activations import get_activation
from ..costs import get_cost
from ..formatting import num
from ..network import (Network, backpropagate_error, feedforward, gradients, init_network,
                       output_error)
from ..training import total_cost, update_mini_batch
from .common import OPEN_HINT, Panel, _status_html, parse_float

__all__ = ["ExplorerPanel", "explorer_panel", "fmt", "fmt_cost", "validate_sizes",
           "MAX_LAYERS", "MAX_NEURONS"]

#: Límites de la red del explorador: que quepa en la pantalla y se lean sus números.
MAX_LAYERS = 4
MAX_NEURONS = 6
#: Activaciones y costes que admite el panel (la salida es siempre sigmoide).
ACTIVATIONS = {"sigmoid": "sigmoide", "relu": "ReLU"}
COSTS = {"quadratic": "cuadrático", "cross-entropy": "entropía cruzada"}
#: El coste de un ejemplo, como se escribe en el gráfico del coste.
COST_FORMULAS = {"quadratic": "C = ½ ‖a − y‖² (un ejemplo)",
                 "cross-entropy": "C = −Σⱼ [yⱼ ln aⱼ + (1 − yⱼ) ln(1 − aⱼ)]"}
#: Lo que se ve donde no hay widgets (GitHub, nbval): lo escribe ``Panel._repr_mimebundle_``.
FALLBACK_TEXT = f"Explorador de la retropropagación. {OPEN_HINT}."
#: Los pasos, en orden; ``panel.stage`` es uno de ellos.
STAGES = ("start", "forward", "output_error", "backward", "gradients", "step")

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_POS, _NEG, _ZERO = "#2166ac", "#b2182b", "#888888"
_SELECTED = "#e66100"


# --------------------------------------------------------------------------- números y validación

def fmt(value):
    """Un número para el panel: coma decimal, hasta 3 decimales, sin ceros finales (``0,8``, ``−0,053``).

    Los valores muy pequeños (|v| < 0,0005, pero no 0) se muestran con dos cifras significativas
    para no confundirlos con cero: ``0,00012``, ``−0,0000069`` y, por debajo de una millonésima,
    ``1,2·10⁻⁷``.
    """
    v = float(value)
    if not math.isfinite(v):
        return num(v)
    decimals = 3
    if v != 0 and abs(v) < 0.0005:
        exponent = math.floor(math.log10(abs(v)))
        if exponent < -6:
            mantissa = float(f"{v / 10.0 ** exponent:.1f}")
            if abs(mantissa) >= 10:   # 9,96·10⁻⁷ redondea a 1,0·10⁻⁶
                mantissa, exponent = mantissa / 10, exponent + 1
            return f"{num(mantissa)}·10{_sup(exponent).replace('-', '⁻')}"
        decimals = 1 - exponent   # dos cifras significativas
    text = num(round(v, decimals), decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return "0" if text in ("−0", "") else text


def fmt_cost(value):
    """Un coste con 4 cifras significativas (``0,4096``, ``0,006123``): baja poco a poco y con
    3 decimales dos costes distintos se verían iguales."""
    v = float(value)
    if not math.isfinite(v) or v == 0:
        return fmt(v)
    return num(float(f"{v:.4g}"))


def _sub(i):
    """Un índice como subíndice Unicode: 12 → ₁₂."""
    return str(i).translate(_SUB)


def _sup(i):
    """Un índice como superíndice Unicode: 2 → ²."""
    return str(i).translate(_SUP)


def _factor(value):
    """Un número como factor de un producto: entre paréntesis si es negativo."""
    text = fmt(value)
    return f"({text})" if text.startswith("−") else text


def validate_sizes(sizes):
    """Comprueba las capas del explorador y las devuelve como lista de enteros.

    ``sizes``: lista de 2 a ``MAX_LAYERS`` enteros entre 1 y ``MAX_NEURONS`` (p. ej. (2, 3, 2)).
    Lanza ``ValueError``/``TypeError`` con un mensaje en español si no vale.
    """
    if isinstance(sizes, np.ndarray) and sizes.ndim == 1:
        sizes = sizes.tolist()
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (list, tuple)):
        raise TypeError(f"'sizes' debe ser una lista de enteros, como (2, 3, 2); se recibió {sizes!r}.")
    if not 2 <= len(sizes) <= MAX_LAYERS:
        raise ValueError(
            f"El explorador dibuja redes de 2 a {MAX_LAYERS} capas (contando la de entrada), como "
            f"(2, 3, 2); se recibieron {len(sizes)}: {list(sizes)!r}."
        )
    out = []
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise TypeError(f"Cada capa debe tener un número entero de neuronas; sizes[{i}] = {n!r} no lo es.")
        if not 1 <= n <= MAX_NEURONS:
            raise ValueError(
                f"Cada capa del explorador debe tener entre 1 y {MAX_NEURONS} neuronas (para que se "
                f"lean sus números); sizes[{i}] = {n}."
            )
        out.append(int(n))
    return out


def _check_vector(values, n, name, what, lo=None, hi=None):
    """``values`` como columna (n, 1) de números finitos; mensaje en español si no vale."""
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{what} '{name}' debe ser una lista de {n} números; se recibió {values!r}.") from None
    if arr.size != n or arr.ndim > 2 or (arr.ndim == 2 and 1 not in arr.shape):
        raise ValueError(
            f"{what} '{name}' debe tener {n} números (uno por neurona de la capa); se recibió "
            f"forma {arr.shape}."
        )
    arr = arr.reshape(n, 1)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} '{name}' debe contener números finitos (ni NaN ni infinito).")
    if lo is not None and (np.any(arr < lo) or np.any(arr > hi)):
        raise ValueError(
            f"{what} '{name}' debe estar entre {fmt(lo)} y {fmt(hi)} (la salida sigmoide no sale de ahí); "
            f"se recibió {', '.join(fmt(v) for v in arr.ravel())}."
        )
    return arr


def _check_eta(eta):
    if isinstance(eta, bool) or not isinstance(eta, numbers.Real) or not math.isfinite(eta) \
            or not 0 < eta <= 100:
        raise ValueError(
            f"La tasa de aprendizaje η debe ser un número mayor que 0 y como mucho 100 (p. ej. 3); "
            f"se recibió {eta!r}."
        )
    return float(eta)


def _check_seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not 0 <= seed < 2**32:
        raise ValueError(f"La semilla debe ser un entero entre 0 y 2³² − 1; se recibió {seed!r}.")
    return int(seed)


def _check_choice(value, options, what):
    if not isinstance(value, str) or value not in options:
        raise ValueError(
            f"{what}: {value!r} no es válido; se esperaba uno de: "
            + ", ".join(f"{label} ({key!r})" for key, label in options.items()) + "."
        )
    return value


def _sym(name, layer=None, index=None, prime=""):
    """Un símbolo en HTML, p. ej. _sym("a", 2, 0) → a²₀ con <sup>/<sub>."""
    out = f"<i>{name}</i>{prime}"
    if layer is not None:
        out += f"<sup>{layer}</sup>"
    if index is not None:
        out += f"<sub>{index}</sub>"
    return out


# --------------------------------------------------------------------------- el panel

class ExplorerPanel(Panel):
    """Una red pequeña dibujada como grafo, con los cinco pasos de la retropropagación en botones.

    Parámetros: ``sizes`` (neuronas por capa, de 2 a ``MAX_LAYERS`` capas de 1 a ``MAX_NEURONS``),
    ``seed`` (semilla de los pesos), ``x`` (n_0 números, la entrada), ``y`` (n_L números entre 0 y
    1, la salida deseada), ``activation`` ('sigmoid' o 'relu' en las capas ocultas; la salida es
    sigmoide), ``cost`` ('quadratic' o 'cross-entropy'), ``eta`` (η) y ``rng`` (un
    ``np.random.Generator``; si se da, manda sobre ``seed``).

    Estado (atributos, todos salidos de ``nn_core``), con m = 1 ejemplo:

    - ``x``: (n_0, 1); ``y``: (n_L, 1); ``weights[l-1]``: (n_l, n_(l-1)); ``biases[l-1]``: (n_l, 1)
      (los de ``network``, una ``nn_core.Network``).
    - ``zs[l-1]`` = z^l: (n_l, 1) y ``activations[l]`` = a^l: (n_l, 1), de ``feedforward``
      (None antes de «Adelante»).
    - ``deltas[l-1]`` = δ^l: (n_l, 1) o None mientras no se ha mostrado; δ^L sale de
      ``output_error`` y las demás de ``backpropagate_error``.
    - ``nabla_b[l-1]``: (n_l, 1) y ``nabla_w[l-1]``: (n_l, n_(l-1)), de ``gradients`` (None antes
      de «Gradientes»).
    - ``cost_history``: el coste (``total_cost``) tras cada «Paso de SGD», empezando por el de
      los pesos de antes del primer paso; ``last_step``: los pesos de antes del último paso y
      sus gradientes.
    - ``stage``: el último paso dado (uno de ``STAGES``); ``selected``: (capa, neurona) elegida.
    - ``message``: el último mensaje; ``error``: la última excepción de un botón (o None).

    Controles: ``forward_button``, ``output_error_button``, ``backward_button``,
    ``gradients_button``, ``step_button``, ``steps_button`` («×10»), ``randomize_button``,
    ``reset_button``, ``x_inputs``, ``y_inputs`` (listas de ``Text``: se escribe «0,5» o «0.5»),
    ``eta_input`` (``Text``), ``seed_input``, ``neuron_dropdown``, ``parameter_dropdown``,
    ``parameter_input``, ``parameter_button``. Salidas: ``graph`` (el SVG), ``formula``,
    ``cost_plot``, ``status``.
    """

    description = "Explorador de la retropropagación"

    def __init__(self, sizes=(2, 3, 2), seed=0, x=None, y=None, activation="sigmoid",
                 cost="quadratic", eta=3.0, rng=None):
        self.sizes = validate_sizes(sizes)
        self.seed = _check_seed(seed)
        if rng is None:
            rng = np.random.default_rng(self.seed)
        elif not isinstance(rng, np.random.Generator):
            raise TypeError(
                "'rng' debe ser un generador de numpy, p. ej. np.random.default_rng(0); "
                f"se recibió {type(rng).__name__}."
            )
        self.rng = rng
        self.activation_name = _check_choice(activation, ACTIVATIONS, "Activación")
        self.cost_name = _check_choice(cost, COSTS, "Coste")
        self.eta = _check_eta(eta)
        n_in, n_out = self.sizes[0], self.sizes[-1]
        if x is None:
            x = [round(0.8 - 0.5 * i / max(n_in - 1, 1), 2) for i in range(n_in)]
        if y is None:
            y = [1.0 if j == 0 else 0.0 for j in range(n_out)]
        self.x = _check_vector(x, n_in, "x", "La entrada")
        self.y = _check_vector(y, n_out, "y", "La salida deseada", 0.0, 1.0)
        self.sigma = get_activation(self.activation_name)
        self.sigma_L = get_activation("sigmoid")
        self.cost = get_cost(self.cost_name)
        weights, biases = init_network(self.sizes, self.rng)
        self.network = Network.from_parameters(weights, biases, self.activation_name, self.cost_name)
        self._remember_initial()
        self.L = len(self.sizes) - 1
        self.selected = (self.L, 0)
        self.message = ""
        self.error = None
        self.cost_history = []
        self.last_step = None
        self._updating = False
        self._build_widgets()
        self._reset_state()
        self._set_message("Listo. Pulsa «Adelante» para calcular z y a en cada neurona.")
        self._render()

    # ------------------------------------------------------------------ parámetros de la red
    @property
    def weights(self):
        """``weights[l-1]`` = w^l, de forma (n_l, n_(l-1)) (los de ``network``)."""
        return self.network.weights

    @property
    def biases(self):
        """``biases[l-1]`` = b^l, de forma (n_l, 1) (los de ``network``)."""
        return self.network.biases

    def _reset_state(self, keep_history=False):
        """Olvida lo calculado (tras cambiar la entrada o los pesos)."""
        self.stage = "start"
        self.zs = None
        self.activations = None
        self.deltas = [None] * self.L
        self._all_deltas = None
        self.nabla_b = None
        self.nabla_w = None
        if not keep_history:
            self.cost_history = []
            self.last_step = None

    # ------------------------------------------------------------------ los pasos
    def forward(self):
        """Paso 1: ``zs``, ``activations`` = ``nn_core.feedforward(weights, biases, x)``. Devuelve el mensaje."""
        self._reset_state(keep_history=True)
        self.zs, self.activations = feedforward(self.weights, self.biases, self.x,
                                                self.activation_name, "sigmoid")
        self.stage = "forward"
        cost = total_cost(self.network, self.x, self.y)
        if not self.cost_history:
            self.cost_history.append(cost)
        return (f"Adelante: cada neurona muestra su entrada ponderada z y su activación a = σ(z). "
                f"Coste C = {fmt_cost(cost)}. Ahora pulsa «Error de salida».")

    def show_output_error(self):
        """Paso 2 (BP1): δ^L = ``nn_core.output_error(a^L, z^L, y)``, de forma (n_L, 1)."""
        done = ""
        if self.activations is None:
            self.forward()
            done = " (antes se ha hecho «Adelante»)"
        self.deltas = [None] * self.L
        self._all_deltas = None
        self.nabla_b = self.nabla_w = None
        self.deltas[-1] = output_error(self.activations[-1], self.zs[-1], self.y, self.cost_name,
                                       "sigmoid")
        self.stage = "output_error"
        more = ("Ahora pulsa «Atrás» para llevar el error a la capa anterior." if self.L > 1
                else "Esta red no tiene capas ocultas: pulsa «Gradientes».")
        return f"Error de salida (BP1){done}: δ{_sup(self.L)} en las neuronas de salida. {more}"

    def backward_step(self):
        """Paso 3 (BP2): muestra δ de una capa oculta más (de la salida hacia la entrada).

        Los δ salen de ``nn_core.backpropagate_error``; ``deltas[l-1]`` deja de ser None para la
        capa l recién mostrada.
        """
        done = ""
        if self.deltas[-1] is None:
            self.show_output_error()
            done = " (antes se han hecho «Adelante» y «Error de salida»)"
        if self._all_deltas is None:
            self._all_deltas = backpropagate_error(self.weights, self.zs, self.deltas[-1],
                                                   self.activation_name)
        shown = [l for l in range(1, self.L + 1) if self.deltas[l - 1] is not None]
        lowest = min(shown)
        if lowest == 1:
            self.stage = "backward" if self.L > 1 else self.stage
            return ("El error ya ha llegado a la capa 1, la primera oculta: no hay δ para la entrada. "
                    "Pulsa «Gradientes».")
        l = lowest - 1
        self.deltas[l - 1] = self._all_deltas[l - 1]
        self.stage = "backward"
        self.nabla_b = self.nabla_w = None
        nxt = ("Pulsa «Gradientes»." if l == 1 else "Pulsa «Atrás» otra vez para la capa anterior.")
        return (f"Atrás (BP2){done}: δ{_sup(l)} de la capa {l}. Las aristas de color llevan la "
                f"contribución w·δ de la capa {l + 1} a la capa {l}. {nxt}")

    def compute_gradients(self):
        """Pasos 4 y 5 (BP3, BP4): ``nabla_b``, ``nabla_w`` = ``nn_core.gradients(deltas, activations)``."""
        done = ""
        if self.deltas[-1] is None:
            self.show_output_error()
            done = " (antes se han calculado los δ que faltaban)"
        while any(d is None for d in self.deltas):
            self.backward_step()
            done = " (antes se han calculado los δ que faltaban)"
        self.nabla_b, self.nabla_w = gradients(self.deltas, self.activations)
        self.stage = "gradients"
        return (f"Gradientes (BP3 y BP4){done}: ∂C/∂b = δ en cada neurona y ∂C/∂w = a·δ en cada "
                "arista. Pulsa «Paso de SGD» para mover los pesos contra el gradiente.")

    def sgd_step(self):
        """Un paso de SGD con ``nn_core.update_mini_batch(network, x, y, eta)``, y otra vez «Adelante».

        Guarda en ``last_step`` los pesos y sesgos de antes (listas de arrays con las formas de
        ``weights`` y ``biases``), los gradientes ``nabla_w``/``nabla_b`` de esos pesos, η y los
        costes de antes y después; el coste nuevo se añade a ``cost_history``.
        """
        if self.nabla_w is None:
            self.compute_gradients()
        before = total_cost(self.network, self.x, self.y)
        if not self.cost_history:
            self.cost_history.append(before)
        old_w = [w_.copy() for w_ in self.weights]
        old_b = [b_.copy() for b_ in self.biases]
        nabla_w, nabla_b = self.nabla_w, self.nabla_b
        update_mini_batch(self.network, self.x, self.y, self.eta)
        self.forward()
        after = total_cost(self.network, self.x, self.y)
        self.cost_history.append(after)
        self.last_step = {"weights": old_w, "biases": old_b, "nabla_w": nabla_w, "nabla_b": nabla_b,
                          "eta": self.eta, "cost_before": before, "cost_after": after}
        self.stage = "step"
        self._sync_parameter_input()
        trend = "baja" if after < before else ("no cambia" if after == before else "sube")
        hint = (" (con una η tan grande el paso se pasa de largo: prueba una η menor)"
                if after > before else "")
        return (f"Paso de SGD con η = {fmt(self.eta)}: w ← w − η ∂C/∂w y b ← b − η ∂C/∂b. "
                f"El coste {trend}: {fmt_cost(before)} → {fmt_cost(after)}{hint}. "
                f"Ya se ha hecho «Adelante» con los pesos nuevos.")

    def sgd_steps(self, n=10):
        """``n`` pasos de SGD seguidos (``sgd_step`` ``n`` veces, de 1 a 1000); devuelve el mensaje."""
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= n <= 1000:
            raise ValueError(f"El número de pasos debe ser un entero entre 1 y 1000; se recibió {n!r}.")
        before = total_cost(self.network, self.x, self.y)
        for _ in range(int(n)):
            self.sgd_step()
        after = self.cost_history[-1]
        trend = "baja" if after < before else ("no cambia" if after == before else "sube")
        return (f"{n} pasos de SGD con η = {fmt(self.eta)}: el coste {trend} de {fmt_cost(before)} a "
                f"{fmt_cost(after)}. Las fórmulas muestran el último paso.")

    def reset_weights(self):
        """«Volver al principio»: los pesos y sesgos de antes de los pasos de SGD y de los cambios a mano
        (los del principio o los del último «Pesos al azar»)."""
        weights, biases = self._initial
        self.network = Network.from_parameters(weights, biases, self.activation_name, self.cost_name)
        self._reset_state()
        self._sync_parameter_input()
        return ("De nuevo los pesos y sesgos del principio; el historial del coste empieza otra vez. "
                "Pulsa «Adelante».")

    def _remember_initial(self):
        self._initial = ([w_.copy() for w_ in self.weights], [b_.copy() for b_ in self.biases])

    def randomize_weights(self):
        """«Pesos al azar»: pesos y sesgos nuevos N(0, 1) con ``init_network(sizes, rng)``."""
        seed = self.seed_input.value
        if seed != self.seed:
            self.seed = _check_seed(seed)
            self.rng = np.random.default_rng(self.seed)
        weights, biases = init_network(self.sizes, self.rng)
        self.network = Network.from_parameters(weights, biases, self.activation_name, self.cost_name)
        self._remember_initial()
        self._reset_state()
        self._sync_parameter_input()
        return "Pesos y sesgos nuevos, al azar (N(0, 1)). Pulsa «Adelante»."

    def set_inputs(self, x=None, y=None):
        """Cambia la entrada ``x`` (n_0 números) y/o la salida deseada ``y`` (n_L números en [0, 1]).

        Los números pueden ser textos como «0,5» (coma o punto decimal).
        """
        if x is not None and isinstance(x, (list, tuple)):
            x = [parse_float(v, f"La entrada x{_sub(i)}") for i, v in enumerate(x)]
        if y is not None and isinstance(y, (list, tuple)):
            y = [parse_float(v, f"La salida deseada y{_sub(j)}") for j, v in enumerate(y)]
        new_x = self.x if x is None else _check_vector(x, self.sizes[0], "x", "La entrada")
        new_y = self.y if y is None else _check_vector(y, self.sizes[-1], "y", "La salida deseada",
                                                       0.0, 1.0)
        self.x, self.y = new_x, new_y
        self._sync_inputs()
        self._reset_state()
        return "Entrada y salida deseada cambiadas. Pulsa «Adelante»."

    def set_parameter(self, layer, j, k=None, value=0.0):
        """Pone w^layer_jk = ``value`` (o b^layer_j si ``k`` es None). Capas desde 1, neuronas desde 0.

        ``value``: un número, o un texto como «0,5» (coma o punto decimal), entre −100 y 100.
        """
        value = parse_float(value, "El valor del parámetro")
        if abs(value) > 100:
            raise ValueError(f"El valor debe ser un número entre −100 y 100; se recibió {fmt(value)}.")
        if not 1 <= layer <= self.L or not 0 <= j < self.sizes[layer]:
            raise ValueError(f"No existe la neurona {j} de la capa {layer} (capas 1 a {self.L}).")
        if k is None:
            self.biases[layer - 1][j, 0] = value
            name = f"b{_sup(layer)}{_sub(j)}"
        else:
            if not 0 <= k < self.sizes[layer - 1]:
                raise ValueError(f"La capa {layer - 1} no tiene neurona {k}.")
            self.weights[layer - 1][j, k] = value
            name = f"w{_sup(layer)}{_sub(j)}{_sub(k)}"
        self._reset_state()
        self._sync_parameter_input()
        return f"Ahora {name} = {fmt(value)}. Pulsa «Adelante»."

    def select(self, layer, j):
        """Elige la neurona ``j`` de la capa ``layer`` (desde 1) para las fórmulas."""
        self.neuron_dropdown.value = (int(layer), int(j))

    # ------------------------------------------------------------------ widgets
    def _build_widgets(self):
        # Campos de texto (no FloatText): el lector escribe y ve la coma decimal, «0,8».
        style = {"description_width": "28px"}
        small = w.Layout(width="128px")
        self.x_inputs = [w.Text(value=num(float(v)), description=f"x{_sub(i)}", continuous_update=False,
                                style=style, layout=small)
                         for i, v in enumerate(self.x.ravel())]
        self.y_inputs = [w.Text(value=num(float(v)), description=f"y{_sub(j)}", continuous_update=False,
                                style=style, layout=small)
                         for j, v in enumerate(self.y.ravel())]
        for t in self.x_inputs + self.y_inputs:
            t.add_class("nn-explorer-input")
            t.observe(lambda _: self._on_inputs_changed(), names="value")
        wide = {"description_width": "70px"}
        self.eta_input = w.Text(value=num(self.eta), description="η", continuous_update=False,
                                style=wide, layout=w.Layout(width="160px"))
        self.eta_input.add_class("nn-explorer-eta")
        self.eta_input.observe(lambda _: self._on_eta_changed(), names="value")
        self.seed_input = w.IntText(value=self.seed, description="Semilla", style=wide,
                                    layout=w.Layout(width="160px"))
        self.seed_input.add_class("nn-explorer-seed")
        auto = w.Layout(width="auto")
        self.randomize_button = w.Button(description="Pesos al azar", icon="random", layout=auto,
                                         tooltip="Pesos y sesgos nuevos N(0, 1) con la semilla")
        self.randomize_button.add_class("nn-explorer-randomize")
        self.randomize_button.on_click(lambda _: self._run(self.randomize_weights,
                                                                    "No se han podido cambiar los pesos"))
        self.reset_button = w.Button(description="Volver al principio", icon="undo", layout=auto,
                                     tooltip="Los pesos de antes de los pasos de SGD y de los cambios a mano")
        self.reset_button.add_class("nn-explorer-reset")
        self.reset_button.on_click(lambda _: self._run(self.reset_weights,
                                                                "No se ha podido volver al principio"))

        self.parameter_dropdown = w.Dropdown(options=self._parameter_options(), description="Parámetro",
                                             style=wide, layout=w.Layout(width="245px"))
        self.parameter_dropdown.add_class("nn-explorer-parameter")
        self.parameter_input = w.Text(value="0", description="valor", continuous_update=False,
                                      style=wide, layout=w.Layout(width="155px"))
        self.parameter_input.add_class("nn-explorer-parameter-value")
        self.parameter_button = w.Button(description="Cambiar", layout=w.Layout(width="80px"),
                                         tooltip="Pone el parámetro elegido al valor escrito")
        self.parameter_button.add_class("nn-explorer-parameter-set")
        self.parameter_dropdown.observe(lambda _: self._sync_parameter_input(), names="value")
        self.parameter_button.on_click(lambda _: self._run(self._set_parameter_from_widgets,
                                                           "No se ha podido cambiar el parámetro"))
        self._sync_parameter_input()

        self.neuron_dropdown = w.Dropdown(options=self._neuron_options(), value=self.selected,
                                          description="Neurona", style=wide,
                                          layout=w.Layout(width="240px"))
        self.neuron_dropdown.add_class("nn-explorer-neuron")
        self.neuron_dropdown.observe(lambda ch: self._on_select(ch["new"]), names="value")

        def button(text, cls, action, failure, tip):
            b = w.Button(description=text, tooltip=tip, layout=w.Layout(width="auto"))
            b.add_class(cls)
            b.on_click(lambda _: self._run(action, failure))
            return b

        self.forward_button = button(
            "Adelante", "nn-explorer-forward", self.forward,
            "No se ha podido hacer el paso adelante", "Paso 1: z y a de cada neurona")
        self.output_error_button = button(
            "Error de salida", "nn-explorer-output-error", self.show_output_error,
            "No se ha podido calcular el error de salida", "Paso 2 (BP1): δ de la capa de salida")
        self.backward_button = button(
            "Atrás", "nn-explorer-backward", self.backward_step,
            "No se ha podido retropropagar el error", "Paso 3 (BP2): δ de la capa anterior, una capa por clic")
        self.gradients_button = button(
            "Gradientes", "nn-explorer-gradients", self.compute_gradients,
            "No se han podido calcular los gradientes", "Pasos 4 y 5 (BP3, BP4): ∂C/∂b y ∂C/∂w")
        self.step_button = button(
            "Paso de SGD", "nn-explorer-step", self.sgd_step,
            "No se ha podido dar el paso de SGD", "w ← w − η ∂C/∂w, b ← b − η ∂C/∂b")
        self.steps_button = button(
            "×10", "nn-explorer-step10", lambda: self.sgd_steps(10),
            "No se han podido dar los 10 pasos de SGD", "Diez pasos de SGD seguidos")
        self.step_buttons = {"forward": self.forward_button, "output_error": self.output_error_button,
                             "backward": self.backward_button, "gradients": self.gradients_button,
                             "step": self.step_button}

        # el SVG se encoge (con su viewBox) si la celda es más estrecha que el dibujo
        self.graph = w.HTML(layout=w.Layout(flex="1 1 auto", min_width="320px"))
        self.graph.add_class("nn-explorer-graph")
        self.formula = w.HTML(layout=w.Layout(min_width="420px", flex="1 1 auto"))
        self.formula.add_class("nn-explorer-formula")
        self.cost_plot = w.HTML(layout=w.Layout(width="300px"))
        self.cost_plot.add_class("nn-explorer-cost")
        self.status = w.HTML()
        self.status.add_class("nn-status-area")
        self.status.add_class("nn-explorer-status")

        sizes = ", ".join(str(n) for n in self.sizes)
        header = w.HTML(
            f"<b>Explorador de la retropropagación</b>: red [{sizes}], activación "
            f"{ACTIVATIONS[self.activation_name]} (salida sigmoide), coste {COSTS[self.cost_name]}, "
            "un solo ejemplo (m = 1). Pulsa los pasos en orden y elige una neurona (en «Neurona» o "
            "pulsándola en el dibujo) para ver sus ecuaciones con los números.<br>"
            "<span style='color:#555'>Los índices empiezan en 0, "
            "como en Python: la capa 0 es la entrada y «neurona 0» es la primera de su capa; "
            "w<sup>l</sup><sub>jk</sub> va de la neurona k de la capa l−1 a la neurona j de la capa l."
            "</span>")
        controls = w.VBox([
            w.HTML("<b>Entrada x</b>"), *self.x_inputs,
            w.HTML("<b>Salida deseada y</b>"), *self.y_inputs,
            w.HTML("<b>Pesos</b>"), self.seed_input, self.randomize_button, self.reset_button,
            self.parameter_dropdown, w.HBox([self.parameter_input, self.parameter_button]),
            w.HTML("<b>Descenso de gradiente</b>"), self.eta_input,
        ], layout=w.Layout(width="262px", flex="0 0 auto"))
        buttons = w.HBox([self.forward_button, self.output_error_button, self.backward_button,
                          self.gradients_button, self.step_button, self.steps_button, self.neuron_dropdown],
                         layout=w.Layout(flex_flow="row wrap"))
        self.widget = w.VBox([
            header,
            buttons,
            self.status,
            w.HBox([self.graph, controls], layout=w.Layout(align_items="flex-start", width="100%")),
            w.HBox([self.formula, self.cost_plot], layout=w.Layout(align_items="flex-start")),
        ])
        self.widget.add_class("nn-explorer-panel")

    def _neuron_options(self):
        return [(f"capa {l}, neurona {j}", (l, j))
                for l in range(1, self.L + 1) for j in range(self.sizes[l])]

    def _parameter_options(self):
        options = []
        for l in range(1, self.L + 1):
            for j in range(self.sizes[l]):
                for k in range(self.sizes[l - 1]):
                    options.append((f"w{_sup(l)}{_sub(j)}{_sub(k)} (neurona {k} → {j})", (l, j, k)))
                options.append((f"b{_sup(l)}{_sub(j)} (sesgo)", (l, j, None)))
        return options

    def _sync_parameter_input(self):
        l, j, k = self.parameter_dropdown.value
        value = self.biases[l - 1][j, 0] if k is None else self.weights[l - 1][j, k]
        self.parameter_input.value = fmt(value)

    def _set_parameter_from_widgets(self):
        l, j, k = self.parameter_dropdown.value
        return self.set_parameter(l, j, k, self.parameter_input.value)

    def _sync_inputs(self):
        self._updating = True
        try:
            for t, v in zip(self.x_inputs, self.x.ravel()):
                t.value = num(float(v))
            for t, v in zip(self.y_inputs, self.y.ravel()):
                t.value = num(float(v))
        finally:
            self._updating = False

    def _on_inputs_changed(self):
        if self._updating:
            return
        self._run(lambda: self.set_inputs([t.value for t in self.x_inputs],
                                          [t.value for t in self.y_inputs]),
                  "No se ha podido cambiar la entrada")

    def _on_eta_changed(self):
        def change():
            self.eta = _check_eta(parse_float(self.eta_input.value, "La tasa de aprendizaje η"))
            return f"η = {fmt(self.eta)} para el próximo «Paso de SGD»."
        self._run(change, "No se ha podido cambiar η")

    def _on_select(self, value):
        self.selected = value
        try:
            self._render()
        except Exception as e:  # noqa: BLE001 (el panel nunca muestra un traceback)
            self.error = e
            self._set_message(f"No se ha podido dibujar: {type(e).__name__}: {e}", "error")

    def _set_message(self, text, kind="info"):
        self.message = text
        self.status.value = _status_html(text, kind)

    def _run(self, action, failure):
        """Ejecuta la acción de un control; si falla, lo dice en español (sin traceback)."""
        try:
            message = action()
            self.error = None
            self._render()
            self._set_message(message, "ok")
        except Exception as e:  # noqa: BLE001 (el panel nunca muestra un traceback)
            self.error = e
            text = str(e) if isinstance(e, (ValueError, TypeError)) else f"{type(e).__name__}: {e}"
            self._set_message(f"{failure}: {text}", "error")

    # ------------------------------------------------------------------ dibujo
    def _render(self):
        self.graph.value = self.svg()
        self.formula.value = self.formula_html()
        self.cost_plot.value = self.cost_svg()
        current = "backward" if self.stage == "backward" else self.stage
        for stage, b in self.step_buttons.items():
            b.button_style = "info" if stage == current else ""

    def text_formula(self):
        """El texto (sin etiquetas HTML) de las ecuaciones de la neurona elegida."""
        text = re.sub(r"<br>|</div>", "\n", self.formula_html())
        text = re.sub(r"<[^>]+>", "", text)
        return html.unescape(text)

    def contributions(self, l):
        """Lo que lleva hacia atrás cada arista de w^l: la matriz w^l_jk δ^l_j, de forma (n_l, n_(l-1)).

        Sumada por columnas da ((w^l)^T δ^l)_k, el factor de BP2 que, multiplicado por σ'(z^(l-1)_k),
        es δ^(l-1)_k (el de ``nn_core.backpropagate_error``). ``l`` de 2 a L; hace falta δ^l.
        """
        if not 2 <= l <= self.L or self.deltas[l - 1] is None:
            raise ValueError(f"Para las contribuciones de la capa {l} hace falta δ de esa capa "
                             f"(capas 2 a {self.L}, tras «Error de salida» y «Atrás»).")
        return self.weights[l - 1] * self.deltas[l - 1]

    def _edge_values(self, l):
        """Qué muestran las aristas de w^l ahora: (valores (n_l, n_(l-1)), tipo, activas)."""
        if self.stage == "gradients" and self.nabla_w is not None:
            return self.nabla_w[l - 1], "gradient", True
        if self.stage == "backward" and l >= 2 and self.deltas[l - 2] is not None:
            # w^l_jk δ^l_j: lo que la neurona j de la capa l devuelve a la neurona k de la capa l−1
            return self.contributions(l), "contribution", True
        return self.weights[l - 1], "weight", self.stage != "backward"

    def svg(self):
        """El grafo de la red como SVG (texto): neuronas con z, a, δ, ∂C/∂b y aristas con w, w·δ o ∂C/∂w."""
        sizes, L = self.sizes, self.L
        dx, dy, r = 220, 118, 31
        left, top = 80, 74
        n_max = max(sizes)
        width = left + L * dx + 110
        legend = self._legend()
        height = top + n_max * dy + 18 + 16 * len(legend)
        pos = {}
        for l, n in enumerate(sizes):
            offset = (n_max - n) * dy / 2
            for j in range(n):
                pos[l, j] = (left + l * dx, top + offset + j * dy + dy / 2 - 18)
        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="nn-explorer-svg" width="{width}" '
                 f'height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" '
                 f'style="font-variant-numeric: tabular-nums; max-width: 100%; height: auto">',
                 f'<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>']
        # cabeceras
        for l in range(L + 1):
            kind = "entrada" if l == 0 else ("salida" if l == L else "oculta")
            x0 = left + l * dx
            parts.append(f'<text x="{x0}" y="20" text-anchor="middle" font-size="14" font-weight="bold">'
                         f'capa {l} · {kind}</text>')
        # aristas
        sel_l, sel_j = self.selected
        labels = []
        for l in range(1, L + 1):
            values, kind, active = self._edge_values(l)
            scale = float(np.max(np.abs(values))) or 1.0
            # con muchas aristas las etiquetas se pisan: entonces solo las de la neurona elegida
            label_all = self._label_all(l)
            for j in range(sizes[l]):
                for k in range(sizes[l - 1]):
                    (x1, y1), (x2, y2) = pos[l - 1, k], pos[l, j]
                    v = float(values[j, k])
                    touches = (l == sel_l and j == sel_j) or (l - 1 == sel_l and k == sel_j)
                    if active:
                        color = _POS if v > 0 else (_NEG if v < 0 else _ZERO)
                        width_ = 1.0 + 5.0 * abs(v) / scale
                        opacity = 0.85
                    else:
                        color, width_, opacity = "#bbbbbb", 1.2, 0.9
                    title = self._edge_title(l, j, k, kind)
                    parts.append(
                        f'<line class="nn-explorer-edge" x1="{x1 + r:.1f}" y1="{y1:.1f}" x2="{x2 - r:.1f}" '
                        f'y2="{y2:.1f}" stroke="{color}" stroke-width="{width_:.2f}" '
                        f'stroke-opacity="{opacity}" stroke-linecap="round"><title>{html.escape(title)}'
                        f'</title></line>')
                    if label_all or touches:
                        t = 0.72
                        lx = x1 + r + t * (x2 - r - x1 - r)
                        ly = y1 + t * (y2 - y1)
                        tcolor = color if active else "#777777"
                        weight = "bold" if touches else "normal"
                        labels.append(
                            f'<text class="nn-explorer-edge-label" x="{lx:.1f}" y="{ly + 4:.1f}" '
                            f'text-anchor="middle" font-size="11.5" font-weight="{weight}" fill="{tcolor}" '
                            f'stroke="white" stroke-width="3.5" paint-order="stroke">{fmt(v)}'
                            f'<title>{html.escape(title)}</title></text>')
        parts.extend(labels)
        # neuronas
        for l, n in enumerate(sizes):
            for j in range(n):
                parts.append(self._neuron_svg(l, j, *pos[l, j], r, selected=(l, j) == self.selected))
        # leyenda
        for i, line in enumerate(legend):
            parts.append(f'<text class="nn-explorer-legend" x="12" y="{height - 14 - 16 * (len(legend) - 1 - i)}" '
                         f'font-size="12.5" fill="#333">{html.escape(line)}</text>')
        parts.append("</svg>")
        return "".join(parts)

    def _label_all(self, l):
        """¿Llevan número todas las aristas de w^l? Con muchas se pisarían: solo las de la neurona elegida."""
        return self.sizes[l - 1] <= 3 and self.sizes[l - 1] * self.sizes[l] <= 9

    def _legend(self):
        kinds = {self._edge_values(l)[1] for l in range(1, self.L + 1)}
        if "gradient" in kinds:
            edges = "aristas: ∂C/∂w = a·δ"
        elif "contribution" in kinds:
            edges = "aristas de color: contribución w·δ del error hacia atrás (gris: aún no)"
        else:
            edges = "aristas: pesos w"
        lines = [f"{edges} (azul > 0, rojo < 0; grosor ∝ |valor|)",
                 "en cada neurona: z y a = σ(z); encima, el sesgo b; debajo, δ y ∂C/∂b"]
        if not all(self._label_all(l) for l in range(1, self.L + 1)):
            lines.append("con tantas aristas, solo las de la neurona elegida llevan su número "
                         "(el de las demás aparece al pasar el ratón)")
        return lines

    def _edge_title(self, l, j, k, kind):
        wv = self.weights[l - 1][j, k]
        text = (f"w{_sup(l)}{_sub(j)}{_sub(k)} = {fmt(wv)}: de la neurona {k} de la capa {l - 1} "
                f"a la neurona {j} de la capa {l}")
        if kind == "contribution":
            d = self.deltas[l - 1][j, 0]
            text += (f". w·δ = {_factor(wv)} × {_factor(d)} = {fmt(wv * d)}, lo que aporta a "
                     f"δ{_sup(l - 1)}{_sub(k)} (antes de multiplicar por σ')")
        elif kind == "gradient":
            text += f". ∂C/∂w = {fmt(self.nabla_w[l - 1][j, k])}"
        return text

    def _neuron_svg(self, l, j, cx, cy, r, selected):
        a = None if self.activations is None else float(self.activations[l][j, 0])
        if l == 0:
            a = float(self.x[j, 0])
        fill = "#ffffff"
        if a is not None:
            t = min(max(a, 0.0), 1.0)
            rgb = [round(255 + t * (c - 255)) for c in (158, 202, 225)]
            fill = "#%02x%02x%02x" % tuple(rgb)
        stroke, sw = (_SELECTED, 4) if selected else ("#333333", 1.5)
        title = f"capa {l}, neurona {j}"
        click = self._click_to_select(l, j)
        out = [f'<g class="nn-explorer-neuron" data-layer="{l}" data-neuron="{j}"{click}>']
        lines_in = []
        below = []
        if l == 0:
            lines_in = [("#555", 11, "normal", f"x{_sub(j)}"),
                        ("#000", 13, "bold", fmt(a))]
            title += f" (entrada): a⁰{_sub(j)} = x{_sub(j)} = {fmt(a)}"
        else:
            b = self.biases[l - 1][j, 0]
            above = f"neurona {j} · b = {fmt(b)}"
            out_above = (f'<text x="{cx:.1f}" y="{cy - r - 7:.1f}" text-anchor="middle" font-size="11" '
                         f'fill="#555" stroke="white" stroke-width="3" paint-order="stroke">'
                         f'{html.escape(above)}</text>')
            if self.activations is None:
                lines_in = [("#999", 11, "normal", "z = ?"), ("#999", 12, "normal", "a = ?")]
            else:
                z = self.zs[l - 1][j, 0]
                lines_in = [("#444", 11, "normal", f"z = {fmt(z)}"), ("#000", 12.5, "bold", f"a = {fmt(a)}")]
                title += f": z = {fmt(z)}, a = {fmt(a)}"
            d = self.deltas[l - 1]
            if d is not None:
                dv = float(d[j, 0])
                color = _POS if dv > 0 else (_NEG if dv < 0 else _ZERO)
                below.append((color, "bold", f"δ = {fmt(dv)}", "nn-explorer-delta"))
                title += f", δ = {fmt(dv)}"
            if self.stage == "gradients" and self.nabla_b is not None:
                gb = float(self.nabla_b[l - 1][j, 0])
                below.append(("#333", "normal", f"∂C/∂b = {fmt(gb)}", "nn-explorer-grad-b"))
                title += f", ∂C/∂b = {fmt(gb)}"
            out.append(out_above)
        out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r}" fill="{fill}" stroke="{stroke}" '
                   f'stroke-width="{sw}"><title>{html.escape(title)}</title></circle>')
        for i, (color, size, weight, text) in enumerate(lines_in):
            yy = cy - 4 + i * 15
            if len(text) > 9:  # «z = −12,345» no cabe en el círculo con la letra normal
                size = min(size, 10)
            out.append(f'<text x="{cx:.1f}" y="{yy:.1f}" text-anchor="middle" font-size="{size}" '
                       f'font-weight="{weight}" fill="{color}">{html.escape(text)}</text>')
        for i, (color, weight, text, cls) in enumerate(below):
            yy = cy + r + 15 + i * 14
            out.append(f'<text class="{cls}" x="{cx:.1f}" y="{yy:.1f}" text-anchor="middle" '
                       f'font-size="12" font-weight="{weight}" fill="{color}" stroke="white" stroke-width="3" '
                       f'paint-order="stroke">{html.escape(text)}</text>')
        if l == self.L:
            out.append(f'<text x="{cx + r + 8:.1f}" y="{cy + 4:.1f}" font-size="12" fill="#333">'
                       f'y{_sub(j)} = {fmt(self.y[j, 0])}</text>')
        out.append("</g>")
        return "".join(out)

    def _click_to_select(self, l, j):
        """Atributos para que, en el navegador, pulsar una neurona la elija en «Neurona».

        Cambia el ``<select>`` del desplegable del mismo panel y lanza su evento «change», el que
        escucha ipywidgets; sin JavaScript, el desplegable sigue funcionando igual.
        """
        if l == 0:
            return ""
        index = sum(self.sizes[1:l]) + j
        js = ("var p=this.closest('.nn-explorer-panel');"
              "var s=p?p.querySelector('.nn-explorer-neuron select'):null;"
              f"if(s){{s.selectedIndex={index};s.dispatchEvent(new Event('change',{{bubbles:true}}));}}")
        return f' style="cursor:pointer" onclick="{html.escape(js)}"'

    def cost_svg(self):
        """La evolución del coste: un punto por «Paso de SGD» (SVG pequeño, con los valores)."""
        hist = self.cost_history
        width, height = 290, 160
        x0, x1, y0, y1 = 40, width - 12, 54, height - 28
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
               f'font-family="sans-serif"><rect width="{width}" height="{height}" fill="white"/>',
               f'<text x="{width / 2}" y="16" text-anchor="middle" font-size="12.5" font-weight="bold">'
               f'Coste C tras cada paso de SGD</text>',
               f'<text x="{width / 2}" y="31" text-anchor="middle" font-size="11.5" fill="#555">'
               f'{html.escape(COST_FORMULAS[self.cost_name])}</text>',
               f'<line x1="{x0}" y1="{y1}" x2="{x1}" y2="{y1}" stroke="#999"/>',
               f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#999"/>']
        if not hist:
            out.append(f'<text x="{(x0 + x1) / 2}" y="{(y0 + y1) / 2}" text-anchor="middle" font-size="11.5" '
                       f'fill="#777">Pulsa «Adelante»</text>')
        else:
            top = max(hist) or 1.0
            n = len(hist)
            pts = []
            for i, c in enumerate(hist):
                px = x0 + 10 + (x1 - x0 - 20) * (i / max(n - 1, 1))
                py = y1 - (y1 - y0) * c / top
                pts.append((px, py))
            if n > 1:
                out.append('<polyline fill="none" stroke="#2166ac" stroke-width="2" points="'
                           + " ".join(f"{px:.1f},{py:.1f}" for px, py in pts) + '"/>')
            for i, (px, py) in enumerate(pts):
                out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="#2166ac"/>')
            for i in sorted({0, n - 1}):
                px, py = pts[i]
                anchor = "start" if i == 0 and n > 1 else "end"
                tx = px + (4 if anchor == "start" else -4)
                out.append(f'<text class="nn-explorer-cost-value" x="{tx:.1f}" y="{py - 7:.1f}" '
                           f'text-anchor="{anchor}" font-size="11.5">{fmt_cost(hist[i])}</text>')
            out.append(f'<text x="{x0}" y="{y1 + 14}" font-size="11" fill="#555">paso 0</text>')
            out.append(f'<text x="{x1}" y="{y1 + 14}" text-anchor="end" font-size="11" fill="#555">'
                       f'paso {n - 1}</text>')
            out.append(f'<text x="{x0 - 4}" y="{y1 + 4}" text-anchor="end" font-size="11" fill="#555">0</text>')
        out.append("</svg>")
        values = " → ".join(fmt_cost(c) for c in hist[-6:])
        if len(hist) > 6:
            values = "… → " + values
        text = f"<div style='font-size:0.9em; color:#333'>{html.escape(values)}</div>" if hist else ""
        return "".join(out) + text

    # ------------------------------------------------------------------ fórmulas
    def formula_html(self):
        """Las ecuaciones de la neurona elegida con sus números (HTML, con la más reciente resaltada)."""
        l, j = self.selected
        L = self.L
        sections = []
        if self.activations is None:
            sections.append(("start", "<i>Pulsa «Adelante» para ver las ecuaciones con los números.</i>"))
        else:
            sections.append(("forward", self._forward_formula(l, j)))
            d = self.deltas[l - 1]
            if l == L and d is not None:
                sections.append(("output_error", self._bp1_formula(j)))
            elif l < L and d is not None:
                sections.append(("backward", self._bp2_formula(l, j)))
            elif self.stage in ("output_error", "backward"):
                sections.append(("pending", f"δ{_sup(l)}{_sub(j)} todavía no "
                                 "se ha calculado: pulsa «Atrás» (va capa a capa, de la salida hacia la "
                                 "entrada)."))
            if self.stage == "gradients" and self.nabla_w is not None:
                sections.append(("gradients", self._gradient_formula(l, j)))
            if self.stage == "step" and self.last_step is not None:
                sections.append(("step", self._step_formula(l, j)))
        latest = {"start": "start", "forward": "forward", "output_error": "output_error",
                  "backward": "backward", "gradients": "gradients", "step": "step"}[self.stage]
        if self.stage == "backward" and l == L:
            latest = "output_error"
        html_parts = [f"<div style='font-size:1.02em; line-height:1.75'><b>Capa {l}, neurona {j}</b> "
                      "<span style='color:#666'>(índices desde 0)</span>"]
        for kind, body in sections:
            style = ("background:#fff3cd; color:#222; border-left:4px solid #e66100; padding:2px 6px"
                     if kind == latest else "padding:2px 6px; border-left:4px solid transparent")
            html_parts.append(f"<div class='nn-explorer-formula-{kind}' style='{style}'>{body}</div>")
        html_parts.append("<div style='color:#666; font-size:0.9em'>Números redondeados a 3 decimales; "
                          "las cuentas usan todas las cifras.</div></div>")
        return "".join(html_parts)

    def _forward_formula(self, l, j):
        a_prev = self.activations[l - 1][:, 0]
        wj = self.weights[l - 1][j]
        b = self.biases[l - 1][j, 0]
        z = self.zs[l - 1][j, 0]
        a = self.activations[l][j, 0]
        prev = l - 1
        terms = " + ".join(f"{_factor(wk)} × {_factor(ak)}" for wk, ak in zip(wj, a_prev))
        sigma = "σ" if l == self.L or self.activation_name == "sigmoid" else "ReLU"
        return (f"Paso 1: {_sym('z', l, j)} = Σ<sub>k</sub> {_sym('w', l, f'{j}k')} {_sym('a', prev, 'k')} "
                f"+ {_sym('b', l, j)} = {terms} + {_factor(b)} = <b>{fmt(z)}</b><br>"
                f"{_sym('a', l, j)} = {sigma}({_sym('z', l, j)}) = {sigma}({fmt(z)}) = <b>{fmt(a)}</b>")

    def _bp1_formula(self, j):
        L = self.L
        a = self.activations[-1][j, 0]
        y = self.y[j, 0]
        z = self.zs[-1][j, 0]
        d = self.deltas[-1][j, 0]
        if self.cost_name == "cross-entropy":
            return (f"BP1 (entropía cruzada: σ' se cancela): {_sym('δ', L, j)} = {_sym('a', L, j)} − "
                    f"{_sym('y', None, j)} = {fmt(a)} − {_factor(y)} = <b>{fmt(d)}</b>")
        grad = self.cost.derivative(self.activations[-1], self.y)[j, 0]   # ∂C/∂a = a − y
        sp = self.sigma_L.prime(self.zs[-1])[j, 0]                          # σ'(z^L)
        return (f"BP1: {_sym('δ', L, j)} = ({_sym('a', L, j)} − {_sym('y', None, j)}) "
                f"σ'({_sym('z', L, j)}) = ({fmt(a)} − {fmt(y)}) × σ'({fmt(z)}) = "
                f"{_factor(grad)} × {fmt(sp)} = <b>{fmt(d)}</b>")

    def _bp2_formula(self, l, j):
        w_next = self.weights[l][:, j]          # w^(l+1)_kj, k = 0…n_(l+1)−1
        d_next = self.deltas[l][:, 0]            # δ^(l+1)_k
        back = self.contributions(l + 1)[:, j].sum()   # ((w^(l+1))^T δ^(l+1))_j
        sp = self.sigma.prime(self.zs[l - 1])[j, 0]
        z = self.zs[l - 1][j, 0]
        d = self.deltas[l - 1][j, 0]
        nxt = l + 1
        terms = " + ".join(f"{_factor(wk)} × {_factor(dk)}" for wk, dk in zip(w_next, d_next))
        sigma = "σ'" if self.activation_name == "sigmoid" else "ReLU'"
        return (f"BP2: {_sym('δ', l, j)} = (Σ<sub>k</sub> {_sym('w', nxt, f'k{j}')} {_sym('δ', nxt, 'k')}) "
                f"{sigma}({_sym('z', l, j)}) = ({terms}) × {sigma}({fmt(z)}) = {_factor(back)} × {fmt(sp)}"
                f" = <b>{fmt(d)}</b>")

    def _gradient_formula(self, l, j):
        d = self.deltas[l - 1][j, 0]
        gb = self.nabla_b[l - 1][j, 0]
        lines = [f"BP3: ∂C/∂{_sym('b', l, j)} = {_sym('δ', l, j)} = <b>{fmt(gb)}</b>"]
        for k in range(self.sizes[l - 1]):
            ak = self.activations[l - 1][k, 0]
            gw = self.nabla_w[l - 1][j, k]
            lines.append(f"BP4: ∂C/∂{_sym('w', l, f'{j}{k}')} = {_sym('a', l - 1, k)} {_sym('δ', l, j)} = "
                         f"{_factor(ak)} × {_factor(d)} = <b>{fmt(gw)}</b>")
        return "<br>".join(lines)

    def _step_formula(self, l, j):
        s = self.last_step
        eta = fmt(s["eta"])
        ob, gb, nb = s["biases"][l - 1][j, 0], s["nabla_b"][l - 1][j, 0], self.biases[l - 1][j, 0]
        lines = [f"Paso de SGD (η = {eta}): {_sym('b', l, j)} ← {_sym('b', l, j)} − η ∂C/∂{_sym('b', l, j)} = "
                 f"{fmt(ob)} − {eta} × {_factor(gb)} = <b>{fmt(nb)}</b>"]
        for k in range(self.sizes[l - 1]):
            ow, gw, nw = s["weights"][l - 1][j, k], s["nabla_w"][l - 1][j, k], self.weights[l - 1][j, k]
            sym = _sym("w", l, f"{j}{k}")
            lines.append(f"{sym} ← {sym} − η ∂C/∂{sym} = {fmt(ow)} − {eta} × {_factor(gw)} = <b>{fmt(nw)}</b>")
        lines.append(f"Coste: {fmt_cost(s['cost_before'])} → <b>{fmt_cost(s['cost_after'])}</b>")
        return "<br>".join(lines)


def explorer_panel(sizes=(2, 3, 2), seed=0, x=None, y=None, activation="sigmoid", cost="quadratic",
                   eta=3.0, rng=None):
    """Crea un ``ExplorerPanel``: la red ``sizes`` con pesos N(0, 1) de ``np.random.default_rng(seed)``.

    ``x``: n_0 números (por defecto 0,8 … 0,3); ``y``: n_L números entre 0 y 1 (por defecto
    [1, 0, …]); ``activation``: 'sigmoid' o 'relu' (capas ocultas); ``cost``: 'quadratic' o
    'cross-entropy'; ``eta``: η del «Paso de SGD»; ``rng``: un ``np.random.Generator`` que
    sustituye a ``seed``. Véase ``ExplorerPanel``.
    """
    return ExplorerPanel(sizes, seed, x, y, activation, cost, eta, rng)
