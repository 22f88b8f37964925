"""Números a la española, para todo lo que el lector ve como texto en español.

Reglas (las de la RAE y de los libros de texto españoles):

- coma decimal: ``0,5``; ``95,4 %`` (con un espacio de no separación antes de ``%``);
- grupos de tres cifras separados por un espacio de no separación a partir de cinco cifras
  (``50 000``, ``1 000 000``) y ninguno con cuatro (``1050``);
- en LaTeX, ``0{,}5`` y ``50\\,000``.

Los arrays de numpy y el código conservan el punto de Python: son código, no texto.

    >>> num(0.5)
    '0,5'
    >>> num(95.4213, 2)
    '95,42'
    >>> num(50000)
    '50\\xa0000'
    >>> num(1050)
    '1050'
    >>> pct(0.9542)
    '95,4\\xa0%'
    >>> tex(50000), tex(0.25)
    ('50\\\\,000', '0{,}25')
"""

import math
import numbers

import numpy as np

#: Espacio de no separación: separa los miles y el signo % sin partir la cifra al final de una línea.
NBSP = "\u00a0"

__all__ = ["NBSP", "num", "pct", "tex", "SpanishFormatter", "spanish_axes"]


def _group(digits, sep):
    """Agrupa de tres en tres una cadena de cifras, solo si tiene cinco o más."""
    if len(digits) < 5:
        return digits
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return sep.join(groups)


def _format(value, decimals, thousands, decimal_mark):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"se esperaba un número real; se recibió {type(value).__name__}")
    value = float(value) if not isinstance(value, numbers.Integral) else int(value)
    if isinstance(value, float) and not math.isfinite(value):
        return {math.inf: "∞", -math.inf: "−∞"}.get(value, "NaN")
    if decimals is None:
        if isinstance(value, int):
            text = str(abs(value))
        else:
            text = repr(abs(value))  # el más corto que vuelve a dar el mismo número: 0.1 → '0.1'
            if "e" in text or "E" in text:
                text = f"{abs(value):.6g}"
            if text.endswith(".0"):
                text = text[:-2]
    else:
        text = f"{abs(value):.{int(decimals)}f}"
    negative = value < 0 and any(c not in "0." for c in text)
    if "e" in text:  # notación científica: 1,5·10⁻⁸ se escribe 1,5e-08 en el texto corto
        mantissa, exponent = text.split("e")
        return ("−" if negative else "") + mantissa.replace(".", decimal_mark) + "e" + exponent
    integer, _, fraction = text.partition(".")
    out = _group(integer, thousands)
    if fraction:
        out += decimal_mark + fraction
    return ("−" if negative else "") + out


def num(value, decimals=None):
    """``value`` con coma decimal y espacios de miles (desde cinco cifras), para texto en español.

    ``decimals``: cifras decimales fijas; con ``None``, las que hagan falta (``0.1`` → ``'0,1'``).
    Los negativos llevan el signo menos tipográfico (−).
    """
    return _format(value, decimals, NBSP, ",")


def pct(fraction, decimals=1):
    """Una fracción (``0.954``) como porcentaje en español (``'95,4 %'``).

    Para un valor que ya está en porcentaje, usa ``pct(valor / 100)``.
    """
    return num(100 * float(fraction), decimals) + NBSP + "%"


def tex(value, decimals=None):
    """``value`` para escribirlo dentro de una fórmula LaTeX: ``0{,}5``, ``50\\,000``."""
    return _format(value, decimals, r"\,", "{,}").replace("−", "-")


def _plain_tick(text):
    """Pasa un rótulo de eje con punto decimal (y, si lo hay, notación matemática) a coma decimal."""
    return text.replace(".", ",") if "$" not in text else text.replace(".", "{,}")


try:  # matplotlib es dependencia del paquete, pero este módulo también sirve sin él
    from matplotlib.ticker import ScalarFormatter as _ScalarFormatter
except ImportError:  # pragma: no cover
    _ScalarFormatter = object


class SpanishFormatter(_ScalarFormatter):
    """El formateador automático de matplotlib, con coma decimal y espacio de miles (desde 5 cifras)."""

    def __call__(self, x, pos=None):
        text = super().__call__(x, pos)
        text = _plain_tick(text)
        digits = text.lstrip("−-")
        if digits.isdigit():
            text = text[: len(text) - len(digits)] + _group(digits, NBSP)
        return text.replace("-", "−") if text.startswith("-") else text

    def get_offset(self):
        return _plain_tick(super().get_offset())

    def format_data_short(self, value):
        return _plain_tick(super().format_data_short(value))


def spanish_axes(*axes):
    """Pone rótulos con coma decimal en los ejes lineales de ``axes`` (los logarítmicos no cambian).

    Devuelve la lista de ejes, para poder encadenar. Acepta ejes sueltos o listas o arrays de ejes.
    """
    flat = []
    for ax in axes:
        flat.extend(np.ravel(ax).tolist() if isinstance(ax, (list, tuple, np.ndarray)) else [ax])
    for ax in flat:
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_scale() == "linear":
                formatter = SpanishFormatter()
                formatter.set_useOffset(False)
                axis.set_major_formatter(formatter)
    return flat
