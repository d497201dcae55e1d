from __future__ import annotations

from django.urls import path

from ldncare.web.pharmacy import price_views, views

app_name = "pharmacy"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("formulas/", views.formulas, name="formulas"),
    path("orders/<int:order_id>/", views.order_detail, name="order"),
    path("orders/<int:order_id>/batches/", views.start_batch, name="start_batch"),
    path("orders/<int:order_id>/ship/", views.ship_order, name="ship_order"),
    path("batches/<int:batch_id>/", views.batch_detail, name="batch"),
    path("batches/<int:batch_id>/weights/", views.record_weights, name="record_weights"),
    path("batches/<int:batch_id>/verify/", views.verify_batch, name="verify_batch"),
    path("batches/<int:batch_id>/label.pdf", views.label_pdf, name="label_pdf"),
    path("batches/<int:batch_id>/labels.pdf", views.label_sheet_pdf, name="label_sheet_pdf"),
    path("details/", views.dispensing_details, name="details"),
    path("batches/<int:batch_id>/record.pdf", views.batch_record_pdf, name="batch_record_pdf"),
    path("lots/", views.lots, name="lots"),
    path("lots/<int:lot_id>/decision/", views.decide_lot, name="decide_lot"),
    path("recall/", views.recall, name="recall"),
    path("orders/<int:order_id>/cancel/", views.cancel_order, name="cancel_order"),
    path("orders/<int:order_id>/delivery/", views.confirm_delivery, name="confirm_delivery"),
    path("orders/<int:order_id>/return/", views.return_order, name="return_order"),
    path("patients/<int:patient_id>/orders/", views.patient_orders, name="patient_orders"),
    path("prices/", price_views.prices, name="prices"),
    path("orders/<int:order_id>/charge/", price_views.record_charge, name="record_charge"),
]
