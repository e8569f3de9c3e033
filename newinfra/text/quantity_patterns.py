"""The regular expressions that find quantity candidates and the spans that are not quantities.

Built from the vocabulary in :mod:`newinfra.text.quantity_vocabulary` and the
number words in :mod:`newinfra.text.numerals`; used by
:mod:`newinfra.text.quantities`.
"""

from __future__ import annotations

import re

from newinfra.text.numerals import (
    EN_ABBREVIATED_MAGNITUDES,
    EN_CARDINALS,
    EN_TENS,
    ZH_NUMERAL_CHARS,
)
from newinfra.text.quantity_vocabulary import (
    COMPARATORS,
    CURRENCY_PREFIXES,
    EN_POST_COMPARATORS,
    EN_PRE_COMPARATORS,
    EN_UNITS,
    ZH_POST_COMPARATORS,
    ZH_PRE_COMPARATORS,
    ZH_UNITS,
)


def _alt(phrases) -> str:
    """Alternation of literal phrases, longest first; a space matches any whitespace run."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


_EN_WORD_NUMBER = "|".join(
    [rf"(?:{'|'.join(EN_TENS)})-(?:{'|'.join(list(EN_CARDINALS)[:9])})"]
    + sorted(EN_CARDINALS, key=len, reverse=True)
    + [r"a(?=\s+(?:hundred|thousand|million|billion|trillion)\b)"]
)
_DIGITS = r"(?<!\d)(?<!\d[.,])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_EN_MAG = r"hundred(?:\s+(?:thousand|million|billion))?|thousand|million|billion|trillion"
_EN_ABBR = "|".join(sorted(EN_ABBREVIATED_MAGNITUDES, key=len, reverse=True))
# 千瓦, 千米 and 百分點 are units of their own, not a magnitude and a unit.
_ZH_MAG = r"萬億|万亿|億|亿|萬|万|千(?![瓦米])|百(?![瓦分])"
# A density: 每平方公里35個 before the number, "/km2" or 個/平方公里 after it.
_PER_AREA_ZH = r"每\s*平方(?:公里|千米)"
_AREA = r"平方(?:公里|千米)|km2|km²|(?i:sq\.?\s*km)"
_EN_UNIT = "|".join(f"(?:{p})" for p, _, _ in EN_UNITS)
_ZH_UNIT = "|".join(f"(?:{p})" for p, _, _ in ZH_UNITS)
_ZH_CHARS = ZH_NUMERAL_CHARS

_ZH_STARTS = "".join(sorted({w[0] for w in ZH_PRE_COMPARATORS})) + _ZH_CHARS + "每"
MAIN = re.compile(
    rf"""
    (?=[\d$¥￥{_ZH_STARTS}]|(?<![A-Za-z])[A-Za-z])  # cheap gate: most positions fail here
    (?P<per>{_PER_AREA_ZH}\s*)?
    (?P<pre>(?<![A-Za-z])(?i:{_alt(EN_PRE_COMPARATORS)})\s+|(?:{_alt(ZH_PRE_COMPARATORS)})\s*)?
    (?P<dual>(?<![A-Za-z])(?i:dual|double)\s+(?=\d))?
    (?P<rank>(?<![A-Za-z])No\.\s*(?=\d))?
    (?P<cur>(?<![A-Za-z])(?:{_alt(CURRENCY_PREFIXES)})\s?(?=\d))?
    (?P<pct>百分之)?
    (?:
        (?P<num>{_DIGITS})(?P<glued>[PG](?![A-Za-z]))?
        (?:(?:\s*[-–—~]\s*|\s*[至到]\s*)(?P<num2>{_DIGITS}))?
      | (?P<word>(?<![A-Za-z-])(?i:{_EN_WORD_NUMBER})(?![A-Za-z]))
        (?:\s+(?i:or|to)\s+(?P<word2>(?i:{_EN_WORD_NUMBER}))(?![A-Za-z]))?
      | (?P<zh>(?<![{_ZH_CHARS}])[{_ZH_CHARS}]+)(?:[至到-](?P<zh2>[{_ZH_CHARS}]+))?
    )
    (?P<mag>(?:\s+|-)(?i:{_EN_MAG})(?![A-Za-z])|\s?(?i:{_EN_ABBR})(?![A-Za-z])|{_ZH_MAG})?
    (?P<more>[多餘余](?=\s*(?:{_ZH_UNIT})))?
    (?P<unit>(?:\s*|-)(?:{_EN_UNIT})(?![A-Za-z])|[PGW](?![A-Za-z0-9])|\s*(?:{_ZH_UNIT}))?
    (?P<area>\s*/\s*(?:{_AREA})(?![A-Za-z]))?
    (?P<cls>量級|量级|級|级)?
    (?P<post>\s+(?i:{_alt(EN_POST_COMPARATORS)})(?![A-Za-z])|\s*(?:{_alt(ZH_POST_COMPARATORS)}))?
    """,
    re.VERBOSE,
)

_VAGUE_WORDS = (
    r"(?i:(?:(?P<v1>tens|hundreds|thousands)\s+of\s+)?"
    r"(?P<v2>tens|hundreds|thousands|millions|billions|trillions))"
)
VAGUE = re.compile(rf"(?<![A-Za-z]){_VAGUE_WORDS}(?=\s+of\b)")
# A mention's own text that is a vague magnitude ("tens of millions"): a lower bound.
VAGUE_QUOTE = re.compile(_VAGUE_WORDS)
ZH_SPEED = re.compile(
    # 過/过 alone ("过百兆") is a comparator, but not inside 通過 (through) or 經過.
    rf"(?<![\d{_ZH_CHARS}])(?P<pre>超過|超过|超|(?<![通經经])[過过])?(?:雙|双)?"
    rf"(?P<cls>[百千萬万])兆(?P<post>以上)?"
)
EN_SPEED = re.compile(r"(?<![A-Za-z])(?i:double|dual)[-\s]+(?i:gigabit)(?![A-Za-z])")

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
# A whole run of digits, never its tail: an unanchored \d+ would rescan the rest
# of the run from every digit of it, which is quadratic on a long run.
_RUN = r"(?<!\d)\d+"
# Spans that hold digits but no quantity; a candidate touching one is dropped.
NOT_QUANTITY = re.compile(
    rf"""
    (?=[\d〔\[［(（第 \t]|(?<![A-Za-z])[A-Za-z])  # cheap gate, as in MAIN
    (?:
      (?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?!\d)
    | \b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b(?:,?\s+\d{{4}})?
    | \b(?:{_MONTHS})\s+\d{{4}}\b
    | \d{{4}}\s*[./-]\s*\d{{1,2}}\s*[./-]\s*\d{{1,2}}(?!\d)
    | (?:19|20)\d{{2}}\s*[-–—~至到]\s*(?:19|20)?\d{{2}}(?!\d)(?:\s*年)?
    | \d{{4}}\s*年(?:\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*[日號号])?)?
    | \d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*[日號号])? | \d{{1,2}}\s*日
    | (?:19|20)\d0s
    | [〔\[［(（]\d{{4}}[〕\]］)）]\s*\d+\s*[號号] | {_RUN}\s*[號号]
    | (?<![^\n])[ \t]*[(（]?\d{{1,2}}[.．、)）](?!\d)
    | [(（]\d{{1,2}}[)）] | (?<![\w(（.])\d{{1,2}}[)）]
    | 第\s*\d+
    | (?<![A-Za-z0-9.])[2-7]G(?![A-Za-z0-9])(?:-A(?![A-Za-z]))?
    | {_RUN}\s*G\s*(?=E?PON|GPON|無源|无源)
    | (?i:version)\s+\d+
    | {_RUN}\s*\+\s*\d+
    | 909\s+upgrading
    | Three\s+Represents
    | (?:{_RUN}(?:st|nd|rd|th)\s+)?Five[-\s]+Year\s+Plan
    | (?:Special\s+)?(?:Project|Phase|Chapter|Article|Part|Section|Step|Stage)\s+
      (?:(?i:{"|".join(sorted(EN_CARDINALS, key=len, reverse=True))})|\d+)(?![\w])
    )
    """,
    re.VERBOSE,
)

# The words counted by a density between its number and "per square kilometre":
# "13.8 5G base stations per square kilometre". Each word is checked to be no
# function word by the caller. Up to five words: the first after a space or a
# hyphen, the others after spaces; a word may hold hyphens ("fibre-optic"), so
# a hyphen never separates two words here, or "a-b-c-..." could be split in
# polynomially many ways before the match fails. Words are taken possessively:
# a word never gives back characters, which could only be word characters.
NOUNS_PER_AREA = re.compile(
    r"(?P<nouns>(?:\s+|-)[A-Za-z0-9][\w'’-]*+(?:\s+[A-Za-z0-9][\w'’-]*+){0,4}?)"
    r"\s+(?i:per\s+(?:square\s+kilomet(?:er|re)|sq\.?\s*km|km2|km²))(?![A-Za-z])"
)
NEXT_WORD = re.compile(r"(?:\s+|-)([A-Za-z][A-Za-z'’]*|\d+[A-Za-z]\w*)")
OF = re.compile(r"\s+of(?=\s)", re.IGNORECASE)
IN_TOTAL = re.compile(r"\s+in\s+(?:total|all)\b", re.IGNORECASE)
BEFORE_CONVERSION = re.compile(r"\s*[(（]\s*")
FULLWIDTH = str.maketrans("０１２３４５６７８９．％－～＋", "0123456789.%-~+")

EN_UNIT_LOOKUP = [(re.compile(p), unit, factor) for p, unit, factor in EN_UNITS]
ZH_UNIT_LOOKUP = [(re.compile(p), unit, factor) for p, unit, factor in ZH_UNITS]
COMPARATOR_LOOKUP = {re.sub(r"\s+", " ", k): v for k, v in COMPARATORS.items()}
