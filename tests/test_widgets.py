"""Los paneles de nn_core.widgets, sin navegador: se pulsan sus botones y se mira su estado."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nn_core as nc  # noqa: E402
from nn_core import plots, widgets  # noqa: E402
from nn_core.widgets import (comparison_panel, neuron_panel, results_panel,  # noqa: E402
                             training_panel)


@pytest.fixture(scope="module")
def data():
    """MNIST recortado para que las pruebas sean rápidas: 1.500 / 300 / 400 ejemplos."""
    d = nc.load_mnist()
    rng = np.random.default_rng(5)
    return nc.MnistSplits(d.training.subset(1500, rng), d.validation[:300], d.test[:400])


@pytest.fixture(scope="module")
def trained(data):
    panel = training_panel(data, n_train=1000, epochs=2, seed=3)
    panel.train_button.click()
    assert panel.error is None, panel.message
    return panel


def test_defaults_and_controls(data):
    panel = training_panel(data)
    assert panel.eta_slider.value == pytest.approx(3.0)
    assert panel.eta_slider.base ** panel.eta_slider.min == pytest.approx(0.001)
    assert panel.eta_slider.base ** panel.eta_slider.max == pytest.approx(100)
    assert panel.hidden_text.value == "30"
    assert panel.n_train_text.value == 1500  # como mucho los ejemplos disponibles
    assert dict(panel.activation_dropdown.options) == {"sigmoide": "sigmoid", "ReLU": "relu"}
    assert "entropía cruzada" in dict(panel.cost_dropdown.options)
    assert panel.train_button.description == "Entrenar"
    assert panel.stop_button.description == "Detener" and panel.stop_button.disabled
    assert panel.network is None and panel.history is None
    assert bytes(panel.curves.value).startswith(b"\x89PNG")
    bundle = panel._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == panel.widget.model_id
    assert bundle["text/plain"] == "Panel de entrenamiento (ejecuta el cuaderno en Jupyter para usarlo)"


def test_click_trains_the_network_the_controls_describe(data, trained):
    panel = trained
    assert panel.network.sizes == [784, 30, 10]
    assert panel.history.epochs == [1, 2]
    assert panel.progress.value == panel.progress.max == 2 * 100
    assert "Precisión en validación" in panel.message and "2 épocas" in panel.message
    # La precisión del resumen es la de la red en validación.
    acc = nc.accuracy(panel.network, data.validation.x, data.validation.labels)
    assert panel.history.evaluation_accuracy[-1] == pytest.approx(acc)
    assert f"{100 * acc:.2f} %" in panel.message
    # Las mismas cuentas, hechas a mano con nn_core, dan la misma red.
    rng = np.random.default_rng(3)
    subset = data.training.subset(1000, rng)
    net = nc.Network([784, 30, 10], rng)
    nc.sgd(net, subset, 2, 10, 3.0, rng, evaluation_data=data.validation)
    for a, b in zip(net.weights, panel.network.weights):
        np.testing.assert_allclose(a, b)
    assert not panel.train_button.disabled and panel.stop_button.disabled
    assert not panel.eta_slider.disabled


def test_controls_change_the_network(data):
    panel = training_panel(data, n_train=300, epochs=1)
    panel.hidden_text.value = "20, 15"
    panel.activation_dropdown.value = "relu"
    panel.cost_dropdown.value = "cross-entropy"
    panel.init_dropdown.value = "scaled"
    panel.eta_slider.value = 0.5
    panel.train_button.click()
    assert panel.error is None, panel.message
    net = panel.network
    assert net.sizes == [784, 20, 15, 10]
    assert net.activation.name == "relu" and net.cost.name == "cross-entropy"
    assert panel.config["eta"] == pytest.approx(0.5)
    assert panel.hidden_text.value == "20, 15"
    panel.cost_dropdown.value = "log-likelihood"
    panel.train_button.click()
    assert panel.network.output_activation.name == "softmax"


def test_curves_change_while_training(data):
    panel = training_panel(data, n_train=500, epochs=3)
    images = []
    panel.curves.observe(lambda ch: images.append(bytes(ch.new)), names="value")
    progress = []
    panel.progress.observe(lambda ch: progress.append(ch.new), names="value")
    panel.train()
    assert len(set(images)) >= 2  # al empezar y tras las épocas
    assert progress[-1] == panel.progress.max
    assert len(progress) > 3 and progress == sorted(progress)


@pytest.mark.parametrize("control, value, expected", [
    ("hidden_text", "30, -2", "al menos una neurona"),
    ("hidden_text", "abc", "no es un número entero"),
    ("hidden_text", "30,,10", "sobra una coma"),
    ("hidden_text", "5000", "como mucho"),
    ("epochs_text", 0, "Épocas"),
    ("mini_batch_size_text", 0, "mini-lote"),
    ("n_train_text", 10**6, "Ejemplos de entrenamiento"),
    ("lmbda_text", -1.0, "λ"),
    ("seed_text", -3, "Semilla"),
])
def test_invalid_input_shows_a_spanish_message_and_trains_nothing(data, control, value, expected):
    panel = training_panel(data, n_train=200, epochs=1)
    getattr(panel, control).value = value
    assert panel.train() is None
    panel.train_button.click()
    assert panel.message.startswith("No se ha entrenado")
    assert expected in panel.message
    assert "Traceback" not in panel.status.value and expected in panel.status.value
    assert panel.network is None and panel.history is None and panel.progress.value == 0
    assert isinstance(panel.error, ValueError)


@pytest.mark.parametrize("eta", [0, -1.0, float("nan"), "tres"])
def test_eta_must_be_positive(data, eta):
    panel = training_panel(data, n_train=200, epochs=1)
    assert panel.train(eta=eta) is None
    assert "tasa de aprendizaje η" in panel.message
    assert panel.network is None


def test_invalid_defaults_raise_a_spanish_error(data):
    with pytest.raises(ValueError, match="tasa de aprendizaje"):
        training_panel(data, eta=0)
    with pytest.raises(ValueError, match="Parámetros desconocidos"):
        training_panel(data, learning_rate=1.0)


def test_parse_hidden():
    assert widgets.parse_hidden("30") == [30]
    assert widgets.parse_hidden(" 100, 30 ") == [100, 30]
    assert widgets.parse_hidden("") == []
    assert widgets.parse_hidden([100, 30]) == [100, 30]
    for bad in ("30.5", "1e3", "-1", "30 10"):
        with pytest.raises(ValueError, match="Capas ocultas"):
            widgets.parse_hidden(bad)


def test_stop_keeps_the_network(data):
    panel = training_panel(data, n_train=1000, epochs=20)

    def press_stop(change):
        if change.new >= 30 and not panel._stop_event.is_set():
            panel.stop_button.click()

    panel.progress.observe(press_stop, names="value")
    panel.train()
    h = panel.history
    assert h.stopped_early and h.epochs == [1]
    assert panel.progress.value < panel.progress.max
    assert panel.network is not None
    assert "Detenido en la época 1" in panel.message and "conserva lo aprendido" in panel.message
    # La red guardada es la que se entrenó (no una inicial): su coste bajó.
    fresh = nc.Network([784, 30, 10], np.random.default_rng(0))
    v = data.validation
    assert nc.total_cost(panel.network, v.x, v.y) < nc.total_cost(fresh, v.x, v.y)
    assert not panel.train_button.disabled and panel.stop_button.disabled


def test_background_thread_and_wait(data):
    panel = training_panel(data, n_train=400, epochs=2, background=True)
    panel.train_button.click()
    assert panel.train_button.disabled or panel.history is not None
    panel.wait(60)
    assert not panel.running
    assert panel.error is None and panel.history.epochs == [1, 2]
    assert "Precisión en validación" in panel.message
    # Un segundo clic mientras entrena no lanza otro entrenamiento.
    panel = training_panel(data, n_train=1500, epochs=50, background=True)
    panel.train()
    panel.train()
    assert "Ya hay un entrenamiento en marcha" in panel.message
    panel.stop_button.click()
    panel.wait(60)
    assert panel.history.stopped_early


def test_divergence_is_a_message_not_a_traceback(data):
    panel = training_panel(data, n_train=500, epochs=3, cost="log-likelihood", eta=100.0)
    panel.train()
    assert isinstance(panel.error, nc.TrainingDiverged)
    assert "divergido" in panel.message and "η" in panel.message
    assert panel.progress.bar_style == "danger"
    assert not panel.train_button.disabled


def test_results_panel(data, trained):
    net = trained.network
    panel = results_panel(net, data.test, page_size=5)
    pred = net.predict(data.test.x)
    np.testing.assert_array_equal(panel.cm, plots.confusion_matrix(data.test.labels, pred))
    np.testing.assert_array_equal(panel.indices, plots.misclassified(net, data.test))
    errors = int(np.sum(pred != data.test.labels))
    assert len(panel.indices) == errors > 5
    assert panel.n_pages == -(-errors // 5)
    assert f"{errors} errores" in panel.header.value
    assert panel.selected == panel.indices[0]  # empieza con el error más seguro
    assert len(panel.digit_buttons) == 5 and panel.prev_button.disabled
    first = panel.digit_buttons[0].description
    i0 = panel.indices[0]
    assert first.startswith(f"{data.test.labels[i0]} → {pred[i0]}")
    panel.next_button.click()
    assert panel.page == 1 and not panel.prev_button.disabled
    before = bytes(panel.selected_image.value)
    panel.digit_buttons[2].click()
    assert panel.selected == panel.indices[5 + 2]
    assert bytes(panel.selected_image.value) != before
    assert f"la red predice {pred[panel.selected]}" in panel.message
    panel.show_page(10**6)
    assert panel.page == panel.n_pages - 1 and panel.next_button.disabled
    # También acepta el panel de entrenamiento, y el conjunto de prueba por defecto.
    assert results_panel(trained, data.test).network is net
    with pytest.raises(TypeError, match="red entrenada"):
        results_panel(None, data.test)


def test_neuron_panel():
    panel = neuron_panel(w1=20, w2=20, b=-30)
    assert panel.gates == {"AND": True, "OR": False, "XOR": False}
    assert "AND" in panel.message
    image = bytes(panel.plot.value)
    panel.b_slider.value = -10
    assert panel.gates == {"AND": False, "OR": True, "XOR": False}
    assert bytes(panel.plot.value) != image
    np.testing.assert_allclose(panel.outputs, plots.neuron_output(20, 20, -10, [0, 0, 1, 1], [0, 1, 0, 1]))
    panel.activation_dropdown.value = "step"
    np.testing.assert_array_equal(panel.outputs, [0, 1, 1, 1])
    panel.w1_slider.value = -20
    assert not any(panel.gates.values()) and "ninguna" in panel.message
    assert dict(panel.activation_dropdown.options) == {"sigmoide": "sigmoid", "ReLU": "relu",
                                                       "escalón": "step"}
    with pytest.raises(ValueError, match="Activación desconocida"):
        neuron_panel(activation="tanh")


def test_comparison_panel(data):
    panel = comparison_panel({"eta": 0.1}, {"eta": 3.0}, data, n_train=600, epochs=2)
    assert list(panel.configs) == ["η = 0.1", "η = 3"]
    images = []
    panel.curves.observe(lambda ch: images.append(bytes(ch.new)), names="value")
    panel.train_button.click()
    assert panel.error is None, panel.message
    assert list(panel.histories) == ["η = 0.1", "η = 3"]
    for name, eta in (("η = 0.1", 0.1), ("η = 3", 3.0)):
        rng = np.random.default_rng(0)
        subset = data.training.subset(600, rng)
        net = nc.Network([784, 30, 10], rng)
        h = nc.sgd(net, subset, 2, 10, eta, rng, evaluation_data=data.validation)
        np.testing.assert_allclose(panel.histories[name].evaluation_cost, h.evaluation_cost)
        np.testing.assert_allclose(panel.networks[name].weights[0], net.weights[0])
    assert len(set(images)) >= 2
    assert "η = 0.1:" in panel.message and "η = 3:" in panel.message
    hidden = comparison_panel({"hidden": "30"}, {"hidden": "100"}, data, n_train=100, epochs=1)
    assert list(hidden.configs) == ["capas ocultas = [784, 30, 10]", "capas ocultas = [784, 100, 10]"]
    with pytest.raises(ValueError, match="Capas ocultas"):
        comparison_panel({"hidden": "x"}, {"hidden": "30"}, data)
    with pytest.raises(TypeError, match="diccionario"):
        comparison_panel(0.1, 3.0, data)


def test_without_validation_set(data):
    empty = data.validation[:0]
    panel = training_panel(nc.MnistSplits(data.training, empty, data.test), n_train=300, epochs=1)
    panel.train()
    assert panel.error is None, panel.message
    assert panel.history.evaluation_accuracy == []
    assert panel.message.startswith("Precisión en entrenamiento")
