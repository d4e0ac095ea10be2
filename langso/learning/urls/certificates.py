"""URLs of the certificates area: the learner's certificates, their PDFs, the public verification."""

from django.urls import path

from langso.learning.views import certificates

urlpatterns = [
    path("learn/certificates/", certificates.certificate_list, name="certificates"),
    path("learn/certificates/<str:code>.pdf", certificates.certificate_pdf, name="certificate_pdf"),
    path("verify/<str:code>/", certificates.verify, name="verify"),
]
