"""Banco de pruebas de velocidad: nn_core (mini-lote como matriz) frente al bucle por ejemplo del libro.

Uso:  python benchmarks/speed.py [--epochs 3] [--loop-epochs 1] [--dtype float64]

Entrena [784, 30, 10], sigmoide + coste cuadrático, η = 3.0, m = 10 sobre los 50.000
ejemplos de entrenamiento y muestra segundos por época de cada versión, su cociente, la
precisión alcanzada, el tiempo de importar + cargar MNIST y el pico de memoria.
"""

import argparse
import platform
import resource
import subprocess
import sys
import time

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


def cost_derivative(output_activations, y):
    return output_activations - y


def book_backprop(weights, biases, x, y):
    """``Network.backprop`` de network.py (Nielsen), pasado a Python 3: un ejemplo (784, 1)."""
    nabla_b = [np.zeros(b.shape) for b in biases]
    nabla_w = [np.zeros(w.shape) for w in weights]
    # propagación hacia adelante
    activation = x
    activations = [x]
    zs = []
    for b, w in zip(biases, weights):
        z = np.dot(w, activation) + b
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    # hacia atrás
    delta = cost_derivative(activations[-1], y) * sigmoid_prime(zs[-1])
    nabla_b[-1] = delta
    nabla_w[-1] = np.dot(delta, activations[-2].transpose())
    for l in range(2, len(weights) + 1):
        z = zs[-l]
        sp = sigmoid_prime(z)
        delta = np.dot(weights[-l + 1].transpose(), delta) * sp
        nabla_b[-l] = delta
        nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
    return nabla_b, nabla_w


def book_update_mini_batch(weights, biases, mini_batch, eta):
    """``Network.update_mini_batch`` de network.py: recorre el mini-lote ejemplo a ejemplo.

    Modifica las listas ``weights`` y ``biases`` (sustituye sus elementos, como el libro).
    """
    nabla_b = [np.zeros(b.shape) for b in biases]
    nabla_w = [np.zeros(w.shape) for w in weights]
    for x, y in mini_batch:
        delta_nabla_b, delta_nabla_w = book_backprop(weights, biases, x, y)
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
    weights[:] = [w - (eta / len(mini_batch)) * nw for w, nw in zip(weights, nabla_w)]
    biases[:] = [b - (eta / len(mini_batch)) * nb for b, nb in zip(biases, nabla_b)]


def book_epoch(weights, biases, x, y, m, eta, rng):
    n = x.shape[1]
    examples = [(x[:, i:i + 1], y[:, i:i + 1]) for i in rng.permutation(n)]
    for k in range(0, n, m):
        book_update_mini_batch(weights, biases, examples[k:k + m], eta)


def cpu_name():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "desconocido"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3, help="épocas de nn_core (se toma la mediana)")
    parser.add_argument("--loop-epochs", type=int, default=1, help="épocas del bucle por ejemplo")
    parser.add_argument("--mini-batch-size", type=int, default=10)
    parser.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    import nn_core
    data = nn_core.load_mnist(dtype=args.dtype)
    load_seconds = time.perf_counter() - start

    train, test = data.training, data.test
    rng = np.random.default_rng(args.seed)
    net = nn_core.Network([784, 30, 10], rng, dtype=args.dtype)
    w0 = [w.copy() for w in net.weights]
    b0 = [b.copy() for b in net.biases]
    history = nn_core.sgd(net, train, args.epochs, args.mini_batch_size, 3.0,
                          np.random.default_rng(args.seed + 1), monitor_training=False)
    core_epoch = float(np.median(history.seconds))
    core_best = float(np.min(history.seconds))
    core_acc = nn_core.accuracy(net, test.x, test.labels)

    weights = [w.astype(np.float64) for w in w0]
    biases = [b.astype(np.float64) for b in b0]
    x64 = train.x.astype(np.float64, copy=False)
    y64 = train.y.astype(np.float64, copy=False)
    loop_rng = np.random.default_rng(args.seed + 1)
    times = []
    for _ in range(args.loop_epochs):
        t = time.perf_counter()
        book_epoch(weights, biases, x64, y64, args.mini_batch_size, 3.0, loop_rng)
        times.append(time.perf_counter() - t)
    loop_epoch = float(np.median(times))
    loop_best = float(np.min(times))
    loop_net = nn_core.Network.from_parameters(weights, biases)
    loop_acc = nn_core.accuracy(loop_net, test.x.astype(np.float64, copy=False), test.labels)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"Máquina: {cpu_name()}, {__import__('os').cpu_count()} núcleos; Python {platform.python_version()}, numpy {np.__version__}")
    print(f"Red [784, 30, 10], sigmoide + cuadrático, η = 3.0, m = {args.mini_batch_size}, {args.dtype}, 50.000 ejemplos")
    print(f"importar nn_core + cargar MNIST:       {load_seconds:6.2f} s")
    print(f"nn_core (mini-lote como matriz):       {core_epoch:6.3f} s/época  "
          f"(mediana de {args.epochs}; precisión en prueba tras {args.epochs} épocas: {core_acc:.2%})")
    print(f"bucle por ejemplo (algoritmo del libro): {loop_epoch:6.3f} s/época  "
          f"(mediana de {args.loop_epochs}; precisión en prueba tras {args.loop_epochs} épocas: {loop_acc:.2%})")
    print(f"cociente bucle / nn_core:              {loop_epoch / core_epoch:6.1f}×  (con las medianas)")
    print(f"con la época más rápida de cada uno:   {core_best:6.3f} s frente a {loop_best:.3f} s: {loop_best / core_best:.1f}×")
    print(f"pico de memoria:                       {peak_mb:6.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
