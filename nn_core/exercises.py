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


def _same(answer, expected, rtol, atol):
    if isinstance(expected, np.ndarray) or isinstance(answer, np.ndarray):
        a, e = np.asarray(answer), np.asarray(expected)
        if a.shape != e.shape:
            return False, f"la forma es {a.shape} y se esperaba {e.shape}"
        if np.issubdtype(e.dtype, np.number):
            return bool(np.allclose(a, e, rtol=rtol, atol=atol)), "los valores no coinciden"
        return bool(np.array_equal(a, e)), "los valores no coinciden"
    if isinstance(expected, (tuple, list)):
        if not isinstance(answer, (tuple, list)) or len(answer) != len(expected):
            return False, f"se esperaban {len(expected)} elementos"
        for a, e in zip(answer, expected):
            ok, why = _same(a, e, rtol, atol)
            if not ok:
                return False, why
        return True, ""
    if isinstance(expected, float) and not isinstance(answer, (str, bytes)):
        try:
            return bool(np.isclose(float(answer), expected, rtol=rtol, atol=atol)), "el número no es el esperado"
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
