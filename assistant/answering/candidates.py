"""A candidate sentence of an answer and what it is read with: its paragraph and heading path, and whether it
names the thing a question asks."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from weakref import WeakKeyDictionary

from assistant.answering.abbreviations import abbreviates
from assistant.answering.query import FINE_ASKED, Query
from assistant.answering.retrieve import DEFINES
from assistant.documents.asked import ALLOWED_ASKED_ZH, asked_subject
from assistant.documents.metadata import ADOPTION_RECORD, HISTORY_ASKED
from assistant.documents.quantities import parse_number
from assistant.documents.structure import article_label, article_of, chinese_number
from assistant.index.indexer import LiveIndex
from assistant.models import Chunk, ScoredChunk, SourceDocument, Span

TRANSLATION_WEIGHT = 0.5  # a dictionary translation of an English word weighs this much of a glossary term
_CJK_TOKEN = re.compile(r"[\u4e00-\u9fff]+")
_QUESTION_CHARS = frozenset("什么怎样哪吗呢如何是否能可以吧啊呀请问谁些多少几")


@dataclass(frozen=True)
class Candidate:
    chunk: ScoredChunk
    span: Span
    text: str
    dense: float
    lexical: float
    score: float
    translated: float = 0.0  # the share of the question's words with an English question's dictionary translations


# the model's English-to-Chinese similarities lie close together: a spread below this is not stretched to the full
# scale, so the share of the question's translated words decides among sentences the model barely tells apart
DENSE_SPREAD_EN = 0.06


def dense_range(values: Sequence[float], language: str) -> tuple[float, float]:
    """The lowest similarity of a question's sentences and the spread its scores are scaled by."""
    low, high = min(values), max(values)
    return low, max(high - low, DENSE_SPREAD_EN if language == "en" else 1e-6)


def query_weights(index: LiveIndex, query: Query, translated: bool = False) -> dict[str, float]:
    """The question's words (and glossary terms; with `translated`, an English question's dictionary
    translations too) by their keyword weight; Chinese words no passage contains weigh most."""
    tokenizer, keyword = index.tokenizer, index.keyword
    asked = set(tokenizer(query.searched))
    tokens = set(asked)
    for term in query.expansions:
        tokens.update(tokenizer(term))
    weights = {t: keyword.idf(t) for t in tokens if keyword.idf(t) > 0}
    if translated:
        for term in query.translations:
            for t in tokenizer(term):
                if t not in weights and keyword.idf(t) > 0:
                    weights[t] = TRANSLATION_WEIGHT * keyword.idf(t)
    if query.language == "zh" and weights:
        # Chinese words of the question that no chunk contains count against coverage
        ceiling = max(weights.values())
        for token in asked - set(weights):
            bare = token.removeprefix("w:")
            if any(abbreviates(bare, term) for term in query.expansions):
                continue  # 商票 is weighed through 商业汇票
            if _CJK_TOKEN.fullmatch(bare) and not set(bare) & _QUESTION_CHARS:
                weights[token] = ceiling
    return weights


def word_share(index: LiveIndex, text: str, weights: dict[str, float]) -> float:
    """The share of the weighted words that `text` holds."""
    if not weights:
        return 0.0
    present = set(index.tokenizer(text))
    return sum(w for t, w in weights.items() if t in present) / sum(weights.values())


def ranked_share(index: LiveIndex, text: str, weights: dict[str, float], title: frozenset[str] | None) -> float:
    """The share of the weighted words a sentence holds; with its law's `title` words (an article's), half of it read
    under the title: words every article of 台湾同胞投资保护法 holds do not single one out."""
    if not weights:
        return 0.0
    present = set(index.tokenizer(text))
    total = sum(weights.values())
    own = sum(w for t, w in weights.items() if t in present) / total
    if title is None:
        return own
    return (own + sum(w for t, w in weights.items() if t in present or t in title) / total) / 2


# a penalty clause names the rules it enforces: "违反本条例第十一条规定的，…罚款" fines what 第十一条 forbids
_RULES_NAMED = re.compile(r"本(?:条例|办法|法|规定|细则|决定|规则)((?:第[〇零一二三四五六七八九十百\d]+条"
                          r"(?:第[一二三四五六七八九十]+[款项])*[、，,和或及至]?)+)")
_ARTICLE_NAMED = re.compile(r"第([〇零一二三四五六七八九十百\d]+)条")
_BARE = re.compile(r"(?:规定|所列[^，,。；]{0,6}?)?(?:之一)?的")  # "…第十一条规定的，": no offence of its own
RULE_READ_MAX = 200  # so much of each rule named is read with the penalty clause


# per index (held weakly: a discarded index is not kept alive), its generation and each document's articles
_ARTICLES: WeakKeyDictionary[LiveIndex, tuple[str, dict[str, dict[str, str]]]] = WeakKeyDictionary()


def _articles(index: LiveIndex, doc_id: str) -> dict[str, str]:
    """The text of each article of a document, by its label, as the index holds it; read once per generation."""
    generation, documents = _ARTICLES.get(index, ("", {}))
    if generation != index.generation:
        generation, documents = index.generation, {}
        _ARTICLES[index] = (generation, documents)
    if doc_id not in documents:
        out: dict[str, str] = {}
        for chunk in sorted((c for c in index.chunks.values() if c.doc_id == doc_id), key=lambda c: c.start):
            if label := article_of(chunk.section):
                out[label] = out.get(label, "") + chunk.text
        documents[doc_id] = out
    return documents[doc_id]


def read_with_rules(index: LiveIndex, doc_id: str, text: str, query: Query) -> str:
    """A sentence as it is read for a question about a fine or what follows a breach: a penalty clause that names
    no offence but a rule ("违反本条例第十一条规定的，…") with that rule's words ("严禁无证和越界…开采矿产资源");
    one that names its own ("违反本条例第二十三条规定，焚烧…的") is read as it stands."""
    if not FINE_ASKED.search(query.question):
        return text
    named = [n for run in _RULES_NAMED.finditer(text) if _BARE.match(text, run.end())
             for n in _ARTICLE_NAMED.findall(run[1])]
    if not named:
        return text
    articles = _articles(index, doc_id)
    numbers = [chinese_number(n) for n in named]
    rules = [articles.get(article_label(n), "")[:RULE_READ_MAX] for n in numbers if n]
    return "\n".join((text, *rules))


def names_subject(sentence: str, question: str, known: Callable[[str], bool]) -> bool:
    """The sentence itself names the thing or event asked ("报送" for "哪天前报送"), a word the documents know."""
    subject = asked_subject(question)
    return bool(subject) and subject in sentence and known(subject)


def same_paragraph(a: Candidate, b: Candidate) -> bool:
    """Two sentences of one paragraph: "第二十三条 …可以要求付款方确认…。付款方应当…三十日内予以确认。"."""
    if a.chunk.chunk_id != b.chunk.chunk_id:
        return False
    first, second = sorted((a.span, b.span), key=lambda s: s.start)
    return "\n" not in a.chunk.text[first.end - a.chunk.start : second.start - a.chunk.start]


def fine_beside(candidate: Candidate, top: Candidate, query: Query) -> bool:
    """A fine asked, and the sentence is in the best sentence's own article: "未取得许可证从事…活动的，由…处理。
    有违法所得的，…罚款；没有违法所得的，处…罚款。" states the fines of the offence the best one names."""
    return candidate.chunk.chunk_id == top.chunk.chunk_id and bool(FINE_ASKED.search(query.question))


def names_word(word: str, candidate: Candidate) -> bool:
    """Whether a sentence (or the paragraph it stands in) names the word; any sentence does when there is none."""
    return not word or word in candidate.text or word in context_of(candidate)


def context_of(candidate: Candidate) -> str:
    """What a sentence is read with: its heading path and the paragraph it stands in."""
    chunk = candidate.chunk
    rel_start, rel_end = candidate.span.start - chunk.start, candidate.span.end - chunk.start
    para_start = chunk.text.rfind("\n", 0, rel_start) + 1
    para_end = chunk.text.find("\n", rel_end)
    return f"{chunk.section}\n{chunk.text[para_start : para_end if para_end >= 0 else len(chunk.text)]}"


_HOW = re.compile(
    r"怎样|怎么|如何|措施|举措|办法|政策|支持|帮助|\bhow\b|measures?|polic|support|help|what is being done", re.I
)
_ACTION = re.compile(r"要|支持|推动|鼓励|加快|推广|建立|建设|实施|完善|强化|深化|引导|探索|组织|设立|推行|争取|"
                     r"培育|提升|优化|健全|加强|促进|大力")
FORM_BONUS = 0.1
# "他们这样做合规吗", "May a partner …": whether something is allowed, answered by a rule that forbids or permits it
_PERMISSION_ASKED = re.compile(ALLOWED_ASKED_ZH + r"|能不能|能否|是否可以|让不让"
                               r"|^(?:may|can|could) |\b(?:allowed|legal|lawful|permitted)\b", re.I)
_FORBIDS_OR_PERMITS = re.compile(r"不得|禁止|严禁|不准|不许|不能|有权|无权|可以")
# "How does the … regulation define …", "what counts as …": answered by the clause that says what a term means
_MEANING_ASKED = re.compile(r"\bdefin(?:e|es|ed|ition)\b|\bmean(?:s|t)? by\b|\bwhat counts as\b|\bcount as\b", re.I)


def bonus_for_form(question: str) -> Callable[[str], float]:
    """What a sentence earns for answering the question's form: "怎么支持…" by what is done (支持, 推动 … leading the
    sentence), "…合规吗" by a rule that forbids or permits (不得, 禁止, 有权 …), "how does it define …" by a
    definition (所称…是指)."""
    action = bool(_HOW.search(question))
    permission = bool(_PERMISSION_ASKED.search(question.strip()))
    meaning = bool(_MEANING_ASKED.search(question))

    def bonus(text: str) -> float:
        return FORM_BONUS * ((action and bool(_ACTION.search(text[:12])))
                             + (permission and bool(_FORBIDS_OR_PERMITS.search(text)))
                             + (meaning and bool(DEFINES.search(text))))
    return bonus


_ATTRIBUTION = re.compile(r"[（(][^（()）]*[）)]")  # "（作者单位：……）" is not an answer


def aside(text: str) -> bool:
    """A sentence that answers nothing: a fragment or an attribution in brackets."""
    return len(text) < 12 or bool(_ATTRIBUTION.fullmatch(text))


def history_line(text: str, question: str) -> bool:
    """A line of the document's legislative history ("…常务委员会第三十一次会议通过"), when the question does not ask
    how the text was made: no rule, so never a candidate answer."""
    return bool(ADOPTION_RECORD.fullmatch(text.strip())) and not HISTORY_ASKED.search(question)


def adjacent(a: Span, b: Span, chunk: ScoredChunk) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    return not chunk.text[first.end - chunk.start : second.start - chunk.start].strip()


_ITEM = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.、．])")


def with_items(chunk: ScoredChunk, sentences: Sequence[Span], i: int, flagged: Sequence[tuple[int, int]],
               limit: int) -> Span:
    """A list-introducing sentence ("…但下列商品除外：") with the items after it, up to `limit` characters, not over
    a left-out sentence, and not past the last item: the paragraph after the list is a sentence of its own.
    Items are numbered ("（一）…"), or, as copies that lost their numbers print them, paragraphs of their own that
    end with "；" until the one that ends with "。"."""
    span = sentences[i]
    end = span.end
    listing = True  # the lead-in, then each unnumbered item ending with "；", leaves the list open
    for following in sentences[i + 1 :]:
        text = chunk.text[following.start - chunk.start : following.end - chunk.start]
        open_item = text.rstrip().endswith(("；", ";"))
        unnumbered = listing and "\n" in chunk.text[end - chunk.start : following.start - chunk.start] \
            and (open_item or end > span.end)  # the first of them, at least, ends with "；"
        if following.end - span.start > limit or any(s < following.end and end < e for s, e in flagged) \
                or not (_ITEM.match(text) or unnumbered):
            break
        listing = unnumbered and open_item and not _ITEM.match(text)  # a numbered list ends with its numbers
        end = following.end
    return Span(span.start, end)


def item_with_intro(chunk: ScoredChunk, span: Span, flagged: Sequence[tuple[int, int]], limit: int) -> Span | None:
    """For a list item ("（二）销售没有…的"), the span from the start of the paragraph that introduces its list
    ("…有下列行为之一的，…处五千元以上五万元以下的罚款；…：") to the item's end; None when the sentence is no item,
    no such paragraph is in the passage, or the quote would run past `limit` or over a left-out sentence."""
    text, base = chunk.text, chunk.start
    rel = span.start - base
    if not _ITEM.match(text[rel:span.end - base]):
        return None
    line_end = text.rfind("\n", 0, rel)
    while line_end > 0:
        start = text.rfind("\n", 0, line_end) + 1
        line = text[start:line_end].strip()
        if line and not _ITEM.match(line):
            if not line.endswith(("：", ":")) or span.end - (base + start) > limit:
                return None
            begin = base + start + (len(text[start:line_end]) - len(text[start:line_end].lstrip()))
            if any(s < span.end and begin < e for s, e in flagged):
                return None
            return Span(begin, span.end)
        line_end = start - 1
    return None


_CONDITION_END = re.compile(r"的[；;。，,]?\s*$")


def condition_item(text: str) -> bool:
    """A list item that is only a condition ("（三）使用散装水泥连续三年达到规定比例的；"): what follows from it is
    said by the paragraph introducing its list ("对下列单位和个人，…给予表彰奖励：")."""
    return bool(_ITEM.match(text)) and bool(_CONDITION_END.search(text))


def introduced(candidate: Candidate, flagged: Sequence[tuple[int, int]], limit: int) -> Candidate:
    """A list item that is only a condition, quoted from the paragraph introducing its list: the item alone does not
    say what follows from it."""
    chunk = candidate.chunk
    intro = item_with_intro(chunk, candidate.span, flagged, limit) if condition_item(candidate.text) else None
    if intro is None:
        return candidate
    return replace(candidate, span=intro, text=chunk.text[intro.start - chunk.start : intro.end - chunk.start])


def completed(chunk: ScoredChunk, sentences: Sequence[Span], i: int, flagged: Sequence[tuple[int, int]], limit: int,
              states: Callable[[str], bool]) -> Span:
    """A sentence that does not state the fact asked, with what completes it: a list item with its list's
    lead-in ("（二）销售没有…标识的…产品的" is fined there), or a clause cut at "；" with the rest of its sentence
    when that states the fact ("…责令限期改正；" + "逾期不改正的，处二千元以上二万元以下的罚款。")."""
    span = sentences[i]
    if (intro := item_with_intro(chunk, span, flagged, limit)) is not None:
        return intro
    text = chunk.text[span.start - chunk.start : span.end - chunk.start]
    if i + 1 < len(sentences) and text.rstrip().endswith(("；", ";")):
        after = sentences[i + 1]
        between = chunk.text[span.end - chunk.start : after.start - chunk.start]
        whole = chunk.text[span.start - chunk.start : after.end - chunk.start]
        if "\n" not in between and not any(s < after.end and span.end <= e for s, e in flagged) and states(whole):
            return Span(span.start, after.end)
    return span


def led_in(chosen: list[Candidate], index: LiveIndex,
           lookup: Callable[[str], SourceDocument | None]) -> list[Candidate]:
    """A list item chosen first is quoted after the lead-in of its list ("第十五条 对…实行政策扶持：" before "（二）…"):
    what a "which article lists …" question asks is what the article's own first words say."""
    first = chosen[0]
    rel = first.span.start - first.chunk.start
    if not _ITEM.match(first.chunk.text[rel : first.span.end - first.chunk.start]):
        return chosen
    article = [index.with_sentences(c) for c in index.chunks.values()  # a long article is chunked by its parts
               if (c.doc_id, c.section) == (first.chunk.doc_id, first.chunk.section) and c.start <= first.span.start]
    intros = [(chunk, span) for chunk in article for span in chunk.sentences if span.start < first.span.start
              and (line := chunk.text[span.start - chunk.start : span.end - chunk.start]).rstrip().endswith(("：", ":"))
              and not _ITEM.match(line)]
    heading = first.chunk.section.rsplit(" › ", 1)[-1]
    doc = lookup(first.chunk.doc_id) if not intros and heading.endswith(("：", ":")) else None
    if doc is not None:  # the lead-in heads the article's chunks: find it in the text, above the first of them
        at = doc.text.rfind(heading, 0, min(c.start for c in article) + 1) if article else -1
        if at >= 0:
            span = Span(at, at + len(heading))
            lead = Chunk(f"{first.chunk.chunk_id}:lead", doc.doc_id, heading, at, span.end, first.chunk.section,
                         sentences=(span,))
            intros = [(lead, span)]
    if not intros:
        return chosen
    chunk, span = max(intros, key=lambda found: found[1].start)  # the nearest lead-in above the item
    scored = ScoredChunk(chunk, first.chunk.score, first.chunk.title, first.chunk.source, first.chunk.ranks)
    text = chunk.text[span.start - chunk.start : span.end - chunk.start]
    return [replace(first, chunk=scored, span=span, text=text), *chosen]


_ITEM_NUMBER = re.compile(r"^\s*[（(]([一二三四五六七八九十]+)[）)]")
_ITEM_REFERENCE = re.compile(r"第([一二三四五六七八九十]+)项(?:至第([一二三四五六七八九十]+)项)?")


def _numeral(written: str) -> float:
    """An item's number (七, 十二), 0 when unreadable."""
    return parse_number(written) or 0.0


def with_references(chosen: list[Candidate], candidates: Sequence[Candidate], most: int) -> list[Candidate]:
    """A list item chosen ("（七）…利润总额、纳税总额信息") is followed by the sentence of its article that says what
    holds for it ("前款第一项至第六项规定的信息应当向社会公示，第七项规定的信息由企业选择是否向社会公示"): the item
    alone only names what the rule is about."""
    out = list(chosen)
    for item in chosen:
        number = _ITEM_NUMBER.match(item.text)
        if number is None:
            continue
        n = _numeral(number.group(1))
        for other in candidates:
            if other.chunk.chunk.doc_id != item.chunk.chunk.doc_id or other.chunk.chunk.section != \
                    item.chunk.chunk.section or other in out or _ITEM_NUMBER.match(other.text):
                continue
            if any(_numeral(a) <= n <= _numeral(b or a) for a, b in _ITEM_REFERENCE.findall(other.text)):
                out.insert(out.index(item) + 1, other)
                break
    return out[:most]


def choose(candidates: list[Candidate], most: int, gap: float = 0.25, floor: float = 0.0) -> list[Candidate]:
    """The best sentence and up to `most` in all within `gap` of it (and above `floor`), from at most three
    passages, none inside another."""
    best = candidates[0]
    chosen = [best]
    chunks = {best.chunk.chunk_id}
    for cand in candidates[1:]:
        if len(chosen) >= most:
            break
        if cand.score < best.score - gap or cand.score <= floor:
            continue
        if cand.chunk.chunk_id not in chunks and len(chunks) >= 3:
            continue
        if any(cand.text in c.text or c.text in cand.text for c in chosen):
            continue
        chosen.append(cand)
        chunks.add(cand.chunk.chunk_id)
    return chosen
