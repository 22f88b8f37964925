"""Guardar y cargar una red entrenada en un fichero ``.npz`` (sin pickle)."""

from pathlib import Path

import numpy as np

from .network import Network


def save(network, path):
    """Guarda pesos, sesgos, activaciones y coste de ``network`` en ``path`` (.npz).

    Se escribe primero a un fichero temporal y luego se renombra, así que un fallo a
    mitad no deja un fichero a medias en lugar del anterior.
    """
    path = Path(path)
    if path.suffix != ".npz":
        raise ValueError(f"El fichero debe terminar en .npz; se recibió {path.name!r}.")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"No existe la carpeta {str(path.parent)!r} donde guardar la red.")
    arrays = {"sizes": np.array(network.sizes, dtype=np.int64),
              "activation": np.array(network.activation.name),
              "output_activation": np.array(network.output_activation.name),
              "cost": np.array(network.cost.name)}
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
    """Carga una red guardada con ``save``; comprueba que las formas cuadran con ``sizes``."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No existe el fichero de red {str(path)!r}.")
    try:
        data = np.load(path, allow_pickle=False)
    except (ValueError, OSError) as e:
        raise ValueError(f"{path.name} no es un fichero .npz de red válido ({e}).") from e
    with data:
        missing = [k for k in ("sizes", "activation", "output_activation", "cost") if k not in data.files]
        if missing:
            raise ValueError(f"{path.name} no es una red guardada con nn_core.save: le falta {', '.join(missing)}.")

        def read(key):
            try:
                return data[key]
            except ValueError as e:  # p. ej. un arreglo de objetos, que exigiría pickle
                raise ValueError(
                    f"{path.name}: el arreglo {key!r} no se puede leer sin pickle (¿es un arreglo de "
                    "objetos?); una red guardada con nn_core.save solo contiene números y textos."
                ) from e

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
