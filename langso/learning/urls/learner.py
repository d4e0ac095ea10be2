"""The learner's pages: skills, lesson steps, practice, the offline service worker, the kiosk."""

from django.urls import path

from langso.learning.views import learner

urlpatterns = [
    path("learn/", learner.skill_list, name="skill_list"),
    path("learn/sw.js", learner.service_worker, name="service_worker"),
    path("learn/api/attempts/", learner.attempt_api, name="attempt_api"),
    path("learn/card/", learner.learner_card, name="learner_card"),
    path("learn/kiosk/", learner.kiosk_pick, name="kiosk_pick"),
    path("learn/kiosk/open/<str:code>/", learner.kiosk_open, name="kiosk_open"),
    path("learn/kiosk/switch/", learner.kiosk_switch, name="kiosk_switch"),
    path("learn/kiosk/close/", learner.kiosk_close, name="kiosk_close"),
    path("learn/<slug:skill>/", learner.skill_detail, name="skill_detail"),
    path("learn/<slug:skill>/practice/", learner.practice, name="practice"),
    path("learn/<slug:skill>/<slug:lesson>/<int:number>/", learner.step, name="step"),
]
