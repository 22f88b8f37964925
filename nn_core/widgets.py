"""El laboratorio interactivo: paneles con ipywidgets para entrenar, evaluar y jugar con una neurona.

En un cuaderno cada panel es una línea::

    from nn_core.widgets import training_panel
    panel = training_panel()   # η, capas ocultas, épocas, … y los botones «Entrenar» y «Detener»
    panel                      # lo muestra

- ``training_panel(data=None, **defaults)`` → ``TrainingPanel``: entrena una red con SGD y dibuja
  las curvas de coste y precisión mientras entrena.
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

import html
import math
import threading
import time

import numpy as np
import ipywidgets as w

from . import plots
from .mnist import load_mnist
from .network import Network

# --------------------------------------------------------------------------- configuración

#: Valores por defecto del panel de entrenamiento (5.000 ejemplos: unos segundos por ejecución).
DEFAULTS = {
    "eta": 3.0,
    "hidden": "30",
    "epochs": 5,
    "mini_batch_size": 10,
    "n_train": 5000,
    "activation": "sigmoid",
    "cost": "quadratic",
    "init": "gaussian",
    "lmbda": 0.0,
    "seed": 0,
}
ACTIVATIONS = [("sigmoide", "sigmoid"), ("ReLU", "relu")]
COSTS = [("cuadrático", "quadratic"), ("entropía cruzada", "cross-entropy"),
         ("log-verosimilitud (softmax)", "log-likelihood")]
INITS = [("gaussiana N(0, 1)", "gaussian"), ("escalada N(0, 1/n)", "scaled")]
#: Límites razonables para un panel interactivo.
MAX_NEURONS = 1000
MAX_EPOCHS = 200
ETA_MIN, ETA_MAX = 1e-3, 1e2
#: Resolución de las imágenes de los paneles (puntos por pulgada).
PANEL_DPI = 80

_LABELS = {
    "eta": "η", "hidden": "capas ocultas", "epochs": "épocas", "mini_batch_size": "mini-lote",
    "n_train": "ejemplos", "activation": "activación", "cost": "coste", "init": "inicialización",
    "lmbda": "λ", "seed": "semilla",
}


def parse_hidden(text):
    """Convierte «30» o «100, 30» en [30] o [100, 30]; «» (vacío) es una red sin capas ocultas.

    Lanza ``ValueError`` con un mensaje en español si el texto no es una lista de enteros
    positivos separados por comas.
    """
    if isinstance(text, (list, tuple)):
        parts = [str(v) for v in text]
    elif isinstance(text, (int, np.integer)) and not isinstance(text, bool):
        parts = [str(text)]
    elif isinstance(text, str):
        parts = [p.strip() for p in text.replace(";", ",").split(",")]
        if parts == [""]:
            return []
    else:
        raise ValueError(
            f"Capas ocultas: se esperaba un texto como «30» o «100, 30»; se recibió {text!r}."
        )
    sizes = []
    for p in parts:
        p = p.strip()
        if p == "":
            raise ValueError(
                "Capas ocultas: sobra una coma. Escribe los tamaños separados por comas, "
                "por ejemplo «30» o «100, 30»."
            )
        try:
            n = int(p)
        except ValueError:
            raise ValueError(
                f"Capas ocultas: «{p}» no es un número entero. Escribe los tamaños separados "
                "por comas, por ejemplo «30» o «100, 30»."
            ) from None
        if n < 1:
            raise ValueError(
                f"Capas ocultas: cada capa necesita al menos una neurona; «{p}» no vale."
            )
        if n > MAX_NEURONS:
            raise ValueError(
                f"Capas ocultas: como mucho {MAX_NEURONS} neuronas por capa en este panel; "
                f"se pidieron {n}."
            )
        sizes.append(n)
    return sizes


def _int_in(value, name, lo, hi):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name}: se esperaba un número entero; se recibió {value!r}.")
    if not lo <= value <= hi:
        raise ValueError(f"{name}: debe ser un entero entre {lo} y {hi}; se recibió {value}.")
    return int(value)


def validate_config(config, n_available):
    """Comprueba una configuración de entrenamiento y la devuelve normalizada.

    ``config``: diccionario con las claves de ``DEFAULTS``. ``n_available``: ejemplos de
    entrenamiento disponibles. ``hidden`` sale como lista de enteros. Lanza ``ValueError``
    con un mensaje en español si algo no vale (y dice qué se esperaba).
    """
    unknown = set(config) - set(DEFAULTS)
    if unknown:
        raise ValueError(
            f"Parámetros desconocidos: {', '.join(sorted(unknown))}. Los válidos son: "
            f"{', '.join(DEFAULTS)}."
        )
    cfg = dict(DEFAULTS)
    cfg.update(config)
    eta = cfg["eta"]
    if isinstance(eta, bool) or not isinstance(eta, (int, float, np.floating, np.integer)) \
            or not math.isfinite(eta) or eta <= 0:
        raise ValueError(
            f"La tasa de aprendizaje η debe ser un número positivo (por ejemplo 3.0); se recibió {eta!r}."
        )
    cfg["eta"] = float(eta)
    cfg["hidden"] = parse_hidden(cfg["hidden"])
    cfg["epochs"] = _int_in(cfg["epochs"], "Épocas", 1, MAX_EPOCHS)
    cfg["n_train"] = _int_in(cfg["n_train"], "Ejemplos de entrenamiento", 1, n_available)
    cfg["mini_batch_size"] = _int_in(cfg["mini_batch_size"], "Tamaño del mini-lote", 1,
                                     cfg["n_train"])
    cfg["seed"] = _int_in(cfg["seed"], "Semilla", 0, 2**32 - 1)
    lmbda = cfg["lmbda"]
    if isinstance(lmbda, bool) or not isinstance(lmbda, (int, float, np.floating, np.integer)) \
            or not math.isfinite(lmbda) or lmbda < 0:
        raise ValueError(f"La regularización λ debe ser un número mayor o igual que 0; se recibió {lmbda!r}.")
    cfg["lmbda"] = float(lmbda)
    for key, options in (("activation", ACTIVATIONS), ("cost", COSTS), ("init", INITS)):
        valid = [v for _, v in options]
        if cfg[key] not in valid:
            raise ValueError(
                f"{_LABELS[key].capitalize()}: {cfg[key]!r} no es un valor válido; se esperaba uno de: "
                + ", ".join(f"{label} ({value!r})" for label, value in options) + "."
            )
    return cfg


def describe_config(cfg):
    """Un resumen corto de la configuración, p. ej. «η = 3, [784, 30, 10], 5 épocas»."""
    sizes = [784, *parse_hidden(cfg["hidden"]), 10]
    return (f"η = {cfg['eta']:g}, capas {sizes}, {cfg['epochs']} épocas, mini-lote "
            f"{cfg['mini_batch_size']}, {cfg['n_train']} ejemplos")


def build_network(cfg, data):
    """La red, el generador y el subconjunto de entrenamiento de una configuración ya validada.

    Devuelve ``(network, rng, training)``: la red de capas [784, *hidden, 10], el
    ``np.random.default_rng(seed)`` que la inició (y que barajará los mini-lotes) y un
    ``Dataset`` con ``n_train`` ejemplos de ``data.training``.
    """
    rng = np.random.default_rng(cfg["seed"])
    training = data.training
    if cfg["n_train"] < len(training):
        training = training.subset(cfg["n_train"], rng)
    sizes = [training.x.shape[0], *cfg["hidden"], training.y.shape[0]]
    output_activation = "softmax" if cfg["cost"] == "log-likelihood" else "sigmoid"
    network = Network(sizes, rng, activation=cfg["activation"], cost=cfg["cost"],
                      output_activation=output_activation, init=cfg["init"])
    return network, rng, training


def _in_kernel():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    ip = get_ipython()
    return ip is not None and getattr(ip, "kernel", None) is not None


def _status_html(text, kind="info"):
    color = {"info": "#333", "ok": "#1b5e20", "error": "#b00020", "busy": "#0d47a1"}[kind]
    return (f'<div class="nn-status nn-status-{kind}" style="color:{color}; '
            f'white-space: pre-wrap; line-height: 1.4">{html.escape(text)}</div>')


def _png(fig):
    return plots.figure_to_png(fig)


def _curves_figure():
    """La figura de las curvas (coste, precisión), con márgenes fijos: se redibuja a menudo."""
    fig = plots.new_figure(figsize=(9, 3.3), dpi=PANEL_DPI, layout=None)
    axes = fig.subplots(1, 2)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.15, top=0.9, wspace=0.25)
    return fig, axes


class _Panel:
    """Lo común a todos los paneles: se muestran delegando en su widget raíz ``self.widget``."""

    widget = None
    #: Lo que se ve donde no hay widgets (texto plano, p. ej. en GitHub o en nbval).
    description = "Panel interactivo"

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/plain"] = f"{self.description} (ejecuta el cuaderno en Jupyter para usarlo)"
        return bundle

    def display(self):
        """Muestra el panel (equivale a escribir el panel al final de una celda)."""
        from IPython.display import display

        display(self.widget)


# --------------------------------------------------------------------------- entrenamiento

class _TrainingRunner(_Panel):
    """Hilo de entrenamiento, botones «Entrenar»/«Detener», barra de progreso y estado."""

    def _init_runner(self, background):
        self.background = background
        self.message = ""
        self.error = None
        self._thread = None
        self._stop_event = threading.Event()
        self._last_draw = 0.0
        self._draw_cost = 0.0
        self.train_button = w.Button(description="Entrenar", button_style="primary", icon="play",
                                     tooltip="Entrenar la red con estos valores")
        self.stop_button = w.Button(description="Detener", button_style="danger", icon="stop",
                                    disabled=True, tooltip="Parar tras el mini-lote en curso")
        self.train_button.add_class("nn-train-button")
        self.stop_button.add_class("nn-stop-button")
        self.train_button.on_click(lambda _: self.train())
        self.stop_button.on_click(lambda _: self.stop())
        self.progress = w.IntProgress(value=0, min=0, max=1, description="Progreso",
                                      bar_style="info", layout=w.Layout(width="320px"))
        self.progress_label = w.Label("")
        self.progress_label.add_class("nn-progress-label")
        self.status = w.HTML(_status_html(""))
        self.status.add_class("nn-status-area")

    @property
    def running(self):
        """True mientras hay un entrenamiento en marcha."""
        return self._thread is not None and self._thread.is_alive() or getattr(self, "_busy", False)

    def _set_message(self, text, kind="info"):
        self.message = text
        self.status.value = _status_html(text, kind)

    def stop(self):
        """Pide parar tras el mini-lote en curso (lo que hace el botón «Detener»)."""
        if self.running:
            self._stop_event.set()
            self._set_message("Deteniendo tras el mini-lote en curso…", "busy")

    def wait(self, timeout=None):
        """Espera a que termine el entrenamiento lanzado en segundo plano."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _start(self, job, blocking):
        """Ejecuta ``job()`` en este hilo (``blocking``) o en uno nuevo."""
        if blocking is None:
            blocking = not (self._in_kernel_default() if self.background is None else self.background)
        self._stop_event.clear()
        self._busy = True
        self._set_controls_disabled(True)
        if blocking:
            self._guarded(job)
        else:
            self._thread = threading.Thread(target=self._guarded, args=(job,), daemon=True,
                                            name="nn_core-entrenamiento")
            self._thread.start()

    @staticmethod
    def _in_kernel_default():
        return _in_kernel()

    def _guarded(self, job):
        from .training import TrainingDiverged

        try:
            job()
        except TrainingDiverged as e:
            self.error = e
            self.progress.bar_style = "danger"
            self._set_message(str(e), "error")
        except Exception as e:  # noqa: BLE001  (el panel nunca muestra un traceback)
            self.error = e
            self.progress.bar_style = "danger"
            self._set_message(f"Error inesperado durante el entrenamiento: {type(e).__name__}: {e}",
                              "error")
        finally:
            self._busy = False
            self._set_controls_disabled(False)

    def _set_controls_disabled(self, disabled):
        self.train_button.disabled = disabled
        self.stop_button.disabled = not disabled
        for c in self._controls():
            c.disabled = disabled

    def _controls(self):
        return []

    def _progress_callback(self, offset, total, draw, label_prefix=""):
        """Un ``callback(progress)`` para ``sgd`` que mueve la barra y redibuja las curvas."""

        def callback(p):
            done = offset + (p.epoch - 1) * p.n_batches + p.batch
            self.progress.max = total
            self.progress.value = min(done, total)
            self.progress_label.value = (f"{label_prefix}época {p.epoch}/{p.epochs} · "
                                         f"mini-lote {p.batch}/{p.n_batches}")
            self._last_progress = p
            if p.end_of_epoch:
                # Redibujar cuesta (en una máquina lenta, hasta un segundo): como mucho un
                # tercio del tiempo se va en dibujar. La última época siempre se dibuja.
                now = time.perf_counter()
                if p.epoch == p.epochs or now - self._last_draw > 2 * self._draw_cost:
                    draw(p.history)
                    self._last_draw = time.perf_counter()
                    self._draw_cost = self._last_draw - now

        return callback


class TrainingPanel(_TrainingRunner):
    """Panel para entrenar una red en MNIST y ver sus curvas mientras aprende.

    Controles (atributos): ``eta_slider`` (η, escala logarítmica de 0.001 a 100),
    ``hidden_text`` («30» o «100, 30»), ``epochs_text``, ``mini_batch_size_text``,
    ``n_train_text`` (tamaño del subconjunto de entrenamiento), ``activation_dropdown``,
    ``cost_dropdown``, ``init_dropdown``, ``lmbda_text`` (λ de L2), ``seed_text``, y los botones
    ``train_button`` («Entrenar») y ``stop_button`` («Detener»).

    Salidas: ``progress`` (barra sobre épocas y mini-lotes), ``curves`` (una
    ``ipywidgets.Image`` con las curvas de coste y precisión, de entrenamiento y de validación,
    que se redibuja al final de cada época), ``status`` (mensajes).

    Tras entrenar: ``network`` (la red, también si se detuvo), ``history`` (``nn_core.History``),
    ``config`` (la configuración usada, validada), ``message`` (el último texto de estado),
    ``error`` (la excepción si el entrenamiento falló, o None).
    """

    description = "Panel de entrenamiento"

    def __init__(self, data=None, background=None, **defaults):
        self.data = data if data is not None else load_mnist()
        n_available = len(self.data.training)
        cfg = dict(DEFAULTS)
        cfg["n_train"] = min(cfg["n_train"], n_available)
        cfg.update(defaults)
        self.config = validate_config(cfg, n_available)
        self.network = None
        self.history = None
        self._last_progress = None
        self._init_runner(background)

        style = {"description_width": "120px"}
        lay = w.Layout(width="330px")
        cfg = self.config
        self.eta_slider = w.FloatLogSlider(
            value=cfg["eta"], base=10, min=math.log10(ETA_MIN), max=math.log10(ETA_MAX), step=0.001,
            description="η (tasa de apr.)", readout_format=".3g", continuous_update=False,
            style=style, layout=lay)
        self.hidden_text = w.Text(value=", ".join(str(n) for n in cfg["hidden"]),
                                  description="Capas ocultas", placeholder="p. ej. 30 o 100, 30",
                                  style=style, layout=lay)
        self.epochs_text = w.IntText(value=cfg["epochs"], description="Épocas", style=style, layout=lay)
        self.mini_batch_size_text = w.IntText(value=cfg["mini_batch_size"], description="Mini-lote (m)",
                                              style=style, layout=lay)
        self.n_train_text = w.IntText(value=cfg["n_train"], description="Ejemplos", style=style,
                                      layout=lay)
        self.activation_dropdown = w.Dropdown(options=ACTIVATIONS, value=cfg["activation"],
                                              description="Activación", style=style, layout=lay)
        self.cost_dropdown = w.Dropdown(options=COSTS, value=cfg["cost"], description="Coste",
                                        style=style, layout=lay)
        self.init_dropdown = w.Dropdown(options=INITS, value=cfg["init"], description="Inicialización",
                                        style=style, layout=lay)
        self.lmbda_text = w.FloatText(value=cfg["lmbda"], description="λ (L2)", style=style, layout=lay)
        self.seed_text = w.IntText(value=cfg["seed"], description="Semilla", style=style, layout=lay)
        for name in ("eta_slider", "hidden_text", "epochs_text", "mini_batch_size_text", "n_train_text",
                     "activation_dropdown", "cost_dropdown", "init_dropdown", "lmbda_text", "seed_text"):
            getattr(self, name).add_class("nn-" + name.replace("_", "-"))
        self.curves = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.curves.add_class("nn-curves")
        self._draw_curves(None)
        n_val = len(self.data.validation)
        val_text = (f"los ejemplos de entrenamiento elegidos y {n_val:,} de validación".replace(",", ".")
                    if n_val
                    else "los ejemplos de entrenamiento elegidos (no hay conjunto de validación)")
        header = w.HTML(
            "<b>Entrenar una red en MNIST</b> — elige los valores y pulsa «Entrenar». "
            f"Las curvas usan {val_text}.")
        self.widget = w.VBox([
            header,
            w.HBox([w.VBox([self.eta_slider, self.hidden_text, self.epochs_text,
                            self.mini_batch_size_text, self.n_train_text]),
                    w.VBox([self.activation_dropdown, self.cost_dropdown, self.init_dropdown,
                            self.lmbda_text, self.seed_text])]),
            w.HBox([self.train_button, self.stop_button]),
            w.HBox([self.progress, self.progress_label]),
            self.status,
            self.curves,
        ])
        self.widget.add_class("nn-training-panel")
        self._set_message("Listo. Pulsa «Entrenar».")

    def _controls(self):
        return [self.eta_slider, self.hidden_text, self.epochs_text, self.mini_batch_size_text,
                self.n_train_text, self.activation_dropdown, self.cost_dropdown, self.init_dropdown,
                self.lmbda_text, self.seed_text]

    def values(self):
        """Los valores actuales de los controles, como diccionario (sin validar)."""
        return {
            "eta": self.eta_slider.value, "hidden": self.hidden_text.value,
            "epochs": self.epochs_text.value, "mini_batch_size": self.mini_batch_size_text.value,
            "n_train": self.n_train_text.value, "activation": self.activation_dropdown.value,
            "cost": self.cost_dropdown.value, "init": self.init_dropdown.value,
            "lmbda": self.lmbda_text.value, "seed": self.seed_text.value,
        }

    def _show_values(self, cfg):
        self.eta_slider.value = cfg["eta"]
        self.hidden_text.value = ", ".join(str(n) for n in cfg["hidden"])
        self.epochs_text.value = cfg["epochs"]
        self.mini_batch_size_text.value = cfg["mini_batch_size"]
        self.n_train_text.value = cfg["n_train"]
        self.activation_dropdown.value = cfg["activation"]
        self.cost_dropdown.value = cfg["cost"]
        self.init_dropdown.value = cfg["init"]
        self.lmbda_text.value = cfg["lmbda"]
        self.seed_text.value = cfg["seed"]

    def train(self, blocking=None, **overrides):
        """Entrena con los valores de los controles (o los de ``overrides``, que se copian a ellos).

        ``blocking=None``: en segundo plano dentro de un núcleo de Jupyter, y en este hilo fuera
        de él; ``True``: vuelve al terminar (úsalo en los cuadernos que deben mostrar el
        resultado). Si algún valor no vale, muestra el mensaje, no entrena nada y devuelve None.
        Devuelve ``self.history`` al entrenar en este hilo.
        """
        if self.running:
            self._set_message("Ya hay un entrenamiento en marcha: espera o pulsa «Detener».", "error")
            return None
        values = self.values()
        values.update(overrides)
        try:
            cfg = validate_config(values, len(self.data.training))
        except (ValueError, TypeError) as e:
            self.error = e
            self._set_message(f"No se ha entrenado: {e}", "error")
            return None
        self.error = None
        self._show_values(cfg)
        self.config = cfg
        self._start(lambda: self._run(cfg), blocking)
        return self.history if not self.running else None

    def _run(self, cfg):
        self.progress.bar_style = "info"
        self.progress.value = 0
        self.history = None
        self._last_progress = None
        self._set_message(f"Entrenando: {describe_config(cfg)}…", "busy")
        network, rng, training = build_network(cfg, self.data)
        self.network = network
        evaluation = self.data.validation if len(self.data.validation) else None
        n_batches = math.ceil(cfg["n_train"] / cfg["mini_batch_size"])
        total = cfg["epochs"] * n_batches
        self.progress.max = total
        self._draw_curves(None, training=True)
        callback = self._progress_callback(0, total, self._draw_curves)
        start = time.perf_counter()
        try:
            history = nn_sgd(network, training, cfg, rng, evaluation, callback,
                             max(1, n_batches // 20), self._stop_event.is_set)
        except Exception:
            if self._last_progress is not None:
                self.history = self._last_progress.history
            raise
        seconds = time.perf_counter() - start
        self.history = history
        if history.stopped_early:  # si no, la última época ya está dibujada
            self._draw_curves(history)
        self._set_message(self.summary(seconds), "ok")
        self.progress.bar_style = "warning" if history.stopped_early else "success"

    def summary(self, seconds=None):
        """El resumen del último entrenamiento: precisión en validación (y entrenamiento) y tiempo."""
        h = self.history
        if h is None or not h.epochs:
            return "Todavía no hay ningún entrenamiento."
        parts = []
        if h.stopped_early:
            p = self._last_progress
            where = f" en la época {p.epoch}, mini-lote {p.batch}" if p is not None else ""
            parts.append(f"Detenido{where}; la red conserva lo aprendido.")
        if h.evaluation_accuracy:
            parts.append(f"Precisión en validación: {100 * h.evaluation_accuracy[-1]:.2f} %")
        if h.training_accuracy:
            where = "en entrenamiento" if h.evaluation_accuracy else "Precisión en entrenamiento"
            parts.append(f"{where}: {100 * h.training_accuracy[-1]:.2f} %")
        if seconds is None:
            seconds = sum(h.seconds)
        n = len(h.epochs)
        parts.append(f"{n} {'época' if n == 1 else 'épocas'} en {seconds:.1f} s")
        return " · ".join(parts)

    def _draw_curves(self, history, training=False):
        fig, axes = _curves_figure()
        if history is not None and history.epochs:
            plots.plot_history(history, axes=axes)
        else:
            text = "Entrenando la primera época…" if training else "Pulsa «Entrenar» para ver las curvas"
            plots._decorate_curves(axes[0], axes[1], [])
            for ax in axes:
                ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes,
                        color="gray", fontsize=10)
        self.curves.value = _png(fig)


def nn_sgd(network, training, cfg, rng, evaluation, callback, callback_every, should_stop):
    """``nn_core.sgd`` con los valores de una configuración validada."""
    from .training import sgd

    return sgd(network, training, cfg["epochs"], cfg["mini_batch_size"], cfg["eta"], rng,
               lmbda=cfg["lmbda"], evaluation_data=evaluation, callback=callback,
               callback_every=callback_every, should_stop=should_stop)


def training_panel(data=None, **defaults):
    """Crea un ``TrainingPanel``. ``data``: un ``MnistSplits`` (None = ``load_mnist()``, reparto del libro).

    ``defaults``: valores iniciales de los controles (``eta``, ``hidden``, ``epochs``,
    ``mini_batch_size``, ``n_train``, ``activation``, ``cost``, ``init``, ``lmbda``, ``seed``) y
    ``background`` (True/False; None = en segundo plano solo dentro de un núcleo).
    """
    return TrainingPanel(data, **defaults)


# --------------------------------------------------------------------------- comparación

class ComparisonPanel(_TrainingRunner):
    """Dos configuraciones entrenadas una tras otra y dibujadas en las mismas gráficas.

    ``configs``: {nombre: configuración validada}. Tras entrenar: ``histories`` y ``networks``
    ({nombre: History}, {nombre: Network}), ``message``, ``error``.
    """

    description = "Panel de comparación de dos configuraciones"

    def __init__(self, config_a, config_b, data=None, labels=None, background=None, **common):
        self.data = data if data is not None else load_mnist()
        n_available = len(self.data.training)
        configs = []
        for cfg in (config_a, config_b):
            if not isinstance(cfg, dict):
                raise TypeError(
                    f"Cada configuración debe ser un diccionario, p. ej. {{'eta': 0.1}}; se recibió {cfg!r}."
                )
            full = dict(DEFAULTS)
            full["n_train"] = min(full["n_train"], n_available)
            full.update(common)
            full.update(cfg)
            configs.append(validate_config(full, n_available))
        if labels is None:
            labels = self._auto_labels(configs, (config_a, config_b))
        if len(labels) != 2 or labels[0] == labels[1]:
            raise ValueError("'labels' debe tener dos nombres distintos, uno por configuración.")
        self.configs = dict(zip(labels, configs))
        self.histories = {}
        self.networks = {}
        self._last_progress = None
        self._init_runner(background)
        self.train_button.description = "Entrenar las dos"
        self.curves = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.curves.add_class("nn-curves")
        self._draw({})
        rows = "".join(f"<li><b>{html.escape(name)}</b>: {html.escape(describe_config(c))}</li>"
                       for name, c in self.configs.items())
        header = w.HTML(f"<b>Comparar dos configuraciones</b><ul style='margin:2px 0'>{rows}</ul>")
        self.widget = w.VBox([header, w.HBox([self.train_button, self.stop_button]),
                              w.HBox([self.progress, self.progress_label]), self.status, self.curves])
        self.widget.add_class("nn-comparison-panel")
        self._set_message("Listo. Pulsa «Entrenar las dos».")

    @staticmethod
    def _auto_labels(configs, given):
        keys = [k for k in DEFAULTS if configs[0][k] != configs[1][k]]
        if not keys:
            return ["A", "B"]
        labels = []
        for cfg in configs:
            parts = []
            for k in keys:
                v = cfg[k]
                if k == "hidden":
                    v = str([784, *v, 10])
                elif k == "eta":
                    v = f"{v:g}"
                parts.append(f"{_LABELS[k]} = {v}")
            labels.append(", ".join(parts))
        return labels

    def train(self, blocking=None):
        """Entrena las dos configuraciones (en segundo plano dentro de un núcleo; véase ``TrainingPanel.train``)."""
        if self.running:
            self._set_message("Ya hay un entrenamiento en marcha: espera o pulsa «Detener».", "error")
            return None
        self.error = None
        self._start(self._run, blocking)
        return self.histories if not self.running else None

    def _run(self):
        self.histories = {}
        self.networks = {}
        self.progress.bar_style = "info"
        totals = {name: c["epochs"] * math.ceil(c["n_train"] / c["mini_batch_size"])
                  for name, c in self.configs.items()}
        total = sum(totals.values())
        offset = 0
        start = time.perf_counter()
        for name, cfg in self.configs.items():
            self._set_message(f"Entrenando «{name}»: {describe_config(cfg)}…", "busy")
            network, rng, training = build_network(cfg, self.data)
            self.networks[name] = network
            evaluation = self.data.validation if len(self.data.validation) else None
            n_batches = math.ceil(cfg["n_train"] / cfg["mini_batch_size"])

            def draw(history, name=name):
                self._draw({**self.histories, name: history})

            callback = self._progress_callback(offset, total, draw, label_prefix=f"{name}: ")
            try:
                history = nn_sgd(network, training, cfg, rng, evaluation, callback,
                                 max(1, n_batches // 20), self._stop_event.is_set)
            except Exception:
                if self._last_progress is not None and self._last_progress.history.epochs:
                    self.histories[name] = self._last_progress.history
                    self._draw(self.histories)
                raise
            self.histories[name] = history
            offset += totals[name]
            if history.stopped_early:
                break
        self._draw(self.histories)
        stopped = any(h.stopped_early for h in self.histories.values())
        parts = []
        for name, h in self.histories.items():
            if h.evaluation_accuracy:
                parts.append(f"{name}: {100 * h.evaluation_accuracy[-1]:.2f} % en validación")
        prefix = "Detenido; " if stopped else ""
        self._set_message(f"{prefix}{' · '.join(parts)} ({time.perf_counter() - start:.1f} s)", "ok")
        self.progress.bar_style = "warning" if stopped else "success"

    def _draw(self, histories):
        fig, axes = _curves_figure()
        shown = {k: h for k, h in histories.items() if h.epochs}
        if shown:
            plots.plot_comparison(shown, axes=axes)
        else:
            plots._decorate_curves(axes[0], axes[1], [])
            for ax in axes:
                ax.text(0.5, 0.5, "Pulsa «Entrenar las dos»", ha="center", va="center",
                        transform=ax.transAxes, color="gray")
        self.curves.value = _png(fig)


def comparison_panel(config_a, config_b, data=None, **common):
    """Crea un ``ComparisonPanel``: p. ej. ``comparison_panel({"eta": 0.1}, {"eta": 3.0}, epochs=5)``.

    ``config_a``, ``config_b``: los valores que cambian (claves de ``DEFAULTS``); ``common``: los
    compartidos, más ``labels=(nombre_a, nombre_b)`` y ``background`` opcionales. Los nombres
    por defecto salen de lo que difiere, p. ej. «η = 0.1» y «η = 3».
    """
    return ComparisonPanel(config_a, config_b, data, **common)


# --------------------------------------------------------------------------- resultados

class ResultsPanel(_Panel):
    """Qué hace bien y mal una red entrenada en un conjunto de ejemplos.

    Muestra la matriz de confusión (con los números), los dígitos mal clasificados (del más
    seguro al menos, ``page_size`` por página, con «verdadero → predicho (activación de la ganadora)») y, al
    pulsar uno, sus 10 activaciones de salida.

    Atributos: ``network``, ``dataset``, ``activations`` (10, n), ``predictions`` (n,),
    ``cm`` (10, 10), ``indices`` (los índices mal clasificados, ordenados), ``page``,
    ``n_pages``, ``selected`` (índice en ``dataset`` del dígito elegido, o None),
    ``digit_buttons``, ``prev_button``, ``next_button``, ``message``.
    """

    description = "Panel de resultados"

    def __init__(self, network, dataset=None, page_size=12):
        if hasattr(network, "network") and not hasattr(network, "feedforward"):
            network = network.network  # se aceptan también un TrainingPanel
        if network is None or not hasattr(network, "feedforward"):
            raise TypeError(
                "results_panel necesita una red entrenada (nn_core.Network); se recibió "
                f"{type(network).__name__}. ¿Has pulsado «Entrenar» antes?"
            )
        if dataset is None:
            dataset = load_mnist().test
        if not (hasattr(dataset, "x") and hasattr(dataset, "labels")):
            raise TypeError(
                f"'dataset' debe ser un nn_core.Dataset (p. ej. load_mnist().test); se recibió {type(dataset).__name__}."
            )
        self.page_size = _int_in(page_size, "page_size", 1, 100)
        self.network = network
        self.dataset = dataset
        self.activations = network.feedforward(dataset.x)
        self.predictions = np.argmax(self.activations, axis=0)
        self.cm = plots.confusion_matrix(dataset.labels, self.predictions,
                                         n_classes=self.activations.shape[0])
        self.indices = plots.misclassified(network, dataset)
        self.n_pages = max(1, math.ceil(len(self.indices) / self.page_size))
        self.page = 0
        self.selected = None
        self.message = ""

        n = len(dataset)
        correct = int(np.trace(self.cm))
        self.header = w.HTML(
            f"<b>Resultados</b>: {correct} de {n} aciertos ({100 * correct / n:.2f} %), "
            f"{len(self.indices)} errores. Pulsa un dígito para ver sus 10 activaciones de salida.")
        self.cm_image = w.Image(format="png", value=_png(self._cm_figure()))
        self.cm_image.add_class("nn-confusion")
        self.selected_image = w.Image(format="png")
        self.selected_image.add_class("nn-activations")
        self.prev_button = w.Button(description="Anteriores", icon="arrow-left",
                                    layout=w.Layout(width="130px"))
        self.next_button = w.Button(description="Siguientes", icon="arrow-right",
                                    layout=w.Layout(width="130px"))
        self.prev_button.on_click(lambda _: self.show_page(self.page - 1))
        self.next_button.on_click(lambda _: self.show_page(self.page + 1))
        self.page_label = w.Label("")
        self.grid = w.GridBox(layout=w.Layout(grid_template_columns="repeat(6, 110px)",
                                              grid_gap="4px"))
        self.grid.add_class("nn-misclassified")
        self.digit_buttons = []
        self.widget = w.VBox([
            self.header,
            w.HBox([self.cm_image, self.selected_image]),
            w.HBox([self.prev_button, self.page_label, self.next_button]),
            self.grid,
        ])
        self.widget.add_class("nn-results-panel")
        self.show_page(0)
        if len(self.indices):
            self.select(int(self.indices[0]))
        else:
            self.message = "La red no se equivoca en ningún ejemplo de este conjunto."
            self.selected_image.value = _png(self._activation_figure(0))

    def _cm_figure(self):
        fig = plots.new_figure(figsize=(4.6, 4.2), dpi=PANEL_DPI)
        plots.plot_confusion_matrix(self.cm, ax=fig.subplots())
        return fig

    def _activation_figure(self, index):
        fig = plots.new_figure(figsize=(5.6, 3.0), dpi=PANEL_DPI)
        ax_img, ax_bar = fig.subplots(1, 2, width_ratios=[1, 2.2])
        ax_img.imshow(self.dataset.x[:, index].reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        ax_img.set_axis_off()
        label = int(self.dataset.labels[index])
        pred = int(self.predictions[index])
        ax_img.set_title(f"ejemplo {index}\nes un {label}", fontsize=9)
        plots.plot_output_activations(self.activations[:, index], label=label, ax=ax_bar,
                                      title=f"La red predice {pred}")
        return fig

    def show_page(self, page):
        """Muestra la página ``page`` (desde 0) de dígitos mal clasificados."""
        page = min(max(int(page), 0), self.n_pages - 1)
        self.page = page
        chunk = self.indices[page * self.page_size:(page + 1) * self.page_size]
        cards, buttons = [], []
        for idx in chunk:
            idx = int(idx)
            label, pred = int(self.dataset.labels[idx]), int(self.predictions[idx])
            conf = 100 * self.activations[pred, idx]
            img = w.Image(value=plots.digit_to_png(self.dataset.x[:, idx], scale=2),
                          format="png", layout=w.Layout(width="56px", height="56px"))
            button = w.Button(description=f"{label} → {pred} ({conf:.0f} %)",
                              tooltip=f"Es un {label}; la red dice {pred} con activación {conf:.0f} %",
                              layout=w.Layout(width="108px"))
            button.add_class("nn-digit-button")
            button.on_click(lambda _, i=idx: self.select(i))
            buttons.append(button)
            cards.append(w.VBox([img, button], layout=w.Layout(align_items="center")))
        self.digit_buttons = buttons
        self.grid.children = cards
        if len(self.indices):
            first = page * self.page_size + 1
            self.page_label.value = (f"Errores {first}–{first + len(chunk) - 1} de {len(self.indices)} "
                                     f"(página {page + 1} de {self.n_pages})")
        else:
            self.page_label.value = "Sin errores"
        self.prev_button.disabled = page == 0
        self.next_button.disabled = page >= self.n_pages - 1

    def select(self, index):
        """Elige el ejemplo ``index`` de ``dataset`` y muestra sus 10 activaciones de salida."""
        index = _int_in(int(index) if isinstance(index, np.integer) else index, "index", 0,
                        len(self.dataset) - 1)
        self.selected = index
        self.selected_image.value = _png(self._activation_figure(index))
        label, pred = int(self.dataset.labels[index]), int(self.predictions[index])
        self.message = f"Ejemplo {index}: es un {label}, la red predice {pred}."


def results_panel(network, dataset=None, page_size=12):
    """Crea un ``ResultsPanel`` para ``network`` (una ``Network`` o un ``TrainingPanel`` ya entrenado).

    ``dataset``: un ``Dataset`` (None = ``load_mnist().test``, el conjunto de prueba).
    """
    return ResultsPanel(network, dataset, page_size)


# --------------------------------------------------------------------------- una neurona

class NeuronPanel(_Panel):
    """Una neurona con dos entradas: salida σ(w1·x1 + w2·x2 + b) sobre el plano (x1, x2).

    Controles: ``w1_slider``, ``w2_slider``, ``b_slider``, ``activation_dropdown`` (sigmoide,
    ReLU, escalón). Salidas: ``plot`` (imagen), ``status``. Atributos: ``outputs`` (4,) la
    salida en (0,0), (0,1), (1,0), (1,1); ``gates`` {"AND": bool, "OR": bool, "XOR": bool}:
    qué puertas reproduce cortando la salida en 0.5; ``message``.
    """

    description = "Panel de una neurona"

    def __init__(self, w1=1.0, w2=1.0, b=-0.5, activation="sigmoid", extent=(-0.5, 1.5)):
        for name, v in (("w1", w1), ("w2", w2), ("b", b)):
            if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) \
                    or not math.isfinite(v):
                raise ValueError(f"'{name}' debe ser un número; se recibió {v!r}.")
        options = [(label, key) for key, label in plots.NEURON_ACTIVATIONS.items()]
        if activation not in plots.NEURON_ACTIVATIONS:
            raise ValueError(
                f"Activación desconocida: {activation!r}. Se esperaba 'sigmoid', 'relu' o 'step'."
            )
        self.extent = extent
        style = {"description_width": "40px"}
        lay = w.Layout(width="300px")
        self.w1_slider = w.FloatSlider(value=w1, min=-20, max=20, step=0.5, description="w1",
                                       continuous_update=False, style=style, layout=lay)
        self.w2_slider = w.FloatSlider(value=w2, min=-20, max=20, step=0.5, description="w2",
                                       continuous_update=False, style=style, layout=lay)
        self.b_slider = w.FloatSlider(value=b, min=-30, max=30, step=0.5, description="b",
                                      continuous_update=False, style=style, layout=lay)
        self.activation_dropdown = w.Dropdown(options=options, value=activation,
                                              description="σ", style=style, layout=lay)
        for name in ("w1_slider", "w2_slider", "b_slider", "activation_dropdown"):
            getattr(self, name).add_class("nn-" + name.replace("_", "-"))
        self.plot = w.Image(format="png")
        self.plot.add_class("nn-neuron-plot")
        self.status = w.HTML()
        for c in (self.w1_slider, self.w2_slider, self.b_slider, self.activation_dropdown):
            c.observe(lambda _: self.update(), names="value")
        help_text = w.HTML(
            "Mueve los pesos y el sesgo: el color es la salida de la neurona y la línea "
            "discontinua, donde vale 0.5. Los círculos blancos son las entradas con salida "
            "mayor que 0.5.")
        self.widget = w.VBox([
            w.HBox([w.VBox([self.w1_slider, self.w2_slider, self.b_slider,
                            self.activation_dropdown, self.status],
                           layout=w.Layout(width="320px")),
                    self.plot]),
            help_text,
        ])
        self.widget.add_class("nn-neuron-panel")
        self.update()

    @property
    def params(self):
        """(w1, w2, b, activation) actuales."""
        return (self.w1_slider.value, self.w2_slider.value, self.b_slider.value,
                self.activation_dropdown.value)

    def update(self):
        """Recalcula la salida, las puertas y el dibujo con los valores de los controles."""
        w1, w2, b, activation = self.params
        self.outputs = plots.neuron_output(w1, w2, b, plots.GATE_INPUTS[:, 0],
                                           plots.GATE_INPUTS[:, 1], activation)
        self.gates = plots.neuron_gates(w1, w2, b, activation)
        fig = plots.new_figure(figsize=(5.4, 4.4), dpi=PANEL_DPI, layout=None)
        fig.subplots_adjust(left=0.12, right=0.9, bottom=0.11, top=0.86)
        plots.plot_neuron(w1, w2, b, activation, ax=fig.subplots(), extent=self.extent)
        self.plot.value = _png(fig)
        solved = [g for g, ok in self.gates.items() if ok]
        if solved:
            self.message = "Esta neurona reproduce: " + ", ".join(solved) + "."
        else:
            self.message = "Esta neurona no reproduce ninguna de las tres puertas."
        if not self.gates["XOR"]:
            self.message += " (XOR no lo consigue ninguna neurona sola: hace falta una capa oculta.)"
        self.status.value = _status_html(self.message, "ok" if solved else "info")


def neuron_panel(**defaults):
    """Crea un ``NeuronPanel``: ``w1``, ``w2``, ``b`` (números) y ``activation`` ('sigmoid', 'relu' o 'step')."""
    return NeuronPanel(**defaults)
