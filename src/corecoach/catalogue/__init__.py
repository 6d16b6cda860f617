"""The exercise catalogue: exercises as YAML data files, validated by a schema on load."""

from corecoach.catalogue.loader import Catalogue, load_catalogue
from corecoach.catalogue.schema import Criterion, Dosage, Exercise

__all__ = ["Catalogue", "Criterion", "Dosage", "Exercise", "load_catalogue"]
