from django.apps import AppConfig


class PharmacyConfig(AppConfig):
    name = "ldncare.web.pharmacy"
    label = "pharmacy"
    default_auto_field = "django.db.models.BigAutoField"
