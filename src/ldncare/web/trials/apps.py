from django.apps import AppConfig


class TrialsConfig(AppConfig):
    name = "ldncare.web.trials"
    label = "trials"
    verbose_name = "Blinded n-of-1 trials"
