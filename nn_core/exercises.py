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

``check_backprop`` comprueba el ejercicio final del capítulo 05, la retropropagación escrita
por el lector: la prueba en redes aleatorias contra las diferencias finitas y contra
``nn_core.backprop``, diagnostica los fallos típicos y entrena una época con ella.
"""

import html
import re
import os

import numpy as np

from .formatting import num, pct

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
    if _is_number(value):
        return _number(value)
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _as_array(value):
    """``value`` como array de numpy, o None si no puede serlo (p. ej. listas de distinta longitud)."""
    try:
        return np.asarray(value)
    except (ValueError, TypeError):
        return None


def _is_number(value):
    return isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_))


def _index(idx):
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


def _compare_arrays(a, e, rtol, atol):
    """(¿coinciden?, detalles) para dos arrays numéricos de la misma forma."""
    if not np.issubdtype(a.dtype, np.number) and a.dtype != bool:
        return False, [f"se esperaban números y la respuesta tiene dtype {a.dtype}"]
    a64, e64 = a.astype(np.float64), e.astype(np.float64)
    close = np.isclose(a64, e64, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return True, []
    lines = [f"{num(int((~close).sum()))} de {num(close.size)} valores no coinciden"]
    with np.errstate(invalid="ignore"):
        diff = np.abs(a64 - e64)
    diff = np.where(np.isnan(diff), np.inf, diff)
    diff[close] = -1.0
    where = np.unravel_index(int(np.argmax(diff)), diff.shape)
    lines.append(f"la mayor diferencia está en {_index(where)}: tienes {_number(a64[where])}, "
                 f"se esperaba {_number(e64[where])}")
    factor = _constant_factor(a64, e64, rtol, atol)
    if factor is not None:
        lines.append(factor)
    return False, lines


def _number(x):
    """Un número para el recuadro: entero si lo es, y si no con seis cifras significativas (0,000462123)."""
    x = float(x)
    if np.isfinite(x) and x.is_integer() and abs(x) < 1e15:
        return num(int(x))
    return num(float(f"{x:.6g}")) if np.isfinite(x) else num(x)


def _constant_factor(a, e, rtol, atol):
    """Si la respuesta es la esperada multiplicada por una constante (p. ej. 1/m o −1), lo dice."""
    nonzero = np.abs(e) > atol
    if a.size < 2 or not nonzero.any() or not np.all(np.isfinite(a)):
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = float(np.median(a[nonzero] / e[nonzero]))
    if ratio == 0 or np.isclose(ratio, 1.0) or not np.allclose(a, ratio * e, rtol=rtol, atol=atol):
        return None
    if ratio < 0 and np.isclose(ratio, -1.0):
        return "tu respuesta es la esperada con el signo cambiado"
    if abs(ratio) < 1 and np.isclose(1 / ratio, round(1 / ratio), rtol=1e-6):
        return f"tu respuesta es la esperada dividida entre {_number(round(1 / ratio))}"
    return f"tu respuesta es la esperada multiplicada por {_number(ratio)}"


def _compare(answer, expected, rtol, atol, path=""):
    """(¿coinciden?, lista de detalles en español) entre la respuesta y lo esperado.

    ``path`` es dónde está ``answer`` dentro de la respuesta completa (``"[0][1]"``), para los detalles.
    """
    if _is_number(expected) and isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()  # p. ej. z[0, 0] calculado con matrices de forma (1, 1)
    if (isinstance(expected, (list, tuple)) and isinstance(answer, np.ndarray)
            and any(isinstance(e, np.ndarray) for e in expected)):
        return False, [f"se esperaba una secuencia de {len(expected)} arrays; tu respuesta es un solo array de "
                       f"forma {answer.shape}"]
    if isinstance(expected, np.ndarray) or isinstance(answer, np.ndarray):
        a, e = _as_array(answer), np.asarray(expected)
        if a is None or a.dtype == object:
            return False, ["la respuesta no tiene forma de array (¿filas de distinta longitud?)"]
        if a.shape != e.shape:
            lines = [f"tu respuesta tiene forma {a.shape} y se esperaba {e.shape}"]
            if a.ndim == 2 and a.shape == e.shape[::-1]:
                lines.append("es la forma traspuesta: ¿falta (o sobra) un .T?")
            elif e.ndim == 2 and e.shape[1] == 1 and a.shape == (e.shape[0], e.shape[0]) and e.shape[0] > 1:
                lines.append(f"¿has combinado una columna {e.shape} con un vector ({e.shape[0]},)? numpy los "
                             f"extiende a una matriz {a.shape}: deja los dos como columnas, con .reshape(-1, 1) "
                             "o keepdims=True")
            elif e.ndim == 2 and e.shape[1] == 1 and a.shape == (e.shape[0],):
                lines.append(f"es un vector y se esperaba una columna {e.shape}: usa .reshape(-1, 1), o "
                             "keepdims=True al sumar")
            return False, lines
        if np.issubdtype(e.dtype, np.number):
            ok, lines = _compare_arrays(a, e, rtol, atol)
            if (not ok and a.ndim == 2 and a.shape[0] == a.shape[1] > 1 and np.issubdtype(a.dtype, np.number)
                    and np.allclose(a.T, e, rtol=rtol, atol=atol)):
                lines.append("es la traspuesta de lo esperado: ¿falta (o sobra) un .T?")
            return ok, lines
        return (True, []) if np.array_equal(a, e) else (False, ["los valores no coinciden"])
    if isinstance(expected, (tuple, list)):
        if not isinstance(answer, (tuple, list)):
            return False, [f"se esperaba una secuencia de {len(expected)} elementos; "
                           f"tu respuesta es {type(answer).__name__}: {_short(answer)}"]
        if len(answer) != len(expected):
            return False, [f"tu respuesta tiene {len(answer)} elementos y se esperaban {len(expected)}"]
        for i, (a, e) in enumerate(zip(answer, expected)):
            where = f"{path}[{i}]"
            ok, why = _compare(a, e, rtol, atol, where)
            if not ok:
                if why and why[0].startswith("el elemento "):
                    return False, why      # el detalle ya dice qué elemento, más adentro
                head = f"el elemento {where} de tu respuesta no coincide"
                if not isinstance(a, (np.ndarray, list, tuple)) and not _is_number(a):
                    head += f": es {_short(a)}"
                return False, [head] + why
        return True, []
    if _is_number(expected):
        if (isinstance(answer, tuple) and len(answer) == 2
                and all(isinstance(v, int) and not isinstance(v, bool) for v in answer) and answer[1] >= 0):
            return False, [f"se esperaba un número y tu respuesta es la tupla {answer!r}: ¿escribiste "
                           f"{answer[0]},{answer[1]}? En Python el decimal va con punto: {answer[0]}.{answer[1]}"]
        if isinstance(answer, str) and re.fullmatch(r"\s*[-−]?\d+,\d+\s*", answer):
            fixed = answer.strip().replace(",", ".").replace("−", "-")
            return False, [f"se esperaba un número y tu respuesta es el texto {answer!r}: en Python el decimal "
                           f"va con punto y sin comillas: {fixed}"]
        if isinstance(answer, (str, bytes)) or not (_is_number(answer) or isinstance(answer, bool)):
            return False, [f"se esperaba un número; tu respuesta es {type(answer).__name__}: {_short(answer)}"]
        a, e = float(answer), float(expected)
        if np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True):
            return True, []
        lines = [f"tienes {_number(a)}; te separa {_number(abs(a - e))} del valor correcto"]
        if e != 0 and np.isfinite(a):
            lines.append(f"error relativo: {num(float(f'{abs(a - e) / abs(e) * 100:.3g}'))} %")
            ratio = a / e
            nice = any(abs(r) >= 2 and np.isclose(r, round(r), rtol=1e-9) for r in (ratio, 1 / ratio if ratio else 0))
            if nice or np.isclose(ratio, -1.0):  # un factor «redondo»: ×m, ÷m, ×100, signo…
                lines.append(_constant_factor(np.array([a, a]), np.array([e, e]), rtol, atol))
        return False, lines
    if answer == expected:
        return True, []
    return False, [f"tu respuesta es {_short(answer)}"]


def check_answer(answer, expected, hint, rtol=1e-6, atol=1e-9, success="¡Correcto!", strict=None):
    """Compara ``answer`` con ``expected`` (números, tuplas, listas o arrays de cualquier forma).

    Muestra un recuadro con el resultado y devuelve ``True`` si coinciden y ``False`` si no (o si
    la respuesta sigue en blanco: ``...`` o ``None``). Nunca lanza una excepción por una respuesta
    equivocada, salvo con ``strict=True`` (o ``NN_CORE_STRICT_EXERCISES=1``), que la convierte en
    ``WrongAnswer``. Los números y los arrays se comparan con tolerancia (``rtol``, ``atol``).

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
        lines = [f"{type(exc).__name__}: {str(exc)[:300]}"]
        place = _where_it_failed(fn, exc)
        if place:
            lines.append(place)
        shapes = _shape_error_text(exc)
        if shapes:
            lines.append(shapes)
        return _finish(Feedback("wrong", "Tu función lanzó un error.", lines, hint=hint), strict)
    if result is None and not _body_is_blank(fn):
        return _finish(Feedback("wrong", "Tu función no devuelve nada.",
                                ["devolvió None: ¿falta un return al final?"], hint=hint), strict)
    return check_answer(result, expected, hint, rtol=rtol, atol=atol, success=success, strict=strict)


def _body_is_blank(fn):
    """¿El cuerpo de ``fn`` es solo ``...`` (quizá tras un docstring), como se entrega el ejercicio?

    Si no se puede leer el código (p. ej. una lambda escrita en la consola), se supone que sí.
    """
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return True
    funcs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if not funcs:
        return True
    body = [n for n in funcs[0].body
            if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str))]
    return all(isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) and n.value.value is Ellipsis
               for n in body) or not body


def _shape_error_text(exc):
    """Una explicación corta si ``exc`` es un error de formas de numpy; None si no lo es."""
    text = str(exc)
    if not isinstance(exc, ValueError):
        return None
    if "broadcast" in text:
        return ("es un error de formas en una operación elemento a elemento (+, −, *): los dos arrays deben "
                "tener la misma forma, o uno de ellos 1 donde el otro no. ¿Has escrito * donde va el producto "
                "de matrices @?")
    if "matmul" in text or "aligned" in text:
        return ("es un error de formas en un producto de matrices (@): las columnas del primero deben ser "
                "tantas como las filas del segundo. ¿Falta (o sobra) un .T?")
    return None


def yes_no(flag):
    """«sí» o «no» para un valor de verdad (p. ej. el de ``np.allclose``), para mostrarlo en español.

    Acepta ``bool``, ``np.bool_`` o un array de un solo elemento; lanza ``TypeError`` con
    cualquier otra cosa (un array de varios valores no es ni sí ni no).
    """
    if isinstance(flag, np.ndarray):
        if flag.size != 1:
            raise TypeError(f"yes_no necesita un solo valor de verdad; recibió un array de forma {flag.shape}.")
        flag = flag.item()
    if not isinstance(flag, (bool, np.bool_)):
        raise TypeError(f"yes_no necesita True o False; recibió {flag!r}.")
    return "sí" if flag else "no"


# --- El ejercicio final del capítulo 05: «Escribe tu propia retropropagación» -------------------

#: Tolerancias de ``check_backprop``: error relativo máximo frente a nn_core.backprop y frente a
#: las diferencias finitas (centradas, ε = 1e-5, en float64 dan errores del orden de 1e-10).
BACKPROP_RTOL = 1e-7
FINITE_DIFFERENCES_RTOL = 1e-6


class TableFeedback(Feedback):
    """Un ``Feedback`` con una tabla (``header``: títulos; ``rows``: filas de textos) tras las líneas."""

    def __init__(self, status, title, lines=(), hint=None, header=(), rows=()):
        super().__init__(status, title, lines, hint)
        self.header, self.rows = list(header), [list(r) for r in rows]

    def _table_text(self):
        if not self.rows:
            return []
        widths = [max(len(str(r[i])) for r in [self.header] + self.rows) for i in range(len(self.header))]
        fmt = lambda row: "  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip()
        return [fmt(self.header)] + [fmt(r) for r in self.rows]

    def __str__(self):
        text = super().__str__().split("\n")
        table = self._table_text()
        # la tabla va justo después del título y antes de los detalles y la pista
        return "\n".join(text[:1] + table + text[1:])

    __repr__ = __str__

    def _repr_html_(self):
        box = super()._repr_html_()
        if not self.rows:
            return box
        cell = 'style="padding: 1px 8px; text-align: left"'
        table = ('<table style="border-collapse: collapse; margin: 4px 0; font-size: 0.9em">'
                 "<tr>" + "".join(f"<th {cell}>{html.escape(str(h))}</th>" for h in self.header) + "</tr>"
                 + "".join("<tr>" + "".join(f"<td {cell}>{html.escape(str(c))}</td>" for c in row) + "</tr>"
                           for row in self.rows)
                 + "</table>")
        head_end = box.index("</b>") + len("</b>")
        return box[:head_end] + table + box[head_end:]


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # σ(z) sin desbordar exp para z muy negativo


def _sigmoid_prime(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


def _summed_cost(weights, biases, x, y):
    """C = Σ_x ½‖a^L(x) − y(x)‖², sumado sobre las m columnas de ``x`` (n_0, m) e ``y`` (n_L, m)."""
    a = x
    for w, b in zip(weights, biases):
        a = _sigmoid(w @ a + b)
    return 0.5 * float(np.sum((a - y) ** 2))


def _finite_differences(weights, biases, x, y, eps=1e-5):
    """(nabla_b, nabla_w) por diferencias centradas del coste sumado; mismas formas que biases y weights."""
    weights = [w.copy() for w in weights]
    biases = [b.copy() for b in biases]
    grads = []
    for params in (biases, weights):
        out = []
        for p in params:
            g = np.zeros_like(p)
            for idx in np.ndindex(p.shape):
                original = p[idx]
                p[idx] = original + eps
                c_plus = _summed_cost(weights, biases, x, y)
                p[idx] = original - eps
                c_minus = _summed_cost(weights, biases, x, y)
                p[idx] = original
                g[idx] = (c_plus - c_minus) / (2 * eps)
            out.append(g)
        grads.append(out)
    return grads[0], grads[1]


def _variant_backprop(weights, biases, x, y, prime_L="z", prime_hidden="z", bp4_input="a"):
    """La retropropagación con un fallo típico, para reconocerlo en la respuesta del lector.

    ``prime_L`` / ``prime_hidden``: qué se usa como σ′ en la BP1 / la BP2: ``"z"`` (lo correcto,
    σ′(z)), ``None`` (nada: falta σ′), ``"a"`` (σ′(a), evaluada en la activación), ``"z(1-z)"``
    (la fórmula de la salida aplicada a z) o ``"sigma"`` (σ(z) en lugar de σ′(z)).
    ``bp4_input``: ``"a"`` (lo correcto, a^(l-1)) o ``"z"`` (z^(l-1) en la BP4, salvo en la capa 1).
    Formas: las de ``backprop``; devuelve (nabla_b, nabla_w) sumados sobre el minilote.
    """
    zs, activations = [], [x]
    for w, b in zip(weights, biases):
        zs.append(w @ activations[-1] + b)
        activations.append(_sigmoid(zs[-1]))

    def prime(kind, z, a):
        return {"z": lambda: _sigmoid_prime(z), None: lambda: 1.0, "a": lambda: _sigmoid_prime(a),
                "z(1-z)": lambda: z * (1 - z), "sigma": lambda: a}[kind]()

    L = len(weights)
    deltas = [None] * L
    deltas[-1] = (activations[-1] - y) * prime(prime_L, zs[-1], activations[-1])
    for l in range(L - 2, -1, -1):
        deltas[l] = (weights[l + 1].T @ deltas[l + 1]) * prime(prime_hidden, zs[l], activations[l + 1])
    inputs = [x] + ([zs[l - 1] for l in range(1, L)] if bp4_input == "z" else activations[1:-1])
    nabla_b = [d.sum(axis=1, keepdims=True) for d in deltas]
    nabla_w = [d @ a.T for d, a in zip(deltas, inputs)]
    return nabla_b, nabla_w


#: Fallos que ``check_backprop`` sabe reconocer: (opciones de ``_variant_backprop``, diagnóstico).
_KNOWN_SLIPS = [
    (dict(prime_L=None), "falta σ′(z^L) en la BP1: δ^L = (a^L − y) ⊙ σ′(z^L)."),
    (dict(prime_hidden=None), "falta σ′(z^l) en la BP2: δ^l = ((w^(l+1))^T δ^(l+1)) ⊙ σ′(z^l)."),
    (dict(prime_L=None, prime_hidden=None), "falta σ′ en la BP1 y en la BP2: las dos multiplican por σ′(z)."),
    (dict(prime_L="a", prime_hidden="a"), "evalúas σ′ en la activación a en lugar de en la entrada ponderada "
                                          "z: va σ′(z^l) = σ(z^l)(1 − σ(z^l))."),
    (dict(prime_L="z(1-z)", prime_hidden="z(1-z)"), "escribes σ′(z) como z(1 − z): esa fórmula es a(1 − a) "
                                                    "y solo vale con la salida a = σ(z), no con z."),
    (dict(prime_L="sigma", prime_hidden="sigma"), "multiplicas por σ(z) en lugar de por σ′(z) = σ(z)(1 − σ(z))."),
    (dict(bp4_input="z"), "en la BP4 usas z^(l-1) donde va la activación a^(l-1) = σ(z^(l-1))."),
]

#: Qué se dice de cada sustituto de σ′(z) cuando el fallo está en una sola de las dos ecuaciones.
_PRIME_SLIP_TEXT = {
    None: "falta σ′(z^{l}) en la {bp}",
    "a": "en la {bp} evalúas σ′ en la activación a^{l} en lugar de en la entrada ponderada z^{l}",
    "z(1-z)": "en la {bp} escribes σ′(z^{l}) como z^{l}(1 − z^{l}): esa fórmula es a(1 − a) y solo vale con "
              "la salida a = σ(z)",
    "sigma": "en la {bp} multiplicas por σ(z^{l}) en lugar de por σ′(z^{l}) = σ(z^{l})(1 − σ(z^{l}))",
}


def _mixed_prime_slips():
    """Los fallos de σ′ distintos en la BP1 y en la BP2 (p. ej. bien en la BP1 y σ′(a) en la BP2)."""
    known = [options for options, _ in _KNOWN_SLIPS]
    slips = []
    for kind_L in ["z", *_PRIME_SLIP_TEXT]:
        for kind_hidden in ["z", *_PRIME_SLIP_TEXT]:
            options = dict(prime_L=kind_L, prime_hidden=kind_hidden)
            if kind_L == kind_hidden == "z" or any(
                    {**dict(prime_L="z", prime_hidden="z"), **k} == options for k in known):
                continue
            parts = [_PRIME_SLIP_TEXT[kind].format(l=l, bp=bp)
                     for kind, l, bp in ((kind_L, "L", "BP1"), (kind_hidden, "l", "BP2")) if kind != "z"]
            slips.append((options, "; ".join(parts) + ". Las dos ecuaciones multiplican por σ′(z), "
                                                       "evaluada en la entrada ponderada."))
    return slips


_KNOWN_SLIPS += _mixed_prime_slips()


def _changed_inputs(given, originals):
    """Qué argumentos (en texto) ha cambiado la función del lector en su sitio, o "" si ninguno."""
    names = ("los pesos (weights)", "los sesgos (biases)", "el minilote x", "las salidas deseadas y")
    changed = []
    for name, now, before in zip(names, given, originals):
        now = now if isinstance(now, list) else [now]
        before = before if isinstance(before, list) else [before]
        if len(now) != len(before) or not all(
                isinstance(a, np.ndarray) and a.shape == b.shape and np.array_equal(a, b)
                for a, b in zip(now, before)):
            changed.append(name)
    return " y ".join([", ".join(changed[:-1]), changed[-1]] if len(changed) > 1 else changed)


def _low_precision(g):
    """¿Es ``g`` un array de coma flotante con menos precisión que float64 (float32, float16)?"""
    return np.issubdtype(g.dtype, np.floating) and g.dtype.itemsize < 8


def _rel_error(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖): 0 si coinciden, 1 si uno es nulo o tienen signos opuestos."""
    den = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if den == 0 else float(np.linalg.norm(a - b) / den)


def _sci(x):
    """Un error relativo en texto español corto: 3,2e-11."""
    return f"{x:.1e}".replace(".", ",") if x else "0"


def _structure_problem(result, weights, biases):
    """Lo que no cuadra en la estructura de lo devuelto (lista de textos), o [] si es (nabla_b, nabla_w)."""
    L = len(weights)
    if not isinstance(result, (tuple, list)):
        return [f"tu función devolvió {type(result).__name__}; se esperaba una tupla (nabla_b, nabla_w) "
                "de dos listas, con un array por capa."]
    pairs = _pairs_per_layer(result, weights, biases)
    if pairs:
        return [pairs]
    if len(result) != 2:
        extra = ""
        if len(result) == L and all(isinstance(r, np.ndarray) for r in result):
            extra = " Parece una sola lista de arrays: ¿devuelves solo nabla_w (o solo nabla_b)?"
        return [f"tu función devolvió una secuencia de {len(result)} elementos; se esperaba una tupla "
                f"de dos, (nabla_b, nabla_w).{extra}"]
    if all(isinstance(r, np.ndarray) for r in result):
        return ["tu función devolvió dos arrays sueltos; se esperaba una tupla (nabla_b, nabla_w) de dos "
                "listas, con un array por capa. ¿Devuelves solo nabla_w (o solo una capa)?"]
    problems = []
    for name, grads in zip(("nabla_b", "nabla_w"), result):
        if not isinstance(grads, (list, tuple)):
            problems.append(f"{name} es {type(grads).__name__}; se esperaba una lista con un array por capa "
                            f"(l = 1, …, {L}).")
        elif len(grads) != L:
            hint = (" ¿Incluyes la capa de entrada? No tiene pesos ni sesgos." if len(grads) == L + 1
                    else " ¿Sirve tu función solo para dos capas? Recorre las capas con un bucle: "
                         "la red puede tener cualquier número." if len(grads) == 2 and L > 2 else "")
            problems.append(f"{name} tiene {len(grads)} elementos y la red tiene L = {L} capas con pesos: "
                            f"se esperaba uno por capa.{hint}")
        else:
            for l, g in enumerate(grads, start=1):
                if not isinstance(g, np.ndarray) or not np.issubdtype(g.dtype, np.number):
                    text = (f"{name}[{l - 1}] (la capa {l}) es {type(g).__name__}"
                            + (f" de dtype {g.dtype}" if isinstance(g, np.ndarray) else "")
                            + "; se esperaba un array de números.")
                    if g is None:
                        text += (" ¿Se ha quedado sin calcular? Revisa el recorrido del bucle de la BP2, "
                                 f"l = L − 1, …, 1 (aquí L = {L}).")
                    elif _is_number(g) and name == "nabla_b":
                        text += (" Es un solo número: ¿has sumado todo δ^l (np.sum(delta)) en lugar de solo "
                                 "sus columnas (delta.sum(axis=1, keepdims=True), de forma (n_l, 1))?")
                    problems.append(text)
    return problems


def _pairs_per_layer(result, weights, biases):
    """El diagnóstico si ``result`` es una lista de pares (∂C/∂b^l, ∂C/∂w^l), uno por capa; si no, None."""
    L = len(weights)
    if len(result) != L or not all(isinstance(r, (tuple, list)) and len(r) == 2 for r in result):
        return None
    shapes = [tuple(np.shape(g) if isinstance(g, np.ndarray) else None for g in r) for r in result]
    by_layer = [(b.shape, w.shape) for b, w in zip(biases, weights)]
    if shapes != by_layer and shapes != [pair[::-1] for pair in by_layer]:
        return None
    return ("tu función devolvió una lista de pares, uno por capa, con los dos gradientes de esa capa; "
            "se esperaban dos listas, (nabla_b, nabla_w): todos los ∂C/∂b^l en la primera y todos los "
            "∂C/∂w^l en la segunda. Con pares puedes separarlas así: nabla_b, nabla_w = map(list, zip(*pares)).")


def _shape_problems(nabla_b, nabla_w, weights, biases, m):
    """Diagnósticos en español de las formas equivocadas (lista vacía si todas son correctas)."""
    got_b, got_w = [g.shape for g in nabla_b], [g.shape for g in nabla_w]
    exp_b, exp_w = [b.shape for b in biases], [w.shape for w in weights]
    if got_b == exp_b and got_w == exp_w:
        return []
    if got_b == exp_w and got_w == exp_b:
        return ["parece que devuelves (nabla_w, nabla_b): el orden es (nabla_b, nabla_w), como en "
                "nn_core.backprop."]
    if len(weights) > 1 and got_b == exp_b[::-1] and got_w == exp_w[::-1]:
        return ["las capas están en orden inverso: nabla_w[0] debe ser ∂C/∂w^1 (la primera capa) y "
                "nabla_w[-1] el de la capa de salida. Si las calculas de atrás hacia delante, guárdalas "
                "en su sitio (p. ej. en una lista [None] * L) o dale la vuelta al final."]
    if len(weights) > 1 and (got_b == exp_b[::-1]) != (got_w == exp_w[::-1]):
        name = "nabla_b" if got_b == exp_b[::-1] else "nabla_w"
        return [f"{name} tiene las capas en orden inverso (la otra lista está bien): {name}[0] debe ser la "
                "capa 1 y el último elemento la capa de salida. Si las calculas de atrás hacia delante, "
                "guárdalas en su sitio (p. ej. en una lista [None] * L) o dale la vuelta al final."]
    problems = []
    for l, (g, e) in enumerate(zip(got_b, exp_b), start=1):
        if g == e:
            continue
        text = f"∂C/∂b^{l} tiene forma {g}; se esperaba {e}"
        if g == (e[0], m):
            text += (f": ¿falta sumar δ^{l} sobre las m = {m} columnas (una por ejemplo)? "
                     "Con delta.sum(axis=1, keepdims=True) queda una columna.")
        elif g == (e[0],):
            text += ": al sumar las columnas, keepdims=True conserva la forma de columna (n_l, 1)."
        elif g == (1, e[0]):
            text += ": es la forma traspuesta; el sesgo es una columna."
        elif g == (1, m) or g == (m, 1):
            text += f": ¿has sumado sobre las neuronas (axis=0) en lugar de sobre los ejemplos (axis=1)?"
        problems.append(text if text.endswith((".", "?")) else text + ".")
    for l, (g, e) in enumerate(zip(got_w, exp_w), start=1):
        if g == e:
            continue
        text = f"∂C/∂w^{l} tiene forma {g}; se esperaba {e}"
        if g == e[::-1]:
            text += f": ¿falta trasponer a^{l - 1}? ∂C/∂w^{l} = δ^{l} (a^{l - 1})^T tiene la forma de w^{l}."
        else:
            text += f", la de w^{l}: ∂C/∂w^{l} = δ^{l} (a^{l - 1})^T, de forma (n_l, m)·(m, n_(l-1))."
        problems.append(text)
    return problems


def _where_it_failed(fn, exc):
    """«en la línea N de tu función: código», si la excepción salió del código de ``fn``."""
    import traceback
    code = getattr(fn, "__code__", None)
    if code is None:
        return None
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == code.co_filename]
    if not frames:
        return None
    frame = frames[-1]
    line = frame.lineno - code.co_firstlineno + 1
    text = f"ocurrió en la línea {line} de tu función"
    return text + (f": {frame.line.strip()}" if frame.line else "")


def _exception_feedback(fn, exc, sizes, m, hint, where="con"):
    lines = [f"{where} la red {sizes} y un minilote de m = {m} ejemplos: "
             f"{type(exc).__name__}: {str(exc)[:300]}"]
    place = _where_it_failed(fn, exc)
    if place:
        lines.append(place)
    text = str(exc)
    if isinstance(exc, ValueError) and "broadcast" in text:
        lines.append("es un error de formas en una operación elemento a elemento (+, −, * o ⊙): z^l, a^l, "
                     "σ′(z^l) y δ^l son todos (n_l, m), y el sesgo b^l es una columna (n_l, 1) que numpy suma a "
                     "cada una de las m columnas de w^l a^(l-1). ¿Has escrito * donde va el producto de matrices "
                     "@, o has cambiado la forma del sesgo (b.ravel(), b.T)?")
    elif isinstance(exc, ValueError) and ("matmul" in text or "shapes" in text or "aligned" in text):
        lines.append("es un error de formas: w^l es (n_l, n_(l-1)), a^(l-1) es (n_(l-1), m) y δ^l es (n_l, m); "
                     "en la BP2 va (w^(l+1))^T δ^(l+1), con la matriz de la capa siguiente, y en la BP4 "
                     "δ^l (a^(l-1))^T. ¿Falta (o sobra) un .T?")
    return Feedback("wrong", "Tu función lanzó un error.", lines, hint=hint)


def _value_diagnosis(nabla_b, nabla_w, reference, weights, biases, x, y, m):
    """Qué fallo típico explica unos gradientes equivocados (lista de textos en español)."""
    got = list(nabla_b) + list(nabla_w)
    ref = list(reference[0]) + list(reference[1])
    L = len(weights)
    close = lambda a, b: _rel_error(a, b) < BACKPROP_RTOL
    wrong = [i for i, (g, r) in enumerate(zip(got, ref)) if not close(g, r)]
    low = sorted({str(g.dtype) for g in got if _low_precision(g)})
    if low and all(_rel_error(g, r) < 1e-4 for g, r in zip(got, ref)):
        return [f"tus gradientes son {', '.join(low)} y casi coinciden: calcula en float64, el dtype de los "
                "pesos (con float32 se pierden la mitad de las cifras y la comprobación del gradiente ya no "
                "distingue un fallo pequeño de un redondeo)."]
    if wrong and all(close(m * got[i], ref[i]) for i in wrong):
        return [f"tus gradientes son m = {m} veces más pequeños que los correctos: ¿has dividido entre m "
                "(la media) en lugar de sumar? Se pide la suma sobre el minilote, como nn_core.backprop; "
                "la división entre m la hace después la regla de actualización, w ← w − (η/m) Σ_x ∂C_x/∂w."]
    if wrong and all(close(-got[i], ref[i]) for i in wrong):
        return ["tus gradientes tienen el signo cambiado: ¿has escrito y − a^L en lugar de a^L − y en la BP1?"]
    for options, text in _KNOWN_SLIPS:
        variant = _variant_backprop(weights, biases, x, y, **options)
        if all(close(g, v) for g, v in zip(got, list(variant[0]) + list(variant[1]))):
            return [text]
    bad_b = [l for l in range(1, L + 1) if (l - 1) in wrong]
    bad_w = [l for l in range(1, L + 1) if (L + l - 1) in wrong]
    if L in bad_b or L in bad_w:
        if L not in bad_b:
            return [f"∂C/∂b^{L} está bien y ∂C/∂w^{L} no: revisa la BP4, ∂C/∂w^l = δ^l (a^(l-1))^T."]
        return [f"ya falla la capa de salida (l = {L}): revisa el paso hacia adelante y la BP1, "
                "δ^L = (a^L − y) ⊙ σ′(z^L)."]
    if not bad_b:
        return ["los sesgos (BP3) están bien y los pesos no: revisa la BP4, ∂C/∂w^l = δ^l (a^(l-1))^T, con la "
                "activación de la capa anterior."]
    bad = sorted(set(bad_b + bad_w))
    which = (f"falla la capa {bad[0]}" if len(bad) == 1
             else f"fallan las capas {', '.join(map(str, bad[:-1]))} y {bad[-1]}")
    return [f"la capa de salida está bien y {which}: revisa la BP2, δ^l = ((w^(l+1))^T δ^(l+1)) ⊙ σ′(z^l), y que recorres las capas de atrás hacia delante."]


def _random_problem(rng, n_layers):
    """Una red de ``n_layers`` capas con pesos y un minilote, con todos los tamaños distintos entre sí.

    Así una forma traspuesta nunca pasa por correcta. Devuelve (sizes, weights, biases, x, y):
    ``weights[l-1]``: (n_l, n_(l-1)), ``biases[l-1]``: (n_l, 1), ``x``: (n_0, m), ``y``: (n_L, m).
    """
    values = rng.choice(np.arange(2, 10), size=n_layers + 2, replace=False)
    sizes, m = [int(v) for v in values[:-1]], int(values[-1])
    weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    biases = [rng.standard_normal((n_out, 1)) for n_out in sizes[1:]]
    x = rng.random((sizes[0], m))
    y = np.zeros((sizes[-1], m))
    y[rng.integers(0, sizes[-1], size=m), np.arange(m)] = 1.0
    return sizes, weights, biases, x, y


def _train_one_epoch(backprop_fn, data, rng_seed, n_train, eta, mini_batch_size):
    """Una época de SGD sobre los ``n_train`` primeros ejemplos de entrenamiento; devuelve la exactitud
    en validación (fracción entre 0 y 1). Red [784, 30, 10] con pesos N(0, 1), semilla ``rng_seed``."""
    from .network import init_network
    from .training import _blas_threads

    rng = np.random.default_rng(rng_seed)
    weights, biases = init_network([784, 30, 10], rng)
    x_train, y_train = data.training.x[:, :n_train], data.training.y[:, :n_train]
    order = rng.permutation(n_train)
    with _blas_threads(1):  # con minilotes de 10, un hilo es lo más rápido
        for k in range(0, n_train, mini_batch_size):
            idx = order[k:k + mini_batch_size]
            x, y = x_train[:, idx], y_train[:, idx]
            nabla_b, nabla_w = backprop_fn(list(weights), list(biases), x, y)
            step = eta / x.shape[1]
            weights = [w - step * nw for w, nw in zip(weights, nabla_w)]
            biases = [b - step * nb for b, nb in zip(biases, nabla_b)]
        a = data.validation.x
        for w, b in zip(weights, biases):
            a = _sigmoid(w @ a + b)
    return float(np.mean(np.argmax(a, axis=0) == data.validation.labels))


def check_backprop(fn, rng=None, n_networks=3, train=True, data=None, n_train=5000, eta=3.0,
                   mini_batch_size=10, strict=None):
    """Comprueba la retropropagación del lector, ``fn(weights, biases, x, y) -> (nabla_b, nabla_w)``.

    Lo que se espera de ``fn`` (red sigmoide, coste cuadrático, convenio de columnas):

    - ``weights[l-1]``: w^l, de forma (n_l, n_(l-1)); ``biases[l-1]``: b^l, de forma (n_l, 1);
    - ``x``: (n_0, m), un minilote de m ejemplos en columnas; ``y``: (n_L, m);
    - devuelve ``(nabla_b, nabla_w)``, dos listas con ``nabla_b[l-1]`` de forma (n_l, 1) y
      ``nabla_w[l-1]`` de forma (n_l, n_(l-1)): la **suma** sobre los m ejemplos, como
      ``nn_core.backprop``.

    Prueba ``fn`` en ``n_networks`` redes aleatorias de 2, 3 y 4 capas con pesos (tamaños distintos
    entre sí, para que una forma traspuesta no pase por buena) y muestra, capa a capa, el error
    relativo ‖g − g_ref‖ / (‖g‖ + ‖g_ref‖) frente a las diferencias finitas y frente a
    ``nn_core.backprop``. Diagnostica en español las formas equivocadas, los fallos típicos (falta
    σ′, la media en lugar de la suma, el signo…), una función que lanza un error o que devuelve
    otra cosa. Si todo coincide y ``train=True``, entrena una época con ``fn`` (SGD, η = ``eta``,
    m = ``mini_batch_size``) sobre ``n_train`` ejemplos de entrenamiento de MNIST (``data``: un
    ``MnistSplits``; si es None, se carga) y da la exactitud en validación, junto a la que alcanza
    la misma red entrenada con ``nn_core.backprop``.

    ``rng``: ``np.random.default_rng(semilla)``, una semilla entera o None (semilla 0).
    Nunca lanza una excepción por una respuesta equivocada (salvo ``strict=True``, como
    ``check_answer``). Devuelve ``True`` o ``False``.
    """
    from .network import backprop

    hint = ("parte de las cuatro ecuaciones: δ^L = (a^L − y) ⊙ σ′(z^L); δ^l = ((w^(l+1))^T δ^(l+1)) ⊙ σ′(z^l); "
            "∂C/∂b^l = Σ de las columnas de δ^l; ∂C/∂w^l = δ^l (a^(l-1))^T.")
    if fn is Ellipsis or fn is None:
        return _finish(Feedback("blank", BLANK_MESSAGE), strict)
    if not callable(fn):
        return _finish(Feedback("wrong", "Aún no.", [f"se esperaba una función; tienes {_short(fn)}"],
                                hint=hint), strict)
    if rng is None:
        rng = np.random.default_rng(0)
    elif isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        rng = np.random.default_rng(int(rng))
    elif not isinstance(rng, np.random.Generator):
        raise TypeError(f"check_backprop necesita rng=np.random.default_rng(semilla), una semilla o None; "
                        f"recibió {rng!r}.")

    header = ["red", "capa", "forma de ∂C/∂w", "error de ∂C/∂b (dif. finitas / nc.backprop)",
              "error de ∂C/∂w (dif. finitas / nc.backprop)", ""]
    rows = []
    for k in range(n_networks):
        n_layers = 2 + k % 3
        sizes, weights, biases, x, y = _random_problem(rng, n_layers)
        m = x.shape[1]
        label = "[" + ", ".join(map(str, sizes)) + f"], m = {m}"
        given = ([w.copy() for w in weights], [b.copy() for b in biases], x.copy(), y.copy())
        try:
            result = fn(*given)
        except Exception as exc:
            return _finish(_exception_feedback(fn, exc, sizes, m, hint), strict)
        if result is None:
            return _finish(Feedback("blank", BLANK_MESSAGE), strict)
        changed = _changed_inputs(given, (weights, biases, x, y))
        if changed:
            return _finish(TableFeedback(
                "wrong", f"Aún no: con la red {label}, tu función modifica lo que recibe.",
                [f"al volver de tu función han cambiado {changed}. La retropropagación solo calcula los "
                 "gradientes: no debe tocar los pesos, los sesgos ni el minilote (el paso w ← w − (η/m) Σ_x "
                 "∂C_x/∂w lo da después update_mini_batch). Si necesitas cambiar un array, trabaja con una "
                 "copia, o escribe a = a - … en lugar de a -= …, que cambia el array en su sitio."],
                hint=hint, header=header, rows=rows), strict)
        problems = _structure_problem(result, weights, biases)
        if not problems:
            nabla_b, nabla_w = [np.asarray(g) for g in result[0]], [np.asarray(g) for g in result[1]]
            problems = _shape_problems(nabla_b, nabla_w, weights, biases, m)
        if problems:
            return _finish(TableFeedback("wrong", f"Aún no: con la red {label}, lo que devuelve tu función "
                                                  "no tiene la forma esperada.", problems, hint=hint,
                                         header=header, rows=rows), strict)
        if not all(np.all(np.isfinite(g)) for g in nabla_b + nabla_w):
            return _finish(TableFeedback("wrong", f"Aún no: con la red {label}, tus gradientes tienen NaN o "
                                                  "infinitos.", [], hint=hint, header=header, rows=rows), strict)
        ref = backprop(weights, biases, x, y)
        numeric = _finite_differences(weights, biases, x, y)
        all_ok = True
        for l in range(1, len(weights) + 1):
            errs = [(_rel_error(g[l - 1], nu[l - 1]), _rel_error(g[l - 1], r[l - 1]))
                    for g, nu, r in ((nabla_b, numeric[0], ref[0]), (nabla_w, numeric[1], ref[1]))]
            ok = all(e_fd < FINITE_DIFFERENCES_RTOL and e_bp < BACKPROP_RTOL for e_fd, e_bp in errs)
            ok &= not _low_precision(nabla_b[l - 1]) and not _low_precision(nabla_w[l - 1])
            all_ok &= ok
            rows.append([label if l == 1 else "", str(l), str(nabla_w[l - 1].shape),
                         f"{_sci(errs[0][0])} / {_sci(errs[0][1])}", f"{_sci(errs[1][0])} / {_sci(errs[1][1])}",
                         "✔" if ok else "✘"])
        if not all_ok:
            lines = _value_diagnosis(nabla_b, nabla_w, ref, weights, biases, x, y, m)
            return _finish(TableFeedback("wrong", f"Aún no: con la red {label}, tus gradientes no coinciden.",
                                         lines, hint=hint, header=header, rows=rows), strict)

    lines = [f"en las {n_networks} redes, el error relativo es menor que {_sci(FINITE_DIFFERENCES_RTOL)} "
             f"frente a las diferencias finitas y que {_sci(BACKPROP_RTOL)} frente a nn_core.backprop "
             "(el error de redondeo de float64 ronda 1e-16; el de las diferencias finitas, 1e-10)."]
    if train:
        if data is None:
            from .mnist import load_mnist
            data = load_mnist()
        seed = int(rng.integers(2**31))
        try:
            yours = _train_one_epoch(fn, data, seed, n_train, eta, mini_batch_size)
        except Exception as exc:
            return _finish(_exception_feedback(fn, exc, [784, 30, 10], mini_batch_size, hint,
                                               where="al entrenar, con"), strict)
        reference = _train_one_epoch(lambda w, b, x, y: backprop(w, b, x, y), data, seed, n_train, eta,
                                     mini_batch_size)
        lines.append(f"una época de SGD con tu función sobre {num(n_train)} ejemplos de entrenamiento "
                     f"(red [784, 30, 10], η = {num(eta, 1)}, m = {mini_batch_size}): exactitud en validación "
                     f"{pct(yours)} (con nn_core.backprop, {pct(reference)}).")
        if not abs(yours - reference) < 0.01:
            return _finish(TableFeedback("wrong", "Tus gradientes coinciden, pero el entrenamiento no.", lines,
                                         hint=hint, header=header, rows=rows), strict)
    return _finish(TableFeedback("ok", "¡Tu retropropagación es correcta!", lines, header=header, rows=rows),
                   strict)
