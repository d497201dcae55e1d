from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "ldncare.web.care"
    label = "care"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ldncare.web.accounts.signals import patient_signed_up
        from ldncare.web.care.services import open_record_on_sign_up

        patient_signed_up.connect(open_record_on_sign_up, dispatch_uid="care.open_record_on_sign_up")
