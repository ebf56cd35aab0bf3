"""The reference scorer (`../shared/eval/score_attributions.py`), loaded as a module for the
analysis scripts beside this one."""
import importlib.util, os, sys


def load():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "shared", "eval", "score_attributions.py")
    spec = importlib.util.spec_from_file_location("sa", path)
    sa = importlib.util.module_from_spec(spec)
    sys.modules["sa"] = sa
    spec.loader.exec_module(sa)
    return sa
