"""LiveIndex: what searches see, and the "is this term mentioned anywhere?" lookup."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.advisor import Advisor
from assistant.index.indexer import sentence_ids, with_sentences

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_mentions_agrees_with_a_scan_of_every_chunk_on_known_cases(hashing_advisor: Advisor) -> None:
    index = hashing_advisor.index
    for term in ["专精特新", "单项冠军", "知识产权", "宁波", "AI", "ai", "2024", "首台（套）"]:
        assert index.mentions(term) == any(term.lower() in c.text.lower() for c in index.chunks.values()), term
    for term in ["深圳", "专精特新企业认定", "增值税", "ISO9001", "2031", "量子", "the", "an"]:
        assert index.mentions(term) == (term.lower() in index.corpus_text), term
    assert not index.mentions("深圳") and not index.mentions("专精特新企业认定")


@PROPERTY
@given(data=st.data())
def test_mentions_equals_substring_search(hashing_advisor: Advisor, data: st.DataObject) -> None:
    """Postings only narrow the scan: the answer is always that of a plain substring search."""
    index = hashing_advisor.index
    texts = [c.text for c in index.chunks.values()]
    text = data.draw(st.sampled_from(texts))
    start = data.draw(st.integers(0, len(text) - 1))
    piece = text[start : start + data.draw(st.integers(1, 8))]
    mutated = data.draw(st.one_of(st.just(piece), st.text(alphabet="宁波企业专利标准创新深圳ab01.%İ t헤", min_size=1,
                                                          max_size=6)))
    expected = mutated.lower() in index.corpus_text
    assert index.mentions(mutated) == expected
    assert index.mentions(mutated) == expected  # and the memoised answer too


def test_sentence_ids_name_the_stored_sentence_vectors(hashing_advisor: Advisor) -> None:
    index = hashing_advisor.index
    chunks = list(index.chunks.values())[:3]
    ids = sentence_ids(chunks)
    assert len(ids) == sum(len(with_sentences(c).sentences) for c in chunks)
    found = index.store.sentence_vectors(ids)
    assert sorted(r.sentence_id for r, _v in found) == sorted(ids)
    assert {r.chunk_id for r, _v in found} == {c.chunk_id for c in chunks}


def test_reopening_reads_chunk_texts_from_the_keyword_cache(hashing_advisor: Advisor) -> None:
    """A restart takes the texts saved with the keyword index; a changed chunk set does not."""
    from assistant.index.indexer import LiveIndex

    index = hashing_advisor.index
    store = index.store
    calls: list[int] = []
    original = store.chunk_texts

    def counting(ids):  # the real store, counted
        calls.append(len(ids))
        return original(ids)

    store.chunk_texts = counting  # type: ignore[method-assign]
    reopened = LiveIndex(store, index.tokenizer, index.cache_dir)
    reopened.refresh()
    assert calls == [] and reopened.chunks == index.chunks and reopened.state == index.state
    stale = LiveIndex(store, index.tokenizer, index.cache_dir.parent / "elsewhere")
    stale.refresh()
    assert calls == [len(index.chunks)] and stale.chunks == index.chunks
