"""Los paneles interactivos del libro (ipywidgets), uno por módulo.

- ``neuron.py``: ``neuron_panel`` / ``NeuronPanel``, una neurona con dos entradas (capítulos 00 y 02);
- ``training.py``: ``training_panel`` / ``TrainingPanel``, entrenar una red en MNIST (06 y 08);
- ``comparison.py``: ``comparison_panel`` / ``ComparisonPanel``, dos configuraciones juntas (06);
- ``results.py``: ``results_panel`` / ``ResultsPanel``, aciertos y errores de una red (07);
- ``drawing.py``: ``drawing_panel`` / ``DrawingPanel``, «Dibuja tu dígito» (09);
- ``explorer.py``: ``explorer_panel`` / ``ExplorerPanel``, la propagación hacia delante y hacia atrás.

Las piezas compartidas: ``config.py`` (valores por defecto, límites y validación de una
configuración de entrenamiento), ``runner.py`` (el hilo de entrenamiento, los botones
«Entrenar»/«Detener» y la barra de progreso) y ``common.py`` (la clase base, los textos de
estado, las imágenes PNG y los datos por defecto).

``from nn_core.widgets import …`` sigue funcionando: ``nn_core.widgets`` reexporta todo esto.
"""

from .common import PANEL_DPI
from .comparison import ComparisonPanel, comparison_panel
from .config import (ACTIVATIONS, COSTS, DEFAULTS, ETA_MAX, ETA_MIN, INITS, MAX_EPOCHS, MAX_NEURONS,
                     build_network, describe_config, parse_hidden, validate_config)
from .drawing import DrawingPanel, drawing_panel
from .neuron import NeuronPanel, neuron_panel
from .results import ResultsPanel, results_panel
from .runner import nn_sgd
from .training import TrainingPanel, training_panel

__all__ = [
    "ACTIVATIONS", "COSTS", "DEFAULTS", "ETA_MAX", "ETA_MIN", "INITS", "MAX_EPOCHS", "MAX_NEURONS",
    "PANEL_DPI", "build_network", "describe_config", "parse_hidden", "validate_config", "nn_sgd",
    "ComparisonPanel", "comparison_panel", "DrawingPanel", "drawing_panel", "NeuronPanel",
    "neuron_panel", "ResultsPanel", "results_panel", "TrainingPanel", "training_panel",
]  # más ``explorer_panel`` y ``ExplorerPanel``, que se importan al pedirlos (véase ``__getattr__``)


def __getattr__(name):
    """``explorer_panel`` y ``ExplorerPanel`` se importan al pedirlos (``explorer.py`` es aparte)."""
    if name in ("ExplorerPanel", "explorer_panel"):
        try:
            from . import explorer
        except ImportError as e:  # pragma: no cover  (mientras explorer.py no exista)
            raise AttributeError(f"nn_core.panels no tiene {name!r}: {e}") from None
        return getattr(explorer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
