"""The public ask-for-help form: anyone (a resident, a relative) asks their village's digital team,
choosing the village by a commune search that needs no account."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from langso.common.forms import add_validation_errors
from langso.learning.services.learners import current_learner
from langso.places.models import Unit
from langso.training.forms.field import AskHelpForm, CommuneSearchForm
from langso.training.models import HelpChannel, HelpTopic
from langso.training.selectors import help as selectors
from langso.training.services.help import ask_for_help

#: the icon beside each topic's button
TOPIC_ICONS = {
    HelpTopic.VNEID: "id-card",
    HelpTopic.PAYMENT: "qr",
    HelpTopic.ZALO: "chat",
    HelpTopic.PUBLIC_SERVICES: "building",
    HelpTopic.SCAMS: "shield",
    HelpTopic.OTHER: "phone",
}


@login_not_required
@require_http_methods(["GET", "POST"])
def ask_help(request: HttpRequest) -> HttpResponse:
    person = current_learner(request)
    commune = selectors.get_commune(request.POST.get("commune") or request.GET.get("commune") or "")
    if commune is None and person is not None:
        commune = person.village.parent
    villages = selectors.villages_of(commune) if commune else Unit.objects.none()
    initial: dict[str, object] = {"commune": commune.code if commune else ""}
    if person is not None:
        initial |= {"name": person.full_name, "village": person.village_id, "phone": person.phone}
    form = AskHelpForm(request.POST or None, villages=villages, initial=initial)
    if request.method == "POST" and form.is_bot:
        return redirect("training:ask_help_sent")  # a bot is told it worked; nothing is kept
    if request.method == "POST" and form.is_valid():
        linked = (
            person if person is not None and person.village_id == form.cleaned_data["village"].pk else None
        )
        try:
            ask_for_help(
                actor=None,
                ask=form.to_ask(linked),
                channel=HelpChannel.RESIDENT if linked else HelpChannel.PUBLIC,
                client_uuid=form.cleaned_data["client_uuid"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("training:ask_help_sent")
    search = CommuneSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    context = {
        "form": form,
        "commune": commune,
        "search": search,
        "communes": selectors.communes_matching(query) if query else [],
        "query": query,
        "topics": [(value, label, TOPIC_ICONS[HelpTopic(value)]) for value, label in HelpTopic.choices],
    }
    return render(request, "training/field/ask_help.html", context, status=400 if form.errors else 200)


@login_not_required
@require_GET
def ask_help_communes(request: HttpRequest) -> HttpResponse:
    """The communes matching the typed name (htmx partial of the public form)."""
    search = CommuneSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    communes = selectors.communes_matching(query)
    return render(request, "training/field/_communes.html", {"communes": communes, "query": query})


@login_not_required
@require_GET
def ask_help_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "training/field/ask_help_sent.html")
