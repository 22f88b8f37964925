"""Experimentos del capítulo 08: reproducir las cifras del libro de Nielsen y superarlas.

Uso (desde cualquier carpeta):

    python scripts/experiments.py                 # todos los experimentos (casi una hora con 2 núcleos)
    python scripts/experiments.py --list          # nombres de los experimentos
    python scripts/experiments.py cuadratico_30_s0 mejor   # solo esos
    python scripts/experiments.py --skip-done     # los que aún no están en el fichero
    python scripts/experiments.py --benchmark     # solo el banco de pruebas de velocidad
    python scripts/experiments.py --quick         # prueba de humo: subconjuntos pequeños, 2 épocas,
                                                  # escribe en el directorio temporal, nunca en results/

Cada experimento entrena con la partición del libro (50.000 de entrenamiento, 10.000 de
validación, 10.000 de prueba) y guarda, época a época, el coste y la precisión en
entrenamiento, la precisión en validación y en prueba y los segundos, junto con la
configuración, la semilla, las cifras finales y mejores, la cifra del libro (con la medida que
usa el libro: mejor época o última, prueba o validación), cuántas veces predice la red cada
dígito al final y las versiones de nn_core, numpy y la máquina. Una configuración puede
llevar un calendario de η (``eta_schedule``: [[épocas, η], ...]). El fichero ``results/experiments.json`` se reescribe al
terminar cada experimento, así que un fichero parcial ya es utilizable.
"""

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

import nn_core as nc

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "results" / "experiments.json"
SPEED_SCRIPT = ROOT / "benchmarks" / "speed.py"

# Configuración común del capítulo 1 del libro: sigmoide, coste cuadrático, η = 3.0, m = 10.
CH1 = dict(activation="sigmoid", cost="quadratic", output_activation="sigmoid", init="gaussian",
           eta=3.0, mini_batch_size=10, lmbda=0.0, n_train=None)
# Capítulo 3: entropía cruzada, con la inicialización «grande» N(0, 1) de los capítulos 1 y 2.
CH3 = dict(activation="sigmoid", cost="cross-entropy", output_activation="sigmoid", init="gaussian",
           eta=0.5, mini_batch_size=10, lmbda=0.0, n_train=None)

# book: la cifra publicada, sobre qué conjunto y cómo se mide (la mejor época o la última),
# y dónde está en el libro. metric ∈ {"test_best", "test_final", "validation_final", "validation_best"}.
EXPERIMENTS = {
    **{
        f"cuadratico_30_s{seed}": dict(
            CH1, sizes=[784, 30, 10], epochs=30, seed=seed, group="cuadratico_30",
            title=f"[784, 30, 10], sigmoide + cuadrático, η = 3.0 (semilla {seed})",
            book=dict(value=95.42, metric="test_best", best_of=3,
                      source="Cap. 1, «Implementing our network»: 95,42 % en la mejor época de la mejor de tres ejecuciones"))
        for seed in (0, 1, 2)
    },
    "cuadratico_100": dict(
        CH1, sizes=[784, 100, 10], epochs=30, seed=0,
        title="[784, 100, 10], sigmoide + cuadrático, η = 3.0",
        book=dict(value=96.59, metric="test_best",
                  source="Cap. 1: 96,59 % con 100 neuronas ocultas (el libro avisa de que varía mucho entre ejecuciones)")),
    "eta_0.001": dict(
        CH1, sizes=[784, 100, 10], epochs=30, seed=0, eta=0.001,
        title="[784, 100, 10], η = 0.001: aprende demasiado despacio",
        book=dict(value=21.42, metric="test_final",
                  source="Cap. 1: con η = 0,001 la red [784, 100, 10] solo llega a 2.142/10.000 tras 30 épocas")),
    "eta_100": dict(
        CH1, sizes=[784, 30, 10], epochs=30, seed=0, eta=100.0,
        title="[784, 30, 10], η = 100: los pasos son tan grandes que la red se satura",
        book=dict(value=9.82, metric="test_final",
                  source="Cap. 1: con η = 100 la red [784, 30, 10] se queda en torno al 10 % (982/10.000 en la época 29)")),
    "entropia_30": dict(
        CH3, sizes=[784, 30, 10], epochs=30, seed=0,
        title="[784, 30, 10], sigmoide + entropía cruzada, η = 0.5",
        book=dict(value=95.49, metric="test_final",
                  source="Cap. 3, «Using the cross-entropy to classify MNIST digits»: 95,49 %")),
    "entropia_l2_100": dict(
        CH3, sizes=[784, 100, 10], epochs=30, seed=0, lmbda=5.0,
        title="[784, 100, 10], entropía cruzada + L2 (λ = 5.0), η = 0.5",
        book=dict(value=97.92, metric="validation_final",
                  source="Cap. 3, «Regularization»: 97,92 % en validación con 30 épocas, η = 0,5, λ = 5,0 "
                         "(98,04 % con 60 épocas y η = 0,1)")),
    "sobreajuste_1000": dict(
        CH3, sizes=[784, 30, 10], epochs=400, seed=0, n_train=1000,
        title="[784, 30, 10], entropía cruzada, η = 0.5, solo 1.000 imágenes de entrenamiento",
        book=dict(value=82.27, metric="test_best",
                  source="Cap. 3, «Overfitting»: la precisión en prueba se estanca en 82,27 %")),
    **{
        f"sobreajuste_1000_s{seed}": dict(
            CH3, sizes=[784, 30, 10], epochs=400, seed=seed, n_train=1000, group="sobreajuste_1000_semillas",
            title=f"[784, 30, 10], entropía cruzada, η = 0.5, 1.000 imágenes (semilla {seed})",
            book=dict(value=82.27, metric="test_best",
                      source="Cap. 3, «Overfitting»: 82,27 %; otras semillas, para medir la variación"))
        for seed in (1, 2)
    },
    "sobreajuste_1000_l2": dict(
        CH3, sizes=[784, 30, 10], epochs=400, seed=0, n_train=1000, lmbda=0.1,
        title="[784, 30, 10], entropía cruzada + L2 (λ = 0.1), η = 0.5, 1.000 imágenes",
        book=dict(value=87.1, metric="test_best",
                  source="Cap. 3, «Regularization»: 87,1 % frente a 82,27 % sin regularizar")),
    **{
        f"sobreajuste_1000_l2_s{seed}": dict(
            CH3, sizes=[784, 30, 10], epochs=400, seed=seed, n_train=1000, lmbda=0.1,
            group="sobreajuste_1000_l2_semillas",
            title=f"[784, 30, 10], entropía cruzada + L2 (λ = 0.1), η = 0.5, 1.000 imágenes (semilla {seed})",
            book=dict(value=87.1, metric="test_best",
                      source="Cap. 3, «Regularization»: 87,1 %; otras semillas, para medir la variación"))
        for seed in (1, 2)
    },
    "mejor_sigmoide": dict(
        activation="sigmoid", cost="log-likelihood", output_activation="softmax", init="scaled",
        sizes=[784, 200, 10], epochs=40, seed=0, eta=0.1, mini_batch_size=10, lmbda=5.0, n_train=None,
        title="Primer intento: [784, 200, 10] sigmoide, softmax + log-verosimilitud, pesos N(0, 1/n_in), L2 (λ = 5.0), η = 0.1",
        book=dict(value=98.0, metric="test_final", goal=True,
                  source="Objetivo del capítulo: al menos 98,0 % en prueba")),
    "mejor": dict(
        activation="relu", cost="log-likelihood", output_activation="softmax", init="scaled",
        sizes=[784, 200, 10], epochs=40, seed=0, eta=0.1, eta_schedule=[[30, 0.1], [10, 0.01]],
        mini_batch_size=10, lmbda=5.0, n_train=None,
        title="Nuestra mejor red: [784, 200, 10] ReLU, softmax + log-verosimilitud, pesos N(0, 1/n_in), "
              "L2 (λ = 5.0), η = 0.1 (30 épocas) y 0.01 (10 épocas)",
        book=dict(value=98.0, metric="test_final", goal=True,
                  source="Objetivo del capítulo: al menos 98,0 % en prueba")),
}


def machine_info():
    """Procesador, núcleos, sistema y versiones de Python, numpy y nn_core."""
    cpu = platform.processor() or "desconocido"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if line.startswith("Model name"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return dict(cpu=cpu, cores=os.cpu_count(), system=f"{platform.system()} {platform.release()}",
                python=platform.python_version(), numpy=np.__version__, nn_core=nc.__version__)


def load_results(path):
    """El fichero de resultados, o uno vacío si aún no existe."""
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"description": "Curvas por época de los experimentos del capítulo 08 (scripts/experiments.py).",
            "runs": {}, "benchmark": None}


def save_results(results, path):
    """Escribe el JSON de forma atómica (un fichero temporal y un rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def _pct(fraction):
    return round(100.0 * float(fraction), 2)


def run_experiment(name, config, data, quick=False, log=print):
    """Entrena un experimento y devuelve su registro (un dict serializable en JSON).

    ``config``: una entrada de ``EXPERIMENTS``; ``data``: el ``MnistSplits`` de ``load_mnist``.
    Con ``quick`` usa 1.000 ejemplos de cada conjunto y 2 épocas (solo para probar el script).
    """
    training, validation, test = data.training, data.validation, data.test
    n_train = config["n_train"]
    if n_train is not None:
        training = training[:n_train]     # las primeras n_train imágenes, como el libro
    epochs = config["epochs"]
    if quick:
        training, validation, test = training[:1000], validation[:1000], test[:1000]
        epochs = 2
    seed = config["seed"]
    net = nc.Network(config["sizes"], np.random.default_rng(seed), activation=config["activation"],
                     cost=config["cost"], output_activation=config["output_activation"], init=config["init"])
    test_accuracy, test_cost = [], []
    started = time.perf_counter()

    def on_epoch(progress):
        if not progress.end_of_epoch:
            return
        test_accuracy.append(nc.accuracy(progress.network, test.x, test.labels))
        test_cost.append(nc.total_cost(progress.network, test.x, test.y, config["lmbda"]))
        h = progress.history
        log(f"  {name} época {len(test_accuracy):3d}: entrenamiento {h.training_accuracy[-1]:.2%}, "
            f"validación {h.evaluation_accuracy[-1]:.2%}, prueba {test_accuracy[-1]:.2%} "
            f"({h.seconds[-1]:.2f} s)")

    # Un calendario de η: [[épocas, η], ...] se entrena por fases con el mismo generador
    # (sin calendario, una sola fase). Las curvas de las fases se encadenan.
    schedule = config.get("eta_schedule") or [[epochs, config["eta"]]]
    if quick:
        schedule = [[2 if len(schedule) == 1 else 1, eta] for _, eta in schedule][:2]
    shuffle_rng = np.random.default_rng(seed + 1000)
    diverged = None
    curves = {}
    try:
        for phase_epochs, eta in schedule:
            history = nc.sgd(net, training, phase_epochs, config["mini_batch_size"], eta, shuffle_rng,
                             lmbda=config["lmbda"], evaluation_data=validation, callback=on_epoch)
            for key, values in history.as_dict().items():
                if isinstance(values, list):
                    curves.setdefault(key, []).extend(values)
    except nc.TrainingDiverged as err:
        diverged = str(err)
    curves["epochs"] = list(range(1, len(test_accuracy) + 1))
    epochs = sum(e for e, _ in schedule)
    total = time.perf_counter() - started
    curves = dict(
        epoch=curves.get("epochs", []),
        training_cost=[float(c) for c in curves.get("training_cost", [])],
        training_accuracy=[float(a) for a in curves.get("training_accuracy", [])],
        validation_cost=[float(c) for c in curves.get("evaluation_cost", [])],
        validation_accuracy=[float(a) for a in curves.get("evaluation_accuracy", [])],
        test_cost=[float(c) for c in test_cost],
        test_accuracy=[float(a) for a in test_accuracy],
        seconds=[float(s) for s in curves.get("seconds", [])],
    )
    summary = {}
    if curves["test_accuracy"]:
        ta, va = np.array(curves["test_accuracy"]), np.array(curves["validation_accuracy"])
        summary = dict(
            test_final=_pct(ta[-1]), test_best=_pct(ta.max()), test_best_epoch=int(ta.argmax()) + 1,
            validation_final=_pct(va[-1]), validation_best=_pct(va.max()),
            validation_best_epoch=int(va.argmax()) + 1,
            training_final=_pct(curves["training_accuracy"][-1]),
            mean_seconds_per_epoch=round(float(np.mean(curves["seconds"])), 3),
        )
    public = {k: v for k, v in config.items() if k not in ("book", "title", "group")}
    public["epochs"] = epochs
    record = dict(title=config["title"], group=config.get("group", name), config=public, seed=seed,
                  n_train=len(training), n_validation=len(validation), n_test=len(test),
                  book=config["book"], summary=summary, curves=curves, diverged=diverged,
                  test_prediction_counts=np.bincount(net.predict(test.x), minlength=10).tolist(),
                  total_seconds=round(total, 1), quick=quick,
                  finished=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    return record


def _load_speed_module():
    """El banco de pruebas benchmarks/speed.py (con el bucle por ejemplo del libro)."""
    spec = importlib.util.spec_from_file_location("speed", SPEED_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_benchmark(quick=False, log=print):
    """Segundos por época de [784, 30, 10], sigmoide + cuadrático, η = 3.0, m = 10:

    nn_core en float64 y en float32 (mediana de 3 épocas) y el bucle por ejemplo del libro
    (1 época, el algoritmo de benchmarks/speed.py), todos sobre los 50.000 ejemplos. También
    nn_core con m = 100. Con ``quick``, 2.000 ejemplos.
    """
    speed = _load_speed_module()
    n = 2000 if quick else 50_000
    out = dict(sizes=[784, 30, 10], eta=3.0, n_examples=n, rows=[])
    w0, b0 = nc.init_network([784, 30, 10], np.random.default_rng(0))
    for dtype, m, epochs in (("float64", 10, 3), ("float32", 10, 3), ("float64", 100, 3)):
        data = nc.load_mnist(dtype=dtype)
        train = data.training[:n]
        net = nc.Network.from_parameters([w.astype(dtype) for w in w0], [b.astype(dtype) for b in b0])
        hist = nc.sgd(net, train, epochs, m, 3.0, np.random.default_rng(1), monitor_training=False)
        acc = nc.accuracy(net, data.test.x, data.test.labels)
        row = dict(method="nn_core (mini-lote como matriz)", dtype=dtype, mini_batch_size=m, epochs=epochs,
                   seconds_per_epoch=round(float(np.median(hist.seconds)), 3),
                   test_accuracy=_pct(acc))
        out["rows"].append(row)
        log(f"  banco: {row}")
    data = nc.load_mnist(dtype="float64")
    train = data.training[:n]
    weights, biases = [w.copy() for w in w0], [b.copy() for b in b0]
    start = time.perf_counter()
    speed.book_epoch(weights, biases, train.x, train.y, 10, 3.0, np.random.default_rng(1))
    seconds = time.perf_counter() - start
    acc = nc.accuracy(nc.Network.from_parameters(weights, biases), data.test.x, data.test.labels)
    row = dict(method="bucle por ejemplo (libro)", dtype="float64", mini_batch_size=10, epochs=1,
               seconds_per_epoch=round(seconds, 3), test_accuracy=_pct(acc))
    out["rows"].append(row)
    log(f"  banco: {row}")
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    out["note"] = ("Máquina compartida: los tiempos son orientativos (load_average es la carga al terminar). "
                   "Las precisiones son tras 3 épocas (nn_core) o 1 época (bucle).")
    out["finished"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description="Experimentos del capítulo 08 (Mejorando la red).")
    parser.add_argument("names", nargs="*", help="experimentos a ejecutar (por defecto, todos)")
    parser.add_argument("--list", action="store_true", help="muestra los nombres y termina")
    parser.add_argument("--quick", action="store_true",
                        help="prueba de humo: 1.000 ejemplos, 2 épocas; escribe en el directorio temporal")
    parser.add_argument("--skip-done", action="store_true", help="salta los que ya están en el fichero")
    parser.add_argument("--benchmark", action="store_true", help="solo el banco de pruebas de velocidad")
    parser.add_argument("--no-benchmark", action="store_true", help="no ejecutar el banco de pruebas")
    parser.add_argument("--output", type=Path, default=None, help="fichero JSON de salida")
    args = parser.parse_args(argv)

    if args.list:
        for name, config in EXPERIMENTS.items():
            print(f"{name:22s} {config['title']}")
        return 0
    unknown = [n for n in args.names if n not in EXPERIMENTS]
    if unknown:
        parser.error(f"experimentos desconocidos: {', '.join(unknown)}. Usa --list para ver los nombres.")
    output = args.output or (Path(tempfile.gettempdir()) / "experiments_quick.json" if args.quick else RESULTS)
    results = load_results(output)
    results["machine"] = machine_info()

    def log(msg):
        print(msg, flush=True)

    if not args.benchmark:
        names = args.names or list(EXPERIMENTS)
        data = nc.load_mnist(split="book")
        for name in names:
            if args.skip_done and name in results["runs"] and not results["runs"][name].get("quick"):
                log(f"{name}: ya está hecho, se salta")
                continue
            log(f"{name}: {EXPERIMENTS[name]['title']}")
            record = run_experiment(name, EXPERIMENTS[name], data, quick=args.quick, log=log)
            record["machine"] = machine_info()
            results["runs"][name] = record
            save_results(results, output)
            log(f"{name}: {record['summary']} ({record['total_seconds']} s)")
    if args.benchmark or (not args.no_benchmark and not args.names):
        log("banco de pruebas de velocidad")
        results["benchmark"] = run_benchmark(quick=args.quick, log=log)
        results["benchmark"]["machine"] = machine_info()
        save_results(results, output)
    log(f"resultados en {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
