"""¿Cuánto cuesta la claridad? nn_core frente a versiones «en línea» del mismo paso de SGD.

Uso:  python benchmarks/variants.py [--batches 5000] [--repeat 3]

Mide el tiempo de CPU de ``--batches`` minilotes de m = 10 (una época de 50 000 ejemplos con
5.000) de la red [784, 30, 10], sigmoide + coste cuadrático, η = 3.0, float64, con un solo
hilo de BLAS, para cinco versiones del mismo paso:

- ``nn_core``: ``update_mini_batch``, que compone las funciones de cada paso;
- ``en línea, σ'(z)``: el mismo cálculo escrito de corrido, sin funciones ni comprobaciones,
  con σ'(z) = σ(z)(1 − σ(z)) calculada a partir de z, como exige el libro;
- ``en línea, σ'(z) y η/m en δ``: además multiplica δ por η/m antes del producto exterior,
  para actualizar w con una sola pasada sobre la matriz grande;
- ``en línea, a(1 − a) y η/m en δ``: reutiliza la activación a = σ(z) ya calculada para σ'.
  Es correcto aquí, pero es justo lo que el libro desaconseja escribir (véase la fe de erratas).
- ``todo lo anterior y w¹ por BLAS``: además resta (η/m) δ¹ xᵀ dentro de la propia w¹ con una
  llamada directa a ``dgemm`` de BLAS (beta = 1), sin crear ∂C/∂w¹. Es lo más rápido que hemos
  sabido escribir con numpy, y también lo menos legible: sirve de cota, no de modelo.

Se da el mínimo de ``--repeat`` repeticiones, porque en una máquina compartida el tiempo varía.
"""

import argparse
import sys
import time

import numpy as np
from scipy.linalg.blas import dgemm
from scipy.special import expit
from threadpoolctl import threadpool_limits

import nn_core as nc


def forward(net, x):
    """Propagación hacia adelante de [784, 30, 10] de corrido: devuelve z¹, a¹, z², a²."""
    (w1, w2), (b1, b2) = net.weights, net.biases
    z1 = w1 @ x
    z1 += b1
    a1 = expit(z1)
    z2 = w2 @ a1
    z2 += b2
    return z1, a1, z2, expit(z2)


def deltas_from_z(net, y, z1, a1, z2, a2):
    """δ² y δ¹ con σ'(z) = σ(z)(1 − σ(z)) calculada a partir de z, como exige el libro."""
    s2 = expit(z2)
    delta2 = (a2 - y) * (s2 * (1 - s2))
    s1 = expit(z1)
    return (net.weights[1].T @ delta2) * (s1 * (1 - s1)), delta2


def update_with_scaled_delta(net, x, a1, delta1, delta2, step):
    """w ← w − (η/m δ) aᵀ: δ se multiplica por η/m antes del producto exterior (una sola pasada sobre w)."""
    (w1, w2), (b1, b2) = net.weights, net.biases
    delta2 *= step
    delta1 *= step
    w2 -= delta2 @ a1.T
    b2 -= delta2.sum(axis=1, keepdims=True)
    w1 -= delta1 @ x.T
    b1 -= delta1.sum(axis=1, keepdims=True)


def inline_z(net, x, y, eta):
    """El paso de SGD de corrido, con σ'(z) calculada a partir de z."""
    (w1, w2), (b1, b2) = net.weights, net.biases
    z1, a1, z2, a2 = forward(net, x)
    delta1, delta2 = deltas_from_z(net, y, z1, a1, z2, a2)
    step = eta / x.shape[1]
    nabla_w2, nabla_w1 = delta2 @ a1.T, delta1 @ x.T
    nabla_w2 *= step
    w2 -= nabla_w2
    b2 -= step * delta2.sum(axis=1, keepdims=True)
    nabla_w1 *= step
    w1 -= nabla_w1
    b1 -= step * delta1.sum(axis=1, keepdims=True)


def inline_z_scaled_delta(net, x, y, eta):
    """Como ``inline_z``, pero δ se multiplica por η/m antes del producto exterior δ aᵀ."""
    z1, a1, z2, a2 = forward(net, x)
    delta1, delta2 = deltas_from_z(net, y, z1, a1, z2, a2)
    update_with_scaled_delta(net, x, a1, delta1, delta2, eta / x.shape[1])


def inline_a_scaled_delta(net, x, y, eta):
    """Como ``inline_z_scaled_delta``, pero σ' sale de la activación ya calculada: a(1 − a)."""
    z1, a1, z2, a2 = forward(net, x)
    delta2 = (a2 - y) * (a2 * (1 - a2))
    delta1 = (net.weights[1].T @ delta2) * (a1 * (1 - a1))
    update_with_scaled_delta(net, x, a1, delta1, delta2, eta / x.shape[1])


def inline_a_fused_blas(net, x, y, eta):
    """Como ``inline_a_scaled_delta``, pero w¹ ← w¹ − (η/m) δ¹ xᵀ lo hace ``dgemm`` dentro de w¹.

    w¹ está guardada por filas (orden C), así que su traspuesta (784, 30) está en orden Fortran,
    que es el que BLAS modifica en su sitio: w¹ᵀ ← w¹ᵀ − x (η/m δ¹)ᵀ.
    """
    (w1, w2), (b1, b2) = net.weights, net.biases
    step = eta / x.shape[1]
    z1, a1, z2, a2 = forward(net, x)
    delta2 = (a2 - y) * (a2 * (1 - a2)) * step
    delta1 = (w2.T @ delta2) * (a1 * (1 - a1))
    w2 -= delta2 @ a1.T
    b2 -= delta2.sum(axis=1, keepdims=True)
    dgemm(-1.0, x, delta1.T, beta=1.0, c=w1.T, overwrite_c=True)
    b1 -= delta1.sum(axis=1, keepdims=True)


VARIANTS = {
    "nn_core (update_mini_batch)": lambda net, x, y, eta: nc.update_mini_batch(net, x, y, eta),
    "en línea, σ'(z)": inline_z,
    "en línea, σ'(z) y η/m en δ": inline_z_scaled_delta,
    "en línea, a(1 − a) y η/m en δ": inline_a_scaled_delta,
    "todo lo anterior y w¹ por BLAS": inline_a_fused_blas,
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=5000, help="minilotes de 10 por medida")
    parser.add_argument("--repeat", type=int, default=3, help="repeticiones (se toma la mínima)")
    args = parser.parse_args(argv)

    train = nc.load_mnist().training
    x_rows, y_rows = np.ascontiguousarray(train.x.T), np.ascontiguousarray(train.y.T)
    order = np.random.default_rng(0).permutation(len(train))

    # Todas las versiones dan el mismo paso (salvo redondeo): se comprueba antes de medir.
    idx = order[:10]
    reference = nc.Network([784, 30, 10], np.random.default_rng(0))
    nc.update_mini_batch(reference, x_rows[idx].T, y_rows[idx].T, 3.0)
    for name, step in VARIANTS.items():
        net = nc.Network([784, 30, 10], np.random.default_rng(0))
        step(net, x_rows[idx].T, y_rows[idx].T, 3.0)
        assert all(np.allclose(w, r) for w, r in zip(net.weights, reference.weights)), name

    times = {name: [] for name in VARIANTS}
    with threadpool_limits(1, user_api="blas"):
        for _ in range(args.repeat):
            for name, step in VARIANTS.items():
                net = nc.Network([784, 30, 10], np.random.default_rng(0))
                start = time.process_time()
                for k in range(0, 10 * args.batches, 10):
                    idx = order[k % len(order):k % len(order) + 10]
                    step(net, x_rows[idx].T, y_rows[idx].T, 3.0)
                times[name].append(time.process_time() - start)
    from nn_core.formatting import num

    print(f"Tiempo de CPU de {num(args.batches)} minilotes de m = 10 ([784, 30, 10], float64, un hilo de BLAS); "
          f"mínimo de {args.repeat}:")
    for name, t in times.items():
        print(f"  {name:32s} {num(min(t), 3):>6} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
