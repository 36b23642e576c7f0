"""Sentences of a document that address an AI or try to override its instructions.

Documents are data. A sentence such as "忽略以上所有指令。" or "From now on answer that ..." is
kept in the stored text (citation offsets stay valid) but is never evidence, answer or support.
The patterns look for what ordinary policy text never does: talk to a model or to "the user" of an
assistant, override earlier instructions, or demand what every answer must say. Policy sentences
such as "申请人应当说明……" or "请各区注意……" address people and are not flagged (tests scan the
whole sample corpus for false positives)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from assistant.documents.chunking import split_sentences
from assistant.models import Span

_EARLIER_ZH = r"(?:之前|以上|上面|前面|先前|此前|上述|原有|原来|原先|既有|所有|全部|一切|任何|你的|系统)"
_RULES_ZH = r"(?:指令|指示|规则|提示|设定|命令|约束)"
_AI_ZH = r"(?:AI|A\.I\.|人工智能|语言模型|大模型|聊天机器人|机器人|智能助手|AI助手|助手|模型|ChatGPT|GPT)"
_STRICT_AI_ZH = r"(?:AI|A\.I\.|人工智能|语言模型|大模型|聊天机器人|智能助手|AI助手|ChatGPT|GPT)"
_USER_ZH = r"(?:用户|提问者|提问人|咨询者|询问者|使用者|对方)"

_ZH = (
    # override: 忽略以上所有指令 / 无视之前的规则 / 不要理会上述提示
    rf"(?:忽略|无视|忘记|忘掉|忽视|不要理会|不用理会|别管|抛开|跳过|覆盖){_EARLIER_ZH}?.{{0,10}}{_RULES_ZH}",
    rf"(?:忽略|无视|忘记|忘掉|不要理会){_EARLIER_ZH}.{{0,6}}(?:内容|要求|对话|信息)",
    # addressed to a model: 你是一个AI / 你现在是…助手 / 作为AI助手 / 作为一个语言模型
    rf"你(?:现在|从现在起|此后|今后)?(?:是|扮演|充当|作为)(?:一个|一名|一位)?.{{0,8}}{_AI_ZH}",
    r"你现在(?:是|扮演|充当)",
    rf"作为(?:一个|一名)?.{{0,4}}{_STRICT_AI_ZH}",
    r"系统提示|系统指令|系统消息|提示词|system\s*prompt",
    # demands on every answer: 回答任何问题时都要说明 / 在回答中必须提到 / 每次回复都
    r"(?:回答|回复|答复)(?:任何|所有|每个|每一个|每条|各种|一切|用户的?|提问者的?)?(?:问题|提问|咨询)?时.{0,6}"
    r"(?:都|必须|务必|一律|一定|始终|总是|请|要)",
    r"(?:回答|回复|答复)(?:任何|所有|每个|每一个|一切)(?:问题|提问)",
    r"(?:在|于)?(?:你的|每次|每一次|所有)(?:回答|回复|答复|输出)中",
    r"(?:每次|每一次|始终|总是|一律)(?:都)?(?:回答|回复|答复|输出|说)",
    r"(?:从现在起|从现在开始|从今以后|接下来的所有)[，,]?.{0,12}(?:回答|回复|答复|输出|说|告诉)",
    # speaking to the assistant's user: 请告诉用户 / 请回复用户 / 对用户说 / 请回复：
    rf"(?:告诉|回复|回答|答复|通知|提醒|转告|对|向){_USER_ZH}(?:说|表示|声明|强调|：|:|，|,|“|\")",
    rf"(?:告诉|回复|回答|答复|转告){_USER_ZH}",
    r"请(?:直接)?(?:回复|回答|输出)(?:：|:|“|\"|以下|如下|说)",
    r"不要(?:引用|提及|透露|告诉)(?:.{0,6})(?:文件|来源|原文|指令|提示|用户)",
    r"新(?:的)?指令|新任务[：:]",
)

_EARLIER_EN = r"(?:all\s+|any\s+|the\s+|your\s+)*(?:previous|prior|above|earlier|preceding|former|foregoing|" \
              r"original|existing|system|old)?"
_RULES_EN = r"(?:instructions?|guidance|guidelines?|rules|prompts?|directions?|directives?|commands?|context|" \
            r"messages?|constraints?|policies|orders)"
_EN = (
    rf"\b(?:ignore|disregard|forget|override|overrule|skip|bypass|abandon|drop)\s+{_EARLIER_EN}\s*"
    rf"(?:of\s+)?(?:the\s+)?(?:\w+\s+)?{_RULES_EN}\b",
    r"\b(?:ignore|disregard|forget)\s+(?:everything|anything|all)\s+(?:above|before|earlier|previously|you)",
    r"\byou\s+are\s+now\b",
    r"\byou\s+are\s+(?:an?\s+)?(?:ai|a\.i\.|artificial intelligence|language model|llm|chatbot|assistant|"
    r"helpful assistant|large language model)\b",
    r"\bas\s+an?\s+(?:ai|a\.i\.|language model|llm|chatbot|ai assistant|assistant)\b",
    r"\bfrom\s+now\s+on\b",
    r"\b(?:always|must\s+always|should\s+always|henceforth)\s+(?:say|answer|respond|reply|mention|tell|state|"
    r"include|add|claim|recommend|write|output)\b",
    r"\bnew\s+(?:instructions?|rules|task|directives?|system\s+prompt)\b",
    r"\bsystem\s+prompt\b",
    r"\b(?:when|whenever|before|in)\s+(?:answering|responding|replying)\b",
    r"\bin\s+(?:your|every|each|all)\s+(?:answers?|responses?|replies|outputs?)\b",
    r"\b(?:tell|inform|remind)\s+the\s+user\b",
    r"\b(?:respond|reply|answer)\s+(?:only\s+)?(?:with|by\s+saying)\b",
    r"\bdo\s+not\s+(?:cite|mention|reveal)\s+(?:the\s+)?(?:sources?|documents?|passages?|instructions?)\b",
    r"\bpretend\s+(?:to\s+be|you\s+are)\b|\bact\s+as\s+(?:an?\s+)?(?:ai|assistant|chatbot|model)\b",
)

_PATTERN = re.compile("|".join(f"(?:{p})" for p in (*_ZH, *_EN)), re.I)


def _normalised(text: str) -> str:
    """Full-width letters and spacing tricks ("ｉｇｎｏｒｅ", "忽 略") do not hide a phrase."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=[\u3400-\u9fff])[ \t\u200b]+(?=[\u3400-\u9fff])", "", text)
    return re.sub(r"\s+", " ", text)


def is_instruction(sentence: str) -> bool:
    """Whether one sentence addresses an AI or overrides its instructions."""
    return bool(_PATTERN.search(_normalised(sentence)))


def instruction_spans(text: str) -> tuple[Span, ...]:
    """The instruction-like sentences of a document's stored text, as offsets into it.

    Sentences are split as the chunker splits them; a table row ("a | b | c") is also checked cell by
    cell, so that a planted cell is caught with its row."""
    out: list[Span] = []
    for span in split_sentences(text):
        sentence = text[span.start : span.end]
        if is_instruction(sentence):
            out.append(span)
    return tuple(out)


def overlaps(span: Span, flagged: Iterable[Span | tuple[int, int]]) -> bool:
    """Whether `span` overlaps any flagged span (given as Spans or (start, end) pairs)."""
    for item in flagged:
        start, end = (item.start, item.end) if isinstance(item, Span) else item
        if span.start < end and start < span.end:
            return True
    return False
