from __future__ import annotations

from django.urls import path

from ldncare.web.library import views

app_name = "library"
urlpatterns = [
    path("", views.index, name="index"),
    path("monograph/", views.monograph, name="monograph"),
    path("conditions/", views.conditions, name="conditions"),
    path("conditions/<str:condition>/", views.condition, name="condition"),
    path("conditions/<str:condition>/handout.pdf", views.condition_handout_pdf,
         name="condition_handout"),
    path("side-effects/", views.side_effects, name="side_effects"),
    path("contraindications/", views.contraindications, name="contraindications"),
    path("faq/", views.faq, name="faq"),
    path("glossary/", views.glossary, name="glossary"),
    path("references/", views.references, name="references"),
    path("search/", views.search, name="search"),
    path("simulator/", views.simulator_page, name="simulator"),
]
