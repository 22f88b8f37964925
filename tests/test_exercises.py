"""check_answer / check_call: aceptan las respuestas correctas en cualquiera de sus formas
razonables, y ante una respuesta en blanco o equivocada explican qué falla sin lanzar nada
(salvo en modo estricto, que usan las pruebas de las soluciones)."""

import numpy as np
import pytest

from nn_core.exercises import (BLANK_MESSAGE, STRICT_ENV, Feedback, WrongAnswer, check_answer,
                               check_call, yes_no)


@pytest.fixture(autouse=True)
def _not_strict(monkeypatch):
    monkeypatch.delenv(STRICT_ENV, raising=False)


def test_correct_answers_print_success(capsys):
    assert check_answer((30, 784), (30, 784), "pista") is True
    assert check_answer([30, 784], (30, 784), "pista")          # lista por tupla
    assert check_answer(3, 3.0, "pista")                         # entero por real
    assert check_answer(0.1 + 0.2, 0.3, "pista")                 # con tolerancia
    assert check_answer(np.array([[1.0, 2.0]]), np.array([[1.0, 2.0 + 1e-12]]), "pista")
    assert "¡Correcto!" in capsys.readouterr().out


def test_a_one_element_array_counts_as_a_number(capsys):
    """z = w @ x + b con un solo ejemplo tiene forma (1, 1): la respuesta es ese número."""
    assert check_answer(np.array([[0.5]]), 0.5, "pista")
    assert check_answer(np.array([0.5]), 0.5, "pista")
    assert check_answer(np.float32(2.0), 2, "pista")
    assert check_answer(np.array([[0.4]]), 0.5, "pista") is False
    out = capsys.readouterr().out
    assert "tienes 0,4;" in out and "te separa 0,1 del" in out and "error relativo: 20 %" in out
    assert check_answer(np.array([0.5, 0.5]), 0.5, "pista") is False
    assert "tu respuesta tiene forma (2,) y se esperaba ()" in capsys.readouterr().out


def test_nan_answers_match_nan_expected():
    assert check_answer(np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), "pista")
    assert check_answer(np.array([np.nan, 1.0]), np.array([0.0, 1.0]), "pista") is False


@pytest.mark.parametrize("answer,expected,why", [
    (np.array([[1.0, 2.0]]).T, np.array([[1.0, 2.0]]), "tu respuesta tiene forma (2, 1) y se esperaba (1, 2)"),
    (np.array([[1.0, 2.0]]).T, np.array([[1.0, 2.0]]), "¿falta (o sobra) un .T?"),
    (np.array(["a", "b"]), np.array([1.0, 2.0]), "se esperaban números"),
    ([[1, 2], [3]], np.array([[1, 2], [3, 4]]), "no tiene forma de array"),
    ((30,), (30, 784), "tu respuesta tiene 1 elementos y se esperaban 2"),
    ("0.5", 0.5, "se esperaba un número"),
    ("-0,5", -0.5, "en Python el decimal va con punto y sin comillas: -0.5"),
    (np.ones((100, 100)), np.zeros((100, 100)), "10\u00a0000 de 10\u00a0000 valores no coinciden"),
    ((0, 25), 0.25, "¿escribiste 0,25? En Python el decimal va con punto: 0.25"),
    (np.ones((2, 2)), [np.ones((2, 2)), np.ones((3, 2))], "se esperaba una secuencia de 2 arrays"),
    (np.array([[1.0, 2.0], [3.0, 4.5]]), np.array([[1.0, 2.0], [3.0, 4.0]]), "la mayor diferencia está en [1, 1]"),
    (np.array([[1.0, 2.0], [3.0, 4.5]]), np.array([[1.0, 2.0], [3.0, 4.0]]), "1 de 4 valores no coinciden"),
    ((1, 2.0), (1, 2.5), "el elemento [1] de tu respuesta no coincide"),
    (((30, 10), (10, 10)), ((10, 30), (10, 1)), "el elemento [0][0] de tu respuesta no coincide"),
    (((30, 10), (10, 10)), ((10, 30), (10, 1)), "tienes 30; te separa 20 del valor correcto"),
    (79510, 159020, "tienes 79\u00a0510; te separa 79\u00a0510 del valor correcto"),
    (0.000462123456, 0.000171, "tienes 0,000462123;"),
    (np.arange(1.0, 5.0) / 10, np.arange(1.0, 5.0), "tu respuesta es la esperada dividida entre 10"),
    (-np.arange(1.0, 5.0), np.arange(1.0, 5.0), "tu respuesta es la esperada con el signo cambiado"),
    (3 * np.arange(1.0, 5.0), np.arange(1.0, 5.0), "tu respuesta es la esperada multiplicada por 3"),
    ("159020", (1, 2), "se esperaba una secuencia de 2 elementos; tu respuesta es str: '159020'"),
])
def test_wrong_answers_say_why_and_give_the_hint_without_raising(capsys, answer, expected, why):
    assert check_answer(answer, expected, "la pista") is False
    out = capsys.readouterr().out
    assert why in out
    assert "Pista: la pista" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("placeholder", [..., None])
def test_placeholder_is_not_an_answer(capsys, placeholder):
    assert check_answer(placeholder, 1.0, "pista") is False
    assert BLANK_MESSAGE in capsys.readouterr().out


def test_strict_mode_turns_a_miss_into_an_exception(monkeypatch, capsys):
    with pytest.raises(WrongAnswer, match="Pista: la pista"):
        check_answer(0.4, 0.5, "la pista", strict=True)
    with pytest.raises(WrongAnswer, match="Todavía no hay respuesta"):
        check_answer(..., 0.5, "la pista", strict=True)
    assert check_answer(0.5, 0.5, "la pista", strict=True)
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(WrongAnswer):
        check_answer(0.4, 0.5, "la pista")
    assert check_answer(0.4, 0.5, "la pista", strict=False) is False


def test_misuse_still_raises():
    with pytest.raises(TypeError, match="valor esperado"):
        check_answer(1.0, ..., "pista")
    with pytest.raises(TypeError, match="pista"):
        check_answer(1.0, 1.0, "")


def test_check_call_reports_the_readers_exception_instead_of_a_traceback(capsys):
    def broken(z):
        return z @ np.ones((3, 3))

    assert check_call(broken, (np.ones((2, 2)),), np.ones((2, 3)), "pista") is False
    out = capsys.readouterr().out
    assert "Tu función lanzó un error" in out and "ValueError" in out

    def blank(z):
        ...

    assert check_call(blank, (1.0,), 2.0, "pista") is False
    assert BLANK_MESSAGE in capsys.readouterr().out
    assert check_call(lambda z: 2 * z, (1.0,), 2.0, "pista") is True
    assert check_call(..., (1.0,), 2.0, "pista") is False


def test_feedback_renders_html_with_escaped_text():
    fb = Feedback("wrong", "Aún no.", ["a < b"], hint="usa <b>")
    html = fb._repr_html_()
    assert "a &lt; b" in html and "usa &lt;b&gt;" in html and "#b06000" in html
    assert "✔" in Feedback("ok", "¡Correcto!")._repr_html_()


def test_yes_no_says_si_or_no_in_spanish():
    assert yes_no(True) == "sí" and yes_no(False) == "no"
    assert yes_no(np.allclose([1.0], [1.0])) == "sí"
    assert yes_no(np.array([False])) == "no"
    with pytest.raises(TypeError, match="un solo valor de verdad"):
        yes_no(np.array([True, False]))
    with pytest.raises(TypeError, match="True o False"):
        yes_no(1)


@pytest.mark.parametrize("answer,why", [
    (np.ones((10, 10)), "¿has combinado una columna (10, 1) con un vector (10,)?"),
    (np.ones(10), "es un vector y se esperaba una columna (10, 1)"),
])
def test_a_column_mixed_with_a_vector_is_explained(capsys, answer, why):
    """b − (η/m) nabla_b.ravel() da (10, 10) por broadcasting; delta.sum(axis=1) da (10,)."""
    assert check_answer(answer, np.ones((10, 1)), "pista") is False
    assert why in capsys.readouterr().out


def test_check_call_explains_a_shape_error_and_where_it_happened(capsys):
    def product(x):
        a = x
        return a @ a

    assert check_call(product, (np.ones((3, 2)),), np.ones((3, 3)), "pista") is False
    out = capsys.readouterr().out
    assert "ocurrió en la línea 3 de tu función" in out
    assert "es un error de formas en un producto de matrices (@)" in out and "Traceback" not in out

    def elementwise(x):
        return x * np.ones((2, 3))

    assert check_call(elementwise, (np.ones((3, 2)),), np.ones((3, 2)), "pista") is False
    assert "es un error de formas en una operación elemento a elemento" in capsys.readouterr().out


def test_check_call_tells_a_missing_return_from_a_blank_body(capsys):
    def forgot_return(z):
        result = 2 * z  # noqa: F841

    def blank(z):
        """Devuelve 2z."""
        ...

    assert check_call(forgot_return, (1.0,), 2.0, "pista") is False
    assert "¿falta un return al final?" in capsys.readouterr().out
    assert check_call(blank, (1.0,), 2.0, "pista") is False
    assert BLANK_MESSAGE in capsys.readouterr().out
