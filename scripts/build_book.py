"""Construye el libro en HTML (``_build/html/``) a partir de las salidas guardadas de los cuadernos.

Uso (``make book`` lo llama así)::

    python scripts/build_book.py            # trae lo que falte a book/_vendor/ y construye
    python scripts/build_book.py --vendor   # solo trae las dependencias del navegador

No ejecuta ningún cuaderno: Jupyter Book lee las salidas que ya están guardadas. La construcción
trata los avisos como errores (``-W -n --keep-going``), así que un enlace roto o una figura que
falta la hacen fallar.

El sitio no pide nada a internet. Lo que el navegador necesita se sirve desde el propio sitio:

- MathJax 3, require.js y el gestor de widgets de Jupyter (``@jupyter-widgets/html-manager``), que
  se traen del registro de npm con ``npm pack`` en las versiones fijadas abajo;
- el paquete AMD de ipycanvas (el lienzo del capítulo 09), que viene dentro del propio paquete
  ``ipycanvas`` de PyPI que tiene instalado el entorno (la misma versión que guardó los widgets).

Todo eso va a ``book/_vendor/`` (que no se guarda en git) y de ahí a ``_build/html/_static/``.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
VENDOR = BOOK / "_vendor" / "nn-vendor"
OUTPUT = ROOT / "_build"

#: Paquetes de npm, en versiones fijas: (nombre@versión, carpeta dentro del paquete, destino en VENDOR,
#: qué no hace falta copiar). De MathJax basta el componente tex-chtml.js y lo que carga él; del gestor
#: de widgets, embed-amd.js y sus fuentes.
NPM_PACKAGES = [
    ("mathjax@3.2.2", "es5", "mathjax", ("[!t]*.js", "tex-[!c]*.js", "tex-chtml-*.js", "svg*", "*.map")),
    ("requirejs@2.3.8", "require.js", "require.js", ()),
    ("@jupyter-widgets/html-manager@1.0.15", "dist", "html-manager", ("*.map", "embed.js*", "libembed*")),
]

#: Tras require.js: dice a require.js dónde está el paquete AMD de ipycanvas (junto a este fichero),
#: para que el gestor de widgets no lo busque en una CDN.
WIDGETS_CONFIG_JS = """\
/* Generado por scripts/build_book.py: los paquetes de widgets se sirven desde el propio sitio. */
(function () {
  var here = document.currentScript.src;
  var base = here.substring(0, here.lastIndexOf('/') + 1);
  require.config({ paths: {
    'ipycanvas': base + 'widgets/ipycanvas/index',
    'nn-widgets-local': base + 'widgets',
    // Las fuentes de los widgets se piden junto al módulo que las usa: que sea aquí, no junto a la página.
    '@jupyter-widgets/html-manager/dist': base + 'html-manager',
    '@jupyter-widgets': base + 'html-manager'
  } });
})();
"""


def _npm_pack(spec, workdir):
    """Descarga el paquete ``spec`` de npm (sin instalarlo) y devuelve la ruta del .tgz."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("build_book: hace falta npm (Node.js) para traer MathJax, require.js y el gestor de widgets.")
    out = subprocess.run([npm, "pack", spec, "--silent"], cwd=workdir, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"build_book: npm pack {spec} falló:\n{out.stderr.strip()}")
    name = out.stdout.strip().splitlines()[-1]
    return Path(workdir) / name


def _extract(tgz, inner, dest, skip=()):
    """Copia ``package/<inner>`` (un fichero o una carpeta, sin los nombres que encajan en ``skip``)
    del .tgz ``tgz`` a ``dest``."""
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(tgz) as tar:
        tar.extractall(tmp, filter="data")
        src = Path(tmp) / "package" / inner
        if not src.exists():
            sys.exit(f"build_book: {tgz.name} no trae {inner}")
        if dest.exists():
            shutil.rmtree(dest) if dest.is_dir() else dest.unlink()
        if src.is_dir():
            shutil.copytree(src, dest, ignore=shutil.ignore_patterns(*skip))
        else:
            shutil.copy2(src, dest)


def vendor(force=False):
    """Deja en ``book/_vendor/nn-vendor/`` todo lo que el navegador necesita (solo lo que falte)."""
    VENDOR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        for spec, inner, target, skip in NPM_PACKAGES:
            dest = VENDOR / target
            stamp = VENDOR / f".{target}.version"
            if dest.exists() and not force and stamp.exists() and stamp.read_text() == spec:
                continue
            print(f"build_book: trayendo {spec} de npm…", flush=True)
            _extract(_npm_pack(spec, workdir), inner, dest, skip)
            stamp.write_text(spec)
    import ipycanvas

    bundle = Path(ipycanvas.__file__).parent / "nbextension" / "static" / "index.js"
    if not bundle.exists():
        sys.exit(f"build_book: el paquete ipycanvas {ipycanvas.__version__} no trae {bundle}")
    (VENDOR / "widgets" / "ipycanvas").mkdir(parents=True, exist_ok=True)
    shutil.copy2(bundle, VENDOR / "widgets" / "ipycanvas" / "index.js")
    (VENDOR / "nn-widgets-config.js").write_text(WIDGETS_CONFIG_JS, encoding="utf-8")


def build():
    """Construye ``_build/html`` con Jupyter Book 1; los avisos son errores."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jupyter_book), "build", str(ROOT), "--path-output", str(ROOT),
           "--config", str(BOOK / "_config.yml"), "--toc", str(BOOK / "_toc.yml"),
           "--builder", "html", "--all", "-W", "-n", "--keep-going"]
    start = time.perf_counter()
    shutil.rmtree(OUTPUT, ignore_errors=True)  # sin restos de construcciones anteriores
    result = subprocess.run(cmd, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"build_book: la construcción falló (código {result.returncode}).")
    html = OUTPUT / "html"
    size = sum(f.stat().st_size for f in html.rglob("*") if f.is_file())
    print(f"build_book: libro en {html.relative_to(ROOT)}/ en {time.perf_counter() - start:.1f} s; "
          f"{size / 1e6:.1f} MB. Ábrelo con: python -m http.server -d {html.relative_to(ROOT)} 8000")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendor", action="store_true", help="solo traer las dependencias del navegador")
    parser.add_argument("--force", action="store_true", help="volver a traerlas aunque ya estén")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    vendor(force=args.force)
    if not args.vendor:
        build()


if __name__ == "__main__":
    main()
