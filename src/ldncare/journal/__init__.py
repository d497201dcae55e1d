"""The patient journal: daily check-ins, questionnaires and their scoring,
questionnaire schedules, decision support for the prescriber, reminder
planning and the prescriber's attention list.

Pure core: values in, values out; no Django. Clinical content (ratings,
side effects, condition presets, instruments, rules) lives in ``data/*.yaml``
with a ``version`` and a source on every entry.
"""
