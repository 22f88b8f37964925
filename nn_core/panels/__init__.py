"""Los paneles interactivos del libro (ipywidgets), uno por módulo."""
