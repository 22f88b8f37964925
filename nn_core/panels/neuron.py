"""El panel de una neurona: dos entradas, sus pesos, su sesgo y las puertas AND, OR y XOR."""

import math

import ipywidgets as w
import numpy as np

from .. import plots
from .common import PANEL_DPI, _Panel, _png, _status_html


class NeuronPanel(_Panel):
    """Una neurona con dos entradas: salida σ(w1·x1 + w2·x2 + b) sobre el plano (x1, x2).

    Controles: ``w1_slider``, ``w2_slider``, ``b_slider``, ``activation_dropdown`` (sigmoide,
    ReLU, escalón). Salidas: ``plot`` (imagen), ``status``. Atributos: ``outputs`` (4,) la
    salida en (0,0), (0,1), (1,0), (1,1); ``gates`` {"AND": bool, "OR": bool, "XOR": bool}:
    qué puertas reproduce cortando la salida en 0.5; ``message``.
    """

    description = "Panel de una neurona"

    def __init__(self, w1=1.0, w2=1.0, b=-0.5, activation="sigmoid", extent=(-0.5, 1.5)):
        for name, v in (("w1", w1), ("w2", w2), ("b", b)):
            if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) \
                    or not math.isfinite(v):
                raise ValueError(f"'{name}' debe ser un número; se recibió {v!r}.")
        options = [(label, key) for key, label in plots.NEURON_ACTIVATIONS.items()]
        if activation not in plots.NEURON_ACTIVATIONS:
            raise ValueError(
                f"Activación desconocida: {activation!r}. Se esperaba 'sigmoid', 'relu' o 'step'."
            )
        self.extent = extent
        style = {"description_width": "40px"}
        lay = w.Layout(width="300px")
        self.w1_slider = w.FloatSlider(value=w1, min=-20, max=20, step=0.5, description="w1",
                                       continuous_update=False, style=style, layout=lay)
        self.w2_slider = w.FloatSlider(value=w2, min=-20, max=20, step=0.5, description="w2",
                                       continuous_update=False, style=style, layout=lay)
        self.b_slider = w.FloatSlider(value=b, min=-30, max=30, step=0.5, description="b",
                                      continuous_update=False, style=style, layout=lay)
        self.activation_dropdown = w.Dropdown(options=options, value=activation,
                                              description="σ", style=style, layout=lay)
        for name in ("w1_slider", "w2_slider", "b_slider", "activation_dropdown"):
            getattr(self, name).add_class("nn-" + name.replace("_", "-"))
        self.plot = w.Image(format="png")
        self.plot.add_class("nn-neuron-plot")
        self.status = w.HTML()
        for c in (self.w1_slider, self.w2_slider, self.b_slider, self.activation_dropdown):
            c.observe(lambda _: self.update(), names="value")
        help_text = w.HTML(
            "Mueve los pesos y el sesgo: el color es la salida de la neurona y la línea "
            "discontinua, donde vale 0.5. Los círculos blancos son las entradas con salida "
            "mayor que 0.5.")
        self.widget = w.VBox([
            w.HBox([w.VBox([self.w1_slider, self.w2_slider, self.b_slider,
                            self.activation_dropdown, self.status],
                           layout=w.Layout(width="320px")),
                    self.plot]),
            help_text,
        ])
        self.widget.add_class("nn-neuron-panel")
        self.update()

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
        fig = plots.new_figure(figsize=(5.4, 4.4), dpi=PANEL_DPI, layout=None)
        fig.subplots_adjust(left=0.12, right=0.9, bottom=0.11, top=0.86)
        plots.plot_neuron(w1, w2, b, activation, ax=fig.subplots(), extent=self.extent)
        self.plot.value = _png(fig)
        solved = [g for g, ok in self.gates.items() if ok]
        if solved:
            self.message = "Esta neurona reproduce: " + ", ".join(solved) + "."
        else:
            self.message = "Esta neurona no reproduce ninguna de las tres puertas."
        if not self.gates["XOR"]:
            self.message += " (XOR no lo consigue ninguna neurona sola: hace falta una capa oculta.)"
        self.status.value = _status_html(self.message, "ok" if solved else "info")


def neuron_panel(**defaults):
    """Crea un ``NeuronPanel``: ``w1``, ``w2``, ``b`` (números) y ``activation`` ('sigmoid', 'relu' o 'step')."""
    return NeuronPanel(**defaults)
