"""Comprobaciones de forma de los cuadernos de notebooks/ (nbval comprueba aparte sus salidas).

Cada comprobación es una función que devuelve la lista de problemas encontrados en un cuaderno
(vacía si está bien). Las pruebas `test_detecta_*` del final demuestran con cuadernos sintéticos
que cada comprobación sabe fallar.
"""

import json
import re
from functools import lru_cache
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
NB_DIR = REPO / "notebooks"
NOTEBOOKS = sorted(NB_DIR.glob("*.ipynb"))

#: Los capítulos del libro, en orden (nombres fijados en el brief del proyecto).
CHAPTERS = [
    "00_como_funciona_una_red.ipynb",
    "01_la_entrada.ipynb",
    "02_propagacion_hacia_adelante.ipynb",
    "03_el_error_de_salida.ipynb",
    "04_retropropagar_el_error.ipynb",
    "05_los_gradientes.ipynb",
    "06_entrenamiento.ipynb",
    "07_evaluacion_e_inferencia.ipynb",
    "08_mejorando_la_red.ipynb",
    "09_dibuja_tu_digito.ipynb",
]
OTHER_NOTEBOOKS = ["glosario.ipynb", "fe_de_erratas.ipynb"]

MACHINE_PATHS = ("/work/", "/root/", "/tmp/")

# Enlaces: ![texto](ruta "título"), <img src="ruta">, [texto](otro.ipynb#ancla), href="otro.ipynb".
MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
NB_LINK = re.compile(r"\]\(\s*<?([^)\s>#]+\.ipynb)(?:#[^)\s>]*)?>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
HTML_NB_LINK = re.compile(r"\bhref\s*=\s*[\"']([^\"'#]+\.ipynb)(?:#[^\"']*)?[\"']", re.IGNORECASE)
SYS_PATH = re.compile(r"\bsys\s*\.\s*path\b|\bsite\s*\.\s*addsitedir\b|\bPYTHONPATH\b")
ESCAPED_UNICODE = re.compile(r"\\u[0-9a-fA-F]{4}")
# Mac Roman (los "√©" de un UTF-8 leído en un Mac): solo se señalan si dan una letra española.
SPANISH_CHARS = set("áéíóúüñÁÉÍÓÚÜÑ¿¡«»")


def source(cell):
    """Texto de una celda (``cell.source`` puede ser cadena o lista de líneas)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _as_text(value):
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def output_texts(nb):
    """Los textos de las salidas guardadas, sin los datos binarios (image/png va en base64)."""
    texts = []
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            if "text" in out:
                texts.append(_as_text(out["text"]))
            for mime, value in out.get("data", {}).items():
                if mime.startswith("image/") and mime != "image/svg+xml":
                    continue
                texts.append(_as_text(value))
            if out.get("output_type") == "error":
                texts.append(_as_text(out.get("ename", "")) + ": " + _as_text(out.get("evalue", "")))
                texts.append(_as_text(out.get("traceback", [])))
    return texts


def find_mojibake(text):
    """Trozos de ``text`` que son UTF-8 leído como Latin-1/cp1252 ("Ã©", "Â¿", "â€™") o Mac Roman ("√©")."""
    hits = []
    if "\ufffd" in text:
        hits.append("\ufffd")
    for i, ch in enumerate(text):
        if ch in "ÃÂâ":
            candidates = [(text[i:i + 2], ("latin-1", "cp1252")), (text[i:i + 3], ("cp1252",))]
        elif ch in "√¬":
            candidates = [(text[i:i + 2], ("mac_roman",))]
        else:
            continue
        for chunk, encodings in candidates:
            for enc in encodings:
                try:
                    decoded = chunk.encode(enc).decode("utf-8")
                except (UnicodeEncodeError, UnicodeDecodeError):
                    continue
                if len(decoded) != 1 or ord(decoded) < 128:
                    continue
                if enc == "mac_roman" and decoded not in SPANISH_CHARS:
                    continue
                hits.append(chunk)
    return hits


# ----------------------------------------------------------------- comprobaciones (devuelven problemas)

def problems_kernelspec(nb):
    spec = nb.get("metadata", {}).get("kernelspec")
    if not spec:
        return ["no guarda kernelspec (JupyterLab pediría elegir un núcleo)"]
    if spec.get("name") != "python3":
        return [f"kernelspec.name es {spec.get('name')!r}, se esperaba 'python3'"]
    return []


def problems_execution_counts(nb):
    problems = []
    counts = []
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        count = cell.get("execution_count")
        if not source(cell).strip():
            if count is not None:
                problems.append(f"celda {i}: celda vacía con execution_count {count}")
            continue
        counts.append(count)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "execute_result" and out.get("execution_count") != count:
                problems.append(f"celda {i}: execute_result con execution_count {out.get('execution_count')} "
                                f"y la celda tiene {count}")
    expected = list(range(1, len(counts) + 1))
    if counts != expected:
        problems.append(f"execution_count de las celdas de código: {counts}; se esperaba {expected} "
                        "(ejecútese entero de arriba abajo en un núcleo nuevo)")
    return problems


def problems_error_outputs(nb):
    problems = []
    for i, cell in enumerate(nb.get("cells", [])):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"celda {i}: salida de error guardada ({out.get('ename')}: {out.get('evalue')})")
    return problems


def problems_machine_paths(nb):
    problems = []
    for text in output_texts(nb):
        for path in MACHINE_PATHS:
            if path in text:
                start = text.index(path)
                problems.append(f"ruta de la máquina en una salida: {text[max(0, start - 30):start + 50]!r}")
    return problems


def problems_mojibake(nb):
    problems = []
    for i, cell in enumerate(nb.get("cells", [])):
        src = source(cell)
        for hit in find_mojibake(src):
            problems.append(f"celda {i}: mojibake {hit!r}")
        if cell.get("cell_type") == "markdown":
            for esc in ESCAPED_UNICODE.findall(src):
                problems.append(f"celda {i}: secuencia escapada {esc!r} en el texto (escríbase el carácter)")
    for text in output_texts(nb):
        for hit in find_mojibake(text):
            problems.append(f"salida: mojibake {hit!r}")
    return problems


ENGLISH_BOOLEAN = re.compile(r"\b(True|False)\b")


def problems_english_booleans(nb):
    """Un True/False en una salida es inglés a la vista del lector: se muestra con yes_no (sí/no)."""
    return [f"salida: {hit!r} (usa nn_core.exercises.yes_no para mostrar «sí»/«no»)"
            for text in output_texts(nb) for hit in ENGLISH_BOOLEAN.findall(text)]


def _is_local(link):
    return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", link) and not link.startswith("//")


def problems_image_links(nb, nb_dir):
    problems = []
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "markdown":
            continue
        src = source(cell)
        for link in MD_IMAGE.findall(src) + HTML_IMAGE.findall(src):
            if link.startswith("attachment:"):
                if link.split(":", 1)[1] not in cell.get("attachments", {}):
                    problems.append(f"celda {i}: el adjunto {link!r} no está en la celda")
                continue
            if not _is_local(link):
                continue
            if not (Path(nb_dir) / link).is_file():
                problems.append(f"celda {i}: la imagen {link!r} no existe (relativa a notebooks/)")
    return problems


def notebook_links(nb):
    links = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            src = source(cell)
            links += [link for link in NB_LINK.findall(src) + HTML_NB_LINK.findall(src) if _is_local(link)]
    return links


def problems_notebook_links(nb, nb_dir):
    return [f"enlace a un cuaderno que no existe: {link!r}"
            for link in sorted(set(notebook_links(nb))) if not (Path(nb_dir) / link).is_file()]


def problems_sys_path(nb):
    return [f"celda {i}: manipula sys.path/PYTHONPATH; los cuadernos importan el paquete instalado (import nn_core)"
            for i, cell in enumerate(nb.get("cells", []))
            if cell.get("cell_type") == "code" and SYS_PATH.search(source(cell))]


def problems_chapter_links(name, nb):
    """Un capítulo NN enlaza al anterior (si NN > 00) y al siguiente (si NN < 09)."""
    if name not in CHAPTERS:
        return []
    index = CHAPTERS.index(name)
    links = {Path(link).name for link in notebook_links(nb)}
    problems = []
    if index > 0 and CHAPTERS[index - 1] not in links:
        problems.append(f"no enlaza al capítulo anterior {CHAPTERS[index - 1]}")
    if index < len(CHAPTERS) - 1 and CHAPTERS[index + 1] not in links:
        problems.append(f"no enlaza al capítulo siguiente {CHAPTERS[index + 1]}")
    return problems


# ----------------------------------------------------------------- pruebas sobre los cuadernos reales

if NOTEBOOKS:
    NB_PARAMS = [pytest.param(p, id=p.name) for p in NOTEBOOKS]
else:
    NB_PARAMS = [pytest.param(None, id="sin-cuadernos",
                              marks=pytest.mark.skip(reason="notebooks/ no tiene cuadernos todavía"))]


@lru_cache(maxsize=None)
def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def check(problems):
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", NB_PARAMS)
def test_es_json_y_nbformat_valido(path):
    nb = json.loads(path.read_text(encoding="utf-8"))  # falla aquí si no es JSON
    nbformat.validate(nbformat.from_dict(nb))


@pytest.mark.parametrize("path", NB_PARAMS)
def test_nombre_conocido(path):
    assert path.name.isascii(), f"{path.name}: el nombre del fichero debe ser ASCII"
    if re.match(r"^\d\d_", path.name):
        assert path.name in CHAPTERS, f"{path.name}: el capítulo {path.name[:2]} debe llamarse " \
            f"{CHAPTERS[int(path.name[:2])] if int(path.name[:2]) < len(CHAPTERS) else '(no existe)'}"
    else:
        assert path.name in OTHER_NOTEBOOKS, f"{path.name}: cuaderno desconocido (esperados {OTHER_NOTEBOOKS})"


@pytest.mark.parametrize("path", NB_PARAMS)
def test_kernelspec(path):
    check(problems_kernelspec(load(path)))


@pytest.mark.parametrize("path", NB_PARAMS)
def test_execution_counts_en_orden(path):
    check(problems_execution_counts(load(path)))


@pytest.mark.parametrize("path", NB_PARAMS)
def test_sin_salidas_de_error(path):
    check(problems_error_outputs(load(path)))


@pytest.mark.parametrize("path", NB_PARAMS)
def test_sin_rutas_de_la_maquina(path):
    check(problems_machine_paths(load(path)))


@pytest.mark.parametrize("path", NB_PARAMS)
def test_sin_mojibake(path):
    check(problems_mojibake(load(path)))


@pytest.mark.parametrize("path", NB_PARAMS)
def test_sin_true_false_en_las_salidas(path):
    check(problems_english_booleans(load(path)))


@pytest.mark.parametrize("path", NB_PARAMS)
def test_imagenes_enlazadas_existen(path):
    check(problems_image_links(load(path), NB_DIR))


@pytest.mark.parametrize("path", NB_PARAMS)
def test_enlaces_a_cuadernos_existen(path):
    check(problems_notebook_links(load(path), NB_DIR))


@pytest.mark.parametrize("path", NB_PARAMS)
def test_sin_sys_path(path):
    check(problems_sys_path(load(path)))


@pytest.mark.parametrize("path", NB_PARAMS)
def test_capitulo_enlaza_anterior_y_siguiente(path):
    check(problems_chapter_links(path.name, load(path)))


# ----------------------------------------------------------------- las comprobaciones saben fallar

def _nb(cells, kernelspec=True):
    nb = nbformat.v4.new_notebook(cells=cells)
    if kernelspec:
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                     "language": "python"}
    return json.loads(nbformat.writes(nb))


def _code(src, count, outputs=()):
    cell = nbformat.v4.new_code_cell(src, execution_count=count)
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    return cell


def _md(src):
    return nbformat.v4.new_markdown_cell(src)


def _stream(text):
    return {"output_type": "stream", "name": "stdout", "text": text}


def test_detecta_kernelspec():
    assert problems_kernelspec(_nb([], kernelspec=False))
    nb = _nb([])
    nb["metadata"]["kernelspec"]["name"] = "mi-venv"
    assert problems_kernelspec(nb)
    assert not problems_kernelspec(_nb([]))


def test_detecta_execution_counts():
    assert not problems_execution_counts(_nb([_code("1", 1), _code("", None), _code("2", 2)]))
    assert problems_execution_counts(_nb([_code("1", 2), _code("2", 3)]))
    assert problems_execution_counts(_nb([_code("1", 1), _code("2", None)]))
    assert problems_execution_counts(_nb([_code("1", 2), _code("2", 1)]))


def test_detecta_salidas_de_error():
    error = {"output_type": "error", "ename": "ValueError", "evalue": "mal", "traceback": []}
    assert problems_error_outputs(_nb([_code("raise ValueError('mal')", 1, [error])]))
    assert not problems_error_outputs(_nb([_code("print(1)", 1, [_stream("1\n")])]))


def test_detecta_rutas_de_la_maquina():
    assert problems_machine_paths(_nb([_code("print(p)", 1, [_stream("/work/main/x.npz\n")])]))
    html = {"output_type": "display_data", "metadata": {}, "data": {"text/html": "<p>/root/datos</p>"}}
    assert problems_machine_paths(_nb([_code("x", 1, [html])]))
    # Los datos en base64 de un PNG pueden contener "/tmp/" por azar: no cuentan.
    png = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBO/tmp/xyz"}}
    assert not problems_machine_paths(_nb([_code("x", 1, [png])]))


def test_detecta_mojibake():
    assert find_mojibake("la precisiÃ³n")
    assert find_mojibake("Â¿Por quÃ© no?")
    assert find_mojibake("Â¡Correcto!")
    assert find_mojibake("la retropropagaci√≥n")
    assert find_mojibake("el a√±o")
    assert find_mojibake("itâ€™s")
    assert find_mojibake("roto \ufffd")
    for good in ["¿Por qué? ¡Correcto! La retropropagación, el sesgo, la época, el año.",
                 "«él» y «ámbito»", "√n y 1/√n_entrada", "√π ≈ 1,77", "η = 3,0; δ^L ⊙ σ'(z)"]:
        assert not find_mojibake(good), good
    assert problems_mojibake(_nb([_md("la precisiÃ³n")]))
    assert problems_mojibake(_nb([_md("la precisi\\u00f3n")]))
    assert problems_mojibake(_nb([_code("print(x)", 1, [_stream("Ã©poca\n")])]))
    assert not problems_mojibake(_nb([_md("la precisión, $\\underbrace{a}_{b}$")]))


def test_detecta_true_false_en_las_salidas():
    assert problems_english_booleans(_nb([_code("print(ok)", 1, [_stream("¿coinciden? True\n")])]))
    assert not problems_english_booleans(_nb([_code("print(yes_no(ok))", 1, [_stream("¿coinciden? sí\n")])]))
    assert not problems_english_booleans(_nb([_code("x.sum(keepdims=True)", 1)]))   # en el código, sí


def test_detecta_imagenes_que_no_existen(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "red.png").write_bytes(b"png")
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    good = _nb([_md('![una red](../images/red.png "título")\n<img src="../images/red.png" width=300>')])
    assert not problems_image_links(good, nb_dir)
    assert problems_image_links(_nb([_md("![falta](../images/falta.png)")]), nb_dir)
    assert problems_image_links(_nb([_md("<img alt='x' src='../images/falta.png'>")]), nb_dir)
    assert problems_image_links(_nb([_md("![mal](images/red.png)")]), nb_dir)  # relativa a notebooks/


def test_detecta_enlaces_a_cuadernos_que_no_existen(tmp_path):
    (tmp_path / "01_la_entrada.ipynb").write_text("{}")
    assert not problems_notebook_links(_nb([_md("[→ 01 La entrada](01_la_entrada.ipynb#objetivos)")]), tmp_path)
    assert problems_notebook_links(_nb([_md("[→ 02](02_propagacion_hacia_adelante.ipynb)")]), tmp_path)
    assert problems_notebook_links(_nb([_md('<a href="glosario.ipynb">glosario</a>')]), tmp_path)


def test_detecta_sys_path():
    assert problems_sys_path(_nb([_code("import sys\nsys.path.append('..')", 1)]))
    assert problems_sys_path(_nb([_code("import sys; sys.path.insert(0, '../')", 1)]))
    assert not problems_sys_path(_nb([_code("import nn_core", 1), _md("no toque `sys.path`")]))


def test_detecta_capitulo_sin_enlaces():
    name = CHAPTERS[3]
    both = _nb([_md(f"[← anterior]({CHAPTERS[2]}) | [siguiente →]({CHAPTERS[4]})")])
    assert not problems_chapter_links(name, both)
    assert problems_chapter_links(name, _nb([_md(f"[← anterior]({CHAPTERS[2]})")]))
    assert problems_chapter_links(name, _nb([_md("sin enlaces")]))
    assert not problems_chapter_links(CHAPTERS[0], _nb([_md(f"[siguiente →]({CHAPTERS[1]})")]))
    assert not problems_chapter_links(CHAPTERS[-1], _nb([_md(f"[← anterior]({CHAPTERS[-2]})")]))
