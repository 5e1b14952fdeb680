"""Plan pages (being written)."""

from django.http import Http404


def province_plans(request, *args, **kwargs):
    raise Http404


def create(request, *args, **kwargs):
    raise Http404


def detail(request, *args, **kwargs):
    raise Http404


def edit(request, *args, **kwargs):
    raise Http404


def transition(request, *args, **kwargs):
    raise Http404


def endorse(request, *args, **kwargs):
    raise Http404


def rebase(request, *args, **kwargs):
    raise Http404


def comment(request, *args, **kwargs):
    raise Http404


def resolve(request, *args, **kwargs):
    raise Http404


def history(request, *args, **kwargs):
    raise Http404


def review_section(request, *args, **kwargs):
    raise Http404


def section(request, *args, **kwargs):
    raise Http404


def help_index(request, *args, **kwargs):
    raise Http404


def help_page(request, *args, **kwargs):
    raise Http404
