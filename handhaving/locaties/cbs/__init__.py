"""CBS Wijk- en Buurtkaart: import of wijken and buurten and assignment of addresses."""
