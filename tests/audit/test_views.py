from fangxin.audit.services import Actor, record_event


def test_administrator_filters_the_log_by_action(client, personas, org):
    client.force_login(personas["bureau_admin"])
    body = client.get("/staff/audit/?action=user.create").content.decode()
    assert "<code>user.create</code>" in body and "<code>unit.create</code>" not in body


def test_bureau_administrator_sees_only_own_bureau(client, personas, org):
    record_event(
        actor=Actor(label="临县人员"),
        action="test.other_bureau",
        object_type="test.x",
        bureau_id=org["other_bureau"].pk,
    )
    client.force_login(personas["bureau_admin"])
    assert "test.other_bureau" not in client.get("/staff/audit/").content.decode()
    client.force_login(personas["admin"])
    assert "test.other_bureau" in client.get("/staff/audit/").content.decode()


def test_bad_date_range_is_reported(client, personas):
    client.force_login(personas["bureau_admin"])
    body = client.get("/staff/audit/?date_from=2026-05-01&date_to=2026-04-01").content.decode()
    assert "结束日期不能早于开始日期" in body


def test_csv_export_has_a_header_and_masked_data(client, personas):
    client.force_login(personas["bureau_admin"])
    response = client.get("/staff/audit/?export=csv&action=user.create")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert content.startswith("序号,时间,操作人")
    assert "13812341234" not in content


def test_log_page_never_shows_a_phone_number_in_clear(client, personas):
    client.force_login(personas["admin"])
    body = client.get("/staff/audit/").content.decode()
    assert "13812341234" not in body and "138****1234" in body


def test_csv_export_defuses_spreadsheet_formulas(client, personas):
    client.post("/accounts/login/", {"username": '=HYPERLINK("x")', "password": "x"})
    client.force_login(personas["admin"])
    response = client.get("/staff/audit/?export=csv&action=auth.login_failed")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in content
