"""Ejercicios que se corrigen solos: «comprueba tu respuesta».

Uso en un cuaderno::

    from nn_core.exercises import check_answer

    # Ejercicio 1: tu respuesta
    answer_1 = ...

    # Comprueba tu respuesta
    _ = check_answer(answer_1, expected=(30, 784), hint="w^1 tiene una fila por neurona de la capa 1.")

``check_answer`` nunca lanza una excepción por una respuesta en blanco o equivocada: muestra un
recuadro (verde si es correcta, ámbar si no, gris si aún está en blanco) que dice qué falla
(la forma recibida y la esperada, la mayor diferencia y dónde está, a qué distancia queda un
número) junto con la pista, y devuelve ``True`` o ``False``. En Jupyter el recuadro es HTML; en
cualquier otro sitio, texto.

Para las pruebas, ``strict=True`` (o la variable de entorno ``NN_CORE_STRICT_EXERCISES=1``)
convierte una respuesta en blanco o equivocada en la excepción ``WrongAnswer``.

Una respuesta que es una función se comprueba con ``check_call``, que la llama sin dejar
escapar sus excepciones: si la función del lector falla, el recuadro dice con qué error.
"""

import html
import os

import numpy as np

from .formatting import num

#: Variable de entorno que activa el modo estricto en todas las comprobaciones (la usan las pruebas).
STRICT_ENV = "NN_CORE_STRICT_EXERCISES"

BLANK_MESSAGE = "Todavía no hay respuesta: sustituye «...» por la tuya y vuelve a ejecutar las dos celdas."


class WrongAnswer(AssertionError):
    """En modo estricto: la respuesta del ejercicio no es la esperada (el mensaje trae la pista)."""


class Feedback:
    """Lo que ``check_answer`` muestra: un recuadro HTML en Jupyter y texto plano en otro sitio.

    ``status`` es ``"ok"``, ``"wrong"`` o ``"blank"``; ``lines`` son los detalles (forma,
    diferencia…); ``hint`` es la pista.
    """

    _STYLE = {
        "ok": ("#e6f4ea", "#1e8e3e", "✔"),
        "wrong": ("#fff4e5", "#b06000", "✘"),
        "blank": ("#f1f3f4", "#5f6368", "…"),
    }

    def __init__(self, status, title, lines=(), hint=None):
        self.status, self.title, self.lines, self.hint = status, title, list(lines), hint

    @property
    def ok(self):
        return self.status == "ok"

    def __str__(self):
        _, _, icon = self._STYLE[self.status]
        out = [f"{icon} {self.title}"]
        out += [f"  · {line}" for line in self.lines]
        if self.hint and self.status != "ok":
            out.append(f"  Pista: {self.hint}")
        return "\n".join(out)

    __repr__ = __str__

    def _repr_html_(self):
        background, color, icon = self._STYLE[self.status]
        parts = [f'<div style="border-left: 4px solid {color}; background: {background}; '
                 f'padding: 6px 10px; margin: 4px 0; border-radius: 3px; font-size: 0.95em">',
                 f'<b style="color: {color}">{icon} {html.escape(self.title)}</b>']
        if self.lines:
            parts.append("<ul style=\"margin: 4px 0 0 0; padding-left: 1.2em\">"
                         + "".join(f"<li>{html.escape(line)}</li>" for line in self.lines) + "</ul>")
        if self.hint and self.status != "ok":
            parts.append(f'<div style="margin-top: 4px"><b>Pista:</b> {html.escape(self.hint)}</div>')
        parts.append("</div>")
        return "".join(parts)


def _in_notebook():
    """¿Se está ejecutando dentro de un núcleo de Jupyter (que sabe mostrar HTML)?"""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def show(feedback):
    """Muestra ``feedback``: como HTML (con texto de respaldo) en Jupyter, con ``print`` fuera."""
    if _in_notebook():
        from IPython.display import display
        display(feedback)
    else:
        print(feedback)


def _strict(strict):
    if strict is None:
        return os.environ.get(STRICT_ENV, "") not in ("", "0")
    return bool(strict)


def _short(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _as_array(value):
    """``value`` como arreglo de numpy, o None si no tiene forma de arreglo (p. ej. listas desiguales)."""
    try:
        return np.asarray(value)
    except (ValueError, TypeError):
        return None


def _is_number(value):
    return isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_))


def _index(idx):
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


def _compare_arrays(a, e, rtol, atol):
    """(¿coinciden?, detalles) para dos arreglos numéricos de la misma forma."""
    if not np.issubdtype(a.dtype, np.number) and a.dtype != bool:
        return False, [f"se esperaban números y la respuesta tiene dtype {a.dtype}"]
    a64, e64 = a.astype(np.float64), e.astype(np.float64)
    close = np.isclose(a64, e64, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return True, []
    lines = [f"{int((~close).sum())} de {close.size} valores no coinciden"]
    with np.errstate(invalid="ignore"):
        diff = np.abs(a64 - e64)
    diff = np.where(np.isnan(diff), np.inf, diff)
    diff[close] = -1.0
    where = np.unravel_index(int(np.argmax(diff)), diff.shape)
    lines.append(f"la mayor diferencia está en {_index(where)}: tienes {num(float(a64[where]), 6)}, "
                 f"se esperaba {num(float(e64[where]), 6)}")
    return False, lines


def _compare(answer, expected, rtol, atol):
    """(¿coinciden?, lista de detalles en español) entre la respuesta y lo esperado."""
    if _is_number(expected) and isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()  # p. ej. z[0, 0] calculado con matrices de forma (1, 1)
    if isinstance(expected, np.ndarray) or isinstance(answer, np.ndarray):
        a, e = _as_array(answer), np.asarray(expected)
        if a is None or a.dtype == object:
            return False, ["la respuesta no tiene forma de arreglo (¿filas de distinta longitud?)"]
        if a.shape != e.shape:
            lines = [f"tu respuesta tiene forma {a.shape} y se esperaba {e.shape}"]
            if a.ndim == 2 and a.shape == e.shape[::-1]:
                lines.append("es la forma traspuesta: ¿falta (o sobra) un .T?")
            return False, lines
        if np.issubdtype(e.dtype, np.number):
            return _compare_arrays(a, e, rtol, atol)
        return (True, []) if np.array_equal(a, e) else (False, ["los valores no coinciden"])
    if isinstance(expected, (tuple, list)):
        if not isinstance(answer, (tuple, list)):
            return False, [f"se esperaba una secuencia de {len(expected)} elementos; "
                           f"tu respuesta es {type(answer).__name__}"]
        if len(answer) != len(expected):
            return False, [f"tu respuesta tiene {len(answer)} elementos y se esperaban {len(expected)}"]
        for i, (a, e) in enumerate(zip(answer, expected)):
            ok, why = _compare(a, e, rtol, atol)
            if not ok:
                return False, [f"el elemento {i} no coincide"] + why
        return True, []
    if _is_number(expected):
        if isinstance(answer, (str, bytes)) or not (_is_number(answer) or isinstance(answer, bool)):
            return False, [f"se esperaba un número; tu respuesta es {type(answer).__name__}: {_short(answer)}"]
        a, e = float(answer), float(expected)
        if np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True):
            return True, []
        lines = [f"tienes {num(a, 6)}; te separa {num(abs(a - e), 6)} del valor correcto"]
        if e != 0 and np.isfinite(a):
            lines.append(f"error relativo: {num(abs(a - e) / abs(e) * 100, 2)} %")
        return False, lines
    if answer == expected:
        return True, []
    return False, [f"tu respuesta es {_short(answer)}"]


def check_answer(answer, expected, hint, rtol=1e-6, atol=1e-9, success="¡Correcto!", strict=None):
    """Compara ``answer`` con ``expected`` (números, tuplas, listas o arreglos de cualquier forma).

    Muestra un recuadro con el resultado y devuelve ``True`` si coinciden y ``False`` si no (o si
    la respuesta sigue en blanco: ``...`` o ``None``). Nunca lanza una excepción por una respuesta
    equivocada, salvo con ``strict=True`` (o ``NN_CORE_STRICT_EXERCISES=1``), que la convierte en
    ``WrongAnswer``. Los números y arreglos se comparan con tolerancia (``rtol``, ``atol``).

    ``hint`` es obligatorio: es lo que el lector lee cuando falla.
    """
    if not isinstance(hint, str) or not hint:
        raise TypeError("check_answer necesita una pista (hint) en forma de texto no vacío.")
    if expected is Ellipsis or expected is None:
        raise TypeError("check_answer necesita el valor esperado (expected); recibió " + repr(expected))
    if answer is Ellipsis or answer is None:
        feedback = Feedback("blank", BLANK_MESSAGE, hint=None)
    else:
        try:
            ok, lines = _compare(answer, expected, rtol, atol)
        except Exception as exc:  # una respuesta de un tipo inesperado: se dice, no se lanza
            ok, lines = False, [f"no se pudo comparar tu respuesta ({type(exc).__name__}: {exc})"]
        feedback = (Feedback("ok", success) if ok
                    else Feedback("wrong", "Aún no.", lines, hint=hint))
    return _finish(feedback, strict)


def _finish(feedback, strict):
    show(feedback)
    if not feedback.ok and _strict(strict):
        raise WrongAnswer(str(feedback))
    return feedback.ok


def check_call(fn, args, expected, hint, kwargs=None, rtol=1e-6, atol=1e-9,
               success="¡Correcto!", strict=None):
    """Llama a la función del lector ``fn(*args, **kwargs)`` y compara el resultado con ``expected``.

    Si ``fn`` sigue en blanco (su cuerpo es ``...`` y devuelve ``None``) lo dice; si lanza una
    excepción, la muestra en el recuadro en lugar de un traceback. Devuelve ``True`` o ``False``.
    """
    if not callable(fn):
        if fn is Ellipsis or fn is None:
            return _finish(Feedback("blank", BLANK_MESSAGE), strict)
        return _finish(Feedback("wrong", "Aún no.", [f"se esperaba una función; tienes {_short(fn)}"],
                                hint=hint), strict)
    try:
        result = fn(*args, **(kwargs or {}))
    except Exception as exc:
        return _finish(Feedback("wrong", "Tu función lanzó un error.",
                                [f"{type(exc).__name__}: {str(exc)[:300]}"], hint=hint), strict)
    return check_answer(result, expected, hint, rtol=rtol, atol=atol, success=success, strict=strict)


def yes_no(flag):
    """«sí» o «no» para un valor de verdad (p. ej. el de ``np.allclose``), para mostrarlo en español.

    Acepta ``bool``, ``np.bool_`` o un arreglo de un solo elemento; lanza ``TypeError`` con
    cualquier otra cosa (un arreglo de varios valores no es ni sí ni no).
    """
    if isinstance(flag, np.ndarray):
        if flag.size != 1:
            raise TypeError(f"yes_no necesita un solo valor de verdad; recibió un arreglo de forma {flag.shape}.")
        flag = flag.item()
    if not isinstance(flag, (bool, np.bool_)):
        raise TypeError(f"yes_no necesita True o False; recibió {flag!r}.")
    return "sí" if flag else "no"
