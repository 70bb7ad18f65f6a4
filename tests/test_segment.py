"""Tests for annals.segment: headings, artefacts, paragraphs in dump and wrapped layouts, sections."""

from __future__ import annotations

import textwrap

import pytest
from evalkit import EVAL_DIR  # noqa: E402
from hypothesis import given, settings
from hypothesis import strategies as st

from annals.segment import Segmentation, is_artefact, looks_like_heading, segment

LEAD = ("The Eastern Volunteer Corps was a formation of exiles and former prisoners that fought on "
        "several fronts between 1917 and 1921, first for one government and then for another, before "
        "it was disbanded in the port where it had been formed.")
PARA_A = ("In the first winter the corps had no uniforms, few rifles and almost no officers who spoke "
          "the language of the men. Recruiting went slowly, and the commanders quarrelled over pay, "
          "rations and the right to elect their own officers.")
PARA_B = ("By the spring the situation had changed. Two regiments were formed, a small artillery "
          "detachment was added, and the corps marched east along the railway to the river crossing.")
PARA_C = ("The crossing was held for eleven days. When the bridge was finally blown, the survivors "
          "withdrew into the hills and waited for orders that never came.")


def texts(text: str, seg: Segmentation) -> dict[str, list[str]]:
    return {
        "paragraphs": [text[p.start:p.end] for p in seg.paragraphs],
        "headings": [text[a:b] for a, b in seg.headings],
        "artefacts": [text[a:b] for a, b in seg.artefacts],
    }


# ---------------------------------------------------------------- heading table


@pytest.mark.parametrize(
    "line",
    [
        "Early Life",
        "Retreat across the steppe",  # sentence case
        "Talks with the allies",
        "Exile and later years",
        "The Siberian Intervention",
        "Aftermath",
        "Legacy",
        "Relations with the Provisional Government",
        "1905–1907",
        "1917 and after",
        "The “Third Way”",
        "BACKGROUND",
    ],
)
def test_heading_shapes_are_recognised(line: str) -> None:
    assert looks_like_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "The garrison surrendered.",
        "Who gave the order?",
        "These were:",
        "It ended badly;",
        "- first item",
        "1. first item",
        "he said nothing more",
        "He died in exile in the south",
        "This was never explained",
        "Contents | 1 History | 2 War",
        "Smith, Jones, Brown and White",
        "See http://example.org",
        "A very long line that goes on and on well beyond what any heading in an encyclopedia would use",
        "One Two Three Four Five Six Seven Eight Nine Ten Eleven",
        "The war ended. Peace came",
        "",
    ],
)
def test_non_heading_shapes_are_rejected(line: str) -> None:
    assert not looks_like_heading(line)


# ---------------------------------------------------------------- artefacts


@pytest.mark.parametrize(
    "line",
    ["Contents |", "Contents", "Contents | 1 Origins | 2 War | 3 Legacy", "[edit]", "Jump to navigation",
     'Retrieved from "https://example.org/wiki/Page"', "Categories: 1921 events | Revolts", "* * *",
     "Main article: Some other page", "|"],
)
def test_dump_artefact_lines_are_recognised(line: str) -> None:
    assert is_artefact(line)


@pytest.mark.parametrize(
    "line", ["The contents of the train were seized.", "Retreat across the steppe", "See also:"]
)
def test_ordinary_lines_are_not_artefacts(line: str) -> None:
    assert not is_artefact(line)


def test_contents_line_is_kept_out_of_paragraphs_and_sections() -> None:
    text = f"{LEAD}\nContents |\nOrigins\n{PARA_A}\n"
    seg = segment(text)
    got = texts(text, seg)
    assert got["artefacts"] == ["Contents |"]
    assert got["paragraphs"] == [LEAD, PARA_A]
    assert got["headings"] == ["Origins"]
    assert all("Contents" not in text[s.start:s.end] for s in seg.sections)


def test_edit_link_after_heading_is_an_artefact_and_heading_kept() -> None:
    text = f"{LEAD}\nOrigins[edit]\n{PARA_A}\n"
    got = texts(text, segment(text))
    assert got["headings"] == ["Origins"]
    assert got["artefacts"] == ["[edit]"]


def test_back_matter_sections_are_artefacts() -> None:
    text = (f"{LEAD}\nOrigins\n{PARA_A}\nReferences\nSmith, J. (1990). A History. London.\n"
            "External links\nOfficial site\n")
    seg = segment(text)
    got = texts(text, seg)
    assert got["paragraphs"] == [LEAD, PARA_A]
    assert got["headings"] == ["Origins"]
    assert got["artefacts"] == ["References", "Smith, J. (1990). A History. London.", "External links",
                                "Official site"]
    assert [s.title for s in seg.sections] == [None, "Origins"]


# ---------------------------------------------------------------- dump layout


def test_dump_layout_one_paragraph_per_line_with_sections() -> None:
    text = f"{LEAD}\nContents |\nRetreat across the steppe\n{PARA_A}\n{PARA_B}\nLater Years\n{PARA_C}\n"
    seg = segment(text)
    got = texts(text, seg)
    assert got["paragraphs"] == [LEAD, PARA_A, PARA_B, PARA_C]
    assert got["headings"] == ["Retreat across the steppe", "Later Years"]
    assert [s.title for s in seg.sections] == [None, "Retreat across the steppe", "Later Years"]
    assert [p.section for p in seg.paragraphs] == [0, 1, 1, 2]
    first = seg.sections[1]
    assert (first.heading_start, first.heading_end) == seg.headings[0]
    assert first.start == first.heading_start
    assert first.end == seg.paragraphs[2].end
    assert seg.sections[0].title is None and seg.sections[0].heading_start is None


def test_short_sentence_lines_stay_separate_paragraphs_in_dumps() -> None:
    text = f"{LEAD}\nThe corps had two regiments by the spring.\nThese were:\n{PARA_B}\n"
    got = texts(text, segment(text))
    assert got["paragraphs"] == [LEAD, "The corps had two regiments by the spring.", "These were:", PARA_B]
    assert got["headings"] == []


def test_offsets_exclude_surrounding_whitespace() -> None:
    text = f"   {LEAD}   \n\n  Origins  \n\t{PARA_A} \n"
    seg = segment(text)
    got = texts(text, seg)
    assert got["paragraphs"] == [LEAD, PARA_A]
    assert got["headings"] == ["Origins"]


def test_lead_line_is_never_a_heading_and_text_before_first_heading_is_section_zero() -> None:
    seg = segment(f"{LEAD}\n{PARA_A}\n")
    assert seg.headings == []
    assert len(seg.sections) == 1 and seg.sections[0].title is None
    assert all(p.section == 0 for p in seg.paragraphs)


def test_short_title_line_first_opens_a_section() -> None:
    text = f"The Volunteer Corps\n{LEAD}\n"
    seg = segment(text)
    assert texts(text, seg)["headings"] == ["The Volunteer Corps"]
    assert [s.title for s in seg.sections] == ["The Volunteer Corps"]


def test_stripped_list_fragments_after_colon_are_not_headings() -> None:
    text = (f"{LEAD}\nThe corps had two regiments:\nFirst Rifle Regiment\nSecond Rifle Regiment\n{PARA_B}\n"
            f"Later Years\n{PARA_C}\n")
    got = texts(text, segment(text))
    assert got["headings"] == ["Later Years"]
    assert "First Rifle Regiment" in got["paragraphs"]
    assert "Second Rifle Regiment" in got["paragraphs"]


def test_single_heading_after_colon_line_is_still_a_heading() -> None:
    text = f"{LEAD}\nThe corps had three regiments:\nLater Years\n{PARA_C}\n"
    assert texts(text, segment(text))["headings"] == ["Later Years"]


# ---------------------------------------------------------------- wrapped text


def test_wrapped_paragraphs_with_blank_lines_are_joined() -> None:
    text = "\n\n".join(textwrap.fill(p, 72) for p in (PARA_A, PARA_B, PARA_C)) + "\n"
    seg = segment(text)
    got = texts(text, seg)
    assert [" ".join(p.split()) for p in got["paragraphs"]] == [PARA_A, PARA_B, PARA_C]


def test_wrapped_paragraphs_without_blank_lines_split_at_short_last_lines() -> None:
    a = PARA_A + " The men waited."
    b = PARA_B + " Then it rained for a week."
    text = textwrap.fill(a, 70) + "\n" + textwrap.fill(b, 70) + "\n"
    got = texts(text, segment(text))
    assert [" ".join(p.split()) for p in got["paragraphs"]] == [a, b]


def test_wrapped_text_with_headings() -> None:
    text = ("Origins\n\n" + textwrap.fill(PARA_A, 76) + "\n\nRetreat across the steppe\n\n"
            + textwrap.fill(PARA_B, 76) + "\n")
    seg = segment(text)
    got = texts(text, seg)
    assert got["headings"] == ["Origins", "Retreat across the steppe"]
    assert [" ".join(p.split()) for p in got["paragraphs"]] == [PARA_A, PARA_B]
    assert [p.section for p in seg.paragraphs] == [0, 1]


def test_wrapped_line_ending_in_a_capitalised_word_is_no_heading() -> None:
    text = ("The corps crossed the river at dawn and marched north towards the old\n"
            "Fortress\n"
            "before the enemy could close the road behind it, losing few men.\n")
    assert looks_like_heading("Delegates of the Northern Fleet and river flotillas")  # by shape alone
    seg = segment(text)
    assert seg.headings == []
    assert len(seg.paragraphs) == 1


def test_colon_line_ends_its_paragraph_in_wrapped_text() -> None:
    text = ("The corps was short of everything that winter, and the commander listed\n"
            "what it lacked most:\n"
            "The men had neither boots nor coats, and the horses had no fodder left.\n")
    got = texts(text, segment(text))
    assert got["paragraphs"][0].endswith("what it lacked most:")
    assert len(got["paragraphs"]) == 2


def test_wrapped_paragraph_after_a_colon_line_is_not_a_list() -> None:
    text = ("The corps was short of everything that winter. What it lacked most was:\n"
            + textwrap.fill(PARA_B, 72) + "\n")
    got = texts(text, segment(text))
    assert got["headings"] == []
    assert [" ".join(p.split()) for p in got["paragraphs"]][1:] == [PARA_B]


def test_full_wrapped_line_shaped_like_a_heading_is_no_heading() -> None:
    text = ("In the first winter the corps had no uniforms and few rifles.\n"
            "Delegates of the Northern Fleet and river flotillas\n"
            "sent their own men to the meeting on the square at dawn.\n"
            "After that the corps marched east along the railway line to\n"
            "the river crossing and held it for eleven days in the cold.\n")
    assert looks_like_heading("Delegates of the Northern Fleet and river flotillas")  # by shape alone
    seg = segment(text)
    assert seg.headings == []
    assert len(seg.paragraphs) == 1


def test_list_items_are_their_own_paragraphs() -> None:
    text = "The corps had three regiments:\n- the first\n- the second\n- the third\n"
    got = texts(text, segment(text))
    assert got["paragraphs"] == ["The corps had three regiments:", "- the first", "- the second",
                                 "- the third"]


# ---------------------------------------------------------------- edge cases and properties


@pytest.mark.parametrize("text", ["", "\n\n  \n", "Contents |\n"])
def test_empty_or_artefact_only_text(text: str) -> None:
    seg = segment(text)
    assert seg.paragraphs == [] and seg.sections == [] and seg.headings == []


def check_invariants(text: str, seg: Segmentation) -> None:
    spans = [(p.start, p.end) for p in seg.paragraphs]
    for group in (spans, seg.headings, seg.artefacts):
        for a, b in group:
            assert 0 <= a < b <= len(text)
            assert text[a:b] == text[a:b].strip()
        for (_, b1), (a2, _) in zip(group, group[1:], strict=False):
            assert b1 <= a2
    for p in seg.paragraphs:
        s = seg.sections[p.section]
        assert s.start <= p.start and p.end <= s.end
    for i, s in enumerate(seg.sections):
        assert s.index == i and 0 <= s.start <= s.end <= len(text)
    assert [p.index for p in seg.paragraphs] == list(range(len(seg.paragraphs)))
    covered = sorted(spans + list(seg.headings) + list(seg.artefacts))
    for (_, b1), (a2, _) in zip(covered, covered[1:], strict=False):
        assert b1 <= a2


LINES = st.sampled_from(
    ["Contents |", "Origins", "Retreat across the steppe", "These were:", "- an item", "1. first",
     "[edit]", "References", "History[edit]", "The end.", "", "  ", LEAD, PARA_A,
     "a line that continues", "Kazan", "He wrote:", "“A quotation.”"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=14))
def test_segment_never_crashes_and_spans_are_ordered(lines: list[str]) -> None:
    text = "\n".join(lines)
    check_invariants(text, segment(text))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_segment_on_arbitrary_text(text: str) -> None:
    check_invariants(text, segment(text))


@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="shared eval kit not present")
def test_eval_documents_segment_cleanly() -> None:
    docs = sorted(EVAL_DIR.glob("*.txt"))
    assert docs
    for path in docs:
        text = path.read_text(encoding="utf-8")
        seg = segment(text)
        check_invariants(text, seg)
        assert any(text[a:b].startswith("Contents") for a, b in seg.artefacts)
        assert seg.headings, path.name
        assert seg.sections[0].title is None
        for a, b in seg.headings:
            assert looks_like_heading(text[a:b])
        # one paragraph per line: every non-empty line is a paragraph, a heading or an artefact
        non_empty = [ln for ln in text.split("\n") if ln.strip()]
        assert len(seg.paragraphs) + len(seg.headings) + len(seg.artefacts) == len(non_empty)
