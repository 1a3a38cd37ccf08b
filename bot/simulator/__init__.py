"""Offline stand-ins for the WeChat platform: its HTTP API, and its servers' side of the webhook."""
