"""El laboratorio interactivo: paneles con ipywidgets para entrenar, evaluar y jugar con una neurona.

Cada panel vive en su módulo de ``nn_core.panels``; este módulo los reexporta todos (también
``drawing_panel`` y ``explorer_panel``), así que ``from nn_core.widgets import …`` sigue valiendo.

En un cuaderno cada panel es una línea::

    from nn_core.widgets import training_panel
    panel = training_panel()   # η, capas ocultas, épocas, … y los botones «Entrenar» y «Detener»
    panel                      # lo muestra

- ``training_panel(data=None, **defaults)`` → ``TrainingPanel``: entrena una red con SGD y dibuja
  las curvas de coste y exactitud mientras entrena.
- ``results_panel(network, dataset)`` → ``ResultsPanel``: los dígitos mal clasificados, la
  matriz de confusión y las 10 activaciones de salida del dígito elegido.
- ``neuron_panel(**defaults)`` → ``NeuronPanel``: una neurona con dos entradas, sus pesos w1, w2,
  su sesgo b y las puertas AND, OR y XOR.
- ``comparison_panel(config_a, config_b, data=None, **common)`` → ``ComparisonPanel``: dos
  configuraciones entrenadas y dibujadas juntas.

Hilos: dentro de un núcleo de Jupyter, «Entrenar» lanza el entrenamiento en un hilo aparte
para que el núcleo siga atendiendo los clics (así «Detener» funciona). El hilo solo cambia el
valor de widgets (la barra de progreso, el texto de estado y una ``ipywidgets.Image`` con el PNG
de las curvas, dibujado con una ``Figure`` de matplotlib sin pyplot). Fuera de un núcleo (en
pytest) o con ``train(blocking=True)`` entrena en el hilo que llama y vuelve al terminar.
Interrumpir el núcleo no para ese hilo: para eso está «Detener».

En los cuadernos:

- Las celdas que muestran un panel empiezan con ``# NBVAL_IGNORE_OUTPUT`` (nbval no compara
  widgets). Donde no hay widgets (GitHub, nbval) el panel se ve como una línea de texto.
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
