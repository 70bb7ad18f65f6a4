"""Bytes to text: binary files refused by their leading bytes, then UTF-8, UTF-16/32 with a BOM, or the
most plausible legacy single-byte encoding (see :mod:`annals.read` for the conventions)."""

from __future__ import annotations

import codecs
import re
import unicodedata

from annals.errors import E004, E005, InputError

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

def _check_magic(data: bytes, name: str) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError.of(E004, path=name, problem=f"is binary ({kind})",
                                fix="convert it to plain text, Markdown or HTML first")
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        raise InputError.of(E004, path=name, problem="is binary (RIFF media)",
                            fix="convert it to plain text, Markdown or HTML first")


def _binary_error(name: str, why: str) -> InputError:
    return InputError.of(E004, path=name, problem=f"looks binary ({why})",
                         fix="give a plain text, Markdown or HTML file")


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise E004/E005."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                raise InputError.of(E005, path=name, problem=f"starts with a {enc.upper()} byte-order mark but is "
                                                             f"not valid {enc.upper()}") from None
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
        raise InputError.of(E005, path=name, problem="is not UTF-8 and no other text encoding fits it")
    text, enc = best[2], best[3]
    if enc == "cp1252" and not any(0x80 <= b <= 0x9F for b in data):
        enc = "latin-1"
    _check_controls(text, name)
    return text, enc

