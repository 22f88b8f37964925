"""Guardar y cargar una red en .npz: ida y vuelta exacta, sin pickle, formas validadas,
y un guardado fallido no estropea el fichero que ya existía."""

import errno

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
        file.write(b"PK\x03\x04 a medias")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(np, "savez", broken_savez)
    new = nc.Network([4, 3, 2], np.random.default_rng(1))
    with pytest.raises(OSError, match="no queda espacio en el disco"):
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


# --------------------------------------------------------------------------------------
# Issue 13: guardar sin perder datos, cargar ficheros ajenos sin riesgo
# --------------------------------------------------------------------------------------

def _npy_bytes(arr):
    import io
    buf = io.BytesIO()
    np.lib.format.write_array(buf, arr, allow_pickle=False)
    return buf.getvalue()


def _header_only(shape, dtype="<f8"):
    """Solo la cabecera .npy de un array de forma ``shape``: declara datos que no existen."""
    import io
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": dtype, "fortran_order": False, "shape": shape})
    return buf.getvalue()


def _write_zip(path, members, compression=None):
    import zipfile
    with zipfile.ZipFile(path, "w", compression or zipfile.ZIP_STORED) as z:
        for name, data in members.items():
            z.writestr(name + ".npy", data)


def _good_members(sizes=(4, 3, 2)):
    net = nc.Network(list(sizes), np.random.default_rng(0))
    members = {"sizes": _npy_bytes(np.array(sizes, dtype=np.int64)),
               "activation": _npy_bytes(np.array("sigmoid")),
               "output_activation": _npy_bytes(np.array("sigmoid")),
               "cost": _npy_bytes(np.array("quadratic"))}
    for i, (w, b) in enumerate(zip(net.weights, net.biases)):
        members[f"w{i}"], members[f"b{i}"] = _npy_bytes(w), _npy_bytes(b)
    return members


def _load_quickly_with_little_memory(path, match):
    import time
    import tracemalloc
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(ValueError, match=match) as info:
            nc.load(path)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 0.5, elapsed
    assert peak < 2_000_000, peak
    assert len(str(info.value)) < 400
    return info


def test_crafted_file_declaring_a_huge_array_is_refused_before_allocating(tmp_path):
    """Antes: un .npz de 312 kB reservaba 321 MB, y una parte con solo la cabecera, 3,2 GB."""
    path = tmp_path / "hostil.npz"
    members = _good_members()
    members["w0"] = _header_only((10**6, 10**6))
    _write_zip(path, members)
    assert path.stat().st_size < 5000
    _load_quickly_with_little_memory(path, "debería tener pesos")


def test_crafted_sizes_past_the_budget_or_too_many_layers_are_refused(tmp_path):
    path = tmp_path / "hostil.npz"
    members = _good_members()
    members["sizes"] = _npy_bytes(np.array([10**6, 10**6], dtype=np.int64))
    _write_zip(path, members)
    _load_quickly_with_little_memory(path, "máximo es 50")
    members["sizes"] = _header_only((10**12,), "<i8")
    _write_zip(path, members)
    _load_quickly_with_little_memory(path, "'sizes' debería ser una lista")


def test_zip_bomb_is_refused_quickly_with_little_memory(tmp_path):
    import zipfile
    path = tmp_path / "bomba.npz"
    members = _good_members()
    members["sizes"] = _npy_bytes(np.array([2000, 2000], dtype=np.int64))
    members["w0"] = _npy_bytes(np.zeros((2000, 2000)))        # 32 MB de ceros: se comprimen ~1000 veces
    members["b0"] = _npy_bytes(np.zeros((2000, 1)))
    del members["w1"], members["b1"]
    _write_zip(path, members, zipfile.ZIP_DEFLATED)
    assert path.stat().st_size < 200_000
    _load_quickly_with_little_memory(path, "bomba zip")


def test_extra_members_and_long_texts_are_refused_with_short_messages(tmp_path):
    path = tmp_path / "rara.npz"
    members = _good_members()
    members["w9"] = _npy_bytes(np.zeros((2, 2)))
    _write_zip(path, members)
    _load_quickly_with_little_memory(path, "partes que no son de una red")
    members = _good_members()
    members["activation"] = _npy_bytes(np.array("x" * 10_000_000))   # antes se repetía entero en el mensaje
    _write_zip(path, members)
    info = _load_quickly_with_little_memory(path, "texto corto")
    assert "xxxxxxxxxx" not in str(info.value)
    members = _good_members()
    members["cost"] = _npy_bytes(np.array("y" * 60))
    _write_zip(path, members)
    with pytest.raises(ValueError, match="Coste desconocido") as info:
        nc.load(path)
    assert "y" * 60 not in str(info.value)


def test_big_endian_weights_load_and_non_finite_weights_are_refused(tmp_path):
    path = tmp_path / "be.npz"
    members = _good_members()
    w0 = np.frombuffer(members["w0"][-96:], dtype="<f8").reshape(3, 4)
    members["w0"] = _npy_bytes(w0.astype(">f8"))
    _write_zip(path, members)
    net = nc.load(path)
    np.testing.assert_array_equal(net.weights[0], w0)
    assert net.weights[0].dtype == np.float64 and net.weights[0].dtype.isnative
    bad = w0.copy()
    bad[0, 0] = np.nan
    members["w0"] = _npy_bytes(bad)
    _write_zip(path, members)
    with pytest.raises(ValueError, match="NaN o infinitos"):
        nc.load(path)


def test_save_never_touches_a_users_tmp_file_and_leaves_no_temporary(tmp_path):
    """Antes: save escribía a <fichero>.tmp.npz, y borraba el fichero del usuario con ese nombre."""
    mine = tmp_path / "red.npz.tmp.npz"
    mine.write_bytes(b"mio")
    nc.save(nc.Network([3, 2], np.random.default_rng(0)), tmp_path / "red.npz")
    assert mine.read_bytes() == b"mio"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["red.npz", "red.npz.tmp.npz"]


def test_saved_file_has_the_usual_permissions(tmp_path):
    import os
    import stat
    path = nc.save(nc.Network([3, 2], np.random.default_rng(0)), tmp_path / "red.npz")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_save_and_load_folder_paths_and_permissions_are_spanish_errors(tmp_path, monkeypatch):
    import tempfile
    net = nc.Network([3, 2], np.random.default_rng(0))
    folder = tmp_path / "carpeta.npz"
    folder.mkdir()
    with pytest.raises(IsADirectoryError, match="es una carpeta"):
        nc.save(net, folder)
    with pytest.raises(IsADirectoryError, match="es una carpeta"):
        nc.load(folder)
    with pytest.raises(IsADirectoryError, match="es una carpeta"):
        nc.load(tmp_path)
    with pytest.raises(TypeError, match="ruta del fichero"):
        nc.load(5)

    def no_permission(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", no_permission)
    with pytest.raises(PermissionError, match="no tienes permiso") as info:
        nc.save(net, tmp_path / "red.npz")
    assert "Permission" not in str(info.value)


def test_save_something_that_is_not_a_network(tmp_path):
    with pytest.raises(TypeError, match="debe ser un Network"):
        nc.save(None, tmp_path / "red.npz")
