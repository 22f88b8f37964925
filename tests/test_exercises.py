"""check_answer: acepta las respuestas correctas en cualquiera de sus formas razonables y
rechaza las equivocadas con una pista en español."""

import numpy as np
import pytest

from nn_core.exercises import WrongAnswer, check_answer, yes_no


def test_correct_answers_print_success(capsys):
    assert check_answer((30, 784), (30, 784), "pista")
    assert check_answer([30, 784], (30, 784), "pista")          # lista por tupla
    assert check_answer(3, 3.0, "pista")                         # entero por real
    assert check_answer(0.1 + 0.2, 0.3, "pista")                 # con tolerancia
    assert check_answer(np.array([[1.0, 2.0]]), np.array([[1.0, 2.0 + 1e-12]]), "pista")
    assert "¡Correcto!" in capsys.readouterr().out


def test_a_one_element_array_counts_as_a_number():
    """z = w @ x + b con un solo ejemplo tiene forma (1, 1): la respuesta es ese número."""
    assert check_answer(np.array([[0.5]]), 0.5, "pista")
    assert check_answer(np.array([0.5]), 0.5, "pista")
    assert check_answer(np.float32(2.0), 2, "pista")
    with pytest.raises(WrongAnswer, match="el número no es el esperado"):
        check_answer(np.array([[0.4]]), 0.5, "pista")
    with pytest.raises(WrongAnswer, match=r"la forma es \(2,\)"):
        check_answer(np.array([0.5, 0.5]), 0.5, "pista")


def test_nan_answers_match_nan_expected():
    assert check_answer(np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), "pista")
    with pytest.raises(WrongAnswer):
        check_answer(np.array([np.nan, 1.0]), np.array([0.0, 1.0]), "pista")


@pytest.mark.parametrize("answer,expected,why", [
    (np.array([[1.0, 2.0]]).T, np.array([[1.0, 2.0]]), "la forma es"),
    (np.array(["a", "b"]), np.array([1.0, 2.0]), "se esperaban números"),
    ([[1, 2], [3]], np.array([[1, 2], [3, 4]]), "no tiene forma de arreglo"),
    ((30,), (30, 784), "se esperaban 2 elementos"),
    ("0.5", 0.5, "se esperaba un número"),
])
def test_wrong_answers_raise_with_the_reason_and_the_hint(answer, expected, why):
    with pytest.raises(WrongAnswer, match=why) as info:
        check_answer(answer, expected, "la pista")
    assert "Pista: la pista" in str(info.value)
    assert isinstance(info.value, AssertionError)


@pytest.mark.parametrize("placeholder", [..., None])
def test_placeholder_is_not_an_answer(placeholder):
    with pytest.raises(WrongAnswer, match="Todavía no hay respuesta"):
        check_answer(placeholder, 1.0, "pista")


def test_yes_no_says_si_or_no_in_spanish():
    assert yes_no(True) == "sí" and yes_no(False) == "no"
    assert yes_no(np.allclose([1.0], [1.0])) == "sí"
    assert yes_no(np.array([False])) == "no"
    with pytest.raises(TypeError, match="un solo valor de verdad"):
        yes_no(np.array([True, False]))
    with pytest.raises(TypeError, match="True o False"):
        yes_no(1)
