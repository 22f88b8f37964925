"""MNIST: los cuatro ficheros IDX comprimidos con gzip que vienen con el paquete.

Se leen con numpy (sin pickle), se verifica el MD5 de cada fichero descomprimido y se
devuelven en el convenio de columnas: ``x`` de forma (784, n) con valores en [0, 1],
``labels`` de forma (n,) con enteros 0-9 e ``y`` (one-hot) de forma (10, n).
"""

import gzip
import hashlib
import numbers
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .validation import check_budget, check_float_dtype, excerpt

DATA_DIR = Path(__file__).resolve().parent / "data"

#: MD5 de cada fichero descomprimido (los publicados para MNIST).
MNIST_FILES = {
    "train-images": ("train-images-idx3-ubyte.gz", "6bbc9ace898e44ae57da46a324031adb"),
    "train-labels": ("train-labels-idx1-ubyte.gz", "a25bea736e30d166cdddb491f175f624"),
    "test-images": ("t10k-images-idx3-ubyte.gz", "2646ac647ad5339dbf082846283269ea"),
    "test-labels": ("t10k-labels-idx1-ubyte.gz", "27ae3e4e09519cfbb04c329615203637"),
}

IMAGE_SIDE = 28
N_PIXELS = IMAGE_SIDE * IMAGE_SIDE
N_CLASSES = 10


class MnistFileError(RuntimeError):
    """Un fichero de MNIST falta, está dañado o no tiene el formato IDX esperado."""


def _fix_hint():
    return ("Vuelve a instalar el paquete (pip install --force-reinstall -e .) o copia el fichero "
            "original de MNIST en " + str(DATA_DIR) + ".")


def _gunzip(raw):
    """Descomprime los bytes de un fichero gzip.

    ``zlib`` directamente es más rápido que ``gzip.decompress``; si el fichero tuviera varios
    miembros gzip seguidos (algo raro), se deja el trabajo a ``gzip``, que los lee todos.
    """
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    data = d.decompress(raw)
    if not d.eof:
        raise EOFError("el fichero gzip está cortado (acaba antes de tiempo)")
    if d.unused_data:
        return gzip.decompress(raw)
    return data


def read_idx(path, expected_md5=None):
    """Lee un fichero IDX (comprimido con gzip o no) y devuelve un array uint8.

    Las imágenes dan forma (n, 28, 28) y las etiquetas (n,). Si se da ``expected_md5``,
    se compara con el MD5 del contenido descomprimido.
    """
    path = Path(path)
    if not path.is_file():
        raise MnistFileError(f"Falta el fichero de MNIST {path.name} (se buscó en {path}). {_fix_hint()}")
    try:
        with open(path, "rb") as f:
            raw = f.read()
        if raw[:2] == b"\x1f\x8b":
            raw = _gunzip(raw)
    except (OSError, EOFError, zlib.error) as e:
        raise MnistFileError(f"El fichero de MNIST {path.name} está dañado: no se puede descomprimir ({e}). {_fix_hint()}") from e
    if expected_md5 is not None:
        md5 = hashlib.md5(raw).hexdigest()
        if md5 != expected_md5:
            raise MnistFileError(
                f"El fichero de MNIST {path.name} está dañado: su MD5 es {md5} y se esperaba "
                f"{expected_md5}. {_fix_hint()}"
            )
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise MnistFileError(f"{path.name} no es un fichero IDX de bytes sin signo (cabecera inesperada). {_fix_hint()}")
    ndim = raw[3]
    header = 4 + 4 * ndim
    shape = tuple(int(v) for v in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    if len(raw) != header + int(np.prod(shape)):
        raise MnistFileError(
            f"{path.name} tiene {len(raw) - header} bytes de datos y su cabecera anuncia la forma "
            f"{shape}. {_fix_hint()}"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


@lru_cache(maxsize=None)
def _raw_mnist():
    """Los cuatro ficheros como arrays uint8 (se leen y verifican una sola vez)."""
    # Dos hilos: descomprimir (zlib) y calcular el MD5 (hashlib) sueltan el GIL, así que el
    # fichero grande de imágenes y los otros tres se leen a la vez.
    with ThreadPoolExecutor(max_workers=2) as pool:
        arrays = pool.map(lambda item: read_idx(DATA_DIR / item[0], item[1]), MNIST_FILES.values())
        return dict(zip(MNIST_FILES, arrays))


def _to_float(images, dtype, chunk=10_000):
    """Imágenes uint8 (n, 28, 28) → array (n, 784) de ``dtype`` con valores en [0, 1].

    La conversión se hace por bloques de ``chunk`` imágenes repartidos entre dos hilos
    (numpy suelta el GIL en estas operaciones): en la máquina de desarrollo tarda unos
    0,05 s para los 50 000 ejemplos, y a veces más de 0,5 s de un tirón en un solo hilo.
    """
    pixels = images.reshape(len(images), N_PIXELS)
    x = np.empty(pixels.shape, dtype=dtype)
    scale = dtype.type(1 / 255)

    def convert(start):
        rows = slice(start, start + chunk)
        np.multiply(pixels[rows], scale, out=x[rows], dtype=dtype)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(convert, range(0, len(pixels), chunk)))
    return x


def one_hot(labels, n_classes=N_CLASSES, dtype=np.float64):
    """Etiquetas enteras ``labels`` de forma (n,) → columnas one-hot de forma (n_classes, n).

    El resultado no puede pasar de ``MAX_PARAMETERS`` números (se comprueba antes de crearlo).
    """
    if isinstance(n_classes, bool) or not isinstance(n_classes, numbers.Integral) or n_classes < 1:
        raise ValueError(f"'n_classes' debe ser un entero mayor o igual que 1; se recibió {excerpt(n_classes)}.")
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        dtype = np.dtype(object)
    if dtype.kind not in "fiu":
        raise ValueError(f"El dtype de one_hot debe ser numérico (p. ej. float64); se recibió {excerpt(dtype)}.")
    if not isinstance(labels, np.ndarray):
        try:
            labels = np.asarray(labels)
        except (TypeError, ValueError):
            raise TypeError(f"'labels' debe ser un vector de enteros de forma (n,); se recibió "
                            f"{type(labels).__name__}.") from None
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"'labels' debe ser un vector de enteros de forma (n,); tiene forma {labels.shape} y dtype {labels.dtype}.")
    check_budget(int(n_classes) * labels.size, f"one_hot de {labels.size} etiquetas y {n_classes} clases",
                 dtype.itemsize)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"Las etiquetas deben estar entre 0 y {n_classes - 1}; van de {labels.min()} a {labels.max()}.")
    y = np.zeros((int(n_classes), labels.size), dtype=dtype)
    y[labels, np.arange(labels.size)] = 1
    return y


@dataclass(frozen=True)
class Dataset:
    """Un conjunto de ejemplos en el convenio de columnas.

    - ``x``: (784, n), valores en [0, 1].
    - ``labels``: (n,), enteros 0-9.
    - ``y``: (10, n), las etiquetas en one-hot.
    """

    x: np.ndarray
    labels: np.ndarray
    y: np.ndarray

    @classmethod
    def from_arrays(cls, x, labels, n_classes=N_CLASSES):
        """Construye un ``Dataset`` a partir de ``x`` (n_in, n) y ``labels`` (n,) enteros."""
        if not isinstance(x, np.ndarray):
            raise TypeError(f"'x' debe ser un array de numpy de forma (n_in, n); se recibió {type(x).__name__}.")
        if x.dtype.kind not in "fiu":
            raise TypeError(f"'x' debe contener números reales; su dtype es {x.dtype}.")
        try:
            labels = np.asarray(labels)
        except (TypeError, ValueError):
            raise TypeError(f"'labels' debe ser un vector de enteros (n,); se recibió {type(labels).__name__}.") from None
        if labels.size and not np.issubdtype(labels.dtype, np.integer):
            raise ValueError(f"'labels' debe ser un vector de enteros (n,); su dtype es {labels.dtype}.")
        labels = labels.astype(np.int64, copy=False)
        if x.ndim != 2 or labels.shape != (x.shape[1],):
            raise ValueError(
                f"'x' debe tener forma (n_in, n) y 'labels' forma (n,) con el mismo n; "
                f"se recibieron {x.shape} y {labels.shape}."
            )
        return cls(x, labels, one_hot(labels, n_classes, dtype=x.dtype))

    def __len__(self):
        return self.x.shape[1]

    def subset(self, n, rng):
        """``n`` ejemplos elegidos al azar (sin repetición) con el generador ``rng``; reproducible."""
        from .network import _as_rng

        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= len(self):
            raise ValueError(f"El tamaño del subconjunto debe ser un entero entre 1 y {len(self)}; se recibió {n!r}.")
        idx = np.sort(_as_rng(rng).choice(len(self), size=int(n), replace=False))
        return self[idx]

    def __getitem__(self, idx):
        """Los ejemplos de índices ``idx`` (un entero, un slice o un vector de índices).

        Siempre en el convenio de columnas: ``data[3].x`` tiene forma (784, 1).
        """
        n = len(self)
        if isinstance(idx, (int, np.integer)) and not isinstance(idx, bool):
            if not -n <= idx < n:
                raise IndexError(f"El conjunto tiene {n} ejemplos (índices de 0 a {n - 1}); se pidió el {idx}.")
            idx = [idx]
        elif not isinstance(idx, slice):
            try:
                arr = np.asarray(idx)
            except Exception:
                arr = np.asarray(None)
            if arr.dtype.kind not in "iub" or arr.ndim != 1:
                raise TypeError("El índice debe ser un entero, un slice o un vector de índices enteros; "
                                f"se recibió {excerpt(idx)}.")
            if arr.dtype.kind != "b" and arr.size and not (-n <= arr.min() and arr.max() < n):
                raise IndexError(f"El conjunto tiene {n} ejemplos (índices de 0 a {n - 1}); "
                                 f"se pidieron índices de {arr.min()} a {arr.max()}.")
            if arr.dtype.kind == "b" and arr.shape != (n,):
                raise IndexError(f"Una máscara de booleanos debe tener forma ({n},); tiene forma {arr.shape}.")
            idx = arr
        return Dataset(self.x[:, idx], self.labels[idx], self.y[:, idx])

    def images(self):
        """Las imágenes como (n, 28, 28), para dibujarlas."""
        return self.x.T.reshape(-1, IMAGE_SIDE, IMAGE_SIDE)


@dataclass(frozen=True)
class MnistSplits:
    """Los tres conjuntos: ``training``, ``validation`` (puede estar vacío) y ``test``."""

    training: Dataset
    validation: Dataset
    test: Dataset


def load_mnist(split="book", n_train=None, rng=None, dtype=np.float64):
    """Carga MNIST verificando los MD5.

    - ``split="book"``: 50 000 de entrenamiento, 10 000 de validación y 10 000 de prueba,
      como en el libro de Nielsen (la validación son las últimas 10.000 de entrenamiento).
    - ``split="standard"``: 60 000 de entrenamiento, validación vacía y 10 000 de prueba.
    - ``n_train``: si se da, un subconjunto reproducible de ese tamaño del entrenamiento,
      elegido con ``rng`` (un ``np.random.Generator`` o una semilla entera).
    - ``dtype``: np.float64 (por defecto) o np.float32.

    Devuelve un ``MnistSplits``; cada conjunto tiene ``x`` (784, n), ``labels`` (n,) e ``y`` (10, n).
    """
    if split not in ("book", "standard"):
        raise ValueError(f"'split' debe ser 'book' (50 000/10 000/10 000) o 'standard' (60 000/10 000); se recibió {split!r}.")
    dtype = check_float_dtype(dtype)
    if n_train is not None and rng is None:
        # antes de leer nada: el error llega al instante
        raise ValueError("Para elegir un subconjunto con 'n_train' pasa también rng=np.random.default_rng(semilla).")
    raw = _raw_mnist()

    def build(images, labels):
        # (784, n) con los ejemplos contiguos en memoria (orden Fortran): cada mini-lote
        # x[:, k:k+m] es un bloque contiguo.
        return Dataset.from_arrays(_to_float(images, dtype).T, labels)

    if split == "book":
        training = build(raw["train-images"][:50_000], raw["train-labels"][:50_000])
        validation = build(raw["train-images"][50_000:], raw["train-labels"][50_000:])
    else:
        training = build(raw["train-images"], raw["train-labels"])
        validation = build(raw["train-images"][:0], raw["train-labels"][:0])
    test = build(raw["test-images"], raw["test-labels"])
    if n_train is not None:
        training = training.subset(n_train, rng)
    return MnistSplits(training, validation, test)
