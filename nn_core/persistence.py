"""Guardar y cargar una red entrenada en un fichero ``.npz`` (sin pickle)."""

import zipfile
import zlib
from pathlib import Path

import numpy as np

from .activations import ACTIVATIONS
from .costs import COSTS
from .network import Network, name_of
from .validation import check_parameters

#: Lo que puede fallar al leer un .npz dañado (además de ValueError y OSError).
_DAMAGED = (ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error)


def save(network, path):
    """Guarda pesos, sesgos, activaciones y coste de ``network`` en ``path`` (.npz).

    ``network.weights[i]``: (n_(i+1), n_i) y ``network.biases[i]``: (n_(i+1), 1), float64 o
    float32. Antes de escribir nada se comprueba que la red se podrá volver a cargar; después
    se escribe a un fichero temporal y se renombra, así que un fallo a mitad no deja un
    fichero a medias en lugar del anterior.
    """
    path = Path(path)
    if path.suffix != ".npz":
        raise ValueError(f"El fichero debe terminar en .npz; se recibió {path.name!r}.")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"No existe la carpeta {str(path.parent)!r} donde guardar la red.")
    check_parameters(network.weights, network.biases)
    names = {"activation": name_of(network.activation),
             "output_activation": name_of(network.output_activation),
             "cost": name_of(network.cost)}
    for key, known in (("activation", ACTIVATIONS), ("output_activation", ACTIVATIONS), ("cost", COSTS)):
        if known.get(names[key]) is not getattr(network, key):
            raise ValueError(
                f"Solo se pueden guardar redes con activaciones y costes de nn_core ({', '.join(known)}); "
                f"'{key}' es {names[key]!r}, que no se podría volver a cargar sin pickle."
            )
    arrays = {"sizes": np.array(network.sizes, dtype=np.int64)}
    arrays.update({key: np.array(name) for key, name in names.items()})
    for i, (w, b) in enumerate(zip(network.weights, network.biases)):
        arrays[f"w{i}"] = w
        arrays[f"b{i}"] = b
    tmp = path.with_name(path.name + ".tmp.npz")
    try:
        np.savez(tmp, **arrays)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)  # si algo falló, no deja el temporal a medias
    return path


def load(path):
    """Carga una red guardada con ``save``; comprueba que las formas cuadran con ``sizes``.

    Devuelve un ``Network`` con ``weights[i]``: (n_(i+1), n_i) y ``biases[i]``: (n_(i+1), 1).
    Un fichero dañado o que no sea una red da un ``ValueError`` que lo explica.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No existe el fichero de red {str(path)!r}.")
    try:
        data = np.load(path, allow_pickle=False)
    except _DAMAGED as e:
        raise ValueError(f"{path.name} no es un fichero .npz de red válido ({e}).") from e
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise ValueError(f"{path.name} no es un fichero .npz de red válido: contiene un solo array "
                         "(¿un .npy renombrado?).")
    with data:
        return _network_from(data, path)


def _network_from(data, path):
    """Construye la red a partir del .npz abierto ``data`` (leído de ``path``)."""
    missing = [k for k in ("sizes", "activation", "output_activation", "cost") if k not in data.files]
    if missing:
        raise ValueError(f"{path.name} no es una red guardada con nn_core.save: le falta {', '.join(missing)}.")

    def read(key):
        try:
            return data[key]
        except _DAMAGED as e:
            if isinstance(e, ValueError) and "pickle" in str(e):  # un array de objetos
                raise ValueError(
                    f"{path.name}: el array {key!r} no se puede leer sin pickle (¿es un array de "
                    "objetos?); una red guardada con nn_core.save solo contiene números y textos."
                ) from e
            raise ValueError(f"{path.name} no es un fichero .npz de red válido: el array {key!r} "
                             f"está dañado ({e}).") from e

    sizes = read("sizes")
    if sizes.ndim != 1 or sizes.size < 2 or not np.issubdtype(sizes.dtype, np.integer) or sizes.min() < 1:
        raise ValueError(
            f"{path.name}: 'sizes' debería ser una lista de al menos 2 enteros positivos; es {sizes!r}."
        )
    sizes = [int(s) for s in sizes]
    names = {}
    for key in ("activation", "output_activation", "cost"):
        value = read(key)
        if value.ndim != 0 or value.dtype.kind != "U":
            raise ValueError(f"{path.name}: {key!r} debería ser un texto; es {value!r}.")
        names[key] = str(value)
    weights, biases = [], []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        if f"w{i}" not in data.files or f"b{i}" not in data.files:
            raise ValueError(f"{path.name}: faltan los pesos o sesgos de la capa {i + 1}.")
        w, b = read(f"w{i}"), read(f"b{i}")
        if w.shape != (n_out, n_in) or b.shape != (n_out, 1):
            raise ValueError(
                f"{path.name}: la capa {i + 1} debería tener pesos {(n_out, n_in)} y sesgos "
                f"{(n_out, 1)}, pero tiene {w.shape} y {b.shape}."
            )
        for name, arr in ((f"w{i}", w), (f"b{i}", b)):
            if arr.dtype not in (np.float64, np.float32):
                raise ValueError(
                    f"{path.name}: {name!r} debería ser float64 o float32; es {arr.dtype}."
                )
        weights.append(w)
        biases.append(b)
    return Network.from_parameters(weights, biases, names["activation"], names["cost"],
                                   names["output_activation"])
