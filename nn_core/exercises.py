"""Ejercicios que se corrigen solos: «comprueba tu respuesta».

Uso en un cuaderno::

    from nn_core.exercises import check_answer
    respuesta = (30, 784)          # Tu respuesta
    check_answer(respuesta, expected=(30, 784), hint="w^1 tiene una fila por neurona de la capa 1.")

Si la respuesta es correcta se imprime un mensaje en español; si no, se lanza un
``AssertionError`` con la pista.
"""

import numpy as np


class WrongAnswer(AssertionError):
    """La respuesta del ejercicio no es la esperada (el mensaje trae una pista)."""


def _as_array(value):
    """``value`` como arreglo de numpy, o None si no tiene forma de arreglo (p. ej. listas desiguales)."""
    try:
        return np.asarray(value)
    except (ValueError, TypeError):
        return None


def _is_number(value):
    return isinstance(value, (int, float, np.number)) and not isinstance(value, bool)


def _same(answer, expected, rtol, atol):
    if _is_number(expected) and isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()  # p. ej. z[0, 0] calculado con matrices de forma (1, 1)
    if isinstance(expected, np.ndarray) or isinstance(answer, np.ndarray):
        a, e = _as_array(answer), np.asarray(expected)
        if a is None:
            return False, "la respuesta no tiene forma de arreglo (¿filas de distinta longitud?)"
        if a.shape != e.shape:
            return False, f"la forma es {a.shape} y se esperaba {e.shape}"
        if np.issubdtype(e.dtype, np.number):
            if not np.issubdtype(a.dtype, np.number):
                return False, f"se esperaban números y la respuesta tiene dtype {a.dtype}"
            return bool(np.allclose(a, e, rtol=rtol, atol=atol, equal_nan=True)), "los valores no coinciden"
        return bool(np.array_equal(a, e)), "los valores no coinciden"
    if isinstance(expected, (tuple, list)):
        if not isinstance(answer, (tuple, list)) or len(answer) != len(expected):
            return False, f"se esperaban {len(expected)} elementos"
        for a, e in zip(answer, expected):
            ok, why = _same(a, e, rtol, atol)
            if not ok:
                return False, why
        return True, ""
    if _is_number(expected) and isinstance(answer, (str, bytes)):
        return False, "se esperaba un número, no un texto"
    if isinstance(expected, float):
        try:
            return (bool(np.isclose(float(answer), expected, rtol=rtol, atol=atol, equal_nan=True)),
                    "el número no es el esperado")
        except (TypeError, ValueError):
            return False, "se esperaba un número"
    return answer == expected, "no es la respuesta esperada"


def check_answer(answer, expected, hint, rtol=1e-6, atol=1e-9, success="¡Correcto!"):
    """Compara ``answer`` con ``expected`` (números, tuplas o arreglos de cualquier forma).

    Imprime ``success`` si coinciden; si no, lanza ``WrongAnswer`` con la pista ``hint``.
    Los números y arreglos se comparan con tolerancia (``rtol``, ``atol``).
    """
    if answer is Ellipsis or answer is None:
        raise WrongAnswer(f"Todavía no hay respuesta: sustituye «...» por la tuya. Pista: {hint}")
    ok, why = _same(answer, expected, rtol, atol)
    if not ok:
        raise WrongAnswer(f"Aún no: {why}. Pista: {hint}")
    print(f"✔ {success}")
    return True


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
