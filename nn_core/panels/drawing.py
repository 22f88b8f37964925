"""El panel «Dibuja tu dígito»: un lienzo de ipycanvas, el preprocesado de MNIST y la respuesta de la red.

Las piezas sin widgets (``rasterize_strokes``, ``recognize_image``, ``default_network``,
``plot_stages``) están en ``nn_core.drawing``, que también reexporta este panel.
"""

import numpy as np

from ..drawing import (CANVAS_SIDE, LINE_WIDTH, _check_network, default_network, plot_stages,
                       rasterize_strokes, recognize_image)
from ..plots import figure_to_png, new_figure, plot_output_activations
from ..preprocessing import to_grayscale


class DrawingPanel:
    """El panel «Dibuja tu dígito». Se muestra poniendo el objeto al final de una celda.

    Atributos útiles: ``canvas`` (ipycanvas.Canvas), ``clear_button`` («Borrar»),
    ``recognize_button`` («Reconocer»), ``message`` (la predicción o el error, en texto),
    ``strokes`` (trazos dibujados con el ratón), ``result`` (el último ``RecognitionResult``),
    ``stages_figure`` y ``activations_figure`` (las últimas figuras, con los datos dibujados).
    """

    def __init__(self, network=None, data=None, side=CANVAS_SIDE, line_width=LINE_WIDTH):
        import ipywidgets as widgets
        from ipycanvas import Canvas, hold_canvas

        if network is not None:
            _check_network(network)
        if data is not None and not hasattr(data, "test"):
            raise TypeError("'data' debe ser el resultado de nc.load_mnist() (o None para cargarlo); "
                            f"se recibió {type(data).__name__}.")
        self._hold_canvas = hold_canvas
        self.network = network
        self.data = data
        self.side = int(side)
        self.line_width = float(line_width)
        self.strokes = []          # lista de trazos; cada trazo, lista de puntos (x, y)
        self._pen_down = False
        self._image = None         # (side, side) tinta puesta con set_drawing (None: usar los trazos)
        self.result = None
        self.stages_figure = None
        self.activations_figure = None

        self.canvas = Canvas(width=self.side, height=self.side,
                             layout=widgets.Layout(width=f"{self.side}px", height=f"{self.side}px"))
        self.canvas.on_mouse_down(self._on_mouse_down)
        self.canvas.on_mouse_move(self._on_mouse_move)
        self.canvas.on_mouse_up(self._on_mouse_up)
        self.canvas.on_mouse_out(self._on_mouse_up)
        self.canvas.on_touch_start(lambda touches: touches and self._on_mouse_down(*touches[0]))
        self.canvas.on_touch_move(lambda touches: touches and self._on_mouse_move(*touches[0]))
        self.canvas.on_touch_end(lambda touches: self._on_mouse_up())
        self.canvas.on_touch_cancel(lambda touches: self._on_mouse_up())
        self._clear_canvas()

        self.clear_button = widgets.Button(description="Borrar", icon="eraser",
                                           tooltip="Borra el dibujo y la respuesta")
        self.recognize_button = widgets.Button(description="Reconocer", icon="check", button_style="primary",
                                               tooltip="Preprocesa el dibujo como MNIST y se lo da a la red")
        self.clear_button.on_click(lambda _: self.clear())
        self.recognize_button.on_click(lambda _: self._recognize_clicked())
        self.message = widgets.HTML(value=self._html("Dibuja un dígito del 0 al 9 con el ratón y pulsa «Reconocer»."))
        self.activations_image = widgets.Image(format="png", layout=widgets.Layout(width="460px"))
        self.stages_image = widgets.Image(format="png", layout=widgets.Layout(width="1000px", max_width="100%"))
        # El borde va en una caja alrededor del lienzo: así las coordenadas del ratón no se desplazan.
        frame = widgets.Box([self.canvas], layout=widgets.Layout(border="2px solid #888", width="fit-content",
                                                                 flex="0 0 auto"))
        left = widgets.VBox([frame, widgets.HBox([self.clear_button, self.recognize_button])])
        right = widgets.VBox([self.message, self.activations_image])
        self.widget = widgets.VBox([widgets.HBox([left, right]), self.stages_image])
        self.canvas.add_class("nn-draw-canvas")
        self.clear_button.add_class("nn-clear-button")
        self.recognize_button.add_class("nn-recognize-button")
        self.message.add_class("nn-draw-message")
        self.widget.add_class("nn-drawing-panel")

    # --- mostrarse en un cuaderno -------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if bundle is not None:  # lo que se ve donde no hay widgets (GitHub, nbviewer, nbval)
            bundle["text/plain"] = "Panel «Dibuja tu dígito» (ejecuta el cuaderno en Jupyter para usarlo)"
        return bundle

    # --- ratón ---------------------------------------------------------------------------------
    def _on_mouse_down(self, x, y):
        self._pen_down = True
        self.strokes.append([(float(x), float(y))])
        self.canvas.fill_circle(x, y, self.line_width / 2)

    def _on_mouse_move(self, x, y):
        if not self._pen_down or not self.strokes:
            return
        x0, y0 = self.strokes[-1][-1]
        self.strokes[-1].append((float(x), float(y)))
        self.canvas.stroke_line(x0, y0, x, y)

    def _on_mouse_up(self, *args):
        self._pen_down = False

    # --- dibujo ----------------------------------------------------------------------------------
    def _clear_canvas(self):
        with self._hold_canvas():
            self.canvas.clear()
            self.canvas.fill_style = "white"
            self.canvas.fill_rect(0, 0, self.side, self.side)
            self.canvas.fill_style = "black"
            self.canvas.stroke_style = "black"
            self.canvas.line_width = self.line_width
            self.canvas.line_cap = "round"
            self.canvas.line_join = "round"

    def clear(self):
        """Borra el dibujo, los trazos y la respuesta (lo que hace el botón «Borrar»)."""
        self.strokes = []
        self._pen_down = False
        self._image = None
        self.result = None
        self._clear_canvas()
        self.activations_image.value = b""
        self.stages_image.value = b""
        self.message.value = self._html("Dibuja un dígito del 0 al 9 con el ratón y pulsa «Reconocer».")

    def set_drawing(self, image):
        """Pone un dibujo sin ratón: ``image`` (side, side) en escala de grises (tinta clara, como MNIST)
        o (side, side, 4) RGBA. Sustituye a los trazos y se muestra en el lienzo."""
        ink = to_grayscale(image)
        if ink.shape != (self.side, self.side):
            raise ValueError(
                f"El dibujo debe tener el tamaño del lienzo, {self.side}×{self.side}; tiene forma {ink.shape}."
            )
        self.clear()
        self._image = ink
        rgba = np.full((self.side, self.side, 4), 255, dtype=np.uint8)  # blanco opaco
        rgba[..., :3] = np.round(255 * (1.0 - ink))[..., None].astype(np.uint8)  # la tinta, en negro
        self.canvas.put_image_data(rgba, 0, 0)

    def drawing(self):
        """El dibujo actual como tinta (side, side) en [0, 1]: el puesto con ``set_drawing`` o los trazos."""
        if self._image is not None:
            return self._image.copy()
        return rasterize_strokes(self.strokes, (self.side, self.side), self.line_width)

    # --- respuesta -------------------------------------------------------------------------------
    def recognize(self):
        """Preprocesa el dibujo, se lo da a la red y muestra la respuesta → ``RecognitionResult``.

        Lanza ValueError (en español) si el dibujo está vacío. Sin red, entrena antes la de
        ``default_network()`` (unos segundos, solo la primera vez).
        """
        import nn_core as nc

        image = self.drawing()
        if self.network is None:
            self.message.value = self._html("Entrenando una red por defecto con 10.000 ejemplos (unos segundos)…")
            self.network = default_network()
        if self.data is None:
            self.data = nc.load_mnist()
        result = recognize_image(self.network, image, self.data)
        self.result = result
        self.stages_figure = plot_stages(result.stages, result.reference, reference_label=result.prediction,
                                         fig=new_figure(figsize=(10.0, 2.4)))
        self.activations_figure = plot_output_activations(
            result.activations, ax=new_figure(figsize=(4.6, 2.9)).subplots())
        self.stages_image.value = figure_to_png(self.stages_figure)
        self.activations_image.value = figure_to_png(self.activations_figure)
        self.message.value = self._html(
            f"<b class='nn-prediction'>Predicción: {result.prediction}</b> · confianza "
            f"{100 * result.confidence:.0f} % (activación {result.activations[result.prediction]:.2f})",
            size="1.3em")
        return result

    def _recognize_clicked(self):
        try:
            self.recognize()
        except ValueError as e:
            self.result = None
            self.activations_image.value = b""
            self.stages_image.value = b""
            self.message.value = self._html(f"<span class='nn-draw-error' style='color:#b00020'>{e}</span>")

    @staticmethod
    def _html(text, size="1.05em"):
        return f"<div style='font-size:{size}; padding:4px 8px'>{text}</div>"


def drawing_panel(network=None, data=None):
    """Crea el panel «Dibuja tu dígito» → ``DrawingPanel`` (se muestra si es lo último de la celda).

    ``network``: un ``Network`` de 784 entradas y 10 salidas, p. ej. el del panel de entrenamiento;
    None entrena una red por defecto (``default_network()``) al pulsar «Reconocer» por primera vez.
    ``data``: un ``MnistSplits`` para el dígito real de referencia (por defecto, ``load_mnist()``).
    """
    return DrawingPanel(network=network, data=data)
