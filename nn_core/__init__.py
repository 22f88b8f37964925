"""nn_core: la retropropagación paso a paso, en numpy.

Los cinco pasos son funciones separadas (``feedforward``, ``output_error``,
``backpropagate_error`` y ``gradients``, que calcula BP3 y BP4), y ``backprop`` los compone.
Encima: ``update_mini_batch``, ``sgd``, la evaluación y la carga de MNIST.
"""

from .activations import ReLU, Sigmoid, Softmax, get_activation
from .costs import CrossEntropyCost, LogLikelihoodCost, QuadraticCost, get_cost
from .mnist import Dataset, MnistFileError, MnistSplits, load_mnist, one_hot
from .network import (Network, backprop, backpropagate_error, feedforward, gradients,
                      init_network, output_error)
from .persistence import load, save
from .training import (History, Progress, TrainingDiverged, accuracy, evaluate, predict, sgd,
                       total_cost, update_mini_batch)

__version__ = "0.1.0"

__all__ = [
    "ReLU", "Sigmoid", "Softmax", "get_activation",
    "CrossEntropyCost", "LogLikelihoodCost", "QuadraticCost", "get_cost",
    "Dataset", "MnistFileError", "MnistSplits", "load_mnist", "one_hot",
    "Network", "backprop", "backpropagate_error", "feedforward", "gradients", "init_network",
    "output_error", "load", "save",
    "History", "Progress", "TrainingDiverged", "accuracy", "evaluate", "predict", "sgd",
    "total_cost", "update_mini_batch",
]
