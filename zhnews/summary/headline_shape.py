"""What can stand as a headline (issue 7), learned from the blind ratings (bench/rating*/): the shapes raters
rejected (`has_headline_shape`: a speaker without the words, a frame without its event, …), and a lead sentence
written as headlines write it (`compress_sentence`: no dates, no titles before a leader's name, no venue). The clause
fallback (zhnews/summary/fallback.py) chooses among lead clauses with these.
"""

import re

import jieba
import jieba.posseg

from zhnews.summary.extractive import LEAD_CLAUSE_MAX_CHARS, strip_dateline
from zhnews.summary.garble import NAME_TAGS
from zhnews.text import split_sentences

HEADLINE_MIN_CHARS = 8
# the verbs that report speech or a finding (李强表示, 数据显示, 记者了解到): a clause ending on one leaves out what was said
SPEECH_VERBS = ("表示", "称", "说", "指出", "强调", "认为", "介绍", "透露", "宣布", "显示", "提出", "写道", "谈到", "了解到")
# Extracts blind raters called "not a headline" (bench/rating-clause/): a speaker without the words
# (李强表示), a time or circumstance without the event (1月5日零时起, 在…召开之际, 为加快建设…), a clause
# that leans on the one before (包括…, 同比增长9.8%), a pronoun with nothing to point to (祝贺他就任…).
_NOT_A_HEADLINE = (
    re.compile(f"(?:{'|'.join(SPEECH_VERBS)}|看来|来看)$"),
    re.compile(r"(?:以来|之际|前夕|期间|之时|年来|时起|之后|之前|过程中)$"),
    re.compile(r"^在.*[中上时]$"),
    re.compile(r"^(?:为(?!期)了?|对于|关于|随着|据|根据|从|包括|其中|同时|此外|并且?|而且?|但是?|以及|及|同比|比|较|截至|"
               r"时任|至此|因此|所以|因为|由于|如果|虽然|尽管|通过|按照|围绕|针对|除了?|其(?![他余]))"),
    re.compile(r"(?<![其吉利])[他她]|我们|我(?![国省市区县军校院])|[你您咱]"),
    # …and from the tenth rating (bench/rating-cut/): a source frame (记者从…获悉), a cause or time frame with
    # nothing after it (受…影响, 我国将用15年时间, …代表今天), a clause leaning on the one before (也是…)
    re.compile(r"获悉|据悉|据了解|^受.*影响$|(?:影响|时间|今天|当天|背景下)$|^(?:也|亦|仍|则|又)"),
    # …and pooled over every rating to 2026-12-01 (bench/rating*/): a clause that opens on 是, its subject left in
    # the clause before (是中国式现代化的重要特征): 0 of 12 rated fluent, and no printed headline starts so
    re.compile(r"^是(?!否)"),
    # …and from the fourteenth (bench/rating-shipped/): a commission or an occasion without the act (受…委派,
    # 应…邀请, 在…现场, …审议时, 借助…的契机), a clause leaning on the one before (就能…)
    re.compile(r"^受.*(?:委派|委托|邀请)$|^应.*邀请$|^在.*(?:[里内下]|现场|之际|期间)$|在.+时$|(?:契机|之机)$"
               r"|^(?:就|才)(?:能|可|会|要|是)"),
    # …and pooled over every rating to 2026-12-01: a setting without the event, on a meeting or road (…年会上, 在二十届
    # 中央纪委四次全会上, 广大民营企业和民营企业家在新征程上): none of 15 such rated outputs fluent, and no printed headline
    re.compile(r"(?:会议?|征程|路|战线|论坛)上$"),
)
# …and pooled over every rating to 2026-12-01 (bench/rating*/): a clause whose first word is the preposition 在, the
# circumstance before a subject it mostly lacks (在西藏自治区成立60周年, 在北京航天城首次…亮相): 15 of 59 such rated model and
# clause outputs that no shape above caught were fluent, against 63% of the other ungarbled ones. The 15 printed
# headlines of that shape (在发展中保障和改善民生) were all fluent; a summariser copying clauses rarely writes one
_NOT_A_HEADLINE_FIRST_WORDS = frozenset({"在"})


def has_headline_shape(text: str) -> bool:
    """None of the shapes in _NOT_A_HEADLINE (a speaker without the words, a frame without the event, …), and no
    first word in _NOT_A_HEADLINE_FIRST_WORDS."""
    if any(shape.search(text) for shape in _NOT_A_HEADLINE):
        return False
    words = jieba.lcut(text, HMM=False)
    return not words or words[0] not in _NOT_A_HEADLINE_FIRST_WORDS


_TIME_OF_DAY = "(?:上午|下午|晚上|晚间|晚|凌晨|早上|中午|傍晚)"
# a date, and its time of day, where a headline leaves it out (1日在京会见, 今天（7月3日）上午举行, 近日印发, 李强日前签署); kept in a
# range, before a time, 是, 起 or 前, or in a modifier (1月20日零时至2月8日24时, 7月1日起, 6月16日出版的第12期)
_DATE = re.compile(rf"(?<![\d年月第至到于自从—－（(-])(?:今天|昨天|当天|当地时间)?"
                   rf"(?:[（(](?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日[）)]|(?:\d{{4}}年)?(?:\d{{1,2}}月)?\d{{1,2}}日)"
                   rf"{_TIME_OF_DAY}?(?![\d零的至到起电前后以是（(上下晚凌早中傍])(?![^，。]{{0,3}}的)"
                   # 近日 / 日前 after a subject too (国务院、中央军委日前公布), but not inside a word (节日前夕, 附近日本)
                   # nor after 于 (将于近日择机发射)
                   r"|(?<![节生附最末假念将前于])(?:近日|日前)(?![^，。]{0,4}的|夕|本|内|起|以来)"
                   # and a bare 当天, which points back to a day the text named before (以军当天袭击…): 19 of 49 rated
                   # system headlines with it (not garbled, of a headline's shape) were fluent, against 66% of the others,
                   # every rating to the seventy-third, and no printed one has it (bench/rated_endings.py,
                   # `bare_days_of_headline_shaped`); not the day of an event (开幕当天, 发布当天, 抵达当天)
                   rf"|(?<![相每适幕布达始办行])当天{_TIME_OF_DAY}?(?![^，。]{{0,4}}的|起|以来)")
_LEADERS = "习近平|李强|赵乐际|王沪宁|蔡奇|丁薛祥|李希|韩正"
_TITLE = r"(?:中共|中央|国家|国务院|全国|中国)[\u4e00-\u9fff]{0,8}?(?:总书记|主席|总理|委员长|常委|书记|委员|主任|部长)"
# the titles before a leader's name, from the start of a clause (中共中央政治局常委、全国政协主席王沪宁) or after the leader
# named before (赵乐际、全国政协主席王沪宁分别会见…: printed 赵乐际王沪宁分别会见…)
_TITLES = re.compile(rf"(^|[，。；：]|(?:{_LEADERS})、)(?:{_TITLE}、)*{_TITLE}(?={_LEADERS})")


# where a leader met or attended and why the guest came, which headlines of a meeting leave out (习近平在北京人民大会堂同
# 来华进行国事访问的阿塞拜疆总统举行会谈 → 习近平同阿塞拜疆总统举行会谈, 丁薛祥在达沃斯出席… → 丁薛祥出席…)
_VENUE = re.compile(rf"({_LEADERS})在[^，。；、的上中]{{1,8}}?(?=分别|会见|会晤|集体会见|同|出席)")
_GUEST_ERRAND = re.compile(r"(会见|会晤|同)来华[^，。；]{0,60}?的(?=[^，。；]{0,12}?(?:总统|总理|主席|国王|首相|议长|外长|部长|"
                           r"秘书长|代表团|领导人|贵宾|政要))")


# the short name a text gives what it names, which no headline keeps (公布《重要军工设施保护条例》（以下简称《条例》）)
_ALIAS = re.compile(r"[（(]以下简称[^）)]*[）)]")


# 还 (also) right after the subject the text opens on, which points back to what the sentence before says (俄军还控制了
# 哈尔科夫地区的一个居民点; after a clause of the text's own, 还 relates to it and stays: 铁总涨薪4次，员工还抱怨): 6 of 18
# rated system headlines (not garbled, of a headline's shape) with such a 还 were fluent, every rating to the
# sixty-fourth, and none of 6,185 printed ones has it (bench/rated_endings.py, `additions_of_headline_shaped`). Only
# before a verb or preposition, not a modal (还能走多远, 还要), nor after a pronoun (他还说)
_ADDITION = re.compile(r"^([^，。；：！？、“”\d]{1,8}?)还(?=[^，。；：])")
_NOT_AFTER_ADDITION = frozenset({"能", "要", "会", "是", "有", "可", "可以", "应", "应该", "需", "需要", "得", "没有", "不"})


def without_addition(sentence: str) -> str:
    """The sentence without the 还 right after the subject it opens on (_ADDITION: 俄军还控制了… → 俄军控制了…)."""
    def replace(match: re.Match) -> str:
        words = list(jieba.posseg.cut(sentence[match.start():match.end() + 6], HMM=False))
        at = next((i for i, pair in enumerate(words) if pair.word == "还" and pair.flag == "d"), None)
        if (at is None or at == 0 or "".join(pair.word for pair in words[:at]) != match.group(1)
                or words[0].flag == "r" or at + 1 >= len(words)):
            return match.group(0)
        following = words[at + 1]
        verb_or_preposition = (following.flag[:1] in ("v", "p") or following.word == "就"
                               or jieba.posseg.dt.word_tag_tab.get(following.word) == "vn")  # 参观 is tagged n in context
        keep = following.word in _NOT_AFTER_ADDITION or not verb_or_preposition
        return match.group(0) if keep else match.group(1)

    return _ADDITION.sub(replace, sentence)


def compress_sentence(sentence: str) -> str:
    """The sentence without its dates and times of day (1日, 今天（7月3日）上午, 近日), without the titles before a
    leader's name (中共中央总书记、国家主席、中央军委主席习近平 → 习近平), without a meeting's venue and the guest's
    errand (在人民大会堂会见来华进行国事访问的… → 会见…), without an alias in brackets (（以下简称《条例》）) and without 还
    after the subject it opens on (俄军还控制了… → 俄军控制了…: without_addition), as headlines write it."""
    short = _TITLES.sub(r"\1", _DATE.sub("", _ALIAS.sub("", sentence)))
    short = without_addition(_GUEST_ERRAND.sub(r"\1", _VENUE.sub(r"\1", short)))
    return re.sub(r"(?<=[，；：。！？])，+", "", short).lstrip("，、")  # 画面，…；25日，网上… → …；网上…


# A predicate copied from after a comma (李强…访问阿塞拜疆等国，| 乘包机回到北京) lacks the subject its sentence opened on:
# 33 of 81 rated system headlines of that shape (not garbled, of a headline's shape) whose sentence names the subject
# were fluent, against 65% of the others, every rating to the sixty-eighth (bench/rated_endings.py,
# `subjectless_predicates_of_headline_shaped`). with_subject gives them that subject (李强乘包机回到北京). The subject
# is what a clause opens on before its first verb, adverb or preposition: names and nouns only (jieba tags below), a
# name among them or a head such as 部 or 队, not a time (今天是…). A predicate after a speech verb (李强强调，要…) or a
# directive (要…) has none, nor one after a verb that gives the later clauses another subject (邀请 记者…, 组织);
# a predicate that opens on a causing verb (带动, 造成, 使, 让) takes the whole clause before as its subject.
_SUBJECT_TAGS = NAME_TAGS | {"n", "ng", "zg", "eng", "m", "q", "b"}
_SUBJECT_HEADS = frozenset("部门委局院会队所厅办团组军馆社司府校党员者家人们众国省市县区镇村厂园台站记")
_SUBJECT_GLUE = frozenset({"、", "和", "与", "及", "等", "我国"})
# pronouns that name a subject on their own (我国建成…, 各地各部门积极应对); jieba tags them r
_PRONOUN_SUBJECTS = frozenset({"我国", "各地", "各"})
_TIME_TAGS = frozenset({"t", "m", "x", "eng", "q"})
# names jieba's dictionary tags as verbs (以军, the Israeli army: 以军袭击加沙地带… opens on its subject, not a predicate)
NAMES_TAGGED_AS_VERBS = frozenset({"以军"})
# what may open a predicate besides a verb: a preposition of its object (对马来西亚进行国事访问), and verbs jieba tags
# as nouns (纪念 n, 串联 ns)
_PREDICATE_OPENERS = frozenset({"对", "向", "同", "与", "就", "将", "纪念", "串联"})
_SPEECH = re.compile("|".join(SPEECH_VERBS + ("获悉", "报道", "讲到", "发言", "要求", "希望", "呼吁", "主张", "致辞", "讲话",
                                              "贺信", "贺电", "指示", "批示")))
_GIVES_SUBJECT = frozenset({"邀请", "组织", "带领", "率领", "安排", "派出", "委托", "引导", "指导", "鼓励", "支持", "帮助", "动员"})
_CAUSING = ("带动", "造成", "导致", "致使", "引发", "使", "让")


def with_subject(headline: str, article: str, max_chars: int = LEAD_CLAUSE_MAX_CHARS) -> str:
    """The headline with its subject, when it is a predicate copied whole from right after a comma of one of the
    lead's first two sentences whose first clause with a subject names it (乘包机回到北京 → 李强乘包机回到北京), and
    the whole fits in max_chars and reads as a headline (headline_like); else the headline."""
    if not opens_predicate(headline) or headline.startswith(_CAUSING) or _SPEECH.match(headline) or "是" in headline:
        return headline
    for sentence in split_sentences(strip_dateline(article))[:2]:
        sentence = strip_dateline(sentence)
        at = sentence.find(headline)
        if at < 0:
            continue
        if at == 0 or _SPEECH.search(sentence[:at]):
            return headline
        subject = (_sentence_subject(sentence[:at]) if sentence[at - 1] in "，；："
                   else _subject_before(sentence[:at], headline))
        if not subject or len(subject) + len(headline) > max_chars or not headline_like(subject + headline):
            return headline
        return subject + headline
    return headline


def opens_predicate(text: str) -> bool:
    from zhnews.summary.span_copy import is_verb  # here, not at the top: it imports torch

    first = _first_word(text[:8])
    return bool(first) and (is_verb(first) or first in _PREDICATE_OPENERS)


# what may follow an event's name that opens on a verb (学习贯彻…宣讲团成员 | 在各地宣讲, 深入贯彻…学习教育 | 正在全党有序开展)
_AFTER_INNER_SUBJECT = frozenset({"在", "正在", "于", "将", "正式", "已", "已经", "顺利", "隆重", "圆满"})
# …or what may end it (…《国家自然科学基金条例》施行)
_INNER_EVENT_ENDS = ("举行", "召开", "开幕", "闭幕", "启动", "施行", "实施", "生效", "运行", "开展", "宣讲", "揭晓", "开馆",
                     "出版", "成立", "开通", "投运", "投产", "发布", "印发", "落成", "竣工", "上线")


def has_inner_subject(clause: str) -> bool:
    """Whether a clause that opens on a verb names its subject after it: a noun (or a closing title mark) after the
    first word followed by 在, 正在, 将, 正式 (_AFTER_INNER_SUBJECT) or by the clause's last word, an event's end
    (_INNER_EVENT_ENDS: 庆祝…80周年大会在京举行, 修订后的《国家自然科学基金条例》施行)."""
    words = jieba.posseg.lcut(re.split(r"[，；：。！？]", clause)[0], HMM=False)
    for at in range(1, len(words) - 1):
        noun, following = words[at], words[at + 1]
        if not (noun.flag.startswith("n") or noun.flag == "vn" or noun.word in "》”"):
            continue
        last = at + 1 == len(words) - 1
        if following.word in _AFTER_INNER_SUBJECT or (last and following.word.endswith(_INNER_EVENT_ENDS)):
            return True
    return False


def names_its_subject(run: str) -> bool:
    """Whether the run opens on its subject, or names it after the verb it opens on (has_inner_subject), rather than
    opening on a predicate: a verb or a verbal noun (opens_on_verb), a preposition of the object (opens_predicate: 对, 将;
    把), a directive or a causing verb (要, 让, 使), or an adverb before a verb (扎实推进…)."""
    from zhnews.summary.span_copy import is_verb  # here, not at the top: it imports torch

    if has_inner_subject(run):
        return True
    if opens_on_verb(run) or opens_predicate(run) or run.startswith(("要", "把", "让", "使")):
        return False
    words = jieba.posseg.lcut(run[:10], HMM=False)
    return not (len(words) > 1 and words[0].flag in ("d", "ad", "a") and is_verb(words[1].word))


def opens_on_true_verb(clause: str) -> bool:
    """Whether the clause's first word is a verb by its dictionary tag (span_copy.is_verb), not a verbal noun (旅游)."""
    from zhnews.summary.span_copy import is_verb  # here, not at the top: it imports torch

    first = _first_word(clause)
    return bool(first) and is_verb(first)


def _first_word(text: str) -> str | None:
    """The text's first jieba word; None for an empty text or a name jieba's dictionary tags as a verb (以军)."""
    first = jieba.lcut(text, HMM=False)[:1]
    return first[0] if first and first[0] not in NAMES_TAGGED_AS_VERBS else None


def _subject_before(clauses: str, headline: str) -> str | None:
    """For a headline copied from inside a clause, right after what opens it: that opening, when it is the clause's
    whole subject (“十四五”期间，我国 | 建成世界最大的综合立体交通网); else None."""
    opening = re.split(r"[，；：]", clauses)[-1]
    return opening if opening and _clause_subject(opening + headline) == opening else None


def _sentence_subject(clauses: str) -> str | None:
    """The subject of the one clause that has a subject (_clause_subject) in `clauses`; None with two, or none."""
    subjects = []
    for clause in re.split(r"[，；：]", clauses):
        if clause.startswith("要"):
            return None
        subject = _clause_subject(clause)
        if subject is not None:
            subjects.append(subject)
    if len(subjects) != 1:
        return None
    return subjects[0] or None


def _clause_subject(clause: str) -> str | None:
    """What the clause (compressed: compress_sentence) opens on before its first verb, adverb or preposition: "" when
    that cannot be a headline's subject, None when the clause has no subject (a frame: 当地时间4月15日晚, 关中大地上; a
    verb first: 应…邀请; a time: 今天是…)."""
    words = jieba.posseg.lcut(compress_sentence(clause), HMM=False)
    at = next((i for i, pair in enumerate(words) if (pair.flag[:1] in ("v", "d", "p", "l") and pair.flag != "vn")
               or (pair.flag == "c" and pair.word not in _SUBJECT_GLUE)), None)
    if at is None or all(pair.flag in _TIME_TAGS for pair in words[:at]):
        return None
    if any(pair.word in _GIVES_SUBJECT for pair in words[at:]):
        return ""
    subject = words[:at]
    text = "".join(pair.word for pair in subject)
    tags = jieba.posseg.dt.word_tag_tab
    last = subject[-1]
    fits = (2 <= len(text) <= 16 and (subject[0].flag in _SUBJECT_TAGS or subject[0].word in _PRONOUN_SUBJECTS)
            and all(pair.flag in _SUBJECT_TAGS or pair.word in _SUBJECT_GLUE | _PRONOUN_SUBJECTS for pair in subject)
            and (last.flag in NAME_TAGS or (last.flag in ("n", "ng") and last.word[-1] in _SUBJECT_HEADS)
                 or last.word in _PRONOUN_SUBJECTS)
            # jieba tags some verb phrases as nouns (认真学习 n)
            and not any(len(pair.word) > 2 and tags.get(pair.word[-2:], "")[:1] == "v" for pair in subject))
    return text if fits else ""


# a frame of 在…时 at the end (习近平总书记在山西考察时, …座谈会时; not 千瓦时, 24时, 同时): 0 of 10 such rated system
# headlines were fluent, and no printed headline ends so (bench/rated_endings.py, `zai_shi_frames`)
ZAI_SHI_FRAME = re.compile(r"在[^，。；]*[^\d瓦行成小及同实按准适届此彼当历耗限定零暂临随不一]时$|(?:考察|调研|审议|座谈会|会见|视察)时$")
# Text that stops where its sentence goes on, pooled over every rating to 2026-12-02 (bench/rated_endings.py,
# `unfinished`): an ending that announces more (——, 暨, 如下, a colon: 《…规划》主要内容如下), a bare time at the end
# (俄罗斯国防部称，过去一天; 丁薛祥说，8年前), a time alone (1月20日零时至2月8日24时), a clause opening on 于 whose
# subject is in the clause before (于8月31日至9月2日访问越南), a 当…时 frame: 2 of 35 such rated system headlines (not
# garbled, of a headline's shape) were fluent, against 63% of the other 6,928; none of 4,445 printed headlines has the
# shape. Kept apart from has_headline_shape, which the fluency estimate takes as a feature (zhnews/summary/fluency.py),
# so that the fitted estimate is unchanged. Since session 17 also a run announcing a text that follows (全文如下：大家好),
# and since session 27 one announcing a list (…提出以下建议, 今天达成的协议内容包括: 0 of 4 rated system headlines fluent, and no
# printed one ends so).
_UNFINISHED = re.compile(r"(?:—|暨|如下|以下[^\W的]{0,4}|包括|：)$|如下[：:]"
                         r"|(?:去年|今年|明年|目前|当前|如今|眼下|此前|近年|过去一[天周月年]|\d+年前|明天|昨天|前天|后天)$"
                         r"|^(?:当地时间|今年|去年)?[\d年月日零时至到上下午晚早中夜凌晨（）()]+$"
                         r"|^于|^当.+时$"
                         # …and since session 28 a frame of 在…时 at the end (ZAI_SHI_FRAME)
                         r"|" + ZAI_SHI_FRAME.pattern +
                         # …and from the forty-second rating: a frame of time or place at the end (…庆祝活动后, 守望者眼中)
                         r"|(?<![之以然最背幕落前太])后$|(?<![手集心其空])中$"
                         # …and from the sixty-second: a place with nothing done there (3月8日的“代表通道”上, …养殖平台上):
                         # 0 of 6 rated system headlines fluent, and no printed one, every rating to the sixty-fourth
                         # (bench/rated_endings.py, `unfinished_of_headline_shaped`); not after 在, 到 or 于, which
                         # place an event (笑容写在脸上), nor a verb of 上 (迈上, 赶上)
                         r"|^[^在到于]*(?<![以向马迈走登踏赶爱跟之至])上$")
# …and since session 18, a last clause that is only a frame or a time (李强表示，面对当前变乱交织的国际形势; …，到2027年底):
# see ends_on_frame
_FRAME_AT_END = re.compile(r"[，；](?:在[^，；]*[下中上时]|随着[^，；]*|面对[^，；]*|截至[^，；]*|为了[^，；]*|除了[^，；]*"
                           r"|(?:到|至)?[\d年月日底初末]+)$")
# a place or a thing named in the sentence before (…来到这里, 中方主提这项决议…): 6 of 25 rated system headlines with 这里 at
# the end or 这项, 该项, 这些, 这位, 这次 were fluent, and no printed one has them, every rating to the ninety-second
# (bench/rated_endings.py, `pointing_back`)
POINTS_BACK_TO_NAMED = re.compile(r"这里$|(?:这|该)(?:项|些|位|次|批|种)")
# A clause that points back to the sentence before (这是习近平总书记…讲话的一部分, 此次“秋招”重点面向…, 它因…而得名).
# Printed headlines open on 这份, 这个, 这里 instead (这份成绩单，来之不易), which it leaves alone. With the two endings above,
# 3 of 39 rated system headlines of these shapes were fluent (every rating to the forty-second; 93 with the shapes
# above it, 7.5% fluent); no printed headline of 4,718 has one of them
_POINTS_BACK = re.compile(r"^(?:这|那)(?:是|也是|就是|便是|正是|也)|^(?:此次|此前|它|该)"
                          # …and since session 21 an address to a guest named before (李强表示，习近平主席同总统先生举行会晤):
                          # 3 of 11 rated system headlines with 先生, 女士 or 阁下 were fluent, and no printed one has them
                          r"|(?:总统|总理|主席|首相|国王|议长|秘书长|部长|大使)(?:先生|女士|阁下)"
                          # …and since session 28 a place or a thing named before (POINTS_BACK_TO_NAMED)
                          r"|" + POINTS_BACK_TO_NAMED.pattern)


# A predicate whose first word is a verb with an aspect particle (形成了习近平法治思想, 载着中华民族…): its subject is in
# the clause before. 1 of 23 such rated system headlines (not garbled, of a headline's shape) was fluent, every rating
# to the forty-eighth (bench/rated_endings.py, `aspect_openers_of_headline_shaped`); 5 of 5,090 printed ones open so
# (减了会议，多了调研).
ASPECT_PARTICLES = ("了", "着", "过")


def is_unfinished(text: str) -> bool:
    """Whether the text stops where its sentence goes on (_UNFINISHED: 俄罗斯国防部称，过去一天, …主要内容如下,
    …庆祝活动后), opens pointing back to the sentence before (_POINTS_BACK: 这是…, 此次…), opens on a verb with an
    aspect particle, its subject left out (形成了…), or ends on a frame (ends_on_frame: 李强表示，面对当前…的国际形势)."""
    return bool(_UNFINISHED.search(text) or _POINTS_BACK.search(text) or opens_on_aspect(text) or ends_on_frame(text))


def ends_on_frame(text: str) -> bool:
    """Whether the text's last clause is only a frame or a time, the event left out (赵乐际说，在…的战略引领下; …，到2027年底).
    Pooled over every rating to the fifty-sixth (bench/rated_endings.py, `frames_at_end_of_headline_shaped`), 0 of 14
    rated system headlines of that shape (not garbled, of a headline's shape) were fluent, and none of 5,584 printed ones
    has it."""
    return bool(_FRAME_AT_END.search(text))


def opens_on_aspect(text: str) -> bool:
    """Whether the text opens on a verb with an aspect particle (形成了…, 载着…): a predicate without its subject."""
    words = jieba.lcut(text[:8], HMM=False)
    return len(words) > 1 and words[1] in ASPECT_PARTICLES and opens_on_verb(text)


def headline_like(run: str) -> bool:
    """Whether a clause run can stand as a headline: at least HEADLINE_MIN_CHARS characters, has_headline_shape and
    is not is_unfinished."""
    return len(run) >= HEADLINE_MIN_CHARS and has_headline_shape(run) and not is_unfinished(run)


# jieba's dictionary tags of words that can carry a headline's event: verbs and verbal nouns (v, vd, vi, vq, vn), idioms
# and set phrases (i, l: 举行会谈, 稳中向好), adjectives (a, ad, an: 总体较好) and descriptive words (z)
_EVENT_TAGS = frozenset({"v", "vd", "vi", "vq", "vn", "i", "l", "a", "ad", "an", "z"})
# news verbs jieba's dictionary tags as nouns or times, which a rated noun-phrase check took for names (前往 t, 话别 n, 遭遇 n)
_ALSO_EVENT_WORDS = frozenset({"前往", "话别", "遭遇"})
# a copula or a verb of amount before a number (指数为50.5, 总额超3万亿元)
_AMOUNT = re.compile(r"[为是达有超逾近约][\d一二三四五六七八九十百千万亿两]")


# A head noun after a modifier with 的 that opens on a number, a pronoun or a time (此次复制推广的77条试点措施,
# 60位来自各个领域的优秀专家人才), or with no verb at all: 81 of 192 such rated system headlines (not garbled, of a
# headline's shape, not is_noun_phrase) were fluent, against 70% of the other 11,866; 41 of 8,071 printed headlines have
# the shape (中共中央国务院关于深化养老服务改革发展的意见), every rating to the ninety-second (bench/rated_endings.py,
# `modified_noun_phrases_of_headline_shaped`). Kept apart from is_noun_phrase,
# which the fluency estimate takes as a feature.
_MODIFIER_OPENERS = frozenset({"m", "q", "mq", "r", "t"})


def is_modified_noun_phrase(headline: str) -> bool:
    """Whether the headline is a head noun after a modifier clause with 的 that opens on a number, a pronoun or a time
    (此次复制推广的77条试点措施), or after one without a verb (中国共产党的优秀党员; not with 是, 有 or 为)."""
    from zhnews.summary.span_copy import is_verb  # here, not at the top: it imports torch

    if re.search(r"[，；：。！？]", headline):
        return False
    words = jieba.posseg.lcut(headline, HMM=False)
    marks = [i for i, pair in enumerate(words) if pair.word == "的"]
    if not marks:
        return False
    head, modifier = words[marks[-1] + 1:], words[:marks[-1]]
    if (not head or any(is_verb(pair.word) for pair in head)
            or not (head[-1].flag.startswith("n") or head[-1].flag in ("vn", "eng"))):
        return False
    first_verb = next((i for i, pair in enumerate(modifier) if is_verb(pair.word)), None)
    if first_verb is None:
        return not re.search("[是有为]", headline)
    return first_verb > 0 and all(pair.flag in _MODIFIER_OPENERS or pair.word.isdigit() for pair in modifier[:first_verb])


def is_noun_phrase(headline: str) -> bool:
    """Whether nothing in the headline can carry an event: a name, place or thing alone (湖北省嘉鱼县新街镇,
    中国共产党第二十届中央委员会第四次全体会议), a time (这个国庆中秋假期), or a thing with a modifier
    (文旅产业高质量发展的内在逻辑). Pooled over every rating before 2026-12-02 (bench/rated_endings.py), 24% of 113
    such rated 新闻联播 and 43% of 226 such newspaper outputs (ungarbled, of a headline's shape) were fluent, against
    68% and 65% of the others; 11 and 30 printed headlines had the shape.

    An event is a word of jieba's segmentation that is a verb (span_copy.is_verb) or has an event tag (_EVENT_TAGS),
    a dictionary compound ending on a verb (在京举行), any two- to four-character dictionary word of an event tag
    inside the headline (jieba's cuts hide some: 共产生 is cut 共产 + 生), one of _ALSO_EVENT_WORDS, or a copula or
    verb of amount before a number (_AMOUNT); none counts right before 的 or 之, which make it a modifier."""
    from zhnews.summary.span_copy import MODIFIER_MARKS, is_verb  # here, not at the top: it imports torch

    tags = jieba.posseg.dt.word_tag_tab

    def carries_event(word: str) -> bool:
        tag = tags.get(word, "")
        return (tag in _EVENT_TAGS or word in _ALSO_EVENT_WORDS or is_verb(word, tags)
                or (len(word) > 2 and tag.startswith("n") and tags.get(word[-2:]) in ("v", "vi")))

    if _AMOUNT.search(headline):
        return False
    words = jieba.lcut(headline, HMM=False)
    if any(carries_event(word) and following not in MODIFIER_MARKS
           for word, following in zip(words, words[1:] + [""])):
        return False
    inside = ((headline[start:start + n], headline[start + n:start + n + 1])
              for n in (2, 3, 4) for start in range(len(headline) - n + 1))
    return not any((tags.get(word) in _EVENT_TAGS or word in _ALSO_EVENT_WORDS) and following not in MODIFIER_MARKS
                   for word, following in inside)


def opens_on_verb(clause: str) -> bool:
    """Whether the clause's first word is a verb (span_copy.is_verb) or a verbal noun: a predicate whose subject is
    in the clause before (…抵达开罗，开始对埃及进行正式访问)."""
    from zhnews.summary.span_copy import is_verb  # here, not at the top: it imports torch

    first = _first_word(clause)
    return bool(first) and (is_verb(first) or jieba.posseg.dt.word_tag_tab.get(first) in ("v", "vn"))


# An obituary's lead (中国共产党的优秀党员，…，原国务委员…彭珮云同志，因病于…在北京逝世) names its subject after a list of titles,
# and the model and the clause runs give fragments of that list (中国共产党的优秀党员): 5 of 35 rated system headlines of such
# leads were fluent, and all 20 printed ones, which name the dead (彭珮云同志逝世, 热地同志遗体在京火化), every rating to the
# sixty-seventh (bench/rated_endings.py, `obituary_leads`). The name follows a title, a comma or the start
_OBITUARY_NAME = re.compile(r"(?:副委员长|委员长|副主席|主席|副总理|总理|国务委员|书记|部长|主任|委员|领导人|司令员|政治委员|政委"
                            r"|省长|市长|会长|院长|[，、]|^)([\u4e00-\u9fff·]{2,4}?)同志")
# a message of condolence, which is its own event (习近平…致唁电)
_CONDOLENCES = re.compile(r"唁电|唁函|吊唁")


def obituary_headline(text: str) -> str | None:
    """For a lead announcing a death (逝世) or a cremation (遗体…火化) of one named 同志 in its first two sentences, the
    headline printed for it: 彭珮云同志逝世, 彭珮云同志遗体火化; else None (also for a message of condolence)."""
    if "逝世" not in text:  # every article passes here: most are no obituary, and need no sentence split
        return None
    lead = "".join(split_sentences(strip_dateline(text))[:2])
    if "逝世" not in lead or _CONDOLENCES.search(lead):
        return None
    found = _OBITUARY_NAME.search(lead)
    if not found:
        return None
    event = "遗体火化" if "遗体" in lead and "火化" in lead else "逝世"
    return f"{found.group(1)}同志{event}"


# A lead announcing an article of the leader's in 《求是》 or a new book (…编辑的《X》一书，近日由…出版，在全国发行) gets the
# headline printed for such leads (《求是》杂志发表习近平总书记重要文章《X》, 《X》出版发行); the model and the clause runs give
# its pieces (第16期《求是》杂志将发表中共中央总书记重要文章…, 发表中共中央总书记…, 《X》 alone): 37 of 115 rated system headlines of
# 《求是》 leads were fluent, against 69 of 70 printed ones, and 15 of 27 of book leads, against all 18 printed ones,
# every rating to the seventy-ninth (bench/rated_endings.py, `publication_leads`).
_QIUSHI_ARTICLE = re.compile(r"《求是》杂志[^。]{0,5}发表[^。《]*习近平[^。《]{0,4}重要文章(《[^。]+?》)(?=[。，]|$)")
# the book's title (or titles, with 习近平同志 before them) right before 一书 / 文集, its volumes or its edition in another
# language, and then the comma or 近日 / 已 of the publishing clause (not a book the sentence names before it: 对2021年出版的
# 《…》进行修订，组织编写《…》一书); its alias in brackets left out
_BOOK = re.compile(r"((?:习近平同志)?(?:《[^《》]+》)+)(?:[（(](?:以下)?简称《[^》]*》[）)])?((?:第[一二三四五六七八九十]+卷、?)*)"
                   r"(一书|文集)?([\u4e00-\u9fff]{1,4}文版(?:、[\u4e00-\u9fff]{1,5}版)*)?(?=[，,]|近日|日前|已)")
# …and a speech of his printed alone (习近平《在…大会上的讲话》单行本，已由人民出版社出版): printed 习近平《X》单行本出版 on all 9 such
# People's Daily leads (6 of 2019–2020, 3 of 2025), whatever its length
_OFFPRINT = re.compile(r"习近平(《[^。]+?》)单行本(?=[，,]|已|近日)")
_PUBLISHED = re.compile(r"(?:由|经)[^。；]{0,30}出版|出版发行")
PUBLICATION_MAX_CHARS = 50  # a longer list of titles is not one book's headline (10种外文版 of three documents)


def publication_headline(text: str) -> str | None:
    """For a lead whose first sentence announces an article of 习近平's in 《求是》 or the publication (出版) of a book
    (《X》一书, 《X》第一卷、第二卷, 《X》《Y》英文版), the headline printed for it: 《求是》杂志发表习近平总书记重要文章《X》,
    《X》出版发行 (《X》出版 when the lead has no 发行 right after, 《X》西班牙文版出版发行 for an edition in another language,
    up to PUBLICATION_MAX_CHARS), 习近平《X》单行本出版 for a speech printed alone; else None."""
    if "《" not in text:
        return None
    body = strip_dateline(text)
    first = split_sentences(body)[:1]
    if not first:
        return None
    sentence = first[0]
    article = _QIUSHI_ARTICLE.search(sentence)
    if article:
        return f"《求是》杂志发表习近平总书记重要文章{article.group(1)}"
    offprint = _OFFPRINT.search(sentence)
    if offprint and _PUBLISHED.search(sentence[offprint.end():]):
        return f"习近平{offprint.group(1)}单行本出版"
    book = _BOOK.search(sentence)
    # a bare title is the book only as the sentence's subject or the object of its making (编辑的《X》, 组织编写了《X》)
    bare = book and not (book.group(2) or book.group(3) or book.group(4))
    if not book or bare and book.start() > 0 and sentence[book.start() - 1] not in "的了":
        return None
    if not _PUBLISHED.search(sentence[book.end():]):
        return None
    issued = "发行" in body[:len(sentence) + 40]  # …出版。即日起在全国发行
    headline = f"{book.group(1)}{book.group(2).rstrip('、')}{book.group(4) or ''}出版{'发行' if issued else ''}"
    return headline if len(headline) <= PUBLICATION_MAX_CHARS else None
