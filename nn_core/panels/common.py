"""Lo común a todos los paneles: la clase base, los textos de estado, los PNG y los datos."""

import html
import math

import numpy as np

from .. import plots

#: Resolución de las imágenes de los paneles (puntos por pulgada).
PANEL_DPI = 80


def _int_in(value, name, lo, hi):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name}: se esperaba un número entero; se recibió {value!r}.")
    if not lo <= value <= hi:
        raise ValueError(f"{name}: debe ser un entero entre {lo} y {hi}; se recibió {value}.")
    return int(value)




def _in_kernel():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    ip = get_ipython()
    return ip is not None and getattr(ip, "kernel", None) is not None


def _status_html(text, kind="info"):
    color = {"info": "#333", "ok": "#1b5e20", "error": "#b00020", "busy": "#0d47a1"}[kind]
    return (f'<div class="nn-status nn-status-{kind}" style="color:{color}; '
            f'white-space: pre-wrap; line-height: 1.4">{html.escape(text)}</div>')


def _png(fig):
    return plots.figure_to_png(fig)



class _Panel:
    """Lo común a todos los paneles: se muestran delegando en su widget raíz ``self.widget``."""

    widget = None
    #: Lo que se ve donde no hay widgets (texto plano, p. ej. en GitHub o en nbval).
    description = "Panel interactivo"

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/plain"] = f"{self.description} (ejecuta el cuaderno en Jupyter para usarlo)"
        return bundle

    def display(self):
        """Muestra el panel (equivale a escribir el panel al final de una celda)."""
        from IPython.display import display

        display(self.widget)
