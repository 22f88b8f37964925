"""Guardar y cargar una red en .npz: ida y vuelta exacta, sin pickle, formas validadas,
y un guardado fallido no estropea el fichero que ya existía."""

import numpy as np
import pytest

import nn_core as nc


@pytest.mark.parametrize("kwargs", [
    dict(),
    dict(activation="relu", cost="cross-entropy"),
    dict(activation="relu", cost="log-likelihood", output_activation="softmax", init="scaled"),
    dict(dtype=np.float32),
])
def test_save_load_round_trip(tmp_path, kwargs):
    net = nc.Network([6, 5, 4, 3], np.random.default_rng(0), **kwargs)
    rng = np.random.default_rng(1)
    x = rng.random((6, 8)).astype(net.dtype)
    y = nc.one_hot(rng.integers(0, 3, 8), 3, dtype=net.dtype)
    nc.sgd(net, (x, y), 2, 4, 0.5, rng, monitor_training=False)   # una red ya entrenada
    path = tmp_path / "red.npz"
    assert nc.save(net, path) == path
    loaded = nc.load(path)
    assert isinstance(loaded, nc.Network)
    assert loaded.sizes == [6, 5, 4, 3]
    assert loaded.activation.name == net.activation.name
    assert loaded.output_activation.name == net.output_activation.name
    assert loaded.cost.name == net.cost.name
    assert loaded.dtype == net.dtype
    for a, b in zip(net.weights + net.biases, loaded.weights + loaded.biases):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(loaded.feedforward(x), net.feedforward(x))
    np.testing.assert_array_equal(loaded.predict(x), net.predict(x))
    # la red cargada es independiente del fichero y de la original
    loaded.weights[0][0, 0] += 1.0
    assert net.weights[0][0, 0] != loaded.weights[0][0, 0]


def test_save_accepts_a_string_path_and_overwrites(tmp_path):
    path = str(tmp_path / "red.npz")
    a = nc.Network([3, 2], np.random.default_rng(0))
    b = nc.Network([3, 2], np.random.default_rng(1))
    nc.save(a, path)
    nc.save(b, path)
    np.testing.assert_array_equal(nc.load(path).weights[0], b.weights[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["red.npz"]   # sin temporales


def test_file_has_no_pickle_and_is_plain_npz(tmp_path):
    path = tmp_path / "red.npz"
    nc.save(nc.Network([4, 3, 2], np.random.default_rng(0), activation="relu"), path)
    with np.load(path, allow_pickle=False) as data:
        assert set(data.files) == {"sizes", "activation", "output_activation", "cost", "w0", "b0", "w1", "b1"}
        assert data["sizes"].tolist() == [4, 3, 2]
        assert str(data["activation"]) == "relu"
        assert all(data[k].dtype != object for k in data.files)


def test_save_refuses_a_name_without_npz(tmp_path):
    net = nc.Network([3, 2], np.random.default_rng(0))
    for name in ("red.npy", "red", "red.npz.txt"):
        with pytest.raises(ValueError, match=r"\.npz"):
            nc.save(net, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_save_into_a_missing_folder_is_a_spanish_error(tmp_path):
    net = nc.Network([3, 2], np.random.default_rng(0))
    with pytest.raises(FileNotFoundError, match="No existe la carpeta"):
        nc.save(net, tmp_path / "no_hay" / "red.npz")


def test_failed_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "red.npz"
    old = nc.Network([4, 3, 2], np.random.default_rng(0))
    nc.save(old, path)
    old_bytes = path.read_bytes()

    def broken_savez(file, *args, **kwargs):
        # escribe la mitad de algo y falla, como un disco lleno
        with open(file, "wb") as f:
            f.write(b"PK\x03\x04 a medias")
        raise OSError("No queda espacio en el dispositivo")

    monkeypatch.setattr(np, "savez", broken_savez)
    new = nc.Network([4, 3, 2], np.random.default_rng(1))
    with pytest.raises(OSError):
        nc.save(new, path)
    monkeypatch.undo()
    assert path.read_bytes() == old_bytes
    np.testing.assert_array_equal(nc.load(path).weights[0], old.weights[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["red.npz"]   # ni rastro del temporal


def _saved_arrays(tmp_path):
    path = tmp_path / "buena.npz"
    nc.save(nc.Network([4, 3, 2], np.random.default_rng(0)), path)
    with np.load(path) as data:
        return {k: data[k] for k in data.files}


def test_load_wrong_shapes_is_a_spanish_error(tmp_path):
    arrays = _saved_arrays(tmp_path)
    arrays["w1"] = np.zeros((3, 2))         # debería ser (2, 3)
    path = tmp_path / "mala.npz"
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="debería tener pesos") as info:
        nc.load(path)
    assert "(2, 3)" in str(info.value) and "mala.npz" in str(info.value)

    arrays = _saved_arrays(tmp_path)
    arrays["b0"] = np.zeros(3)              # sesgo sin la forma (3, 1)
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="sesgos"):
        nc.load(path)

    arrays = _saved_arrays(tmp_path)
    arrays["sizes"] = np.array([4, 5, 2])   # no cuadra con los pesos
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="capa 1"):
        nc.load(path)


def test_load_missing_parts_is_a_spanish_error(tmp_path):
    arrays = _saved_arrays(tmp_path)
    del arrays["cost"]
    path = tmp_path / "incompleta.npz"
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="le falta cost"):
        nc.load(path)
    arrays = _saved_arrays(tmp_path)
    del arrays["w1"]
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="faltan los pesos"):
        nc.load(path)


def test_load_uses_allow_pickle_false_object_array_fails_cleanly(tmp_path):
    arrays = _saved_arrays(tmp_path)
    arrays["w0"] = np.empty((3, 4), dtype=object)   # np.savez lo guarda con pickle
    path = tmp_path / "objetos.npz"
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="pickle") as info:
        nc.load(path)
    assert "objetos.npz" in str(info.value)


def test_load_non_float_weights_is_refused(tmp_path):
    arrays = _saved_arrays(tmp_path)
    arrays["w0"] = np.full((3, 4), "a")
    path = tmp_path / "textos.npz"
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="float64 o float32"):
        nc.load(path)


def test_load_a_file_that_is_not_npz(tmp_path):
    path = tmp_path / "texto.npz"
    path.write_text("esto no es una red")
    with pytest.raises(ValueError, match="no es un fichero .npz de red válido"):
        nc.load(path)


def test_load_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="No existe"):
        nc.load(tmp_path / "no_existe.npz")


# --------------------------------------------------------------------------------------
# Ficheros dañados y redes que no se podrían volver a cargar
# --------------------------------------------------------------------------------------

def _damaged_variants(tmp_path):
    """Ficheros .npz estropeados de varias maneras a partir de una red buena."""
    good = tmp_path / "buena.npz"
    nc.save(nc.Network([4, 3, 2], np.random.default_rng(0)), good)
    raw = good.read_bytes()
    flipped = bytearray(raw)
    flipped[len(raw) // 3] ^= 0xFF      # un byte cambiado dentro de un array: CRC incorrecto
    npy = tmp_path / "solo.npy"
    np.save(npy, np.zeros(3))
    return {"cortado.npz": raw[:-20], "vacio.npz": b"", "byte.npz": bytes(flipped),
            "npy_renombrado.npz": npy.read_bytes()}


def test_damaged_files_are_a_spanish_value_error(tmp_path):
    for name, content in _damaged_variants(tmp_path).items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(ValueError, match="no es un fichero .npz de red válido") as info:
            nc.load(path)
        assert name in str(info.value), name


@pytest.mark.parametrize("make_bad", [
    lambda net: net.weights.__setitem__(0, net.weights[0].astype(np.float16)),
    lambda net: net.biases.__setitem__(1, net.biases[1].astype(np.int64)),
    lambda net: net.weights.__setitem__(0, net.weights[0].astype(object)),
])
def test_save_refuses_a_network_it_could_not_load_and_keeps_the_old_file(tmp_path, make_bad):
    path = tmp_path / "red.npz"
    nc.save(nc.Network([4, 3, 2], np.random.default_rng(0)), path)
    old_bytes = path.read_bytes()
    net = nc.Network([4, 3, 2], np.random.default_rng(1))
    make_bad(net)
    with pytest.raises((TypeError, ValueError), match="float64 o float32"):
        nc.save(net, path)
    assert path.read_bytes() == old_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["red.npz"]


def test_save_refuses_custom_activation_objects(tmp_path):
    class Tanh:
        fn = staticmethod(np.tanh)
        prime = staticmethod(lambda z: 1 - np.tanh(z) ** 2)

    net = nc.Network([4, 3, 2], np.random.default_rng(0), activation=Tanh)
    with pytest.raises(ValueError, match="Solo se pueden guardar redes con activaciones y costes de nn_core"):
        nc.save(net, tmp_path / "propia.npz")
    assert not list(tmp_path.iterdir())
