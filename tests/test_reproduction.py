"""Los resultados guardados del capítulo 08 salen del código actual.

Vuelve a entrenar desde cero las dos primeras épocas de dos ejecuciones guardadas en
``results/experiments.json`` (una con las 1000 primeras imágenes y otra con las 50 000), con un
solo hilo de BLAS como el script, y exige que sus curvas coincidan con las guardadas hasta 1e-9.
Si alguien cambia la matemática de ``nn_core`` (o el script) sin regenerar los resultados, falla.
"""

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import nn_core as nc

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "results" / "experiments.json"
EPOCHS = 2
CURVES = ("validation_accuracy", "validation_cost", "training_accuracy", "training_cost",
          "test_accuracy", "test_cost")


def load_experiments():
    path = ROOT / "scripts" / "experiments.py"
    spec = importlib.util.spec_from_file_location("experiments", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def experiments():
    return load_experiments()


@pytest.fixture(scope="module")
def stored_runs():
    return json.loads(RESULTS.read_text(encoding="utf-8"))["runs"]


@pytest.fixture(scope="module")
def data():
    return nc.load_mnist(split="book")


@pytest.mark.parametrize("job", ["sobreajuste_1000_s0", "cuadratico_30_s0"])
def test_first_epochs_match_the_stored_curves(job, experiments, stored_runs, data):
    assert job in stored_runs, f"{job} no está en results/experiments.json: ejecuta «python scripts/experiments.py {job}»"
    stored = stored_runs[job]
    config = experiments.all_jobs()[job]
    with threadpool_limits(limits=1, user_api="blas"):
        fresh = experiments.run_job(job, config, data, max_epochs=EPOCHS, log=lambda msg: None)[job]
    assert stored["provenance"]["blas_threads"] == 1
    assert fresh["config"]["sizes"] == stored["config"]["sizes"] and fresh["seed"] == stored["seed"]
    compared = 0
    for key in CURVES:
        if key not in stored["curves"]:
            continue
        np.testing.assert_allclose(fresh["curves"][key], stored["curves"][key][:EPOCHS], rtol=0, atol=1e-9,
                                   err_msg=f"{job}: la curva {key} ya no sale del código actual")
        compared += 1
    assert compared >= 2
