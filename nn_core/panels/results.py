"""El panel de resultados: matriz de confusión, dígitos mal clasificados y sus activaciones.

    from nn_core.widgets import results_panel
    results_panel()              # entrena la red por defecto y usa el conjunto de prueba
    results_panel(net, data.test)
"""

import html
import math

import ipywidgets as w
import numpy as np

from .. import plots
from ..formatting import num, pct
from .common import _Panel, default_data, new_figure, parse_int, placeholder_image, show_figure

#: Tamaños (pulgadas) de las dos figuras del panel.
CM_FIGSIZE = (4.6, 4.2)
ACTIVATIONS_FIGSIZE = (5.6, 3.0)
#: Ancho (píxeles) de cada tarjeta de la galería: cabe «8 → 3 (a = 1,00)» entero.
CARD_WIDTH = 150


class ResultsPanel(_Panel):
    """Qué hace bien y mal una red entrenada en un conjunto de ejemplos.

    Muestra la matriz de confusión (con los números), los dígitos mal clasificados (del más
    seguro al menos, ``page_size`` por página, con «verdadero → predicho (activación de la
    ganadora)», sin recortar) y, al pulsar uno, sus 10 activaciones de salida.

    Atributos: ``network``, ``dataset``, ``activations`` (10, n), ``predictions`` (n,),
    ``cm`` (10, 10), ``indices`` (los índices mal clasificados, ordenados), ``page``,
    ``n_pages``, ``selected`` (índice en ``dataset`` del dígito elegido, o None),
    ``digit_buttons``, ``prev_button``, ``next_button``, ``status``, ``message``.
    """

    description = "Panel de resultados"

    def __init__(self, network=None, dataset=None, page_size=12):
        if hasattr(network, "network") and not hasattr(network, "feedforward"):
            network = network.network  # se acepta también un TrainingPanel
            if network is None:
                raise TypeError("El panel de entrenamiento aún no tiene red: pulsa «Entrenar» antes.")
        if network is None:
            from ..drawing import default_network

            network = default_network()
        if not hasattr(network, "feedforward"):
            raise TypeError(
                "results_panel necesita una red entrenada (nn_core.Network), o None para entrenar la "
                f"red por defecto; se recibió {type(network).__name__}."
            )
        if dataset is None:
            dataset = default_data().test
        if not (hasattr(dataset, "x") and hasattr(dataset, "labels")):
            raise TypeError(
                f"'dataset' debe ser un nn_core.Dataset (p. ej. load_mnist().test); se recibió {type(dataset).__name__}."
            )
        if len(dataset) == 0:
            raise ValueError("'dataset' no tiene ejemplos: el panel necesita al menos uno.")
        self.page_size = parse_int(page_size, "page_size", 1, 100)
        self.network = network
        self.dataset = dataset
        self.error = None
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
            f"<b>Resultados</b>: {num(correct)} de {num(n)} aciertos (exactitud {pct(correct / n, 2)}), "
            f"{num(len(self.indices))} errores. Pulsa un dígito para ver sus 10 activaciones de salida.")
        self.cm_image = placeholder_image(CM_FIGSIZE, css_class="nn-confusion")
        show_figure(self.cm_image, self._cm_figure())
        self.selected_image = placeholder_image(ACTIVATIONS_FIGSIZE, "elige un dígito", css_class="nn-activations")
        self.status = w.HTML()
        self.status.add_class("nn-status-area")
        self.prev_button = w.Button(description="Anteriores", icon="arrow-left",
                                    layout=w.Layout(width="130px"))
        self.next_button = w.Button(description="Siguientes", icon="arrow-right",
                                    layout=w.Layout(width="130px"))
        self.prev_button.on_click(self._safe(lambda _: self.show_page(self.page - 1)))
        self.next_button.on_click(self._safe(lambda _: self.show_page(self.page + 1)))
        self.page_label = w.Label("")
        # Tantas columnas como quepan (hasta 6 en un cuaderno ancho): ninguna tarjeta queda cortada.
        self.grid = w.GridBox(layout=w.Layout(grid_template_columns=f"repeat(auto-fill, {CARD_WIDTH}px)",
                                              grid_gap="4px", width="100%", max_width=f"{6 * (CARD_WIDTH + 4)}px"))
        self.grid.add_class("nn-misclassified")
        self.digit_buttons = []
        self.widget = w.VBox([
            self.header,
            w.HBox([self.cm_image, self.selected_image]),
            self.status,
            w.HBox([self.prev_button, self.page_label, self.next_button]),
            self.grid,
        ])
        self.widget.add_class("nn-results-panel")
        self.show_page(0)
        if len(self.indices):
            self.select(int(self.indices[0]))
        else:
            self.message = "La red no se equivoca en ningún ejemplo de este conjunto."
            show_figure(self.selected_image, self._activation_figure(0))

    def _show_error(self, text):
        self.message = text
        self.status.value = f"<span style='color:#b00020'>{html.escape(text)}</span>"

    def _cm_figure(self):
        fig = new_figure(CM_FIGSIZE)
        plots.plot_confusion_matrix(self.cm, ax=fig.subplots())
        return fig

    def _activation_figure(self, index):
        fig = new_figure(ACTIVATIONS_FIGSIZE)
        ax_img, ax_bar = fig.subplots(1, 2, width_ratios=[1, 2.2])
        ax_img.imshow(self.dataset.x[:, index].reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        ax_img.set_axis_off()
        label = int(self.dataset.labels[index])
        pred = int(self.predictions[index])
        ax_img.set_title(f"ejemplo {num(index)}\nes un {label}", fontsize=9)
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
            # Una activación sigmoide no es una probabilidad: se muestra tal cual, no como «%».
            conf = f"a = {num(float(self.activations[pred, idx]), 2)}"
            img = w.Image(value=plots.digit_to_png(self.dataset.x[:, idx], scale=4),
                          format="png", layout=w.Layout(width="56px", height="56px"))
            button = w.Button(description=f"{label} → {pred} ({conf})",
                              tooltip=f"Es un {label}; la red dice {pred} con activación {conf}",
                              layout=w.Layout(width=f"{CARD_WIDTH - 4}px"))
            button.add_class("nn-digit-button")
            button.on_click(self._safe(lambda _, i=idx: self.select(i)))
            buttons.append(button)
            cards.append(w.VBox([img, button], layout=w.Layout(align_items="center")))
        self.digit_buttons = buttons
        self.grid.children = cards
        if len(self.indices):
            first = page * self.page_size + 1
            self.page_label.value = (f"Errores {num(first)}–{num(first + len(chunk) - 1)} de "
                                     f"{num(len(self.indices))} (página {num(page + 1)} de {num(self.n_pages)})")
        else:
            self.page_label.value = "Sin errores"
        self.prev_button.disabled = page == 0
        self.next_button.disabled = page >= self.n_pages - 1

    def select(self, index):
        """Elige el ejemplo ``index`` de ``dataset`` y muestra sus 10 activaciones de salida."""
        index = parse_int(int(index) if isinstance(index, np.integer) else index, "index", 0,
                          len(self.dataset) - 1)
        self.selected = index
        show_figure(self.selected_image, self._activation_figure(index))
        label, pred = int(self.dataset.labels[index]), int(self.predictions[index])
        self.message = f"Ejemplo {num(index)}: es un {label}, la red predice {pred}."
        self.status.value = ""


def results_panel(network=None, dataset=None, page_size=12):
    """Crea un ``ResultsPanel`` para ``network`` (una ``Network`` o un ``TrainingPanel`` ya entrenado;
    None = la red por defecto de ``nn_core.drawing.default_network()``, entrenada al momento).

    ``dataset``: un ``Dataset`` (None = el conjunto de prueba de MNIST, cargado una sola vez).
    """
    return ResultsPanel(network, dataset, page_size)

