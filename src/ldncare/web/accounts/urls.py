from django.contrib.auth import views as auth_views
from django.urls import path

from ldncare.web.accounts import clinic_settings_views, display_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
    path("verify-again/", views.resend_verification, name="resend_verification"),
    path("two-factor/setup/", views.otp_setup, name="otp_setup"),
    path("two-factor/", views.otp_verify, name="otp_verify"),
    path("confirm/", views.confirm_identity, name="confirm_identity"),
    path("profile/", views.profile, name="profile"),
    path("text-size/", display_views.text_size, name="text_size"),
    path("team/", views.team, name="team"),
    path("team/<int:member_id>/role", views.change_role, name="change_role"),
    path("team/<int:member_id>/active", views.set_active, name="set_active"),
    path("team/invitations/<int:invitation_id>/resend", views.resend_invitation,
         name="resend_invitation"),
    path("clinic-settings/", clinic_settings_views.clinic_settings, name="clinic_settings"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.password_reset_confirm,
         name="password_reset_confirm"),
]
