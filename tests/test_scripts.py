"""Los scripts del repositorio: figuras, experimentos del capítulo 08 y banco de velocidad."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import nn_core as nc

ROOT = Path(__file__).resolve().parents[1]


def load_script(relative):
    """Importa un script de la carpeta del repositorio como módulo, sin tocar sys.path."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_figures():
    return load_script("scripts/make_figures.py")


def test_every_registered_figure_is_committed(make_figures):
    missing = [name for name in make_figures.FIGURES
               if not (ROOT / "images" / f"{name}.png").is_file()]
    assert not missing, f"figuras registradas sin su PNG en images/: {missing}"


def test_every_image_in_images_has_a_figure_function(make_figures):
    orphans = [p.name for p in (ROOT / "images").glob("*.png") if p.stem not in make_figures.FIGURES]
    assert not orphans, f"imágenes que ningún fig_* regenera: {orphans}"


def test_figures_regenerate_as_png(make_figures, tmp_path, monkeypatch):
    monkeypatch.setattr(make_figures, "IMAGES_DIR", tmp_path)
    for name in make_figures.FIGURES:
        path = make_figures.make(name)
        assert path == tmp_path / f"{name}.png"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name


def test_make_figures_rejects_unknown_names(make_figures, capsys):
    assert make_figures.main(["no_existe"]) == 2
    assert "Figuras desconocidas: no_existe" in capsys.readouterr().err


def _quick(tmp_path, *names):
    output = tmp_path / "quick.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "experiments.py"), "--quick", "--output", str(output), *names],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(output.read_text(encoding="utf-8")), result.stdout


def test_experiments_quick_run_writes_curves_and_resumes(tmp_path):
    results, _ = _quick(tmp_path, "entropia_30_s0")
    run = results["runs"]["entropia_30_s0"]
    assert run["quick"] is True and run["row"] == "entropia_30"
    curves = run["curves"]
    assert len(curves["validation_accuracy"]) == len(curves["epoch"]) >= 1
    assert all(0 <= a <= 1 for a in curves["validation_accuracy"])
    # Protocolo: la prueba no se evalúa época a época (solo en los experimentos de 1000 imágenes, para la figura).
    assert "test_accuracy" not in curves
    # La época elegida es la primera con la mayor exactitud en validación.
    va = np.array(curves["validation_accuracy"])
    assert run["chosen"]["epoch"] == int(va.argmax()) + 1
    assert len(run["chosen"]["test_predictions"]) == run["n_test"]
    prov = run["provenance"]
    assert prov["blas_threads"] == 1 and len(prov["commit"]) == 40 and prov["numpy"] == np.__version__
    # Reanudar: una segunda llamada salta lo guardado.
    _, out = _quick(tmp_path, "entropia_30_s0")
    assert "1 trabajos ya guardados; quedan 0" in out


def test_branched_job_shares_its_trunk(tmp_path):
    """«η fija» y «calendario» salen de un mismo tronco: iguales en la primera época, distintos después."""
    results, _ = _quick(tmp_path, "relu_s0")
    fixed, schedule = results["runs"]["relu_fija_s0"], results["runs"]["relu_calendario_s0"]
    assert fixed["curves"]["validation_cost"][0] == schedule["curves"]["validation_cost"][0]
    assert fixed["curves"]["validation_cost"][1] != schedule["curves"]["validation_cost"][1]
    assert schedule["curves"]["eta"] == [0.1, 0.01]


def test_experiments_selects_rows_jobs_and_runs():
    experiments = load_script("scripts/experiments.py")
    jobs = experiments.all_jobs()
    assert set(experiments.select_jobs(["cuadratico_30"], jobs)) == {f"cuadratico_30_s{s}" for s in range(5)}
    assert list(experiments.select_jobs(["relu_calendario_s2"], jobs)) == ["relu_s2"]
    with pytest.raises(KeyError):
        experiments.select_jobs(["no_existe"], jobs)


def test_committed_results_follow_the_protocol():
    """Cada ejecución guardada: con procedencia, un hilo de BLAS, la época elegida en validación y,
    salvo en las figuras de 1000 imágenes, sin curvas de prueba."""
    runs = json.loads((ROOT / "results" / "experiments.json").read_text(encoding="utf-8"))["runs"]
    assert runs
    for name, run in runs.items():
        assert not run.get("quick"), name
        assert run["provenance"]["blas_threads"] == 1 and run["provenance"]["commit"], name
        va = np.array(run["curves"]["validation_accuracy"])
        assert run["chosen"]["epoch"] == int(va.argmax()) + 1, name
        assert ("test_accuracy" in run["curves"]) == bool(run["config"].get("figure")), name


def test_benchmark_loop_is_the_same_math_as_nn_core():
    """El bucle por ejemplo del banco de velocidad hace el mismo paso que update_mini_batch."""
    speed = load_script("benchmarks/speed.py")
    rng = np.random.default_rng(3)
    net = nc.Network([6, 4, 3], rng)
    x = rng.random((6, 5))
    y = nc.one_hot(np.array([0, 2, 1, 1, 0]), 3)
    weights = [w.copy() for w in net.weights]
    biases = [b.copy() for b in net.biases]
    speed.book_update_mini_batch(weights, biases, [(x[:, [i]], y[:, [i]]) for i in range(5)], 3.0)
    nc.update_mini_batch(net, x, y, 3.0)
    for w_loop, w_core in zip(weights, net.weights):
        np.testing.assert_allclose(w_loop, w_core, rtol=1e-12, atol=1e-12)
    for b_loop, b_core in zip(biases, net.biases):
        np.testing.assert_allclose(b_loop, b_core, rtol=1e-12, atol=1e-12)


def test_variants_benchmark_compares_the_same_step(capsys):
    """benchmarks/variants.py comprueba que todas sus versiones dan el mismo paso antes de medir."""
    variants = load_script("benchmarks/variants.py")
    assert variants.main(["--batches", "20", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    for name in variants.VARIANTS:
        assert name in out
