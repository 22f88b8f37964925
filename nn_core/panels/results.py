"""El panel de resultados: matriz de confusión, dígitos mal clasificados y sus activaciones."""

import math

import ipywidgets as w
import numpy as np

from .. import plots
from ..mnist import load_mnist
from .common import PANEL_DPI, _int_in, _Panel, _png


class ResultsPanel(_Panel):
    """Qué hace bien y mal una red entrenada en un conjunto de ejemplos.

    Muestra la matriz de confusión (con los números), los dígitos mal clasificados (del más
    seguro al menos, ``page_size`` por página, con «verdadero → predicho (activación de la ganadora)») y, al
    pulsar uno, sus 10 activaciones de salida.

    Atributos: ``network``, ``dataset``, ``activations`` (10, n), ``predictions`` (n,),
    ``cm`` (10, 10), ``indices`` (los índices mal clasificados, ordenados), ``page``,
    ``n_pages``, ``selected`` (índice en ``dataset`` del dígito elegido, o None),
    ``digit_buttons``, ``prev_button``, ``next_button``, ``message``.
    """

    description = "Panel de resultados"

    def __init__(self, network, dataset=None, page_size=12):
        if hasattr(network, "network") and not hasattr(network, "feedforward"):
            network = network.network  # se aceptan también un TrainingPanel
        if network is None or not hasattr(network, "feedforward"):
            raise TypeError(
                "results_panel necesita una red entrenada (nn_core.Network); se recibió "
                f"{type(network).__name__}. ¿Has pulsado «Entrenar» antes?"
            )
        if dataset is None:
            dataset = load_mnist().test
        if not (hasattr(dataset, "x") and hasattr(dataset, "labels")):
            raise TypeError(
                f"'dataset' debe ser un nn_core.Dataset (p. ej. load_mnist().test); se recibió {type(dataset).__name__}."
            )
        self.page_size = _int_in(page_size, "page_size", 1, 100)
        self.network = network
        self.dataset = dataset
        self.activations = network.feedforward(dataset.x)
        self.predictions = np.argmax(self.activations, axis=0)
        self.cm = plots.confusion_matrix(dataset.labels, self.predictions,
                                         n_classes=self.activations.shape[0])
        self.indices = plots.misclassified(network, dataset)
        self.n_pages = max(1, math.ceil(len(self.indices) / self.page_size))
        self.page = 0
        self.selected = None
        self.message = ""

        n = len(dataset)
        correct = int(np.trace(self.cm))
        self.header = w.HTML(
            f"<b>Resultados</b>: {correct} de {n} aciertos ({100 * correct / n:.2f} %), "
            f"{len(self.indices)} errores. Pulsa un dígito para ver sus 10 activaciones de salida.")
        self.cm_image = w.Image(format="png", value=_png(self._cm_figure()))
        self.cm_image.add_class("nn-confusion")
        self.selected_image = w.Image(format="png")
        self.selected_image.add_class("nn-activations")
        self.prev_button = w.Button(description="Anteriores", icon="arrow-left",
                                    layout=w.Layout(width="130px"))
        self.next_button = w.Button(description="Siguientes", icon="arrow-right",
                                    layout=w.Layout(width="130px"))
        self.prev_button.on_click(lambda _: self.show_page(self.page - 1))
        self.next_button.on_click(lambda _: self.show_page(self.page + 1))
        self.page_label = w.Label("")
        self.grid = w.GridBox(layout=w.Layout(grid_template_columns="repeat(6, 110px)",
                                              grid_gap="4px"))
        self.grid.add_class("nn-misclassified")
        self.digit_buttons = []
        self.widget = w.VBox([
            self.header,
            w.HBox([self.cm_image, self.selected_image]),
            w.HBox([self.prev_button, self.page_label, self.next_button]),
            self.grid,
        ])
        self.widget.add_class("nn-results-panel")
        self.show_page(0)
        if len(self.indices):
            self.select(int(self.indices[0]))
        else:
            self.message = "La red no se equivoca en ningún ejemplo de este conjunto."
            self.selected_image.value = _png(self._activation_figure(0))

    def _cm_figure(self):
        fig = plots.new_figure(figsize=(4.6, 4.2), dpi=PANEL_DPI)
        plots.plot_confusion_matrix(self.cm, ax=fig.subplots())
        return fig

    def _activation_figure(self, index):
        fig = plots.new_figure(figsize=(5.6, 3.0), dpi=PANEL_DPI)
        ax_img, ax_bar = fig.subplots(1, 2, width_ratios=[1, 2.2])
        ax_img.imshow(self.dataset.x[:, index].reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        ax_img.set_axis_off()
        label = int(self.dataset.labels[index])
        pred = int(self.predictions[index])
        ax_img.set_title(f"ejemplo {index}\nes un {label}", fontsize=9)
        plots.plot_output_activations(self.activations[:, index], label=label, ax=ax_bar,
                                      title=f"La red predice {pred}")
        return fig

    def show_page(self, page):
        """Muestra la página ``page`` (desde 0) de dígitos mal clasificados."""
        page = min(max(int(page), 0), self.n_pages - 1)
        self.page = page
        chunk = self.indices[page * self.page_size:(page + 1) * self.page_size]
        cards, buttons = [], []
        for idx in chunk:
            idx = int(idx)
            label, pred = int(self.dataset.labels[idx]), int(self.predictions[idx])
            conf = 100 * self.activations[pred, idx]
            img = w.Image(value=plots.digit_to_png(self.dataset.x[:, idx], scale=2),
                          format="png", layout=w.Layout(width="56px", height="56px"))
            button = w.Button(description=f"{label} → {pred} ({conf:.0f} %)",
                              tooltip=f"Es un {label}; la red dice {pred} con activación {conf:.0f} %",
                              layout=w.Layout(width="108px"))
            button.add_class("nn-digit-button")
            button.on_click(lambda _, i=idx: self.select(i))
            buttons.append(button)
            cards.append(w.VBox([img, button], layout=w.Layout(align_items="center")))
        self.digit_buttons = buttons
        self.grid.children = cards
        if len(self.indices):
            first = page * self.page_size + 1
            self.page_label.value = (f"Errores {first}–{first + len(chunk) - 1} de {len(self.indices)} "
                                     f"(página {page + 1} de {self.n_pages})")
        else:
            self.page_label.value = "Sin errores"
        self.prev_button.disabled = page == 0
        self.next_button.disabled = page >= self.n_pages - 1

    def select(self, index):
        """Elige el ejemplo ``index`` de ``dataset`` y muestra sus 10 activaciones de salida."""
        index = _int_in(int(index) if isinstance(index, np.integer) else index, "index", 0,
                        len(self.dataset) - 1)
        self.selected = index
        self.selected_image.value = _png(self._activation_figure(index))
        label, pred = int(self.dataset.labels[index]), int(self.predictions[index])
        self.message = f"Ejemplo {index}: es un {label}, la red predice {pred}."


def results_panel(network, dataset=None, page_size=12):
    """Crea un ``ResultsPanel`` para ``network`` (una ``Network`` o un ``TrainingPanel`` ya entrenado).

    ``dataset``: un ``Dataset`` (None = ``load_mnist().test``, el conjunto de prueba).
    """
    return ResultsPanel(network, dataset, page_size)
