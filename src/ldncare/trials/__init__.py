"""Blinded n-of-1 trials of LDN: the randomised design and its analysis.

Pure Python and numpy: values in, values out (no Django)."""

from ldncare.trials.analysis import TrialResult, analyse_trial, parse_outcomes
from ldncare.trials.design import Period, TrialDesign, design_trial, parse_arms
from ldncare.trials.errors import TrialError

__all__ = ["Period", "TrialDesign", "TrialError", "TrialResult", "analyse_trial",
           "design_trial", "parse_arms", "parse_outcomes"]
