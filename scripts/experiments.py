"""Experimentos del capítulo 08: reproducir la tabla del libro de Nielsen y medir nuestra mejor red.

Uso (desde cualquier carpeta):

    python scripts/experiments.py --list                 # filas, semillas y trabajos
    python scripts/experiments.py                        # todo lo que falta (reanuda: salta lo guardado)
    python scripts/experiments.py --jobs 2               # dos procesos, un hilo de BLAS cada uno
    python scripts/experiments.py cuadratico_30 relu     # solo esas filas (o trabajos: cuadratico_30_s3)
    python scripts/experiments.py --redo entropia_30     # vuelve a ejecutar aunque esté guardado
    python scripts/experiments.py --benchmark            # solo el banco de pruebas de velocidad
    python scripts/experiments.py --quick entropia_30    # prueba de humo: 1000 ejemplos, 2 épocas,
                                                         # escribe en el directorio temporal

Protocolo (el del capítulo 08): el conjunto de entrenamiento (50 000 imágenes, o las primeras n del
libro) entrena; el de validación (10 000) se evalúa en cada época y elige la época (la primera con la
mayor exactitud en validación); el de prueba (10 000) se evalúa **una vez**, con los parámetros de la
época elegida (guardados en memoria durante el entrenamiento), y otra con los de la última época
(fijada de antemano). Nunca se elige nada mirando la prueba. Solo los experimentos con 1000 imágenes
de entrenamiento guardan además las curvas de prueba por época, para dibujar la figura del libro
(el coste en prueba sube mientras la exactitud se estanca); tampoco ahí se elige con ellas.

Cada ejecución guarda su configuración, la semilla, las curvas por época, la época elegida, las
exactitudes en prueba, las predicciones en prueba (una cadena de 10 000 dígitos, para la prueba de
McNemar entre dos redes), los segundos de CPU y de reloj, y la procedencia: el commit (git rev-parse
HEAD) y si había cambios sin guardar en nn_core/ o en este script, una huella SHA-256 del código de
nn_core y de este script, las versiones de Python y numpy, la biblioteca BLAS (threadpoolctl) y el
número de hilos de BLAS (uno). ``results/experiments.json`` se reescribe al terminar cada ejecución:
un fichero parcial ya sirve, y volver a lanzar el script continúa donde se quedó.

Un trabajo con ramas (``branches``) entrena un tronco común y, al final del tronco, copia la red y el
generador de barajado y sigue cada rama por separado: «η fija» y «calendario de η» comparten así las
30 primeras épocas y se comparan con la misma semilla (emparejadas), con una sola vez el coste del
tronco. Cada rama es una ejecución completa y es idéntica a la que se obtendría entrenándola sola.
"""

import argparse
import hashlib
import json
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import nn_core as nc

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "results" / "experiments.json"
SPEED_SCRIPT = ROOT / "benchmarks" / "speed.py"
FORMAT = 2

# Capítulo 1 del libro: sigmoide, coste cuadrático, η = 3,0, m = 10, pesos N(0, 1).
CH1 = dict(activation="sigmoid", cost="quadratic", output_activation="sigmoid", init="gaussian",
           sizes=[784, 30, 10], epochs=30, eta=3.0, mini_batch_size=10, lmbda=0.0, n_train=None)
# Capítulo 3: entropía cruzada con los pesos «grandes» N(0, 1) (net.large_weight_initializer()).
CH3 = dict(CH1, cost="cross-entropy", eta=0.5)
# Nuestra mejor red: softmax + log-verosimilitud, pesos N(0, 1/n_in), L2 λ = 5, η = 0,1, 40 épocas;
# el tronco son las 30 primeras épocas, y las ramas las 10 últimas con η = 0,1 o con η = 0,01.
BEST = dict(cost="log-likelihood", output_activation="softmax", init="scaled", sizes=[784, 200, 10],
            epochs=30, eta=0.1, mini_batch_size=10, lmbda=5.0, n_train=None,
            branches={"fija": [[10, 0.1]], "calendario": [[10, 0.01]]})
GOAL = dict(goal=98.0, source="Objetivo de este capítulo (no es una cifra del libro): al menos 98 % en prueba")

# Las filas de la tabla. ``book``: la cifra publicada (value, en %), sobre qué conjunto la da el libro
# (dataset: "prueba" o "validación"), en qué época (epoch: texto) y dónde está. ``priority``: orden de
# ejecución (1 primero). ``seeds``: semillas de la fila. ``figure``: guarda curvas de prueba por época.
ROWS = {
    "cuadratico_30": dict(
        CH1, seeds=range(5), priority=1,
        title="[784, 30, 10], sigmoide + cuadrático, η = 3,0, 30 épocas",
        book=dict(value=95.42, dataset="prueba", epoch="la mejor de las 30 épocas, en la mejor de tres ejecuciones",
                  source="Cap. 1, «Implementing our network to classify digits»")),
    "cuadratico_100": dict(
        CH1, sizes=[784, 100, 10], seeds=range(3), priority=5,
        title="[784, 100, 10], sigmoide + cuadrático, η = 3,0, 30 épocas",
        book=dict(value=96.59, dataset="prueba", epoch="la mejor época (el libro avisa de que varía entre ejecuciones)",
                  source="Cap. 1")),
    "eta_0.001": dict(
        CH1, sizes=[784, 100, 10], eta=0.001, seeds=range(3), priority=5,
        title="[784, 100, 10], η = 0,001: aprende demasiado despacio",
        book=dict(value=21.42, dataset="prueba", epoch="la última (30)", source="Cap. 1")),
    "eta_100": dict(
        CH1, eta=100.0, seeds=range(3), priority=3,
        title="[784, 30, 10], η = 100: pasos tan grandes que la red se satura",
        book=dict(value=9.82, dataset="prueba", epoch="en torno a la época 29", source="Cap. 1")),
    "entropia_30": dict(
        CH3, seeds=range(3), priority=3,
        title="[784, 30, 10], sigmoide + entropía cruzada, η = 0,5, 30 épocas",
        book=dict(value=95.49, dataset="prueba", epoch="no lo dice (30 épocas)",
                  source="Cap. 3, «Using the cross-entropy to classify MNIST digits»")),
    "entropia_100": dict(
        CH3, sizes=[784, 100, 10], seeds=range(3), priority=5,
        title="[784, 100, 10], sigmoide + entropía cruzada, η = 0,5, 30 épocas",
        book=dict(value=96.82, dataset="prueba", epoch="no lo dice (30 épocas)",
                  source="Cap. 3, «Using the cross-entropy to classify MNIST digits»")),
    "sobreajuste_1000": dict(
        CH3, epochs=400, n_train=1000, seeds=range(3), priority=3, figure=True,
        title="[784, 30, 10], entropía cruzada, η = 0,5, las primeras 1000 imágenes, 400 épocas",
        book=dict(value=82.27, dataset="prueba", epoch="la meseta (el libro da la cifra en la que se estanca)",
                  source="Cap. 3, «Overfitting and regularization»")),
    "sobreajuste_1000_l2": dict(
        CH3, epochs=400, n_train=1000, lmbda=0.1, seeds=range(3), priority=3, figure=True,
        title="[784, 30, 10], entropía cruzada + L2 (λ = 0,1), η = 0,5, 1000 imágenes, 400 épocas",
        book=dict(value=87.1, dataset="prueba", epoch="la meseta", source="Cap. 3, «Regularization»")),
    "entropia_l2_30": dict(
        CH3, lmbda=5.0, seeds=range(3), priority=3,
        title="[784, 30, 10], entropía cruzada + L2 (λ = 5,0), η = 0,5, 30 épocas, 50 000 imágenes",
        book=dict(value=96.49, dataset="prueba", epoch="no lo dice (30 épocas)", source="Cap. 3, «Regularization»")),
    "entropia_l2_100": dict(
        CH3, sizes=[784, 100, 10], lmbda=5.0, seeds=range(3), priority=5,
        title="[784, 100, 10], entropía cruzada + L2 (λ = 5,0), η = 0,5, 30 épocas",
        book=dict(value=97.92, dataset="validación", epoch="la última (30)", source="Cap. 3, «Regularization»")),
    "entropia_l2_100_60": dict(
        CH3, sizes=[784, 100, 10], lmbda=5.0, eta=0.1, epochs=60, seeds=range(3), priority=6,
        title="[784, 100, 10], entropía cruzada + L2 (λ = 5,0), η = 0,1, 60 épocas, pesos N(0, 1)",
        book=dict(value=98.04, dataset="validación", epoch="no lo dice (60 épocas)",
                  source="Cap. 3, «Regularization» (justo después de la fila anterior, con los mismos pesos N(0, 1))")),
    "entropia_l2_100_60_escalada": dict(
        CH3, sizes=[784, 100, 10], lmbda=5.0, eta=0.1, epochs=60, init="scaled", seeds=range(3), priority=7,
        title="[784, 100, 10], entropía cruzada + L2 (λ = 5,0), η = 0,1, 60 épocas, pesos N(0, 1/n_in)",
        book=dict(value=98.04, dataset="validación", epoch="no lo dice (60 épocas)",
                  source="Cap. 3: la misma cifra, aquí con los pesos escalados de la sección de inicialización")),
    "init_grande_30": dict(
        CH3, lmbda=5.0, eta=0.1, seeds=range(3), priority=3,
        title="[784, 30, 10], entropía cruzada + L2 (λ = 5,0), η = 0,1, pesos N(0, 1)",
        book=dict(value=None, dataset="validación", epoch="las 30 épocas (figura)",
                  source="Cap. 3, «Weight initialization»: «algo más del 96 %» con las dos inicializaciones")),
    "init_escalada_30": dict(
        CH3, lmbda=5.0, eta=0.1, init="scaled", seeds=range(3), priority=3,
        title="[784, 30, 10], entropía cruzada + L2 (λ = 5,0), η = 0,1, pesos N(0, 1/n_in)",
        book=dict(value=None, dataset="validación", epoch="las 30 épocas (figura)",
                  source="Cap. 3, «Weight initialization»: «algo más del 96 %» con las dos inicializaciones")),
    "init_grande_100": dict(
        CH3, sizes=[784, 100, 10], lmbda=5.0, eta=0.1, seeds=range(3), priority=7,
        title="[784, 100, 10], entropía cruzada + L2 (λ = 5,0), η = 0,1, pesos N(0, 1)",
        book=dict(value=None, dataset="validación", epoch="las 30 épocas (figura)",
                  source="Cap. 3, «Weight initialization», la figura con 100 neuronas ocultas")),
    "init_escalada_100": dict(
        CH3, sizes=[784, 100, 10], lmbda=5.0, eta=0.1, init="scaled", seeds=range(3), priority=7,
        title="[784, 100, 10], entropía cruzada + L2 (λ = 5,0), η = 0,1, pesos N(0, 1/n_in)",
        book=dict(value=None, dataset="validación", epoch="las 30 épocas (figura)",
                  source="Cap. 3, «Weight initialization», la figura con 100 neuronas ocultas")),
    # La ablación de nuestra mejor red: sigmoide o ReLU, η fija o calendario (cuatro filas, dos trabajos
    # con ramas por semilla). «relu_calendario» es nuestra mejor red.
    "relu": dict(
        BEST, activation="relu", seeds=range(5), priority=2, later_seeds_priority=6,
        title="[784, 200, 10] ReLU, softmax + log-verosimilitud, pesos N(0, 1/n_in), L2 (λ = 5,0), m = 10",
        book=GOAL),
    "sigmoide": dict(
        BEST, activation="sigmoid", seeds=range(3), priority=4,
        title="[784, 200, 10] sigmoide, softmax + log-verosimilitud, pesos N(0, 1/n_in), L2 (λ = 5,0), m = 10",
        book=GOAL),
}
BRANCH_TITLES = {"fija": "η = 0,1 durante 40 épocas",
                 "calendario": "η = 0,1 durante 30 épocas y 0,01 durante 10"}
RUN_KEYS = ("activation", "cost", "output_activation", "init", "sizes", "epochs", "eta", "mini_batch_size",
            "lmbda", "n_train", "branches", "figure")


def jobs_of_row(row):
    """Los trabajos de una fila: {nombre_del_trabajo: configuración con su semilla}."""
    spec = ROWS[row]
    out = {}
    for seed in spec["seeds"]:
        config = {k: spec[k] for k in RUN_KEYS if k in spec}
        # Las semillas a partir de la tercera pueden ir más tarde (``later_seeds_priority``).
        late = seed >= 3 and "later_seeds_priority" in spec
        config.update(row=row, seed=int(seed), priority=spec["later_seeds_priority"] if late else spec["priority"])
        out[f"{row}_s{seed}"] = config
    return out


def all_jobs():
    """Todos los trabajos, en orden de prioridad (y, dentro de ella, los más largos primero)."""
    jobs = {}
    for row in ROWS:
        jobs.update(jobs_of_row(row))
    return dict(sorted(jobs.items(), key=lambda kv: (kv[1]["priority"], -_cost_estimate(kv[1]), kv[0])))


def _cost_estimate(config):
    hidden = sum(config["sizes"][1:-1])
    epochs = config["epochs"] + sum(e for br in config.get("branches", {}).values() for e, _ in br)
    n = config["n_train"] or 50_000
    return hidden * epochs * n * (1.6 if config["activation"] == "sigmoid" else 1.0)


def record_names(job_name, config):
    """Los nombres de las ejecuciones que produce un trabajo (una por rama, o una sola)."""
    if not config.get("branches"):
        return [job_name]
    row, seed = config["row"], config["seed"]
    return [f"{row}_{branch}_s{seed}" for branch in config["branches"]]


# ---------------------------------------------------------------------------- procedencia

def _git(*args):
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def code_fingerprint():
    """SHA-256 del código que decide los números: nn_core/*.py y este script."""
    h = hashlib.sha256()
    for path in sorted((ROOT / "nn_core").glob("*.py")) + [Path(__file__).resolve()]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


# El código que corre es el que se importó: commit, cambios y huella se leen al importar el script.
CODE = dict(commit=_git("rev-parse", "HEAD"),
            uncommitted_changes=bool(_git("status", "--porcelain", "--", "nn_core", "scripts/experiments.py")),
            code_sha256=code_fingerprint())


def provenance():
    """Commit, cambios sin guardar, huella del código y versiones (Python, numpy, las BLAS cargadas)."""
    blas = [dict(internal_api=i.get("internal_api"), version=i.get("version"), library=Path(i["filepath"]).name,
                 architecture=i.get("architecture"), num_threads=i.get("num_threads"))
            for i in threadpool_info() if i.get("user_api") == "blas"]
    cpu = platform.processor() or "desconocido"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines():
            if line.startswith("Model name"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return dict(**CODE, python=platform.python_version(), numpy=np.__version__,
                nn_core=nc.__version__, blas=blas, blas_threads=max(b["num_threads"] for b in blas) if blas else None,
                cpu=cpu, cores=os.cpu_count(), system=f"{platform.system()} {platform.release()}")


# ---------------------------------------------------------------------------- entrenamiento

def _pct(fraction):
    return round(100.0 * float(fraction), 2)


def _quick_data(data):
    return data.training[:1000], data.validation[:1000], data.test[:1000]


class _Run:
    """Una ejecución en marcha: la red, el barajador, las curvas y la mejor época en validación."""

    def __init__(self, net, shuffle_rng):
        self.net, self.shuffle_rng = net, shuffle_rng
        self.curves = {k: [] for k in ("epoch", "eta", "validation_cost", "validation_accuracy", "seconds",
                                       "training_cost", "training_accuracy", "test_cost", "test_accuracy")}
        self.best = None            # (exactitud en validación, época, copia de la red)
        self.diverged = None

    def fork(self):
        other = _Run(self.net.copy(), np.random.default_rng())
        other.shuffle_rng.bit_generator.state = self.shuffle_rng.bit_generator.state
        other.curves = {k: list(v) for k, v in self.curves.items()}
        other.best = self.best
        other.diverged = self.diverged
        return other

    def train(self, epochs, eta, config, training, validation, test, log, label):
        """``epochs`` épocas con tasa ``eta``; valida al final de cada una y guarda la mejor red."""
        for _ in range(epochs):
            if self.diverged:
                return
            epoch = len(self.curves["epoch"]) + 1
            try:
                h = nc.sgd(self.net, training, 1, config["mini_batch_size"], eta, self.shuffle_rng,
                           lmbda=config["lmbda"], evaluation_data=validation,
                           monitor_training=bool(config.get("figure")))
            except nc.TrainingDiverged as err:
                self.diverged = f"época {epoch}: {err}"
                log(f"  {label}: diverge en la época {epoch}")
                return
            c = self.curves
            c["epoch"].append(epoch)
            c["eta"].append(eta)
            c["validation_cost"].append(float(h.evaluation_cost[0]))
            c["validation_accuracy"].append(float(h.evaluation_accuracy[0]))
            c["seconds"].append(round(float(h.seconds[0]), 4))
            if config.get("figure"):
                # Solo para dibujar la figura del libro; nunca se elige con estas curvas.
                c["training_cost"].append(float(h.training_cost[0]))
                c["training_accuracy"].append(float(h.training_accuracy[0]))
                c["test_cost"].append(float(nc.total_cost(self.net, test.x, test.y, config["lmbda"])))
                c["test_accuracy"].append(float(nc.accuracy(self.net, test.x, test.labels)))
            va = c["validation_accuracy"][-1]
            if self.best is None or va > self.best[0]:
                self.best = (va, epoch, self.net.copy())
            if epoch % 10 == 0 or epoch <= 2:
                log(f"  {label} época {epoch:3d}: validación {va:.2%} ({h.seconds[0]:.2f} s)")

    def record(self, config, training, validation, test):
        """El registro JSON: curvas, época elegida en validación y la prueba leída una vez."""
        c = {k: v for k, v in self.curves.items() if v}
        out = dict(curves=c, diverged=self.diverged, n_train=len(training), n_validation=len(validation),
                   n_test=len(test))
        if self.best is None:
            return out
        va, epoch, chosen = self.best
        predictions = chosen.predict(test.x)
        out["chosen"] = dict(
            rule="la primera época con la mayor exactitud en validación",
            epoch=epoch, validation_accuracy=_pct(va),
            test_accuracy=_pct(np.mean(predictions == test.labels)),
            test_errors=int(np.sum(predictions != test.labels)),
            test_cost=float(nc.total_cost(chosen, test.x, test.y, config["lmbda"])),
            test_predictions="".join(map(str, predictions.tolist())))
        final_pred = self.net.predict(test.x)
        out["final"] = dict(
            epoch=c["epoch"][-1], validation_accuracy=_pct(c["validation_accuracy"][-1]),
            test_accuracy=_pct(np.mean(final_pred == test.labels)),
            training_accuracy=_pct(nc.accuracy(self.net, training.x, training.labels)),
            test_prediction_counts=np.bincount(final_pred, minlength=10).tolist())
        return out


def run_job(job_name, config, data, quick=False, max_epochs=None, log=print):
    """Entrena un trabajo con un solo hilo en cada biblioteca BLAS cargada (véase ``_run_job``)."""
    import scipy.special  # noqa: F401  (la sigmoide la usa; se carga ya para limitar también sus hilos)

    with threadpool_limits(limits=1, user_api="blas"):
        return _run_job(job_name, config, data, quick=quick, max_epochs=max_epochs, log=log)


def _run_job(job_name, config, data, quick=False, max_epochs=None, log=print):
    """Entrena un trabajo y devuelve {nombre_de_ejecución: registro}.

    ``config``: una entrada de ``all_jobs()``; ``data``: el ``MnistSplits`` de ``load_mnist(split="book")``.
    ``max_epochs`` corta el entrenamiento (la prueba de reproducción vuelve a hacer solo las primeras
    épocas; las ramas empiezan después del tronco, así que con pocas épocas solo hay tronco).
    Con ``quick``: 1000 ejemplos de cada conjunto y 2 épocas (1 de tronco y 1 por rama).
    """
    training, validation, test = data.training, data.validation, data.test
    if config["n_train"] is not None:
        training = training[:config["n_train"]]        # las primeras n imágenes, como el libro
    trunk_epochs = config["epochs"]
    branches = config.get("branches") or {}
    if quick:
        training, validation, test = _quick_data(data)
        trunk_epochs = 1 if branches else 2
        branches = {k: [[1, v[0][1]]] for k, v in branches.items()}
    if max_epochs is not None:
        trunk_epochs = min(trunk_epochs, max_epochs)
        branches = {} if max_epochs <= config["epochs"] else branches
    seed = config["seed"]
    cpu0, wall0 = time.process_time(), time.perf_counter()
    net = nc.Network(config["sizes"], np.random.default_rng(seed), activation=config["activation"],
                     cost=config["cost"], output_activation=config["output_activation"], init=config["init"])
    trunk = _Run(net, np.random.default_rng(seed + 1000))
    trunk.train(trunk_epochs, config["eta"], config, training, validation, test, log, job_name)
    runs = {job_name: trunk} if not branches else {}
    for branch, schedule in branches.items():
        run = trunk.fork()
        for epochs, eta in schedule:
            run.train(epochs, eta, config, training, validation, test, log, f"{job_name}/{branch}")
        runs[f"{config['row']}_{branch}_s{seed}"] = run
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    prov = provenance()
    out = {}
    for name, run in runs.items():
        branch = name[len(config["row"]) + 1:].rsplit("_s", 1)[0] if branches else None
        public = {k: v for k, v in config.items() if k not in ("priority", "branches", "row")}
        if branch:
            public["eta_schedule"] = [[config["epochs"], config["eta"]]] + branches[branch]
            public["epochs"] = sum(e for e, _ in public["eta_schedule"])
        row = f"{config['row']}_{branch}" if branch else config["row"]
        title = ROWS[config["row"]]["title"] + (f", {BRANCH_TITLES[branch]}" if branch else "")
        rec = dict(row=row, job=job_name, title=title, seed=seed, config=public, book=ROWS[config["row"]]["book"],
                   **run.record(config, training, validation, test),
                   cpu_seconds_job=round(cpu, 1), wall_seconds_job=round(wall, 1),
                   cpu_seconds=round(cpu / len(runs), 1), shares_trunk_with=sorted(set(runs) - {name}),
                   quick=quick, provenance=prov,
                   finished=datetime.now(timezone.utc).isoformat(timespec="seconds"))
        out[name] = rec
    return out


def average_darkness(data):
    """La línea base del libro: cada imagen de prueba va al dígito cuya «oscuridad media» (la suma de
    sus píxeles, promediada en entrenamiento) es la más cercana a la suya. Sin elegir nada."""
    darkness = data.training.x.sum(axis=0)
    means = np.array([darkness[data.training.labels == d].mean() for d in range(10)])
    test_darkness = data.test.x.sum(axis=0)
    predictions = np.argmin(np.abs(test_darkness[None, :] - means[:, None]), axis=0)
    return dict(title="Oscuridad media (la línea base del capítulo 1 del libro)",
                mean_darkness=[round(float(m), 4) for m in means],
                test_accuracy=_pct(np.mean(predictions == data.test.labels)),
                book=dict(value=22.25, dataset="prueba", source="Cap. 1: 2225 de 10 000"),
                provenance=provenance())


# ---------------------------------------------------------------------------- fichero de resultados

def load_results(path):
    """El fichero de resultados (formato 2), o uno vacío si no existe o es de un formato anterior."""
    if path.exists():
        results = json.loads(path.read_text(encoding="utf-8"))
        if results.get("format") == FORMAT:
            return results
    return {"format": FORMAT,
            "description": "Experimentos del capítulo 08 (scripts/experiments.py). Validación elige la época; "
                           "la prueba se lee una vez, para la época elegida (y para la última).",
            "runs": {}, "baselines": {}, "benchmark": None}


def save_results(results, path):
    """Escribe el JSON de forma atómica (un fichero temporal y un rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def _worker_init():
    threadpool_limits(limits=1, user_api="blas")


_DATA = None


def _worker(args):
    global _DATA
    job_name, config, quick = args
    threadpool_limits(limits=1, user_api="blas")
    if _DATA is None:
        _DATA = nc.load_mnist(split="book")

    def log(msg):
        print(msg, flush=True)

    return job_name, run_job(job_name, config, _DATA, quick=quick, log=log)


def _load_speed_module():
    import importlib.util
    spec = importlib.util.spec_from_file_location("speed", SPEED_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_benchmark(quick=False, log=print):
    """Segundos por época de [784, 30, 10], sigmoide + cuadrático, η = 3,0, con un hilo de BLAS:
    nn_core en float64 y float32 con m = 10 y en float64 con m = 100 (mediana de 3 épocas), y el
    bucle por ejemplo del libro (1 época). Con ``quick``, 2000 ejemplos."""
    speed = _load_speed_module()
    n = 2000 if quick else 50_000
    out = dict(sizes=[784, 30, 10], eta=3.0, n_examples=n, rows=[])
    w0, b0 = nc.init_network([784, 30, 10], np.random.default_rng(0))
    for dtype, m, epochs in (("float64", 10, 3), ("float32", 10, 3), ("float64", 100, 3)):
        data = nc.load_mnist(dtype=dtype)
        net = nc.Network.from_parameters([w.astype(dtype) for w in w0], [b.astype(dtype) for b in b0])
        hist = nc.sgd(net, data.training[:n], epochs, m, 3.0, np.random.default_rng(1), monitor_training=False)
        row = dict(method="nn_core (minilote como matriz)", dtype=dtype, mini_batch_size=m, epochs=epochs,
                   seconds_per_epoch=round(float(np.median(hist.seconds)), 3),
                   validation_accuracy=_pct(nc.accuracy(net, data.validation.x, data.validation.labels)))
        out["rows"].append(row)
        log(f"  banco: {row}")
    data = nc.load_mnist(dtype="float64")
    weights, biases = [w.copy() for w in w0], [b.copy() for b in b0]
    start = time.perf_counter()
    speed.book_epoch(weights, biases, data.training[:n].x, data.training[:n].y, 10, 3.0, np.random.default_rng(1))
    seconds = time.perf_counter() - start
    net = nc.Network.from_parameters(weights, biases)
    row = dict(method="bucle por ejemplo (libro)", dtype="float64", mini_batch_size=10, epochs=1,
               seconds_per_epoch=round(seconds, 3),
               validation_accuracy=_pct(nc.accuracy(net, data.validation.x, data.validation.labels)))
    out["rows"].append(row)
    log(f"  banco: {row}")
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    out["note"] = ("Máquina compartida: los tiempos son orientativos (load_average es la carga al terminar). "
                   "Las exactitudes (en validación) son tras 3 épocas (nn_core) o 1 época (bucle).")
    out["provenance"] = provenance()
    out["finished"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return out


def select_jobs(names, jobs):
    """Los trabajos pedidos: por fila (cuadratico_30), por trabajo (cuadratico_30_s3) o por ejecución
    (relu_calendario_s0, que es el trabajo relu_s0)."""
    if not names:
        return dict(jobs)
    chosen = {}
    for name in names:
        hits = {j: c for j, c in jobs.items()
                if j == name or c["row"] == name or name in record_names(j, c)}
        if not hits:
            raise KeyError(name)
        chosen.update(hits)
    return {j: jobs[j] for j in jobs if j in chosen}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Experimentos del capítulo 08 (Mejorando la red).")
    parser.add_argument("names", nargs="*", help="filas, trabajos o ejecuciones (por defecto, todos)")
    parser.add_argument("--list", action="store_true", help="muestra filas y trabajos y termina")
    parser.add_argument("--quick", action="store_true",
                        help="prueba de humo: 1000 ejemplos, 2 épocas; escribe en el directorio temporal")
    parser.add_argument("--redo", action="store_true", help="vuelve a ejecutar aunque ya esté guardado")
    parser.add_argument("--jobs", type=int, default=1, help="procesos en paralelo (un hilo de BLAS cada uno)")
    parser.add_argument("--benchmark", action="store_true", help="solo el banco de pruebas de velocidad")
    parser.add_argument("--output", type=Path, default=None, help="fichero JSON de salida")
    args = parser.parse_args(argv)

    jobs = all_jobs()
    if args.list:
        for name, config in jobs.items():
            print(f"{name:32s} prioridad {config['priority']}  → {', '.join(record_names(name, config))}")
        return 0
    try:
        jobs = select_jobs(args.names, jobs)
    except KeyError as err:
        parser.error(f"experimento desconocido: {err.args[0]}. Usa --list para ver los nombres.")
    output = args.output or (Path(tempfile.gettempdir()) / "experiments_quick.json" if args.quick else RESULTS)
    results = load_results(output)
    threadpool_limits(limits=1, user_api="blas")

    def log(msg):
        print(msg, flush=True)

    if args.benchmark:
        log("banco de pruebas de velocidad")
        results["benchmark"] = run_benchmark(quick=args.quick, log=log)
        save_results(results, output)
        log(f"resultados en {output}")
        return 0

    todo = [(name, config, args.quick) for name, config in jobs.items()
            if args.redo or not all(r in results["runs"] and results["runs"][r].get("quick") == args.quick
                                    for r in record_names(name, config))]
    log(f"{len(jobs) - len(todo)} trabajos ya guardados; quedan {len(todo)}")
    if not args.names and "oscuridad_media" not in results["baselines"]:
        results["baselines"]["oscuridad_media"] = average_darkness(nc.load_mnist(split="book"))
        save_results(results, output)

    def store(job_name, records):
        results["runs"].update(records)
        save_results(results, output)
        for name, rec in records.items():
            chosen = rec.get("chosen", {})
            log(f"{name}: época elegida {chosen.get('epoch')}, validación {chosen.get('validation_accuracy')} %, "
                f"prueba {chosen.get('test_accuracy')} % ({rec['cpu_seconds_job']} s de CPU el trabajo)")

    if args.jobs > 1 and len(todo) > 1:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(args.jobs, initializer=_worker_init, maxtasksperchild=None) as pool:
            for job_name, records in pool.imap_unordered(_worker, todo, chunksize=1):
                store(job_name, records)
    else:
        for item in todo:
            store(*_worker(item))
    log(f"resultados en {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
