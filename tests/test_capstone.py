"""check_backprop, el comprobador del ejercicio final del capítulo 05 («Escribe tu propia
retropropagación»): acepta una retropropagación correcta y, ante las equivocadas, da su
diagnóstico en español y devuelve False, sin lanzar nada (salvo en modo estricto).

Todas las funciones de prueba tienen la firma del ejercicio: ``weights[l-1]`` de forma
(n_l, n_(l-1)), ``biases[l-1]`` de forma (n_l, 1), ``x`` de forma (n_0, m), ``y`` de forma
(n_L, m); devuelven ``(nabla_b, nabla_w)`` con las formas de ``biases`` y ``weights``.
"""

import numpy as np
import pytest

import nn_core as nc
from nn_core.exercises import (BLANK_MESSAGE, STRICT_ENV, TableFeedback, WrongAnswer, _shape_problems,
                               check_backprop)


@pytest.fixture(autouse=True)
def _not_strict(monkeypatch):
    monkeypatch.delenv(STRICT_ENV, raising=False)


def sigmoid(z):
    """σ(z) elemento a elemento; ``z``: (n_l, m) → (n_l, m)."""
    return 1.0 / (1.0 + np.exp(-z))


def make_backprop(prime_L=True, prime_hidden=True, transpose_in_bp4=True, transposed_result=False,
                  mean=False):
    """Una retropropagación escrita desde las cuatro ecuaciones, con los fallos que se pidan.

    - ``prime_L`` / ``prime_hidden``: False quita σ′(z) de la BP1 / la BP2.
    - ``transpose_in_bp4``: False escribe δ^l a^(l-1) (sin .T): el producto no cuadra y lanza.
    - ``transposed_result``: True calcula a^(l-1) (δ^l)^T, de forma (n_(l-1), n_l): la traspuesta.
    - ``mean``: True divide entre m (la media en lugar de la suma).

    La función devuelta recibe ``weights`` (listas de (n_l, n_(l-1))), ``biases`` ((n_l, 1)),
    ``x`` (n_0, m) e ``y`` (n_L, m) y devuelve ``(nabla_b, nabla_w)``.
    """
    def my_backprop(weights, biases, x, y):
        zs, activations = [], [x]
        for w, b in zip(weights, biases):
            zs.append(w @ activations[-1] + b)                 # z^l: (n_l, m)
            activations.append(sigmoid(zs[-1]))                # a^l: (n_l, m)
        L = len(weights)
        sp = [sigmoid(z) * (1 - sigmoid(z)) for z in zs]       # σ′(z^l): (n_l, m)
        deltas = [None] * L
        deltas[-1] = (activations[-1] - y) * (sp[-1] if prime_L else 1.0)           # BP1
        for l in range(L - 2, -1, -1):
            deltas[l] = (weights[l + 1].T @ deltas[l + 1]) * (sp[l] if prime_hidden else 1.0)  # BP2
        nabla_b = [d.sum(axis=1, keepdims=True) for d in deltas]                    # BP3: (n_l, 1)
        if transposed_result:
            nabla_w = [a @ d.T for d, a in zip(deltas, activations[:-1])]           # (n_(l-1), n_l)
        elif transpose_in_bp4:
            nabla_w = [d @ a.T for d, a in zip(deltas, activations[:-1])]           # BP4: (n_l, n_(l-1))
        else:
            nabla_w = [d @ a for d, a in zip(deltas, activations[:-1])]             # lanza ValueError
        if mean:
            m = x.shape[1]
            nabla_b, nabla_w = [g / m for g in nabla_b], [g / m for g in nabla_w]
        return nabla_b, nabla_w

    return my_backprop


@pytest.fixture(scope="module")
def mnist():
    return nc.load_mnist()


def test_a_correct_backprop_passes_and_trains_one_epoch(capsys, mnist):
    assert check_backprop(make_backprop(), data=mnist) is True
    out = capsys.readouterr().out
    assert "¡Tu retropropagación es correcta!" in out
    assert "exactitud en validación" in out and "5000 ejemplos" in out and "η = 3,0" in out
    assert out.count("✔") >= 1 + 2 + 3 + 4          # el título y una fila por capa de cada red
    assert "[" in out and "m = " in out              # las redes probadas, en la tabla
    assert check_backprop(make_backprop(), data=mnist, strict=True) is True


def test_the_library_itself_passes_without_training(capsys):
    assert check_backprop(lambda w, b, x, y: nc.backprop(w, b, x, y), train=False, rng=3) is True
    assert "exactitud" not in capsys.readouterr().out


def test_the_training_accuracy_is_that_of_nn_core(capsys, mnist):
    """La misma red, los mismos minilotes: la exactitud con la función del lector es la de nn_core."""
    check_backprop(make_backprop(), data=mnist, n_networks=1)
    line = [ln for ln in capsys.readouterr().out.splitlines() if "exactitud en validación" in ln][0]
    yours, reference = [part.split("%")[0].split()[-1] for part in line.split("exactitud en validación")[1]
                        .split("con nn_core.backprop")]
    assert yours == reference


@pytest.mark.parametrize("broken,diagnosis", [
    (make_backprop(transposed_result=True), "¿falta trasponer a^0?"),
    (make_backprop(transpose_in_bp4=False), "es un error de formas"),
    (make_backprop(prime_L=False), "falta σ′(z^L) en la BP1"),
    (make_backprop(prime_hidden=False), "falta σ′(z^l) en la BP2"),
    (make_backprop(prime_L=False, prime_hidden=False), "falta σ′ en la BP1 y en la BP2"),
    (make_backprop(mean=True), "veces más pequeños que los correctos: ¿has dividido entre m (la media)"),
])
def test_broken_backprops_get_their_spanish_diagnosis(capsys, broken, diagnosis):
    assert check_backprop(broken, train=False) is False
    out = capsys.readouterr().out
    assert diagnosis in out
    assert "Pista:" in out and "Traceback" not in out


def test_a_missing_transpose_in_bp4_says_where(capsys):
    assert check_backprop(make_backprop(transpose_in_bp4=False), train=False) is False
    out = capsys.readouterr().out
    assert "Tu función lanzó un error" in out and "ValueError" in out
    assert "ocurrió en la línea" in out and "nabla_w = [d @ a for d, a in" in out


def test_the_transposed_shape_message_names_the_layer():
    """Con una red [784, 30, 10]: ∂C/∂w^2 (10, 30) devuelto como (30, 10)."""
    weights = [np.zeros((30, 784)), np.zeros((10, 30))]
    biases = [np.zeros((30, 1)), np.zeros((10, 1))]
    nabla_w = [np.zeros((30, 784)), np.zeros((30, 10))]
    problems = _shape_problems([b.copy() for b in biases], nabla_w, weights, biases, m=7)
    assert len(problems) == 1
    assert problems[0].startswith("∂C/∂w^2 tiene forma (30, 10); se esperaba (10, 30): ¿falta trasponer a^1?")


def test_the_mean_diagnosis_gives_the_factor(capsys):
    check_backprop(make_backprop(mean=True), train=False)
    out = capsys.readouterr().out
    m = int(out.split("m = ")[1].split()[0].rstrip(","))
    assert f"son m = {m} veces más pequeños" in out


def sign_flipped(weights, biases, x, y):
    """y − a^L en lugar de a^L − y: los gradientes con el signo cambiado (formas de backprop)."""
    nabla_b, nabla_w = nc.backprop(weights, biases, x, y)
    return [-g for g in nabla_b], [-g for g in nabla_w]


def bias_not_summed(weights, biases, x, y):
    """∂C/∂b^l sin sumar las columnas: (n_l, m) en lugar de (n_l, 1)."""
    zs, activations = nc.feedforward(weights, biases, x)
    deltas = nc.backpropagate_error(weights, zs, nc.output_error(activations[-1], zs[-1], y))
    return list(deltas), [d @ a.T for d, a in zip(deltas, activations[:-1])]


def layers_reversed(weights, biases, x, y):
    """Las capas en orden inverso: nabla_w[0] es el gradiente de la capa de salida."""
    nabla_b, nabla_w = nc.backprop(weights, biases, x, y)
    return nabla_b[::-1], nabla_w[::-1]


def swapped(weights, biases, x, y):
    """(nabla_w, nabla_b) en lugar de (nabla_b, nabla_w)."""
    nabla_b, nabla_w = nc.backprop(weights, biases, x, y)
    return nabla_w, nabla_b


def only_weights(weights, biases, x, y):
    """Solo la lista nabla_w, con un array (n_l, n_(l-1)) por capa."""
    return nc.backprop(weights, biases, x, y)[1]


def as_dict(weights, biases, x, y):
    """Un diccionario en lugar de la tupla."""
    nabla_b, nabla_w = nc.backprop(weights, biases, x, y)
    return {"nabla_b": nabla_b, "nabla_w": nabla_w}


def one_layer_too_many(weights, biases, x, y):
    """Una entrada de más al principio de cada lista (la capa de entrada, que no tiene parámetros)."""
    nabla_b, nabla_w = nc.backprop(weights, biases, x, y)
    return [np.zeros((x.shape[0], 1))] + nabla_b, [np.zeros((x.shape[0], x.shape[0]))] + nabla_w


def raises(weights, biases, x, y):
    """Una función a medio escribir que lanza un error."""
    return undefined_name  # noqa: F821


@pytest.mark.parametrize("fn,diagnosis", [
    (sign_flipped, "el signo cambiado"),
    (bias_not_summed, "¿falta sumar δ^1 sobre las m ="),
    (layers_reversed, "las capas están en orden inverso"),
    (swapped, "parece que devuelves (nabla_w, nabla_b)"),
    (only_weights, "¿Devuelves solo nabla_w"),
    (as_dict, "tu función devolvió dict; se esperaba una tupla (nabla_b, nabla_w)"),
    (one_layer_too_many, "¿Incluyes la capa de entrada?"),
    (raises, "NameError: name 'undefined_name' is not defined"),
    (42, "se esperaba una función"),
])
def test_wrong_structures_and_errors_are_explained(capsys, fn, diagnosis):
    assert check_backprop(fn, train=False) is False
    out = capsys.readouterr().out
    assert diagnosis in out and "Traceback" not in out


def test_a_raising_function_gets_its_own_title(capsys):
    assert check_backprop(raises) is False
    out = capsys.readouterr().out
    assert "Tu función lanzó un error" in out and "ocurrió en la línea 3 de tu función" in out


def test_blank_answers_say_there_is_no_answer_yet(capsys):
    def my_backprop(weights, biases, x, y):
        ...

    assert check_backprop(my_backprop) is False
    assert check_backprop(...) is False
    out = capsys.readouterr().out
    assert out.count(BLANK_MESSAGE) == 2


def test_strict_mode_raises_on_a_wrong_or_blank_answer(monkeypatch, capsys):
    with pytest.raises(WrongAnswer, match="falta σ′"):
        check_backprop(make_backprop(prime_L=False), train=False, strict=True)
    with pytest.raises(WrongAnswer, match="Todavía no hay respuesta"):
        check_backprop(..., strict=True)
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(WrongAnswer, match="veces más pequeños"):
        check_backprop(make_backprop(mean=True), train=False)


def test_misuse_still_raises():
    with pytest.raises(TypeError, match="default_rng"):
        check_backprop(make_backprop(), rng="semilla", train=False)


def test_the_report_is_a_table_in_html_and_in_text():
    fb = TableFeedback("wrong", "Aún no.", ["a < b"], hint="pista", header=["red", "capa"],
                       rows=[["[2, 3], m = 4", "1"]])
    page = fb._repr_html_()
    assert "<table" in page and "<td" in page and "[2, 3], m = 4" in page and "a &lt; b" in page
    text = str(fb).splitlines()
    assert text[0] == "✘ Aún no." and text[1].split() == ["red", "capa"] and "Pista: pista" in text[-1]


def test_the_random_networks_have_two_to_four_layers(capsys):
    check_backprop(make_backprop(), train=False)
    rows = [ln for ln in capsys.readouterr().out.splitlines() if ", m = " in ln]
    sizes = [ln.split("]")[0].split("[")[1].split(", ") for ln in rows]
    assert [len(s) - 1 for s in sizes] == [2, 3, 4]
    assert all(len(set(s)) == len(s) for s in sizes)   # tamaños distintos: nada traspuesto pasa por bueno


def two_layers_only(weights, biases, x, y):
    """Solo sirve para redes de dos capas con pesos: devuelve siempre dos gradientes por lista."""
    nabla_b, nabla_w = nc.backprop(weights, biases, x, y)
    return nabla_b[-2:], nabla_w[-2:]


def in_float32(weights, biases, x, y):
    """Todo calculado en float32 (formas de backprop): los gradientes casi coinciden."""
    f32 = lambda arrays: [a.astype(np.float32) for a in arrays]
    return make_backprop()(f32(weights), f32(biases), x.astype(np.float32), y.astype(np.float32))


@pytest.mark.parametrize("fn,diagnosis", [
    (two_layers_only, "¿Sirve tu función solo para dos capas?"),
    (in_float32, "calcula en float64"),
])
def test_other_slips_are_explained(capsys, fn, diagnosis):
    assert check_backprop(fn, train=False) is False
    assert diagnosis in capsys.readouterr().out


def sigmoid_prime(z):
    """σ′(z) = σ(z)(1 − σ(z)); ``z``: (n_l, m) → (n_l, m)."""
    return sigmoid(z) * (1 - sigmoid(z))


def written_by_hand(bp1_prime=sigmoid_prime, bp2_prime=sigmoid_prime, bias=lambda b: b, bp2=None,
                    loop_end=-1, mutate=False, cast=None):
    """Una retropropagación como la escribiría un lector, con un fallo en el sitio que se pida.

    ``bp1_prime(z, a)``/``bp2_prime(z, a)``: lo que multiplica en la BP1/BP2 (z y a de forma (n_l, m));
    ``bias``: cómo se usa b^l (n_l, 1) en z^l; ``bp2(w, delta)``: el producto de la BP2; ``loop_end``:
    dónde acaba el bucle de la BP2 (−1 recorre todas las capas); ``mutate``: da un paso de SGD sobre los
    pesos recibidos; ``cast``: dtype del resultado. Devuelve (nabla_b, nabla_w) con las formas de backprop.
    """
    def my_backprop(weights, biases, x, y):
        zs, activations = [], [x]
        for w, b in zip(weights, biases):
            zs.append(w @ activations[-1] + bias(b))
            activations.append(sigmoid(zs[-1]))
        L = len(weights)
        deltas = [None] * L
        deltas[-1] = (activations[-1] - y) * _call(bp1_prime, zs[-1], activations[-1])
        for l in range(L - 2, loop_end, -1):
            back = bp2(weights[l + 1], deltas[l + 1]) if bp2 else weights[l + 1].T @ deltas[l + 1]
            deltas[l] = back * _call(bp2_prime, zs[l], activations[l + 1])
        nabla_b = [None if d is None else d.sum(axis=1, keepdims=True) for d in deltas]
        nabla_w = [None if d is None else d @ a.T for d, a in zip(deltas, activations[:-1])]
        if mutate:
            for w, nw in zip(weights, nabla_w):
                w -= 3.0 * nw
        if cast:
            nabla_b, nabla_w = [g.astype(cast) for g in nabla_b], [g.astype(cast) for g in nabla_w]
        return nabla_b, nabla_w

    return my_backprop


def _call(prime, z, a):
    return prime(z, a) if prime.__code__.co_argcount == 2 else prime(z)


@pytest.mark.parametrize("fn,diagnosis", [
    (written_by_hand(cast=np.float32), "tus gradientes son float32 y casi coinciden: calcula en float64"),
    (written_by_hand(bp2_prime=lambda z, a: sigmoid_prime(a)),
     "en la BP2 evalúas σ′ en la activación a^l en lugar de en la entrada ponderada z^l"),
    (written_by_hand(bp1_prime=lambda z: z * (1 - z)), "en la BP1 escribes σ′(z^L) como z^L(1 − z^L)"),
    (written_by_hand(bp1_prime=lambda z: 1.0, bp2_prime=lambda z, a: a),
     "falta σ′(z^L) en la BP1; en la BP2 multiplicas por σ(z^l) en lugar de por σ′(z^l)"),
    (written_by_hand(bias=lambda b: b.ravel()), "¿Has escrito * donde va el producto de matrices @, o has "
                                                "cambiado la forma del sesgo (b.ravel(), b.T)?"),
    (written_by_hand(bp2=lambda w, d: w.T * d), "es un error de formas en una operación elemento a elemento"),
    (written_by_hand(loop_end=0), "¿Se ha quedado sin calcular? Revisa el recorrido del bucle de la BP2"),
    (written_by_hand(mutate=True), "tu función modifica lo que recibe"),
])
def test_slips_written_by_hand_are_explained(capsys, fn, diagnosis):
    assert check_backprop(fn, train=False) is False
    out = capsys.readouterr().out
    assert diagnosis in out and "Traceback" not in out and ".." not in out.replace("…", "")


def pairs_per_layer(weights, biases, x, y):
    """[(∂C/∂b^1, ∂C/∂w^1), (∂C/∂b^2, ∂C/∂w^2), …] en lugar de (nabla_b, nabla_w)."""
    return list(zip(*nc.backprop(weights, biases, x, y)))


def only_biases_reversed(weights, biases, x, y):
    """nabla_b con las capas al revés y nabla_w bien."""
    nabla_b, nabla_w = nc.backprop(weights, biases, x, y)
    return nabla_b[::-1], nabla_w


def bias_summed_to_a_number(weights, biases, x, y):
    """np.sum(delta) en la BP3: un número por capa en lugar de una columna (n_l, 1)."""
    zs, activations = nc.feedforward(weights, biases, x)
    deltas = nc.backpropagate_error(weights, zs, nc.output_error(activations[-1], zs[-1], y))
    return [np.sum(d) for d in deltas], [d @ a.T for d, a in zip(deltas, activations[:-1])]


@pytest.mark.parametrize("fn,diagnosis", [
    (pairs_per_layer, "tu función devolvió una lista de pares, uno por capa"),
    (only_biases_reversed, "nabla_b tiene las capas en orden inverso (la otra lista está bien)"),
    (bias_summed_to_a_number, "Es un solo número: ¿has sumado todo δ^l (np.sum(delta))"),
])
def test_more_wrong_structures_are_explained(capsys, fn, diagnosis):
    assert check_backprop(fn, train=False) is False
    out = capsys.readouterr().out
    assert diagnosis in out and "Traceback" not in out


def test_a_single_failing_layer_is_named_in_the_singular(capsys):
    """Un fallo sin nombre en la BP2 (2σ′) de una red de dos capas: solo falla la capa 1."""
    check_backprop(written_by_hand(bp2_prime=lambda z: 2 * sigmoid_prime(z)), train=False)
    out = capsys.readouterr().out
    assert "la capa de salida está bien y falla la capa 1: revisa la BP2" in out


def test_a_function_that_changes_the_weights_is_caught_before_training(capsys, mnist):
    """Sin esta comprobación, el fallo solo se vería como una exactitud distinta al entrenar."""
    assert check_backprop(written_by_hand(mutate=True), data=mnist) is False
    out = capsys.readouterr().out
    assert "han cambiado los pesos (weights)" in out and "exactitud" not in out


def test_the_check_takes_a_few_seconds(mnist):
    import time
    start = time.perf_counter()
    assert check_backprop(written_by_hand(), data=mnist) is True
    assert time.perf_counter() - start < 20      # unos 1-2 s en una máquina libre
