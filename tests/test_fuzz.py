"""Pruebas de propiedades (hypothesis) sobre la API pública de nn_core (issue 13).

Para entradas al azar (formas, dtypes y valores al azar, con NaN, infinitos, arrays vacíos,
números enormes, arrays traspuestos y tipos equivocados) cada función debe, o bien dar un
resultado correcto (con las formas documentadas), o bien lanzar un ValueError/TypeError en
español que diga qué se esperaba; nunca otra excepción (ni un error de numpy en inglés).

Presupuesto fijo y reproducible: ``derandomize=True`` y ``max_examples`` por prueba
(``EXAMPLES`` = 60; 40 para ``sgd``), así que cada ejecución prueba los mismos 1006 ejemplos.
"""

import re
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nn_core as nc
from nn_core import preprocessing as pre

EXAMPLES = 60
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

SPANISH = re.compile(r"\b(debe|deben|debería|deberían|se esperaba|necesita|necesitaría|no es|no se|hay que|"
                     r"contiene|contienen|tiene|tienen|máximo|vacío|solo|usa|desconocid[ao]|divergido|falta)\b",
                     re.IGNORECASE)
ENGLISH = re.compile(r"\b(could not|operands|broadcast|must be|invalid|expected|cannot|not supported|"
                     r"ufunc|matmul|mismatch|object of type|unsupported|argument|is not|has no)\b")


def check_error(e):
    """La excepción ``e`` es la que se admite: ValueError/TypeError con un mensaje en español."""
    assert isinstance(e, (ValueError, TypeError)), f"{type(e).__name__}: {e}"
    message = str(e)
    assert SPANISH.search(message), f"mensaje sin español: {message!r}"
    assert not ENGLISH.search(message), f"mensaje en inglés: {message!r}"
    assert len(message) < 600, f"mensaje demasiado largo ({len(message)} caracteres)"


def call(fn, *args, allowed=(), **kwargs):
    """Llama a ``fn``: devuelve ``(True, resultado)`` o ``(False, None)`` si lanzó un error admitido."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # avisos de desbordamiento: no son errores
        try:
            return True, fn(*args, **kwargs)
        except allowed:
            return False, None
        except Exception as e:  # noqa: BLE001 — cualquier otra cosa es un fallo de la prueba
            check_error(e)
            return False, None


# --------------------------------------------------------------------------------------
# Estrategias
# --------------------------------------------------------------------------------------

SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, np.nan, np.inf, -np.inf, 1e300, -1e300, 1e-310, 255.0]
DTYPES = [np.float64, np.float64, np.float64, np.float32, np.int64, np.uint8, np.bool_, np.complex128,
          object, "U3"]


@st.composite
def arrays(draw, shape=None, dtypes=DTYPES):
    """Un array de forma ``shape`` (o al azar), dtype al azar y valores con NaN, inf, enormes…"""
    if shape is None:
        shape = tuple(draw(st.lists(st.integers(0, 5), min_size=0, max_size=3)))
    dtype = draw(st.sampled_from(dtypes))
    size = int(np.prod(shape))
    kind = draw(st.sampled_from(["normal", "special", "constant"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    if kind == "normal":
        values = rng.standard_normal(size)
    elif kind == "special":
        values = np.array(draw(st.lists(st.sampled_from(SPECIAL), min_size=size, max_size=size)), dtype=float)
    else:
        values = np.full(size, draw(st.sampled_from(SPECIAL)))
    if dtype in (np.int64, np.uint8, np.bool_):
        values = np.nan_to_num(values, posinf=255, neginf=0).clip(0, 255)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if dtype == "U3":
            return np.array([str(v)[:3] for v in values]).reshape(shape)
        return values.astype(dtype).reshape(shape)


NOT_ARRAYS = st.sampled_from([None, 3, 2.5, "abc", b"xy", [1, 2], [[1.0], [2.0, 3.0]], {"a": 1}, {1, 2}, True])


def mutate(draw, a):
    """Un array casi bueno: tal cual, traspuesto, sin una dimensión, con una columna más, con NaN…"""
    how = draw(st.sampled_from(["same", "same", "same", "transpose", "ravel", "extra_col", "extra_row",
                                "nan", "inf", "dtype", "not_array", "empty", "3d"]))
    if how == "same":
        return a
    if how == "transpose":
        return a.T
    if how == "ravel":
        return a.ravel()
    if how == "extra_col":
        return np.hstack([a, a[:, :1]]) if a.ndim == 2 and a.shape[1] else a[:, :0] if a.ndim == 2 else a
    if how == "extra_row":
        return np.vstack([a, a[:1]]) if a.ndim == 2 and a.shape[0] else a
    if how in ("nan", "inf"):
        b = a.astype(np.float64, copy=True)
        if b.size:
            b.flat[draw(st.integers(0, b.size - 1))] = np.nan if how == "nan" else np.inf
        return b
    if how == "dtype":
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return a.astype(draw(st.sampled_from([np.float32, np.int64, np.bool_, np.complex128, object, "U3"])))
    if how == "not_array":
        return draw(NOT_ARRAYS)
    if how == "empty":
        return a[:, :0] if a.ndim == 2 else a[:0]
    return a[..., None]


@st.composite
def problems(draw):
    """Una red pequeña (pesos, sesgos), un minilote (x, y) y sus nombres de activación y coste,
    con alguna pieza posiblemente estropeada."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=4))
    m = draw(st.integers(0, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    biases = [rng.standard_normal((n_out, 1)) for n_out in sizes[1:]]
    x = rng.random((sizes[0], m))
    y = nc.one_hot(rng.integers(0, sizes[-1], m), sizes[-1])
    broken = draw(st.sampled_from(["none", "none", "weights", "biases", "x", "y", "lists"]))
    if broken == "weights":
        i = draw(st.integers(0, len(weights) - 1))
        weights[i] = mutate(draw, weights[i])
    elif broken == "biases":
        i = draw(st.integers(0, len(biases) - 1))
        biases[i] = draw(st.sampled_from([biases[i].ravel(), biases[i].T, np.full_like(biases[i], np.nan),
                                          biases[i].astype(object), biases[i][:0]]))
    elif broken == "x":
        x = mutate(draw, x)
    elif broken == "y":
        y = mutate(draw, y)
    elif broken == "lists":
        which = draw(st.sampled_from(["short_b", "short_w", "tuple", "generator", "none"]))
        if which == "short_b":
            biases = biases[:-1]
        elif which == "short_w":
            weights = weights[1:]
        elif which == "tuple":
            weights, biases = tuple(weights), tuple(biases)
        elif which == "generator":
            weights = (w for w in weights)
        else:
            weights = None
    act = draw(st.sampled_from(["sigmoid", "relu", "softmax", "tanh", 5, None]))
    out = draw(st.sampled_from(["sigmoid", "sigmoid", "softmax", "relu"]))
    cost = draw(st.sampled_from(["quadratic", "cross-entropy", "log-likelihood", "otro", 3.0]))
    return sizes, weights, biases, x, y, act, out, cost


# --------------------------------------------------------------------------------------
# Los cinco pasos
# --------------------------------------------------------------------------------------

@FUZZ
@given(problems())
def test_feedforward_and_backprop(problem):
    sizes, weights, biases, x, y, act, out, cost = problem
    ok, result = call(nc.feedforward, weights, biases, x, act, out)
    if ok:
        zs, activations = result
        assert [z.shape for z in zs] == [(n, x.shape[1]) for n in sizes[1:]]
        assert activations[0] is x and len(activations) == len(sizes)
    ok, result = call(nc.backprop, weights, biases, x, y, act, cost, out)
    if ok:
        nabla_b, nabla_w = result
        assert [b.shape for b in nabla_b] == [b.shape for b in biases]
        assert [w.shape for w in nabla_w] == [w.shape for w in weights]


@FUZZ
@given(st.data())
def test_output_error(data):
    n, m = data.draw(st.integers(1, 4)), data.draw(st.integers(0, 4))
    a = data.draw(arrays((n, m), [np.float64]))
    z = mutate(data.draw, data.draw(arrays((n, m), [np.float64])))
    y = mutate(data.draw, data.draw(arrays((n, m), [np.float64, np.int64])))
    if data.draw(st.booleans()):
        a = mutate(data.draw, a)
    cost = data.draw(st.sampled_from(["quadratic", "cross-entropy", "log-likelihood", "x"]))
    out = data.draw(st.sampled_from(["sigmoid", "softmax", "relu"]))
    ok, delta = call(nc.output_error, a, z, y, cost, out)
    if ok:
        assert delta.shape == a.shape == np.shape(y) == np.shape(z)


@FUZZ
@given(problems())
def test_backpropagate_error_and_gradients(problem):
    sizes, weights, biases, x, y, act, out, cost = problem
    ok, result = call(nc.feedforward, weights, biases, x)
    if not ok:
        weights = [np.ones((n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        biases = [np.zeros((n, 1)) for n in sizes[1:]]
        x = np.ones((sizes[0], 2))
        result = nc.feedforward(weights, biases, x)
    zs, activations = result
    delta = np.ones_like(zs[-1])
    ok, deltas = call(nc.backpropagate_error, weights, zs, delta, act)
    if ok:
        assert [d.shape for d in deltas] == [z.shape for z in zs]
        ok, grads = call(nc.gradients, deltas, activations)
        if ok:
            assert [g.shape for g in grads[1]] == [w.shape for w in weights]


@FUZZ
@given(st.data())
def test_shape_mixups_in_the_lists(data):
    """zs, deltas y activations con longitudes o formas que no cuadran."""
    sizes = data.draw(st.lists(st.integers(1, 4), min_size=2, max_size=4))
    weights = [np.ones((n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    biases = [np.zeros((n, 1)) for n in sizes[1:]]
    x = np.ones((sizes[0], data.draw(st.integers(1, 3))))
    zs, activations = nc.feedforward(weights, biases, x)
    zs, activations = list(zs), list(activations)
    target = data.draw(st.sampled_from(["zs", "activations", "delta"]))
    if target == "zs" and data.draw(st.booleans()):
        zs = zs[:-1] or zs
    lst = {"zs": zs, "activations": activations, "delta": None}[target]
    if lst is not None:
        i = data.draw(st.integers(0, len(lst) - 1))
        lst[i] = mutate(data.draw, lst[i])
    delta = np.ones_like(zs[-1]) if target != "delta" else mutate(data.draw, np.ones((sizes[-1], x.shape[1])))
    ok, deltas = call(nc.backpropagate_error, weights, zs, delta)
    if ok:
        call(nc.gradients, deltas, activations)
        call(nc.gradients, deltas[1:], activations)
        call(nc.gradients, deltas, activations[:-1])


# --------------------------------------------------------------------------------------
# La red, el entrenamiento y la evaluación
# --------------------------------------------------------------------------------------

SIZES = st.one_of(
    st.lists(st.integers(-2, 6), min_size=0, max_size=4),
    st.lists(st.integers(1, 5), min_size=2, max_size=3).map(tuple),
    st.lists(st.integers(1, 5), min_size=2, max_size=3).map(np.array),
    st.sampled_from([[784, 10**6, 10], [10**9, 10**9], {3, 2}, "3,2", 5, None, [2.0, 3.0], [True, 2],
                     [np.int64(3), 2], [2, None]]),
)


@FUZZ
@given(SIZES, st.sampled_from([0, np.random.default_rng(0), None, 2.5, "x", -1]),
       st.sampled_from(["sigmoid", "relu", "softmax", "x"]), st.sampled_from(["sigmoid", "softmax", "relu"]),
       st.sampled_from(["quadratic", "cross-entropy", "log-likelihood"]),
       st.sampled_from(["gaussian", "scaled", "xavier", None]),
       st.sampled_from([np.float64, np.float32, np.int64, "hola", None]))
def test_network_construction(sizes, rng, act, out, cost, init, dtype):
    ok, net = call(nc.Network, sizes, rng, act, cost, out, init, dtype)
    if ok:
        assert net.sizes == [int(s) for s in sizes]
        assert repr(net).startswith("Red [")


@FUZZ
@given(problems())
def test_from_parameters(problem):
    sizes, weights, biases, x, y, act, out, cost = problem
    ok, net = call(nc.Network.from_parameters, weights, biases, act, cost, out)
    if ok:
        assert net.sizes == sizes
        assert all(np.isfinite(p).all() for p in net.weights + net.biases)


def small_net(draw):
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=3))
    out, cost = draw(st.sampled_from([("sigmoid", "quadratic"), ("sigmoid", "cross-entropy"),
                                      ("softmax", "log-likelihood")]))
    act = draw(st.sampled_from(["sigmoid", "relu"]))
    net = nc.Network(sizes, draw(st.integers(0, 100)), act, cost, out)
    if draw(st.integers(0, 5)) == 0:  # una red estropeada a mano, después de construirla
        net.weights[0][0, 0] = draw(st.sampled_from([np.nan, np.inf, 1e300]))
    return net


@FUZZ
@given(st.data())
def test_update_mini_batch(data):
    net = small_net(data.draw)
    m = data.draw(st.integers(1, 4))
    x = mutate(data.draw, data.draw(arrays((net.sizes[0], m), [np.float64, np.float32, np.uint8])))
    y = mutate(data.draw, nc.one_hot(np.arange(m) % net.sizes[-1], net.sizes[-1]))
    eta = data.draw(st.sampled_from([0.5, 3.0, 1e300, 0.0, -1.0, np.nan, "3", None]))
    lmbda = data.draw(st.sampled_from([0.0, 0.1, 1e6, -1.0, np.inf]))
    n = data.draw(st.sampled_from([None, 10, 0, 2.5]))
    before = [p.copy() for p in net.weights + net.biases]
    ok, _ = call(nc.update_mini_batch, net, x, y, eta, lmbda, n, allowed=(nc.TrainingDiverged,))
    if not ok:  # error o divergencia: la red no se ha tocado
        for p, q in zip(net.weights + net.biases, before):
            np.testing.assert_array_equal(p, q)


@FUZZ
@given(st.data())
def test_evaluation_functions(data):
    net = small_net(data.draw)
    m = data.draw(st.integers(0, 4))
    x = mutate(data.draw, data.draw(arrays((net.sizes[0], m), [np.float64, np.uint8])))
    labels = data.draw(st.one_of(
        st.just(np.arange(m) % net.sizes[-1]),
        st.lists(st.integers(-1, 12), min_size=0, max_size=5).map(np.array),
        arrays(dtypes=[np.float64, np.int64, np.bool_]), NOT_ARRAYS))
    y = mutate(data.draw, nc.one_hot(np.arange(m) % net.sizes[-1], net.sizes[-1]))
    lmbda = data.draw(st.sampled_from([0.0, 0.5, -1.0, np.nan]))
    ok, pred = call(nc.predict, net, x)
    if ok:
        assert pred.shape == (x.shape[1],) and np.issubdtype(pred.dtype, np.integer)
    ok, hits = call(nc.evaluate, net, x, labels)
    if ok:
        assert 0 <= hits <= x.shape[1]
    ok, acc = call(nc.accuracy, net, x, labels)
    if ok:
        assert 0.0 <= acc <= 1.0
    ok, cost = call(nc.total_cost, net, x, y, lmbda)
    if ok:
        assert cost >= 0 or np.isnan(cost)


@settings(FUZZ, max_examples=40)
@given(st.data())
def test_sgd(data):
    net = small_net(data.draw)
    n = data.draw(st.integers(1, 8))
    x = mutate(data.draw, data.draw(arrays((net.sizes[0], n), [np.float64])))
    y = mutate(data.draw, nc.one_hot(np.arange(n) % net.sizes[-1], net.sizes[-1]))
    training = data.draw(st.sampled_from(["tuple", "triple", "dataset", "bad"]))
    if training == "tuple":
        training = (x, y)
    elif training == "triple":
        training = (x, y, np.arange(n) % net.sizes[-1])
    elif training == "dataset":
        ok, training = call(nc.Dataset.from_arrays, x, np.arange(n) % net.sizes[-1], net.sizes[-1])
        if not ok:
            return
    else:
        training = data.draw(NOT_ARRAYS)
    kwargs = data.draw(st.fixed_dictionaries({}, optional={
        "lmbda": st.sampled_from([0.1, 100.0, -1.0]),
        "callback": st.sampled_from([None, 5, print, lambda p: None]),
        "should_stop": st.sampled_from([None, "no", lambda: True]),
        "callback_every": st.sampled_from([None, 1, 0]),
        "evaluation_data": st.sampled_from([None, (x, y), 3]),
    }))
    epochs = data.draw(st.sampled_from([1, 2, 0, 1.5]))
    m = data.draw(st.sampled_from([1, 3, 10, 0]))
    eta = data.draw(st.sampled_from([0.5, 1e300, -1.0]))
    if kwargs.get("callback") is print:
        kwargs["callback"] = lambda p: None
    ok, history = call(nc.sgd, net, training, epochs, m, eta, data.draw(st.integers(0, 9)),
                       allowed=(nc.TrainingDiverged,), **kwargs)
    if ok:
        assert len(history.epochs) <= epochs
    assert all(np.isfinite(p).all() for p in net.weights + net.biases) or \
        not all(np.isfinite(p).all() for p in net.weights)


@FUZZ
@given(st.one_of(st.lists(st.integers(-2, 12), max_size=6), arrays(dtypes=[np.int64, np.float64, np.bool_]),
                 NOT_ARRAYS),
       st.sampled_from([10, 1, 0, -3, 2.5, 10**9, None, True]),
       st.sampled_from([np.float64, np.float32, np.int64, "hola", object, None]))
def test_one_hot(labels, n_classes, dtype):
    ok, y = call(nc.one_hot, labels, n_classes, dtype)
    if ok:
        labels = np.asarray(labels)
        assert y.shape == (n_classes, labels.size)
        assert (y.sum(axis=0) == 1).all()


@FUZZ
@given(st.one_of(arrays(), NOT_ARRAYS), st.sampled_from([None, 10, 2.5]))
def test_dataset_from_arrays(x, labels_kind):
    two_d = isinstance(x, np.ndarray) and x.ndim == 2
    labels = np.zeros(x.shape[1] if two_d else 3, dtype=int) if labels_kind is None else labels_kind
    ok, data = call(nc.Dataset.from_arrays, x, labels)
    if ok:
        assert data.y.shape == (10, data.x.shape[1])


@FUZZ
@given(st.one_of(st.sampled_from(["sigmoid", "relu", "softmax", "SIGMOID", "x" * 200, "", None, 5, ["relu"]]),
                 st.text(max_size=20)),
       st.one_of(st.sampled_from(["quadratic", "cross-entropy", "log-likelihood", "cuadrático", None, 3.0]),
                 st.text(max_size=20)))
def test_get_activation_and_get_cost(activation, cost):
    call(nc.get_activation, activation)
    call(nc.get_cost, cost)


# --------------------------------------------------------------------------------------
# Guardar y cargar: bytes al azar, ficheros estropeados
# --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def saved_bytes(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "red.npz"
    nc.save(nc.Network([4, 3, 2], np.random.default_rng(0)), path)
    return path.read_bytes()


@settings(FUZZ, max_examples=60)
@given(st.data())
def test_load_damaged_files(tmp_path_factory, saved_bytes, data):
    raw = bytearray(saved_bytes)
    how = data.draw(st.sampled_from(["flip", "cut", "random", "zero_run"]))
    if how == "flip":
        for _ in range(data.draw(st.integers(1, 5))):
            raw[data.draw(st.integers(0, len(raw) - 1))] ^= data.draw(st.integers(1, 255))
    elif how == "cut":
        raw = raw[:data.draw(st.integers(0, len(raw) - 1))]
    elif how == "random":
        raw = bytearray(data.draw(st.binary(max_size=300)))
    else:
        start = data.draw(st.integers(0, len(raw) - 1))
        raw[start:start + data.draw(st.integers(1, 64))] = bytes(64)[:len(raw[start:start + 64])]
    path = tmp_path_factory.mktemp("cargar") / "red.npz"
    path.write_bytes(bytes(raw))
    ok, net = call(nc.load, path)
    if ok:
        assert net.sizes == [4, 3, 2]
        assert all(np.isfinite(p).all() for p in net.weights + net.biases)


@settings(FUZZ, max_examples=30)
@given(st.sampled_from([5, None, "red.npy", "red", b"red.npz", ""]))
def test_save_and_load_bad_paths(tmp_path_factory, path):
    import os
    net = nc.Network([3, 2], 0)
    here = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("rutas"))  # las rutas relativas, lejos del repositorio
    try:
        call(nc.save, net, path)
        call(nc.load, path, allowed=(FileNotFoundError, IsADirectoryError))
    finally:
        os.chdir(here)


# --------------------------------------------------------------------------------------
# Preprocesado
# --------------------------------------------------------------------------------------

IMAGES = st.one_of(
    arrays(dtypes=[np.float64, np.uint8, np.bool_, np.int64, np.float32, object, "U3", np.complex128]),
    st.tuples(st.integers(1, 12), st.integers(1, 12), st.sampled_from([None, 3, 4])).flatmap(
        lambda s: arrays(s[:2] if s[2] is None else s, dtypes=[np.uint8, np.float64, np.bool_])),
    NOT_ARRAYS,
)


@FUZZ
@given(IMAGES, st.booleans(), st.sampled_from([0.0, 0.5, -1.0, np.nan, "x"]))
def test_preprocessing_pipeline(image, invert, threshold):
    ok, ink = call(pre.to_grayscale, image, invert)
    if ok:
        assert ink.shape == np.shape(image)[:2] and ink.min() >= 0 and ink.max() <= 1
    ok, img = call(pre.mnistify, image, invert, threshold)
    if ok:
        assert img.shape == (28, 28) and np.isfinite(img).all()
    ok, stages = call(pre.mnistify_stages, image, invert, threshold)
    call(pre.naive_downscale, image, 28, invert)
    call(pre.crop_to_bounding_box, image, threshold)


@FUZZ
@given(IMAGES, st.one_of(st.tuples(st.integers(-1, 40), st.integers(-1, 40)),
                         st.sampled_from([(10**5, 10**5), (2.5, 3), ("a", 3), None, 5, (3,), (3, 4, 5)])),
       st.sampled_from([1, 20, 28, 0, -5, 2.5, 10**5, True]))
def test_resize_scale_and_center(image, shape, side):
    ok, out = call(pre.resize, image, shape)
    if ok:
        assert out.shape == tuple(shape)
    ok, out = call(pre.scale_to_fit, image, side)
    if ok:
        assert max(out.shape) == side
    ok, out = call(pre.center_by_mass, image, side)
    if ok:
        assert out.shape == (side, side)
    call(pre.normalize_levels, image)
    call(pre.center_of_mass, image)
    call(pre.fit_shape, shape, side)
    call(pre.to_column, image)


@FUZZ
@given(st.data())
def test_activations_and_costs_on_odd_arrays(data):
    z = data.draw(st.one_of(arrays(dtypes=[np.float64, np.float32, np.int64]), NOT_ARRAYS))
    for act in (nc.Sigmoid, nc.ReLU):
        ok, a = call(act.fn, z)
        if ok:
            assert np.shape(a) == np.shape(z)
        call(act.prime, z)
    a = data.draw(arrays(dtypes=[np.float64]))
    y = mutate(data.draw, a) if np.ndim(a) == 2 else a
    for cost in (nc.QuadraticCost, nc.CrossEntropyCost, nc.LogLikelihoodCost):
        call(cost.fn, a, y)
        call(cost.derivative, a, y)


@FUZZ
@given(st.one_of(st.integers(-6, 6), st.slices(5), st.lists(st.integers(-7, 7), max_size=4),
                 arrays(dtypes=[np.int64, np.bool_, np.float64]), NOT_ARRAYS))
def test_dataset_indexing(idx):
    d = nc.Dataset.from_arrays(np.arange(20.0).reshape(4, 5), [0, 1, 2, 3, 4])
    try:
        part = d[idx]
    except IndexError as e:  # fuera de rango: IndexError, como cualquier secuencia de Python, en español
        assert "ejemplos" in str(e) or "máscara" in str(e), str(e)
        return
    except Exception as e:  # noqa: BLE001
        check_error(e)
        return
    assert part.x.shape == (4, len(part)) and part.y.shape == (10, len(part))
