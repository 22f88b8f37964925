"""Banco de pruebas de velocidad: nn_core (minilote como matriz) frente al bucle por ejemplo del libro.

Uso:  python benchmarks/speed.py [--rounds 5] [--mini-batch-size 10] [--dtype float64]

Entrena [784, 30, 10], sigmoide + coste cuadrático, η = 3.0, m = 10 sobre los 50.000
ejemplos de entrenamiento y muestra segundos por época de cada versión, su cociente, la
exactitud alcanzada, el tiempo de importar + cargar MNIST y el pico de memoria.
"""

import argparse
import os
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
    """``Network.update_mini_batch`` de network.py: recorre el minilote ejemplo a ejemplo.

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


def _s(value, decimals, width=6):
    """Un número a la española (coma decimal), alineado a la derecha en ``width`` caracteres."""
    from nn_core.formatting import num

    return num(value, decimals).rjust(width)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5,
                        help="rondas; en cada una, una época de nn_core y una del bucle, una tras otra")
    parser.add_argument("--mini-batch-size", type=int, default=10)
    parser.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds debe ser al menos 1")
    m = args.mini_batch_size

    start = time.perf_counter()
    import nn_core
    from nn_core.formatting import num, pct
    data = nn_core.load_mnist(dtype=args.dtype)
    load_seconds = time.perf_counter() - start

    train, test = data.training, data.test
    net = nn_core.Network([784, 30, 10], np.random.default_rng(args.seed), dtype=args.dtype)
    # El bucle parte de los mismos pesos, en float64 como el libro.
    weights = [w.astype(np.float64) for w in net.weights]
    biases = [b.astype(np.float64) for b in net.biases]
    x64 = train.x.astype(np.float64, copy=False)
    y64 = train.y.astype(np.float64, copy=False)
    core_rng = np.random.default_rng(args.seed + 1)
    loop_rng = np.random.default_rng(args.seed + 1)

    def core_epoch():
        t = time.perf_counter()
        nn_core.sgd(net, train, 1, m, 3.0, core_rng, monitor_training=False)
        return time.perf_counter() - t

    def loop_epoch():
        t = time.perf_counter()
        book_epoch(weights, biases, x64, y64, m, 3.0, loop_rng)
        return time.perf_counter() - t

    # Calentamiento, fuera de la medida y sobre copias: la primera llamada importa scipy y prepara
    # el control de hilos de BLAS, cosas que solo pasan una vez por sesión.
    warm = (train.x[:, :100], train.y[:, :100])
    nn_core.sgd(net.copy(), warm, 1, m, 3.0, np.random.default_rng(0), monitor_training=False)
    book_epoch([w.copy() for w in weights], [b.copy() for b in biases], x64[:, :100], y64[:, :100],
               m, 3.0, np.random.default_rng(0))

    # Rondas emparejadas: la velocidad de una máquina compartida cambia de un minuto a otro, así
    # que cada época de nn_core se mide junto a una del bucle, alternando cuál va primero, y se
    # compara cada pareja.
    core_times, loop_times = [], []
    for r in range(args.rounds):
        if r % 2 == 0:
            core_times.append(core_epoch())
            loop_times.append(loop_epoch())
        else:
            loop_times.append(loop_epoch())
            core_times.append(core_epoch())
    ratios = [tl / tc for tc, tl in zip(core_times, loop_times)]
    core_acc = nn_core.accuracy(net, test.x, test.labels)
    loop_net = nn_core.Network.from_parameters(weights, biases)
    loop_acc = nn_core.accuracy(loop_net, test.x.astype(np.float64, copy=False), test.labels)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    core_median, loop_median = float(np.median(core_times)), float(np.median(loop_times))
    ratio = float(np.median(ratios))
    print(f"Máquina: {cpu_name()}, {os.cpu_count()} núcleos; Python {platform.python_version()}, numpy {np.__version__}")
    print(f"Red [784, 30, 10], sigmoide + cuadrático, η = 3,0, m = {m}, {args.dtype}, 50 000 ejemplos")
    print(f"importar nn_core + cargar MNIST:          {_s(load_seconds, 2)} s")
    for r, (tc, tl) in enumerate(zip(core_times, loop_times), start=1):
        print(f"  ronda {r}: nn_core {_s(tc, 3)} s, bucle {_s(tl, 3)} s  → {_s(tl / tc, 1, 4)}×")
    print(f"nn_core (minilote como matriz):          {_s(core_median, 3)} s/época  "
          f"(mediana de {args.rounds}; exactitud en prueba tras {args.rounds} épocas: {pct(core_acc, 2)})")
    print(f"bucle por ejemplo (algoritmo del libro): {_s(loop_median, 3)} s/época  "
          f"(mediana de {args.rounds}; exactitud en prueba tras {args.rounds} épocas: {pct(loop_acc, 2)})")
    print(f"cociente bucle / nn_core:                {_s(ratio, 1)}×  (mediana de las rondas; "
          f"con las medianas de cada uno, {num(loop_median / core_median, 1)}×; "
          f"con la época más rápida, {num(min(loop_times) / min(core_times), 1)}×)")
    print(f"pico de memoria:                         {_s(peak_mb, 0)} MB")
    targets = [
        ("nn_core al menos 7× más rápido que el bucle (m = 10, float64)",
         ratio >= 7 if (m, args.dtype) == (10, "float64") else None),
        ("una época en 0,3 s como mucho", core_median <= 0.3),
        ("importar + cargar MNIST en 1 s como mucho", load_seconds <= 1.0),
        ("pico de memoria de 600 MB como mucho", peak_mb <= 600),
    ]
    print("objetivos del encargo:")
    for text, met in targets:
        verdict = "no aplica (se mide con m = 10 y float64)" if met is None else ("sí" if met else "NO")
        print(f"  {text}: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
