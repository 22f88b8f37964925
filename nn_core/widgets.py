"""El laboratorio interactivo: paneles con ipywidgets para entrenar, evaluar y jugar con una neurona.

Cada panel vive en su módulo de ``nn_core.panels``; este módulo los reexporta todos (también
``drawing_panel`` y ``explorer_panel``), así que ``from nn_core.widgets import …`` sigue valiendo.

En un cuaderno cada panel es una celda que funciona sola, en un núcleo recién abierto (carga
MNIST una sola vez y, si hace falta una red entrenada, entrena la de
``nn_core.drawing.default_network()``)::

    # NBVAL_IGNORE_OUTPUT
    from nn_core.widgets import training_panel
    training_panel()           # η, capas ocultas, épocas, … y los botones «Entrenar» y «Detener»

- ``training_panel(data=None, **defaults)`` → ``TrainingPanel``: entrena una red con SGD y dibuja
  las curvas de coste y exactitud mientras entrena.
- ``results_panel(network=None, dataset=None)`` → ``ResultsPanel``: los dígitos mal
  clasificados, la matriz de confusión y las 10 activaciones de salida del dígito elegido.
- ``neuron_panel(**defaults)`` → ``NeuronPanel``: una neurona con dos entradas, sus pesos w1, w2,
  su sesgo b y las puertas AND, OR y XOR.
- ``comparison_panel(config_a, config_b, data=None, **common)`` → ``ComparisonPanel``: dos
  configuraciones entrenadas y dibujadas juntas.
- ``drawing_panel(network=None, data=None)`` → ``DrawingPanel``: «Dibuja tu dígito».
- ``explorer_panel(...)`` → ``ExplorerPanel``: la propagación hacia delante y hacia atrás.

Lo que el lector ve: números a la española (``nn_core.formatting``), «exactitud» y «minilote»;
ejes de exactitud fijos de 0 a 100 % con la línea del azar (10 %) y un aviso en naranja si una
red acaba cerca del azar; imágenes dibujadas a 2× (nítidas en pantallas HiDPI) y, mientras no
hay figura, un marcador gris (nunca una imagen rota). Los valores que se usan son los que
muestran los controles: uno fuera de rango da un mensaje, no se recorta a escondidas.

Hilos: dentro de un núcleo de Jupyter, «Entrenar» lanza el entrenamiento en un hilo aparte
para que el núcleo siga atendiendo los clics (así «Detener» funciona). El hilo solo cambia el
valor de widgets (la barra de progreso, el texto de estado y una ``ipywidgets.Image`` con el PNG
de las curvas, dibujado con una ``Figure`` de matplotlib sin pyplot). Fuera de un núcleo (en
pytest) o con ``train(blocking=True)`` entrena en el hilo que llama y vuelve al terminar.
Interrumpir el núcleo no para ese hilo: para eso está «Detener». Un segundo clic en «Entrenar»
mientras entrena se ignora (un ``threading.Lock`` guarda la ejecución); interrumpir
``train(blocking=True)`` deja el estado «Interrumpido…» y las épocas completas en ``history``.

En los cuadernos:

- Las celdas que muestran un panel empiezan con ``# NBVAL_IGNORE_OUTPUT`` (nbval no compara
  widgets). Donde no hay widgets (GitHub, nbval, antes de ejecutar la celda) el panel se ve
  como una línea de texto: «Panel de … Ejecuta esta celda (Mayús + Intro) para abrir el panel.»
- Para que un cuaderno ejecutado de arriba abajo deje un panel ya entrenado, usa
  ``panel.train(blocking=True)`` en la celda siguiente (sin ``blocking=True`` entrenaría en
  segundo plano mientras se ejecutan las celdas de después).
- ``panel.network`` y ``panel.history`` sirven luego para ``results_panel(panel.network)`` y
  ``nn_core.plots.plot_history(panel.history)``.
"""

from .panels import *  # noqa: F401,F403
from .panels import __all__  # noqa: F401
from .panels.common import _in_kernel, _int_in, _Panel, _png, _status_html  # noqa: F401
from .panels.config import LABELS as _LABELS  # noqa: F401
from .panels.runner import _curves_figure, _TrainingRunner  # noqa: F401


def __getattr__(name):
    """``explorer_panel`` y ``ExplorerPanel``, desde ``nn_core.panels.explorer`` (al pedirlos)."""
    if name in ("ExplorerPanel", "explorer_panel"):
        from . import panels

        return getattr(panels, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
