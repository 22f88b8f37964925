"""MNIST tal como lo sirve nn_core: MD5, recuentos por dígito, primeras etiquetas, rango de
valores, los repartos 60.000/10.000 y 50.000/10.000/10.000, one-hot, subconjuntos
reproducibles, formas y dtypes, y los errores con un fichero que falta o está dañado."""

import functools
import gzip
import hashlib
import os

import numpy as np
import pytest

import nn_core as nc
import nn_core.mnist as mnist

TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
FIRST_TRAIN = [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
FIRST_TEST = [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
# Los MD5 publicados para los cuatro ficheros descomprimidos (escritos aquí, no copiados de
# nn_core, para que la prueba compruebe también la tabla de mnist.py).
PUBLISHED_MD5 = {
    "train-images-idx3-ubyte.gz": "6bbc9ace898e44ae57da46a324031adb",
    "train-labels-idx1-ubyte.gz": "a25bea736e30d166cdddb491f175f624",
    "t10k-images-idx3-ubyte.gz": "2646ac647ad5339dbf082846283269ea",
    "t10k-labels-idx1-ubyte.gz": "27ae3e4e09519cfbb04c329615203637",
}


@pytest.fixture(scope="module")
def book():
    return nc.load_mnist()


# --------------------------------------------------------------------------------------
# Los ficheros y sus sumas MD5
# --------------------------------------------------------------------------------------

def test_the_four_files_ship_with_the_package_and_match_published_md5():
    assert {name: md5 for name, md5 in mnist.MNIST_FILES.values()} == PUBLISHED_MD5
    for name, md5 in PUBLISHED_MD5.items():
        path = mnist.DATA_DIR / name
        assert path.is_file(), name
        with gzip.open(path, "rb") as f:
            assert hashlib.md5(f.read()).hexdigest() == md5, name


def test_read_idx_shapes_and_dtype():
    labels = mnist.read_idx(mnist.DATA_DIR / "t10k-labels-idx1-ubyte.gz",
                            PUBLISHED_MD5["t10k-labels-idx1-ubyte.gz"])
    assert labels.shape == (10_000,) and labels.dtype == np.uint8
    assert labels[:10].tolist() == FIRST_TEST


def _write_gz(path, raw):
    path.write_bytes(gzip.compress(raw))
    return path


def _real_raw(name):
    with gzip.open(mnist.DATA_DIR / name, "rb") as f:
        return f.read()


def test_corrupted_file_fails_md5_with_spanish_message_naming_the_file(tmp_path):
    name = "t10k-labels-idx1-ubyte.gz"
    raw = bytearray(_real_raw(name))
    raw[100] = (raw[100] + 1) % 10     # una etiqueta cambiada: el fichero sigue siendo IDX válido
    path = _write_gz(tmp_path / name, bytes(raw))
    with pytest.raises(nc.MnistFileError) as info:
        mnist.read_idx(path, PUBLISHED_MD5[name])
    msg = str(info.value)
    assert name in msg
    assert "dañado" in msg and "MD5" in msg
    assert "instal" in msg.lower()     # dice qué hacer
    # sin MD5 esperado, el mismo fichero se lee (la comprobación es la que lo detecta)
    assert mnist.read_idx(path).shape == (10_000,)


def test_truncated_gzip_is_a_clear_error(tmp_path):
    name = "t10k-labels-idx1-ubyte.gz"
    data = (mnist.DATA_DIR / name).read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(nc.MnistFileError, match="dañado") as info:
        mnist.read_idx(path, PUBLISHED_MD5[name])
    assert name in str(info.value)


def test_gzip_with_several_members_is_read_whole(tmp_path):
    """Un gzip hecho de dos miembros seguidos (p. ej. con cat a.gz b.gz) se lee entero."""
    name = "t10k-labels-idx1-ubyte.gz"
    raw = _real_raw(name)
    path = tmp_path / name
    path.write_bytes(gzip.compress(raw[:5000]) + gzip.compress(raw[5000:]))
    labels = mnist.read_idx(path, PUBLISHED_MD5[name])
    assert labels.shape == (10_000,) and labels[:10].tolist() == FIRST_TEST


def test_float_conversion_matches_a_plain_division_in_both_dtypes():
    """La conversión por bloques en dos hilos da exactamente píxel / 255 (y el orden Fortran)."""
    raw = mnist._raw_mnist()["test-images"]
    for dtype in (np.float64, np.float32):
        x = mnist._to_float(raw, np.dtype(dtype), chunk=3_000)   # bloques que no dividen 10.000
        expected = np.multiply(raw.reshape(10_000, 784), np.dtype(dtype).type(1 / 255), dtype=dtype)
        assert x.dtype == dtype and np.array_equal(x, expected)
    assert nc.load_mnist().test.x.flags["F_CONTIGUOUS"]


def test_wrong_header_and_wrong_length_are_clear_errors(tmp_path):
    bad_magic = _write_gz(tmp_path / "x.gz", b"\x00\x00\x0d\x01" + (3).to_bytes(4, "big") + b"abc")
    with pytest.raises(nc.MnistFileError, match="cabecera") as info:
        mnist.read_idx(bad_magic)
    assert "x.gz" in str(info.value)
    short = _write_gz(tmp_path / "y.gz", b"\x00\x00\x08\x01" + (5).to_bytes(4, "big") + b"abc")
    with pytest.raises(nc.MnistFileError, match="y.gz"):
        mnist.read_idx(short)
    ok = _write_gz(tmp_path / "z.gz", b"\x00\x00\x08\x01" + (3).to_bytes(4, "big") + b"\x01\x02\x03")
    assert mnist.read_idx(ok).tolist() == [1, 2, 3]


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(nc.MnistFileError, match="Falta") as info:
        mnist.read_idx(tmp_path / "train-images-idx3-ubyte.gz")
    assert "train-images-idx3-ubyte.gz" in str(info.value)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Un DATA_DIR temporal con enlaces a los ficheros reales, y la caché de _raw_mnist
    sustituida por una vacía (monkeypatch restaura la original al terminar)."""
    for name in PUBLISHED_MD5:
        os.symlink(mnist.DATA_DIR / name, tmp_path / name)
    monkeypatch.setattr(mnist, "DATA_DIR", tmp_path)
    monkeypatch.setattr(mnist, "_raw_mnist", functools.lru_cache(maxsize=None)(mnist._raw_mnist.__wrapped__))
    return tmp_path


def test_load_mnist_with_a_missing_file(data_dir):
    (data_dir / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(nc.MnistFileError, match="Falta") as info:
        nc.load_mnist()
    assert "t10k-labels-idx1-ubyte.gz" in str(info.value)


def test_load_mnist_with_a_corrupted_file(data_dir):
    name = "train-labels-idx1-ubyte.gz"
    raw = bytearray(_real_raw(name))
    raw[-1] = (raw[-1] + 1) % 10
    (data_dir / name).unlink()
    _write_gz(data_dir / name, bytes(raw))
    with pytest.raises(nc.MnistFileError, match="dañado") as info:
        nc.load_mnist(n_train=10, rng=0)
    assert name in str(info.value)


def test_load_mnist_recompressed_files_are_fine(data_dir):
    """Lo que se verifica es el contenido descomprimido, no los bytes del .gz."""
    name = "t10k-labels-idx1-ubyte.gz"
    raw = _real_raw(name)
    (data_dir / name).unlink()
    (data_dir / name).write_bytes(gzip.compress(raw, compresslevel=1))
    assert mnist._raw_mnist()["test-labels"][:10].tolist() == FIRST_TEST


# --------------------------------------------------------------------------------------
# Los datos
# --------------------------------------------------------------------------------------

def test_standard_split_counts_first_labels_and_mean_pixel():
    d = nc.load_mnist(split="standard")
    assert d.training.x.shape == (784, 60_000)
    assert len(d.training) == 60_000 and len(d.validation) == 0 and len(d.test) == 10_000
    assert np.bincount(d.training.labels, minlength=10).tolist() == TRAIN_COUNTS
    assert np.bincount(d.test.labels, minlength=10).tolist() == TEST_COUNTS
    assert d.training.labels[:10].tolist() == FIRST_TRAIN
    assert d.test.labels[:10].tolist() == FIRST_TEST
    # píxel medio del conjunto de entrenamiento: 33,318 sobre 255
    assert d.training.x.mean() * 255 == pytest.approx(33.318, abs=5e-4)
    assert d.training.x.min() == 0.0 and d.training.x.max() == 1.0


def test_book_split_50k_10k_10k(book):
    assert book.training.x.shape == (784, 50_000)
    assert book.validation.x.shape == (784, 10_000)
    assert book.test.x.shape == (784, 10_000)
    # entrenamiento + validación = los 60.000 de entrenamiento originales, en orden
    counts = (np.bincount(book.training.labels, minlength=10)
              + np.bincount(book.validation.labels, minlength=10))
    assert counts.tolist() == TRAIN_COUNTS
    assert book.training.labels[:10].tolist() == FIRST_TRAIN
    assert np.bincount(book.test.labels, minlength=10).tolist() == TEST_COUNTS
    raw_labels = mnist.read_idx(mnist.DATA_DIR / "train-labels-idx1-ubyte.gz")
    np.testing.assert_array_equal(book.validation.labels, raw_labels[50_000:])
    raw_images = mnist.read_idx(mnist.DATA_DIR / "train-images-idx3-ubyte.gz")
    np.testing.assert_allclose(book.validation.x[:, 0], raw_images[50_000].ravel() / 255, rtol=1e-15)
    np.testing.assert_allclose(book.training.x[:, 12_345], raw_images[12_345].ravel() / 255, rtol=1e-15)
    np.testing.assert_array_equal(np.rint(book.test.x[:, :50] * 255).T,
                                  mnist.read_idx(mnist.DATA_DIR / "t10k-images-idx3-ubyte.gz")[:50].reshape(50, 784))


def test_values_shapes_and_dtypes(book):
    for ds, n in ((book.training, 50_000), (book.validation, 10_000), (book.test, 10_000)):
        assert ds.x.shape == (784, n) and ds.x.dtype == np.float64
        assert ds.labels.shape == (n,) and ds.labels.dtype == np.int64
        assert ds.y.shape == (10, n) and ds.y.dtype == np.float64
        assert ds.x.min() >= 0.0 and ds.x.max() <= 1.0
        assert len(ds) == n
    imgs = book.test.images()
    assert imgs.shape == (10_000, 28, 28)
    np.testing.assert_array_equal(imgs[3].ravel(), book.test.x[:, 3])
    # las imágenes van por filas (28 filas de 28 píxeles): el primer 7 tiene tinta en la
    # mitad inferior y los bordes vacíos
    assert imgs[0][:4].sum() == 0 and imgs[0][20:].sum() > 0


def test_one_hot_columns(book):
    for ds in (book.training, book.test):
        np.testing.assert_array_equal(ds.y.sum(axis=0), np.ones(len(ds)))
        np.testing.assert_array_equal(np.argmax(ds.y, axis=0), ds.labels)
        assert set(np.unique(ds.y)) == {0.0, 1.0}
    y = nc.one_hot(np.array([3, 0, 9]))
    assert y.shape == (10, 3)
    expected = np.zeros((10, 3))
    expected[3, 0] = expected[0, 1] = expected[9, 2] = 1
    np.testing.assert_array_equal(y, expected)
    np.testing.assert_array_equal(nc.one_hot(np.array([1, 2]), n_classes=3), [[0, 0], [1, 0], [0, 1]])


def test_one_hot_bad_input_is_a_spanish_error():
    with pytest.raises(ValueError, match="entre 0 y 9"):
        nc.one_hot(np.array([1, 10]))
    with pytest.raises(ValueError, match="enteros"):
        nc.one_hot(np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="enteros"):
        nc.one_hot(np.array([[1, 2]]))


def test_float32(book):
    d32 = nc.load_mnist(dtype=np.float32)
    for ds, ds64 in ((d32.training, book.training), (d32.test, book.test)):
        assert ds.x.dtype == np.float32 and ds.y.dtype == np.float32
        assert ds.labels.dtype == np.int64
        assert ds.x.shape == ds64.x.shape
        assert ds.x.min() >= 0.0 and ds.x.max() <= 1.0
        np.testing.assert_allclose(ds.x[:, ::97], ds64.x[:, ::97], rtol=1e-6, atol=1e-7)
        np.testing.assert_array_equal(ds.labels, ds64.labels)


def test_subset_is_reproducible_from_a_seed(book):
    a = book.training.subset(500, np.random.default_rng(3))
    b = book.training.subset(500, np.random.default_rng(3))
    c = book.training.subset(500, np.random.default_rng(4))
    assert len(a) == 500 and a.x.shape == (784, 500) and a.y.shape == (10, 500)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.labels, b.labels)
    assert not np.array_equal(a.labels, c.labels)
    # cada ejemplo del subconjunto es un ejemplo del conjunto, sin repeticiones
    # (se reconoce cada imagen por una «huella»: su producto con un vector aleatorio)
    probe = np.random.default_rng(0).random(784)
    where = {fp: i for i, fp in enumerate(probe @ book.training.x)}
    idx = [where[fp] for fp in probe @ a.x]
    assert len(set(idx)) == 500
    np.testing.assert_array_equal(book.training.x[:, idx], a.x)
    np.testing.assert_array_equal(book.training.labels[idx], a.labels)
    np.testing.assert_array_equal(np.argmax(a.y, axis=0), a.labels)
    # una semilla entera vale igual que un generador con esa semilla
    np.testing.assert_array_equal(book.training.subset(500, 3).labels, a.labels)


def test_load_mnist_n_train_is_reproducible(book):
    a = nc.load_mnist(n_train=300, rng=np.random.default_rng(11), dtype=np.float32)
    b = nc.load_mnist(n_train=300, rng=np.random.default_rng(11), dtype=np.float32)
    c = nc.load_mnist(n_train=300, rng=np.random.default_rng(12), dtype=np.float32)
    assert a.training.x.shape == (784, 300) and a.training.x.dtype == np.float32
    np.testing.assert_array_equal(a.training.x, b.training.x)
    np.testing.assert_array_equal(a.training.labels, b.training.labels)
    assert not np.array_equal(a.training.labels, c.training.labels)
    # validación y prueba no cambian con n_train
    assert len(a.validation) == 10_000 and len(a.test) == 10_000
    np.testing.assert_array_equal(a.test.labels, book.test.labels)
    # es el mismo subconjunto que Dataset.subset con la misma semilla
    np.testing.assert_array_equal(a.training.labels,
                                  book.training.subset(300, np.random.default_rng(11)).labels)


def test_dataset_indexing(book):
    part = book.test[10:20]
    assert len(part) == 10
    np.testing.assert_array_equal(part.labels, book.test.labels[10:20])
    np.testing.assert_array_equal(part.x, book.test.x[:, 10:20])
    picked = book.test[np.array([5, 0, 7])]
    assert picked.labels.tolist() == [FIRST_TEST[5], FIRST_TEST[0], FIRST_TEST[7]]
    np.testing.assert_array_equal(picked.y, nc.one_hot(picked.labels))


def test_load_mnist_bad_arguments_are_spanish_errors(book):
    with pytest.raises(ValueError, match="'split' debe ser"):
        nc.load_mnist(split="nielsen")
    with pytest.raises(ValueError, match="float64 o float32"):
        nc.load_mnist(dtype=np.int32)
    with pytest.raises(ValueError, match="rng"):
        nc.load_mnist(n_train=100)
    with pytest.raises(ValueError, match="entre 1 y 50000"):
        book.training.subset(0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="entre 1 y 50000"):
        book.training.subset(50_001, np.random.default_rng(0))


def test_one_hot_checks_n_classes_dtype_and_budget():
    """Issue 13: n_classes y dtype raros daban errores de numpy en inglés; tamaños enormes, MemoryError."""
    with pytest.raises(ValueError, match="n_classes"):
        nc.one_hot([1, 2], 2.5)
    with pytest.raises(ValueError, match="n_classes"):
        nc.one_hot([1, 2], 0)
    with pytest.raises(ValueError, match="dtype"):
        nc.one_hot([1, 2], dtype="hola")
    with pytest.raises(ValueError, match=r"necesitaría .*máximo"):
        nc.one_hot([0, 1], 10**8)
    with pytest.raises(TypeError, match="vector de enteros"):
        nc.one_hot([[1, 2], [3]])
    np.testing.assert_array_equal(nc.one_hot([1, 0], 2, dtype=np.float32), [[0, 1], [1, 0]])


def test_dataset_indexing_errors_are_spanish():
    d = nc.Dataset.from_arrays(np.zeros((4, 3)), [0, 1, 2])
    assert d[-1].x.shape == (4, 1) and len(d[[0, 2]]) == 2 and len(d[np.array([True, False, True])]) == 2
    with pytest.raises(IndexError, match="tiene 3 ejemplos"):
        d[10]
    with pytest.raises(IndexError, match="tiene 3 ejemplos"):
        d[[0, 5]]
    for bad in ("a", 1.5, [[0]], None):
        with pytest.raises(TypeError, match="El índice debe ser"):
            d[bad]
