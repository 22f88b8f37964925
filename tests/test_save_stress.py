"""Guardar sin perder datos (issue 13): muchos hilos y procesos guardan a la vez en el mismo
fichero, y un proceso muere a mitad de un guardado (SIGKILL). Después el fichero siempre se
carga y es exactamente una de las versiones escritas."""

import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import nn_core as nc

SIZES = [30, 20, 10]
BIG = [784, 100, 10]   # ~80 000 parámetros: un guardado dura lo bastante para cortarlo a mitad


def version(seed, sizes=SIZES):
    return nc.Network(sizes, np.random.default_rng(seed))


def assert_is_one_of(path, seeds, sizes=SIZES):
    loaded = nc.load(path)
    for seed in seeds:
        net = version(seed, sizes)
        if all(np.array_equal(a, b) for a, b in zip(loaded.weights + loaded.biases, net.weights + net.biases)):
            return seed
    raise AssertionError("el fichero no es ninguna de las versiones escritas")


def test_many_threads_saving_and_loading_at_once(tmp_path):
    path = tmp_path / "red.npz"
    seeds = range(8)
    nets = {seed: version(seed) for seed in seeds}
    errors = []

    def writer(seed):
        try:
            for _ in range(6):
                nc.save(nets[seed], path)
        except Exception as e:  # noqa: BLE001 — se comprueba abajo que no hubo ninguno
            errors.append(e)

    def reader():
        try:
            for _ in range(10):
                if path.exists():
                    assert_is_one_of(path, seeds)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(s,)) for s in seeds] + \
              [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert_is_one_of(path, seeds)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["red.npz"]   # ningún temporal


WRITER = """
import sys
import numpy as np
import nn_core as nc
path, seed, times = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sizes = [int(s) for s in sys.argv[4].split(",")]
net = nc.Network(sizes, np.random.default_rng(seed))
print("listo", flush=True)
for _ in range(times):
    nc.save(net, path)
"""


def start_writer(path, seed, times, sizes=SIZES):
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(seed), str(times),
                             ",".join(map(str, sizes))], stdout=subprocess.PIPE, text=True)


def test_many_processes_saving_at_once(tmp_path):
    path = tmp_path / "red.npz"
    seeds = range(3)
    procs = [start_writer(path, seed, 15) for seed in seeds]
    for p in procs:
        assert p.stdout.readline().strip() == "listo"
    for p in procs:
        assert p.wait(timeout=60) == 0
        p.stdout.close()
    assert_is_one_of(path, seeds)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["red.npz"]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL no existe en Windows")
def test_writer_killed_mid_save_leaves_a_complete_file(tmp_path):
    path = tmp_path / "red.npz"
    nc.save(version(100, BIG), path)   # la versión que ya había
    seeds = [100]
    rng = np.random.default_rng(0)
    for round_ in range(3):
        seed = 200 + round_
        seeds.append(seed)
        proc = start_writer(path, seed, 1000, BIG)
        assert proc.stdout.readline().strip() == "listo"
        time.sleep(float(rng.uniform(0.02, 0.15)))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL
        assert_is_one_of(path, seeds, BIG)
    # Lo único que puede quedar de un proceso muerto es su temporal (oculto, con nombre único);
    # el fichero del usuario nunca queda a medias.
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "red.npz"]
    assert all(name.startswith(".red.npz.") and name.endswith(".tmp") for name in leftovers)
