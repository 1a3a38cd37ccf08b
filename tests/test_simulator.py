"""The development simulator: signs and encrypts like WeChat, shows replies and later messages."""

from __future__ import annotations

from typing import Any

import pytest

from bot.simulator.app import create_simulator_app
from bot.simulator.fake_api import FakeWeChat
from tests.conftest import AES_KEY, APPID, TOKEN


def test_simulator_refuses_to_run_in_production() -> None:
    with pytest.raises(RuntimeError):
        create_simulator_app({"FAZHI_ENV": "production"})


def test_simulator_chats_with_the_real_webhook(gunicorn_server: Any, base_env: dict[str, str],
                                                fake_wechat: FakeWeChat) -> None:
    url = gunicorn_server(workers=1)
    sim_app = create_simulator_app({**base_env, "FAZHI_ENV": "development", "SIMULATOR_TARGET": f"{url}/wechat",
                                    "WECHAT_TOKEN": TOKEN, "WECHAT_APPID": APPID,
                                    "WECHAT_ENCODING_AES_KEY": AES_KEY})
    client = sim_app.test_client()
    page = client.get("/")
    assert page.status_code == 200 and "微信模拟器" in page.get_data(as_text=True)
    for body in ({"kind": "text", "text": "帮助", "encrypt": True},
                 {"kind": "text", "text": "帮助", "encrypt": False},
                 {"kind": "event", "event": "subscribe"},
                 {"kind": "voice", "recognition": "帮助", "media_id": "v1", "format": "amr"},
                 {"kind": "location", "latitude": "30.1", "longitude": "104.1", "scale": "15", "label": "场口"}):
        res = client.post("/send", json={"openid": "o_sim", **body}).get_json()
        assert res["ok"] is True and res["reply"], (body, res)
    # customer-service messages recorded by the fake API show up in the inbox
    fake_wechat.record("custom_send", {"touser": "o_sim", "msgtype": "text", "text": {"content": "后来的消息"}})
    assert client.get("/inbox?openid=o_sim").get_json()["messages"] == ["后来的消息"]
