from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from accounts.models import User
        from accounts.services import authenticator_secrets_rotate, register_personal_data
        from cpse import crypto
        from cpse.audit.services import track

        track(User, m2m_fields=("groups",))
        register_personal_data()
        crypto.register_rotation("mfa.Authenticator", authenticator_secrets_rotate)
