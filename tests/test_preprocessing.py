"""El preprocesado de MNIST (nn_core.preprocessing) con trazos sintéticos y dígitos reales."""

import numpy as np
import pytest

import nn_core as nc
from nn_core.drawing import rasterize_strokes
from nn_core.preprocessing import (BOX_SIZE, STAGE_TITLES, bounding_box, center_by_mass,
                                   center_of_mass, crop_to_bounding_box, fit_shape, mnistify,
                                   mnistify_stages, naive_downscale, normalize_levels, resize,
                                   scale_to_fit, to_column, to_grayscale)


def vertical_bar(x=140, top=40, bottom=240, shape=(280, 280)):
    return rasterize_strokes([[(x, top), (x, bottom)]], shape)


def seven(dx=0.0, dy=0.0, scale=1.0):
    """Un «7» de dos trazos, trasladado (dx, dy) y escalado alrededor del origen."""
    pts = np.array([(80, 60), (200, 60), (120, 230)], dtype=float) * scale + (dx, dy)
    return rasterize_strokes([pts], (280, 280), line_width=24 * scale)


@pytest.fixture(scope="module")
def mnist():
    return nc.load_mnist()


# --------------------------------------------------------------------------- entrada

def test_to_grayscale_accepts_uint8_float_bool_rgb_and_rgba():
    g = np.array([[0, 255], [51, 0]], dtype=np.uint8)
    np.testing.assert_allclose(to_grayscale(g), [[0, 1], [0.2, 0]])
    np.testing.assert_allclose(to_grayscale(g / 255.0), [[0, 1], [0.2, 0]])
    np.testing.assert_allclose(to_grayscale(g > 0), [[0, 1], [1, 0]])
    np.testing.assert_allclose(to_grayscale(g, invert=True), [[1, 0], [0.8, 1]])
    # RGBA de un lienzo: transparente = sin tinta; negro opaco = tinta 1; blanco opaco = sin tinta.
    rgba = np.zeros((1, 3, 4), dtype=np.uint8)
    rgba[0, 1] = (0, 0, 0, 255)
    rgba[0, 2] = (255, 255, 255, 255)
    np.testing.assert_allclose(to_grayscale(rgba), [[0, 1, 0]], atol=1e-12)
    rgb = np.array([[[0, 0, 0], [255, 255, 255]]], dtype=np.uint8)
    np.testing.assert_allclose(to_grayscale(rgb), [[1, 0]], atol=1e-12)


@pytest.mark.parametrize("bad, exc, words", [
    (np.zeros((3, 3, 2)), ValueError, "RGBA"),
    (np.zeros(5), ValueError, "(H, W)"),
    (np.full((2, 2), 300), ValueError, "entre 0 y 255"),
    (np.full((2, 2), 2.0), ValueError, "[0, 1]"),
    (np.array([[np.nan, 0.0]]), ValueError, "no finitos"),
    ("dibujo", TypeError, "imagen"),
    (np.array([["a", "b"]]), TypeError, "números"),
])
def test_bad_input_raises_spanish_errors(bad, exc, words):
    with pytest.raises(exc, match=None) as info:
        mnistify(bad)
    assert words in str(info.value)


@pytest.mark.parametrize("empty", [np.zeros((280, 280)), np.zeros((50, 60), dtype=np.uint8),
                                   np.zeros((10, 10, 4), dtype=np.uint8)])
def test_empty_drawing_is_a_spanish_value_error(empty):
    with pytest.raises(ValueError, match="El dibujo está vacío"):
        mnistify(empty)
    with pytest.raises(ValueError, match="El dibujo está vacío"):
        naive_downscale(empty)


# --------------------------------------------------------------------------- etapas

def test_crop_to_bounding_box():
    img = np.zeros((10, 12))
    img[2:5, 3:9] = 0.5
    img[7, 4] = 1.0
    assert bounding_box(img) == (2, 8, 3, 9)
    cropped = crop_to_bounding_box(img)
    assert cropped.shape == (6, 6)
    assert cropped[5, 1] == 1.0 and cropped[0, 0] == 0.5


def test_resize_keeps_constants_and_averages_areas():
    np.testing.assert_allclose(resize(np.full((7, 13), 0.3), (5, 4)), 0.3)
    np.testing.assert_allclose(resize(np.full((3, 2), 0.6), (9, 11)), 0.6)
    # Reducir 4×4 a 2×2 es la media de cada bloque 2×2.
    img = np.arange(16, dtype=float).reshape(4, 4) / 15
    np.testing.assert_allclose(resize(img, (2, 2)), img.reshape(2, 2, 2, 2).mean(axis=(1, 3)))
    # La media por área conserva la tinta total (escalada por el cociente de áreas).
    bar = vertical_bar()
    small = resize(bar, (28, 28))
    assert small.sum() == pytest.approx(bar.sum() * (28 * 28) / (280 * 280))


def test_scale_to_fit_keeps_aspect_ratio():
    wide = np.ones((30, 90))
    assert scale_to_fit(wide).shape == (7, 20)   # 30 · 20/90 = 6,67 → 7
    tall = np.ones((200, 20))
    assert scale_to_fit(tall).shape == (20, 2)
    assert fit_shape((5, 3)) == (20, 12)           # también amplía dibujos pequeños
    assert fit_shape((400, 1)) == (20, 1)          # al menos 1 píxel


def test_wide_shape_stays_wide_after_mnistify():
    dash = rasterize_strokes([[(60, 140), (220, 140)]], (280, 280), line_width=30)
    stages = mnistify_stages(dash)
    h, w = stages["scaled"].shape
    assert w == BOX_SIZE and h < w / 3
    top, bottom, left, right = bounding_box(stages["centered"])
    assert right - left == BOX_SIZE and bottom - top == h


def test_stages_shapes_and_ranges():
    stages = mnistify_stages(seven())
    assert list(stages) == list(STAGE_TITLES)
    assert stages["drawing"].shape == (280, 280)
    assert max(stages["scaled"].shape) == BOX_SIZE
    assert stages["centered"].shape == (28, 28)
    for img in stages.values():
        assert img.dtype == np.float64
        assert img.min() >= 0.0 and img.max() <= 1.0
    assert stages["scaled"].max() == pytest.approx(1.0)
    np.testing.assert_array_equal(mnistify(seven()), stages["centered"])
    assert to_column(stages["centered"]).shape == (784, 1)
    np.testing.assert_array_equal(to_column(stages["centered"])[28:56, 0], stages["centered"][1])
    with pytest.raises(ValueError, match="28×28"):
        to_column(np.zeros((20, 20)))
    assert not np.array_equal(stages["scaled"] > 0, stages["scaled"] >= 1)  # bordes en niveles de gris


def test_normalize_levels():
    np.testing.assert_allclose(normalize_levels(np.array([[0.0, 0.25], [0.5, 0.1]])), [[0, 0.5], [1, 0.2]])


# --------------------------------------------------------------------------- centro de masas

def test_mnist_convention_centre_of_mass_at_14(mnist):
    # El convenio que imitamos, medido en los datos: el centro de masas de los dígitos de MNIST
    # cae en [13,5, 14,5] en ambos ejes (traslación entera hacia el píxel 14), salvo 2 de 50.000
    # que se salen por menos de 0,03.
    imgs = mnist.training.images()
    rows = np.arange(28)
    mass = imgs.sum(axis=(1, 2))
    com = np.column_stack([imgs.sum(axis=2) @ rows, imgs.sum(axis=1) @ rows]) / mass[:, None]
    np.testing.assert_allclose(com[:50], [center_of_mass(im) for im in imgs[:50]])
    inside = np.all((com >= 13.5) & (com <= 14.5), axis=1)
    assert inside.mean() > 0.999
    assert np.abs(com - 14).max() < 0.53


@pytest.mark.parametrize("x", [30, 140, 250])
def test_vertical_bar_ends_up_centred(x):
    out = mnistify(vertical_bar(x=x, top=20, bottom=150))
    r, c = center_of_mass(out)
    assert abs(r - 14) <= 0.5 + 1e-9 and abs(c - 14) <= 0.5 + 1e-9
    # La barra es vertical, mide 20 de alto y apenas 2-3 de ancho.
    top, bottom, left, right = bounding_box(out)
    assert bottom - top == 20 and right - left <= 3


def test_center_by_mass_places_the_mass_at_14():
    rng = np.random.default_rng(0)
    for _ in range(20):
        h, w = rng.integers(3, 21, size=2)
        img = rng.random((h, w)) ** 3
        out = center_by_mass(img)
        assert out.shape == (28, 28)
        assert out.sum() == pytest.approx(img.sum())        # no se pierde tinta
        r, c = center_of_mass(out)
        assert abs(r - 14) <= 0.5 + 1e-9 and abs(c - 14) <= 0.5 + 1e-9
    # Un dibujo muy asimétrico se desplaza lo justo para caber entero.
    lopsided = np.zeros((20, 20))
    lopsided[0, 0] = 1.0
    lopsided[19, 19] = 0.01
    assert center_by_mass(lopsided).sum() == pytest.approx(1.01)
    with pytest.raises(ValueError, match="no cabe"):
        center_by_mass(np.ones((30, 5)))


def test_digit_in_a_corner_ends_up_like_one_in_the_middle():
    middle = mnistify(seven())
    shifted = mnistify(seven(dx=-60, dy=-40))                  # el mismo, arriba a la izquierda
    small = mnistify(seven(dx=-10, dy=-5, scale=0.5))          # la mitad de grande, en la esquina
    other = mnistify(seven(dx=150, dy=130, scale=0.6))         # abajo a la derecha
    assert np.abs(shifted - middle).max() < 0.05
    for img in (small, other):
        assert np.abs(img - middle).mean() < 0.02
        assert np.corrcoef(img.ravel(), middle.ravel())[0, 1] > 0.95
    # Sin preprocesado, los mismos dibujos apenas se parecen.
    raw_middle, raw_small = naive_downscale(seven()), naive_downscale(seven(dx=-10, dy=-5, scale=0.5))
    assert np.corrcoef(raw_small.ravel(), raw_middle.ravel())[0, 1] < 0.3


# --------------------------------------------------------------------------- dígitos reales

def test_real_mnist_digits_survive_mnistify(mnist):
    imgs = mnist.test.images()[:300]
    out = np.array([mnistify(im) for im in imgs])
    # Ya están normalizados: el preprocesado casi no los cambia.
    assert np.abs(out - imgs).max(axis=(1, 2)).mean() < 0.05
    assert np.mean([np.array_equal(o > 0, i > 0) for o, i in zip(out, imgs)]) > 0.9


def test_mnistified_digits_scaled_up_are_still_recognised(mnist):
    rng = np.random.default_rng(1)
    net = nc.Network([784, 30, 10], rng, cost="cross-entropy", init="scaled")
    nc.sgd(net, mnist.training.subset(5000, rng), 3, 10, 0.5, rng,
           monitor_training=False, monitor_evaluation=False)
    test = mnist.test[:300]
    base = nc.accuracy(net, test.x, test.labels)
    # Cada dígito ampliado ×10 en un lienzo de 280×280, desplazado a una esquina, y vuelto a preprocesar.
    x = []
    for k, im in enumerate(test.images()):
        canvas = np.zeros((400, 400))
        big = np.kron(im, np.ones((10, 10)))
        off = (k * 37) % 120
        canvas[off:off + 280, 120 - off:400 - off] = big
        x.append(to_column(mnistify(canvas))[:, 0])
    again = nc.accuracy(net, np.array(x).T, test.labels)
    assert base > 0.85
    assert again > base - 0.05


# --------------------------------------------------------------------------------------
# Issue 13: el blanco es exactamente cero tinta; límites antes de reservar memoria
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("white", [
    np.full((5, 6, 3), 255, np.uint8), np.full((5, 6, 4), 255, np.uint8),
    np.ones((5, 6, 3)), np.ones((5, 6, 4)), np.ones((5, 6, 3), np.float32), np.ones((5, 6, 4), bool),
])
def test_white_is_exactly_zero_ink_and_black_exactly_one(white):
    """Antes: 1e-16 de tinta en cada píxel blanco: un lienzo blanco se reconocía como «8»."""
    ink = nc.preprocessing.to_grayscale(white)
    assert ink.dtype == np.float64 and (ink == 0.0).all()
    black = np.zeros_like(white)
    if white.shape[2] == 4:
        black[..., 3] = white[..., 3]       # negro opaco
    assert (nc.preprocessing.to_grayscale(black) == 1.0).all()


def test_blank_white_canvas_is_an_empty_drawing():
    canvas = np.full((100, 100, 4), 255, np.uint8)
    canvas[40:60, 45:50, :3] = 0          # un trazo negro
    top, bottom, left, right = nc.preprocessing.bounding_box(nc.preprocessing.to_grayscale(canvas))
    assert (top, bottom, left, right) == (40, 60, 45, 50)   # el recorte no cubre toda la imagen
    with pytest.raises(ValueError, match="vacío"):
        nc.preprocessing.mnistify(np.full((100, 100, 4), 255, np.uint8))


def test_resize_and_sides_refuse_sizes_past_the_budget_quickly():
    import time
    img = np.ones((4, 4))
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"necesitaría .*GB.*máximo"):
        nc.preprocessing.resize(img, (10**5, 10**5))
    with pytest.raises(ValueError, match="máximo"):
        nc.preprocessing.center_by_mass(img, side=10**5)
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize("call", [
    lambda: nc.preprocessing.resize(np.ones((4, 4)), ("a", 3)),
    lambda: nc.preprocessing.resize(np.ones((4, 4)), None),
    lambda: nc.preprocessing.resize(np.ones((4, 4)), (0, 3)),
    lambda: nc.preprocessing.center_by_mass(np.ones((4, 4)), side=-5),
    lambda: nc.preprocessing.naive_downscale(np.ones((4, 4)), side=2.5),
    lambda: nc.preprocessing.bounding_box(np.ones((4, 4)), threshold="x"),
    lambda: nc.preprocessing.scale_to_fit(np.ones((4, 4)), size=True),
])
def test_bad_sizes_and_thresholds_are_spanish_value_errors(call):
    with pytest.raises(ValueError, match="debe"):
        call()


@pytest.mark.parametrize("bad", [np.array([["a", "b"]]), np.ones((2, 2), complex), [[1, 2], [3]]])
def test_non_numeric_images_are_spanish_type_errors(bad):
    for fn in (nc.preprocessing.crop_to_bounding_box, nc.preprocessing.to_column, nc.preprocessing.to_grayscale):
        with pytest.raises(TypeError, match="array|imagen") as info:
            fn(bad)
        assert "could not" not in str(info.value)
