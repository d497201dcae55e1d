"""Clinic settings for screening, with sourced defaults.

Where sources disagree (opioid-free interval, pre-operative hold, how severe
severe liver disease is) the clinic chooses; each default here shows where it
came from, via :func:`describe_defaults`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

LIVER_SEVERITIES = ("contraindicated", "caution")


class ScreeningSettingsError(ValueError):
    """A clinic setting that cannot be used; the message names the setting."""


#: Why each default is what it is, with sources a reader can follow.
DEFAULT_SOURCES: dict[str, dict[str, str]] = {
    "opioid_washout_days": {
        "unit": "days",
        "source": "Naltrexone hydrochloride tablets, US label: patients should be opioid-free "
                  "(including tramadol) for a minimum of 7-10 days before starting "
                  "(https://prescriberpoint.com/therapies/naltrexone-hydrochloride-0f30f88); "
                  "the default takes the upper end",
        "alternatives": "7 d after short-acting opioids (SAMHSA-style treatment text; the "
                        "original SAMHSA page not retained, UNVERIFIED; the minimum allowed); "
                        "1-2 weeks (eMedTV, http://drugs.emedtv.com/naltrexone/"
                        "drug-interactions-with-naltrexone-p2.html); at most 90 d (product "
                        "choice)",
    },
    "opioid_washout_days_long_acting": {
        "unit": "days",
        "source": "10-14 days after long-acting opioids (SAMHSA-style treatment text; the "
                  "original SAMHSA page not retained, UNVERIFIED); methadone-free for at least "
                  "10 days (EU product-information wording reproduced at "
                  "https://www.altmeyers.org/en/internal-medicine/naloxon-provocation-test-153894)",
        "alternatives": "10 d (the methadone minimum above; the minimum allowed); 'up to 2 "
                        "weeks' after buprenorphine or methadone (US label wording seen only "
                        "in a summary, UNVERIFIED); at most 90 d (product choice)",
    },
    "surgery_hold_days": {
        "unit": "days",
        "source": "3 days: Whately & Stead, Australasian Anaesthesia 2023, "
                  "doi:10.60115/11055/1180; the LDN Research Trust gives the same",
        "alternatives": "48 h (LDN Direct, https://ldndirect.com/blog/ldn-surgery: the shortest "
                        "sourced hold and the minimum allowed); 3-4 days (SPAQI consensus, "
                        "Mayo Clin Proc 2021;96(5):1325-1341, doi:10.1016/j.mayocp.2020.06.045; "
                        "exact wording UNVERIFIED)",
    },
    "severe_liver_disease_severity": {
        "unit": "severity",
        "source": "Older naltrexone labels list acute hepatitis and liver failure as "
                  "contraindications (J Clin Psychiatry 2015;76(12), letter, "
                  "http://www.psychiatrist.com/JCP/article/Pages/2015/v76n12/v76n1224.aspx)",
        "alternatives": "caution (the current label; its boxed hepatotoxicity warning was "
                        "removed in 2013)",
    },
    "depot_half_lives": {
        "unit": "terminal half-lives",
        "source": "Pharmacokinetic convention: after 5 half-lives about 97% of a drug is "
                  "eliminated (Rowland & Tozer, Clinical Pharmacokinetics and "
                  "Pharmacodynamics, 4th ed. 2011). Applied after the depot's release period.",
        "alternatives": "4 (94%); 7 (99%)",
    },
    "high_confidence": {
        "unit": "fraction",
        "source": "Product choice: a fuzzy match below 0.9 goes to a person (needs review)",
        "alternatives": "any value in (0, 1]",
    },
}

#: The shortest pre-operative hold any source gives (LDN Direct, 48 h).
MINIMUM_SURGERY_HOLD_DAYS = 2
#: The shortest opioid-free interval the sources give (the label's 7-10 days), and
#: the shortest after a long-acting opioid (10 days after methadone): no clinic
#: may choose less.
MINIMUM_WASHOUT_DAYS = 7
MINIMUM_WASHOUT_DAYS_LONG_ACTING = 10
#: Product choice, not a source: no interval above 90 days (far longer than any
#: source gives; it keeps every derived date within reach).
MAXIMUM_INTERVAL_DAYS = 90


@dataclass(frozen=True)
class ScreeningSettings:
    """The clinic's screening choices; the defaults are sourced (see DEFAULT_SOURCES)."""

    opioid_washout_days: int = 10
    opioid_washout_days_long_acting: int = 14
    surgery_hold_days: int = 3
    severe_liver_disease_severity: str = "contraindicated"
    high_confidence: float = 0.9
    use_dictionary: bool = True
    depot_half_lives: int = 5

    def __post_init__(self) -> None:
        for name in ("opioid_washout_days", "opioid_washout_days_long_acting",
                     "surgery_hold_days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ScreeningSettingsError(f"{name} must be a whole number of days, not {value!r}")
        for name, least in (("opioid_washout_days", MINIMUM_WASHOUT_DAYS),
                            ("opioid_washout_days_long_acting",
                             MINIMUM_WASHOUT_DAYS_LONG_ACTING),
                            ("surgery_hold_days", MINIMUM_SURGERY_HOLD_DAYS)):
            if getattr(self, name) > MAXIMUM_INTERVAL_DAYS:
                raise ScreeningSettingsError(f"{name} must be at most {MAXIMUM_INTERVAL_DAYS} days")
            if name != "surgery_hold_days" and getattr(self, name) < least:
                raise ScreeningSettingsError(
                    f"{name} must be at least {least} days (the shortest sourced interval)")
        if self.surgery_hold_days < MINIMUM_SURGERY_HOLD_DAYS:
            raise ScreeningSettingsError(
                f"surgery_hold_days must be at least {MINIMUM_SURGERY_HOLD_DAYS} "
                "(48 h is the shortest sourced hold)")
        if self.opioid_washout_days_long_acting < self.opioid_washout_days:
            raise ScreeningSettingsError(
                "opioid_washout_days_long_acting cannot be shorter than opioid_washout_days")
        if self.severe_liver_disease_severity not in LIVER_SEVERITIES:
            raise ScreeningSettingsError(
                f"severe_liver_disease_severity must be one of {', '.join(LIVER_SEVERITIES)}")
        if (isinstance(self.depot_half_lives, bool) or not isinstance(self.depot_half_lives, int)
                or not 1 <= self.depot_half_lives <= 10):
            raise ScreeningSettingsError("depot_half_lives must be a whole number from 1 to 10")
        if not 0 < self.high_confidence <= 1:
            raise ScreeningSettingsError("high_confidence must be above 0 and at most 1")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScreeningSettings:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def describe_defaults() -> list[dict[str, Any]]:
    """Each setting with its default, unit, source and the alternatives sources give."""
    defaults = ScreeningSettings()
    return [
        {"setting": name, "default": getattr(defaults, name), **info}
        for name, info in DEFAULT_SOURCES.items()
    ]
