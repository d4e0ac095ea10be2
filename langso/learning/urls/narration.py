"""URLs of read-aloud narration: the public audio files, the learner's narration language,
recording, local languages and review.

`learn/narration/record/<step_id>/` has the shape of a lesson step (`learn/<skill>/<lesson>/<n>/`):
these patterns must come before the learner's in `urls/__init__.py`.
"""

from django.urls import path

from langso.learning.views import narration

urlpatterns = [
    path("learn/audio/<int:pk>.opus", narration.narration_audio, name="narration_audio"),
    path("learn/narration/language/", narration.narration_language, name="narration_language"),
    path("learn/narration/record/<int:step_id>/", narration.narration_record, name="narration_record"),
    path(
        "learn/narration/recordings/<int:pk>/audio/",
        narration.narration_recording_audio,
        name="narration_recording_audio",
    ),
    path("learn/narration/languages/new/", narration.narration_language_add, name="narration_language_add"),
    path("learn/narration/review/", narration.narration_review, name="narration_review"),
    path("learn/narration/review/<int:pk>/publish/", narration.narration_publish, name="narration_publish"),
    path("learn/narration/review/<int:pk>/reject/", narration.narration_reject, name="narration_reject"),
]
