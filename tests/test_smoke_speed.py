def test_fresh_app_serves_seeded_john(client, auth):
    response = client.get("/api/DEFAULT/customer/00000000-0000-474c-b092-b0dd880c07e1", headers=auth.headers("admin"))
    assert response.status_code == 200
    assert response.json["email"] == "user@example.com"
