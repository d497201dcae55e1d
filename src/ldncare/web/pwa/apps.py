from django.apps import AppConfig


class PwaConfig(AppConfig):
    name = "ldncare.web.pwa"
    label = "pwa"
    verbose_name = "Installable app and push reminders"
    default_auto_field = "django.db.models.BigAutoField"
