"""El panel «Dibuja tu dígito» (nn_core.drawing), manejado desde pytest sin navegador."""

import numpy as np
import pytest

import nn_core as nc
from nn_core.drawing import (DrawingPanel, check_drawing, default_network, drawing_panel,
                             rasterize_strokes, recognize_image)
from nn_core.panels.common import placeholder_png
from nn_core.panels.drawing import ACTIVATIONS_FIGSIZE, PLACEHOLDER_TEXT, STAGES_FIGSIZE
from nn_core.preprocessing import center_of_mass, mnistify

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PLACEHOLDER_STAGES = placeholder_png(*STAGES_FIGSIZE, PLACEHOLDER_TEXT)
PLACEHOLDER_ACTIVATIONS = placeholder_png(*ACTIVATIONS_FIGSIZE, PLACEHOLDER_TEXT)


@pytest.fixture(scope="module")
def mnist():
    return nc.load_mnist()


@pytest.fixture(scope="module")
def net():
    return default_network()


def send(panel, event, x, y):
    """Lo que llega al núcleo cuando el navegador envía un evento del ratón sobre el lienzo."""
    panel.canvas._handle_frontend_event(None, {"event": event, "x": x, "y": y}, [])


def draw_with_mouse(panel, points):
    send(panel, "mouse_down", *points[0])
    for p in points[1:]:
        send(panel, "mouse_move", *p)
    send(panel, "mouse_up", *points[-1])


# --------------------------------------------------------------------------- rasterizar

def test_rasterize_strokes_draws_a_thick_round_pen():
    img = rasterize_strokes([[(100, 50), (100, 200)]], (280, 280), line_width=20)
    assert img.shape == (280, 280) and img.min() == 0.0 and img.max() == 1.0
    row = img[120]
    assert np.count_nonzero(row >= 0.5) == 20                  # 20 px de grosor
    assert np.count_nonzero(row > 0) <= 22                     # borde suavizado de 1 px
    assert img[50 - 9, 100] == 1.0 and img[50 - 12, 100] == 0  # extremo redondo
    dot = rasterize_strokes([[(30, 30)]], (60, 60), line_width=10)
    assert np.count_nonzero(dot >= 0.5) == pytest.approx(np.pi * 25, rel=0.15)
    assert rasterize_strokes([], (5, 7)).shape == (5, 7)
    with pytest.raises(ValueError, match="grosor"):
        rasterize_strokes([[(1, 1)]], (5, 5), line_width=0)


# --------------------------------------------------------------------------- la red por defecto

def test_default_network_is_trained_and_cached(net, mnist):
    assert net.sizes == [784, 100, 10]
    assert net.cost.name == "cross-entropy"
    assert nc.accuracy(net, mnist.test.x[:, :2000], mnist.test.labels[:2000]) > 0.9
    again = default_network()
    assert again is not net                                    # una copia cada vez...
    for w1, w2 in zip(again.weights, net.weights):             # ...de la misma red
        np.testing.assert_array_equal(w1, w2)


# --------------------------------------------------------------------------- el panel

def test_panel_recognises_a_real_digit_scaled_up(net, mnist):
    panel = drawing_panel(net, mnist)
    assert isinstance(panel, DrawingPanel)
    assert panel.clear_button.description == "Borrar"
    assert panel.recognize_button.description == "Reconocer"
    k = 3
    digit, label = mnist.test.images()[k], int(mnist.test.labels[k])
    panel.set_drawing(np.kron(digit, np.ones((10, 10))))      # 28×28 → 280×280
    panel.recognize_button.click()
    result = panel.result
    assert result.prediction == label == int(net.predict(mnist.test.x[:, [k]])[0])
    assert f"Predicción: {label}" in panel.message.value
    assert 0.5 < result.confidence <= 1.0
    np.testing.assert_allclose(result.activations, net.feedforward(result.x)[:, 0])
    # Los datos de las figuras: las barras son las 10 activaciones y las imágenes, las etapas.
    bars = panel.activations_figure.axes[0].patches
    np.testing.assert_allclose([b.get_height() for b in bars], result.activations)
    shown = [ax.images[0].get_array() for ax in panel.stages_figure.axes]
    assert len(shown) == 5
    for img, key in zip(shown, ["drawing", "cropped", "scaled", "centered"]):
        np.testing.assert_array_equal(img, result.stages[key])
    np.testing.assert_array_equal(shown[4], result.reference)
    assert "MNIST real" in panel.stages_figure.axes[4].get_title()
    assert bytes(panel.stages_image.value).startswith(PNG_SIGNATURE)
    assert bytes(panel.activations_image.value).startswith(PNG_SIGNATURE)
    # El dígito de referencia es de MNIST y de la clase predicha.
    ref_index = np.flatnonzero(mnist.test.labels == result.prediction)[0]
    np.testing.assert_array_equal(result.reference, mnist.test.images()[ref_index])


def test_panel_with_mouse_events_draws_a_one(net, mnist):
    panel = drawing_panel(net, mnist)
    draw_with_mouse(panel, [(150, 40 + 10 * i) for i in range(21)])   # un trazo vertical
    send(panel, "mouse_move", 20, 20)                                  # sin pulsar: no dibuja
    assert len(panel.strokes) == 1 and len(panel.strokes[0]) == 21
    drawing = panel.drawing()
    assert drawing.shape == (280, 280) and drawing[150, 150] == 1.0 and drawing[20, 20] == 0.0
    result = panel.recognize()
    assert result.prediction == 1
    r, c = center_of_mass(result.stages["centered"])
    assert abs(r - 14) <= 0.5 + 1e-9 and abs(c - 14) <= 0.5 + 1e-9
    assert "Predicción: 1" in panel.message.value


def test_empty_drawing_shows_a_spanish_message_not_a_traceback(net, mnist):
    panel = drawing_panel(net, mnist)
    panel.recognize_button.click()                  # sin dibujo: mensaje en el panel
    assert "El dibujo está vacío" in panel.message.value
    assert panel.result is None and bytes(panel.stages_image.value).startswith(PNG_SIGNATURE)
    assert bytes(panel.stages_image.value) == PLACEHOLDER_STAGES   # el marcador, no una imagen rota
    with pytest.raises(ValueError, match="vacío"):
        panel.recognize()


def test_clear_button_erases_everything(net, mnist):
    panel = drawing_panel(net, mnist)
    draw_with_mouse(panel, [(100, 100), (180, 180)])
    panel.recognize()
    panel.clear_button.click()
    assert panel.strokes == [] and panel.result is None
    assert panel.drawing().max() == 0.0
    assert bytes(panel.activations_image.value) == PLACEHOLDER_ACTIVATIONS and "Predicción" not in panel.message.value


def test_set_drawing_checks_the_size(net, mnist):
    panel = drawing_panel(net, mnist)
    with pytest.raises(ValueError, match="280×280"):
        panel.set_drawing(np.ones((28, 28)))


def test_panel_without_network_trains_the_default_one(mnist):
    panel = drawing_panel(data=mnist)
    assert panel.network is not None and panel.network.sizes == [784, 100, 10]   # al crearlo
    k = 0
    panel.set_drawing(np.kron(mnist.test.images()[k], np.ones((10, 10))))
    result = panel.recognize()
    assert result.prediction == int(mnist.test.labels[k])


def test_recognize_image_rejects_a_network_of_the_wrong_shape(mnist):
    rng = np.random.default_rng(0)
    small = nc.Network([784, 5, 3], rng)
    with pytest.raises(ValueError, match="10 neuronas de salida"):
        recognize_image(small, np.kron(mnist.test.images()[0], np.ones((10, 10))), mnist)
    with pytest.raises(ValueError, match="784 entradas|784 neuronas"):
        drawing_panel(nc.Network([100, 10], rng), mnist)
    with pytest.raises(TypeError, match="nc.Network"):
        drawing_panel("mi red", mnist)
    with pytest.raises(TypeError, match="load_mnist"):
        drawing_panel(None, data=[1, 2, 3])


def test_rgba_canvas_data_gives_the_same_result_as_grayscale(net, mnist):
    digit = np.kron(mnist.test.images()[5], np.ones((10, 10)))
    rgba = np.zeros((280, 280, 4), dtype=np.uint8)          # tinta negra con su opacidad, como un lienzo
    rgba[..., 3] = np.round(digit * 255).astype(np.uint8)
    np.testing.assert_allclose(mnistify(rgba), mnistify(digit), atol=1e-2)
    panel = drawing_panel(net, mnist)
    panel.set_drawing(rgba)
    assert panel.recognize().prediction == int(mnist.test.labels[5])


# --------------------------------------------------------------------------- issues 13 y 15

def test_images_start_with_a_placeholder_never_empty(net, mnist):
    panel = drawing_panel(net, mnist)
    assert bytes(panel.stages_image.value) == PLACEHOLDER_STAGES
    assert bytes(panel.activations_image.value) == PLACEHOLDER_ACTIVATIONS
    assert panel._repr_mimebundle_()["text/plain"].endswith(
        "Ejecuta esta celda (Mayús + Intro) para abrir el panel.")


def test_a_dot_is_too_small_to_be_a_digit(net, mnist):
    panel = drawing_panel(net, mnist)
    draw_with_mouse(panel, [(140, 140), (141, 140)])            # un punto
    panel.recognize_button.click()
    text = panel.message.value
    assert "demasiado pequeño" in text and "nn-draw-warning" in text
    assert panel.result is None and bytes(panel.activations_image.value) == PLACEHOLDER_ACTIVATIONS
    with pytest.raises(ValueError, match="demasiado pequeño"):
        recognize_image(net, rasterize_strokes([[(140, 140)]]), mnist)
    check_drawing(rasterize_strokes([[(150, 40), (150, 240)]]))   # un «1» sí vale
    with pytest.raises(ValueError, match="vacío"):
        check_drawing(np.zeros((280, 280)))
    with pytest.raises(ValueError, match="vacío"):
        check_drawing(np.full((280, 280), 1e-16))                 # restos numéricos: no es tinta


def test_click_handlers_never_let_an_exception_escape(net, mnist):
    panel = drawing_panel(net, mnist)

    def broken():
        raise TypeError("unsupported operand type(s)")

    panel.recognize = broken
    panel.recognize_button.click()
    assert "Algo ha fallado" in panel.message.value and panel.result is None
    send(panel, "mouse_down", "x", None)                          # un evento raro del navegador: se ignora
    send(panel, "mouse_move", float("nan"), 3)
    assert panel.strokes == []


@pytest.mark.parametrize("kwargs, match", [
    ({"side": -5}, "lado del lienzo"),
    ({"side": 10**6}, "lado del lienzo"),
    ({"side": 28.5}, "lado del lienzo"),
    ({"line_width": 0}, "grosor"),
    ({"line_width": 10**4}, "grosor"),
    ({"line_width": "gordo"}, "grosor"),
])
def test_panel_refuses_bad_sizes(net, mnist, kwargs, match):
    with pytest.raises(ValueError, match=match):
        DrawingPanel(net, mnist, **kwargs)


def test_rasterize_strokes_checks_limits_before_allocating():
    import time

    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"ocuparía .* MB"):
        rasterize_strokes([[(1, 1)]], (10**6, 10**6))
    assert time.perf_counter() - start < 0.5
    for shape in ((-5, 10), (0, 10), (10,), "grande", (2.5, 3)):
        with pytest.raises(ValueError, match="lienzo"):
            rasterize_strokes([], shape)
    with pytest.raises(ValueError, match="grosor"):
        rasterize_strokes([[(1, 1)]], (5, 5), line_width="x")
    with pytest.raises(TypeError, match="lista de trazos"):
        rasterize_strokes(5, (5, 5))
    with pytest.raises(ValueError, match="par"):
        rasterize_strokes([[(1, 2, 3)]], (5, 5))
    with pytest.raises(ValueError, match="números"):
        rasterize_strokes([[("a", "b")]], (5, 5))
