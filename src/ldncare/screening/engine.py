"""``screen()``: intake answers and a medication list in, a verdict with reasons out.

The verdict is the most severe finding: contraindicated > needs_review >
caution > ok. Info findings never change it. A medicine not recognised with
high confidence makes the verdict at least needs_review, naming the text;
so the verdict is never ``ok`` by default. Only the curated vocabulary can
make a medicine "ok": a name known only to the broad dictionary, or an
ambiguous short name, is needs_review with what was read (rule ids
``dictionary-only-medication``, ``ambiguous-medication``), and the class rules
act only on what is certain (never on a weak fuzzy guess).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal

from ldncare.screening.depots import (
    DepotProduct,
    depot_brand_names,
    depot_product,
    load_depot_products,
)
from ldncare.screening.matcher import (
    DICTIONARY_CONFIDENCE,
    MatchedProduct,
    MedicationMatch,
    match_medication,
)
from ldncare.screening.rules import Rule, RuleSet, load_rule_set
from ldncare.screening.settings import ScreeningSettings
from ldncare.screening.vocabulary import (
    OPIOID_CLASSES,
    Vocabulary,
    load_vocabulary,
    normalise,
    tokens,
)

Verdict = Literal["contraindicated", "needs_review", "caution", "ok"]
VERDICTS: tuple[Verdict, ...] = ("ok", "caution", "needs_review", "contraindicated")
LIVER_STATES = ("none", "mild", "moderate", "severe", "acute-hepatitis")
MAX_MEDICATION_LENGTH = 200

_RANK = {"info": 0, "ok": 0, "caution": 1, "needs_review": 2, "contraindicated": 3}
_CLASS_WORDS = {
    "full-opioid-agonist": "full agonist", "partial-opioid-agonist": "partial opioid agonist",
    "mixed-agonist-antagonist": "mixed opioid agonist-antagonist",
    "opioid-active-supplement": "supplement with opioid activity",
    "other-mu-agonist": "mu-opioid agonist outside the painkiller classes",
}
_CLASS_READING = {
    "full-opioid-agonist": "an opioid", "partial-opioid-agonist": "an opioid",
    "mixed-agonist-antagonist": "an opioid", "opioid-active-supplement": "an opioid",
    "other-mu-agonist": "an opioid", "peripheral-opioid-agonist": "a peripheral opioid",
    "opioid-use-disorder-treatment": "opioid use disorder treatment",
    "naltrexone": "naltrexone", "low-dose-naltrexone": "LDN",
    "opioid-antagonist": "an opioid antagonist",
    "opioid-withdrawal-treatment": "opioid withdrawal treatment",
    "thyroid-hormone": "thyroid hormone", "immunosuppressant": "an immunosuppressant",
}

#: Rule ids whose findings say the patient takes, or recently took, an opioid.
#: Other parts of the product (the journal's urgent signals) ask by these ids.
OPIOID_RULE_IDS = frozenset({
    "opioid-use", "opioid-use-disorder-treatment", "opioid-washout", "depot-opioid-washout",
})
#: Rule ids that send a medicine to a prescriber because it *may* be an opioid.
POSSIBLE_OPIOID_RULE_IDS = frozenset({
    "unrecognised-medication", "dictionary-only-medication", "ambiguous-medication",
    "opioid-withdrawal-marker",
})


class ScreeningInputError(ValueError):
    """An intake value that cannot be screened; ``field`` names it for the form."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name


_DATE_FIELDS = ("last_opioid_dose", "planned_surgery", "last_depot_date")


@dataclass(frozen=True)
class ScreeningInput:
    """Everything a screening reads. Stored verbatim with the result.

    ``medications`` is what the patient wrote, one medicine per item.
    """

    medications: tuple[str, ...] = ()
    pregnant: bool = False
    breastfeeding: bool = False
    liver: str = "none"
    last_opioid_dose: date | None = None
    last_opioid_long_acting: bool = False
    planned_surgery: date | None = None
    currently_taking_opioids: bool = False
    opioid_use_disorder_treatment: bool = False
    thyroid_treatment: bool = False
    immunosuppressant_or_transplant: bool = False
    naltrexone_allergy: bool = False
    naloxone_or_nalmefene_allergy: bool = False
    drinks_alcohol: bool = False
    taking_full_dose_naltrexone: bool = False
    #: A long-acting opioid depot or implant (a key of data/depot_products.yaml)
    #: and the date of its last injection or of the implant's removal.
    depot_product: str | None = None
    last_depot_date: date | None = None

    def __post_init__(self) -> None:
        if isinstance(self.medications, str) or not isinstance(self.medications, tuple):
            raise ScreeningInputError("medications", "give a tuple of medicine texts")
        for text in self.medications:
            if not isinstance(text, str) or not text.strip():
                raise ScreeningInputError("medications", "a medicine line is empty")
            if len(text) > MAX_MEDICATION_LENGTH:
                raise ScreeningInputError(
                    "medications", f"write one medicine per line (at most "
                    f"{MAX_MEDICATION_LENGTH} characters): {text[:40]!r}...")
        if self.liver not in LIVER_STATES:
            raise ScreeningInputError("liver", f"{self.liver!r} is not one of "
                                      f"{', '.join(LIVER_STATES)}")
        for name in _DATE_FIELDS:
            value = getattr(self, name)
            if value is not None and not (isinstance(value, date)
                                          and not hasattr(value, "hour")):
                raise ScreeningInputError(name, "must be a date (YYYY-MM-DD)")
        self._check_depot()

    def _check_depot(self) -> None:
        if self.depot_product is None and self.last_depot_date is None:
            return
        if self.depot_product is None:
            raise ScreeningInputError("depot_product", "name the depot or implant that the "
                                      "last injection or removal date belongs to")
        if self.last_depot_date is None:
            raise ScreeningInputError("last_depot_date", "give the date of the last depot "
                                      "injection or implant removal (YYYY-MM-DD)")
        if depot_product(self.depot_product) is None:
            known = ", ".join(load_depot_products())
            raise ScreeningInputError("depot_product", f"{self.depot_product!r} is not a known "
                                      f"depot or implant; choose one of {known}")

    def as_dict(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        data["medications"] = list(self.medications)
        for name in _DATE_FIELDS:
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScreeningInput:
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        values["medications"] = tuple(values.get("medications", ()))
        for name in _DATE_FIELDS:
            if values.get(name):
                values[name] = date.fromisoformat(values[name])
        return cls(**values)


@dataclass(frozen=True)
class Finding:
    """One reason in a screening: which rule, what it applies to, and why."""

    code: str
    knowledge_code: str | None
    severity: str
    title: str
    message: str
    applies_to: str
    ingredients: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    starts: date | None = None
    until: date | None = None
    unverified: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "knowledge_code": self.knowledge_code,
            "severity": self.severity, "title": self.title, "message": self.message,
            "applies_to": self.applies_to, "ingredients": list(self.ingredients),
            "references": list(self.references),
            "starts": self.starts.isoformat() if self.starts else None,
            "until": self.until.isoformat() if self.until else None,
            "unverified": self.unverified,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            code=data["code"], knowledge_code=data.get("knowledge_code"),
            severity=data["severity"], title=data["title"], message=data["message"],
            applies_to=data["applies_to"], ingredients=tuple(data.get("ingredients", ())),
            references=tuple(data.get("references", ())),
            starts=date.fromisoformat(data["starts"]) if data.get("starts") else None,
            until=date.fromisoformat(data["until"]) if data.get("until") else None,
            unverified=bool(data.get("unverified", False)),
        )


@dataclass(frozen=True)
class ScreeningResult:
    """A verdict with its findings, and everything needed to reproduce it."""

    verdict: Verdict
    findings: tuple[Finding, ...]
    medications: tuple[MedicationMatch, ...]
    inputs: ScreeningInput
    screened_on: date
    rule_set_version: str
    vocabulary_version: str
    settings: ScreeningSettings = field(default_factory=ScreeningSettings)

    @property
    def blocks_approval(self) -> bool:
        """Contraindicated and needs-review results wait for a prescriber's decision."""
        return self.verdict in ("contraindicated", "needs_review")

    @property
    def has_opioid_finding(self) -> bool:
        """A finding says the patient takes, or recently took, an opioid
        (rule ids in :data:`OPIOID_RULE_IDS`; a finished washout does not count)."""
        return any(f.code in OPIOID_RULE_IDS for f in self.findings)

    @property
    def may_involve_opioid(self) -> bool:
        """An opioid finding, or a medicine a prescriber must check because it
        may be one (:data:`POSSIBLE_OPIOID_RULE_IDS`)."""
        return self.has_opioid_finding or any(
            f.code in POSSIBLE_OPIOID_RULE_IDS for f in self.findings)

    @property
    def opioid_free_from(self) -> date | None:
        """The first day LDN may start as far as opioid washouts go (last dose
        or depot), or None when no washout applies."""
        ends = [f.until for f in self.findings
                if f.code in ("opioid-washout", "depot-opioid-washout",
                              "opioid-washout-complete", "depot-opioid-washout-complete")
                and f.until is not None]
        return max(ends) if ends else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "rule_set_version": self.rule_set_version,
            "vocabulary_version": self.vocabulary_version,
            "screened_on": self.screened_on.isoformat(),
            "medications": [m.as_dict() for m in self.medications],
            "findings": [f.as_dict() for f in self.findings],
            "has_opioid_finding": self.has_opioid_finding,
            "ldn_may_start_on": (self.opioid_free_from.isoformat()
                                 if self.opioid_free_from else None),
            "inputs": self.inputs.as_dict(),
            "settings": self.settings.as_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScreeningResult:
        return cls(
            verdict=data["verdict"],
            findings=tuple(Finding.from_dict(f) for f in data["findings"]),
            medications=tuple(MedicationMatch.from_dict(m) for m in data["medications"]),
            inputs=ScreeningInput.from_dict(data["inputs"]),
            screened_on=date.fromisoformat(data["screened_on"]),
            rule_set_version=data["rule_set_version"],
            vocabulary_version=data["vocabulary_version"],
            settings=ScreeningSettings.from_dict(data["settings"]),
        )


def _finding(rule: Rule, message: str, applies_to: str, *, severity: str | None = None,
             ingredients: tuple[str, ...] = (), references: tuple[str, ...] = (),
             starts: date | None = None, until: date | None = None) -> Finding:
    return Finding(
        code=rule.id, knowledge_code=rule.knowledge_code, severity=severity or rule.severity,
        title=rule.title, message=message, applies_to=applies_to, ingredients=ingredients,
        references=rule.references + tuple(r for r in references if r not in rule.references),
        starts=starts, until=until, unverified=rule.unverified,
    )


def _sources(match: MedicationMatch, vocabulary: Vocabulary) -> tuple[str, ...]:
    keys = dict.fromkeys(r for p in match.products for r in p.references)
    return tuple(vocabulary.sources.get(k, k) for k in keys)


def _acted_on(match: MedicationMatch) -> list[MatchedProduct]:
    """The products the class rules act on: not a weak fuzzy guess (below the
    clinic's high-confidence threshold), which goes to a prescriber as
    "might be ..." instead, so a misread word never contraindicates by itself."""
    return [p for p in match.products
            if not (p.method == "fuzzy" and p.confidence < match.high_confidence)]


def _read_as(match: MedicationMatch, classes: frozenset[str], vocabulary: Vocabulary
             ) -> tuple[tuple[str, ...], str]:
    """The ingredients in ``match`` of the given classes, and how they were read.

    A class set on the product itself (Suboxone as opioid use disorder
    treatment) names all of the product's ingredients.
    """
    products = [p for p in _acted_on(match) if classes & set(p.classes)]
    ingredients: list[str] = []
    for product in products:
        own = [i for i in product.ingredients
               if classes & set(vocabulary.ingredient_classes.get(i, ()))]
        ingredients += own or list(product.ingredients)
    ingredients = list(dict.fromkeys(ingredients))
    how = "; ".join(
        f"read as {p.name}" + ("" if p.method == "exact" else
                               f" ({p.method} match, confidence {p.confidence:.0%})")
        for p in products)
    return tuple(ingredients), how


def _medication_findings(match: MedicationMatch, rules: RuleSet, vocabulary: Vocabulary
                         ) -> list[Finding]:
    found: list[Finding] = []
    said = f"\u201c{match.input}\u201d"
    refs = _sources(match, vocabulary)
    acted = _acted_on(match)
    ordered = list(dict.fromkeys(c for p in acted for c in p.classes))
    classes = set(ordered)

    def add(rule_id: str, which: frozenset[str], text: str) -> None:
        ingredients, how = _read_as(match, which, vocabulary)
        found.append(_finding(rules[rule_id], f"{said} {text} {', '.join(ingredients)} ({how}).",
                              match.input, ingredients=ingredients, references=refs))

    if classes & OPIOID_CLASSES:
        kinds = ", ".join(_CLASS_WORDS[c] for c in ordered if c in OPIOID_CLASSES)
        add("opioid-use", OPIOID_CLASSES, f"contains an opioid ({kinds}):")
        if depot_brand_names() & set(tokens(normalise(match.input))):
            found[-1] = replace(found[-1], message=found[-1].message + (
                " It is a long-acting depot or implant that releases buprenorphine for weeks "
                "to months: record the last injection (or removal) date, and the screening "
                "gives the date LDN may start."))
    if "opioid-use-disorder-treatment" in classes:
        add("opioid-use-disorder-treatment", frozenset({"opioid-use-disorder-treatment"}),
            "is opioid use disorder treatment:")
    if "peripheral-opioid-agonist" in classes:
        add("peripheral-opioid", frozenset({"peripheral-opioid-agonist"}),
            "contains a peripherally acting opioid:")
    if "naltrexone" in classes:
        add("full-dose-naltrexone", frozenset({"naltrexone"}),
            "contains naltrexone above the LDN range (full or intermediate dose; LDN is "
            "at most 5 mg):")
    if "low-dose-naltrexone" in classes:
        add("low-dose-naltrexone", frozenset({"low-dose-naltrexone"}), "is already")
    if "opioid-antagonist" in classes and not classes & OPIOID_CLASSES:
        add("opioid-antagonist", frozenset({"opioid-antagonist"}), "is an opioid antagonist:")
    if "opioid-withdrawal-treatment" in classes:
        add("opioid-withdrawal-marker", frozenset({"opioid-withdrawal-treatment"}),
            "treats opioid withdrawal, so opioids may have been taken recently:")
    if "thyroid-hormone" in classes:
        add("thyroid-replacement", frozenset({"thyroid-hormone"}), "is thyroid hormone:")
    if "immunosuppressant" in classes:
        add("immunosuppressant", frozenset({"immunosuppressant"}), "is an immunosuppressant:")
    if "dextromethorphan" in classes:
        add("dextromethorphan", frozenset({"dextromethorphan"}), "contains")
    if "non-opioid-antitussive" in classes:
        add("non-opioid-antitussive", frozenset({"non-opioid-antitussive"}), "contains")
    for product in match.products:
        if product.method == "dictionary":
            found.append(_dictionary_only(match, product, rules))
        elif product.method == "ambiguous":
            found.append(_ambiguous(match, product, rules))
    if match.unrecognised_text or any(p.confirmed and p.confidence < match.high_confidence
                                      for p in match.products) or not match.products:
        found.append(_unrecognised(match, rules))
    return found


@lru_cache(maxsize=4096)
def _medication_findings_cached(match: MedicationMatch, rules: RuleSet, vocabulary: Vocabulary
                                ) -> tuple[Finding, ...]:
    """Findings depend on the match, the rules and the vocabulary only (all
    immutable), so a medicine line seen before costs a dictionary lookup."""
    return tuple(_medication_findings(match, rules, vocabulary))


def _reading(product: MatchedProduct) -> str:
    kinds = [_CLASS_READING[c] for c in product.classes if c in _CLASS_READING]
    what = ", ".join(dict.fromkeys(kinds)) or "no rule applies"
    return f"{product.name} ({', '.join(product.ingredients)}: {what})"


def _ambiguous(match: MedicationMatch, product: MatchedProduct, rules: RuleSet) -> Finding:
    readings = "; ".join(f"({n}) {_reading(r)}" for n, r in enumerate(product.readings, 1))
    message = (f"\u201c{match.input}\u201d: \u201c{product.matched_text}\u201d can mean "
               f"different medicines: {readings}. {product.note} A prescriber must ask the "
               "patient which one before LDN is approved.")
    ingredients = tuple(dict.fromkeys(i for r in product.readings for i in r.ingredients))
    return _finding(rules["ambiguous-medication"], _squash(message), match.input,
                    ingredients=ingredients)


def _dictionary_only(match: MedicationMatch, product: MatchedProduct, rules: RuleSet
                     ) -> Finding:
    opioid = (" It may be an opioid." if product.confidence < DICTIONARY_CONFIDENCE
              or product.is_opioid else "")
    message = (f"\u201c{match.input}\u201d: \u201c{product.matched_text}\u201d is not in the "
               f"clinic's checked medicine list; the general drug dictionary reads it as "
               f"{product.name} ({', '.join(product.ingredients)}).{opioid} A prescriber must "
               "confirm what it contains before LDN is approved.")
    return _finding(rules["dictionary-only-medication"], message, match.input,
                    ingredients=product.ingredients)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _unrecognised(match: MedicationMatch, rules: RuleSet) -> Finding:
    parts = []
    if match.unrecognised_text:
        parts.append(f"could not understand \u201c{match.unrecognised_text}\u201d")
    unsure = [p for p in match.products
              if p.confirmed and p.confidence < match.high_confidence]
    for p in unsure:
        parts.append(f"\u201c{p.matched_text}\u201d might be {_reading(p)}, "
                     f"confidence {p.confidence:.0%}")
    if not parts:
        parts.append("nothing in it was recognised")
    message = (f"\u201c{match.input}\u201d: {'; '.join(parts)}. "
               "A prescriber must check this medicine before LDN is approved.")
    return _finding(rules["unrecognised-medication"], message, match.input)


def _washout_findings(inputs: ScreeningInput, settings: ScreeningSettings, today: date,
                      rules: RuleSet) -> list[Finding]:
    last = inputs.last_opioid_dose
    if last is None:
        return []
    if last > today:
        raise ScreeningInputError("last_opioid_dose", f"{last.isoformat()} is after today "
                                  f"({today.isoformat()})")
    days = (settings.opioid_washout_days_long_acting if inputs.last_opioid_long_acting
            else settings.opioid_washout_days)
    until = last + timedelta(days=days)
    if today < until:
        return [_finding(rules["opioid-washout"],
                         f"Last opioid dose {last.isoformat()}; the clinic's opioid-free interval "
                         f"of {days} days ends on {until.isoformat()}. Do not start LDN before then.",
                         "last_opioid_dose", starts=last, until=until)]
    return [_finding(rules["opioid-washout-complete"],
                     f"Last opioid dose {last.isoformat()}; the {days}-day opioid-free interval "
                     f"ended on {until.isoformat()}.", "last_opioid_dose", until=until)]


def _depot_findings(inputs: ScreeningInput, settings: ScreeningSettings, today: date,
                    rules: RuleSet) -> list[Finding]:
    if inputs.depot_product is None or inputs.last_depot_date is None:
        return []
    depot = depot_product(inputs.depot_product)
    assert depot is not None  # checked by ScreeningInput
    last = inputs.last_depot_date
    if last > today:
        raise ScreeningInputError("last_depot_date", f"{last.isoformat()} is after today "
                                  f"({today.isoformat()})")
    days = depot_washout_days(depot, settings)
    until = last + timedelta(days=days)
    event = "implant removed" if depot.form == "implant" else "last injection"
    how = (f"{depot.name}: {event} {last.isoformat()}; {depot.explain_washout(settings)} = "
           f"{days} days")
    if today < until:
        return [_finding(rules["depot-opioid-washout"],
                         f"{how}. LDN may start on {until.isoformat()} at the earliest.",
                         "last_depot_date", ingredients=depot.ingredients,
                         references=depot.references, starts=last, until=until)]
    return [_finding(rules["depot-opioid-washout-complete"],
                     f"{how}; that interval ended on {until.isoformat()}.", "last_depot_date",
                     ingredients=depot.ingredients, references=depot.references, until=until)]


def depot_washout_days(depot: DepotProduct, settings: ScreeningSettings) -> int:
    """Days from the last injection (or implant removal) until LDN may start: the
    product's own washout, and never less than the clinic's long-acting interval."""
    return max(depot.washout_days(settings.depot_half_lives),
               settings.opioid_washout_days_long_acting)


def _surgery_findings(inputs: ScreeningInput, settings: ScreeningSettings, today: date,
                      rules: RuleSet) -> list[Finding]:
    surgery = inputs.planned_surgery
    if surgery is None:
        return []
    hold_from = surgery - timedelta(days=settings.surgery_hold_days)
    restart = ("Restart only when the prescriber confirms the patient is completely off "
               "opioids.")
    if today > surgery:
        return [_finding(rules["surgery-recent"],
                         f"Surgery was on {surgery.isoformat()}. {restart}", "planned_surgery",
                         starts=hold_from, until=surgery)]
    if today >= hold_from:
        return [_finding(rules["surgery-hold"],
                         f"Surgery on {surgery.isoformat()} is inside the "
                         f"{settings.surgery_hold_days}-day hold that began {hold_from.isoformat()}: "
                         f"no LDN until after surgery. {restart}", "planned_surgery",
                         starts=hold_from, until=surgery)]
    return [_finding(rules["surgery"],
                     f"Surgery on {surgery.isoformat()}: stop LDN from {hold_from.isoformat()} "
                     f"({settings.surgery_hold_days} days before). {restart}", "planned_surgery",
                     starts=hold_from, until=surgery)]


def _answer_findings(inputs: ScreeningInput, settings: ScreeningSettings, rules: RuleSet
                     ) -> list[Finding]:
    found: list[Finding] = []

    def add(flag: str, rule_id: str, message: str, severity: str | None = None) -> None:
        if getattr(inputs, flag):
            found.append(_finding(rules[rule_id], message, flag, severity=severity))

    add("currently_taking_opioids", "opioid-use",
        "The patient says they currently take an opioid.")
    add("opioid_use_disorder_treatment", "opioid-use-disorder-treatment",
        "The patient says they are in opioid use disorder treatment.")
    add("pregnant", "pregnancy", "The patient is pregnant or may be.")
    add("breastfeeding", "breastfeeding", "The patient is breastfeeding.")
    add("thyroid_treatment", "thyroid-replacement",
        "The patient takes thyroid treatment: check thyroid tests 4-6 weeks after starting.")
    add("immunosuppressant_or_transplant", "immunosuppressant",
        "The patient takes immunosuppressants or has an organ transplant.")
    add("naltrexone_allergy", "hypersensitivity",
        "The patient reports hypersensitivity to naltrexone.")
    add("naloxone_or_nalmefene_allergy", "hypersensitivity-related",
        "The patient reports hypersensitivity to naloxone or nalmefene.")
    add("drinks_alcohol", "alcohol", "The patient drinks alcohol.")
    add("taking_full_dose_naltrexone", "full-dose-naltrexone",
        "The patient says they already take full-dose naltrexone.")
    if inputs.liver in ("severe", "acute-hepatitis"):
        found.append(_finding(rules["liver-severe"],
                              f"Liver disease reported as {inputs.liver}.", "liver",
                              severity=settings.severe_liver_disease_severity))
    elif inputs.liver in ("mild", "moderate"):
        found.append(_finding(rules["liver-impairment"],
                              f"Liver disease reported as {inputs.liver}.", "liver"))
    return found


def verdict_of(findings: tuple[Finding, ...] | list[Finding]) -> Verdict:
    """The most severe finding decides; info findings never do."""
    rank = max((_RANK[f.severity] for f in findings), default=0)
    return VERDICTS[rank]


def screen(inputs: ScreeningInput, settings: ScreeningSettings | None, today: date,
           *, rules: RuleSet | None = None,
           vocabulary: Vocabulary | None = None) -> ScreeningResult:
    """Screen one patient for LDN on ``today`` under the clinic's ``settings``.

    ``settings=None`` means the sourced defaults. ``today`` (the clinic's
    date) decides washout and surgery dates. Raises
    :class:`ScreeningInputError` for dates that cannot be true.
    """
    settings = settings or ScreeningSettings()
    rules = rules or load_rule_set()
    vocabulary = vocabulary or load_vocabulary()
    matches = tuple(match_medication(text, vocabulary, settings.high_confidence,
                                     settings.use_dictionary) for text in inputs.medications)
    findings: list[Finding] = []
    for match in matches:
        findings += _medication_findings_cached(match, rules, vocabulary)
    findings += _answer_findings(inputs, settings, rules)
    findings += _washout_findings(inputs, settings, today, rules)
    findings += _depot_findings(inputs, settings, today, rules)
    findings += _surgery_findings(inputs, settings, today, rules)
    findings.sort(key=lambda f: -_RANK[f.severity])
    return ScreeningResult(
        verdict=verdict_of(findings), findings=tuple(findings), medications=matches,
        inputs=inputs, screened_on=today, rule_set_version=rules.version,
        vocabulary_version=vocabulary.version, settings=settings,
    )
