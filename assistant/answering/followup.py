"""Whether a question can stand alone or leans on the conversation (a follow-up), by meaning, not length.

A question is a follow-up when it refers back (它, 其, 这个, 该, 上述, "it", "they", "that one"), is an
ellipsis ("那人工智能呢？", "还有呢？", "what about ...?"), or has no subject of its own ("最高多少钱？",
"What is the deadline?"). A question that names its own topic ("申请专利补贴最高多少钱？", "宁波在哪个城市？")
stands alone even when it is short. Pure functions; jieba's part-of-speech tags find the nouns."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache

_CJK = re.compile(r"[\u3400-\u9fff]")
_EN_WORD = re.compile(r"[a-z0-9]+(?:[&'\-][a-z0-9]+)*")

# words that point back to something said earlier (jieba tokens, so 其他/应该/尤其 do not count)
_ZH_ANAPHORA = frozenset(
    "它 它们 其 其中 这 这个 这些 这项 这类 这种 这一 这样 那 那个 那些 那项 那类 那种 该 此 此项 此类 "
    "上述 前者 后者 以上 类似 同样 一样 相同 他们 她们 对方 双方 各方 两者 二者".split()
)
_NOT_ANAPHORA = re.compile(r"其他|其它|其余|其次|其实|尤其|极其|与其|应该|该当")
# openers that continue the conversation ("还有…", "另外…", "那么…")
_ZH_OPENERS = ("还有", "另外", "此外", "那么", "那", "然后", "再问", "顺便问")
# a case put to what was asked before ("要是…", "如果是…")
_ZH_CASE = re.compile(r"^(?:那么?)?(?:要是|如果|假如|若是|万一)")
# interrogatives: a "…呢" with one of these is a full question, without one it is an ellipsis
_ZH_INTERROGATIVE = re.compile(r"什么|哪|怎么|怎样|如何|多少|几|谁|吗|是否|为什么|为何|能否|可否|有没有|是不是")
# nouns that name the kind of fact asked, not a topic: a question made only of these has no subject
_ZH_GENERIC = frozenset(
    "企业 公司 单位 我们 我司 本公司 政策 措施 内容 问题 情况 事情 东西 补贴 补助 资助 奖励 奖补 资金 金额 钱 费用 "
    "额度 时间 时候 截止 截止时间 截止日期 日期 期限 有效期 材料 申报材料 申请材料 清单 条件 门槛 要求 标准 资格 "
    "流程 程序 步骤 方式 方法 办法 途径 渠道 电话 联系方式 联系人 地址 邮箱 部门 机构 窗口 比例 费率 税率 利率 "
    "收费 免费 价格 花费 成本 申请 申报 办理 多少 多少钱 几钱 最高 最低 上限 下限 区别 不同 作用 好处 优势 目的 "
    "意义 具体 细节 详情 对象 范围 名额 数量 "
    "次数 年限 效果 支持 帮助 服务 哪里 地方 城市 上一级 下一级 一级 级别 下一步 英文 中文 网址 网站 官网 文件 "
    "原文 出处 来源 依据 规定 例子 案例 例如 比如 介绍 说明 定义 含义 意思 全称 简称 名称 名字 年 月 日 天".split()
)
_ZH_NOUN_TAGS = ("n", "vn", "j", "eng", "nz", "l", "i", "x")  # x: words the index adds to jieba (专利托管)

_EN_ANAPHORA = re.compile(
    r"\b(?:it|its|itself|they|them|their|theirs|these|those|the same|such(?! as)|"
    r"(?:this|that)(?=\s+(?:one|program|programme|policy|measure|scheme|service|platform|document|"
    r"notice|project|subsidy|grant|initiative|tier|level|option)s?\b)|"
    r"(?:this|that)(?=\s*[?.!,]|\s*$)|"
    r"(?<=\bis )(?:this|that)|"
    r"(?:about|for|with|from|on|does|get|apply|join)\s+(?:this|that)(?!\s+\w+\s+(?:is|are|was)\b))\b",
    re.I,
)
# "it" that refers to nothing ("is it possible to …", "how long does it take to …")
_EN_DUMMY_IT = re.compile(
    r"\b(?:is|was|would it be|will) it (?:possible|true|necessary|required|mandatory|allowed|hard|easy|worth)\b|"
    r"\bit(?: is|'s) (?:possible|true|necessary|required|mandatory|allowed|hard|easy|worth)\b|"
    r"\bdoes it take\b|\bdoes it cost\b(?=.*\bto\b)",
    re.I,
)
_EN_OPENERS = re.compile(
    r"^\s*(?:what about|how about|and\b|also\b|what else|anything else|any others?|others?\b|"
    r"more\b|tell me more|same for|in that case|then\b|so\b(?=\s+(?:what|how|who|when|where)))",
    re.I,
)
_EN_STOP = frozenset(
    "a an the and or but of to for in on at by with from as about into over under is are was were be been being "
    "do does did done have has had can could may might must shall should will would i we you he she my our your "
    "me us what which who whom whose when where why how there here if than then so not no yes any some all each "
    "more most much many very just also please tell me know need want get got give given find help apply "
    "applied applying available possible offer offered provide provided support supported cover covered "
    "up out one ones other others else such there's what's it's let let's it its this that these those they "
    "them their required needed necessary free".split()
)
_EN_GENERIC = frozenset(
    "company companies enterprise enterprises firm firms business businesses policy policies measure measures "
    "program programs programme programmes scheme schemes subsidy subsidies grant grants funding money amount "
    "maximum minimum deadline deadlines date dates time when due window documents document materials paperwork "
    "conditions condition requirements requirement criteria criterion eligibility eligible qualify qualified "
    "threshold thresholds process procedure procedures steps step application applications contact phone email "
    "address office department agency rate rates percentage proportion benefit benefits difference purpose "
    "detail details example examples level tier next previous long take cost costs yuan rmb number".split()
)


@lru_cache(maxsize=1)
def _posseg() -> object:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


def _zh_words(text: str) -> list[tuple[str, str]]:
    return [(w.word, w.flag) for w in _posseg().cut(text)]  # type: ignore[attr-defined]


def zh_subjects(question: str, terms: Iterable[str] = ()) -> list[str]:
    """Nouns that name a topic (not a kind of fact): known policy terms first, then jieba nouns."""
    found = [t for t in terms if len(t) >= 2 and t in question and t not in _ZH_GENERIC]
    for word, flag in _zh_words(question):
        if (len(word) >= 2 and _CJK.search(word) and flag.startswith(_ZH_NOUN_TAGS) and word not in _ZH_GENERIC
                and word not in _ZH_ANAPHORA) or (flag.startswith("ns") and len(word) >= 2 and word not in _ZH_GENERIC):
            found.append(word)
        elif flag == "eng" and len(word) >= 2:
            found.append(word)
    return list(dict.fromkeys(found))


def en_subjects(question: str) -> list[str]:
    """Content words that name a topic (not stop words, not a kind of fact)."""
    return [w for w in _EN_WORD.findall(question.lower())
            if w not in _EN_STOP and w not in _EN_GENERIC and not w.isdigit() and len(w) >= 2]


def zh_is_followup(question: str, terms: Iterable[str] = ()) -> bool:
    body = question.strip().rstrip("？?。.!！ 　")
    if not body:
        return False
    # 其他/尤其 … are words of their own, however jieba's dictionary (which the index extends) cuts them
    words = [w for w, _f in _zh_words(_NOT_ANAPHORA.sub("，", body))]
    if any(w in _ZH_ANAPHORA for w in words):
        return True
    if body.endswith("呢") and not _ZH_INTERROGATIVE.search(body[:-1]):
        return True  # "那人工智能呢", "还有呢": an ellipsis
    subjects = zh_subjects(body, terms)
    if body.startswith(_ZH_OPENERS) and (not subjects or body.endswith("呢")):
        return True
    if _ZH_CASE.match(body):
        return True  # "要是恶意侵犯，民事赔偿能翻几倍": another case of what was asked before
    return not subjects


def en_is_followup(question: str) -> bool:
    text = question.strip()
    if not text:
        return False
    if _EN_OPENERS.search(text):
        return True
    if _EN_ANAPHORA.search(_EN_DUMMY_IT.sub(" ", text)):
        return True
    if re.search(r"\bit\b", _EN_DUMMY_IT.sub(" ", text), re.I):
        return True
    return not en_subjects(text)


def is_followup(question: str, language: str, terms: Iterable[str] = ()) -> bool:
    """Whether `question` cannot stand alone (only meaningful when there is an earlier question)."""
    return zh_is_followup(question, terms) if language == "zh" else en_is_followup(question)
