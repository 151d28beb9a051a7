"""Cockpit support, boot: the translations, the choices of the selects and the program settings."""
from flask import current_app, g, json

from openloyalty_standin.app.api.cockpit.blueprint import bp
from openloyalty_standin.app.auth import access
from openloyalty_standin.app.services import choices, program_settings, translations
from openloyalty_standin.app.wire import empty
from openloyalty_standin.schemas.cockpit.settings import (
    TRANSLATIONS,
    ActivationMethodSchema,
    ConditionsUrlSchema,
    LanguageEntrySchema,
    LanguageListSchema,
    NewTranslationRequest,
    ProgramSettingsSchema,
    PublicSettingsSchema,
    SettingChoicesSchema,
    SettingsRequest,
    TranslationRequest,
)
from openloyalty_standin.schemas.common import json_response


@bp.route("/translations", methods=["GET"])
@access("anonymous")
@bp.doc(**json_response(TRANSLATIONS))
def get_translations():
    """The default language's translations (the cockpits' angular-translate table)."""
    body = json.dumps(translations.served_translations(), ensure_ascii=True, separators=(",", ":"))
    return current_app.response_class(body, mimetype="application/json")


@bp.route("/admin/translations", methods=["GET"])
@access("admin")
@bp.response(200, LanguageListSchema)
def list_translations():
    """The languages of the translations."""
    found = translations.languages()
    return {"translations": found, "total": len(found)}


@bp.route("/admin/translations", methods=["POST"])
@access("admin")
@bp.arguments(NewTranslationRequest)
@bp.response(200, LanguageEntrySchema(exclude=("content",)))
def create_translation(body):
    """Add a language with its translations (a JSON object, or its JSON text)."""
    return translations.create_language(data=body["translation"])


@bp.route("/admin/translations/<code>", methods=["GET"])
@access("admin")
@bp.response(200, LanguageEntrySchema)
def get_translation(code):
    """One language, its translations as JSON text in `content`."""
    return translations.language_with_content(code)


@bp.route("/admin/translations/<code>", methods=["PUT"])
@access("admin")
@bp.arguments(TranslationRequest)
@bp.response(200, LanguageEntrySchema(exclude=("content",)))
def update_translation(body, code):
    """Change a language's name, order, default flag or translations."""
    return translations.update_language(language=translations.find_language(code), data=body["translation"])


@bp.route("/admin/translations/<code>", methods=["DELETE"])
@access("admin")
@bp.response(204)
def remove_translation(code):
    """Remove a language; without a default language the cockpits get {}."""
    translations.remove_language(language=translations.find_language(code))
    return empty(204)


@bp.route("/settings/choices/<kind>", methods=["GET"])
@access("anonymous")
@bp.response(200, SettingChoicesSchema)
def get_choices(kind):
    """The values of one of the cockpits' selects (language, timezone, country, ...); unknown: 404."""
    return choices.choices(kind)


@bp.route("/settings/activation-method", methods=["GET"])
@access("anonymous")
@bp.response(200, ActivationMethodSchema)
def get_activation_method():
    """How self-registered customers activate: email or sms."""
    return {"method": g.store.activation_method}


@bp.route("/settings/public", methods=["GET"])
@access("authenticated")
@bp.response(200, PublicSettingsSchema)
def get_public_settings():
    """The settings any signed-in user may read."""
    return program_settings.public_settings()


@bp.route("/settings", methods=["GET"])
@access("admin")
@bp.response(200, ProgramSettingsSchema)
def get_settings():
    """The program's stored settings."""
    return program_settings.all_settings(store=g.store)


@bp.route("/settings", methods=["POST"])
@access("admin")
@bp.arguments(SettingsRequest)
@bp.response(200, ProgramSettingsSchema)
def update_settings(body):
    """Change settings: every key sent is stored."""
    return program_settings.update_settings(store=g.store, data=body["settings"])


@bp.route("/settings/conditions-url", methods=["GET"])
@access("authenticated")
@bp.response(200, ConditionsUrlSchema)
def get_conditions_url():
    """Where the customer panel shows the program's terms and conditions."""
    return program_settings.conditions_url()
