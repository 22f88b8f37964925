"""Búsqueda en español que no distingue tildes: «retropropagacion» encuentra «retropropagación».

Sphinx pasa cada palabra del texto por un lematizador (stemmer) al construir el índice, y pasa por
su versión en JavaScript lo que escribe el lector. Si las dos versiones no dan lo mismo, la
búsqueda falla; y el Snowball del español que trae Sphinx en JavaScript no es el mismo que el de
Python que haya instalado (el 3.x da ``retropropag`` para «retropropagacion» y el de JavaScript,
``retropropagacion``). Por eso aquí el lematizador es uno propio, escrito dos veces de forma
idéntica (Python y JavaScript), y sencillo a propósito:

1. minúsculas y sin tildes ni diéresis (á → a, ü → u; la ñ se queda);
2. se quita el sufijo más largo de una lista corta (plurales y terminaciones frecuentes), siempre
   que queden al menos cuatro letras.
"""

import re
import unicodedata

from sphinx.search.es import SearchSpanish

_MARKS = re.compile("[\u0301\u0308]")  # tilde aguda y diéresis (la virgulilla de la ñ se conserva)

#: De más larga a más corta: se quita la primera que encaje.
SUFFIXES = sorted([
    "aciones", "uciones", "acion", "ucion", "amientos", "imientos", "amiento", "imiento", "mente",
    "idades", "idad", "ivas", "ivos", "iva", "ivo", "ables", "ibles", "able", "ible", "istas", "ista",
    "ancias", "encias", "ancia", "encia", "adoras", "adores", "adora", "ador", "antes", "ante",
    "iones", "ion", "ales", "al", "es", "os", "as", "s", "a", "o", "e",
], key=len, reverse=True)
MIN_STEM = 4


def fold(word):
    """``word`` en minúsculas y sin tildes ni diéresis: «Función» → «funcion»; la ñ no cambia."""
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", word.lower())))


def stem(word):
    """La raíz con la que se indexa y se busca una palabra: «funciones», «Función» → «func»."""
    word = fold(word)
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


_JS = """
/* Generado por book/_ext/accent_folding_search.py: el mismo lematizador que en Python. */
var Stemmer = function() {
  var suffixes = %(suffixes)s;
  this.stemWord = function(w) {
    w = w.toLowerCase().normalize('NFD').replace(/[\\u0301\\u0308]/g, '').normalize('NFC');
    for (var i = 0; i < suffixes.length; i++) {
      var s = suffixes[i];
      if (w.length - s.length >= %(min)d && w.slice(-s.length) === s) {
        return w.slice(0, w.length - s.length);
      }
    }
    return w;
  };
};
"""


class AccentFoldingSpanish(SearchSpanish):
    """El buscador español de Sphinx (sus palabras vacías), con el lematizador de este módulo."""

    js_stemmer_rawcode = ""
    js_stemmer_code = _JS % {"suffixes": "[" + ", ".join(f"'{s}'" for s in SUFFIXES) + "]", "min": MIN_STEM}

    def init(self, options):
        pass

    def stem(self, word):
        return stem(word)


def setup(app):
    app.add_search_language(AccentFoldingSpanish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
