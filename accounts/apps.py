from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from accounts.kept_input import data_rights as kept_input_data_rights
        from accounts.kept_input.services import kept_input_take
        from accounts.models import User
        from accounts.services import authenticator_secrets_rotate, register_personal_data
        from cpse import crypto
        from cpse.audit.services import track
        from cpse.forms import register_unsaved_input_store

        track(User, m2m_fields=("groups",))
        register_personal_data()
        kept_input_data_rights.register()
        register_unsaved_input_store("quick_exit", kept_input_take)
        crypto.register_rotation("mfa.Authenticator", authenticator_secrets_rotate)
