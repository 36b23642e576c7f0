"""Reading one granting clause: what it gives (amounts, rates, caps, tiers, services) and its conditions
(thresholds over named quantities, tiers and levels, qualifications, or text the owner must check).

Pure functions over a sentence and its offset in the document; every part keeps its verbatim span.
The parsers work on clause forms (…及以上的, 对…的, 分别给予A、B, 最高不超过…), never on one document's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.documents.quantities import Quantity, find_quantities

LEVELS = ("国家级", "省级", "市级", "区级", "县级")
_LEVEL_ALT = "|".join(LEVELS)
# a list of levels may name them bare: "国家、本市各类…称号" = 国家级 and 市级
_BARE_LEVEL = r"国家|本省|本市|本区|本县|省|市"
_LEVEL_LIST = (rf"(?:(?:{_LEVEL_ALT})(?:[、和或及与/](?:{_LEVEL_ALT}))*"
               rf"|(?:{_LEVEL_ALT}|{_BARE_LEVEL})(?:[、和或及与/](?:{_LEVEL_ALT}|{_BARE_LEVEL}))+)")
# who recognised a title, before the verb: "被国家或者本市认定为…"
_BY_LEVELS = rf"(?:{_LEVEL_ALT}|{_BARE_LEVEL})(?:(?:[、和及与/]|或者?)(?:{_LEVEL_ALT}|{_BARE_LEVEL}))*"
_BARE_TO_LEVEL = {"国家": "国家级", "本省": "省级", "省": "省级", "本市": "市级", "市": "市级", "本区": "区级",
                  "本县": "县级"}


def levels_in(text: str) -> tuple[str, ...]:
    """The levels a list names, canonical ("国家、本市" -> 国家级, 市级)."""
    return tuple(_BARE_TO_LEVEL.get(w, w) for w in re.findall(rf"{_LEVEL_ALT}|{_BARE_LEVEL}", text))
# support given by named means ("采取股权投资、贴息、补助等方式，重点支持…项目", "通过补贴、奖励等措施，支持…企业")
_MEANS_LEAD = r"(?:通过|采取)"
_MEANS_REST = (r"[^。；]{0,40}?(?:补助|补贴|贴息|资助|奖励|经费支持|购买服务|风险补助)[^。；，]{0,12}?"
               r"等(?:多种)?(?:方式|形式|措施)，(?:重点)?(?:支持|引导|扶持)[^，。；为]{0,40}?"
               r"(?:企业|单位|机构|组织|项目|人员)"  # whom, then what they do (not 企业公共服务体系建设)
               r"(?=[，。；、]|的|在|及|等|$|为|获得|开展|从事|购买|参与|申请|使用|提供|进行|实施)")
# a clause grants something: a benefit verb with a benefit, or a tax reduction
_GIVE_VERB = re.compile(r"给予|予以|一次性(?:奖励|补助|补贴|资助)|减按|免征|免收|免交|减征(?!税收的|的)|减半征收"
                        r"|优先(?:给予|支持|安排)"
                        r"|享受[^，。；]{0,40}?(?:优惠|减免|政策)|(?:实行|执行)[^，。；]{0,12}(?:减免|优惠)"
                        r"|对[^。；]{2,40}?，(?:依法)?落实[^，。；]{0,12}(?:减免|优惠)"  # to a target, not a duty
                        r"|申请(?:[^，。；]{0,4}的)?(?:优惠|减免)"
                        r"|(?:可以|可|准予|允许)[^。；]{0,24}?(?:加计扣除|加速折旧|缩短折旧年限)"
                        r"|" + _MEANS_LEAD + _MEANS_REST +
                        r"|(?<!不)列入[^，。；]{0,6}成本"
                        r"|(?:奖励|补助|补贴|资助)(?:标准)?(?:为|\d|由[^，。；]{1,30}?调整[为至])|颁发[^，。；]{0,12}奖金"
                        r"|申请[^，。；]{0,20}(?:贴息|补贴|补助|资助)|(?:分别)?(?:奖励|补助|补贴)\d"
                        r"|对[^，。；]{1,30}?进行(?:奖励|补助|补贴|资助)|安排[^，。；]{0,6}配套资金")
_BENEFIT = re.compile(r"奖励|补助|补贴|资助|贴息|扶持|支持|优惠|减免|减按|免征|免收|免交|减征|减半|奖金|经费|价格扣除"
                      r"|代偿补偿|比例的扣除|配套资金|加计扣除|加速折旧|折旧年限|政策|成本")
_PENALTY = re.compile(r"处分|警告|罚款|处罚|赔偿|通报批评|责令|撤销|取消|追回|骗取|不得|违反|没收|吊销|停止|不予"
                      r"|宽展期|报酬|调整幅度|保障[^，。；]{0,12}享受|限制|不享受"
                      r"|鼓励[^，。；]{0,8}(?:金融机构|保险机构|银行|担保机构|社会资本|公众|社会团体|社会各界|企业事业组织)"
                      r"|依据(?![^，。；]{0,10}(?:投资额|金额|费用|面积|电量|节能量))|予以公示|不再|只能")
# rewards an employer owes its own staff are not measures a company can apply for
_STAFF = re.compile(r"(?:人员|职工|员工|科技人员)(?:给予|予以)|(?:所在|该|本)单位|^单位(?!和个人|或者个人|、个人)")
# a preference granted to someone: 优先从中小企业采购, 可以优先获得…
# and public procurement's or the land authority's preference for certain products, projects and uses
_PRIORITY = re.compile(r"优先(?:从|获得|取得|享受|采购|列入|安排)|采购[^。；]{0,20}?(?:优先选择|率先购买)|提供优惠贷款"
                       r"|优先(?:选择|购买|扶持|表彰奖励|表彰|推荐)[^，。；]{0,12}(?:企业|单位)"
                       r"|(?:企业|创业者|经营者)(?:可以)?优先(?:实施|受让|承接|使用|录用)")  # "…的，中小微企业优先实施"
# who acts, not who qualifies: 县级以上人民政府应当…, 国家…, 有关部门可以…
_ACTOR = re.compile(r"应当|可以|鼓励|引导|加强|建立|设立|落实|会同|^(?:国家|国务院|各级|县级以上|市|省|区|县)"
                    r"|人民政府|部门|管委会")
# a piece whose subject is the applicant ("企事业单位自主投资落实节能技术改造"): its verbs are what it must do
_APPLICANT = re.compile(r"^(?:企事业单位|企业|中小企业|市场主体|用能单位|项目单位)(?!应当|可以)")
# the areas a grant supports, after whom it supports ("对…者在技术改造、电子商务等方面给予政策支持"): where, not who
AREAS = re.compile(r"在[^，。；]{2,60}?(?:等)?方面$")
# how a grant is made or what a word means, not a condition: "原则上采用…的方式", "本办法所称贴息"
_BASIS = re.compile(r"^(?:原则上)?(?:按照?|根据|依照|依据|通过|以|其中"
                    r"|采用(?=[^，。；]{0,20}(?:方式|形式|办法)(?![^，。；]*的)))"  # not "采用…方式实施的项目"
                    r"|^(?:本(?:办法|条例|法|细则|规定|措施))?所称"
                    r"|^" + AREAS.pattern +  # "在科技贷款、减免税收等方面": where, not who
                    r"|^在[^，。；]{2,30}?的(?:基础上|前提下)$"  # "在享受省级补贴资金的基础上": besides, not if
                    r"|^(?:制定|出台|采取)[^，。；]{0,8}(?:措施|办法|政策)$")  # what the authority does first
# the start of what is given: 给予…, 按…给予, 减按…, 免征…
_GIVE_START = re.compile(r"(?:分别)?(?:按(?:照)?[^，。；对]{0,30}?)?(?:再)?(?:给予|予以)|一次性(?:奖励|补助|补贴|资助)"
                         r"|享受(?=[^，。；]{0,40}?(?:优惠|减免|政策))|(?:实行|执行)(?=[^，。；]{0,12}(?:减免|优惠))"
                         r"|(?<=，)(?:依法)?落实(?=[^，。；]{0,12}(?:减免|优惠))"
                         r"|申请(?=(?:[^，。；]{0,4}的)?(?:优惠|减免))"
                         r"|(?:可以|可|准予|允许)(?=[^。；]{0,24}?(?:加计扣除|加速折旧|缩短折旧年限))"
                         r"|" + _MEANS_LEAD + "(?=" + _MEANS_REST + ")"
                         r"|(?<!不)列入(?=[^，。；]{0,6}成本)"
                         r"|减按|免征|免收|免交|减征(?!税收的|的)|减半征收|优先(?:给予|支持|安排|从|获得|取得|享受)|颁发"
                         r"|可以(?:向[^，。；]{0,20})?申请"
                         r"|(?:分别)?(?:奖励|补助|补贴|资助)(?:标准)?(?:为|\d|由)|调整[为至](?=\d)"
                         r"|(?:根据[^，。；]{0,20})?进行(?=奖励|补助|补贴|资助)"
                         r"|(?:按(?:照)?[^，。；对]{0,30}?)?安排(?=[^，。；]{0,6}配套资金)")
_CAP = re.compile(r"(?:最高|最多|上限|不超过|不高于|累计不超过|总额不超过)[^，。；\d一二三四五六七八九十]{0,6}$")
_GT = ("超过", "大于", "高于")
_GTE = ("不低于", "不少于", "达到", "至少", "满")
_LT = ("低于", "少于", "小于")
_LTE = ("不超过", "不高于", "不多于")
_RULE_NAMED = re.compile(r"(?:依照|按照|根据|依据)[^，。；]{2,40}?规定$")  # the rule a subject acts under, not whom
_SPLIT = re.compile(r"[，,；;]|(?:并且|而且|同时|且)")
_NAME_CUT = re.compile(r"[，,、；;“”\"：:]|(?<!占)的|对|在|且|并且|或|其|为|达到|超过|不低于|不少于|高于|大于"
                       r"|低于|少于|不超过|至少|满")
_TIME_WORDS = re.compile(r"^(?:上一?年度?|当年度?|本年度?|去年|前一年度?|近[一二三两\d]年|年度)")
_TIER = re.compile(
    rf"(?P<new>新|首次|首批)?(?:被(?P<before>{_BY_LEVELS})?|获)?(?:认定|评定|评为|列入|入选|获评|获批|认定为|确定|获得|取得|成功创建)(?:为|的)?"
    rf"(?P<levels>{_LEVEL_LIST})?(?:有关)?(?:部门|政府|机构)?(?:认定|评定|授予|命名|批准)?的?(?:各类|各项|各级)?"
    rf"(?:本市|本省|本区|本县)?(?P<name>[^，。；、的（(]{{2,30}}?)(?=的|，|。|；|$|、|（|\()"
)
_ALTERNATIVES = re.compile(r"(?:、[^，。；、的]{2,15})+等[^，。；、的]{0,10}")
_EXAMPLES = re.compile(r"[（(]([^（）()，。；]{2,40}?)等?[）)]")
_FUNDS = re.compile(r"贷款|财政|资金|补")  # money received, not a title held
_LISTED = re.compile(r"(?:、[^，。；、的等]{2,15})+")  # the titles listed after the first
_PASSED = re.compile(rf"(?P<new>新|首次)?通过(?P<levels>{_LEVEL_LIST})?"
                     r"(?P<name>[^，。；、的]{2,20}?)(?:的)?(?:认定|评定|评价)")
# "获得能源管理体系、碳排放管理体系等认证的": a certification held, any one of those listed
_CERTIFIED = re.compile(r"(?P<new>首次)?(?:获得|取得|通过)"
                        r"(?P<name>[^，。；、的]{2,20}?(?:、[^，。；、的]{2,20}?)*)等?认证(?:证书)?")
# national titles a company holds (general vocabulary, as in the profile's tiers)
_KNOWN_TITLES = re.compile(r"科技型中小企业|高新技术企业|专精特新(?:“?小巨人”?)?(?:中小)?企业"
                           r"|(?:制造业)?单项冠军(?:示范)?企业")
_GENERIC = re.compile(r"^(?:本市|本省|本区|本县|全市|各类?|相关|有关|符合条件|符合规定|符合要求|依法设立|"
                      r"企事业|事业|单个|每个|每家|每户|经认定|经审核|经评审|经审定|申报主体|申报单位|申请人|当事人|"
                      r"当年度?|上一?年度?|本年度?|年度|近[一二三两\d]年|新|再|完成|实现|产品|设备|、|"
                      r"注册在[^，]{0,8}|的|企业|中小企业|单位|组织|个人|项目|主体|和|或|其|对|等|其他|及)+$")


@dataclass(frozen=True)
class Give:
    """What a clause gives: money (yuan), a rate (fraction), or a service; cap marks 最高不超过."""

    kind: str  # "money" | "rate" | "service"
    text: str
    start: int
    end: int
    amount: float | None = None
    unit: str = ""
    cap: bool = False
    tier: str = ""  # 国家级 … for "分别给予" tiers; "" applies to every tier


@dataclass(frozen=True)
class Requirement:
    """One condition of a clause, parsed into a check where its form allows, else kept as text.

    kind "threshold": fact op value (value in yuan, a fraction, or units); "tier": a level/tier the
    company holds (fact = the tier's name, levels allowed, new = newly won); "qualification": a
    title the company holds (首次认定为高新技术企业); "text": the owner must check it."""

    kind: str
    text: str
    start: int
    end: int
    fact: str = ""
    op: str = ""  # gte | gt | lte | lt
    value: float | None = None
    unit: str = ""
    levels: tuple[str, ...] = ()
    new: bool = False
    either: bool = False  # an alternative to the condition before it ("年节能量20吨以上或年降碳量30吨以上")


def is_granting(sentence: str) -> bool:
    """A sentence that grants something to an applicant, not one that punishes or manages funds."""
    if _PRIORITY.search(sentence):
        return not _PENALTY.search(sentence)
    if not _GIVE_VERB.search(sentence) or not _BENEFIT.search(sentence[give_start(sentence):]):
        return False
    # "…给予补贴，单个项目只能享受一次补贴": a limit after the grant is no penalty
    begin = give_start(sentence)
    stop = re.search(r"[，,。；;]", sentence[begin:])
    granting = sentence[: begin + stop.start()] if stop else sentence
    return not _PENALTY.search(granting) and not _STAFF.search(sentence)


def give_start(sentence: str) -> int:
    """Where the granted part begins (the 按…给予 / 减按 / 免征 phrase); the conditions come before it."""
    match = _GIVE_START.search(sentence)
    return match.start() if match else len(sentence)


def fact_key(name: str) -> str:
    """A named quantity in a canonical form: 研发投入占营业收入比例 -> 研发投入占比, 设备投资额 -> 设备投资."""
    key = re.sub(r"[\s“”\"（）()]", "", name)
    key = re.sub(r"^(?:企业|公司|单位|其)", "", key)
    key = _TIME_WORDS.sub("", key)
    key = re.sub(r"占[\u4e00-\u9fff]{0,8}?(?:的)?(?:比例|比重)$|(?:比例|比重)$", "占比", key)
    key = re.sub(r"^年(?=[\u4e00-\u9fff]{2})", "", key)
    key = re.sub(r"(?:总额|金额|总量|数额|额)(?=同比|较上年|比上年|增长|$)", "", key)
    key = re.sub(r"(?:同比|较上年|比上年)?(?:增长率|增幅|增速|增长)$", "增长", key)
    return key


def tier_key(name: str) -> str:
    """A tier or title in a canonical form: 专精特新“小巨人”企业 -> 专精特新小巨人, 专精特新中小企业 -> 专精特新."""
    key = re.sub(r"[\s“”\"‘’'（）()《》]", "", name)
    key = re.sub(r"^(?:制造业)", "", key)
    key = re.sub(r"(?:称号|资格|认定)$", "", key)
    key = re.sub(r"(?:示范)?(?:中小|中小微|小微)?(?:企业|公司)?$", "", key)
    return key


def _op(before: str, after: str) -> str:
    if after.startswith(("以下", "及以下", "以内")):
        return "lte"
    if after.startswith(("以上", "及以上")):
        return "gte"
    for words, op in ((_LTE, "lte"), (_GTE, "gte"), (_LT, "lt"), (_GT, "gt")):
        if before.endswith(words):
            return op
    return ""


def _fact_name(region: str, q_start: int) -> str:
    """The noun phrase naming a quantity: the words before its number back to the last delimiter."""
    head = region[:q_start]
    head = re.sub(r"(?:达到|超过|不低于|不少于|高于|大于|低于|少于|不超过|不高于|至少|满|在|为|均)+$", "", head)
    parts = _NAME_CUT.split(head)
    name = parts[-1] if parts else ""
    if name.startswith("并") and _first_word(name) == "并":  # "并研发投入…" is a conjunction, "并网规模" a word
        name = name[1:]
    name = re.sub(r"^(?:企业|公司|单位|其)", "", name)
    name = _TIME_WORDS.sub("", name)
    name = re.sub(r"^(?:完成|实现|获得)", "", name)
    name = re.sub(r"^(?:实施|建成|投产|验收|改造)后", "", name)  # "实施后年节能量": the quantity, not when
    return name.strip()


def _first_word(text: str) -> str:
    import jieba

    return next(iter(jieba.cut(text)), "")


def parse_conditions(sentence: str, offset: int, end: int) -> list[Requirement]:
    """The conditions stated in sentence[:end] (the part before what is given), with document offsets."""
    region = sentence[:end]
    found: list[Requirement] = []
    taken: list[tuple[int, int]] = []
    for q in find_quantities(region):
        if q.kind not in ("money", "rate", "count", "measure") or q.value is None:
            continue
        op = _op(region[max(0, q.start - 4): q.start], region[q.end: q.end + 3])
        if not op:
            continue
        written = name = _fact_name(region, q.start)
        previous = [r for r in found if r.kind == "threshold"]
        if len(name) < 2 and previous and re.fullmatch(r"[（）()\w]{0,8}?(?:且|并且|、|，)?[^，。；]{0,4}",
                                                          region[previous[-1].end - offset: q.start]):
            written, name = "", previous[-1].fact  # "并网规模不低于10千瓦且不高于800千瓦": the same quantity
        if len(name) < 2:
            continue
        if re.fullmatch(r"(?:同比|较上年|比上年)?(?:增长|增幅|增长率|增速)", name) and previous:
            name = fact_key(previous[-1].fact) + "增长"  # "收入达到1亿元、且同比增长不低于15%"
        stop = q.end + (3 if region[q.end: q.end + 3] == "及以上" else 2 if region[q.end: q.end + 2] in ("以上", "以下")
                        else 0)
        begin = max(region.rfind(written, max(0, q.start - len(written) - 6), q.start), 0) if written else \
            max(q.start - 4, 0)
        if any(r.fact == name and r.op == op and r.value == q.value for r in previous):
            continue  # "大于800千瓦，对于超过800千瓦的部分": one condition, said twice
        found.append(Requirement("threshold", region[begin:stop], offset + begin, offset + stop, name, op, q.value,
                                 q.unit))
        taken.append((begin, stop))
    for match in _CERTIFIED.finditer(region):  # "获得能源管理体系等认证的企事业单位"
        certified = "、".join(f"{name}认证" for name in match.group("name").split("、"))  # any one of those listed
        found.append(Requirement("qualification", match.group(0), offset + match.start(), offset + match.end(),
                                 certified, new=bool(match.group("new"))))
        taken.append(match.span())
    for match in _PASSED.finditer(region):  # "首次通过高新技术企业认定"
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        levels = levels_in(match.group("levels") or "")
        found.append(Requirement("tier" if levels else "qualification", match.group(0), offset + match.start(),
                                 offset + match.end(), match.group("name"), levels=levels,
                                 new=bool(match.group("new"))))
        taken.append(match.span())
    for match in _TIER.finditer(region):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        name = match.group("name").strip()
        levels = levels_in(match.group("levels") or match.group("before") or "")  # 被国家或者本市认定为…
        titled = re.search(r"企业|冠军|巨人|中心|平台|基地|品牌|称号|专精特新|示范|孵化器|实验室|园区|机构"
                           r"|名单|目录|试点|项目|实践", name)
        if not titled and (not levels or _BENEFIT.search(name) or _FUNDS.search(name)):
            continue  # a level named makes a title ("国家级绿色商场"), not a grant won ("市级财政补贴")
        if name.startswith(("具有", "具备")):
            continue  # "经认定具有示范引领作用": the authority's judgement of a case, not a title a company holds
        new = bool(match.group("new"))
        kind = "tier" if levels else "qualification"
        # "低碳技术中心、重点实验室等研究机构": the titles listed after it are alternatives, not more conditions
        alternatives = _ALTERNATIVES.match(region, match.end())
        listed = _LISTED.match(region, match.end())
        if listed and levels:  # "国家级或市级的绿色园区、绿色工厂…": holding any one of them meets it
            name += listed.group(0)
            alternatives = alternatives or listed
        examples = _EXAMPLES.match(region, match.end())
        if examples:  # "绿色创建称号（绿色商场、绿色园区等）": any title it names meets it
            name += "、" + examples.group(1)
            alternatives = examples
        found.append(Requirement(kind, match.group(0), offset + match.start(), offset + match.end(), name,
                                 levels=levels, new=new))
        taken.append((match.start(), alternatives.end() if alternatives else match.end()))
    for match in _KNOWN_TITLES.finditer(region):  # "对符合条件的科技型中小企业": a title named without a verb
        if not any(s < match.end() and match.start() < e for s, e in taken):
            found.append(Requirement("qualification", match.group(0), offset + match.start(), offset + match.end(),
                                     match.group(0)))
            taken.append(match.span())
    found.extend(_residual(region, offset, taken))
    return _alternatives(sorted(found, key=lambda r: r.start), region, offset)


_OR = re.compile(r"[（(]含[）)]?|[）)]|\s")
MODAL_END = re.compile(r"(?:均应|均|都|应当|应|可以|须|必须)$")  # "对小微企业均应…": whom, not what must be done


def _alternatives(found: list[Requirement], region: str, offset: int) -> list[Requirement]:
    """Two thresholds joined only by 或/或者 are alternatives: either one met meets the condition."""
    out: list[Requirement] = []
    for req in found:
        before = out[-1] if out else None
        if before is not None and before.kind == req.kind == "threshold" and \
                _OR.sub("", region[before.end - offset: req.start - offset]) in ("或", "或者"):
            req = replace(req, either=True)
        out.append(req)
    return out


def _residual(region: str, offset: int, taken: list[tuple[int, int]]) -> list[Requirement]:
    """What no parser read in the condition part, kept as text when it says something specific; parsed
    spans are masked, so "与高校合作、技术合同成交额超过100万元的" keeps its first half as text."""
    masked = list(region)
    for s, e in taken:
        masked[s:e] = "，" * (e - s)
    flat = "".join(masked)
    out: list[Requirement] = []
    encouraged: list[Requirement] = []  # what an authority encourages or supports, when no 对 names whom it gives to
    pos = 0
    for piece in _SPLIT.split(flat):
        start = flat.find(piece, pos)
        pos = start + len(piece)
        text = re.sub(r"^[（(][一二三四五六七八九十\d]+[）)]|^\d+[.、]|^[一二三四五六七八九十]+、", "", piece).strip()
        text = text.strip("：:、 ").removeprefix("的")
        text = _RULE_NAMED.sub("", text) if _RULE_NAMED.search(text[2:]) else text  # "X依照国务院…的规定": X
        supported = re.search(r"(?:支持|鼓励)(?=[\u4e00-\u9fff]{2})", text)
        if "对" in text:
            text = text[text.index("对"):]  # "县级以上人民政府应当对…的单位": the target, not the actor
            text = text[:2] + AREAS.sub("", text[2:])  # "对…者在…方面": whom
            text = MODAL_END.sub("", text)
        elif supported and _ACTOR.search(text[: supported.start()]):
            text = text[supported.end():]  # "人民政府支持企业主导标准制定，并给予其奖励": whom it supports, doing what
        elif (_ACTOR.search(text) and not _APPLICANT.match(text)) or _BASIS.match(text):
            continue
        core = re.sub(r"^(?:对于|对|凡|经|由|在|针对)", "", text)
        core = re.sub(r"(?:的|者|[:：、。])+$", "", core)
        core = re.sub(r"^[（(]含[^）)]*[）)](?:的)?", "", core)  # "（含800千瓦）" says how a bound counts
        if len(core) < 3 or _GENERIC.match(core) or not re.search(r"[\u4e00-\u9fff]", core):
            continue
        if re.fullmatch(r"[^，]{0,8}(?:费|费用|成本|支出)", core) and text.startswith("对") or \
                re.fullmatch(r"[^，]{2,16}的(?:费|费用|成本|支出)", core):
            continue  # "对前期费给予…", "申请和维持发明专利的费用给予资助": what the grant pays for, not a condition
        lead = piece.find(text) if text else 0
        out.append(Requirement("text", text, offset + start + lead, offset + start + lead + len(text)))
        if supported and not text.startswith("对"):
            encouraged.append(out[-1])
    # "鼓励和引导企业增加…投入，对具有自主知识产权的…给予重点扶持": the 对 phrase names whom it gives to
    return [r for r in out if r not in encouraged] if any(r.text.startswith("对") for r in out) else out


def parse_gives(sentence: str, offset: int, begin: int, levels: tuple[str, ...]) -> list[Give]:
    """What sentence[begin:] gives: money, rates and caps (per tier after 分别), else the service."""
    adjusted = re.search(r"调整[为至](?=\d)", sentence[begin:])
    if adjusted:  # "标准由A调整至B": B is what is given now
        begin += adjusted.end()
    part = sentence[begin:]
    gives: list[Give] = []
    quantities = [q for q in find_quantities(part) if q.kind in ("money", "rate") and q.value is not None
                  and not re.search(r"(?:拨付|支付|兑现|发放)$", part[max(0, q.start - 4): q.start])]
    ahead = [q for q in find_quantities(sentence[:begin]) if q.kind == "rate" and q.value is not None]
    if not quantities and ahead and ahead[-1].end >= begin - 1:
        # "其研发费用加计扣除部分的10%给予补助": the rate stands just before the verb
        q = ahead[-1]
        basis = re.search(r"(?:按(?:照)?|其)?([^，。；按其]{1,16}?的)$", sentence[max(0, q.start - 18): q.start])
        lead = max(0, q.start - 18) + basis.start(1) if basis else q.start
        return [Give("rate", sentence[lead:q.end], offset + lead, offset + q.end, q.value, q.unit)]
    ratio = re.search(r"(\d+(?:\.\d+)?)\s*[:：]\s*(\d+(?:\.\d+)?)(?=\s*(?:的比例)?配套)", part)
    if ratio and not quantities and float(ratio.group(1)) > 0:  # "给予1:0.5配套支持": half the amount matched
        lead = ratio.start()
        return [Give("rate", part[lead:ratio.end()], offset + begin + lead, offset + begin + ratio.end(),
                     float(ratio.group(2)) / float(ratio.group(1)), "配套")]
    tiered = "分别" in part and len(levels) > 1
    plain = [q for q in quantities if not _is_cap(part, q)]
    for index, q in enumerate(quantities):
        cap = _is_cap(part, q)
        tier = ""
        if tiered and not cap and len(plain) == len(levels):
            tier = levels[plain.index(q)]
        del index
        lead = q.start
        if cap and (cue := _CAP.search(part[max(0, q.start - 10): q.start])):
            lead = max(0, q.start - 10) + cue.start()  # "最高不超过200万元", as written
        elif q.kind == "rate" and (basis := re.search(r"按(?:照)?其?([^，。；按]{1,16}?的)$", part[max(0, q.start - 18):
                                                                                          q.start])):
            lead = max(0, q.start - 18) + basis.start(1)  # "投资额的10%"
        gives.append(Give(q.kind, part[lead:q.end], offset + begin + lead, offset + begin + q.end, q.value, q.unit,
                          cap, tier))
    if not gives:
        match = re.search(r"(?:给予|予以|优先)([^，。；]{1,30})", part)
        if match:
            text = match.group(1)
            gives.append(Give("service", text, offset + begin + match.start(1), offset + begin + match.end(1)))
        else:
            text = re.split(r"[，。；]", part, maxsplit=1)[0]
            gives.append(Give("service", text, offset + begin, offset + begin + len(text)))
    return gives


def _is_cap(part: str, q: Quantity) -> bool:
    return q.kind == "money" and bool(_CAP.search(part[max(0, q.start - 10): q.start]))


def benefit_noun(sentence: str) -> str:
    match = re.search(r"奖励|补助|补贴|资助|贴息|扶持|税收优惠|优惠|减免|奖金|支持", sentence[give_start(sentence):])
    if match:
        return match.group(0)
    return "税收优惠" if re.search(r"减按|免征|减半征收", sentence) else "支持"
