"""El panel de una neurona: dos entradas, sus pesos, su sesgo y las puertas AND, OR y XOR.

    from nn_core.widgets import neuron_panel
    neuron_panel(w1=10.0, w2=10.0, b=-15.0)
"""

import math
import numbers
import threading

import ipywidgets as w
import numpy as np

from .. import plots
from ..formatting import num
from .common import _in_kernel, _Panel, _status_html, new_figure, placeholder_image, show_figure

#: Rangos de los deslizadores (los valores iniciales deben caber en ellos).
RANGES = {"w1": (-20.0, 20.0), "w2": (-20.0, 20.0), "b": (-30.0, 30.0)}
STEP = 0.5
PLOT_FIGSIZE = (5.4, 4.4)


class NeuronPanel(_Panel):
    """Una neurona con dos entradas: salida σ(w1·x1 + w2·x2 + b) sobre el plano (x1, x2).

    Controles: ``w1_slider``, ``w2_slider``, ``b_slider`` (se redibuja mientras se arrastran) y
    ``activation_dropdown`` (sigmoide, ReLU, escalón); junto a cada deslizador, su valor con coma
    decimal (``w1_value``…). Salidas: ``plot`` (imagen), ``status``. Atributos: ``outputs`` (4,)
    la salida en (0,0), (0,1), (1,0), (1,1); ``gates`` {"AND": bool, "OR": bool, "XOR": bool}: qué
    puertas reproduce cortando la salida en 0,5; ``message``.

    Un valor inicial fuera del rango de su deslizador (p. ej. ``w1=100``) da un ``ValueError``
    en español: el panel nunca recorta un valor a escondidas.
    """

    description = "Panel de una neurona"

    def __init__(self, w1=1.0, w2=1.0, b=-0.5, activation="sigmoid", extent=(-0.5, 1.5), background=None):
        for name, v in (("w1", w1), ("w2", w2), ("b", b)):
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real) or not math.isfinite(v):
                raise ValueError(f"'{name}' debe ser un número finito; se recibió {str(v)[:30]!r}.")
            lo, hi = RANGES[name]
            if not lo <= v <= hi:
                raise ValueError(
                    f"'{name}' = {num(float(v))} está fuera del rango de su control, de {num(lo)} a {num(hi)}: "
                    f"elige un valor entre {num(lo)} y {num(hi)}."
                )
        if activation not in plots.NEURON_ACTIVATIONS:
            raise ValueError(
                f"Activación desconocida: {str(activation)[:30]!r}. Se esperaba 'sigmoid', 'relu' o 'step'."
            )
        if (not isinstance(extent, (tuple, list)) or len(extent) != 2
                or not all(isinstance(e, numbers.Real) and math.isfinite(e) for e in extent)
                or not extent[0] < extent[1]):
            raise ValueError(f"'extent' debe ser (mínimo, máximo) con mínimo < máximo; se recibió {extent!r}.")
        options = [(label, key) for key, label in plots.NEURON_ACTIVATIONS.items()]
        self.extent = tuple(float(e) for e in extent)
        self.error = None
        # Al arrastrar llegan muchos valores seguidos: dentro de un núcleo se dibujan en un hilo
        # aparte y se juntan (solo se dibuja el último), para que el dibujo siga al ratón.
        self.background = _in_kernel() if background is None else bool(background)
        self._update_lock = threading.Lock()
        self._dirty = False
        self._worker = None
        style = {"description_width": "40px"}
        lay = w.Layout(width="260px")
        self.w1_slider, self.w1_value = self._slider("w1", w1, style, lay)
        self.w2_slider, self.w2_value = self._slider("w2", w2, style, lay)
        self.b_slider, self.b_value = self._slider("b", b, style, lay)
        self.activation_dropdown = w.Dropdown(options=options, value=activation,
                                              description="σ", style=style, layout=w.Layout(width="300px"))
        for name in ("w1_slider", "w2_slider", "b_slider", "activation_dropdown"):
            getattr(self, name).add_class("nn-" + name.replace("_", "-"))
        self.plot = placeholder_image(PLOT_FIGSIZE, css_class="nn-neuron-plot")
        self.status = w.HTML()
        for c in (self.w1_slider, self.w2_slider, self.b_slider, self.activation_dropdown):
            c.observe(self._safe(lambda _: self._request_update()), names="value")
        help_text = w.HTML(
            "Mueve los pesos y el sesgo: el color es la salida de la neurona y la línea "
            "discontinua, donde vale 0,5. Los círculos blancos son las entradas con salida "
            "mayor que 0,5.")
        rows = [w.HBox([s, v]) for s, v in ((self.w1_slider, self.w1_value), (self.w2_slider, self.w2_value),
                                             (self.b_slider, self.b_value))]
        self.widget = w.VBox([
            w.HBox([w.VBox(rows + [self.activation_dropdown, self.status],
                           layout=w.Layout(width="330px")),
                    self.plot]),
            help_text,
        ])
        self.widget.add_class("nn-neuron-panel")
        self.update()

    @staticmethod
    def _slider(name, value, style, lay):
        lo, hi = RANGES[name]
        slider = w.FloatSlider(value=float(value), min=lo, max=hi, step=STEP, description=name,
                               readout=False, continuous_update=True, style=style, layout=lay)
        label = w.Label(num(float(value)), layout=w.Layout(width="48px"))
        label.add_class(f"nn-{name}-value")
        slider.observe(lambda ch: setattr(label, "value", num(float(ch.new))), names="value")
        return slider, label

    def _show_error(self, text):
        self.message = text
        self.status.value = _status_html(text, "error")

    def _request_update(self):
        """Pide redibujar: al momento (fuera de un núcleo) o en el hilo de dibujo, que junta las peticiones."""
        if not self.background:
            self.update()
            return
        with self._update_lock:
            self._dirty = True
            if self._worker is not None:
                return
            self._worker = threading.Thread(target=self._update_worker, daemon=True, name="nn_core-neurona")
        try:
            self._worker.start()
        except RuntimeError:  # sin hilos (p. ej. Pyodide): se dibuja aquí
            with self._update_lock:
                self._worker = None
                self._dirty = False
            self.update()

    def _update_worker(self):
        while True:
            with self._update_lock:
                if not self._dirty:
                    self._worker = None
                    return
                self._dirty = False
            self._safe(self.update)()

    def wait(self, timeout=10):
        """Espera a que el hilo de dibujo termine (solo en segundo plano)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    @property
    def params(self):
        """(w1, w2, b, activation) actuales."""
        return (self.w1_slider.value, self.w2_slider.value, self.b_slider.value,
                self.activation_dropdown.value)

    def update(self):
        """Recalcula la salida, las puertas y el dibujo con los valores de los controles."""
        w1, w2, b, activation = self.params
        self.outputs = plots.neuron_output(w1, w2, b, plots.GATE_INPUTS[:, 0],
                                           plots.GATE_INPUTS[:, 1], activation)
        self.gates = plots.neuron_gates(w1, w2, b, activation)
        fig = new_figure(PLOT_FIGSIZE, layout=None)
        fig.subplots_adjust(left=0.12, right=0.9, bottom=0.11, top=0.86)
        plots.plot_neuron(w1, w2, b, activation, ax=fig.subplots(), extent=self.extent, resolution=81)
        show_figure(self.plot, fig)
        solved = [g for g, ok in self.gates.items() if ok]
        if solved:
            self.message = "Esta neurona reproduce: " + ", ".join(solved) + "."
        else:
            self.message = "Esta neurona no reproduce ninguna de las tres puertas."
        if not self.gates["XOR"]:
            self.message += " (XOR no lo consigue ninguna neurona sola: hace falta una capa oculta.)"
        self.status.value = _status_html(self.message, "ok" if solved else "info")


def neuron_panel(**defaults):
    """Crea un ``NeuronPanel``: ``w1``, ``w2`` (de −20 a 20), ``b`` (de −30 a 30) y ``activation``
    ('sigmoid', 'relu' o 'step'); ``background`` (None = dibujar en un hilo solo dentro de un núcleo)."""
    return NeuronPanel(**defaults)
