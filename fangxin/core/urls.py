from django.urls import path

from fangxin.core import views

app_name = "core"
urlpatterns = [
    path("units/", views.units, name="units"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("working-days/", views.working_days, name="working_days"),
    path("rule-sets/", views.rule_sets, name="rule_sets"),
    path("rule-sets/<int:rule_set_id>/verify/", views.rule_set_verify, name="rule_set_verify"),
    path("rule-sets/limits/<int:limit_id>/", views.time_limit_edit, name="time_limit_edit"),
    path("holidays/", views.holidays, name="holidays"),
    path("holidays/<int:year>/", views.holiday_year, name="holiday_year"),
    path(
        "holidays/<int:year>/days/<int:day_id>/remove/",
        views.calendar_day_remove,
        name="calendar_day_remove",
    ),
]
