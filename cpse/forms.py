"""Small helpers shared by views."""


def posted(request):
    """The submitted data, or None for a GET: a POST with no fields (an unticked box) is
    still a submission and must be validated, which `request.POST or None` would skip."""
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None
