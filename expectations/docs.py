"""Make the GX Data Docs site readable offline.

GX pages load Bootstrap, jQuery, Vega and Font Awesome from CDNs, and its index page fills its
tables with JavaScript from those CDNs. Every remote asset reference is removed, a small inline
style sheet replaces Bootstrap, and the index is rewritten as plain HTML that links every page.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']https?://[^>]*>\s*</script>", re.I)
REMOTE_TAG = re.compile(r"<(?:link|img)\b[^>]*\b(?:href|src)\s*=\s*[\"']https?://[^>]*>", re.I)
REMOTE_CSS_URL = re.compile(r"url\(\s*[\"']?https?://[^)]*\)", re.I)
REMOTE_ASSET = re.compile(
    r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=\s*[\"']https?://"
    r"|url\(\s*[\"']?https?://",
    re.I,
)

OFFLINE_STYLE = """<style>
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 1.5rem; color: #1b1f23; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #c8ccd0; padding: 0.2rem 0.5rem; vertical-align: top; text-align: left; }
thead[hidden] { display: none; }
pre, code { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 0.85rem; }
pre { background: #f6f8fa; padding: 0.8rem; overflow-x: auto; }
.ge-index-page-site-name-title, nav, .navbar, .sticky, .modal { display: none; }
.text-danger, .fa-times { color: #b00020; }
.text-success, .fa-check { color: #1a7f37; }
.card, .alert { border: 1px solid #d0d7de; margin: 0.6rem 0; padding: 0.6rem; }
.ok { color: #1a7f37; } .failed { color: #b00020; font-weight: bold; }
</style>"""


def strip_remote_assets(page: str) -> str:
    """The page without CDN scripts, style sheets and images, with the inline style instead."""
    page = REMOTE_SCRIPT.sub("", page)
    page = REMOTE_TAG.sub("", page)
    page = REMOTE_CSS_URL.sub("none", page)
    return page.replace("</head>", OFFLINE_STYLE + "\n</head>", 1)


def remote_assets(page: str) -> list[str]:
    return REMOTE_ASSET.findall(page)


def index_page(title: str, summary_markdown: str, pages: list[tuple[str, str, bool | None]]) -> str:
    """A plain index: the run summary and a link per page (label, relative path, passed)."""
    items = []
    for label, href, passed in pages:
        mark = (
            ""
            if passed is None
            else (' <span class="ok">passed</span>' if passed else ' <span class="failed">failed</span>')
        )
        items.append(f'<li><a href="{html.escape(href)}">{html.escape(label)}</a>{mark}</li>')
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n{OFFLINE_STYLE}\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n<h2>Validation results</h2>\n<ul>\n"
        + "\n".join(items)
        + f"\n</ul>\n<h2>Summary</h2>\n<pre>{html.escape(summary_markdown)}</pre>\n"
        "</body>\n</html>\n"
    )


def _label(path: Path, site: Path) -> str:
    parts = path.relative_to(site).parts
    if parts[0] == "validations":
        return f"validation: {parts[1]} ({parts[-2] if len(parts) > 3 else ''})"
    return f"expectation suite: {path.stem}"


def make_offline(site: Path, summary_markdown: str, failed_suites: set[str]) -> Path:
    """Rewrite every page of the site for offline reading; return the index page."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        if path.name == "index.html" and path.parent == site:
            continue
        path.write_text(strip_remote_assets(path.read_text(encoding="utf-8")), encoding="utf-8")
        parts = path.relative_to(site).parts
        passed = parts[1] not in failed_suites if parts[0] == "validations" else None
        pages.append((_label(path, site), path.relative_to(site).as_posix(), passed))
    index = site / "index.html"
    index.write_text(index_page("决算仓 data-quality check", summary_markdown, pages), encoding="utf-8")
    return index
