"""Values remembered per object (by_object.py)."""

from __future__ import annotations

from ictgraph.by_object import ByObject
from ictgraph.model import EntityRef


def test_a_value_is_computed_once_per_object_and_equal_objects_each_get_theirs() -> None:
    calls: list[EntityRef] = []

    def label(ref: EntityRef) -> str | None:
        calls.append(ref)
        return ref.label

    memo: ByObject[EntityRef, str | None] = ByObject()
    first = EntityRef("Person", ("name", "حمد المنصوري"), "حمد المنصوري")
    same_key = EntityRef("Person", ("name", "حمد المنصوري"), "معالي حمد المنصوري")
    assert first == same_key  # equal entities, written differently
    assert [memo.get(first, label), memo.get(first, label)] == ["حمد المنصوري"] * 2
    assert memo.get(same_key, label) == "معالي حمد المنصوري"
    assert [c is first for c in calls] == [True, False]


def test_an_entry_keeps_its_object_so_its_id_is_not_reused() -> None:
    memo: ByObject[object, int] = ByObject()
    ids = set()
    for n in range(1000):
        ids.add(id(obj := object()))
        assert memo.get(obj, lambda _: n) == n  # a fresh object never finds another's value
    assert len(ids) == 1000
