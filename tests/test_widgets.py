"""Los paneles de nn_core.widgets, sin navegador: se pulsan sus botones y se mira su estado."""

import matplotlib

matplotlib.use("Agg")

import re

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nn_core as nc  # noqa: E402
from nn_core import plots, widgets  # noqa: E402
from nn_core.formatting import pct  # noqa: E402
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
    assert panel.eta_text.value == "3" and not panel.eta_slider.readout
    assert panel.hidden_text.value == "30"
    assert panel.n_train_text.value == "1500"  # como mucho los ejemplos disponibles
    assert "Red: [784, 30, 10]" in panel.architecture.value
    assert dict(panel.activation_dropdown.options) == {"sigmoide": "sigmoid", "ReLU": "relu"}
    assert "entropía cruzada" in dict(panel.cost_dropdown.options)
    assert panel.train_button.description == "Entrenar"
    assert panel.stop_button.description == "Detener" and panel.stop_button.disabled
    assert panel.network is None and panel.history is None
    assert bytes(panel.curves.value).startswith(b"\x89PNG")
    bundle = panel._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == panel.widget.model_id
    assert bundle["text/plain"] == "Panel de entrenamiento. Ejecuta esta celda (Mayús + Intro) para abrir el panel."


def test_click_trains_the_network_the_controls_describe(data, trained):
    panel = trained
    assert panel.network.sizes == [784, 30, 10]
    assert panel.history.epochs == [1, 2]
    assert panel.progress.value == panel.progress.max == 2 * 100
    assert "Exactitud en validación" in panel.message and "2 épocas" in panel.message
    # La exactitud del resumen es la de la red en validación.
    acc = nc.accuracy(panel.network, data.validation.x, data.validation.labels)
    assert panel.history.evaluation_accuracy[-1] == pytest.approx(acc)
    assert pct(acc, 2) in panel.message
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
    ("hidden_text", "10, 10, 10, 10, 10, 10", "como mucho 5 capas"),
    ("epochs_text", "0", "Épocas"),
    ("epochs_text", "2.5", "no es un número entero"),
    ("epochs_text", "2,5", "no es un número entero"),
    ("epochs_text", "", "vacío"),
    ("mini_batch_size_text", "0", "minilote"),
    ("n_train_text", "1000000", "Ejemplos de entrenamiento"),
    ("lmbda_text", "-1", "λ"),
    ("lmbda_text", "mucho", "λ"),
    ("seed_text", "-3", "Semilla"),
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
    assert "nn-status-error" in panel.status.value


@pytest.mark.parametrize("eta", [0, -1.0, float("nan"), "tres"])
def test_eta_must_be_positive(data, eta):
    panel = training_panel(data, n_train=200, epochs=1)
    assert panel.train(eta=eta) is None
    assert "tasa de aprendizaje η" in panel.message
    assert panel.network is None


def test_values_used_are_the_values_shown(data):
    """η fuera de lo que puede mostrar el control: mensaje y nada entrenado; dentro: se copia al control."""
    panel = training_panel(data, n_train=200, epochs=1)
    assert panel.train(eta=1000) is None
    assert "entre 0,001 y 100" in panel.message and panel.network is None
    assert panel.eta_slider.value == pytest.approx(3.0)
    panel.train(eta=0.5, epochs=1)
    assert panel.config["eta"] == 0.5 and panel.eta_slider.value == pytest.approx(0.5)
    assert panel.eta_text.value == "0,5" and panel.epochs_text.value == "1"
    with pytest.raises(ValueError, match="entre 0,001 y 100"):
        training_panel(data, eta=1000)


def test_invalid_defaults_raise_a_spanish_error(data):
    with pytest.raises(ValueError, match="tasa de aprendizaje"):
        training_panel(data, eta=0)
    with pytest.raises(ValueError, match="Parámetros desconocidos"):
        training_panel(data, learning_rate=1.0)


def test_eta_text_field_is_editable_with_a_decimal_comma(data):
    panel = training_panel(data, n_train=200, epochs=1)
    panel.eta_text.value = "0,25"
    assert panel.eta_slider.value == pytest.approx(0.25)
    panel.eta_slider.value = 10.0
    assert panel.eta_text.value == "10"
    panel.eta_text.value = "5000"                      # fuera del rango: mensaje y vuelve al valor
    assert "entre 0,001 y 100" in panel.message and panel.eta_text.value == "10"
    panel.eta_text.value = "abc"
    assert "η" in panel.message and panel.eta_slider.value == pytest.approx(10.0)
    assert panel.eta_slider.layout.width == "340px"     # ancho: cinco décadas en ≥ 300 px


def test_empty_hidden_layers_means_no_hidden_layer(data):
    panel = training_panel(data, n_train=200, epochs=1)
    panel.hidden_text.value = ""
    assert "[784, 10] (sin capas ocultas)" in panel.architecture.value
    panel.train()
    assert panel.network.sizes == [784, 10]
    assert "vacío = sin capas ocultas" in panel.hidden_text.placeholder
    panel.hidden_text.value = "30,,"
    assert "sobra una coma" in panel.architecture.value


def test_parse_hidden():
    assert widgets.parse_hidden("30") == [30]
    assert widgets.parse_hidden(" 100, 30 ") == [100, 30]
    assert widgets.parse_hidden("") == []
    assert widgets.parse_hidden([100, 30]) == [100, 30]
    for bad in ("30.5", "1e3", "-1", "30 10", "1, 1, 1, 1, 1, 1", "x" * 1000, 3.5):
        with pytest.raises(ValueError, match="Capas ocultas"):
            widgets.parse_hidden(bad)
    assert widgets.parse_hidden("1, 2, 3, 4, 5") == [1, 2, 3, 4, 5]


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
    assert "Exactitud en validación" in panel.message
    # Un segundo clic mientras entrena se ignora en silencio: ni otro entrenamiento ni un error rojo.
    panel = training_panel(data, n_train=1500, epochs=50, background=True)
    panel.train()
    message = panel.message
    panel.train()
    panel.train_button.click()
    assert panel.ignored_clicks == 2 and panel.message == message
    assert "nn-status-error" not in panel.status.value
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
    assert f"{errors} errores" in panel.header.value and "exactitud" in panel.header.value
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
        results_panel("mi red", data.test)
    with pytest.raises(TypeError, match="Entrenar"):
        results_panel(training_panel(data, n_train=100), data.test)
    # Etiquetas completas en la galería: botones de 146 px, «8 → 3 (a = 1,00)» cabe entero; la
    # activación sigmoide se muestra tal cual, no como un porcentaje.
    assert all(b.layout.width == "146px" for b in panel.digit_buttons)
    assert all(re.search(r"\(a = [01],\d\d\)$", b.description) for b in panel.digit_buttons)
    assert not any("%" in b.description for b in panel.digit_buttons)


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
    assert list(panel.configs) == ["η = 0,1", "η = 3"]
    images = []
    panel.curves.observe(lambda ch: images.append(bytes(ch.new)), names="value")
    panel.train_button.click()
    assert panel.error is None, panel.message
    assert list(panel.histories) == ["η = 0,1", "η = 3"]
    for name, eta in (("η = 0,1", 0.1), ("η = 3", 3.0)):
        rng = np.random.default_rng(0)
        subset = data.training.subset(600, rng)
        net = nc.Network([784, 30, 10], rng)
        h = nc.sgd(net, subset, 2, 10, eta, rng, evaluation_data=data.validation)
        np.testing.assert_allclose(panel.histories[name].evaluation_cost, h.evaluation_cost)
        np.testing.assert_allclose(panel.networks[name].weights[0], net.weights[0])
    assert len(set(images)) >= 2
    assert "η = 0,1:" in panel.message and "η = 3:" in panel.message
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
    assert panel.message.startswith("Exactitud en entrenamiento")


# --------------------------------------------------------------------------- issues 13 y 15

def _images(widget):
    """Todas las ``ipywidgets.Image`` dentro de ``widget``."""
    import ipywidgets as w

    found = [widget] if isinstance(widget, w.Image) else []
    for child in getattr(widget, "children", ()):
        found += _images(child)
    return found


def _png_width(png):
    import struct

    return struct.unpack(">I", bytes(png)[16:20])[0]


def test_factories_work_alone_and_say_how_to_open_them():
    """Cada fábrica funciona sin argumentos (carga MNIST una vez, entrena la red por defecto)."""
    from nn_core.panels.common import default_data

    assert default_data() is default_data()
    for factory in (training_panel, neuron_panel, results_panel, widgets.drawing_panel):
        panel = factory()
        text = panel._repr_mimebundle_()["text/plain"]
        assert text.endswith("Ejecuta esta celda (Mayús + Intro) para abrir el panel.")
    panel = comparison_panel({"eta": 0.1}, {"eta": 3.0})
    assert panel.data is default_data()
    assert results_panel().network.sizes == [784, 100, 10]


def test_no_image_is_ever_empty_and_all_are_hidpi(data, trained):
    """Una Image vacía se ve como un icono roto: todas empiezan con un PNG (marcador o figura)."""
    panels = [training_panel(data), comparison_panel({"eta": 0.1}, {"eta": 3.0}, data),
              results_panel(trained.network, data.test), neuron_panel(), trained]
    for panel in panels:
        images = _images(panel.widget)
        assert images
        for image in images:
            assert bytes(image.value).startswith(b"\x89PNG"), type(panel).__name__
    # Figuras a 2×: el PNG tiene el doble de píxeles que el ancho con que se muestra.
    for image in (trained.curves, panels[2].cm_image, panels[2].selected_image, panels[3].plot):
        shown = int(image.layout.width.removesuffix("px"))
        assert _png_width(image.value) == pytest.approx(2 * shown, abs=2)
    assert widgets.PANEL_DPI >= 160


def test_curves_are_updated_several_times_per_epoch(data):
    panel = training_panel(data, n_train=1000, epochs=2)
    panel.train()
    live = panel.live["epoch"]
    assert len(live) >= 2 * 3                       # varias medidas por época
    assert any(0 < x < 1 for x in live) and any(1 < x < 2 for x in live)
    assert live == sorted(live) and live[-1] == 2
    assert panel.live["accuracy"][-1] == panel.history.evaluation_accuracy[-1]


def test_accuracy_axis_is_fixed_and_the_progress_label_is_reset(data):
    panel = training_panel(data, n_train=300, epochs=1)
    panel.progress_label.value = "época 5/5 · minilote 30/30"
    labels = []
    panel.progress_label.observe(lambda ch: labels.append(ch.new), names="value")
    panel.train()
    assert labels[0] == "empezando…"
    fig, axes = plots.new_figure(), None
    axes = fig.subplots(1, 2)
    plots.plot_history(panel.history, axes=axes, live=panel.live)
    assert axes[1].get_ylim() == (0, 100)


def test_near_chance_run_gets_a_warning_and_a_hint(data):
    panel = training_panel(data, n_train=1000, epochs=2, activation="relu", eta=100.0)
    panel.train()
    if panel.error is not None:  # si divergiera, el mensaje ya lo dice (en rojo)
        assert "divergido" in panel.message
        return
    assert panel.history.evaluation_accuracy[-1] < 0.2
    assert "la red no aprende" in panel.message.lower() and "η menor" in panel.message
    assert "nn-status-warning" in panel.status.value and panel.progress.bar_style == "warning"
    good = training_panel(data, n_train=1000, epochs=2)
    good.train()
    assert "no aprende" not in good.message and "nn-status-ok" in good.status.value


def test_comparison_marks_the_configuration_that_does_not_learn(data):
    panel = comparison_panel({"eta": 100.0, "activation": "relu"}, {"eta": 3.0}, data, n_train=600, epochs=2)
    panel.train()
    if panel.error is None:
        assert "no aprende" in panel.message and "«η = 100, activación = ReLU»" in panel.message
        assert "nn-status-warning" in panel.status.value


def test_run_guard_is_atomic(data):
    """Ocho hilos pulsan «Entrenar» a la vez: un solo entrenamiento, y ningún mensaje de error."""
    import threading
    import time

    panel = training_panel(data, n_train=100, epochs=1)
    runs = []

    def slow_run(cfg):
        runs.append(cfg)
        time.sleep(0.3)

    panel._run = slow_run
    barrier = threading.Barrier(8)

    def click():
        barrier.wait()
        panel.train(blocking=True)

    threads = [threading.Thread(target=click) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(runs) == 1 and panel.ignored_clicks == 7
    assert not panel.running and not panel.train_button.disabled


def test_interrupt_leaves_a_truthful_status_and_keeps_the_epochs(data):
    panel = training_panel(data, n_train=500, epochs=5)
    per_epoch = 50

    def interrupt(change):
        if change.new >= per_epoch + 20:
            raise KeyboardInterrupt

    panel.progress.observe(interrupt, names="value")
    with pytest.raises(KeyboardInterrupt):
        panel.train(blocking=True)
    assert panel.history.epochs == [1]
    assert "Interrumpido en la época 2" in panel.message and "se conserva la época completa" in panel.message
    assert "Entrenando" not in panel.message and "nn-status-warning" in panel.status.value
    assert not panel.running and not panel.train_button.disabled and panel.stop_button.disabled


def test_every_handler_shows_its_errors_in_spanish(data):
    panel = training_panel(data, n_train=100, epochs=1)

    def broken(*args, **kwargs):
        raise RuntimeError("se rompió")

    panel.train = broken
    panel.train_button.click()                       # no lanza: el mensaje va al panel
    assert "Algo ha fallado" in panel.message and "se rompió" in panel.message
    neuron = neuron_panel()
    neuron.update = broken
    neuron.b_slider.value = 3.0
    assert "Algo ha fallado" in neuron.message


def test_five_examples_clamp_the_mini_batch_with_a_message(data):
    tiny = nc.MnistSplits(data.training[:5], data.validation[:20], data.test[:20])
    panel = training_panel(tiny, epochs=1)
    assert panel.config["mini_batch_size"] == 5 and panel.config["n_train"] == 5
    assert "Minilote reducido a 5" in panel.message
    panel.train()
    assert panel.error is None and panel.history.epochs == [1]
    with pytest.raises(ValueError, match="minilote"):
        training_panel(tiny, mini_batch_size=10)
    assert comparison_panel({"eta": 0.1}, {"eta": 3.0}, tiny).configs["η = 0,1"]["mini_batch_size"] == 5


def test_neuron_panel_refuses_out_of_range_values_and_follows_the_drag():
    with pytest.raises(ValueError, match="fuera del rango"):
        neuron_panel(w1=100)
    with pytest.raises(ValueError, match="fuera del rango"):
        neuron_panel(b=-31)
    with pytest.raises(ValueError, match="número finito"):
        neuron_panel(w2=float("nan"))
    panel = neuron_panel(w1=2.5, b=-0.5)
    assert panel.w1_slider.continuous_update and panel.b_slider.continuous_update
    assert panel.w1_value.value == "2,5" and panel.b_value.value == "−0,5"
    panel.w1_slider.value = -3.5
    assert panel.w1_value.value == "−3,5"
    assert "0,5" in panel.widget.children[1].value


def test_neuron_panel_coalesces_updates_while_dragging():
    """En segundo plano, muchos valores seguidos (un arrastre) acaban en el dibujo del último."""
    panel = neuron_panel(w1=20, w2=20, b=-30, background=True)
    for b in np.arange(-30, -9.5, 0.5):
        panel.b_slider.value = float(b)
    panel.wait()
    assert panel.b_slider.value == -10 and panel.gates == {"AND": False, "OR": True, "XOR": False}
    assert "OR" in panel.message and panel._worker is None


def test_integer_fields_complain_while_typing(data):
    panel = training_panel(data, n_train=200, epochs=1)
    panel.epochs_text.value = "2.5"
    assert panel.message.startswith("Revisa los valores") and "no es un número entero" in panel.message
    assert "nn-status-error" in panel.status.value
    panel.epochs_text.value = "2"
    assert panel.message == "Listo. Pulsa «Entrenar»."
    panel.n_train_text.value = "1 000"                  # con espacio de miles también vale
    panel.train()
    assert panel.config["n_train"] == 1000 and panel.n_train_text.value == "1000"
