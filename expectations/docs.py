"""Make the GX Data Docs site readable offline.

GX pages load Bootstrap, jQuery, Vega and Font Awesome from CDNs, and its index page fills its
tables with JavaScript from those CDNs. Every remote asset reference is removed, a small inline
style sheet replaces Bootstrap, and the index is rewritten as plain HTML that links every page.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote

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
.ok { color: #1a7f37; } .failed { color: #b00020; font-weight: bold; } .rounding { color: #9a6700; }
.fa-times::before { content: "✗"; } .fa-check-circle::before, .fa-check::before { content: "✓"; }
</style>"""


# GX's words on a validation page, in the words of the finding (the run's name is set at the run).
OBSERVED_NULL = re.compile(r"(≈?)(\d+(?:\.\d+)?|NaN)% null")  # NaN: the rule found nothing at all
GX_WORDS = (("Data asset: None", "数据 Data: 本次检查的发现 the findings of this run"),)


def _observed(match: re.Match[str]) -> str:
    return (
        "没有发现 no findings"
        if match.group(2) in ("100", "NaN") and not match.group(1)
        else "有发现，见列表 findings: see the list"
    )


def plain_words(page: str) -> str:
    """A validation page saying what was found rather than GX's null percentages and empty asset."""
    for gx_words, ours in GX_WORDS:
        page = page.replace(gx_words, ours)
    return OBSERVED_NULL.sub(_observed, page)


def strip_remote_assets(page: str) -> str:
    """The page without CDN scripts, style sheets and images, with the inline style instead."""
    page = REMOTE_SCRIPT.sub("", page)
    page = REMOTE_TAG.sub("", page)
    page = REMOTE_CSS_URL.sub("none", page)
    return page.replace("</head>", OFFLINE_STYLE + "\n</head>", 1)


def remote_assets(page: str) -> list[str]:
    return REMOTE_ASSET.findall(page)


def summary_html(markdown: str) -> str:
    """HTML for the summary markdown that report.py writes: headings, bullets, pipe tables."""
    out: list[str] = []
    for line in markdown.splitlines():
        text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(line))
        text = re.sub(r"`(.+?)`", r"<code>\1</code>", text)
        if line.startswith("|"):
            if set(line) <= set("|-"):
                continue
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", text)[1:-1]]
            tag = "th" if not (out and out[-1].startswith("<tr>")) else "td"
            if tag == "th":
                out.append("<table>")
            out.append("<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>")
            continue
        if out and out[-1].startswith("<tr>"):
            out.append("</table>")
        if line.startswith("## "):
            out.append(f"<h2>{text[3:]}</h2>")
        elif line.startswith("# "):
            out.append(f"<h1>{text[2:]}</h1>")
        elif line.startswith("- "):
            out.append(f"<li>{text[2:]}</li>")
        elif line:
            out.append(f"<p>{text}</p>")
    if out and out[-1].startswith("<tr>"):
        out.append("</table>")
    return "\n".join(out)


STATUS_MARK = {
    "error": ' <span class="failed">有错误 errors</span>',
    "rounding": ' <span class="rounding">仅尾数误差 rounding only</span>',
    "ok": ' <span class="ok">全部精确 exact</span>',
}

# The rule families (expectations/rules.csv `suite`) as the index names them; others by their id.
FAMILY_NAMES = {
    "row_totals": "行合计 Row totals",
    "hierarchy": "科目层级 Subject hierarchy",
    "summary": "总表 Summary tables",
    "basic_expenditure": "基本支出 Basic expenditure",
    "three_public": "“三公”经费 Three public expenses",
    "cross_table": "表间一致 Agreement between tables",
    "completeness": "完整性 Completeness",
}


def index_page(title: str, summary_markdown: str, pages: list[tuple[str, str, str | None]]) -> str:
    """A plain index: a link per page (label, relative path, worst finding level) and the summary."""
    items = [
        f'<li><a href="{html.escape(quote(href))}">{html.escape(label)}</a>{STATUS_MARK.get(level or "", "")}</li>'
        for label, href, level in pages
    ]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n{OFFLINE_STYLE}\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n<h2>各组规则的检查结果与定义 Results and rules by family</h2>\n<ul>\n"
        + "\n".join(items)
        + f"\n</ul>\n{summary_html(summary_markdown)}\n</body>\n</html>\n"
    )


def _label(parts: tuple[str, ...]) -> str:
    suite = parts[1] if parts[0] == "validations" else Path(parts[-1]).stem
    family = suite.removeprefix("juesuan_")
    name = FAMILY_NAMES.get(family, family)
    return f"检查结果 results: {name}" if parts[0] == "validations" else f"规则定义 rules: {name}"


def make_offline(site: Path, summary_markdown: str, suite_levels: dict[str, str]) -> Path:
    """Rewrite every page of the site for offline reading and write a plain index page.

    `suite_levels` gives each validated suite's worst finding: error, rounding or ok.
    """
    pages = []
    for path in sorted(site.rglob("*.html")):
        if path == site / "index.html":
            continue
        path.write_text(plain_words(strip_remote_assets(path.read_text(encoding="utf-8"))), encoding="utf-8")
        parts = path.relative_to(site).parts
        level = suite_levels.get(parts[1], "ok") if parts[0] == "validations" else None
        pages.append((_label(parts), path.relative_to(site).as_posix(), level))
    pages.sort(key=lambda page: page[2] is None)  # validation results first
    index = site / "index.html"
    index.write_text(index_page("决算仓 数据质量检查 Data-quality check", summary_markdown, pages), encoding="utf-8")
    return index
