"""What Open Loyalty's 3.x cockpits call at boot: translations, the 13 choice types (and
deliveryStatus), the activation method and the settings (cockpit facts sections 1-3)."""
import json
import zoneinfo

import pytest

from tests.conftest import JOHN

BOOT_CHOICES = [
    "language", "timezone", "country", "promotedEvents", "availableCustomerStatuses",
    "availableFrontendTranslations", "earningRuleLimitPeriod", "referralEvents", "referralTypes",
    "availableAccountActivationMethods", "smsGatewayConfig", "availableMarketingVendors", "availablePointExpireAfter",
]
NOT_FOUND = {"error": {"code": 404, "message": "Not Found"}}


# --- translations


def test_translations_are_an_empty_object_without_a_file(client):
    response = client.get("/api/translations")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json == {}


def test_translations_ignore_any_token(client):
    assert client.get("/api/translations", headers={"Authorization": "Bearer not-a-token"}).json == {}


def test_translations_come_from_the_configured_file(make_app, tmp_path):
    path = tmp_path / "en.json"
    path.write_text(json.dumps({"global": {"program_name": "Mój program"}, "Bad credentials": "Nope"}), "utf-8")
    client = make_app(TRANSLATIONS_FILE=str(path)).test_client()
    response = client.get("/api/translations")
    assert response.json == {"global": {"program_name": "Mój program"}, "Bad credentials": "Nope"}
    assert b"\\u00f3" in response.data  # non-ASCII escaped, compact, as PHP's encoder writes it
    path.write_text(json.dumps({"global": {"program_name": "Changed"}}), "utf-8")
    assert client.get("/api/translations").json == {"global": {"program_name": "Changed"}}


def test_translations_per_language_come_from_the_configured_folder(make_app, tmp_path, auth):
    (tmp_path / "pl.json").write_text(json.dumps({"nav": {"customers": "Klienci"}}), "utf-8")
    app = make_app(TRANSLATIONS_DIR=str(tmp_path))
    client = app.test_client()
    assert client.get("/api/translations").json == {}
    one = client.get("/api/admin/translations/pl", headers=auth.headers("admin"))
    assert json.loads(one.json["content"]) == {"nav": {"customers": "Klienci"}}
    made_default = client.put("/api/admin/translations/pl", headers=auth.headers("admin"),
                              json={"translation": {"default": True}})
    assert made_default.status_code == 200, made_default.json
    assert client.get("/api/translations").json == {"nav": {"customers": "Klienci"}}


def test_a_broken_translations_file_is_a_503_that_says_why(make_app, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", "utf-8")
    response = make_app(TRANSLATIONS_FILE=str(path)).test_client().get("/api/translations")
    assert response.status_code == 503
    assert "broken.json" in response.json["hint"]


def test_admin_lists_the_languages(client, auth):
    response = client.get("/api/admin/translations", headers=auth.headers("admin"))
    assert response.status_code == 200
    assert list(response.json) == ["translations", "total"]
    assert response.json["total"] == 2
    english, polish = response.json["translations"]
    assert list(english) == ["code", "name", "default", "order", "updatedAt"]
    assert (english["code"], english["name"], english["default"], english["order"]) == ("en", "English", True, 0)
    assert (polish["code"], polish["default"]) == ("pl", False)


def test_one_language_carries_its_translations_as_json_text(client, auth):
    response = client.get("/api/admin/translations/en", headers=auth.headers("admin"))
    assert response.status_code == 200
    assert list(response.json) == ["code", "name", "default", "order", "content", "updatedAt"]
    assert json.loads(response.json["content"]) == {}


def test_unknown_language_is_404(client, auth):
    response = client.get("/api/admin/translations/xx", headers=auth.headers("admin"))
    assert response.status_code == 404
    assert response.json["error"] == NOT_FOUND["error"]


def test_a_team_loads_its_own_translations_at_run_time(client, auth):
    admin = auth.headers("admin")
    strings = {"global": {"program_name": "Our loyalty"}, "xhr": {"get_settings": {"error": "Could not load"}}}
    response = client.put("/api/admin/translations/en", headers=admin,
                          json={"translation": {"content": json.dumps(strings)}})
    assert response.status_code == 200, response.json
    assert client.get("/api/translations").json == strings
    assert json.loads(client.get("/api/admin/translations/en", headers=admin).json["content"]) == strings


def test_a_new_default_language_is_served_to_everybody(client, auth):
    admin = auth.headers("admin")
    created = client.post("/api/admin/translations", headers=admin, data={
        "translation[code]": "de", "translation[name]": "Deutsch", "translation[default]": "1",
        "translation[order]": "2", "translation[content]": json.dumps({"nav": {"customers": "Kunden"}})})
    assert created.status_code == 200, created.json
    assert created.json["code"] == "de" and created.json["default"] is True
    assert client.get("/api/translations").json == {"nav": {"customers": "Kunden"}}
    listed = client.get("/api/admin/translations", headers=admin).json
    assert [(entry["code"], entry["default"]) for entry in listed["translations"]] == [
        ("en", False), ("pl", False), ("de", True)]
    assert client.delete("/api/admin/translations/de", headers=admin).status_code == 204
    assert client.get("/api/translations").json == {}  # no default language left
    assert client.get("/api/admin/translations/de", headers=admin).status_code == 404


@pytest.mark.parametrize("sent, field", [
    ({"name": "Deutsch"}, "code"),
    ({"code": "de"}, "name"),
    ({"code": "de", "name": "Deutsch", "content": "{not json"}, "content"),
    ({"code": "de", "name": "Deutsch", "content": "[1, 2]"}, "content"),
])
def test_a_bad_language_is_a_form_error_and_stores_nothing(client, auth, sent, field):
    admin = auth.headers("admin")
    response = client.post("/api/admin/translations", headers=admin, json={"translation": sent})
    assert response.status_code == 400
    assert response.json["form"]["children"][field]["errors"]
    assert client.get("/api/admin/translations", headers=admin).json["total"] == 2


def test_an_existing_code_is_a_form_error(client, auth):
    response = client.post("/api/admin/translations", headers=auth.headers("admin"),
                           json={"translation": {"code": "pl", "name": "Polish again"}})
    assert response.status_code == 400
    assert response.json["form"]["children"]["code"]["errors"] == ["This value is already used."]


# --- choices


@pytest.mark.parametrize("kind", BOOT_CHOICES + ["deliveryStatus"])
def test_every_choice_type_answers_anonymously_with_its_key(client, kind):
    response = client.get(f"/api/settings/choices/{kind}")
    assert response.status_code == 200
    key = "fields" if kind == "smsGatewayConfig" else "choices"
    assert list(response.json) == [key]
    if kind != "smsGatewayConfig":
        assert response.json[key]


@pytest.mark.parametrize("kind", ["nope", "Language", "settings"])
def test_an_unknown_choice_type_is_404(client, kind):
    response = client.get(f"/api/settings/choices/{kind}")
    assert response.status_code == 404
    assert response.json["error"] == NOT_FOUND["error"]


def test_choices_work_with_a_token_too(client, auth):
    for kind in ("customer", "admin", "seller"):
        assert client.get("/api/settings/choices/country", headers=auth.headers(kind)).status_code == 200


def test_constant_choices_are_open_loyaltys(client):
    def choices(kind):
        return client.get(f"/api/settings/choices/{kind}").json

    assert choices("availableCustomerStatuses") == {"choices": ["new", "active", "blocked", "deleted"]}
    assert choices("deliveryStatus") == {"choices": ["ordered", "shipped", "delivered", "canceled"]}
    assert list(choices("earningRuleLimitPeriod")["choices"].values()) == [
        "day", "week", "month", "3 months", "6 months", "1 year", "forever"]
    assert choices("referralTypes") == {"choices": {"referred": "referred", "referrer": "referrer", "both": "both"}}
    assert choices("availablePointExpireAfter")["choices"]["after_x_days"] == "settings.after_x_days"
    assert choices("availableMarketingVendors") == {"choices": {"none": {"name": "Disabled", "config": []}}}
    assert choices("smsGatewayConfig") == {"fields": []}
    assert choices("availableAccountActivationMethods") == {"choices": ["email", "sms"]}
    assert choices("promotedEvents")["choices"]["First purchase"] == "oloy.transaction.customer_first_transaction"


def test_languages_and_countries_are_named_in_english_by_name(client):
    languages = client.get("/api/settings/choices/language").json["choices"]
    assert languages["German"] == "de" and languages["Polish"] == "pl" and languages["British English"] == "en_GB"
    assert len(languages) > 300
    assert list(languages) == sorted(languages, key=str.casefold)
    countries = client.get("/api/settings/choices/country").json["choices"]
    assert countries["Poland"] == "PL" and countries["Belarus"] == "BY"
    assert 240 <= len(countries) <= 260
    assert all(len(code) == 2 and code.isupper() for code in countries.values())
    assert "World" not in countries and "European Union" not in countries


def test_timezones_are_grouped_by_region_with_readable_labels(client):
    regions = client.get("/api/settings/choices/timezone").json["choices"]
    assert regions["America"]["Argentina - Buenos Aires"] == "America/Argentina/Buenos_Aires"
    assert regions["Europe"]["Warsaw"] == "Europe/Warsaw"
    assert regions["Other"] == {"UTC": "UTC"}
    zones = [zone for labels in regions.values() for zone in labels.values()]
    assert 400 <= len(zones) <= 460
    assert all(zone in zoneinfo.available_timezones() for zone in zones)


def test_frontend_translations_list_the_languages_without_content(client, auth):
    entries = client.get("/api/settings/choices/availableFrontendTranslations").json["choices"]
    assert [(entry["code"], entry["name"], entry["default"]) for entry in entries] == [
        ("en", "English", True), ("pl", "Polski", False)]
    assert all("content" not in entry for entry in entries)


# --- settings


def test_activation_method_follows_the_store_setting(client):
    assert client.get("/api/settings/activation-method").json == {"method": "email"}
    client.put("/_dev/stores/DEFAULT/settings", json={"activationMethod": "sms"})
    assert client.get("/api/settings/activation-method").json == {"method": "sms"}


def test_public_settings_need_a_token(client, auth):
    assert client.get("/api/settings/public").status_code == 401
    for kind in ("customer", "seller", "admin"):
        response = client.get("/api/settings/public", headers=auth.headers(kind))
        assert response.json == {"settings": {"allowCustomersProfileEdits": True}}


def test_settings_hold_the_fixture_defaults(client, auth):
    response = client.get("/api/settings", headers=auth.headers("admin"))
    assert response.status_code == 200
    settings = response.json["settings"]
    assert settings["currency"] == "eur" and settings["timezone"] == "Europe/Warsaw"
    assert settings["programName"] == "Loyalty Program" and settings["accountActivationMethod"] == "email"
    assert settings["pointsDaysActiveCount"] == 30 and settings["returns"] is True
    assert settings["customerStatusesEarning"] == ["active"]
    assert [item["field"] for item in settings["customersIdentificationPriority"]] == [
        "email", "loyaltyCardNumber", "phone"]
    assert "levelDowngradeDays" not in settings and "logo" not in settings  # unset values are left out


@pytest.mark.parametrize("kind, status", [("seller", 403), ("customer", 403), (None, 401)])
def test_settings_are_for_admins(client, auth, kind, status):
    headers = auth.headers(kind) if kind else {}
    assert client.get("/api/settings", headers=headers).status_code == status
    assert client.post("/api/settings", headers=headers, json={"settings": {"programName": "X"}}).status_code == status


def test_saved_settings_persist_and_the_store_values_are_the_customer_apis(client, auth):
    admin = auth.headers("admin")
    response = client.post("/api/settings", headers=admin, json={"settings": {
        "programName": "Our program", "accountActivationMethod": "sms", "currency": "pln",
        "levelDowngradeDays": 30, "customersIdentificationPriority": [
            {"priority": 2, "field": "email"}, {"priority": 1, "field": "phone"}]}})
    assert response.status_code == 200, response.json
    answered = response.json["settings"]
    assert (answered["accountActivationMethod"], answered["currency"]) == ("sms", "pln")  # the answer is the new state
    settings = client.get("/api/settings", headers=admin).json["settings"]
    assert settings["programName"] == "Our program" and settings["levelDowngradeDays"] == 30
    assert [item["field"] for item in settings["customersIdentificationPriority"]] == ["phone", "email"]
    assert client.get("/api/settings/activation-method").json == {"method": "sms"}
    registered = client.post("/api/DEFAULT/customer/register", headers=admin, json={"customer": {
        "firstName": "Sms", "lastName": "Only", "phone": "+48500900977", "agreement1": True}})
    assert registered.status_code == 200, registered.json  # an SMS store needs no e-mail
    details = client.get(f"/api/DEFAULT/customer/{JOHN}", headers=admin).json
    assert details["currency"] == "pln"


@pytest.mark.parametrize("sent, field", [
    ({"currency": "btc"}, "currency"),
    ({"pointsDaysActiveCount": "many"}, "pointsDaysActiveCount"),
    ({"tierAssignType": "luck"}, "tierAssignType"),
    ({"customerStatusesEarning": ["rich"]}, "customerStatusesEarning"),
    ({"returns": "perhaps"}, "returns"),
])
def test_a_bad_setting_is_a_form_error_and_changes_nothing(client, auth, sent, field):
    admin = auth.headers("admin")
    before = client.get("/api/settings", headers=admin).json
    response = client.post("/api/settings", headers=admin, json={"settings": sent})
    assert response.status_code == 400
    assert response.json["form"]["children"][field]["errors"]
    assert client.get("/api/settings", headers=admin).json == before


def test_an_unknown_setting_is_an_extra_field(client, auth):
    response = client.post("/api/settings", headers=auth.headers("admin"), json={"settings": {"colour": "red"}})
    assert response.status_code == 400
    assert response.json["errors"] == ["This form should not contain extra fields."]


def test_without_profile_edits_a_customer_may_change_only_its_agreements(client, auth):
    admin, john = auth.headers("admin"), auth.headers("customer", JOHN)
    client.post("/api/settings", headers=admin, json={"settings": {"allowCustomersProfileEdits": False}})
    assert client.get("/api/settings/public", headers=john).json == {"settings": {"allowCustomersProfileEdits": False}}
    refused = client.put(f"/api/DEFAULT/customer/{JOHN}", headers=john, json={"customer": {"firstName": "Johnny"}})
    assert refused.status_code == 400
    assert refused.json["form"]["children"]["firstName"]["errors"] == ["You don't have permission to edit this data."]
    assert client.get(f"/api/DEFAULT/customer/{JOHN}", headers=admin).json["firstName"] == "John"
    allowed = client.put(f"/api/DEFAULT/customer/{JOHN}", headers=john, json={"customer": {"agreement2": True}})
    assert allowed.status_code == 200, allowed.json
    by_admin = client.put(f"/api/DEFAULT/customer/{JOHN}", headers=admin, json={"customer": {"firstName": "Johnny"}})
    assert by_admin.status_code == 200
    assert client.get(f"/api/DEFAULT/customer/{JOHN}", headers=admin).json["firstName"] == "Johnny"


def test_conditions_url_points_at_the_customer_panel(client, auth):
    assert client.get("/api/settings/conditions-url").status_code == 401
    response = client.get("/api/settings/conditions-url", headers=auth.headers("customer"))
    assert response.json == {"url": "http://localhost:8183/#!/terms-conditions"}
