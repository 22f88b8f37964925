"""Entrada incorrecta → ValueError/TypeError en español que dice qué se esperaba
(issue 2, sección 4): x, y, sizes, η, mini_batch_size, activación, coste, softmax."""

import math

import numpy as np
import pytest

import nn_core as nc


@pytest.fixture
def net():
    return nc.Network([4, 3, 2], np.random.default_rng(0))


def data(n=6, n_in=4, n_out=2, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n_in, n)), nc.one_hot(rng.integers(0, n_out, n), n_out)


# --------------------------------------------------------------------------------------
# x
# --------------------------------------------------------------------------------------

def test_x_with_wrong_number_of_rows(net):
    x = np.zeros((5, 3))
    for call in (lambda: net.feedforward(x),
                 lambda: net.predict(x),
                 lambda: nc.feedforward(net.weights, net.biases, x),
                 lambda: nc.backprop(net.weights, net.biases, x, np.zeros((2, 3)))):
        with pytest.raises(ValueError, match=r"debe tener forma \(n_0, m\) = \(4, m\)") as info:
            call()
        assert "filas" in str(info.value) and "(5, 3)" in str(info.value)


def test_transposed_x_gets_a_hint(net):
    x = np.zeros((7, 4))   # 7 ejemplos como filas: está traspuesto
    with pytest.raises(ValueError, match="traspuesto") as info:
        net.feedforward(x)
    assert "x.T" in str(info.value)
    x_train, y_train = data(7)
    with pytest.raises(ValueError, match="traspuesto") as info:
        nc.sgd(net, (x_train.T, y_train), 1, 2, 1.0, np.random.default_rng(0))
    assert "training_data.x" in str(info.value)


def test_single_example_as_a_vector_gets_a_hint(net):
    with pytest.raises(ValueError, match=r"reshape\(4, 1\)"):
        net.feedforward(np.zeros(4))


def test_x_that_is_not_an_array(net):
    with pytest.raises(TypeError, match=r"array de numpy de forma \(n_0, m\) = \(4, m\)"):
        net.feedforward([[0.0]] * 4)


def test_x_not_real_numbers(net):
    with pytest.raises(TypeError, match="números reales"):
        net.feedforward(np.zeros((4, 2), dtype=complex))
    with pytest.raises(TypeError, match="números reales"):
        net.feedforward(np.full((4, 2), "a"))


def test_backprop_with_x_not_an_array_names_x(net):
    """Un x que no es un array debe dar el error de x, no uno confuso sobre y."""
    with pytest.raises(TypeError, match="'x'"):
        nc.backprop(net.weights, net.biases, [[0.0]] * 4, np.zeros((2, 1)))


def test_update_mini_batch_with_x_not_an_array_names_x(net):
    with pytest.raises(TypeError, match="'x'"):
        nc.update_mini_batch(net, [[0.0]] * 4, np.zeros((2, 1)), 1.0)


# --------------------------------------------------------------------------------------
# y
# --------------------------------------------------------------------------------------

def test_y_with_wrong_shape(net):
    x, y = data(5)
    with pytest.raises(ValueError, match=r"'y' debe tener forma \(n_L, m\) = \(2, 5\)") as info:
        nc.backprop(net.weights, net.biases, x, np.zeros((3, 5)))
    assert "una columna por ejemplo" in str(info.value)
    with pytest.raises(ValueError, match=r"forma \(n_L, m\) = \(2, 5\)"):
        net.backprop(x, np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"forma \(n_L, m\) = \(2, 5\).*¿Está traspuesto"):
        nc.update_mini_batch(net, x, y.T, 1.0)


def test_y_as_labels_gets_a_one_hot_hint(net):
    x, _ = data(5)
    with pytest.raises(ValueError, match="one_hot"):
        net.backprop(x, np.array([0, 1, 1, 0, 1]))
    with pytest.raises(ValueError, match="one_hot") as info:
        nc.sgd(net, (x, np.array([0, 1, 1, 0, 1])), 1, 2, 1.0, np.random.default_rng(0))
    assert "training_data.y" in str(info.value)


def test_evaluation_data_is_checked_too(net):
    x, y = data(6)
    ex, ey = data(4, n_in=3)
    with pytest.raises(ValueError, match=r"evaluation_data\.x"):
        nc.sgd(net, (x, y), 1, 2, 1.0, np.random.default_rng(0), evaluation_data=(ex, ey))


def test_training_data_of_the_wrong_kind(net):
    with pytest.raises(TypeError, match="Dataset o una tupla"):
        nc.sgd(net, "datos", 1, 2, 1.0, np.random.default_rng(0))


def test_labels_out_of_range_or_wrong_length(net):
    x, _ = data(4)
    with pytest.raises(ValueError, match="entre 0 y 1"):
        nc.evaluate(net, x, np.array([0, 1, 2, 0]))
    with pytest.raises(ValueError, match="vector de 4 enteros"):
        nc.accuracy(net, x, np.array([0, 1]))


# --------------------------------------------------------------------------------------
# sizes
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("sizes", [[784], [], (10,)])
def test_sizes_with_fewer_than_two_layers(sizes):
    with pytest.raises(ValueError, match="al menos 2 capas"):
        nc.Network(sizes, np.random.default_rng(0))
    with pytest.raises(ValueError, match="al menos 2 capas"):
        nc.init_network(sizes, np.random.default_rng(0))


@pytest.mark.parametrize("sizes", [[784, 0, 10], [784, -30, 10], [0, 10]])
def test_sizes_non_positive(sizes):
    with pytest.raises(ValueError, match="entero positivo"):
        nc.Network(sizes, np.random.default_rng(0))


@pytest.mark.parametrize("sizes", [[784, 2.5, 10], [784, "30", 10], [784, True, 10], [784, None, 10],
                                   [784.0, 10]])
def test_sizes_non_integer(sizes):
    with pytest.raises(TypeError, match="no es un entero"):
        nc.Network(sizes, np.random.default_rng(0))


@pytest.mark.parametrize("sizes", ["784,30,10", 784, None])
def test_sizes_not_a_list(sizes):
    with pytest.raises(TypeError, match="lista de enteros"):
        nc.Network(sizes, np.random.default_rng(0))


def test_sizes_accepts_numpy_integers_and_tuples():
    net = nc.Network((np.int64(5), np.int32(3), 2), np.random.default_rng(0))
    assert net.sizes == [5, 3, 2]


# --------------------------------------------------------------------------------------
# η, mini_batch_size, épocas, λ
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("eta", [0, 0.0, -1.0, -1e-9])
def test_eta_not_positive(net, eta):
    x, y = data()
    with pytest.raises(ValueError, match="finito mayor que 0"):
        nc.sgd(net, (x, y), 1, 2, eta, np.random.default_rng(0))


@pytest.mark.parametrize("eta", [math.nan, math.inf, -math.inf, np.float64("nan")])
def test_eta_not_finite(net, eta):
    x, y = data()
    with pytest.raises(ValueError, match="tasa de aprendizaje η debe ser un número finito"):
        nc.sgd(net, (x, y), 1, 2, eta, np.random.default_rng(0))


@pytest.mark.parametrize("eta", ["3.0", None, True, [3.0]])
def test_eta_not_a_number(net, eta):
    x, y = data()
    with pytest.raises(TypeError, match="η debe ser un número"):
        nc.sgd(net, (x, y), 1, 2, eta, np.random.default_rng(0))


@pytest.mark.parametrize("eta", [0.0, -1.0, math.nan, math.inf])
def test_update_mini_batch_checks_eta_too(net, eta):
    """update_mini_batch es pública (los cuadernos la llaman directamente): η ≤ 0 o no finito
    debe dar el mismo error en español que sgd, no dejar la red con NaN o subiendo el coste."""
    x, y = data()
    w0 = net.weights[0].copy()
    with pytest.raises(ValueError, match="η"):
        nc.update_mini_batch(net, x, y, eta)
    np.testing.assert_array_equal(net.weights[0], w0)


@pytest.mark.parametrize("m", [0, -1])
def test_mini_batch_size_less_than_one(net, m):
    x, y = data()
    with pytest.raises(ValueError, match="tamaño del minilote .* mayor o igual que 1"):
        nc.sgd(net, (x, y), 1, m, 1.0, np.random.default_rng(0))


@pytest.mark.parametrize("m", [2.5, "10", True, None])
def test_mini_batch_size_not_an_integer(net, m):
    x, y = data()
    with pytest.raises(TypeError, match="tamaño del minilote .* entero"):
        nc.sgd(net, (x, y), 1, m, 1.0, np.random.default_rng(0))


def test_epochs_and_lmbda_and_callback_every(net):
    x, y = data()
    with pytest.raises(ValueError, match="número de épocas"):
        nc.sgd(net, (x, y), 0, 2, 1.0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="regularización λ"):
        nc.sgd(net, (x, y), 1, 2, 1.0, np.random.default_rng(0), lmbda=-0.1)
    with pytest.raises(ValueError, match="regularización λ"):
        nc.sgd(net, (x, y), 1, 2, 1.0, np.random.default_rng(0), lmbda=math.nan)
    with pytest.raises(ValueError, match="callback"):
        nc.sgd(net, (x, y), 1, 2, 1.0, np.random.default_rng(0), callback_every=0)


def test_bad_input_does_not_touch_the_network(net):
    x, y = data()
    w0 = [w.copy() for w in net.weights]
    for kwargs in (dict(eta=-1.0), dict(mini_batch_size=0), dict(epochs=0)):
        args = dict(epochs=1, mini_batch_size=2, eta=1.0) | kwargs
        with pytest.raises(ValueError):
            nc.sgd(net, (x, y), args["epochs"], args["mini_batch_size"], args["eta"], np.random.default_rng(0))
    for a, b in zip(net.weights, w0):
        np.testing.assert_array_equal(a, b)


# --------------------------------------------------------------------------------------
# Activación, coste, softmax, rng, dtype
# --------------------------------------------------------------------------------------

def test_unknown_activation():
    with pytest.raises(ValueError, match="Activación desconocida: 'tanh'.*'sigmoid', 'relu'"):
        nc.Network([3, 2], np.random.default_rng(0), activation="tanh")
    with pytest.raises(ValueError, match="Activación desconocida"):
        nc.Network([3, 2], np.random.default_rng(0), output_activation="lineal")
    w, b = nc.init_network([3, 2], np.random.default_rng(0))
    with pytest.raises(ValueError, match="Activación desconocida"):
        nc.feedforward(w, b, np.zeros((3, 1)), activation="sigmoide")
    with pytest.raises(TypeError, match="La activación debe ser un nombre"):
        nc.Network([3, 2], np.random.default_rng(0), activation=3)


def test_unknown_cost():
    with pytest.raises(ValueError, match="Coste desconocido: 'mse'.*'quadratic', 'cross-entropy'"):
        nc.Network([3, 2], np.random.default_rng(0), cost="mse")
    with pytest.raises(ValueError, match="Coste desconocido"):
        nc.output_error(np.zeros((2, 1)), np.zeros((2, 1)), np.zeros((2, 1)), cost="hinge")
    with pytest.raises(TypeError, match="El coste debe ser un nombre"):
        nc.Network([3, 2], np.random.default_rng(0), cost=None)


def test_softmax_with_quadratic_cost():
    with pytest.raises(ValueError, match="softmax necesita el coste 'log-likelihood'"):
        nc.Network([3, 2], np.random.default_rng(0), cost="quadratic", output_activation="softmax")
    with pytest.raises(ValueError, match="softmax necesita el coste 'log-likelihood'"):
        nc.Network([3, 2], np.random.default_rng(0), cost="cross-entropy", output_activation="softmax")
    z = np.zeros((2, 1))
    with pytest.raises(ValueError, match="log-likelihood"):
        nc.output_error(nc.Softmax.fn(z), z, np.array([[1.0], [0.0]]), "quadratic", "softmax")


def test_softmax_in_a_hidden_layer():
    with pytest.raises(ValueError, match="solo puede usarse en la capa de salida"):
        nc.Network([3, 4, 2], np.random.default_rng(0), activation="softmax")


def test_rng_must_be_passed_in():
    with pytest.raises(TypeError, match=r"default_rng\(semilla\)"):
        nc.Network([3, 2], None)
    with pytest.raises(TypeError, match=r"default_rng\(semilla\)"):
        nc.Network([3, 2], np.random)
    net = nc.Network([3, 2], np.random.default_rng(0))
    x, y = data(4, n_in=3)
    with pytest.raises(TypeError, match=r"default_rng\(semilla\)"):
        nc.sgd(net, (x, y), 1, 2, 1.0, None)


def test_dtype_and_init_must_be_known():
    with pytest.raises(ValueError, match="float64 o float32"):
        nc.Network([3, 2], np.random.default_rng(0), dtype=np.int64)
    with pytest.raises(ValueError, match="Inicialización desconocida"):
        nc.Network([3, 2], np.random.default_rng(0), init="xavier")


def test_from_parameters_checks_shapes():
    with pytest.raises(ValueError, match="sesgos"):
        nc.Network.from_parameters([np.zeros((2, 3))], [np.zeros((3, 1))])
    with pytest.raises(ValueError, match=r"forma \(n_2, n_1\) = \(1, 2\).*la capa anterior tiene 2"):
        nc.Network.from_parameters([np.zeros((2, 3)), np.zeros((1, 4))], [np.zeros((2, 1)), np.zeros((1, 1))])


# --------------------------------------------------------------------------------------
# Conjuntos vacíos, datos con NaN, evaluación con entradas equivocadas
# --------------------------------------------------------------------------------------

def test_empty_sets_are_refused_before_any_training(net):
    x, y = data()
    before = [w.copy() for w in net.weights]
    empty = (np.zeros((4, 0)), np.zeros((2, 0)))
    with pytest.raises(ValueError, match="'evaluation_data' no tiene ejemplos") as info:
        nc.sgd(net, (x, y), 1, 2, 1.0, np.random.default_rng(0), evaluation_data=empty)
    assert "data.test" in str(info.value)      # la pista para split='standard'
    with pytest.raises(ValueError, match="'training_data' no tiene ejemplos"):
        nc.sgd(net, empty, 1, 2, 1.0, np.random.default_rng(0), monitor_training=False)
    for w, w0 in zip(net.weights, before):
        np.testing.assert_array_equal(w, w0)
    with pytest.raises(ValueError, match="conjunto sin ejemplos"):
        nc.total_cost(net, *empty)
    with pytest.raises(ValueError, match="conjunto sin ejemplos"):
        nc.accuracy(net, empty[0], np.zeros(0, dtype=int))


def test_nan_in_the_data_is_blamed_on_the_data_not_on_eta(net):
    x, y = data()
    before = [w.copy() for w in net.weights]
    x[0, 0] = np.nan
    with pytest.raises(ValueError, match=r"'training_data.x' contiene valores NaN o infinitos"):
        nc.sgd(net, (x, y), 1, 2, 1.0, np.random.default_rng(0))
    x[0, 0] = 0.5
    y[0, 0] = np.inf
    with pytest.raises(ValueError, match=r"'evaluation_data.y' contiene"):
        nc.sgd(net, data(), 1, 2, 1.0, np.random.default_rng(0), evaluation_data=(x, y))
    for w, w0 in zip(net.weights, before):
        np.testing.assert_array_equal(w, w0)


def test_total_cost_and_evaluate_check_their_inputs(net):
    x, y = data()
    labels = np.argmax(y, axis=0)
    with pytest.raises(ValueError, match="one_hot"):
        nc.total_cost(net, x, labels)            # etiquetas en lugar de one-hot
    with pytest.raises(ValueError, match="traspuesto"):
        nc.evaluate(net, x.T, labels)
    with pytest.raises(TypeError, match="array de numpy"):
        nc.accuracy(net, x.tolist(), labels)
    with pytest.raises(ValueError, match=r"forma \(n_0, m\) = \(4, m\)"):
        nc.evaluate(net, x[:, 0], labels)


# --------------------------------------------------------------------------------------
# Más entradas equivocadas: tipos raros, λ, dtype, listas vacías, Dataset
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [["relu"], np.array([1, 2]), {"a": 1}])
def test_unhashable_activation_or_cost_is_a_spanish_type_error(value):
    with pytest.raises(TypeError, match="debe ser un nombre"):
        nc.Network([2, 2], np.random.default_rng(0), activation=value)
    with pytest.raises(TypeError, match="debe ser un nombre"):
        nc.Network([2, 2], np.random.default_rng(0), cost=value)


def test_update_mini_batch_checks_lambda_and_n(net):
    x, y = data()
    before = [w.copy() for w in net.weights]
    with pytest.raises(TypeError, match="λ debe ser un número"):
        nc.update_mini_batch(net, x, y, 0.1, lmbda="0.1", n=6)
    with pytest.raises(ValueError, match="mayor o igual que 0"):
        nc.update_mini_batch(net, x, y, 0.1, lmbda=-5.0, n=6)
    with pytest.raises(ValueError, match="'n'"):
        nc.update_mini_batch(net, x, y, 0.1, lmbda=1.0, n=-1)
    with pytest.raises(ValueError, match="hay que dar n"):
        nc.update_mini_batch(net, x, y, 0.1, lmbda=1.0)
    for w, w0 in zip(net.weights, before):
        np.testing.assert_array_equal(w, w0)


def test_unknown_dtype_names_are_spanish_errors():
    with pytest.raises(ValueError, match="float64 o float32; se recibió 'hola'"):
        nc.init_network([2, 2], np.random.default_rng(0), dtype="hola")
    with pytest.raises(ValueError, match="float64 o float32"):
        nc.load_mnist(dtype="hola")


def test_feedforward_without_layers():
    with pytest.raises(ValueError, match="al menos una capa"):
        nc.feedforward([], [], np.zeros((2, 1)))


def test_from_parameters_needs_float_arrays_of_one_dtype():
    w = [np.ones((3, 4), dtype=int), np.ones((2, 3), dtype=int)]
    b = [np.ones((3, 1), dtype=int), np.ones((2, 1), dtype=int)]
    with pytest.raises(TypeError, match="float64 o float32"):
        nc.Network.from_parameters(w, b)
    w64 = [a.astype(np.float64) for a in w]
    b_mixed = [b[0].astype(np.float32), b[1].astype(np.float64)]
    with pytest.raises(TypeError, match="del mismo tipo"):
        nc.Network.from_parameters(w64, b_mixed)
    with pytest.raises(TypeError, match="array de numpy"):
        nc.Network.from_parameters([[1.0, 2.0]], [[1.0]])


def test_dataset_from_arrays_needs_integer_labels_and_an_array():
    with pytest.raises(ValueError, match="vector de enteros"):
        nc.Dataset.from_arrays(np.zeros((4, 3)), [0.9, 2.5, 1.99])
    with pytest.raises(ValueError, match="vector de enteros"):
        nc.Dataset.from_arrays(np.zeros((4, 3)), ["1", "2", "3"])
    with pytest.raises(TypeError, match="array de numpy"):
        nc.Dataset.from_arrays([[0.0, 1.0]], [0, 1])


def test_one_example_of_a_dataset_keeps_the_column_convention():
    ds = nc.Dataset.from_arrays(np.arange(12.0).reshape(4, 3), [0, 1, 2])
    one = ds[1]
    assert one.x.shape == (4, 1) and one.y.shape == (10, 1) and one.labels.tolist() == [1]
    np.testing.assert_array_equal(one.x[:, 0], [1.0, 4.0, 7.0, 10.0])


# --------------------------------------------------------------------------------------
# Issue 13: nunca calcular con parámetros no finitos, combinaciones imposibles, formas estrictas
# --------------------------------------------------------------------------------------

def test_from_parameters_and_network_refuse_non_finite_parameters():
    for bad in (np.nan, np.inf, -np.inf):
        w = np.zeros((2, 3))
        w[1, 2] = bad
        with pytest.raises(ValueError, match="NaN o infinitos"):
            nc.Network.from_parameters([w], [np.zeros((2, 1))])
        with pytest.raises(ValueError, match="NaN o infinitos"):
            nc.Network.from_parameters([np.zeros((2, 3))], [np.full((2, 1), bad)])


def test_from_parameters_accepts_generators():
    ws = (np.zeros((2, 3)) for _ in range(1))
    bs = (np.zeros((2, 1)) for _ in range(1))
    net = nc.Network.from_parameters(ws, bs)
    assert net.sizes == [3, 2]
    with pytest.raises(TypeError, match="lista de arrays"):
        nc.Network.from_parameters(5, [np.zeros((2, 1))])


def test_predict_evaluate_accuracy_refuse_non_finite_outputs(net):
    """Antes: pesos NaN → predict daba todo 0 y accuracy 1.0 con etiquetas 0."""
    net.weights[0][0, 0] = np.nan
    x = np.ones((4, 3))
    labels = np.zeros(3, dtype=int)
    for call in (lambda: net.predict(x), lambda: nc.predict(net, x),
                 lambda: nc.evaluate(net, x, labels), lambda: nc.accuracy(net, x, labels)):
        with pytest.raises(ValueError, match="NaN o infinitos"):
            call()


def test_explosion_is_divergence_and_the_step_is_not_applied(net):
    x, y = data(6)
    before = [w.copy() for w in net.weights + net.biases]
    with pytest.raises(nc.TrainingDiverged, match="conserva los pesos"):
        nc.update_mini_batch(net, x, y, 1e300)
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)
    with pytest.raises(nc.TrainingDiverged) as info:
        nc.sgd(net, (x, y), 3, 2, 1e300, np.random.default_rng(0))
    assert isinstance(info.value.history, nc.History)
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)


def test_divergence_keeps_the_history_of_completed_epochs():
    rng = np.random.default_rng(3)
    x = rng.random((4, 20))
    y = nc.one_hot(rng.integers(0, 2, 20), 2)
    net = nc.Network([4, 3, 2], np.random.default_rng(4))
    history = nc.History()

    def callback(progress):
        if progress.end_of_epoch and progress.epoch == 2:
            progress.network.weights[0] *= 1e300

    with pytest.raises(nc.TrainingDiverged) as info:
        nc.sgd(net, (x, y), 5, 5, 0.5, np.random.default_rng(5), callback=callback, history=history)
    assert info.value.history is history
    assert history.epochs == [1, 2] and len(history.training_cost) == 2


def test_eta_lambda_over_n_at_least_one_is_refused(net):
    x, y = data(6)
    before = [w.copy() for w in net.weights]
    with pytest.raises(ValueError, match="ηλ/n"):
        nc.sgd(net, (x, y), 1, 2, 1.0, np.random.default_rng(0), lmbda=6.0)
    with pytest.raises(ValueError, match="ηλ/n"):
        nc.update_mini_batch(net, x, y, 3.0, lmbda=1e6, n=50_000)
    for w, w0 in zip(net.weights, before):
        np.testing.assert_array_equal(w, w0)


@pytest.mark.parametrize("cost, output", [("log-likelihood", "sigmoid"), ("log-likelihood", "relu"),
                                          ("cross-entropy", "relu")])
def test_incompatible_cost_and_output_are_refused(cost, output):
    with pytest.raises(ValueError, match=cost):
        nc.Network([4, 3, 2], np.random.default_rng(0), cost=cost, output_activation=output)


def test_incompatible_choice_made_after_construction_is_refused_by_sgd(net):
    x, y = data(6)
    net.cost = nc.LogLikelihoodCost
    with pytest.raises(ValueError, match="softmax"):
        nc.sgd(net, (x, y), 1, 2, 1.0, np.random.default_rng(0))


@pytest.mark.parametrize("kwargs", [{"callback": 5}, {"should_stop": "no"}, {"history": []}])
def test_non_callable_callbacks_are_refused_before_training(net, kwargs):
    x, y = data(6)
    before = [w.copy() for w in net.weights]
    with pytest.raises(TypeError, match="debe ser"):
        nc.sgd(net, (x, y), 1, 2, 1.0, np.random.default_rng(0), **kwargs)
    for w, w0 in zip(net.weights, before):
        np.testing.assert_array_equal(w, w0)


def test_output_error_does_not_broadcast():
    a = np.full((2, 3), 0.5)
    with pytest.raises(ValueError, match=r"'y' debe tener forma \(n_L, m\) = \(2, 3\).*tiene forma \(1, 3\)"):
        nc.output_error(a, a, np.zeros((1, 3)))
    with pytest.raises(ValueError, match=r"'z_L' debe tener forma \(n_L, m\) = \(2, 3\)"):
        nc.output_error(a, np.zeros((2, 1)), a)
    with pytest.raises(ValueError, match="2 dimensiones"):
        nc.output_error(np.zeros(3), np.zeros(3), np.zeros(3))


def test_gradients_refuses_lists_of_different_lengths(net):
    x, y = data(3)
    zs, acts = nc.feedforward(net.weights, net.biases, x)
    delta = nc.output_error(acts[-1], zs[-1], y)
    deltas = nc.backpropagate_error(net.weights, zs, delta)
    with pytest.raises(ValueError, match="una capa más"):
        nc.gradients(deltas, acts[:-1])
    with pytest.raises(ValueError, match="una capa más"):
        nc.gradients(deltas[1:], acts)
    with pytest.raises(ValueError, match=r"'activations\[1\]' debe tener forma \(n_1, m\) = \(3, 3\)"):
        nc.gradients(deltas, [acts[0], acts[1][:, :2], acts[2]])
    with pytest.raises(ValueError, match="tantos como 'weights'"):
        nc.backpropagate_error(net.weights, zs[1:], delta)
    with pytest.raises(ValueError, match=r"'zs\[0\]' debe tener forma \(n_1, m\) = \(3, 3\)"):
        nc.backpropagate_error(net.weights, [zs[0][:, :2], zs[1]], delta)


def test_bias_vector_of_shape_n_is_refused_with_a_hint(net):
    """Un sesgo (3,) con m = 3 se sumaba por el eje equivocado sin avisar."""
    x, y = data(3)
    biases = [net.biases[0].ravel(), net.biases[1]]
    for call in (lambda: nc.feedforward(net.weights, biases, x),
                 lambda: nc.backprop(net.weights, biases, x, y),
                 lambda: nc.Network.from_parameters(net.weights, biases)):
        with pytest.raises(ValueError, match=r"b\^1 deben tener forma \(n_1, 1\) = \(3, 1\).*reshape\(3, 1\)"):
            call()


def test_constant_y_columns_are_refused_by_sgd(net):
    """Antes: una y toda cero daba etiquetas 0 y exactitud 1,0."""
    x, _ = data(6)
    with pytest.raises(ValueError, match="columnas constantes"):
        nc.sgd(net, (x, np.zeros((2, 6))), 1, 2, 1.0, np.random.default_rng(0))


def test_total_cost_refuses_negative_lambda(net):
    x, y = data(4)
    with pytest.raises(ValueError, match="λ"):
        nc.total_cost(net, x, y, lmbda=-1.0)


def test_sizes_as_a_set_is_refused():
    with pytest.raises(TypeError, match="conjunto no tiene orden"):
        nc.Network({784, 30, 10}, np.random.default_rng(0))
    assert nc.Network(np.array([3, 2]), np.random.default_rng(0)).sizes == [3, 2]


def test_huge_networks_are_refused_before_allocating():
    import time
    start = time.perf_counter()
    with pytest.raises(ValueError, match=r"necesitaría 795.*GB.*el máximo es 50\u00a0000\u00a0000"):
        nc.Network([784, 10**6, 10], np.random.default_rng(0))
    with pytest.raises(ValueError, match="máximo"):
        nc.init_network([10**5, 10**5], np.random.default_rng(0))
    with pytest.raises(ValueError, match="máximo"):
        nc.one_hot(np.zeros(10**7, dtype=int), 10)
    assert time.perf_counter() - start < 0.5


def test_network_repr_is_spanish():
    net = nc.Network([784, 30, 10], np.random.default_rng(0))
    assert repr(net) == net.describe() == \
        "Red [784, 30, 10] · activación: sigmoide · salida: sigmoide · coste: cuadrático · float64"
    soft = nc.Network([4, 3], 0, activation="relu", output_activation="softmax", cost="log-likelihood",
                      dtype=np.float32)
    assert repr(soft) == "Red [4, 3] · activación: ReLU · salida: softmax · coste: log-verosimilitud · float32"


def test_update_mini_batch_refuses_a_network_that_is_already_non_finite(net):
    x, y = data(3)
    net.weights[1][0, 0] = np.inf
    with pytest.raises(ValueError, match="ya contiene pesos o sesgos NaN o infinitos"):
        nc.update_mini_batch(net, x, y, 0.5)
