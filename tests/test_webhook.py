"""The /wechat endpoint: verification, modes, refusals, official vectors, message kinds."""

from __future__ import annotations

import json
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.gate import sign
from tests.conftest import SHARED, TOKEN, WeChatHelper


def _query(ts: int | None = None, nonce: str = "12345") -> dict[str, str]:
    ts_s = str(ts or int(time.time()))
    return {"timestamp": ts_s, "nonce": nonce, "signature": sign(TOKEN, ts_s, nonce)}


def test_url_verification_echoes_echostr(client: FlaskClient) -> None:
    res = client.get("/wechat", query_string={**_query(), "echostr": "hello-123"})
    assert res.status_code == 200 and res.get_data(as_text=True) == "hello-123"


def test_url_verification_with_bad_signature_is_403(client: FlaskClient) -> None:
    res = client.get("/wechat", query_string={**_query(), "signature": "0" * 40, "echostr": "x"})
    assert res.status_code == 403


def test_plaintext_mode_round_trip(wechat: WeChatHelper) -> None:
    wechat.encrypt = False
    reply = wechat.send("text", "o_plain", text="帮助")
    assert reply is not None and reply["MsgType"] == "text"
    assert reply["ToUserName"] == "o_plain" and "查法条" in reply["Content"]


def test_safe_mode_replies_encrypted(wechat: WeChatHelper, client: FlaskClient) -> None:
    xml = wechat.sim.build_xml("text", "o_safe", text="帮助")
    signed = wechat.sim.sign(xml, encrypt=True)
    res = client.post("/wechat", query_string=signed.query, data=signed.body)
    body = res.get_data(as_text=True)
    assert res.status_code == 200 and "<Encrypt>" in body and "帮助" not in body
    reply = wechat.sim.read_reply(body, encrypted=True)
    assert reply is not None and "查法条" in reply["Content"]


def test_safe_mode_checks_msg_signature_not_only_signature(wechat: WeChatHelper, client: FlaskClient) -> None:
    signed = wechat.sim.sign(wechat.sim.build_xml("text", "o_x", text="hi"), encrypt=True)
    signed.query["msg_signature"] = "f" * 40  # ``signature`` still valid
    res = client.post("/wechat", query_string=signed.query, data=signed.body)
    assert res.status_code == 403


def test_compatible_mode_body_with_plaintext_and_ciphertext(wechat: WeChatHelper, client: FlaskClient) -> None:
    xml = wechat.sim.build_xml("text", "o_compat", text="帮助")
    signed = wechat.sim.sign(xml, encrypt=True)
    # compatible mode: the envelope also carries the plaintext fields
    body = signed.body.decode().replace("<xml>", "<xml>" + xml[5:-6], 1).encode()
    res = client.post("/wechat", query_string=signed.query, data=body)
    reply = wechat.sim.read_reply(res.data, encrypted=True)
    assert reply is not None and reply["ToUserName"] == "o_compat"


def test_bad_signature_is_403(wechat: WeChatHelper, client: FlaskClient) -> None:
    signed = wechat.sim.sign(wechat.sim.build_xml("text", "o_x", text="hi"), encrypt=False)
    signed.query["signature"] = "0" * 40
    assert client.post("/wechat", query_string=signed.query, data=signed.body).status_code == 403


def test_old_timestamp_is_403(wechat: WeChatHelper, client: FlaskClient) -> None:
    signed = wechat.sim.sign(wechat.sim.build_xml("text", "o_x", text="hi"), encrypt=True,
                             timestamp=int(time.time()) - 3600)
    assert client.post("/wechat", query_string=signed.query, data=signed.body).status_code == 403


def test_oversized_body_is_413(wechat: WeChatHelper, client: FlaskClient) -> None:
    signed = wechat.sim.sign(wechat.sim.build_xml("text", "o_x", text="长" * 30000), encrypt=False)
    assert len(signed.body) > 64 * 1024
    assert client.post("/wechat", query_string=signed.query, data=signed.body).status_code == 413


@pytest.mark.parametrize("prefix", [
    '<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    '<!doctype xml>',
    '<!ENTITY lol "lol">',
])
def test_doctype_or_entities_refused_before_parsing(wechat: WeChatHelper, client: FlaskClient, prefix: str) -> None:
    xml = prefix + wechat.sim.build_xml("text", "o_x", text="&e;")
    signed = wechat.sim.sign(xml, encrypt=False)
    assert client.post("/wechat", query_string=signed.query, data=signed.body).status_code == 400


def test_doctype_inside_ciphertext_refused(wechat: WeChatHelper, client: FlaskClient) -> None:
    xml = '<!DOCTYPE x [<!ENTITY a "b">]>' + wechat.sim.build_xml("text", "o_x", text="&a;")
    signed = wechat.sim.sign(xml, encrypt=True)
    assert client.post("/wechat", query_string=signed.query, data=signed.body).status_code == 400


def test_garbage_body_is_400_not_500(client: FlaskClient) -> None:
    res = client.post("/wechat", query_string=_query(), data=b"not xml at all")
    assert res.status_code == 400


def _shared_text(*parts: str) -> str:
    """A file from ../shared (read-only material next to the repository), or skip without it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} absent")
    return path.read_text(encoding="utf-8")


@pytest.mark.config(WECHAT_REPLAY_WINDOW=0)
def test_official_vectors_decrypt_byte_for_byte(app: Flask, client: FlaskClient) -> None:
    from bot.gate import Gate

    data = json.loads(_shared_text("wechat", "official_vectors.json"))
    for vector in data["vectors"]:
        gate = Gate(vector["token"], vector["encoding_aes_key"], vector["appid"], replay_window=0)
        plain = gate.open(vector["query"], vector["body"].encode())
        assert plain == vector["expected_plaintext"]
        # and the whole endpoint accepts it when configured with that account
        app.extensions.pop("fazhi.gate", None)
        app.config.update(WECHAT_TOKEN=vector["token"], WECHAT_ENCODING_AES_KEY=vector["encoding_aes_key"],
                          WECHAT_APPID=vector["appid"])
        res = client.post("/wechat", query_string=vector["query"], data=vector["body"])
        assert res.status_code == 200
        assert "<Encrypt>" in res.get_data(as_text=True)


def test_official_vector_rejected_with_replay_window_on(client: FlaskClient, app: Flask) -> None:
    data = json.loads(_shared_text("wechat", "official_vectors.json"))
    vector = data["vectors"][0]
    app.extensions.pop("fazhi.gate", None)
    app.config.update(WECHAT_TOKEN=vector["token"], WECHAT_ENCODING_AES_KEY=vector["encoding_aes_key"],
                      WECHAT_APPID=vector["appid"])
    res = client.post("/wechat", query_string=vector["query"], data=vector["body"])
    assert res.status_code == 403


def test_every_sample_message_kind_gets_a_200(wechat: WeChatHelper, client: FlaskClient) -> None:
    lines = _shared_text("wechat", "message_samples.jsonl").splitlines()
    assert len(lines) >= 40
    for line in lines:
        sample = json.loads(line)
        xml = sample["xml"].replace("<CreateTime>", "<CreateTime>", 1)
        signed = wechat.sim.sign(xml, encrypt=True)
        res = client.post("/wechat", query_string=signed.query, data=signed.body)
        assert res.status_code == 200, (sample["name"], res.status_code, res.get_data(as_text=True))
