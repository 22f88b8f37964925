"""Lo común a todos los paneles: la clase base, los textos de estado, las imágenes y los datos.

- ``Panel``: la clase base (se muestra delegando en ``self.widget``; sin widgets, una línea de
  texto que dice cómo abrir el panel); ``Panel._safe(fn)`` envuelve un manejador de un botón o
  de un control para que cualquier error acabe como un mensaje en español en el panel, nunca
  como un traceback.
- ``figure_image`` / ``show_figure`` / ``placeholder_png``: las imágenes de los paneles. Se
  dibujan al doble de resolución (``PANEL_DPI``) y se muestran a su tamaño normal
  (``DISPLAY_DPI``), para que se vean nítidas en pantallas HiDPI. Una ``ipywidgets.Image`` sin
  valor se ve como un icono de imagen rota: por eso toda imagen empieza con un marcador gris
  («aún no hay figura»).
- ``default_data()``: MNIST con el reparto del libro, cargado una sola vez (los paneles lo usan
  cuando no se les da ``data``).
"""

import html
import math
import numbers
import re
from functools import lru_cache

import ipywidgets as w
import numpy as np
from matplotlib.patches import Rectangle

from .. import plots
from ..formatting import num

#: Puntos por pulgada con los que se ve una figura de un panel (su tamaño en píxeles de pantalla)…
DISPLAY_DPI = 80
#: …y con los que se dibuja: el doble, para que se vea nítida en pantallas HiDPI (2×).
PANEL_DPI = 2 * DISPLAY_DPI
#: Lo que dice un panel donde no hay widgets (p. ej. antes de ejecutar su celda).
OPEN_HINT = "Ejecuta esta celda (Mayús + Intro) para abrir el panel"
#: Colores del texto de estado, por tipo de mensaje.
STATUS_COLORS = {"info": "#333", "ok": "#1b5e20", "error": "#b00020", "busy": "#0d47a1",
                 "warning": "#b45309"}


@lru_cache(maxsize=1)
def default_data():
    """MNIST con el reparto del libro (``load_mnist()``), cargado una sola vez por sesión."""
    from ..mnist import load_mnist

    return load_mnist()


# --------------------------------------------------------------------------- números en campos

_INT_TEXT = re.compile(r"[+-]?\d+")


def parse_int(value, name, lo, hi):
    """Un entero entre ``lo`` y ``hi`` a partir de un número o de un texto («50 000» vale).

    Los decimales se rechazan con un mensaje (nunca «2.5» → 25). Lanza ``ValueError`` en español.
    """
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if text == "":
            raise ValueError(f"{name}: el campo está vacío; escribe un número entero entre "
                             f"{num(lo)} y {num(hi)}.")
        if not _INT_TEXT.fullmatch(text):
            raise ValueError(f"{name}: «{value.strip()[:30]}» no es un número entero (sin decimales); "
                             f"escribe un entero entre {num(lo)} y {num(hi)}.")
        value = int(text)
    elif isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name}: se esperaba un número entero; se recibió {type(value).__name__}.")
    elif not isinstance(value, numbers.Integral):
        if not (math.isfinite(value) and float(value).is_integer()):
            raise ValueError(f"{name}: {num(float(value))} no es un número entero (sin decimales).")
        value = int(value)
    value = int(value)
    if not lo <= value <= hi:
        raise ValueError(f"{name}: debe ser un entero entre {num(lo)} y {num(hi)}; se recibió {num(value)}.")
    return value


def parse_float(value, name):
    """Un número real a partir de un número o de un texto con coma o punto decimal («0,5», «1e-3»)."""
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".").replace("−", "-")
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{name}: «{value.strip()[:30]}» no es un número (por ejemplo 0,5).") from None
    elif isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name}: se esperaba un número; se recibió {type(value).__name__}.")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name}: debe ser un número finito; se recibió {num(value)}.")
    return value


def _int_in(value, name, lo, hi):
    """Compatibilidad: ``parse_int`` con números (``page_size``, ``index``…)."""
    return parse_int(value, name, lo, hi)


# --------------------------------------------------------------------------- estado y núcleo

def _in_kernel():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    ip = get_ipython()
    return ip is not None and getattr(ip, "kernel", None) is not None


def _status_html(text, kind="info"):
    color = STATUS_COLORS[kind]
    weight = "font-weight: bold; " if kind in ("error", "warning") else ""
    return (f'<div class="nn-status nn-status-{kind}" style="color:{color}; {weight}'
            f'white-space: pre-wrap; line-height: 1.4">{html.escape(text)}</div>')


# --------------------------------------------------------------------------- imágenes

def _png(fig):
    """Los bytes PNG de ``fig`` dibujada al doble de resolución (``PANEL_DPI``)."""
    return plots.figure_to_png(fig, dpi=PANEL_DPI)


def figure_width(figsize):
    """El ancho en píxeles de pantalla con el que se muestra una figura de ``figsize`` pulgadas."""
    return f"{round(figsize[0] * DISPLAY_DPI)}px"


def new_figure(figsize, layout="constrained"):
    """Una ``Figure`` para un panel (sin pyplot: se puede dibujar desde otro hilo)."""
    return plots.new_figure(figsize=figsize, dpi=DISPLAY_DPI, layout=layout)


def show_figure(image, fig):
    """Pone ``fig`` en la ``ipywidgets.Image`` ``image``: PNG a 2×, mostrado a 1×."""
    image.layout.width = figure_width(fig.get_size_inches())
    image.value = _png(fig)


@lru_cache(maxsize=32)
def placeholder_png(width, height, text="aún no hay figura"):
    """Un PNG gris claro de ``width`` × ``height`` pulgadas con ``text`` en el centro.

    Es lo que muestra una imagen de un panel antes de tener figura: nunca un icono roto.
    """
    fig = plots.new_figure(figsize=(width, height), dpi=DISPLAY_DPI, layout=None)
    fig.patch.set_facecolor("#f3f4f6")
    fig.patches.append(Rectangle((0.005, 0.01), 0.99, 0.98, transform=fig.transFigure, fill=False,
                                 edgecolor="#c7cbd1", linewidth=1.0, linestyle="--"))
    fig.text(0.5, 0.5, text, ha="center", va="center", color="#6b7280", fontsize=12)
    return _png(fig)


def placeholder_image(figsize, text="aún no hay figura", css_class=None, **layout):
    """Una ``ipywidgets.Image`` que ya muestra un marcador gris con ``text`` (nunca vacía)."""
    image = w.Image(value=placeholder_png(float(figsize[0]), float(figsize[1]), text), format="png",
                    layout=w.Layout(width=figure_width(figsize), max_width="100%", height="auto", **layout))
    if css_class:
        image.add_class(css_class)
    return image


def show_placeholder(image, figsize, text="aún no hay figura"):
    """Vuelve a poner el marcador gris en ``image`` (p. ej. tras «Borrar» o tras un error)."""
    image.layout.width = figure_width(figsize)
    image.value = placeholder_png(float(figsize[0]), float(figsize[1]), text)


# --------------------------------------------------------------------------- la clase base

class _Panel:
    """Lo común a todos los paneles: se muestran delegando en su widget raíz ``self.widget``."""

    widget = None
    #: Lo que se ve donde no hay widgets (texto plano, p. ej. en GitHub o en nbval).
    description = "Panel interactivo"

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/plain"] = f"{self.description}. {OPEN_HINT}."
        return bundle

    def display(self):
        """Muestra el panel (equivale a escribir el panel al final de una celda)."""
        from IPython.display import display

        display(self.widget)

    def _show_error(self, text):
        """Muestra ``text`` como error en el panel (cada panel sabe dónde)."""
        self.message = text

    def _safe(self, fn):
        """``fn`` envuelta: si lanza, el error se muestra en español en el panel (nunca un traceback)."""

        def handler(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as e:  # noqa: BLE001  (un manejador de un widget nunca deja escapar nada)
                self.error = e
                if isinstance(e, (ValueError, TypeError)):
                    self._show_error(str(e))
                else:
                    self._show_error(f"Algo ha fallado en el panel ({type(e).__name__}): {e}")
                return None

        return handler


Panel = _Panel
