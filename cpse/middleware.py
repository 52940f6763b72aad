from django.utils.cache import add_never_cache_headers, patch_cache_control


class PrivateResponseMiddleware:
    """Pages shown to a signed-in person may hold personal data: no cache may keep them.

    Browsers' back/forward cache and shared proxies would otherwise keep a copy after
    logout or a quick exit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated or getattr(response, "private_data", False):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
