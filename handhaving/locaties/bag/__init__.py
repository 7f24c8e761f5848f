"""BAG import, by responsibility: ``lezen`` (the file), ``opslaan`` (the
database), ``rapport`` (the result) and ``importeren`` (the one entry point)."""
from handhaving.locaties.bag.importeren import import_bag
from handhaving.locaties.bag.lezen import (
    FULL_COLUMNS,
    SMALL_COLUMNS,
    BagImportFout,
    ImportError_,
    pad_bag_id,
    parse_row,
    search_name,
)
from handhaving.locaties.bag.rapport import ImportReport, Report

__all__ = ["FULL_COLUMNS", "SMALL_COLUMNS", "BagImportFout", "ImportError_", "ImportReport", "Report",
           "import_bag", "pad_bag_id", "parse_row", "search_name"]
