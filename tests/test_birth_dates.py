"""A birth date keeps its calendar day however often a client in UTC to UTC+14 reads it back and
saves it again, as the Open Loyalty admin cockpit does: a date alone is stored as midnight UTC and
rendered in the configured timezone (`1990-09-11T02:00:00+0200`). A moment with an offset keeps its
instant."""
from datetime import datetime, timedelta, timezone

import pytest

KOWALSKI = "e0eb0355-8aaa-4fb1-8159-f58e81b7a25c"
URL = f"/api/DEFAULT/customer/{KOWALSKI}"
OFFSETS = [0, 1, 2, 3, 5.5, 8, 9, 12, 13, 14]  # hours east of UTC


def birth_date(client, headers):
    return client.get(URL, headers=headers).json["birthDate"]


def save(client, headers, value):
    response = client.put(URL, json={"customer": {"birthDate": value}}, headers=headers)
    assert response.status_code == 200, response.json


def the_day_a_client_sees(rendered, hours):
    """What a browser at UTC+hours shows of the rendered moment: its calendar day there."""
    moment = datetime.strptime(rendered, "%Y-%m-%dT%H:%M:%S%z")
    return moment.astimezone(timezone(timedelta(hours=hours))).date().isoformat()


def test_a_date_alone_is_midnight_utc_shown_in_warsaw_time(client, auth):
    headers = auth.headers("admin")
    save(client, headers, "1990-09-11")
    assert birth_date(client, headers) == "1990-09-11T02:00:00+0200"
    save(client, headers, "1990-01-11")
    assert birth_date(client, headers) == "1990-01-11T01:00:00+0100"


@pytest.mark.parametrize("hours", OFFSETS)
def test_round_trips_of_a_client_east_of_utc_keep_the_day(client, auth, hours):
    headers = auth.headers("admin")
    save(client, headers, "1990-09-11")
    for _ in range(3):  # read it, show it, save what is shown: the cockpit's edit form
        shown = the_day_a_client_sees(birth_date(client, headers), hours)
        assert shown == "1990-09-11"
        save(client, headers, shown)


@pytest.mark.parametrize("hours", OFFSETS)
def test_the_rendered_value_sent_back_keeps_the_day(client, auth, hours):
    headers = auth.headers("admin")
    save(client, headers, "2001-12-31")
    for _ in range(3):
        rendered = birth_date(client, headers)
        save(client, headers, rendered)
        assert the_day_a_client_sees(birth_date(client, headers), hours) == "2001-12-31"
    assert birth_date(client, headers) == "2001-12-31T01:00:00+0100"


@pytest.mark.parametrize("sent, shown", [
    ("1990-09-11T15:30:00+05:30", "1990-09-11T12:00:00+0200"),
    ("1990-09-11T00:00:00Z", "1990-09-11T02:00:00+0200"),
    ("1990-09-10T22:00:00+00:00", "1990-09-11T00:00:00+0200"),
])
def test_a_moment_with_an_offset_keeps_its_instant(client, auth, sent, shown):
    headers = auth.headers("admin")
    save(client, headers, sent)
    assert birth_date(client, headers) == shown


def test_registration_and_self_registration_store_a_date_alone_alike(client, auth):
    body = {"customer": {"firstName": "Day", "lastName": "Keeper", "email": "day.keeper@example.com",
                         "birthDate": "1985-03-04", "agreement1": True, "plainPassword": "OpenLoyalty123!"}}
    created = client.post("/api/DEFAULT/customer/self_register", json=body)
    assert created.status_code == 200
    details = client.get(f"/api/DEFAULT/customer/{created.json['customerId']}", headers=auth.headers("admin"))
    assert details.json["birthDate"] == "1985-03-04T01:00:00+0100"
