from django.utils.cache import add_never_cache_headers, patch_cache_control

# No page of ours uses these browser features; saying so stops embedded content from asking.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class PrivacyHeadersMiddleware:
    """Pages shown to a signed-in person may hold personal data: no cache may keep them
    (browsers' back/forward cache and shared proxies would otherwise keep a copy after
    sign-out or a quick exit). Every page also refuses camera, microphone and location."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
