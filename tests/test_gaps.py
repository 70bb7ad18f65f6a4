"""Tests for annals.gaps: dangling lists announced by a colon, and recall on the eval documents."""

from __future__ import annotations

import importlib.util
import sys
import types

import pytest
from evalkit import EVAL_DIR  # noqa: E402
from hypothesis import given, settings
from hypothesis import strategies as st

from annals.gaps import find_gaps, last_sentence_start
from annals.model import Gap
from annals.segment import segment

LEAD = ("The Eastern Volunteer Corps was a formation of exiles and former prisoners that fought on "
        "several fronts between 1917 and 1921, first for one government and then for another.")
AFTER = ("In the spring the corps marched east along the railway. Its trains stretched for hundreds of "
         "kilometres, and the men lived in the wagons for the rest of the year.")


def gaps_of(text: str, with_headings: bool = True) -> list[Gap]:
    seg = segment(text)
    return find_gaps(text, seg.paragraphs, seg.headings if with_headings else ())


def test_dangling_list_is_a_gap_with_its_last_sentence() -> None:
    text = f"{LEAD}\nThe corps grew quickly. Its main units were:\n{AFTER}\n"
    gaps = gaps_of(text)
    assert len(gaps) == 1
    gap = gaps[0]
    assert gap.kind == "dangling_list"
    assert gap.text == "Its main units were:"
    assert text[gap.start:gap.end] == gap.text


def test_whole_short_paragraph_is_the_gap_text() -> None:
    text = f"{LEAD}\nThese were:\n{AFTER}\n"
    assert [g.text for g in gaps_of(text)] == ["These were:"]


@pytest.mark.parametrize(
    "items",
    [
        ["- the first regiment", "- the second regiment"],
        ["* the first regiment", "* the second regiment"],
        ["• the first regiment", "• the second regiment"],
        ["1. the first regiment", "2. the second regiment"],
        ["1) the first regiment", "2) the second regiment"],
        ["First Rifle Regiment", "Second Rifle Regiment"],  # bullets stripped, items kept
        ["the first regiment;", "the second regiment."],
    ],
)
def test_colon_followed_by_its_list_is_not_a_gap(items: list[str]) -> None:
    text = f"{LEAD}\nIts main units were:\n" + "\n".join(items) + f"\n{AFTER}\n"
    assert gaps_of(text) == []


@pytest.mark.parametrize("quote", ["“We demand free elections and bread for all.”",
                                   "\"We demand free elections and bread for all.\"",
                                   "«We demand free elections and bread for all.»"])
def test_colon_followed_by_a_quotation_is_not_a_gap(quote: str) -> None:
    text = f"{LEAD}\nThe resolution began:\n{quote}\n{AFTER}\n"
    assert gaps_of(text) == []


def test_colon_followed_by_an_indented_block_is_not_a_gap() -> None:
    text = f"{LEAD}\nThe order read:\n    All units will hold their positions until relieved by the guard.\n"
    assert gaps_of(text) == []


def test_colon_on_the_last_line_is_a_gap() -> None:
    text = f"{LEAD}\nThe demands of the assembly included:"
    assert [g.text for g in gaps_of(text)] == ["The demands of the assembly included:"]
    assert [g.text for g in gaps_of(text + "\n\n")] == ["The demands of the assembly included:"]


@pytest.mark.parametrize("with_headings", [True, False])
def test_colon_followed_by_a_heading_is_a_gap(with_headings: bool) -> None:
    text = f"{LEAD}\nThe losses were these:\nRetreat across the steppe\n{AFTER}\n"
    assert [g.text for g in gaps_of(text, with_headings)] == ["The losses were these:"]


def test_colon_inside_a_paragraph_is_not_a_gap() -> None:
    text = f"{LEAD}\nThe reason was simple: the corps had no money. Nobody paid the men.\n{AFTER}\n"
    assert gaps_of(text) == []


def test_colon_followed_by_closing_quote_is_still_a_gap() -> None:
    text = f"{LEAD}\nHe wrote only “the following:”\n{AFTER}\n"
    gaps = gaps_of(text)
    assert len(gaps) == 1 and gaps[0].text.endswith(":”")


def test_abbreviations_do_not_split_the_last_sentence() -> None:
    para = "The corps moved north. Gen. J. Smith then listed the towns taken:"
    assert para[last_sentence_start(para):] == "Gen. J. Smith then listed the towns taken:"


def test_gaps_in_wrapped_text() -> None:
    text = ("The corps was short of everything that winter, and its commander sent a\n"
            "report listing what it lacked most. The items were:\n"
            "\n"
            "The men had neither boots nor coats, and the horses had no fodder left at all.\n")
    assert [g.text for g in gaps_of(text)] == ["The items were:"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([LEAD, AFTER, "These were:", "Units:", "- item", "Origins", "", "x:"]),
                max_size=10))
def test_gap_spans_are_inside_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    for gap in gaps_of(text):
        assert 0 <= gap.start < gap.end <= len(text)
        assert text[gap.start:gap.end] == gap.text
        assert gap.text.rstrip("”\"'»)").endswith(":")


def _load_scorer() -> types.ModuleType:
    """The eval kit's score.py, loaded from its file."""
    spec = importlib.util.spec_from_file_location("annals_eval_score", EVAL_DIR / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("annals_eval_score", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (EVAL_DIR / "score.py").is_file(), reason="shared eval kit not present")
def test_gap_recall_on_eval_documents_is_complete() -> None:
    scorer = _load_scorer()
    docs = sorted(EVAL_DIR.glob("*.txt"))
    assert docs
    for path in docs:
        text = path.read_text(encoding="utf-8")
        seg = segment(text)
        gaps = find_gaps(text, seg.paragraphs, seg.headings)
        result = scorer.score_gaps(text, {"gaps": [g.to_json() for g in gaps]})
        assert result["gap_recall"] == 1.0, (path.name, [g.text for g in gaps])
        # every gap is a real span of the text and no line without a final colon is reported
        for gap in gaps:
            assert text[gap.start:gap.end] == gap.text
        assert len(gaps) == result["gaps_gold"]
