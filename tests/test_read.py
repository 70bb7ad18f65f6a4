"""Tests for annals.read: decoding, binary and empty input, HTML/Markdown conversion, folders."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annals.errors import InputError
from annals.read import RawText, iter_documents, read_bytes, read_path

FRENCH = "Le général Morel est arrivé à Lyon en été; la garnison française s'est rendue près du fleuve."
GERMAN = "Die Truppen zogen über die Brücke nach Süden, während der König schlief – «Größe» ist naïv."
RUSSIAN = "Мятеж вспыхнул весной в приморской крепости. Матросы требовали свободных выборов в советы."
UKRAINIAN = "Їхня армія відступила до Києва, а ґенерал залишився у фортеці."


def code_of(exc: pytest.ExceptionInfo[InputError]) -> str:
    return exc.value.code


# ---------------------------------------------------------------- encodings


def test_utf8_plain_text_is_read_as_is() -> None:
    raw = read_bytes(FRENCH.encode("utf-8"))
    assert raw.text == FRENCH
    assert raw.encoding == "utf-8"
    assert raw.format == "text"
    assert raw.title is None


def test_utf8_bom_is_stripped() -> None:
    raw = read_bytes(b"\xef\xbb\xbf" + RUSSIAN.encode("utf-8"))
    assert raw.text == RUSSIAN
    assert raw.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(codec: str) -> None:
    data = RUSSIAN.encode(codec)
    if codec != "utf-16":  # add the BOM by hand for the explicit-endian codecs
        data = ("\ufeff" + RUSSIAN).encode(codec)
    raw = read_bytes(data)
    assert raw.text == RUSSIAN
    assert raw.encoding.startswith("utf-16")


def test_utf16_without_bom_is_not_taken_for_binary() -> None:
    raw = read_bytes("Plain English text in UTF-16.\n".encode("utf-16-le"))
    assert raw.text == "Plain English text in UTF-16.\n"


def test_utf32_with_bom_is_decoded() -> None:
    assert read_bytes(GERMAN.encode("utf-32")).text == GERMAN


@pytest.mark.parametrize(
    "sentence", [FRENCH, "Café à Zürich.", "El señor Núñez llegó a España; ¿qué pasó?", "It cost £5 in 1920."]
)
def test_latin1_accented_text_comes_out_right(sentence: str) -> None:
    raw = read_bytes(sentence.encode("latin-1"))
    assert raw.text == sentence
    assert raw.encoding in ("latin-1", "cp1252")


def test_windows_1252_quotes_and_dashes_come_out_right() -> None:
    sentence = "“Hold the bridge,” he wrote – and the men’s answer was a cheer…"
    assert read_bytes(sentence.encode("cp1252")).text == sentence
    assert read_bytes(GERMAN.encode("cp1252")).text == GERMAN


@pytest.mark.parametrize("sentence", [RUSSIAN, UKRAINIAN, "Крепость пала"])
def test_windows_1251_cyrillic_comes_out_right(sentence: str) -> None:
    raw = read_bytes(sentence.encode("cp1251"))
    assert raw.text == sentence
    assert raw.encoding == "cp1251"


def test_windows_1251_mixed_with_english_comes_out_right() -> None:
    sentence = "The rising (Северный бунт) was put down in the spring by the army."
    assert read_bytes(sentence.encode("cp1251")).text == sentence


def test_koi8_r_cyrillic_comes_out_right() -> None:
    assert read_bytes(RUSSIAN.encode("koi8-r")).text == RUSSIAN


def test_newlines_are_normalised() -> None:
    raw = read_bytes(b"one\r\ntwo\rthree\nfour")
    assert raw.text == "one\ntwo\nthree\nfour"


def test_content_hash_is_sha256_of_raw_bytes() -> None:
    data = "line\r\n".encode("utf-16")
    assert read_bytes(data).content_hash == hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- errors


def test_missing_path_is_e001(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_path(tmp_path / "nope.txt")
    assert code_of(exc) == "E001"


def test_directory_is_e002(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_path(tmp_path)
    assert code_of(exc) == "E002"


def test_broken_symlink_is_e002(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    with pytest.raises(InputError) as exc:
        read_path(link)
    assert code_of(exc) == "E002"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_is_e002(tmp_path: Path) -> None:
    f = tmp_path / "secret.txt"
    f.write_text("hidden")
    f.chmod(0)
    try:
        with pytest.raises(InputError) as exc:
            read_path(f)
        assert code_of(exc) == "E002"
    finally:
        f.chmod(0o644)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\ufeff  \n".encode()])
def test_empty_or_whitespace_is_e003(data: bytes) -> None:
    with pytest.raises(InputError) as exc:
        read_bytes(data)
    assert code_of(exc) == "E003"


def test_empty_file_on_disk_is_e003(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    with pytest.raises(InputError) as exc:
        read_path(f)
    assert code_of(exc) == "E003"


def test_html_without_visible_text_is_e003() -> None:
    with pytest.raises(InputError) as exc:
        read_bytes(b"<html><head><script>var x = 1;</script></head><body></body></html>", "x.html")
    assert code_of(exc) == "E003"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + b"rest",
        b"\xff\xd8\xff\xe0" + b"JFIF",
        b"GIF89a" + b"abc",
        b"%PDF-1.7\nsome text",
        b"PK\x03\x04" + b"zip",
        b"\x1f\x8b\x08\x00" + b"gz",
        b"BZh91AY&SY",
        b"some text\x00with a NUL",
    ],
)
def test_binary_is_e004(data: bytes) -> None:
    with pytest.raises(InputError) as exc:
        read_bytes(data)
    assert code_of(exc) == "E004"


def test_binary_file_on_disk_is_e004(tmp_path: Path) -> None:
    f = tmp_path / "picture.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError) as exc:
        read_path(f)
    assert code_of(exc) == "E004"


@pytest.mark.parametrize("data", [b"\xff\xfeA", bytes(range(0x80, 0x100)) * 3])
def test_undecodable_is_e005_with_hint(data: bytes) -> None:
    with pytest.raises(InputError) as exc:
        read_bytes(data)
    assert code_of(exc) == "E005"
    assert exc.value.hint


def test_unknown_format_is_e006() -> None:
    with pytest.raises(InputError) as exc:
        read_bytes(b"text", format="docx")
    assert code_of(exc) == "E006"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600), st.sampled_from([None, "text", "markdown", "html"]))
def test_read_bytes_raises_only_input_error(data: bytes, fmt: str | None) -> None:
    try:
        raw = read_bytes(data, format=fmt)
    except InputError:
        return
    assert isinstance(raw, RawText)
    assert raw.text.strip()
    assert "\r" not in raw.text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["a.md", "a.html", "a.txt"]))
def test_read_bytes_of_any_utf8_text_raises_only_input_error(text: str, name: str) -> None:
    try:
        read_bytes(text.encode("utf-8"), name)
    except InputError:
        pass


# ---------------------------------------------------------------- HTML

PAGE = b"""<!DOCTYPE html>
<html><head><title>  The  Siege &amp; After </title>
<style>body { color: red; }</style>
<script type="text/javascript">document.write("<p>injected SCRIPTTEXT</p>");</script>
</head>
<body>
<nav><a href="/">Home</a></nav>
<h1>The Siege</h1>
<p>The   garrison held   out for <b>three</b> weeks &mdash; longer than&nbsp;expected.</p>
<!-- a COMMENTTEXT that must vanish -->
<h2>Relief column</h2>
<p>The relief force arrived:<br>late.</p>
<ul><li>Infantry</li><li>Cavalry</li></ul>
<ol><li>first<li>second</ol>
<noscript>NOSCRIPTTEXT</noscript><template><p>TEMPLATETEXT</p></template>
<div hidden>HIDDENTEXT</div>
<script>var SCRIPTTEXT2 = "<b>x</b>";</script>
</body></html>"""


def test_html_drops_script_style_comments_and_invisible_text() -> None:
    raw = read_bytes(PAGE, "page.html")
    for hidden in ("SCRIPTTEXT", "SCRIPTTEXT2", "document.write", "color: red", "COMMENTTEXT",
                   "NOSCRIPTTEXT", "TEMPLATETEXT", "HIDDENTEXT", "<script", "<", ">"):
        assert hidden not in raw.text


def test_html_title_entities_and_spaces() -> None:
    raw = read_bytes(PAGE, "page.html")
    assert raw.format == "html"
    assert raw.title == "The Siege & After"
    assert "The garrison held out for three weeks — longer than expected." in raw.text.split("\n")


def test_html_headings_and_list_items_are_own_lines() -> None:
    lines = read_bytes(PAGE, "page.html").text.split("\n")
    for line in ("The Siege", "Relief column", "The relief force arrived:", "late.", "- Infantry",
                 "- Cavalry", "1. first", "2. second"):
        assert line in lines


def test_html_is_sniffed_without_suffix() -> None:
    raw = read_bytes(b"  <!doctype html><html><body><p>Hello there.</p></body></html>", "page.txt")
    assert raw.format == "html"
    assert raw.text == "Hello there."


def test_html_without_title_uses_first_h1() -> None:
    raw = read_bytes(b"<html><body><h1>Main <i>Title</i></h1><p>Text.</p></body></html>", "x.htm")
    assert raw.title == "Main Title"


def test_html_script_text_never_leaks_even_when_unclosed() -> None:
    raw = read_bytes(b"<html><body><p>Visible.</p><script>SECRET = '</p>'", "x.html")
    assert "SECRET" not in raw.text
    assert raw.text == "Visible."


# ---------------------------------------------------------------- Markdown

MARKDOWN = """# The Long March

Some *emphasis*, a [link](http://example.org) and `code`
on a second line.

## Later years

- first item
- second **item**

1. one
2. two

```
kept = code
```
"""


def test_markdown_headings_become_bare_lines_and_title() -> None:
    raw = read_bytes(MARKDOWN.encode(), "notes.md")
    lines = raw.text.split("\n")
    assert raw.format == "markdown"
    assert raw.title == "The Long March"
    assert "The Long March" in lines and "Later years" in lines
    assert "#" not in raw.text


def test_markdown_inline_markup_is_reduced_to_text() -> None:
    raw = read_bytes(MARKDOWN.encode(), "notes.markdown")
    assert "Some emphasis, a link and code on a second line." in raw.text.split("\n")
    assert "http://example.org" not in raw.text and "*" not in raw.text


def test_markdown_list_items_and_code_are_lines() -> None:
    lines = read_bytes(MARKDOWN.encode(), "notes.md").text.split("\n")
    for line in ("- first item", "- second item", "1. one", "2. two", "kept = code"):
        assert line in lines


@pytest.mark.parametrize(
    "source",
    ["[unclosed](", "```\nno end", "<div><p>unbalanced", "* * *", "|a|b\n|-", "#" * 12, "> > >",
     "[x]: <", "\x0b\x0c"],
)
def test_malformed_markdown_never_raises(source: str) -> None:
    try:
        read_bytes(source.encode(), "bad.md")
    except InputError as exc:
        assert exc.code == "E003"  # at most: nothing visible left


# ---------------------------------------------------------------- folders


def test_iter_documents_walks_folders_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.md").write_text("z")
    (tmp_path / "b" / "a.htm").write_text("a")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "c.text").write_text("c")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".secret.txt").write_text("s")
    (tmp_path / ".hidden" / "x.txt").write_text("x")
    found = list(iter_documents([tmp_path]))
    assert [p.relative_to(tmp_path).as_posix() for p in found if isinstance(p, Path)] == [
        "a.txt", "b/a.htm", "b/z.md", "c.text"]


def test_iter_documents_yields_errors_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("text")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing-target")
    results = list(iter_documents([tmp_path / "absent.txt", tmp_path, good]))
    assert isinstance(results[0], InputError) and results[0].code == "E001"
    assert isinstance(results[1], InputError) and results[1].code == "E002"
    assert results[2:] == [good, good]


def test_iter_documents_keeps_an_explicit_file_of_any_suffix(tmp_path: Path) -> None:
    f = tmp_path / "article.dump"
    f.write_text("text")
    assert list(iter_documents([str(f)])) == [f]


def test_read_path_reports_path_and_format(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text("# Heading\n\nBody text.\n", encoding="utf-8")
    raw = read_path(f)
    assert raw.path == str(f)
    assert raw.format == "markdown"
    assert raw.text == "Heading\n\nBody text."
