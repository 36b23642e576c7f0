"""English words -> Chinese words of the knowledge base, through CC-CEDICT read backwards."""

from __future__ import annotations

import pytest

from assistant.answering.translate import translations


def test_a_word_finds_the_chinese_word_the_knowledge_base_holds() -> None:
    known = {"罚款", "商标", "奖金", "发明"}
    found = translations("What fine applies, and what bonus for an invention or a trademark?", known.__contains__)
    assert {"罚款", "奖金", "发明", "商标"} <= set(found)


def test_only_words_the_knowledge_base_mentions_are_kept() -> None:
    assert translations("What is the fine for bribery?", lambda term: False) == []
    assert set(translations("What is the fine?", {"罚款"}.__contains__)) == {"罚款"}


def test_function_words_and_glossary_phrases_are_skipped() -> None:
    everything = translations("How long is the trademark valid", lambda term: True)
    assert everything and not any(w in everything for w in ("多头",))  # "long" of "how long" is no topic
    without = translations("How long is the trademark valid", lambda term: True, covered=["trademark"])
    assert "商标" in everything and "商标" not in without


def test_a_phrase_wins_over_its_words() -> None:
    found = translations("a registered trademark", {"注册商标", "注册", "商标"}.__contains__)
    assert found == ["注册商标"]


def test_the_nouns_of_law_titles_find_their_verbs_chinese() -> None:
    known = {"登记", "管理", "清洁", "促进", "市场", "实体"}
    found = set(translations("Regulations on the Administration of Market Entity Registration", known.__contains__))
    assert {"登记", "管理", "市场"} <= found
    assert {"清洁", "促进"} <= set(translations("the Cleaner Production Promotion Law", known.__contains__))


def test_a_sense_that_lists_several_glosses_defines_each_of_them() -> None:
    # CC-CEDICT writes 拒绝 as "/to refuse; to decline; to reject/": each gloss is a key
    assert translations("They may reject it", {"拒绝"}.__contains__) == ["拒绝"]


def test_a_word_used_as_a_verb_takes_its_verb_senses_first() -> None:
    known = {"垃圾", "拒绝", "标记", "标志", "签署", "签名"}
    assert translations("does the authority grant or refuse the licence", known.__contains__)[0] == "拒绝"
    assert translations("They have to refuse it", known.__contains__)[0] == "拒绝"
    signed = translations("we submit the signed contract", known.__contains__)
    assert signed and set(signed) <= {"签署", "签名"}  # a participle keeps its verb's senses


def test_a_word_used_as_a_noun_takes_its_noun_senses_first() -> None:
    known = {"垃圾", "拒绝"}
    assert translations("Where does the refuse go", known.__contains__)[0] == "垃圾"
    building = translations("an ultra-low-energy building", {"建筑", "建设", "建造"}.__contains__)
    assert "建筑" in building  # an -ing word after a modifier is no verb


def test_the_dictionary_tells_a_verb_from_a_place() -> None:
    from assistant.answering.translate import defines_only_verbs

    assert defines_only_verbs("回国") and defines_only_verbs("拒绝")
    assert not defines_only_verbs("美国") and not defines_only_verbs("宁波") and not defines_only_verbs("垃圾")


def test_an_adjective_in_ological_finds_its_noun() -> None:
    assert "技术" in translations("Technological Invention awards", lambda w: w in {"技术", "发明"})


def test_a_classifier_note_is_no_proper_noun_sense() -> None:
    from assistant.answering.translate import common_word

    assert common_word("东西")  # "thing; stuff; CL:个": a common word whatever jieba tags it (卖的东西: ns)
    assert not common_word("北京")  # "Beijing": a place's name


def test_british_spellings_and_irregular_noun_forms_find_their_entries() -> None:
    assert translations("contribute labour", {"劳力"}.__contains__) == ["劳力"]  # labour -> labor
    assert translations("per square metre", {"公尺"}.__contains__) == ["公尺"]  # metre -> meter
    assert translations("a licence obtained by deception", {"欺骗"}.__contains__) == ["欺骗"]  # -> deceive
    assert translations("the Energy Conservation Law", {"节约"}.__contains__) == ["节约"]  # -> conserve
    assert translations("public disclosure", {"揭露"}.__contains__) == ["揭露"]  # disclosure -> disclose
    assert translations("labour metre deception", lambda term: False) == []
    assert translations("four", {"为了", "为"}.__contains__) == []  # not read as "for"


def test_a_hyphenated_compound_the_dictionary_lacks_is_read_as_its_parts() -> None:
    assert "能源" in translations("an ultra-low-energy building", {"能源"}.__contains__)
    assert translations("energy-saving", {"节能", "能源"}.__contains__) == ["节能"]  # an entry of its own


def test_english_similarities_that_lie_close_together_are_not_stretched_to_the_full_scale() -> None:
    from assistant.answering.candidates import dense_range

    # two English sentences the model barely tells apart (0.80, 0.82) differ by a third of the scale, not all of it
    low, spread = dense_range([0.80, 0.82, 0.81], "en")
    assert low == 0.80 and (0.82 - low) / spread < 0.5
    assert dense_range([0.80, 0.95], "en") == (0.80, pytest.approx(0.15))  # a real spread is kept
    low, spread = dense_range([0.80, 0.82], "zh")  # Chinese-to-Chinese similarities spread out: kept as they are
    assert (0.82 - low) / spread == pytest.approx(1.0)
