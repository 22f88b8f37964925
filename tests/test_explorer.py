"""El explorador de la retropropagación, sin navegador: se pulsan sus botones y se comprueba que
todo lo que guarda y dibuja son los números de las funciones de nn_core."""

import html
import re

import numpy as np
import pytest

import nn_core as nc
from nn_core.activations import get_activation
from nn_core.costs import get_cost
from nn_core.panels import explorer
from nn_core.panels.explorer import ExplorerPanel, explorer_panel, fmt, fmt_cost


def svg_texts(svg):
    """Los textos visibles del SVG (sin los <title> de las ayudas emergentes)."""
    svg = re.sub(r"<title>.*?</title>", "", svg)
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)", svg)]


def numbers_in(texts):
    """Los números escritos a la española en ``texts`` (p. ej. '−0,053', '1', '0,00012')."""
    found = []
    for t in texts:
        found += re.findall(r"−?\d+(?:,\d+)?(?:·10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?", t)
    return found


def click_all(panel):
    panel.forward_button.click()
    panel.output_error_button.click()
    while any(d is None for d in panel.deltas):
        panel.backward_button.click()
    panel.gradients_button.click()
    assert panel.error is None, panel.message


# --------------------------------------------------------------------------- construcción

def test_defaults_widgets_and_fallback_text():
    panel = explorer_panel()
    assert isinstance(panel, ExplorerPanel)
    assert panel.sizes == [2, 3, 2] and panel.L == 2
    np.testing.assert_array_equal(panel.x, [[0.8], [0.3]])
    np.testing.assert_array_equal(panel.y, [[1.0], [0.0]])
    assert panel.eta == 3.0 and panel.stage == "start"
    assert panel.zs is None and panel.activations is None and panel.deltas == [None, None]
    # los pesos: N(0, 1) de np.random.default_rng(0), los de nn_core.init_network
    weights, biases = nc.init_network([2, 3, 2], np.random.default_rng(0))
    for a, b in zip(panel.weights + panel.biases, weights + biases):
        np.testing.assert_array_equal(a, b)
    assert [b.description for b in (panel.forward_button, panel.output_error_button, panel.backward_button,
                                     panel.gradients_button, panel.step_button, panel.randomize_button)] == [
        "Adelante", "Error de salida", "Atrás", "Gradientes", "Paso de SGD", "Pesos al azar"]
    classes = {
        "nn-explorer-panel": panel.widget, "nn-explorer-forward": panel.forward_button,
        "nn-explorer-output-error": panel.output_error_button,
        "nn-explorer-backward": panel.backward_button, "nn-explorer-gradients": panel.gradients_button,
        "nn-explorer-step": panel.step_button, "nn-explorer-graph": panel.graph,
        "nn-explorer-formula": panel.formula, "nn-explorer-neuron": panel.neuron_dropdown,
    }
    for cls, widget in classes.items():
        assert cls in widget._dom_classes, cls
    assert panel.neuron_dropdown.description == "Neurona"
    assert [label for label, _ in panel.neuron_dropdown.options] == [
        "capa 1, neurona 0", "capa 1, neurona 1", "capa 1, neurona 2", "capa 2, neurona 0", "capa 2, neurona 1"]
    assert panel.selected == (2, 0)
    header = panel.widget.children[0].value
    assert "Los índices empiezan en 0" in header and "como en Python" in header
    bundle = panel._repr_mimebundle_()
    assert bundle["text/plain"] == ("Explorador de la retropropagación. "
                                    "Ejecuta esta celda (Mayús + Intro) para abrir el panel.")
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == panel.widget.model_id
    assert "Pulsa «Adelante»" in panel.message
    assert "<svg" in panel.graph.value and "capa 0 · entrada" in panel.graph.value


def test_fmt_is_spanish():
    assert fmt(0.8) == "0,8"
    assert fmt(1.0) == "1"
    assert fmt(-0.0531) == "−0,053"
    assert fmt(0.00012) == "0,00012"
    assert fmt(-1.234e-7) == "−1,2·10⁻⁷"
    assert fmt(9.99e-7) == "1·10⁻⁶"
    assert fmt(6.9e-05) == "0,000069" and fmt(-9.96e-05) == "−0,0001" and fmt(0.00049951) == "0,0005"
    assert fmt(-0.0) == "0" and fmt(0) == "0"
    assert fmt(12345.6789) == "12\u00a0345,679"
    assert fmt_cost(0.4096097) == "0,4096" and fmt_cost(0.00612345) == "0,006123"


# --------------------------------------------------------------------------- los cinco pasos

def test_forward_is_nn_core_feedforward_and_is_drawn():
    panel = explorer_panel()
    before = panel.graph.value
    panel.forward_button.click()
    assert panel.error is None and panel.stage == "forward"
    zs, activations = nc.feedforward(panel.weights, panel.biases, panel.x)
    for a, b in zip(panel.zs, zs):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(panel.activations, activations):
        np.testing.assert_array_equal(a, b)
    assert panel.graph.value != before
    texts = svg_texts(panel.graph.value)
    for l in range(1, 3):
        for j in range(panel.sizes[l]):
            assert f"z = {fmt(zs[l - 1][j, 0])}" in texts
            assert f"a = {fmt(activations[l][j, 0])}" in texts
    assert panel.cost_history == [nc.total_cost(panel.network, panel.x, panel.y)]
    # la fórmula de la neurona elegida (capa 2, neurona 0), con sus números
    text = panel.text_formula()
    w0 = panel.weights[1][0]
    terms = " + ".join(explorer._factor(v) + " × " + explorer._factor(a)
                       for v, a in zip(w0, activations[1][:, 0]))
    assert f"= {terms} + {explorer._factor(panel.biases[1][0, 0])} = {fmt(zs[1][0, 0])}" in text
    assert f"= σ({fmt(zs[1][0, 0])}) = {fmt(activations[2][0, 0])}" in text


def test_output_error_is_bp1_from_nn_core_with_the_numbers_substituted():
    panel = explorer_panel()
    panel.forward_button.click()
    svg_before = panel.graph.value
    panel.output_error_button.click()
    assert panel.error is None and panel.stage == "output_error"
    zs, activations = nc.feedforward(panel.weights, panel.biases, panel.x)
    delta_L = nc.output_error(activations[-1], zs[-1], panel.y)
    np.testing.assert_array_equal(panel.deltas[-1], delta_L)
    assert panel.deltas[0] is None
    assert panel.graph.value != svg_before
    texts = svg_texts(panel.graph.value)
    for j in range(2):
        assert f"δ = {fmt(delta_L[j, 0])}" in texts
    # δ²₀ = (a²₀ − y₀) σ'(z²₀) = (0,096 − 1) × σ'(−2,238) = (−0,904) × 0,087 = −0,079
    a, y, z = activations[-1][0, 0], panel.y[0, 0], zs[-1][0, 0]
    grad = get_cost("quadratic").derivative(activations[-1], panel.y)[0, 0]
    sp = get_activation("sigmoid").prime(zs[-1])[0, 0]
    expected = (f"({fmt(a)} − {fmt(y)}) × σ'({fmt(z)}) = {explorer._factor(grad)} × {fmt(sp)} = "
                f"{fmt(delta_L[0, 0])}")
    text = panel.text_formula()
    assert "BP1" in text and expected in text, text
    assert expected == "(0,096 − 1) × σ'(−2,238) = (−0,904) × 0,087 = −0,079"
    # una neurona oculta todavía no tiene δ
    panel.select(1, 2)
    assert "todavía no se ha calculado" in panel.text_formula()


def test_backward_goes_one_layer_per_click_with_nn_core_deltas():
    panel = explorer_panel(sizes=(2, 3, 3, 2), seed=4)
    panel.output_error_button.click()   # hace también «Adelante»
    assert "antes se ha hecho «Adelante»" in panel.message
    zs, activations = nc.feedforward(panel.weights, panel.biases, panel.x)
    delta_L = nc.output_error(activations[-1], zs[-1], panel.y)
    deltas = nc.backpropagate_error(panel.weights, zs, delta_L)
    svgs = [panel.graph.value]
    panel.backward_button.click()
    assert panel.error is None and panel.stage == "backward"
    assert panel.deltas[0] is None
    np.testing.assert_array_equal(panel.deltas[1], deltas[1])
    svgs.append(panel.graph.value)
    # las aristas de w³ llevan w³_jk δ³_j (la contribución hacia atrás); las de w¹, w² aún grises
    texts = svg_texts(panel.graph.value)
    contribution = panel.weights[2] * deltas[2]
    for j in range(2):
        for k in range(3):
            assert fmt(contribution[j, k]) in texts
    assert "contribución w·δ" in " ".join(texts)
    panel.backward_button.click()
    for a, b in zip(panel.deltas, deltas):
        np.testing.assert_array_equal(a, b)
    svgs.append(panel.graph.value)
    assert len(set(svgs)) == 3
    for j in range(3):
        assert f"δ = {fmt(deltas[0][j, 0])}" in svg_texts(panel.graph.value)
    # BP2 con los números de la neurona elegida
    panel.select(1, 1)
    text = panel.text_formula()
    terms = " + ".join(f"{explorer._factor(w_)} × {explorer._factor(d)}"
                       for w_, d in zip(panel.weights[1][:, 1], deltas[1][:, 0]))
    sp = get_activation("sigmoid").prime(zs[0])[1, 0]
    assert "BP2" in text and f"({terms}) × σ'({fmt(zs[0][1, 0])})" in text, text
    assert f"× {fmt(sp)} = {fmt(deltas[0][1, 0])}" in text
    # las contribuciones w·δ de cada arista, sumadas y por σ', dan los δ de nn_core (BP2)
    for l in (2, 3):
        c = panel.contributions(l)
        assert c.shape == panel.weights[l - 1].shape
        np.testing.assert_allclose(c.sum(axis=0)[:, None] * get_activation("sigmoid").prime(zs[l - 2]),
                                   deltas[l - 2], rtol=1e-12)
    with pytest.raises(ValueError, match="hace falta δ"):
        panel.contributions(1)
    # un clic de más no rompe nada: lo dice
    panel.backward_button.click()
    assert panel.error is None and "ya ha llegado a la capa 1" in panel.message


def test_a_net_without_hidden_layers():
    panel = explorer_panel(sizes=[3, 2], seed=1)
    panel.output_error_button.click()
    assert "no tiene capas ocultas" in panel.message
    panel.backward_button.click()
    assert panel.error is None and "ya ha llegado a la capa 1" in panel.message
    panel.step_button.click()
    assert panel.error is None and panel.cost_history[1] < panel.cost_history[0]
    ref_b, ref_w = nc.backprop(panel.last_step["weights"], panel.last_step["biases"], panel.x, panel.y)
    np.testing.assert_allclose(panel.last_step["nabla_w"][0], ref_w[0], rtol=1e-12)


def test_gradients_are_nn_core_gradients_and_backprop():
    panel = explorer_panel()
    click_all(panel)
    assert panel.stage == "gradients"
    nabla_b, nabla_w = nc.gradients(panel.deltas, panel.activations)
    ref_b, ref_w = nc.backprop(panel.weights, panel.biases, panel.x, panel.y)
    for a, b, c in zip(panel.nabla_w + panel.nabla_b, nabla_w + nabla_b, ref_w + ref_b):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_allclose(a, c, rtol=1e-12, atol=1e-15)
    texts = svg_texts(panel.graph.value)
    for l in (1, 2):
        for j in range(panel.sizes[l]):
            assert f"∂C/∂b = {fmt(nabla_b[l - 1][j, 0])}" in texts
            for k in range(panel.sizes[l - 1]):
                assert fmt(nabla_w[l - 1][j, k]) in texts
    assert "∂C/∂w = a·δ" in " ".join(texts)
    panel.select(1, 0)
    text = panel.text_formula()
    assert f"BP3: ∂C/∂b10 = δ10 = {fmt(nabla_b[0][0, 0])}" in text, text
    for k in range(2):
        assert (f"= {explorer._factor(panel.x[k, 0])} × {explorer._factor(panel.deltas[0][0, 0])} = "
                f"{fmt(nabla_w[0][0, k])}") in text


def test_every_number_in_the_picture_is_a_number_of_the_state():
    """Ningún número del dibujo sale de otro sitio: todos son valores de nn_core (formateados)."""
    panel = explorer_panel(sizes=(3, 2, 2), seed=7)
    for step in (None, panel.forward_button, panel.output_error_button, panel.backward_button,
                 panel.gradients_button, panel.step_button):
        if step is not None:
            step.click()
        assert panel.error is None, panel.message
        allowed = set()
        arrays = [panel.x, panel.y, *panel.weights, *panel.biases]
        arrays += list(panel.zs or []) + list(panel.activations or [])
        arrays += [d for d in panel.deltas if d is not None]
        arrays += list(panel.nabla_b or []) + list(panel.nabla_w or [])
        arrays += [w_ * d for w_, d in zip(panel.weights[1:], panel.deltas[1:]) if d is not None]
        for arr in arrays:
            allowed.update(fmt(v) for v in np.ravel(arr))
        allowed.update(str(i) for i in range(10))   # «capa 2», «neurona 0», «paso 1»
        shown = numbers_in(svg_texts(panel.graph.value))
        assert shown and set(shown) <= allowed, set(shown) - allowed


@pytest.mark.parametrize("kwargs", [{}, {"sizes": (2, 3, 3, 2), "activation": "relu", "cost": "cross-entropy"}])
def test_every_number_in_the_formulas_is_a_number_of_nn_core(kwargs):
    """Las fórmulas solo escriben valores de nn_core (y σ', ∂C/∂a de nn_core.activations/costs)."""
    panel = explorer_panel(seed=2, **kwargs)
    sigma = get_activation(panel.activation_name)
    cost = get_cost(panel.cost_name)
    for step in (panel.forward_button, panel.output_error_button, panel.backward_button,
                 panel.backward_button, panel.gradients_button, panel.step_button):
        step.click()
        assert panel.error is None, panel.message
        allowed = {str(i) for i in range(10)} | {fmt(panel.eta)}
        arrays = [panel.x, panel.y, *panel.weights, *panel.biases, *panel.zs, *panel.activations]
        arrays += [d for d in panel.deltas if d is not None]
        arrays += list(panel.nabla_b or []) + list(panel.nabla_w or [])
        arrays += [sigma.prime(z) for z in panel.zs[:-1]] + [get_activation("sigmoid").prime(panel.zs[-1])]
        arrays.append(cost.derivative(panel.activations[-1], panel.y))
        arrays += [panel.contributions(l).sum(axis=0) for l in range(2, panel.L + 1)
                   if panel.deltas[l - 1] is not None]
        if panel.last_step is not None:
            s = panel.last_step
            arrays += s["weights"] + s["biases"] + s["nabla_w"] + s["nabla_b"]
            allowed |= {fmt_cost(s["cost_before"]), fmt_cost(s["cost_after"])}
        for arr in arrays:
            allowed.update(fmt(v) for v in np.ravel(arr))
        for l in range(1, panel.L + 1):
            for j in range(panel.sizes[l]):
                panel.select(l, j)
                body = re.sub(r"<su[bp]>.*?</su[bp]>", "", panel.formula.value)   # índices, no números
                body = html.unescape(re.sub(r"<[^>]+>", " ", body))
                shown = numbers_in([body])
                assert shown and set(shown) <= allowed, (l, j, set(shown) - allowed)


def test_sgd_step_is_update_mini_batch_and_lowers_the_cost():
    panel = explorer_panel()
    twin = nc.Network.from_parameters(panel.weights, panel.biases)
    click_all(panel)
    old_w = [w_.copy() for w_ in panel.weights]
    old_b = [b_.copy() for b_ in panel.biases]
    nabla_w, nabla_b = panel.nabla_w, panel.nabla_b
    cost_plot_before = panel.cost_plot.value
    graph_before = panel.graph.value
    panel.step_button.click()
    assert panel.error is None and panel.stage == "step"
    nc.update_mini_batch(twin, panel.x, panel.y, 3.0)
    for l in range(2):
        np.testing.assert_array_equal(panel.weights[l], twin.weights[l])
        np.testing.assert_array_equal(panel.biases[l], twin.biases[l])
        np.testing.assert_allclose(panel.weights[l], old_w[l] - 3.0 * nabla_w[l], rtol=1e-12)
        np.testing.assert_allclose(panel.biases[l], old_b[l] - 3.0 * nabla_b[l], rtol=1e-12)
    c0, c1 = panel.cost_history
    assert c0 == pytest.approx(nc.total_cost(nc.Network.from_parameters(old_w, old_b), panel.x, panel.y))
    assert c1 == nc.total_cost(panel.network, panel.x, panel.y)
    assert c1 < c0
    assert f"El coste baja: {fmt_cost(c0)} → {fmt_cost(c1)}" in panel.message
    assert panel.cost_plot.value != cost_plot_before and fmt_cost(c1) in panel.cost_plot.value
    assert panel.graph.value != graph_before
    # tras el paso ya se ha hecho «Adelante» con los pesos nuevos
    zs, activations = nc.feedforward(panel.weights, panel.biases, panel.x)
    np.testing.assert_array_equal(panel.activations[-1], activations[-1])
    assert panel.deltas == [None, None] and panel.nabla_w is None
    text = panel.text_formula()
    sym = "w200"
    assert (f"{sym} ← {sym} − η ∂C/∂{sym} = {fmt(old_w[1][0, 0])} − 3 × "
            f"{explorer._factor(nabla_w[1][0, 0])} = {fmt(panel.weights[1][0, 0])}") in text, text
    # más pasos: el coste baja cada vez (con «Paso de SGD» solo, que hace los pasos que faltan)
    for _ in range(4):
        panel.step_button.click()
        assert panel.error is None, panel.message
    assert len(panel.cost_history) == 6
    assert all(b < a for a, b in zip(panel.cost_history, panel.cost_history[1:]))
    assert "paso 5" in panel.cost_plot.value


def test_ten_steps_and_back_to_the_start():
    panel = explorer_panel()
    start_w = [w_.copy() for w_ in panel.weights]
    twin = nc.Network.from_parameters(panel.weights, panel.biases)
    panel.steps_button.click()
    assert panel.error is None and panel.stage == "step"
    assert len(panel.cost_history) == 11
    for _ in range(10):
        nc.update_mini_batch(twin, panel.x, panel.y, 3.0)
    np.testing.assert_allclose(panel.weights[0], twin.weights[0], rtol=1e-12)
    c0, c1 = panel.cost_history[0], panel.cost_history[-1]
    assert c1 < c0 / 2
    assert panel.message.startswith(f"10 pasos de SGD con η = 3: el coste baja de {fmt_cost(c0)} a {fmt_cost(c1)}")
    assert "paso 10" in panel.cost_plot.value and "C = ½ ‖a − y‖²" in panel.cost_plot.value
    panel.reset_button.click()
    assert panel.error is None and panel.stage == "start" and panel.cost_history == []
    for a, b in zip(panel.weights, start_w):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="entre 1 y 1000"):
        panel.sgd_steps(0)
    # tras «Pesos al azar», «Volver al principio» vuelve a esos pesos nuevos
    panel.randomize_button.click()
    fresh = [w_.copy() for w_ in panel.weights]
    panel.step_button.click()
    assert not np.array_equal(panel.weights[0], fresh[0])
    panel.reset_button.click()
    np.testing.assert_array_equal(panel.weights[0], fresh[0])


def test_any_button_first_does_the_missing_steps():
    panel = explorer_panel()
    panel.gradients_button.click()
    assert panel.error is None and panel.stage == "gradients"
    assert "antes se han calculado los δ que faltaban" in panel.message
    ref_b, ref_w = nc.backprop(panel.weights, panel.biases, panel.x, panel.y)
    np.testing.assert_allclose(panel.nabla_w[0], ref_w[0], rtol=1e-12)
    other = explorer_panel()
    other.backward_button.click()
    assert other.error is None and all(d is not None for d in other.deltas)


def test_relu_and_cross_entropy_variants_use_nn_core():
    panel = explorer_panel(sizes=(2, 4, 3), seed=2, activation="relu", cost="cross-entropy",
                           x=[1.0, -0.5], y=[0, 1, 0])
    click_all(panel)
    ref_b, ref_w = nc.backprop(panel.weights, panel.biases, panel.x, panel.y, activation="relu",
                               cost="cross-entropy")
    for a, b in zip(panel.nabla_w + panel.nabla_b, ref_w + ref_b):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    panel.select(2, 1)
    text = panel.text_formula()
    a, d = panel.activations[2][1, 0], panel.deltas[1][1, 0]
    assert f"= {fmt(a)} − 1 = {fmt(d)}" in text and "entropía cruzada" in text
    panel.select(1, 0)
    assert "ReLU'" in panel.text_formula()
    panel.step_button.click()
    assert panel.cost_history[1] < panel.cost_history[0]


# --------------------------------------------------------------------------- controles

def test_random_weights_use_the_seeded_generator():
    panel = explorer_panel(seed=3)
    rng = np.random.default_rng(3)
    first = nc.init_network([2, 3, 2], rng)
    second = nc.init_network([2, 3, 2], rng)
    np.testing.assert_array_equal(panel.weights[0], first[0][0])
    panel.forward_button.click()
    panel.randomize_button.click()
    assert panel.error is None and panel.stage == "start" and panel.cost_history == []
    np.testing.assert_array_equal(panel.weights[1], second[0][1])
    np.testing.assert_array_equal(panel.biases[0], second[1][0])
    panel.seed_input.value = 11
    panel.randomize_button.click()
    np.testing.assert_array_equal(panel.weights[0], nc.init_network([2, 3, 2], np.random.default_rng(11))[0][0])
    # con un generador propio, manda el generador
    mine = explorer_panel(rng=np.random.default_rng(5))
    np.testing.assert_array_equal(mine.weights[0], nc.init_network([2, 3, 2], np.random.default_rng(5))[0][0])


def test_inputs_and_parameters_from_the_widgets():
    panel = explorer_panel()
    panel.forward_button.click()
    assert [t.value for t in panel.x_inputs] == ["0,8", "0,3"]   # con coma decimal
    panel.x_inputs[1].value = "-0,25"
    assert panel.error is None and panel.stage == "start"
    assert panel.x_inputs[1].value == "−0,25"
    np.testing.assert_array_equal(panel.x, [[0.8], [-0.25]])
    panel.forward_button.click()
    zs, _ = nc.feedforward(panel.weights, panel.biases, np.array([[0.8], [-0.25]]))
    np.testing.assert_array_equal(panel.zs[0], zs[0])
    panel.y_inputs[1].value = "0.5"   # también con punto
    np.testing.assert_array_equal(panel.y, [[1.0], [0.5]])
    # un parámetro a mano
    panel.parameter_dropdown.value = (2, 1, 0)
    assert panel.parameter_input.value == fmt(panel.weights[1][1, 0])
    panel.parameter_input.value = "1,5"
    panel.parameter_button.click()
    assert panel.error is None and panel.weights[1][1, 0] == 1.5
    assert "Ahora w²₁₀ = 1,5" in panel.message
    panel.parameter_dropdown.value = (1, 2, None)
    panel.parameter_input.value = "−2"
    panel.parameter_button.click()
    assert panel.biases[0][2, 0] == -2.0
    assert "b = −2" in panel.graph.value
    panel.eta_input.value = "0,5"
    assert panel.eta == 0.5 and panel.error is None
    panel.step_button.click()
    assert "η = 0,5" in panel.message


def test_bad_values_in_the_widgets_give_spanish_messages_not_exceptions():
    panel = explorer_panel()
    panel.y_inputs[0].value = "1,5"
    assert isinstance(panel.error, ValueError)
    assert panel.message.startswith("No se ha podido cambiar la entrada: La salida deseada 'y' debe estar "
                                    "entre 0 y 1")
    assert "nn-status-error" in panel.status.value
    np.testing.assert_array_equal(panel.y, [[1.0], [0.0]])   # se queda la anterior
    panel.x_inputs[0].value = "hola"
    assert panel.message == ("No se ha podido cambiar la entrada: La entrada x₀: «hola» no es un número "
                             "(por ejemplo 0,5).")
    panel.x_inputs[0].value = "0,8"
    panel.y_inputs[0].value = "1"
    assert panel.error is None
    panel.eta_input.value = "-1"
    assert "No se ha podido cambiar η: La tasa de aprendizaje η debe ser un número mayor que 0" in panel.message
    assert panel.eta == 3.0
    panel.seed_input.value = -4
    panel.randomize_button.click()
    assert "No se han podido cambiar los pesos: La semilla debe ser un entero" in panel.message
    panel.parameter_input.value = "1000"
    panel.parameter_button.click()
    assert "No se ha podido cambiar el parámetro: El valor debe ser un número entre −100 y 100" in panel.message
    panel.parameter_input.value = "1,2,3"
    panel.parameter_button.click()
    assert "El valor del parámetro: «1,2,3» no es un número" in panel.message


def test_unexpected_errors_are_caught(monkeypatch):
    panel = explorer_panel()

    def boom(*args, **kwargs):
        raise RuntimeError("fallo de prueba")

    monkeypatch.setattr(explorer, "feedforward", boom)
    panel.forward_button.click()
    assert isinstance(panel.error, RuntimeError)
    assert panel.message == "No se ha podido hacer el paso adelante: RuntimeError: fallo de prueba"


@pytest.mark.parametrize("kwargs, pattern", [
    ({"sizes": (2, 3, 3, 3, 2)}, "de 2 a 4 capas"),
    ({"sizes": (2,)}, "de 2 a 4 capas"),
    ({"sizes": (2, 7, 2)}, "entre 1 y 6 neuronas"),
    ({"sizes": (2, 0, 2)}, "entre 1 y 6 neuronas"),
    ({"sizes": (2, 2.5, 2)}, "número entero de neuronas"),
    ({"sizes": "2, 3, 2"}, "lista de enteros"),
    ({"seed": -1}, "La semilla debe ser un entero"),
    ({"x": [1, 2, 3]}, "La entrada 'x' debe tener 2 números"),
    ({"x": [1, float("nan")]}, "números finitos"),
    ({"x": "hola"}, "La entrada 'x' debe ser una lista de 2 números"),
    ({"y": [2, 0]}, "entre 0 y 1"),
    ({"activation": "tanh"}, "Activación: 'tanh' no es válido; se esperaba uno de: sigmoide"),
    ({"cost": "log-likelihood"}, "Coste: 'log-likelihood' no es válido"),
    ({"eta": 0}, "La tasa de aprendizaje η debe ser un número mayor que 0"),
    ({"eta": 1000}, "como mucho 100"),
    ({"rng": 3}, "'rng' debe ser un generador de numpy"),
])
def test_bad_arguments_give_spanish_errors(kwargs, pattern):
    with pytest.raises((ValueError, TypeError), match=re.escape(pattern)):
        explorer_panel(**kwargs)


def test_larger_nets_label_only_the_selected_neurons_edges():
    panel = explorer_panel(sizes=(4, 6, 6, 3), seed=1)
    click_all(panel)
    panel.step_button.click()
    assert panel.error is None
    labels = re.findall(r'class="nn-explorer-edge-label"', panel.graph.value)
    edges = re.findall(r'class="nn-explorer-edge"', panel.graph.value)
    assert len(edges) == 4 * 6 + 6 * 6 + 6 * 3
    assert 0 < len(labels) < len(edges)
    # cada arista lleva su ayuda emergente (<title>) con su peso
    assert panel.graph.value.count("</title></line>") == len(edges)
