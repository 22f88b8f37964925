"""Las matemáticas de la retropropagación, comprobadas paso a paso.

- Comprobación de gradientes por diferencias finitas centradas de *cada* peso y sesgo,
  en redes aleatorias de 2 a 5 capas, para cada activación × coste.
- Un ejemplo 2-2-1 hecho a mano, con δ^L, δ^1 y los gradientes escritos como números.
- Cada paso por separado: feedforward, output_error (BP1), backpropagate_error (BP2),
  gradients (BP3 y BP4) y las derivadas de las activaciones.
- El gradiente de un mini-lote es la suma de los gradientes de sus ejemplos.
"""

import math

import numpy as np
import pytest

import nn_core as nc

# Las seis combinaciones (activación oculta, coste, activación de salida) que admite nn_core.
COMBOS = [
    (activation, cost, output_activation)
    for activation in ("sigmoid", "relu")
    for cost, output_activation in (("quadratic", "sigmoid"),
                                    ("cross-entropy", "sigmoid"),
                                    ("log-likelihood", "softmax"))
]


# --------------------------------------------------------------------------------------
# Una implementación de referencia, independiente de nn_core, del coste TOTAL (suma sobre
# los m ejemplos: backprop devuelve la suma, no la media).
# --------------------------------------------------------------------------------------

def _softplus(t):
    """ln(1 + e^t) sin desbordamientos (vale para cualquier dtype de coma flotante)."""
    return np.log1p(np.exp(-np.abs(t))) + np.maximum(t, 0)


def reference_cost(weights, biases, x, y, activation, cost, dtype):
    """Coste total Σ_ejemplos C_x, calculado en ``dtype`` y a partir de z^L (estable).

    Devuelve ``(coste, signos)``: ``signos`` es el patrón z > 0 de las capas ocultas ReLU,
    para detectar si una perturbación cruzó un pliegue de la ReLU (None con sigmoide).
    """
    a = x.astype(dtype)
    signs = []
    L = len(weights)
    for l, (w, b) in enumerate(zip(weights, biases), start=1):
        z = w.astype(dtype) @ a + b.astype(dtype)
        if l < L:
            if activation == "sigmoid":
                a = 1 / (1 + np.exp(-z))
            else:
                signs.append((z > 0).ravel())
                a = np.maximum(z, 0)
    y = y.astype(dtype)
    if cost == "quadratic":
        total = np.sum((1 / (1 + np.exp(-z)) - y) ** 2) / 2
    elif cost == "cross-entropy":
        # −y ln σ(z) − (1 − y) ln(1 − σ(z)) = y·softplus(−z) + (1 − y)·softplus(z)
        total = np.sum(y * _softplus(-z) + (1 - y) * _softplus(z))
    else:
        # −ln softmax(z)_y = −(z_y − ln Σ_k e^(z_k))
        zmax = z.max(axis=0, keepdims=True)
        lse = zmax + np.log(np.sum(np.exp(z - zmax), axis=0, keepdims=True))
        total = -np.sum(y * (z - lse))
    return total, (np.concatenate(signs) if signs else None)


# Con el coste en float64 el error de redondeo de la diferencia finita es ~ eps·C/h ≈ 1e-12,
# demasiado para exigir 1e-7 en componentes pequeñas del gradiente. La red y backprop son
# float64, pero el coste de referencia se evalúa en precisión extendida (long double de 80
# bits en x86-64) y se usa la diferencia centrada de cuarto orden
#   f'(θ) ≈ [8(f(θ+h) − f(θ−h)) − (f(θ+2h) − f(θ−2h))] / (12h).
EXTENDED = np.finfo(np.longdouble).eps < 1e-18
if EXTENDED:
    REF_DTYPE, H, FLOOR, RTOL = np.longdouble, 1e-4, 1e-8, 1e-7
else:  # plataformas sin long double extendido: todo en float64, tolerancia medida allí
    REF_DTYPE, H, FLOOR, RTOL = np.float64, 2e-3, 1e-4, 1e-6


def numerical_gradients(weights, biases, x, y, activation, cost):
    """Diferencias centradas de cada peso y sesgo; devuelve (num_b, num_w, cruzó_pliegue)."""
    _, signs0 = reference_cost(weights, biases, x, y, activation, cost, REF_DTYPE)
    crossed = False

    def numeric(params):
        nonlocal crossed
        result = []
        for p in params:
            g = np.zeros(p.shape, dtype=REF_DTYPE)
            for idx in np.ndindex(p.shape):
                old = p[idx]

                def f(step):
                    nonlocal crossed
                    p[idx] = old + step
                    c, signs = reference_cost(weights, biases, x, y, activation, cost, REF_DTYPE)
                    p[idx] = old
                    if signs0 is not None and not np.array_equal(signs, signs0):
                        crossed = True
                    return c

                g[idx] = (8 * (f(H) - f(-H)) - (f(2 * H) - f(-2 * H))) / (12 * H)
            result.append(g.astype(np.float64))
        return result

    num_w = numeric(weights)
    num_b = numeric(biases)
    return num_b, num_w, crossed


def relative_error(g, n):
    """|g − n| / max(|g| + |n|, FLOOR), componente a componente."""
    return np.abs(g - n) / np.maximum(np.abs(g) + np.abs(n), FLOOR)


def random_problem(rng, n_layers, cost, m=3):
    sizes = [int(s) for s in rng.integers(2, 7, size=n_layers)]
    weights, biases = nc.init_network(sizes, rng)
    x = rng.standard_normal((sizes[0], m))
    if cost == "log-likelihood":
        y = nc.one_hot(rng.integers(0, sizes[-1], size=m), sizes[-1])
    else:
        y = rng.random((sizes[-1], m))
    return sizes, weights, biases, x, y


@pytest.mark.parametrize("n_layers", [2, 3, 4, 5])
@pytest.mark.parametrize("activation,cost,output_activation", COMBOS)
def test_gradient_check_every_weight_and_bias(n_layers, activation, cost, output_activation):
    rng = np.random.default_rng([n_layers, COMBOS.index((activation, cost, output_activation))])
    checked = 0
    for _ in range(40):
        sizes, weights, biases, x, y = random_problem(rng, n_layers, cost)
        num_b, num_w, crossed = numerical_gradients(weights, biases, x, y, activation, cost)
        if crossed:  # una perturbación atravesó z = 0 de una ReLU: otra red
            continue
        nabla_b, nabla_w = nc.backprop(weights, biases, x, y, activation, cost, output_activation)
        for l in range(len(weights)):
            assert nabla_w[l].shape == weights[l].shape
            assert nabla_b[l].shape == biases[l].shape
            err_w = relative_error(nabla_w[l], num_w[l]).max()
            err_b = relative_error(nabla_b[l], num_b[l]).max()
            assert err_w <= RTOL, f"sizes={sizes}, capa {l + 1}: error relativo en w = {err_w:.2e}"
            assert err_b <= RTOL, f"sizes={sizes}, capa {l + 1}: error relativo en b = {err_b:.2e}"
        checked += 1
        if checked == 2:
            break
    assert checked == 2


@pytest.mark.parametrize("activation,cost,output_activation", COMBOS)
def test_reference_cost_matches_nn_core_cost(activation, cost, output_activation):
    """cost.fn es la MEDIA sobre los m ejemplos; la referencia de arriba es la suma."""
    rng = np.random.default_rng(7)
    sizes, weights, biases, x, y = random_problem(rng, 3, cost, m=5)
    net = nc.Network.from_parameters(weights, biases, activation, cost, output_activation)
    ref, _ = reference_cost(weights, biases, x, y, activation, cost, np.float64)
    assert net.cost.fn(net.feedforward(x), y) * 5 == pytest.approx(float(ref), rel=1e-12)


def test_gradient_check_detects_a_wrong_gradient():
    """La comprobación no es decorativa: un error relativo de 1e-5 en un solo peso se detecta."""
    rng = np.random.default_rng(3)
    sizes, weights, biases, x, y = random_problem(rng, 3, "quadratic")
    num_b, num_w, _ = numerical_gradients(weights, biases, x, y, "sigmoid", "quadratic")
    nabla_b, nabla_w = nc.backprop(weights, biases, x, y)
    assert relative_error(nabla_w[0], num_w[0]).max() <= RTOL
    nabla_w[0][0, 0] *= 1 + 1e-5
    assert relative_error(nabla_w[0], num_w[0]).max() > RTOL


# --------------------------------------------------------------------------------------
# Un ejemplo 2-2-1 hecho a mano: sigmoide, coste cuadrático, un solo ejemplo.
#   x = (1, 2)ᵀ, w^1 = [[0.5, −0.5], [0.25, 0.25]], b^1 = (0, 0.25)ᵀ,
#   w^2 = [[1, −1]], b^2 = 0.5, y = 1.
# --------------------------------------------------------------------------------------

HAND_W = [np.array([[0.5, -0.5], [0.25, 0.25]]), np.array([[1.0, -1.0]])]
HAND_B = [np.array([[0.0], [0.25]]), np.array([[0.5]])]
HAND_X = np.array([[1.0], [2.0]])
HAND_Y = np.array([[1.0]])

# z^1 = w^1 x + b^1 = (0.5·1 − 0.5·2 + 0, 0.25·1 + 0.25·2 + 0.25) = (−0.5, 1.0)
Z1 = [-0.5, 1.0]
# a^1 = σ(z^1) = (1/(1 + e^0.5), 1/(1 + e^−1)) = (0.377540668798, 0.731058578630)
A1 = [0.377540668798, 0.731058578630]
# z^2 = 1·0.377540668798 − 1·0.731058578630 + 0.5 = 0.146482090168
Z2 = 0.146482090168
# a^2 = σ(0.146482090168) = 0.536555182185
A2 = 0.536555182185
# σ'(z^2) = a^2 (1 − a^2) = 0.536555182185 · 0.463444817815 = 0.248663718655
# δ^2 = (a^2 − y) σ'(z^2) = (−0.463444817815) · 0.248663718655 = −0.115241911789
DELTA2 = -0.115241911789
# σ'(z^1) = a^1 ⊙ (1 − a^1) = (0.235003712202, 0.196611933241)
# δ^1 = (w^2)ᵀ δ^2 ⊙ σ'(z^1) = (1·(−0.115241911789)·0.235003712202,
#                              −1·(−0.115241911789)·0.196611933241)
DELTA1 = [-0.027082277072, 0.022657935067]
# ∂C/∂w^2 = δ^2 (a^1)ᵀ = (−0.115241911789·0.377540668798, −0.115241911789·0.731058578630)
NABLA_W2 = [[-0.043508508451, -0.084248588231]]
# ∂C/∂w^1 = δ^1 xᵀ = [[δ^1_1·1, δ^1_1·2], [δ^1_2·1, δ^1_2·2]]
NABLA_W1 = [[-0.027082277072, -0.054164554143], [0.022657935067, 0.045315870135]]
HAND_TOL = 1e-11  # los números de arriba tienen 12 decimales


def _sigma(t):
    return 1 / (1 + math.exp(-t))


def test_hand_example_numbers_are_right():
    """Los números escritos arriba, recalculados escalar a escalar con math.exp."""
    z1 = [0.5 * 1 - 0.5 * 2 + 0.0, 0.25 * 1 + 0.25 * 2 + 0.25]
    a1 = [_sigma(t) for t in z1]
    z2 = a1[0] - a1[1] + 0.5
    a2 = _sigma(z2)
    d2 = (a2 - 1.0) * a2 * (1 - a2)
    d1 = [1.0 * d2 * a1[0] * (1 - a1[0]), -1.0 * d2 * a1[1] * (1 - a1[1])]
    assert z1 == Z1
    assert a1 == pytest.approx(A1, abs=HAND_TOL)
    assert z2 == pytest.approx(Z2, abs=HAND_TOL)
    assert a2 == pytest.approx(A2, abs=HAND_TOL)
    assert d2 == pytest.approx(DELTA2, abs=HAND_TOL)
    assert d1 == pytest.approx(DELTA1, abs=HAND_TOL)
    assert [d2 * a1[0], d2 * a1[1]] == pytest.approx(NABLA_W2[0], abs=HAND_TOL)


def test_hand_example_feedforward():
    zs, activations = nc.feedforward(HAND_W, HAND_B, HAND_X)
    assert activations[0] is HAND_X
    np.testing.assert_allclose(zs[0].ravel(), Z1, atol=HAND_TOL)
    np.testing.assert_allclose(activations[1].ravel(), A1, atol=HAND_TOL)
    np.testing.assert_allclose(zs[1].ravel(), [Z2], atol=HAND_TOL)
    np.testing.assert_allclose(activations[2].ravel(), [A2], atol=HAND_TOL)


def test_hand_example_output_error():
    delta_L = nc.output_error(np.array([[A2]]), np.array([[Z2]]), HAND_Y, "quadratic", "sigmoid")
    assert delta_L.shape == (1, 1)
    np.testing.assert_allclose(delta_L, [[DELTA2]], atol=HAND_TOL)


def test_hand_example_backpropagate_error():
    zs, _ = nc.feedforward(HAND_W, HAND_B, HAND_X)
    deltas = nc.backpropagate_error(HAND_W, zs, np.array([[DELTA2]]))
    assert len(deltas) == 2
    np.testing.assert_allclose(deltas[0], np.array(DELTA1).reshape(2, 1), atol=HAND_TOL)
    np.testing.assert_allclose(deltas[1], [[DELTA2]], atol=HAND_TOL)


def test_hand_example_gradients():
    deltas = [np.array(DELTA1).reshape(2, 1), np.array([[DELTA2]])]
    activations = [HAND_X, np.array(A1).reshape(2, 1), np.array([[A2]])]
    nabla_b, nabla_w = nc.gradients(deltas, activations)
    np.testing.assert_allclose(nabla_b[0], np.array(DELTA1).reshape(2, 1), atol=HAND_TOL)
    np.testing.assert_allclose(nabla_b[1], [[DELTA2]], atol=HAND_TOL)
    np.testing.assert_allclose(nabla_w[0], NABLA_W1, atol=HAND_TOL)
    np.testing.assert_allclose(nabla_w[1], NABLA_W2, atol=HAND_TOL)


def test_hand_example_backprop_and_network():
    nabla_b, nabla_w = nc.backprop(HAND_W, HAND_B, HAND_X, HAND_Y)
    np.testing.assert_allclose(nabla_b[0], np.array(DELTA1).reshape(2, 1), atol=HAND_TOL)
    np.testing.assert_allclose(nabla_b[1], [[DELTA2]], atol=HAND_TOL)
    np.testing.assert_allclose(nabla_w[0], NABLA_W1, atol=HAND_TOL)
    np.testing.assert_allclose(nabla_w[1], NABLA_W2, atol=HAND_TOL)
    net = nc.Network.from_parameters(HAND_W, HAND_B)
    net_b, net_w = net.backprop(HAND_X, HAND_Y)
    for got, expected in zip(net_b + net_w, nabla_b + nabla_w):
        np.testing.assert_allclose(got, expected, rtol=1e-14)
    np.testing.assert_allclose(net.feedforward(HAND_X), [[A2]], atol=HAND_TOL)


# --------------------------------------------------------------------------------------
# Cada paso por separado.
# --------------------------------------------------------------------------------------

def test_init_network_shapes_and_scaled_init():
    rng = np.random.default_rng(0)
    weights, biases = nc.init_network([784, 30, 10], rng)
    assert [w.shape for w in weights] == [(30, 784), (10, 30)]
    assert [b.shape for b in biases] == [(30, 1), (10, 1)]
    assert all(w.dtype == np.float64 for w in weights + biases)
    # N(0, 1) por defecto; N(0, 1/n_in) con init="scaled"
    assert np.std(weights[0]) == pytest.approx(1.0, rel=0.05)
    scaled, _ = nc.init_network([784, 30, 10], np.random.default_rng(0), init="scaled")
    assert np.std(scaled[0]) == pytest.approx(1 / math.sqrt(784), rel=0.05)
    w32, b32 = nc.init_network([5, 3, 2], np.random.default_rng(0), dtype=np.float32)
    assert all(a.dtype == np.float32 for a in w32 + b32)


def test_init_network_is_reproducible_from_the_generator():
    w1, b1 = nc.init_network([4, 3, 2], np.random.default_rng(11))
    w2, b2 = nc.init_network([4, 3, 2], np.random.default_rng(11))
    w3, _ = nc.init_network([4, 3, 2], np.random.default_rng(12))
    for a, b in zip(w1 + b1, w2 + b2):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(w1[0], w3[0])


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_feedforward_shapes_and_activations(activation):
    rng = np.random.default_rng(1)
    sizes = [6, 5, 4, 3]
    weights, biases = nc.init_network(sizes, rng)
    x = rng.standard_normal((6, 7))
    zs, activations = nc.feedforward(weights, biases, x, activation=activation)
    assert activations[0] is x
    assert len(zs) == 3 and len(activations) == 4
    assert [z.shape for z in zs] == [(5, 7), (4, 7), (3, 7)]
    assert [a.shape for a in activations] == [(6, 7), (5, 7), (4, 7), (3, 7)]
    a = x
    for l, (w, b) in enumerate(zip(weights, biases), start=1):
        z = w @ a + b
        np.testing.assert_allclose(zs[l - 1], z, rtol=1e-13)
        if l < 3 and activation == "relu":
            a = np.maximum(z, 0)
        else:
            a = 1 / (1 + np.exp(-z))
        np.testing.assert_allclose(activations[l], a, rtol=1e-13, atol=1e-15)


def test_feedforward_softmax_output_columns_sum_to_one():
    rng = np.random.default_rng(2)
    weights, biases = nc.init_network([3, 4, 5], rng)
    x = rng.standard_normal((3, 6))
    zs, activations = nc.feedforward(weights, biases, x, "relu", "softmax")
    aL = activations[-1]
    np.testing.assert_allclose(aL.sum(axis=0), np.ones(6), rtol=1e-14)
    e = np.exp(zs[-1])
    np.testing.assert_allclose(aL, e / e.sum(axis=0), rtol=1e-13)


@pytest.mark.parametrize("cost", ["quadratic", "cross-entropy"])
def test_output_error_is_cost_derivative_times_sigma_prime(cost):
    rng = np.random.default_rng(3)
    z = rng.standard_normal((4, 5))
    a = 1 / (1 + np.exp(-z))
    y = rng.random((4, 5))
    s_prime = a * (1 - a)
    if cost == "quadratic":
        expected = (a - y) * s_prime               # ∇_a C = a − y
    else:
        expected = (a - y) / (a * (1 - a)) * s_prime  # = a − y: σ' se cancela
        np.testing.assert_allclose(expected, a - y, rtol=1e-12, atol=1e-15)
    delta = nc.output_error(a, z, y, cost, "sigmoid")
    assert delta.shape == (4, 5)
    np.testing.assert_allclose(delta, expected, rtol=1e-12, atol=1e-15)
    cost_obj = nc.get_cost(cost)
    np.testing.assert_allclose(delta, cost_obj.derivative(a, y) * nc.Sigmoid.prime(z),
                               rtol=1e-12, atol=1e-15)


def test_output_error_shortcuts_are_a_minus_y():
    rng = np.random.default_rng(4)
    z = rng.standard_normal((3, 4))
    y = nc.one_hot(np.array([0, 2, 1, 2]), 3)
    a = nc.Sigmoid.fn(z)
    np.testing.assert_array_equal(nc.output_error(a, z, y, "cross-entropy", "sigmoid"), a - y)
    a_soft = nc.Softmax.fn(z)
    np.testing.assert_array_equal(nc.output_error(a_soft, z, y, "log-likelihood", "softmax"), a_soft - y)
    # y la log-verosimilitud con softmax coincide con la derivada −y/a por el jacobiano de la softmax
    for j in range(4):
        s = a_soft[:, j]
        jac = np.diag(s) - np.outer(s, s)
        np.testing.assert_allclose(jac.T @ (-y[:, j] / s), s - y[:, j], rtol=1e-12, atol=1e-15)


def test_output_error_quadratic_with_relu_hidden_uses_output_activation():
    """δ^L depende de la activación de SALIDA, no de la de las capas ocultas."""
    rng = np.random.default_rng(5)
    z = rng.standard_normal((2, 3))
    a = nc.Sigmoid.fn(z)
    y = rng.random((2, 3))
    delta = nc.output_error(a, z, y, "quadratic", "sigmoid")
    np.testing.assert_allclose(delta, (a - y) * a * (1 - a), rtol=1e-12)


def test_sigmoid_and_its_prime_from_z():
    z = np.array([[-3.0, -0.5, 0.0, 0.5, 3.0]])
    s = np.array([[1 / (1 + math.exp(-t)) for t in z.ravel()]])
    np.testing.assert_allclose(nc.Sigmoid.fn(z), s, rtol=1e-14)
    np.testing.assert_allclose(nc.Sigmoid.prime(z), s * (1 - s), rtol=1e-14)
    assert nc.Sigmoid.prime(np.array([[0.0]]))[0, 0] == 0.25
    # derivada numérica de la sigmoide
    h = 1e-6
    num = (nc.Sigmoid.fn(z + h) - nc.Sigmoid.fn(z - h)) / (2 * h)
    np.testing.assert_allclose(nc.Sigmoid.prime(z), num, rtol=1e-8)
    # no desborda con z muy negativo
    with np.errstate(all="raise"):
        assert nc.Sigmoid.fn(np.array([[-1000.0]]))[0, 0] == 0.0


def test_sigmoid_prime_of_the_output_is_the_pitfall():
    """prime recibe z: prime(a) con a = σ(z) es otro número (el error de la fe de erratas)."""
    z = np.array([[0.146482090168]])
    a = nc.Sigmoid.fn(z)
    right = nc.Sigmoid.prime(z)
    wrong = nc.Sigmoid.prime(a)
    assert right[0, 0] == pytest.approx(0.248663718655, abs=1e-11)
    assert wrong[0, 0] == pytest.approx(0.232836195942, abs=1e-11)  # σ'(σ(z)) ≠ σ'(z)
    assert abs(right[0, 0] - wrong[0, 0]) > 0.01


def test_relu_and_its_prime():
    z = np.array([[-2.0, -1e-9, 0.0, 1e-9, 3.5]])
    np.testing.assert_array_equal(nc.ReLU.fn(z), [[0.0, 0.0, 0.0, 1e-9, 3.5]])
    np.testing.assert_array_equal(nc.ReLU.prime(z), [[0.0, 0.0, 0.0, 1.0, 1.0]])
    z32 = z.astype(np.float32)
    assert nc.ReLU.fn(z32).dtype == np.float32 and nc.ReLU.prime(z32).dtype == np.float32
    assert nc.Sigmoid.fn(z32).dtype == np.float32 and nc.Sigmoid.prime(z32).dtype == np.float32


def test_softmax_prime_is_refused_in_spanish():
    with pytest.raises(ValueError, match="log-likelihood"):
        nc.Softmax.prime(np.zeros((3, 1)))


def test_get_activation_and_get_cost_by_name_or_object():
    assert nc.get_activation("sigmoid") is nc.Sigmoid
    assert nc.get_activation("ReLU") is nc.ReLU
    assert nc.get_activation(nc.Softmax) is nc.Softmax
    assert nc.get_cost("quadratic") is nc.QuadraticCost
    assert nc.get_cost("cross-entropy") is nc.CrossEntropyCost
    assert nc.get_cost(nc.LogLikelihoodCost) is nc.LogLikelihoodCost


def test_costs_values():
    a = np.array([[0.8, 0.1], [0.2, 0.7]])
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    # cuadrático: ½‖a − y‖² medio = ½[(0.04 + 0.04) + (0.01 + 0.09)] / 2 = 0.045
    assert nc.QuadraticCost.fn(a, y) == pytest.approx(0.045, rel=1e-12)
    # entropía cruzada: [−ln 0.8 − ln 0.8 − ln 0.9 − ln 0.7] / 2
    ce = -(2 * math.log(0.8) + math.log(0.9) + math.log(0.7)) / 2
    assert nc.CrossEntropyCost.fn(a, y) == pytest.approx(ce, rel=1e-12)
    # log-verosimilitud: [−ln 0.8 − ln 0.7] / 2
    assert nc.LogLikelihoodCost.fn(a, y) == pytest.approx(-(math.log(0.8) + math.log(0.7)) / 2, rel=1e-12)
    np.testing.assert_allclose(nc.CrossEntropyCost.derivative(a, y), (a - y) / (a * (1 - a)))
    np.testing.assert_allclose(nc.LogLikelihoodCost.derivative(a, y), -y / a)


def test_backpropagate_error_formula_bp2():
    rng = np.random.default_rng(6)
    weights, biases = nc.init_network([3, 5, 4, 2], rng)
    x = rng.standard_normal((3, 4))
    zs, activations = nc.feedforward(weights, biases, x, "relu")
    delta_L = rng.standard_normal((2, 4))
    deltas = nc.backpropagate_error(weights, zs, delta_L, "relu")
    assert [d.shape for d in deltas] == [(5, 4), (4, 4), (2, 4)]
    assert deltas[-1] is delta_L
    d2 = (weights[2].T @ delta_L) * (zs[1] > 0)
    d1 = (weights[1].T @ d2) * (zs[0] > 0)
    np.testing.assert_allclose(deltas[1], d2, rtol=1e-13)
    np.testing.assert_allclose(deltas[0], d1, rtol=1e-13)


def test_gradients_formula_bp3_bp4_is_a_sum_over_columns():
    rng = np.random.default_rng(8)
    deltas = [rng.standard_normal((4, 3)), rng.standard_normal((2, 3))]
    activations = [rng.standard_normal((5, 3)), rng.standard_normal((4, 3)), rng.standard_normal((2, 3))]
    nabla_b, nabla_w = nc.gradients(deltas, activations)
    assert [b.shape for b in nabla_b] == [(4, 1), (2, 1)]
    assert [w.shape for w in nabla_w] == [(4, 5), (2, 4)]
    for l in range(2):
        expected_w = sum(np.outer(deltas[l][:, i], activations[l][:, i]) for i in range(3))
        expected_b = sum(deltas[l][:, [i]] for i in range(3))
        np.testing.assert_allclose(nabla_w[l], expected_w, rtol=1e-13)
        np.testing.assert_allclose(nabla_b[l], expected_b, rtol=1e-13)


@pytest.mark.parametrize("activation,cost,output_activation", COMBOS)
def test_minibatch_gradient_is_sum_of_per_example_gradients(activation, cost, output_activation):
    rng = np.random.default_rng(9)
    weights, biases = nc.init_network([5, 4, 3, 3], rng)
    m = 7
    x = rng.standard_normal((5, m))
    y = nc.one_hot(rng.integers(0, 3, m), 3)
    nabla_b, nabla_w = nc.backprop(weights, biases, x, y, activation, cost, output_activation)
    sum_b = [np.zeros_like(b) for b in biases]
    sum_w = [np.zeros_like(w) for w in weights]
    for i in range(m):
        nb, nw = nc.backprop(weights, biases, x[:, [i]], y[:, [i]], activation, cost, output_activation)
        sum_b = [s + g for s, g in zip(sum_b, nb)]
        sum_w = [s + g for s, g in zip(sum_w, nw)]
    for got, expected in zip(nabla_b + nabla_w, sum_b + sum_w):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14)


def test_backprop_is_the_composition_of_the_steps():
    rng = np.random.default_rng(10)
    weights, biases = nc.init_network([4, 6, 3], rng)
    x = rng.standard_normal((4, 5))
    y = nc.one_hot(rng.integers(0, 3, 5), 3)
    zs, activations = nc.feedforward(weights, biases, x, "relu", "softmax")
    delta_L = nc.output_error(activations[-1], zs[-1], y, "log-likelihood", "softmax")
    deltas = nc.backpropagate_error(weights, zs, delta_L, "relu")
    expected = nc.gradients(deltas, activations)
    got = nc.backprop(weights, biases, x, y, "relu", "log-likelihood", "softmax")
    for g, e in zip(got[0] + got[1], expected[0] + expected[1]):
        np.testing.assert_array_equal(g, e)


def test_network_float32_feedforward_and_backprop_stay_float32():
    net = nc.Network([6, 4, 3], np.random.default_rng(0), dtype=np.float32)
    x = np.random.default_rng(1).random((6, 5)).astype(np.float32)
    y = nc.one_hot(np.array([0, 1, 2, 0, 1]), 3, dtype=np.float32)
    assert net.feedforward(x).dtype == np.float32
    nabla_b, nabla_w = net.backprop(x, y)
    assert all(g.dtype == np.float32 for g in nabla_b + nabla_w)
    net64 = nc.Network.from_parameters([w.astype(np.float64) for w in net.weights],
                                       [b.astype(np.float64) for b in net.biases])
    np.testing.assert_allclose(net.feedforward(x), net64.feedforward(x.astype(np.float64)), rtol=1e-5)
    assert net.predict(x).shape == (5,)
