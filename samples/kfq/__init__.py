"""The 白鹭湖经济开发区 sample portal (fictional 开发区, TRS WCM style)."""

from .generator import SITE_DIR, TRUTH_FILE, generate

__all__ = ["SITE_DIR", "TRUTH_FILE", "generate"]
