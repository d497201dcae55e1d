from django.urls import include, path
from django.views.generic import RedirectView

from ldncare.web import health
from ldncare.web.accounts import urls as accounts_urls
from ldncare.web.api import api
from ldncare.web.care import identity_views
from ldncare.web.home import home

urlpatterns = [
    path("", home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url="/static/favicon.svg"), name="favicon"),
    # Sign-up lives in care (it creates the patient record) but keeps its place
    # among the account pages: /accounts/sign-up/, named accounts:sign_up.
    path("accounts/", include(([*accounts_urls.urlpatterns,
                                path("sign-up/", identity_views.sign_up, name="sign_up")],
                               accounts_urls.app_name))),
    path("patients/", include("ldncare.web.care.urls")),
    path("journal/", include("ldncare.web.journal.urls")),
    path("pharmacy/", include("ldncare.web.pharmacy.urls")),
    path("insights/", include("ldncare.web.insights.urls")),
    path("library/", include("ldncare.web.library.urls")),
    path("audit/", include("ldncare.web.audit.urls")),
    path("trials/", include("ldncare.web.trials.urls")),
    path("api/", api.urls),
    path("", include("ldncare.web.pwa.urls")),
]

#: A bug answers a plain page (or the API's error body), never a traceback.
handler500 = "ldncare.web.errors.server_error"
