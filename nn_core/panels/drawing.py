"""El panel «Dibuja tu dígito»: un lienzo de ipycanvas, el preprocesado de MNIST y la respuesta de la red.

    from nn_core.drawing import drawing_panel     # o from nn_core.widgets import drawing_panel
    drawing_panel()                 # entrena la red por defecto (unos segundos) si no se le da una

Las piezas sin widgets (``rasterize_strokes``, ``recognize_image``, ``check_drawing``,
``default_network``, ``plot_stages``) están en ``nn_core.drawing``, que también reexporta este panel.

Un dibujo vacío o demasiado pequeño para ser un dígito da un aviso en español (no una
predicción al azar), y las imágenes muestran un marcador gris («dibuja un dígito») mientras no
hay respuesta: nunca un icono de imagen rota.
"""

import html
import numbers

import numpy as np

from ..drawing import (CANVAS_SIDE, LINE_WIDTH, _check_network, check_drawing, default_network,
                       plot_stages, rasterize_strokes, recognize_image)
from ..formatting import num, pct
from ..plots import plot_output_activations
from ..preprocessing import to_grayscale
from .common import _Panel, default_data, new_figure, placeholder_image, show_figure, show_placeholder

#: Lado del lienzo permitido, en píxeles.
MIN_SIDE, MAX_SIDE = 28, 1000
ACTIVATIONS_FIGSIZE = (4.6, 2.9)
STAGES_FIGSIZE = (10.0, 2.4)
PLACEHOLDER_TEXT = "dibuja un dígito y pulsa «Reconocer»"
HELP_TEXT = "Dibuja un dígito del 0 al 9 con el ratón y pulsa «Reconocer»."


class DrawingPanel(_Panel):
    """El panel «Dibuja tu dígito». Se muestra poniendo el objeto al final de una celda.

    Atributos útiles: ``canvas`` (ipycanvas.Canvas), ``clear_button`` («Borrar»),
    ``recognize_button`` («Reconocer»), ``message`` (un ``ipywidgets.HTML`` con la predicción,
    el aviso o el error), ``strokes`` (trazos dibujados con el ratón), ``result`` (el último
    ``RecognitionResult``, o None), ``stages_figure`` y ``activations_figure`` (las últimas
    figuras, con los datos dibujados), ``error`` (la última excepción mostrada, o None).

    ``network=None`` entrena al crear el panel la red por defecto (``default_network()``, unos
    segundos la primera vez). ``side``: lado del lienzo en píxeles (de 28 a 1000);
    ``line_width``: grosor del trazo (positivo, como mucho ``side``).
    """

    description = "Panel «Dibuja tu dígito»"

    def __init__(self, network=None, data=None, side=CANVAS_SIDE, line_width=LINE_WIDTH):
        import ipywidgets as widgets
        from ipycanvas import Canvas, hold_canvas

        if network is not None:
            _check_network(network)
        if data is not None and not hasattr(data, "test"):
            raise TypeError("'data' debe ser el resultado de nc.load_mnist() (o None para cargarlo); "
                            f"se recibió {type(data).__name__}.")
        if isinstance(side, (bool, np.bool_)) or not isinstance(side, numbers.Integral) \
                or not MIN_SIDE <= side <= MAX_SIDE:
            raise ValueError(f"'side' (el lado del lienzo) debe ser un entero entre {MIN_SIDE} y {MAX_SIDE} "
                             f"píxeles; se recibió {str(side)[:30]}.")
        if isinstance(line_width, (bool, np.bool_)) or not isinstance(line_width, numbers.Real) \
                or not np.isfinite(line_width) or not 0 < line_width <= side:
            raise ValueError(f"'line_width' (el grosor del trazo) debe ser un número entre 0 y {side} "
                             f"(el lado del lienzo); se recibió {str(line_width)[:30]}.")
        self._hold_canvas = hold_canvas
        self.network = network if network is not None else default_network()
        self.data = data
        self.side = int(side)
        self.line_width = float(line_width)
        self.strokes = []          # lista de trazos; cada trazo, lista de puntos (x, y)
        self._pen_down = False
        self._image = None         # (side, side) tinta puesta con set_drawing (None: usar los trazos)
        self.result = None
        self.error = None
        self.stages_figure = None
        self.activations_figure = None

        self.canvas = Canvas(width=self.side, height=self.side,
                             layout=widgets.Layout(width=f"{self.side}px", height=f"{self.side}px"))
        self.canvas.on_mouse_down(self._safe(self._on_mouse_down))
        self.canvas.on_mouse_move(self._safe(self._on_mouse_move))
        self.canvas.on_mouse_up(self._safe(self._on_mouse_up))
        self.canvas.on_mouse_out(self._safe(self._on_mouse_up))
        self.canvas.on_touch_start(self._safe(lambda touches: touches and self._on_mouse_down(*touches[0])))
        self.canvas.on_touch_move(self._safe(lambda touches: touches and self._on_mouse_move(*touches[0])))
        self.canvas.on_touch_end(self._safe(lambda touches: self._on_mouse_up()))
        self.canvas.on_touch_cancel(self._safe(lambda touches: self._on_mouse_up()))
        self._clear_canvas()

        self.clear_button = widgets.Button(description="Borrar", icon="eraser",
                                           tooltip="Borra el dibujo y la respuesta")
        self.recognize_button = widgets.Button(description="Reconocer", icon="check", button_style="primary",
                                               tooltip="Preprocesa el dibujo como MNIST y se lo da a la red")
        self.clear_button.on_click(self._safe(lambda _: self.clear()))
        self.recognize_button.on_click(self._safe(lambda _: self._recognize_clicked()))
        self.message = widgets.HTML(value=self._html(HELP_TEXT))
        self.activations_image = placeholder_image(ACTIVATIONS_FIGSIZE, PLACEHOLDER_TEXT)
        self.stages_image = placeholder_image(STAGES_FIGSIZE, PLACEHOLDER_TEXT)
        # El borde va en una caja alrededor del lienzo: así las coordenadas del ratón no se desplazan.
        frame = widgets.Box([self.canvas], layout=widgets.Layout(border="2px solid #888", width="fit-content",
                                                                 flex="0 0 auto"))
        # El lienzo no se encoge nunca (un mensaje largo a la derecha lo recortaría).
        left = widgets.VBox([frame, widgets.HBox([self.clear_button, self.recognize_button])],
                            layout=widgets.Layout(flex="0 0 auto", min_width=f"{self.side + 8}px"))
        right = widgets.VBox([self.message, self.activations_image],
                             layout=widgets.Layout(flex="1 1 auto", min_width="0"))
        self.widget = widgets.VBox([widgets.HBox([left, right]), self.stages_image])
        self.canvas.add_class("nn-draw-canvas")
        self.clear_button.add_class("nn-clear-button")
        self.recognize_button.add_class("nn-recognize-button")
        self.message.add_class("nn-draw-message")
        self.activations_image.add_class("nn-draw-activations")
        self.stages_image.add_class("nn-draw-stages")
        self.widget.add_class("nn-drawing-panel")

    # --- errores ---------------------------------------------------------------------------------
    def _show_error(self, text, kind="error"):
        color = "#b00020" if kind == "error" else "#b45309"
        self.message.value = self._html(
            f"<span class='nn-draw-{kind}' style='color:{color}; font-weight:bold'>{html.escape(text)}</span>")

    # --- ratón ---------------------------------------------------------------------------------
    @staticmethod
    def _point(x, y):
        """(x, y) como números finitos, o None si el navegador mandó algo raro (se ignora)."""
        try:
            x, y = float(x), float(y)
        except (TypeError, ValueError):
            return None
        return (x, y) if np.isfinite(x) and np.isfinite(y) else None

    def _on_mouse_down(self, x, y):
        point = self._point(x, y)
        if point is None:
            return
        self._pen_down = True
        self.strokes.append([point])
        self.canvas.fill_circle(*point, self.line_width / 2)

    def _on_mouse_move(self, x, y):
        point = self._point(x, y)
        if not self._pen_down or not self.strokes or point is None:
            return
        x0, y0 = self.strokes[-1][-1]
        x, y = point
        self.strokes[-1].append(point)
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

    def _clear_answer(self):
        self.result = None
        show_placeholder(self.activations_image, ACTIVATIONS_FIGSIZE, PLACEHOLDER_TEXT)
        show_placeholder(self.stages_image, STAGES_FIGSIZE, PLACEHOLDER_TEXT)

    def clear(self):
        """Borra el dibujo, los trazos y la respuesta (lo que hace el botón «Borrar»)."""
        self.strokes = []
        self._pen_down = False
        self._image = None
        self.error = None
        self._clear_canvas()
        self._clear_answer()
        self.message.value = self._html(HELP_TEXT)

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

        Lanza ValueError (en español) si el dibujo está vacío o es demasiado pequeño para ser un
        dígito (``nn_core.drawing.check_drawing``).
        """
        image = self.drawing()
        check_drawing(image)
        if self.data is None:
            self.data = default_data()
        result = recognize_image(self.network, image, self.data)
        self.result = result
        self.error = None
        self.stages_figure = plot_stages(result.stages, result.reference, reference_label=result.prediction,
                                         fig=new_figure(STAGES_FIGSIZE))
        self.activations_figure = plot_output_activations(
            result.activations, ax=new_figure(ACTIVATIONS_FIGSIZE).subplots())
        show_figure(self.stages_image, self.stages_figure)
        show_figure(self.activations_image, self.activations_figure)
        self.message.value = self._html(
            f"<b class='nn-prediction'>Predicción: {result.prediction}</b> · confianza "
            f"{pct(result.confidence, 0)} (activación {num(float(result.activations[result.prediction]), 2)})",
            size="1.3em")
        return result

    def _recognize_clicked(self):
        try:
            self.recognize()
        except Exception as e:  # noqa: BLE001  (el clic nunca deja escapar un traceback)
            self.error = e
            self._clear_answer()
            if isinstance(e, ValueError):
                kind = "warning" if "demasiado pequeño" in str(e) else "error"
                self._show_error(str(e), kind)
            else:
                self._show_error(f"Algo ha fallado al reconocer el dibujo ({type(e).__name__}): {e}")

    @staticmethod
    def _html(text, size="1.05em"):
        return f"<div style='font-size:{size}; padding:4px 8px'>{text}</div>"


def drawing_panel(network=None, data=None):
    """Crea el panel «Dibuja tu dígito» → ``DrawingPanel`` (se muestra si es lo último de la celda).

    ``network``: un ``Network`` de 784 entradas y 10 salidas, p. ej. el del panel de entrenamiento;
    None entrena la red por defecto (``default_network()``, unos segundos la primera vez).
    ``data``: un ``MnistSplits`` para el dígito real de referencia (None = MNIST, cargado una sola vez).
    """
    return DrawingPanel(network=network, data=data)
