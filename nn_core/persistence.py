"""Guardar y cargar una red entrenada en un fichero ``.npz`` (sin pickle).

Guardar nunca pierde datos: se escribe en un fichero temporal único de la misma carpeta, se
fuerza al disco (``fsync``) y solo entonces se renombra sobre el destino (``os.replace``, atómico).
Un fallo o un corte a mitad deja el fichero anterior intacto.

Cargar es seguro con un fichero ajeno: de cada array se lee primero su cabecera ``.npy`` (forma,
tipo, orden) y se compara con la arquitectura y con el presupuesto de parámetros antes de reservar
memoria; se rechazan arrays de objetos, partes de más y compresiones sospechosas (bombas zip).
"""

import errno
import math
import os
import tempfile
import zipfile
import zlib
from pathlib import Path

import numpy as np
from numpy.lib import format as npy_format

from .activations import ACTIVATIONS
from .costs import COSTS
from .network import Network, name_of
from .validation import check_budget, check_parameters, excerpt, n_parameters

#: Lo que puede fallar al leer un .npz dañado (además de ValueError y OSError).
_DAMAGED = (ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error, RuntimeError)

#: Capas como máximo en un fichero de red (una red del libro tiene 2 o 3).
MAX_LAYERS = 1000
#: Longitud máxima de los textos guardados (nombres de activación y coste).
MAX_NAME_CHARS = 64
#: Una parte comprimida que se expande más de estas veces (y ocupa más de 1 MB) se rechaza como
#: posible bomba zip. ``save`` no comprime; una matriz de números aleatorios apenas se comprime.
MAX_COMPRESSION_RATIO = 200

_META = ("sizes", "activation", "output_activation", "cost")
_ERRNO_TEXT = {errno.ENOSPC: "no queda espacio en el disco", errno.EACCES: "no tienes permiso",
               errno.EPERM: "no tienes permiso", errno.EROFS: "el disco es de solo lectura",
               errno.EDQUOT: "se ha superado la cuota de disco"}


def _as_path(path):
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"La ruta del fichero debe ser un texto o un Path; se recibió {type(path).__name__}.")
    return Path(path)


def _umask():
    """La máscara de permisos del proceso, sin cambiarla (``os.umask`` no es seguro con hilos)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _spanish_os_error(e, action, path):
    """Un ``OSError`` del sistema → el mismo tipo con un mensaje en español."""
    reason = _ERRNO_TEXT.get(e.errno) or (f"error del sistema {e.errno}" if e.errno else excerpt(str(e)))
    err = type(e)(e.errno, f"No se pudo {action} {str(path)!r}: {reason}.") if e.errno else \
        OSError(f"No se pudo {action} {str(path)!r}: {reason}.")
    return err


def save(network, path):
    """Guarda pesos, sesgos, activaciones y coste de ``network`` en ``path`` (.npz).

    ``network.weights[i]``: (n_(i+1), n_i) y ``network.biases[i]``: (n_(i+1), 1), float64 o
    float32. Antes de escribir nada se comprueba que la red se podrá volver a cargar. Después se
    escribe en un fichero temporal único de la misma carpeta (``tempfile.mkstemp``), se fuerza al
    disco y se renombra sobre ``path``: varios guardados a la vez, o un corte a mitad, dejan
    siempre un fichero completo (el anterior o uno de los nuevos). Devuelve ``path``.
    """
    path = _as_path(path)
    if path.suffix != ".npz":
        raise ValueError(f"El fichero debe terminar en .npz; se recibió {excerpt(path.name)}.")
    if path.is_dir():
        raise IsADirectoryError(
            f"{str(path)!r} es una carpeta, no un fichero: da un nombre de fichero, p. ej. "
            f"{str(path / 'red.npz')!r}."
        )
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"No existe la carpeta {str(folder)!r} donde guardar la red.")
    if not all(hasattr(network, a) for a in ("weights", "biases", "activation", "output_activation", "cost")):
        raise TypeError(f"'network' debe ser un Network de nn_core; se recibió {type(network).__name__}.")
    check_parameters(network.weights, network.biases)
    names = {"activation": name_of(network.activation),
             "output_activation": name_of(network.output_activation),
             "cost": name_of(network.cost)}
    for key, known in (("activation", ACTIVATIONS), ("output_activation", ACTIVATIONS), ("cost", COSTS)):
        if known.get(names[key]) is not getattr(network, key):
            raise ValueError(
                f"Solo se pueden guardar redes con activaciones y costes de nn_core ({', '.join(known)}); "
                f"'{key}' es {excerpt(names[key])}, que no se podría volver a cargar sin pickle."
            )
    arrays = {"sizes": np.array(network.sizes, dtype=np.int64)}
    arrays.update({key: np.array(name) for key, name in names.items()})
    for i, (w, b) in enumerate(zip(network.weights, network.biases)):
        arrays[f"w{i}"] = w
        arrays[f"b{i}"] = b
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise _spanish_os_error(e, "crear un fichero en la carpeta", folder) from None
    try:
        try:
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp crea el fichero solo para su dueño (0600)
        except OSError:
            pass
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)  # el temporal es nuestro (nombre único): no deja rastro
        except OSError:
            pass
        if isinstance(e, OSError):
            raise _spanish_os_error(e, "guardar la red en", path) from e
        raise
    _fsync_folder(folder)
    return path


def _fsync_folder(folder):
    """Fuerza al disco el renombrado (la entrada de la carpeta); no existe en Windows."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def load(path):
    """Carga una red guardada con ``save``; comprueba que las formas cuadran con ``sizes``.

    Devuelve un ``Network`` con ``weights[i]``: (n_(i+1), n_i) y ``biases[i]``: (n_(i+1), 1).
    Un fichero dañado, ajeno o que no sea una red da un ``ValueError`` que lo explica, sin
    reservar más memoria que la de la red que declara (como mucho ``MAX_PARAMETERS`` números).
    """
    path = _as_path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{str(path)!r} es una carpeta, no un fichero de red (.npz).")
    if not path.is_file():
        raise FileNotFoundError(f"No existe el fichero de red {str(path)!r}.")
    try:
        archive = zipfile.ZipFile(path)
    except PermissionError:
        raise PermissionError(errno.EACCES, f"No tienes permiso para leer {str(path)!r}.") from None
    except _DAMAGED as e:
        try:
            with open(path, "rb") as f:
                is_npy = f.read(6) == b"\x93NUMPY"
        except OSError:
            is_npy = False
        if is_npy:
            raise ValueError(f"{path.name} no es un fichero .npz de red válido: contiene un solo array "
                             "(¿un .npy renombrado?).") from None
        raise ValueError(f"{path.name} no es un fichero .npz de red válido (no es un fichero zip "
                         "completo).") from e
    with archive:
        try:
            return _network_from(archive, path)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as e:
            raise ValueError(f"{path.name} no es un fichero .npz de red válido: está dañado "
                             f"({type(e).__name__}).") from e


def _read_header(archive, key, path):
    """Abre la parte ``key`` y lee su cabecera .npy. Devuelve ``(stream, shape, fortran, dtype)``.

    Solo lee la cabecera (unos cientos de bytes): el contenido aún no se ha leído.
    """
    info = archive.getinfo(key + ".npy")
    stream = archive.open(info)
    try:
        version = npy_format.read_magic(stream)
        if version == (1, 0):
            shape, fortran, dtype = npy_format.read_array_header_1_0(stream)
        elif version == (2, 0):
            shape, fortran, dtype = npy_format.read_array_header_2_0(stream)
        else:
            raise ValueError(f"versión de .npy {version} desconocida")
    except (ValueError, EOFError, zipfile.BadZipFile, zlib.error) as e:
        stream.close()
        raise ValueError(f"{path.name} no es un fichero .npz de red válido: la cabecera de {key!r} "
                         f"está dañada ({excerpt(str(e))}).") from None
    if dtype.hasobject:
        stream.close()
        raise ValueError(
            f"{path.name}: el array {key!r} no se puede leer sin pickle (es un array de objetos); "
            "una red guardada con nn_core.save solo contiene números y textos."
        )
    return stream, shape, fortran, dtype


def _read_data(stream, shape, fortran, dtype, key, archive, path):
    """Lee el contenido de la parte ``key`` (cuya cabecera ya se leyó y se comprobó)."""
    info = archive.getinfo(key + ".npy")
    count = math.prod(shape)
    n_bytes = count * dtype.itemsize
    if info.file_size != stream.tell() + n_bytes:
        raise ValueError(f"{path.name} no es un fichero .npz de red válido: el tamaño de {key!r} no "
                         f"cuadra con su forma {shape}.")
    if info.compress_type != zipfile.ZIP_STORED and info.file_size > 1_000_000 and \
            info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
        raise ValueError(
            f"{path.name}: {key!r} ocupa {info.compress_size} bytes comprimido y se expandiría a "
            f"{info.file_size}: parece una bomba zip. nn_core.save no comprime los ficheros."
        )
    flat = np.empty(count, dtype=dtype)
    view = memoryview(flat).cast("B")
    done = 0
    while done < n_bytes:
        got = stream.readinto(view[done:])
        if not got:
            raise ValueError(f"{path.name} no es un fichero .npz de red válido: {key!r} está cortado.")
        done += got
    stream.read(1)  # llega al final: zipfile comprueba ahí el CRC
    arr = flat.reshape(shape, order="F" if fortran else "C")
    if not arr.dtype.isnative:
        arr = arr.astype(arr.dtype.newbyteorder("="))
    return arr


def _read_small(archive, key, path, check):
    """Lee una parte pequeña (``sizes`` o un nombre) tras comprobar su cabecera con ``check``."""
    stream, shape, fortran, dtype = _read_header(archive, key, path)
    with stream:
        check(shape, dtype)
        return _read_data(stream, shape, fortran, dtype, key, archive, path)


def _network_from(archive, path):
    """Construye la red a partir del zip abierto ``archive`` (leído de ``path``)."""
    infos = archive.infolist()
    if len(infos) > 2 * MAX_LAYERS + len(_META):
        raise ValueError(f"{path.name} no es una red guardada con nn_core.save: tiene {len(infos)} partes.")
    members = [info.filename for info in infos]
    keys = {name[:-4] for name in members if name.endswith(".npy")}
    missing = [k for k in _META if k not in keys]
    if missing:
        raise ValueError(f"{path.name} no es una red guardada con nn_core.save: le falta {', '.join(missing)}.")

    def check_sizes_header(shape, dtype):
        if len(shape) != 1 or not 2 <= shape[0] <= MAX_LAYERS + 1 or dtype.kind not in "iu":
            raise ValueError(f"{path.name}: 'sizes' debería ser una lista de 2 a {MAX_LAYERS + 1} enteros; "
                             f"es un array de forma {excerpt(shape)} y dtype {dtype}.")

    sizes = _read_small(archive, "sizes", path, check_sizes_header)
    if sizes.min() < 1:
        raise ValueError(f"{path.name}: 'sizes' debería ser una lista de enteros positivos; es {excerpt(sizes.tolist())}.")
    sizes = [int(s) for s in sizes]
    check_budget(n_parameters(sizes), f"{path.name}: la red {excerpt(sizes)}")

    names = {}
    for key in _META[1:]:
        def check_name(shape, dtype, key=key):
            if shape != () or dtype.kind != "U" or dtype.itemsize > 4 * MAX_NAME_CHARS:
                raise ValueError(f"{path.name}: {key!r} debería ser un texto corto; es un array de forma "
                                 f"{excerpt(shape)} y dtype {excerpt(str(dtype))}.")
        names[key] = str(_read_small(archive, key, path, check_name))

    L = len(sizes) - 1
    expected = set(_META) | {f"w{i}" for i in range(L)} | {f"b{i}" for i in range(L)}
    extra = sorted(set(members) - {k + ".npy" for k in expected})
    if extra or len(set(members)) != len(members):
        shown = excerpt(", ".join(extra) if extra else "nombres repetidos")
        raise ValueError(f"{path.name} no es una red guardada con nn_core.save: contiene partes que no son "
                         f"de una red de {L} capas ({shown}).")

    weights, biases = [], []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        if f"w{i}" not in keys or f"b{i}" not in keys:
            raise ValueError(f"{path.name}: faltan los pesos o sesgos de la capa {i + 1}.")
        w_stream, w_shape, w_fortran, w_dtype = _read_header(archive, f"w{i}", path)
        with w_stream:
            b_stream, b_shape, b_fortran, b_dtype = _read_header(archive, f"b{i}", path)
            with b_stream:
                if w_shape != (n_out, n_in) or b_shape != (n_out, 1):
                    raise ValueError(
                        f"{path.name}: la capa {i + 1} debería tener pesos {(n_out, n_in)} y sesgos "
                        f"{(n_out, 1)}, pero tiene {excerpt(w_shape)} y {excerpt(b_shape)}."
                    )
                for name, dtype in ((f"w{i}", w_dtype), (f"b{i}", b_dtype)):
                    if dtype.newbyteorder("=") not in (np.float64, np.float32):
                        raise ValueError(
                            f"{path.name}: {name!r} debería ser float64 o float32; es {excerpt(str(dtype))}."
                        )
                weights.append(_read_data(w_stream, w_shape, w_fortran, w_dtype, f"w{i}", archive, path))
                biases.append(_read_data(b_stream, b_shape, b_fortran, b_dtype, f"b{i}", archive, path))
    try:
        return Network.from_parameters(weights, biases, names["activation"], names["cost"],
                                       names["output_activation"])
    except (TypeError, ValueError) as e:
        raise ValueError(f"{path.name}: {e}") from None
