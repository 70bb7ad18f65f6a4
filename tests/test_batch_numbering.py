"""The batch's numbering of canonical entities from their orders alone, and their links sent back by partition
(annals/batch_resolve.py): the driver reads one integer a canonical entity, whatever the buckets."""

from __future__ import annotations

from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annals.batch_resolve import POSITION_BITS, links_by_partition, number_orders, order_of, partition_links, piece_of


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 5000)), unique=True, max_size=60),
       st.integers(1, 6), st.integers(1, 1000), st.randoms())
def test_ids_follow_the_order_of_first_members_whatever_the_buckets(firsts, n_buckets, first_id, rnd):
    orders = [order_of(rank, pos) for rank, pos in firsts]
    buckets: list[list[int]] = [[] for _ in range(n_buckets)]
    for o in orders:
        buckets[rnd.randrange(n_buckets)].append(o)
    ids = number_orders([array("q", sorted(b)) for b in buckets], first_id)
    want = {o: n for n, o in enumerate(sorted(orders), first_id)}
    assert [list(i) for i in ids] == [[want[o] for o in sorted(b)] for b in buckets]


@given(st.tuples(st.integers(0, 10**9), st.integers(0, (1 << POSITION_BITS) - 1)),
       st.tuples(st.integers(0, 10**9), st.integers(0, (1 << POSITION_BITS) - 1)))
def test_an_order_is_the_document_rank_then_the_position(a, b):
    assert (order_of(*a) < order_of(*b)) == (a < b)


def test_a_position_past_the_bits_is_refused():
    with pytest.raises(ValueError):
        order_of(3, 1 << POSITION_BITS)


def test_links_go_back_to_the_partitions_of_their_documents():
    """A canonical entity named in two partitions: each gets its own links and the entity's row."""
    linked = {"entities": [
        {"name": "Gaius Marius", "norm": "gaius marius", "tail": "marius", "type": "PERSON", "subtype": None,
         "place": None, "members": [("consuls", "e1"), ("wars", "e4")]},
        {"name": "Numidia", "norm": "numidia", "tail": "numidia", "type": "GPE", "subtype": None, "place": None,
         "members": [("wars", "e2")]}],
        "part_of": {"consuls": 1, "wars": 2}}
    split = links_by_partition(linked, array("q", [7, 9]))
    one = partition_links(piece_of(split, 1), piece_of(split, 3))
    two = partition_links(None, piece_of(split, 2))
    assert one == ([("consuls", "e1", 7)], {7: (7, "Gaius Marius", "gaius marius", "marius", "PERSON", None, None)})
    assert sorted(two[0]) == [("wars", "e2", 9), ("wars", "e4", 7)] and sorted(two[1]) == [7, 9]
