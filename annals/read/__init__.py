"""Read a document from disk or from bytes into plain text.

:func:`read_path` and :func:`read_bytes` return a :class:`RawText`: the text every later stage
works on, with the format, the encoding it was decoded with, a SHA-256 of the raw bytes and a
title where the format carries one.  Anything wrong with the input is an
:class:`~annals.errors.InputError` with a numbered code (E001-E006); :func:`read_bytes` raises
nothing else, whatever the bytes.

Text conventions (all offsets later in the pipeline are into ``RawText.text`` *as returned*):

* Decoding: UTF-8 (a BOM is stripped), UTF-16/UTF-32 with a BOM (and UTF-16 without a BOM when
  every other byte is NUL), otherwise the best legacy single-byte reading (Windows-1252/Latin-1,
  Windows-1251, KOI8-R, or what charset-normalizer proposes), chosen by a plausibility score.
* Newlines: ``\\r\\n`` and lone ``\\r`` become ``\\n`` -- the same translation Python's
  ``open(..., encoding="utf-8")`` does, so for a UTF-8 plain-text file offsets match what a
  reader of the file with ``open()`` sees.  No other character is changed in plain text.
* HTML and Markdown are converted to plain text: headings become bare lines, blocks are separated
  by a blank line, list items are their own lines (``- item`` / ``1. item``).  Offsets are then
  into that converted text, not into the markup.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from annals.errors import E001, E002, E003, E004, E005, E006, InputError

FORMATS = ("text", "markdown", "html")
DOCUMENT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")

_SUFFIX_FORMAT = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
_FORMAT_ALIASES = {
    "text": "text",
    "txt": "text",
    "plain": "text",
    "markdown": "markdown",
    "md": "markdown",
    "html": "html",
    "htm": "html",
}

# Leading bytes of common binary formats (checked before any decoding).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/ODT/EPUB)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xca\xfe\xba\xbe", "Java class / Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", "Mach-O binary"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy MS Office document"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)
_RIFF_KINDS = (b"WAVE", b"AVI ", b"WEBP")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_DECODE_HINT = "save the file as UTF-8 and try again"


@dataclass
class RawText:
    """A document as read: ``text`` is what all offsets refer to."""

    text: str
    path: str | None
    format: str  # 'text' | 'markdown' | 'html'
    encoding: str
    content_hash: str  # sha256 hex of the raw bytes
    title: str | None


# --------------------------------------------------------------------------------------------
# Public API


def read_path(path: str | Path) -> RawText:
    """Read the file at ``path``.

    Raises :class:`InputError` E001 (missing), E002 (unreadable, broken symlink, a directory or
    other non-regular file), E003 (empty), E004 (binary), E005 (undecodable), E006 (unsupported
    format) -- never anything else.
    """
    p = Path(path)
    name = path_text(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        if p.is_symlink():
            raise InputError(E002, f"{name} is a broken symbolic link",
                             "point the link at an existing file") from None
        raise InputError(E001, f"{name} does not exist", "check the path") from None
    except (OSError, ValueError) as exc:
        raise InputError(E002, f"{name} cannot be read: {_os_reason(exc)}",
                         "check the path and its permissions") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(E002, f"{name} is a directory, not a file",
                         "give a file, or use a command that takes folders")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(E002, f"{name} is not a regular file", "give a plain text, Markdown or HTML file")
    try:
        data = p.read_bytes()
    except (OSError, ValueError) as exc:
        raise InputError(E002, f"{name} cannot be read: {_os_reason(exc)}",
                         "check the file's permissions") from None
    raw = read_bytes(data, name=name)
    raw.path = name
    return raw


def read_bytes(data: bytes, name: str = "<bytes>", format: str | None = None) -> RawText:
    """Decode and convert ``data`` as :func:`read_path` does for a file called ``name``.

    ``format`` ('text', 'markdown' or 'html') overrides the suffix of ``name`` and sniffing.
    Raises only :class:`InputError`, whatever the bytes.
    """
    try:
        return _read_bytes(bytes(data), name, format)
    except InputError:
        raise
    except Exception as exc:  # a safety net: any surprise on odd bytes is still an InputError
        raise InputError(E005, f"{name} could not be decoded ({type(exc).__name__})", _DECODE_HINT) from None


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Expand ``paths`` into document files, in order, yielding an error instead of raising.

    A folder is walked recursively in sorted order, skipping hidden files and folders (names
    starting with '.'), keeping files whose suffix is one of ``DOCUMENT_SUFFIXES``.  A file
    named explicitly is kept whatever its suffix.  A missing path, a broken symbolic link or an
    unreadable entry yields an :class:`InputError` (E001/E002) so a batch can go on.
    """
    seen: set[str] = set()
    for item in paths:
        p = Path(item)
        err = _missing(p)
        if err is not None:
            yield err
        elif p.is_dir():
            yield from _walk(p, seen)
        elif not os.access(p, os.R_OK):
            yield _located(p, E002, f"{p} is not readable", "check the file's permissions")
        else:
            yield p


# --------------------------------------------------------------------------------------------
# Paths


def path_text(path: str | Path) -> str:
    """A path as text that can be stored, printed and sent as UTF-8: a file name whose bytes are not
    UTF-8 (Python reads them as lone surrogates) shows them as ``\\xe9``.  The same name always
    gives the same text, so a document stored under it can be found and removed by it again."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _located(path: Path, code: str, message: str, hint: str) -> InputError:
    """An InputError that knows the path it is about (``err.path``), for a batch's summary."""
    err = InputError(code, message, hint)
    err.path = path_text(path)  # type: ignore[attr-defined]
    return err


def _os_reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def _missing(p: Path) -> InputError | None:
    try:
        if p.exists():
            return None
    except OSError as exc:
        return _located(p, E002, f"{p} cannot be read: {_os_reason(exc)}", "check the path")
    if p.is_symlink():
        return _located(p, E002, f"{p} is a broken symbolic link", "point the link at an existing file")
    return _located(p, E001, f"{p} does not exist", "check the path")


def _walk(folder: Path, seen: set[str]) -> Iterator[Path | InputError]:
    real = os.path.realpath(folder)
    if real in seen:  # a symlink loop, or the same folder given twice
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield _located(folder, E002, f"folder {folder} cannot be listed: {_os_reason(exc)}",
                       "check the folder's permissions")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        p = Path(entry.path)
        wanted = p.suffix.lower() in DOCUMENT_SUFFIXES
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError as exc:
            if wanted:
                yield _located(p, E002, f"{p} cannot be read: {_os_reason(exc)}", "check its permissions")
            continue
        if is_dir:
            yield from _walk(p, seen)
        elif is_file:
            if not wanted:
                continue
            if os.access(p, os.R_OK):
                yield p
            else:
                yield _located(p, E002, f"{p} is not readable", "check the file's permissions")
        elif wanted and entry.is_symlink():
            yield _located(p, E002, f"{p} is a broken symbolic link", "point the link at an existing file")
        elif wanted:  # a FIFO, socket or device named like a document: reading it could block or hang
            yield _located(p, E002, f"{p} is not a regular file", "give a plain text, Markdown or HTML file")


# --------------------------------------------------------------------------------------------
# Bytes -> text


def _read_bytes(data: bytes, name: str, format: str | None) -> RawText:
    digest = hashlib.sha256(data).hexdigest()
    fmt = _resolve_format(name, format)
    if not data.strip():
        raise InputError(E003, f"{name} is empty" if not data else f"{name} contains only whitespace",
                         "give a file with some text in it")
    _check_magic(data, name)
    text, encoding = _decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(E003, f"{name} contains only whitespace", "give a file with some text in it")
    if fmt is None:
        fmt = "html" if _sniff_html(text) else "text"
    title: str | None = None
    if fmt == "html":
        text, title = html_to_text(text)
    elif fmt == "markdown":
        text, title = markdown_to_text(text)
    if not text.strip():
        raise InputError(E003, f"{name} has no visible text", "give a document with some text in it")
    return RawText(text=text, path=None, format=fmt, encoding=encoding, content_hash=digest, title=title)


def _resolve_format(name: str, format: str | None) -> str | None:
    if format is not None:
        fmt = _FORMAT_ALIASES.get(str(format).strip().lower())
        if fmt is None:
            raise InputError(E006, f"unsupported format {format!r} for {name}",
                             "use one of: " + ", ".join(FORMATS))
        return fmt
    return _SUFFIX_FORMAT.get(Path(name).suffix.lower()) if name else None


def _sniff_html(text: str) -> bool:
    head = text[:4096].lstrip().lower()
    if not head.startswith("<"):
        return False
    return bool(re.search(r"<!doctype\s+html|<html[\s>]", head))


def _check_magic(data: bytes, name: str) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(E004, f"{name} is binary ({kind}), not text",
                             "convert it to plain text, Markdown or HTML first")
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        raise InputError(E004, f"{name} is binary (RIFF media), not text",
                         "convert it to plain text, Markdown or HTML first")


def _binary_error(name: str, why: str) -> InputError:
    return InputError(E004, f"{name} looks binary ({why}), not text",
                      "give a plain text, Markdown or HTML file")


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise E004/E005."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                raise InputError(E005, f"{name} starts with a {enc.upper()} byte-order mark but is not "
                                       f"valid {enc.upper()}", _DECODE_HINT) from None
            text = text.removeprefix("\ufeff")
            _check_controls(text, name)
            return text, enc
    if b"\x00" in data:
        guessed = _utf16_without_bom(data)
        if guessed is not None:
            _check_controls(guessed[0], name)
            return guessed
        raise _binary_error(name, "it contains NUL bytes")
    controls = sum(1 for b in data if b < 0x20 and b not in b"\t\n\r\f\v\x1b")
    if controls > max(2, len(data) // 50):
        raise _binary_error(name, "it is full of control characters")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, name)


def _check_controls(text: str, name: str) -> None:
    controls = sum(1 for c in text if c < " " and c not in "\t\n\r\f\v\x1b")
    if controls > max(2, len(text) // 50):
        raise _binary_error(name, "it is full of control characters")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM: (mostly ASCII) every other byte is NUL, on one side only."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    half = len(data) // 2
    for enc, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.6 * half and other.count(0) == 0:
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                return None
    return None


_LEGACY_FALLBACKS = ("cp1252", "cp1251", "koi8-r", "cp1250")
# The encodings these documents (English articles quoting Russian, Czech, French ... names) are
# likely to come in; any other reading must be clearly better to win.
_PREFERRED = {codecs.lookup(e).name for e in _LEGACY_FALLBACKS}
_OTHER_ENCODING_PRIOR = 0.6
# Non-ASCII characters by how often they occur in correctly decoded text: tier A (common Western
# and Central European letters, typographic punctuation) costs nothing, tier B a little, tier C
# and other Latin letters more; a tie goes to the earlier encoding in _LEGACY_FALLBACKS.
_TIER_A = set(
    "éèêëàâäáçîïíóôöúûüñßÉÀÇÖÜÄ–—‘’“”„…«»°¡¿\u00a0"
    "čšžřěůłąęśżćńČŠŽŘŁŚŻ"
)
_RARE_SYMBOLS = set("‚£€§©®·•´±×½¼¾²³¹µ¶ªº¤¦¨¬¯¸†‡‰‹›™¢¥")  # real, but rare in running text
_TIER_B = set("ãõåæœøìòùýÿÅÆØŒÈÌÒÙÝÃÕÊËÎÏÔÛÂÁÍÓÚÑĚŮĆŃĄĘźŹőűŐŰğşıİĞŞ")
_TIER_C = set("ďťňľĺŕĎŤŇĽĹŔţŢăĂ")
_ONE_LETTER_WORDS = set("вскуоаияжбВСКУОАИЯàÀÉ")
_CORE_CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯіїєґІЇЄҐ")
_MAX_HARD_RATE = 0.25  # signs of a wrong reading per non-ASCII character above which we give up
_MOJIBAKE = re.compile("[ÃÂÐÑâ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def _script(c: str) -> str:
    try:
        script = unicodedata.name(c).split(" ", 1)[0]
    except ValueError:
        return "?"
    return "CJK" if script in ("HIRAGANA", "KATAKANA", "HALFWIDTH", "FULLWIDTH") else script


def _implausibility(text: str) -> tuple[float, float, int, int]:
    """How unlikely ``text`` is as a correct decoding.

    Returns (hard, soft, n, rare): ``hard`` counts signs of a wrong reading (control and
    unassigned characters, odd symbols, words mixing scripts or cases, mojibake), ``soft`` counts
    merely rarer letters, ``n`` is the number of non-ASCII characters and ``rare`` the number of
    rare symbols (``£``, ``§``, ``©`` ...; each counted 0.5 in ``hard``).
    """
    sample = text[:65536]
    hard = soft = 0.0
    non_ascii = rare = 0
    for c in sample:
        if c < "\x80":
            if c < " " and c not in "\t\n\r\f\v\x1a\x1b":
                hard += 5
            continue
        non_ascii += 1
        if c in _TIER_A:
            continue
        if c in _TIER_B:
            soft += 0.5
            continue
        if c in _RARE_SYMBOLS:
            hard += 0.5
            rare += 1
            continue
        cat = unicodedata.category(c)
        if cat in ("Cc", "Co", "Cn", "Cs") or c == "\ufffd":
            hard += 5
        elif "\uff61" <= c <= "\uff9f":  # half-width katakana: typical of a wrong multi-byte guess
            hard += 2
        elif "\u3000" <= c <= "\u303f" or "\uff01" <= c <= "\uff60":  # CJK punctuation
            continue
        elif cat.startswith("L"):
            script = _script(c)
            if script == "LATIN":
                soft += 1 if c in _TIER_C else 2
            elif script == "CYRILLIC":
                if c not in _CORE_CYRILLIC:
                    soft += 1  # Serbian, Macedonian, Belarusian letters: rarer than Russian ones
            elif script != "GREEK":
                soft += 0.5  # other scripts are possible, but less likely in these documents
        else:
            hard += 1
    hard += 4 * len(_MOJIBAKE.findall(sample))
    for word in re.findall(r"[^\W\d_]+", sample):
        if word.isascii():
            continue
        scripts = {_script(c) for c in word}
        if len(scripts) > 1:
            hard += 3
        elif "LATIN" in scripts and len(word) >= 4:
            if sum(1 for c in word if not c.isascii()) * 2 > len(word):
                soft += 3
        if any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False)):
            hard += 2
        if len(word) == 1 and word not in _ONE_LETTER_WORDS:
            soft += 1.5  # a lone letter that is no word: more likely a misread symbol
    return hard, soft, non_ascii, rare


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    candidates: list[str] = list(_LEGACY_FALLBACKS)  # first: they win ties
    try:
        from charset_normalizer import from_bytes

        for match in list(from_bytes(data[:200_000]))[:5]:
            candidates.append(match.encoding)
    except Exception:  # detection is a help, never a requirement
        pass
    candidates.append("latin-1")  # decodes anything; its C1 controls count against it
    best: tuple[float, int, str, str] | None = None
    tried: set[str] = set()
    for order, enc in enumerate(candidates):
        try:
            key = codecs.lookup(enc).name
        except LookupError:
            continue
        if key in tried or key.startswith("utf-8"):
            continue
        tried.add(key)
        try:
            text = data.decode(key)
        except (UnicodeDecodeError, LookupError):
            continue
        hard, soft, non_ascii, rare = _implausibility(text)
        if hard > max(1.5, _MAX_HARD_RATE * non_ascii):
            continue
        prior = 0.0 if key in _PREFERRED else _OTHER_ENCODING_PRIOR
        rate = (hard - 0.25 * rare + soft) / max(1, non_ascii) + prior
        if best is None or (rate, order) < (best[0], best[1]):
            best = (rate, order, text, key)
    if best is None:
        raise InputError(E005, f"{name} is not UTF-8 and no other text encoding fits it", _DECODE_HINT)
    text, enc = best[2], best[3]
    if enc == "cp1252" and not any(0x80 <= b <= 0x9F for b in data):
        enc = "latin-1"
    _check_controls(text, name)
    return text, enc


# --------------------------------------------------------------------------------------------
# HTML -> text

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "iframe", "object"}
_HEAD_TAGS = {"title", "meta", "link", "style", "script", "base", "noscript", "template"}
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
              "source", "track", "wbr"}
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
               "footer", "aside", "main", "blockquote", "pre", "ul", "ol", "dl", "table", "form",
               "fieldset", "figure", "figcaption", "address", "hr", "details", "summary", "caption",
               "center", "body", "html", "thead", "tbody", "tfoot", "menu"}
_LINE_TAGS = {"br", "li", "tr", "dt", "dd", "option"}
_BLOCK, _LINE = "\x00B", "\x00L"


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.in_title = 0
        self.in_head = False
        self.in_h1 = 0
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.pre = 0
        self.lists: list[list[int | None]] = []  # per open list: [counter] (None for <ul>)
        self.row_cells: list[int] = []

    def close(self) -> None:
        """Finish; an unterminated construct at the end (``<![CDATA[...``, ``<!x``) is dropped, not shown."""
        if self.rawdata.startswith("<") and self.skip_tag is None:
            self.rawdata = ""
        super().close()

    # -- tags
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag == "head":
            self.in_head = True
            return
        if self.in_head and tag not in _HEAD_TAGS:
            self.in_head = False  # <head> ends implicitly where the body starts
        if tag == "title":
            self.in_title += 1
            return
        hidden = any(k == "hidden" or (k == "style" and v and re.search(r"display\s*:\s*none", v))
                     for k, v in attrs)
        if (tag in _SKIP_TAGS or hidden) and tag not in _VOID_TAGS:
            self.skip_tag, self.skip_depth = tag, 1
            return
        if self.in_head:
            return
        if tag == "h1":
            self.in_h1 += 1
        if tag == "pre":
            self.pre += 1
        if tag in ("ul", "menu"):
            self.lists.append([None])
        elif tag == "ol":
            start = next((v for k, v in attrs if k == "start"), None)
            try:
                first = int(start) if start else 1
            except ValueError:
                first = 1
            self.lists.append([first])
        if tag == "li":
            self.parts.append(_LINE)
            if self.lists and self.lists[-1][0] is not None:
                n = self.lists[-1][0]
                self.parts.append(f"{n}. ")
                self.lists[-1][0] = n + 1
            else:
                self.parts.append("- ")
        elif tag == "tr":
            self.parts.append(_LINE)
            self.row_cells.append(0)
        elif tag in ("td", "th"):
            if self.row_cells:
                if self.row_cells[-1]:
                    self.parts.append(" | ")
                self.row_cells[-1] += 1
            else:
                self.parts.append(" ")
        elif tag in _BLOCK_TAGS:
            self.parts.append(_BLOCK)
        elif tag in _LINE_TAGS:
            self.parts.append(_LINE)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is not None:
            return
        if tag in _VOID_TAGS or tag in _BLOCK_TAGS or tag in _LINE_TAGS:
            if not self.in_head:
                if tag in _BLOCK_TAGS:
                    self.parts.append(_BLOCK)
                elif tag in _LINE_TAGS:
                    self.parts.append(_LINE)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth <= 0:
                    self.skip_tag = None
            return
        if tag == "head":
            self.in_head = False
            return
        if tag == "title":
            self.in_title = max(0, self.in_title - 1)
            return
        if self.in_head:
            return
        if tag == "h1":
            self.in_h1 = max(0, self.in_h1 - 1)
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in ("ul", "ol", "menu") and self.lists:
            self.lists.pop()
        if tag == "tr" and self.row_cells:
            self.row_cells.pop()
        if tag in _BLOCK_TAGS:
            self.parts.append(_BLOCK)
        elif tag in _LINE_TAGS:
            self.parts.append(_LINE)

    def handle_data(self, data: str) -> None:
        if self.skip_tag is not None:
            return
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.in_head:
            return
        if self.in_h1:
            self.h1_parts.append(data)
        if self.pre:
            self.parts.append(data.replace("\r\n", "\n").replace("\r", "\n").replace("\n", _LINE))
        else:
            self.parts.append(re.sub(r"\s+", " ", data))


def _collapse_blocks(raw: str) -> str:
    """Turn block/line markers into newlines; collapse spaces; at most one blank line in a row."""
    raw = re.sub(r"(?:\x00[BL]|[ \t\n\r\f\v])*\x00[BL](?:\x00[BL]|[ \t\n\r\f\v])*",
                 lambda m: "\n\n" if _BLOCK in m.group() else "\n", raw)
    lines = [re.sub(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u3000]+", " ", ln).strip() for ln in raw.split("\n")]
    out: list[str] = []
    for ln in lines:
        if ln or (out and out[-1]):
            out.append(ln)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _one_line(s: str) -> str | None:
    s = re.sub(r"\s+", " ", s).strip()
    return s or None


def html_to_text(html: str) -> tuple[str, str | None]:
    """Visible text of ``html`` (one block per line, blocks separated by a blank line) and its title."""
    parser = _HTMLText()
    html = re.sub(r"<!--.*?(?:-->|\Z)", " ", html, flags=re.DOTALL)  # comments, unclosed ones too
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient, but stay safe on hostile markup
        text = re.sub(r"(?is)<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", " ", html)
        text = re.sub(r"<[^>]*>", "\n", text)
        import html as html_lib

        return _collapse_blocks(html_lib.unescape(text)), None
    title = _one_line("".join(parser.title_parts)) or _one_line("".join(parser.h1_parts))
    return _collapse_blocks("".join(parser.parts)), title


# --------------------------------------------------------------------------------------------
# Markdown -> text


def _inline_text(children: list | None) -> str:  # list of markdown_it Token
    out: list[str] = []
    for tok in children or []:
        if tok.type in ("text", "code_inline"):
            out.append(tok.content)
        elif tok.type == "softbreak":
            out.append(" ")
        elif tok.type == "hardbreak":
            out.append("\n")
        elif tok.type == "image":
            out.append(_inline_text(tok.children) if tok.children else tok.content)
        elif tok.type == "html_inline":
            continue
    return "".join(out)


def markdown_to_text(source: str) -> tuple[str, str | None]:
    """Plain text of Markdown ``source`` (headings as bare lines) and its first H1 as title.

    Never raises: if the parser fails, or the blocks nest deeper than it parses, the source is
    returned as it is.
    """
    try:
        return _markdown_to_text(source)
    except Exception:
        return source, None


# markdown-it silently drops every block nested deeper than its ``maxNesting`` (20 in the commonmark
# preset: ten levels of list, or twenty of quotes).  Allow more, and where a document still reaches
# the limit take its source as plain text rather than lose what lies deeper.
_MARKDOWN_MAX_NESTING = 100


def _markdown_to_text(source: str) -> tuple[str, str | None]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"maxNesting": _MARKDOWN_MAX_NESTING}).enable(["table", "strikethrough"])
    tokens = md.parse(source)
    if any(tok.level >= _MARKDOWN_MAX_NESTING - 2 for tok in tokens):
        raise ValueError("Markdown nested deeper than the parser goes")
    blocks: list[list[str]] = []
    title: str | None = None
    lists: list[list[int | None]] = []
    marker: str | None = None
    heading_level = 0
    row: list[str] | None = None
    current: list[str] | None = None  # the block being filled (a list or a table)

    def add_block(lines: list[str]) -> None:
        lines = [ln for ln in (re.sub(r"[ \t]+", " ", x).strip() for x in lines) if ln]
        if lines:
            blocks.append(lines)

    for tok in tokens:
        t = tok.type
        if t == "heading_open":
            heading_level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
        elif t == "heading_close":
            heading_level = 0
        elif t in ("bullet_list_open", "ordered_list_open"):
            if not lists:
                current = []
            start = tok.attrs.get("start") if t == "ordered_list_open" else None
            first: int | None = None
            if t == "ordered_list_open":
                try:
                    first = int(start) if start is not None else 1
                except (TypeError, ValueError):
                    first = 1
            lists.append([first])
        elif t in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
            if not lists and current is not None:
                add_block(current)
                current = None
        elif t == "list_item_open":
            if lists and lists[-1][0] is not None:
                n = lists[-1][0]
                marker = f"{n}. "
                lists[-1][0] = n + 1
            else:
                marker = "- "
        elif t == "table_open":
            current = []
        elif t == "table_close":
            if current is not None:
                add_block(current)
            current = None
        elif t == "tr_open":
            row = []
        elif t == "tr_close":
            if row is not None and current is not None:
                current.append(" | ".join(c for c in row if c))
            row = None
        elif t == "inline":
            text = _inline_text(tok.children)
            if row is not None:
                row.append(text.replace("\n", " ").strip())
                continue
            if heading_level:
                text = text.replace("\n", " ")
                if heading_level == 1 and title is None:
                    title = _one_line(text)
            if marker is not None:
                text = marker + text
                marker = None
            lines = text.split("\n")
            if current is not None:
                current.extend(lines)
            else:
                add_block(lines)
        elif t in ("fence", "code_block"):
            lines = tok.content.split("\n")
            if current is not None:
                current.extend(lines)
            else:
                add_block(lines)
        elif t == "html_block":
            text, _ = html_to_text(tok.content)
            for part in text.split("\n\n"):
                if current is not None:
                    current.extend(part.split("\n"))
                else:
                    add_block(part.split("\n"))
    if current:
        add_block(current)
    return "\n\n".join("\n".join(b) for b in blocks), title
