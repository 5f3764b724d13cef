"""HTML reports: safe parse, main content, paragraphs as lines, tables as grids with provenance.

* Parsing uses lxml's HTML parser with ``no_network=True``; the HTML parser never expands DTD
  entities (an internal subset is cut off before parsing), so "billion laughs" stays text and no
  external entity, image, stylesheet or script is ever fetched.
* Page chrome (script, style, nav, header, footer, forms, elements whose class/id names chrome) is
  dropped; the main content is the container the text concentrates in (greedy descent).
* Each paragraph becomes a line. Each data table becomes one line per row, cells separated by a
  tab, and a :class:`~gxreview.document.Grid` whose cells carry offsets into the body; a merged
  cell has one origin cell (with its text, rowspan and colspan) and empty copies pointing at it.
"""

from __future__ import annotations

import re
import unicodedata

from ..config import Limits
from ..document import Grid
from ..errors import InputError
from . import Extracted
from .decode import decode_bytes, normalise_charset
from .layout import MAX_SPAN, CellSpec, TextBuilder, clean

# --- declared as data -------------------------------------------------------------------------

DROP_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
    "canvas", "template", "nav", "header", "footer", "aside", "form", "button", "select", "input",
    "textarea", "link", "meta", "head", "title", "img", "audio", "video", "source", "map", "area",
})
# class/id words that name page chrome (matched as whole words of the attribute)
CHROME_WORDS = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|mainnav|header|head|footer|foot|breadcrumb|crumb|crumbs|position|location|"
    r"share|sidebar|side|toolbar|banner|search|login|copyright|related|pager|pagination|print|topbar|"
    r"skip|advert|ads|fixed-tool|wza|barrier-free)(?:$|[\s_\-])",
    re.I,
)
CHROME_MAX_SHARE = 0.3  # a chrome-named element holding more of the page's text than this is kept
CONTAINER_TAGS = frozenset({"html", "body", "div", "article", "section", "main", "center", "table", "tbody",
                            "thead", "tfoot", "tr", "td", "th", "font", "span", "blockquote", "dl", "dd"})
BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "section",
                        "article", "blockquote", "pre", "dd", "dt", "dl", "center", "table", "caption", "main",
                        "address", "figure", "figcaption", "hr", "body"})
TEXT_BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote"})
DESCEND_SHARE = 0.75  # go into a child holding at least this share of the text …
CONTENT_LEVEL_SHARE = 0.2  # … unless this share of the text already sits in paragraphs here

# label → meta key, for "label：value" lines and label/value table cells of the page header
META_LABELS: dict[str, str] = {
    "标题": "标题", "名称": "标题", "信息名称": "标题", "文章标题": "标题",
    "发布时间": "发布时间", "发布日期": "发布时间", "公开日期": "发布时间", "公开时间": "发布时间",
    "发文日期": "发布时间", "生成日期": "发布时间",
    "成文日期": "成文日期", "发布机构": "发布机构", "索引号": "索引号", "文号": "文号",
}
META_NAMES: dict[str, str] = {  # <meta name=…> → meta key
    "articletitle": "标题", "og:title": "标题", "dc.title": "标题",
    "pubdate": "发布时间", "publishdate": "发布时间", "firstpublishedtime": "发布时间",
    "article:published_time": "发布时间", "dc.date": "发布时间", "dcterms.issued": "发布时间",
    "published_time": "发布时间", "maketime": "发布时间",
}
# every label ends with one of these characters: an element holding none of them has no label
_META_LABEL_CHARS = re.compile("[" + re.escape("".join(sorted({k[-1] for k in META_LABELS}))) + "]")
TITLE_SITE_SUFFIX = re.compile(r"\s*[-_|–—]\s*[^-_|–—]{1,30}$")

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,30})""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]{0,200}\?>", re.I)
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]{0,500}\[.*?\]\s*>", re.I | re.S)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def read_html(data: bytes, source: str, limits: Limits) -> Extracted:
    """Read an HTML page into body text, grids and metadata (never fetches anything)."""
    import lxml.html

    m = _META_CHARSET.search(data[:16384])
    declared = m.group(1).decode("ascii", "replace") if m else None
    text, enc, notes = decode_bytes(data, source, declared if normalise_charset(declared) else None)
    text = _XML_DECL.sub("", text, count=1)
    text = _DOCTYPE_SUBSET.sub("", text[:200000], count=1) + text[200000:]
    if not text.strip():
        raise InputError(source, "the HTML page is empty", "E002")
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True,
                                  default_doctype=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except Exception as e:  # lxml raises ParserError/ValueError on hopeless input
        raise InputError(source, f"cannot parse the HTML ({type(e).__name__}: {e})", "E006") from None
    meta = _page_meta(root)
    _drop_chrome(root)
    main = _main_content(root)
    builder = _Builder(limits)
    title = _title_before(main)
    if title is not None:
        builder.block(title)
    builder.block(main)
    body, grids = builder.finish()
    notes = list(notes) + builder.notes
    return Extracted(body=body, grids=grids, meta=meta, notes=notes, encoding=enc)


# --- metadata ---------------------------------------------------------------------------------

def _page_meta(root) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or "").strip().lower()
        key = META_NAMES.get(name)
        val = clean(el.get("content"))
        if key and val and key not in meta:
            meta[key] = val
    labelled: dict[str, str] = {}
    for el in root.iter("td", "th", "span", "div", "li", "p", "strong", "b", "label", "dt"):
        if len(el) > 4:
            continue
        txt = el.text_content()
        if not _META_LABEL_CHARS.search(txt):
            continue  # holds no label (perf only: clean() changes whitespace only)
        txt = clean(txt)
        if not txt or len(txt) > 120:
            continue
        parts = re.split(r"[:：]", txt, maxsplit=1)
        lab, val = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
        key = META_LABELS.get(lab.replace(" ", ""))
        if not key:
            continue
        if not val and el.tag in ("td", "th", "dt"):
            nxt = el.getnext()
            val = clean(nxt.text_content()) if nxt is not None else ""
        if key == "发布时间" and not _DATE.search(val):
            continue
        if val and key not in labelled and len(val) <= 100:
            labelled[key] = val
    for k, v in labelled.items():
        if k == "标题" or k not in meta:
            meta[k] = v
    if "标题" not in meta:
        head_title = root.find(".//head/title")
        t = clean(head_title.text_content()) if head_title is not None else ""
        if t:
            meta["标题"] = t
    if "标题" not in meta:
        h1 = next(iter(root.iter("h1")), None)
        if h1 is not None and clean(h1.text_content()):
            meta["标题"] = clean(h1.text_content())
    if meta.get("标题"):
        stripped = TITLE_SITE_SUFFIX.sub("", meta["标题"])
        if stripped != meta["标题"] and "报告" in stripped:
            meta["标题"] = stripped  # "…年度报告-某某局" → drop the site name
    return meta


# --- chrome and main content ------------------------------------------------------------------

# Characters ``str.isdigit`` accepts beyond the decimal digits of ``\d`` (superscripts, circled
# digits…), listed for the Unicode version they were taken from (checked at import).
_OTHER_DIGITS = ("\u00b2\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468"
                 "\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792"
                 "\U00010a40-\U00010a43\U00010e60-\U00010e68\U00011052-\U0001105a\U0001f100-\U0001f10a")
_NOT_COUNTED = re.compile(f"[^\u4e00-\u9fff\\d{_OTHER_DIGITS}]+")


def _cjk_len_plain(s: str) -> int:
    return sum(1 for ch in s if "\u4e00" <= ch <= "\u9fff" or ch.isdigit())


def _cjk_len_fast(s: str) -> int:
    return len(_NOT_COUNTED.sub("", s))


# the table above is exact for Unicode 14.0 (CPython 3.11); elsewhere count character by character
_cjk_len = _cjk_len_fast if unicodedata.unidata_version == "14.0.0" else _cjk_len_plain


def _drop_chrome(root) -> None:
    body = root.find("body")
    total = _cjk_len((body if body is not None else root).text_content()) or 1
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            doomed.append(el)
            continue
        tag = el.tag.lower()
        if tag in DROP_TAGS:
            doomed.append(el)
            continue
        cls, ident = el.get("class"), el.get("id")
        if cls is None and ident is None:
            continue  # no class/id to name chrome (perf only)
        attrs = f"{cls or ''} {ident or ''}"
        if attrs.strip() and CHROME_WORDS.search(attrs) and tag not in ("td", "th", "tr", "table", "tbody"):
            if _cjk_len(el.text_content()) <= CHROME_MAX_SHARE * total:
                doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        # keep the tail text (it belongs to the parent)
        if el.tail:
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def _score(el, memo: dict | None = None) -> int:
    """Text characters of ``el`` outside links (``memo``: scores already known, tree unchanged)."""
    if memo is not None and el in memo:
        return memo[el]
    links = sum(_cjk_len(a.text_content()) for a in el.iter("a"))
    score = max(0, _cjk_len(el.text_content()) - links)
    if memo is not None:
        memo[el] = score
    return score


def _main_content(root):
    node = root.find("body")
    if node is None:
        node = root
    memo: dict = {}  # the tree does not change while the content is looked for
    for _ in range(200):
        total = _score(node, memo)
        if total == 0:
            break
        para = sum(_score(c, memo) for c in node if isinstance(c.tag, str) and c.tag.lower() in TEXT_BLOCK_TAGS)
        para += _cjk_len(node.text or "") + sum(_cjk_len(c.tail or "") for c in node)
        if para >= CONTENT_LEVEL_SHARE * total:
            break
        kids = [c for c in node if isinstance(c.tag, str)]
        if not kids:
            break
        best = max(kids, key=lambda c: _score(c, memo))
        if best.tag.lower() not in CONTAINER_TAGS and best.tag.lower() in BLOCK_TAGS:
            break
        if _score(best, memo) < DESCEND_SHARE * total:
            break
        if best.tag.lower() == "table" and not _is_layout_table(best):
            break
        node = best
    return node


def _title_before(main):
    """A heading (h1/h2) just before the main content, e.g. the report title above the article."""
    el = main
    for _ in range(4):
        sib = el.getprevious()
        while sib is not None:
            if isinstance(sib.tag, str) and sib.tag.lower() in ("h1", "h2"):
                return sib if clean(sib.text_content()) else None
            sib = sib.getprevious()
        el = el.getparent()
        if el is None:
            return None
    return None


def _is_layout_table(table) -> bool:
    """A table used for page layout: it contains other tables or long blocks of paragraphs."""
    for el in table.iter("table", "p", "h1", "h2", "h3"):
        if el is not table and (el.tag == "table" or len(clean(el.text_content())) > 200):
            return True
    return False


# --- text and grids ---------------------------------------------------------------------------

class _Builder(TextBuilder):
    """Walks the main content: inline text gathers into lines, block elements end lines."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(limits, "html")
        self.cur: list[str] = []

    def _flush(self) -> None:
        self.line("".join(self.cur))
        self.cur = []

    def block(self, el) -> None:
        """Render ``el`` (its text, children and their tails, not its own tail) as lines and grids."""
        # stack entries: ("open", element, None) or ("close", is_block, tail)
        stack: list[tuple] = [("open", el, None)]
        while stack:
            kind, node, tail = stack.pop()
            if kind == "close":
                if node:  # a block ends: its line ends
                    self._flush()
                if tail:
                    self.cur.append(tail)
                continue
            tail = node.tail if node is not el else None
            tag = node.tag.lower() if isinstance(node.tag, str) else ""
            if tag == "table" and not _is_layout_table(node):
                self._flush()
                self._table(node)
                stack.append(("close", False, tail))
                continue
            if tag == "br":
                self._flush()
                stack.append(("close", False, tail))
                continue
            is_block = tag in BLOCK_TAGS or tag in ("td", "th")
            if is_block:
                self._flush()
            if node.text:
                self.cur.append(node.text)
            stack.append(("close", is_block, tail))
            for child in reversed(list(node)):
                if isinstance(child.tag, str):
                    stack.append(("open", child, None))
                elif child.tail:  # a comment or PI left by a recovering parse: keep its tail
                    stack.append(("close", False, child.tail))
        self._flush()

    def _table(self, table) -> None:
        rows = [tr for tr in table.iter("tr") if _owning_table(tr) is table]
        n_rows = len(rows)
        occupied: set[tuple[int, int]] = set()
        specs: list[CellSpec] = []
        budget = self.limits.max_table_cells
        for r, tr in enumerate(rows):
            c = 0
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                    continue
                while (r, c) in occupied:
                    c += 1
                rs = _span(cell.get("rowspan"), n_rows - r)
                cs = _span(cell.get("colspan"), MAX_SPAN)
                if len(occupied) + rs * cs > budget:
                    break
                specs.append(CellSpec(r, c, cell.text_content(), rs, cs))
                occupied.update((r + dr, c + dc) for dr in range(rs) for dc in range(cs))
                c += cs
        self.table(specs, n_rows)

    def finish(self) -> tuple[str, tuple[Grid, ...]]:
        self._flush()
        return super().finish()


def _owning_table(el):
    p = el.getparent()
    while p is not None and (not isinstance(p.tag, str) or p.tag.lower() != "table"):
        p = p.getparent()
    return p


_NOT_ASCII_DIGIT = re.compile(r"[^0-9]")


def _span(v: str | None, cap: int) -> int:
    if v is None:
        n = 1
    else:
        try:
            n = int(_NOT_ASCII_DIGIT.sub("", v) or 1)
        except ValueError:
            n = 1
    if n <= 0:  # rowspan="0": to the end of the table
        n = cap
    return max(1, min(n, cap, MAX_SPAN))
