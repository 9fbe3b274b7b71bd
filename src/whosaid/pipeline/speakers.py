"""Speakers: named entities clustered to canonical names, and every attribution's source
resolved to one of them (names, surnames, acronyms, titles, pronouns, quote paragraphs).

Reads `doc.ents`, the parse and `doc._.attributions`; writes `doc._.entities` and the
`speaker` of each attribution.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Container, Mapping
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from whosaid import lexicons
from whosaid.config import DEFAULTS, Settings
from whosaid.pipeline.attributions import introduces_speaker
from whosaid.pipeline.bounds import paragraphs_back, sentence_end, sentence_start, text_of
from whosaid.pipeline.quotes import Quote, find_quotes, quoted
from whosaid.records import Attribution, Entity, Mention, Span

ENTITY_KINDS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "NORP": "group",
    "LOC": "place",
    "FAC": "place",
    "GROUP": "group",  # persons named together and then spoken of as one ("the pair")
}
_SPEAKER_PRIORITY = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3, "LOC": 4, "FAC": 5}
_ACRONYM = re.compile(
    r"\b((?:[A-Z][\w’'&.-]*\s+)(?:(?:of|the|for|and|on|de)\s+|[A-Z][\w’'&.-]*\s+)*[A-Z][\w’'&.-]*)\s+\(([A-Z][A-Za-z]{1,7})\)"
)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
# words that count the persons just named: "the pair", "the two men", "both"
_GROUP_WORDS = {"pair": 2, "duo": 2, "couple": 2, "two": 2, "both": 2, "trio": 3, "three": 3}
_ENTOURAGE = frozenset({"campaign", "administration", "team", "camp", "family", "lawyer", "lawyers", "attorney"})
_RELATIVE = frozenset({"who", "which", "that"})
# what opens an aside after a description: ", who asked not to be named"
_ASIDE_OPENERS = _RELATIVE | {"whose"}
_LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)

if not Doc.has_extension("entities"):
    Doc.set_extension("entities", default=None)


class _Ents:
    """The document's entities, read once (Doc.ents and Span.ents build every entity again on
    each call), and those wholly inside a token range, as Span.ents gives them."""

    def __init__(self, doc: Doc) -> None:
        self.all = doc.ents
        self.starts = [e.start for e in self.all]

    def within(self, start: int, end: int) -> list[SpacySpan]:
        out = []
        for e in self.all[bisect_left(self.starts, start) :]:
            if e.end > end:
                break
            out.append(e)
        return out


# "one of the soldiers", "one of them": a member of a group, not a person the article names
_PARTITIVE = re.compile(r"^one of (?:the |those |these )?(.+)$", re.IGNORECASE)
# what says only "of the group just spoken of": "one of the men", "one of them"
_ANY_MEMBER = frozenset({"them", "those", "these", "men", "women", "people", "others", "two", "pair"})


def _group_word(name: str) -> str | None:
    """The last word of the group a partitive names ("soldiers" in "one of the captured
    soldiers"), or None for a name that is not a partitive."""
    match = _PARTITIVE.match(name)
    return None if match is None else match.group(1).split()[-1].lower()


def _is_any_member(name: str) -> bool:
    return _group_word(name) in _ANY_MEMBER


def _member_of(name: str, descriptions: dict[str, _Cluster]) -> _Cluster | None:
    """The speaker an earlier partitive named, when this one names a member of the same group:
    "one of the captured soldiers" after "one of the soldiers" (the same last word), "one of
    the men" or "one of them" after either. The member is not known, only the group; the
    first wording names it."""
    head = _group_word(name)
    if head is None:
        return None
    for cluster in reversed(descriptions.values()):
        earlier = _group_word(cluster.name)
        if earlier is not None and (head in _ANY_MEMBER or earlier == head):
            return cluster
    return None


def _the_other(name: str, descriptions: dict[str, _Cluster]) -> _Cluster | None:
    """ "The other" after "one of the soldiers": the other member of that group, a speaker of
    its own ("the other of the soldiers")."""
    if name.lower() not in ("other", "other one"):
        return None
    for cluster in reversed(descriptions.values()):
        earlier = _PARTITIVE.match(cluster.name)
        if earlier is not None:
            group = earlier.group(1)
            other = f"the other of {group}" if group[:1].isupper() else f"the other of the {group}"
            if group.lower() in ("them", "those", "these"):
                other = "the other of them"
            return descriptions.setdefault(other.lower(), _Cluster(other, "SOURCE"))
    return None


def _named_together(
    span: SpacySpan, ents: _Ents, by_span: dict[tuple[int, int], _Cluster], wanted: int | None
) -> list[str]:
    """The names of the persons the article named together just before the span ("Anna
    Kowalski and Peter Brandt"), `wanted` of them (or two or more), in the sentence so far or
    up to two before; empty if none."""
    doc = span.doc
    first = sentence_start(doc, span.start)
    for _ in range(3):  # the sentence so far, then up to two before
        named = [e for e in ents.within(first, span.start) if (e.start_char, e.end_char) in by_span]
        # (the tagger now and then calls a person's name an ORG)
        named = [e for e in named if e.label_ in ("PERSON", "ORG")]
        for e in named:
            together = [e] + [o for o in named if o.root.dep_ == "conj" and o.root.head.i in _chain(e)]
            members = list(dict.fromkeys(by_span[(m.start_char, m.end_char)].name for m in together))
            if len(members) == wanted or (wanted is None and len(members) >= 2):
                return members
        if first == 0:
            break
        first = sentence_start(doc, first - 1)
    return []


def _full_names(
    doc: Doc, attributions: list[Attribution], by_span: Mapping[tuple[int, int], _Cluster]
) -> dict[str, _Cluster]:
    """Sources that are names the tagger did not mark, the surname alone and the full name
    ("Musk says …" in the headline, "Elon Musk said …" below), as one speaker under both
    keys, named in full, as a person. Names are runs of one to three capitalised proper nouns."""
    names: list[str] = []
    named = {k for start, end in by_span for k in range(start, end)}  # characters of named entities
    for at in attributions:
        if at.source is None:
            continue
        span = doc.char_span(at.source.start, at.source.end, alignment_mode="expand")
        if span is None or not 1 <= len(span) <= 3 or any(t.idx in named for t in span):
            continue
        if all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.is_alpha for t in span):
            names.append(span.text)
    out: dict[str, _Cluster] = {}
    for full in sorted(set(names), key=lambda n: -len(n.split())):
        words = full.split()
        if len(words) < 2 or words[-1] not in names or words[-1].lower() in out:
            continue
        if sum(1 for n in set(names) if n.split()[-1] == words[-1] and len(n.split()) >= 2) > 1:
            continue  # "Ivanka Trump" and "Donald Trump": the surname alone is either
        # (a name the article shortens to its last word is a person's: "he" may refer to it)
        cluster = _Cluster(full, "PERSON")
        out[full.lower()] = out[words[-1].lower()] = cluster
    return out


# what an organisation is called once named: "the group", "the company", "the ministry"
_ORG_NOUNS = frozenset(
    "group company firm organisation organization agency ministry party union newspaper bank "
    "committee council charity association coalition watchdog regulator department institute "
    "foundation militia movement".split()
)


def _last_organisation(
    doc: Doc,
    span: SpacySpan,
    earlier: list[Attribution],
    clusters: list[_Cluster],
    descriptions: Mapping[str, _Cluster],
) -> _Cluster | None:
    """The named organisation that made the latest report before the span (not one relayed
    inside another's), in its sentence so far or up to two before: an ORG entity, or a name
    the tagger missed that ends like one ("Transparency International"). None when the latest
    speaker there is not one."""
    window = _window(doc, span.start)
    by_name = {c.name: c for c in clusters}
    for at in reversed(earlier):
        if at.speaker is None or at.relayed_by is not None or not window <= at.cue.start < span.start_char:
            continue  # (not a voice inside another's report: "the case showed …")
        if any(piece.start <= span.start_char < piece.end for piece in at.contents):
            return None  # a voice the organisation reports: "Reuters reported that the ministry had said"
        cluster = by_name.get(at.speaker)
        if cluster is not None:
            return cluster if cluster.label == "ORG" else None
        described = descriptions.get(at.speaker.lower())
        words = at.speaker.split()
        named = len(words) >= 2 and all(w[:1].isupper() for w in words) and words[-1].lower() in _ORG_ENDINGS
        return described if described is not None and named else None
    return None


# the last word of an organisation's name: "Transparency International", "Human Rights Watch"
_ORG_ENDINGS = _ORG_NOUNS | frozenset(
    "international watch institute foundation inc corp ltd plc llc co group partners fund trust "
    "center centre commission authority board service corporation".split()
)


def _head_word(doc: Doc, cluster: _Cluster) -> str | None:
    """The head word of the first mention of a described speaker: "official" for "a senior
    Ukrainian security official", "source" for "one Democratic source on the panel"."""
    if not cluster.mentions:
        return None
    first = cluster.mentions[0].span
    span = doc.char_span(first.start, first.end, alignment_mode="expand")
    return span.root.lower_ if span is not None and len(span) else None


def _asked(doc: Doc, at: Attribution) -> tuple[int, int] | None:
    """The characters of whom a question was put to ("asked Sanders whether …"), or None when
    the report is not a question put to someone."""
    cue = doc.char_span(at.cue.start, at.cue.end, alignment_mode="expand")
    if cue is None or not len(cue) or cue.root.lemma_.lower() != "ask":
        return None
    obj = next((c for c in cue.root.children if c.dep_ in ("dobj", "dative")), None)
    if obj is None:
        return None
    return doc[obj.left_edge.i].idx, doc[obj.right_edge.i].idx + len(doc[obj.right_edge.i])


def _window(doc: Doc, i: int, back: int = 2) -> int:
    """The character offset where the sentence `back` sentences before token i's begins (or
    the text's start): how far back "one of them" or "the group" may look."""
    first = sentence_start(doc, i)
    for _ in range(back):
        if first == 0:
            break
        first = sentence_start(doc, first - 1)
    return doc[first].idx


def _plural_voice(span: SpacySpan, earlier: list[Attribution]) -> str | None:
    """The speaker of the latest report before the span, in its sentence so far or up to two
    before, whose source is a plural noun phrase ("Egyptian sources", "two officials"): whom
    "one of them" then names a member of. None when there is none."""
    doc = span.doc
    window = _window(doc, span.start)
    for at in reversed(earlier):
        if at.source is None or at.speaker is None or not window <= at.source.start < span.start_char:
            continue
        voice = doc.char_span(at.source.start, at.source.end, alignment_mode="expand")
        if voice is not None and len(voice) and voice.root.tag_ in ("NNS", "NNPS"):
            lead = voice[0]  # "Two officials said": "one of two officials"
            low = lead.pos_ in ("DET", "NUM", "NOUN") and at.speaker.startswith(lead.text)
            return at.speaker[:1].lower() + at.speaker[1:] if low else at.speaker
    return None


# words of a role's tenure that Title Case capitalises: "Former White House Doctor Says"
_TENURE = frozenset({"former", "acting", "interim", "outgoing", "incoming", "then", "late", "ex"})


# sources that name no one by their nature ("sources said", "an insider"), how an article
# describes someone it will not name ("people familiar with the talks"), and how it says it
# will not name them ("speaking on condition of anonymity", "was not authorised to speak")
_UNNAMED_HEADS = frozenset({"source", "insider"})
_UNNAMED_PEOPLE = re.compile(
    r"\b(?:familiar with|briefed on|close to|with (?:direct |first-?hand )?knowledge of|knowledgeable about)\b",
    re.IGNORECASE,
)
_ANONYMITY = re.compile(
    r"\b(?:(?:on|under) (?:the )?condition(?:s)? (?:of|that (?:he|she|they) not be) (?:anonymity|named|identified)"
    r"|(?:asked|requested|declined|insisted|wished|spoke|speaking)"
    r" (?:not to be (?:named|identified)|anonymously|on background)"
    r"|(?:requested|insisted on|granted|given) anonymity"
    r"|(?:did|does|do|would)(?: not|n't) (?:want|wish|like) to be (?:named|identified)"
    r"|(?:declined|refused) to (?:be (?:named|identified)|give (?:his|her|their) (?:full |last )?names?)"
    r"|(?:not|n't) authori[sz]ed to (?:speak|discuss|comment|talk))",
    re.IGNORECASE,
)


def anonymous_source(doc: Doc, source: Span, cue: Span) -> bool:
    """A source the article does not name on purpose: "sources said", "people familiar with the
    talks said", "a senior official, speaking on condition of anonymity, said", "said an
    official who was not authorised to speak". The promise of anonymity must hang from the
    source or its verb, not from someone else in the sentence. "Officials said" or "the
    ministry said" names no person either, but says nothing of anonymity."""
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    heads = {root.lemma_.lower()}
    if root.pos_ in ("NUM", "PRON", "DET", "ADJ"):  # "one of the sources", "two sources"
        heads |= {t.lemma_.lower() for t in root.subtree if t.dep_ == "pobj"}
    if heads & _UNNAMED_HEADS or _UNNAMED_PEOPLE.search(span.text):
        return True
    holders = [root]
    if root.lower_ in _RELATIVE and root.head.dep_ == "relcl":
        holders.append(root.head.head)  # "an official who requested anonymity said"
    verbs = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    # "said, speaking on condition of anonymity", "said on condition of anonymity"; not "…,
    # according to an official who was not authorised to speak", which is that official's
    holders += [
        c
        for v in verbs or ()
        for c in v.children
        if c.dep_ in ("advcl", "xcomp", "npadvmod", "acl") or (c.dep_ == "prep" and c.lower_ in ("on", "under"))
    ]
    return any(_ANONYMITY.search(doc[h.left_edge.i : h.right_edge.i + 1].text) for h in holders)


def _tokens(doc: Doc, span: Span | None) -> list[Token]:
    """The tokens a span of the text covers (none for no span)."""
    if span is None:
        return []
    found = doc.char_span(span.start, span.end, alignment_mode="expand")
    return list(found) if found is not None else []


def _epithets(ent: SpacySpan) -> set[str]:
    """The common nouns set beside a name as its apposition or just before it: "Ben Carson, a
    retired neurosurgeon", "a historian, Douglas Brinkley", "retired neurosurgeon Ben Carson"."""
    root = ent.root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    nouns += [c for c in root.children if c.dep_ == "compound" and c.i < ent.start]
    return {n.lemma_.lower() for n in nouns if n.pos_ == "NOUN" and n.tag_ == "NN" and n.is_lower}


def _last_conjunct(tok: Token) -> Token:
    """The last item of the coordination `tok` heads ("Beyonce, Patti LaBelle and Stevie
    Wonder": "Wonder"), or `tok` itself."""
    while conjs := [c for c in tok.children if c.dep_ == "conj"]:
        tok = conjs[-1]
    return tok


def _chain(ent: SpacySpan) -> set[int]:
    """The token indices a coordinated name may hang from: the entity's own, and those of the
    names coordinated before it ("A, B and C": C hangs from B, which hangs from A)."""
    out = {t.i for t in ent}
    node = ent.root
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
        out.add(node.i)
    return out


def _group_of(names: list[str], descriptions: dict[str, _Cluster]) -> _Cluster:
    """The one speaker that persons named together make ("A, B and C"; the ledger reads its
    members back from that name)."""
    name = _together(names)
    return descriptions.setdefault(name.lower(), _Cluster(name, "GROUP"))


def _together(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1]


def _without_aside(span: SpacySpan) -> SpacySpan:
    """A description without the aside that follows it: "a Ukrainian military spokesman,
    speaking on condition of anonymity" and "the spokesman for the Commission, who asked not to
    be named" are the spokesman, as the "who" of the same sentence is."""
    root = span.root
    for tok in span:
        if tok.i > root.i and tok.text == "," and tok.i + 1 < span.end:
            after = span.doc[tok.i + 1]
            if after.lower_ in _ASIDE_OPENERS or after.tag_ in ("VBG", "VBN"):
                return span.doc[span.start : tok.i]
    return span


def clean_name(text: str) -> str:
    return _POSSESSIVE.sub("", _LEADING_DET.sub("", text.strip())).strip()


def _country_key(word: str) -> str:
    """'Ukrainian', 'Ukraine’s' -> 'ukra': enough to tell nationalities apart in one article."""
    return clean_name(word).lower()[:4]


@dataclass
class _Cluster:
    name: str
    label: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    titles: set[tuple[str, frozenset[str]]] = field(default_factory=set)  # (role group, country keys)
    genders: Counter[str] = field(default_factory=Counter)  # votes: "m", "f"
    # common nouns the article puts beside the name: "Ben Carson, a retired neurosurgeon"
    epithets: set[str] = field(default_factory=set)

    @property
    def gender(self) -> str | None:
        """ "m" or "f" when the article's own words say so and do not disagree, else None."""
        if len(self.genders) != 1:
            return None
        return next(iter(self.genders))

    def rename(self, first_names: Container[str]) -> None:
        """Name the cluster by the full name the article uses most, when it opens with a known
        first name: "Hillary Clinton", not a tweet's "Crooked Hillary Clinton" that was folded
        into it; but "Aung San Suu Kyi" stays, though later mentions say "Suu Kyi"."""
        counts = Counter(
            name
            for m in self.mentions
            if m.kind == "name"
            and len(words := (name := clean_name(m.span.text)).split()) >= 2
            and words[0].lower() in first_names
        )
        if not counts:
            return
        best = max(counts, key=lambda n: (counts[n], len(n)))
        if best != self.name and counts[best] > counts.get(self.name, 0):
            self.aliases.discard(best)
            self.aliases.add(self.name)
            self.name = best

    def add(self, span: Span, kind: str = "name") -> None:
        if all(m.span != span for m in self.mentions):
            self.mentions.append(Mention(span, kind))  # type: ignore[arg-type]
        alias = clean_name(span.text)
        if kind in ("name", "acronym", "alias", "title") and alias and alias != self.name:
            self.aliases.add(alias)


def _acronyms(text: str) -> dict[str, str]:
    """'National Intelligence Service (NIS)' -> {'NIS': 'National Intelligence Service'}."""
    out: dict[str, str] = {}
    for m in _ACRONYM.finditer(text):
        long, short = m.group(1), m.group(2)
        words = [w for w in long.split() if w[:1].isupper()]
        initials = "".join(w[0] for w in words)
        # the acronym's letters are the last capitalised words' initials ("South Korea's National
        # Intelligence Service (NIS)" -> the last three words)
        if initials.endswith(short.upper()) and len(short) <= len(words):
            tail = long.split()
            n = 0
            kept: list[str] = []
            for w in reversed(tail):
                kept.insert(0, w)
                if w[:1].isupper():
                    n += 1
                if n == len(short):
                    break
            out[short] = " ".join(kept)
    return out


class SpeakerResolver:
    """Clusters named entities and resolves each attribution's source to a speaker."""

    def __init__(self, settings: Settings = DEFAULTS) -> None:
        self.settings = settings
        self.titles = lexicons.titles()
        # nouns a name may qualify without being the speaker: "the Pentagon chief", "the
        # Gaza health ministry", "the Trump campaign"
        self.roles = frozenset(self.titles) | lexicons.bodies() | _ENTOURAGE
        self.pronouns = lexicons.pronouns()
        self.genders = lexicons.genders()

    # -- entities -----------------------------------------------------------------------
    def _clusters(self, doc: Doc, regions: list[Span]) -> tuple[list[_Cluster], dict[tuple[int, int], _Cluster]]:
        """Group entity mentions by name (the tagger's label wavers: "Zelenskyy" may come out
        as PERSON, ORG or GPE), then fold surnames into the full names they belong to."""
        acronyms = _acronyms(text_of(doc))
        groups: dict[str, list[tuple[SpacySpan, str, str]]] = {}
        strays: list[SpacySpan] = []
        for ent in doc.ents:
            if "\n" in ent.text.strip():
                continue
            if ent.label_ not in ENTITY_KINDS:
                strays.append(ent)
                continue
            if any(r.start <= ent.start_char < r.end for r in regions):
                continue
            name = clean_name(ent.text)
            if not name or not any(ch.isalpha() for ch in name):
                continue
            kind = "name"
            if name in acronyms:
                name, kind = acronyms[name], "acronym"
            groups.setdefault(name.lower(), []).append((ent, name, kind))
        # a name the tagger labels oddly once ("Ivanka Trump" as a PRODUCT) is still that name
        for ent in strays:
            key = clean_name(ent.text).lower()
            if key in groups and not any(r.start <= ent.start_char < r.end for r in regions):
                groups[key].append((ent, clean_name(ent.text), "name"))
        clusters: list[_Cluster] = []
        by_span: dict[tuple[int, int], _Cluster] = {}
        persons: list[_Cluster] = []
        # longest names first, so a surname finds the full name it abbreviates
        for key in sorted(groups, key=lambda k: -len(k.split())):
            members = groups[key]
            labels = Counter(e.label_ for e, _, _ in members if e.label_ in ENTITY_KINDS)
            label = labels.most_common(1)[0][0]
            name = max((n for _, n, _ in members), key=len)
            cluster = self._surname_match(name, labels, persons)
            if cluster is None:
                cluster = _Cluster(name, label)
                clusters.append(cluster)
                if label == "PERSON":
                    persons.append(cluster)
            for ent, _, kind in members:
                cluster.add(Span(ent.start_char, ent.end_char, ent.text), kind)
                by_span[(ent.start_char, ent.end_char)] = cluster
                if cluster.label == "PERSON":
                    self._collect_titles(ent, cluster)
                    self._collect_gender(ent, cluster)
                    cluster.epithets.update(_epithets(ent))
        for c in clusters:
            c.rename(self.genders)
        for short, long in acronyms.items():
            for c in clusters:
                if c.name == long:
                    c.aliases.add(short)
        return clusters, by_span

    def _surname_match(self, name: str, labels: Counter[str], persons: list[_Cluster]) -> _Cluster | None:
        """'Zelenskyy' (whatever its label) belongs to 'Volodymyr Zelenskyy' if that person is named."""
        words = name.split()
        if len(words) > 2 or not persons:
            return None
        if len(words) == 2 and labels.most_common(1)[0][0] != "PERSON":
            return None
        surname = words[-1]
        threshold = self.settings.name_match_threshold
        for c in persons:
            theirs = c.name.split()
            if len(words) == 2 and words[0] not in theirs:
                continue  # "Ivanka Trump" is not "Donald J. Trump"
            if len(theirs) > len(words) and fuzz.ratio(theirs[-1], surname) >= threshold:
                return c
        return None

    def _collect_gender(self, ent: SpacySpan, cluster: _Cluster) -> None:
        """What the words at a name say of the person's gender: a first name ("Hillary
        Clinton"), an honorific or role noun just before it ("Ms. Lynch", "spokeswoman Melezia
        Figueroa")."""
        doc = ent.doc
        words = [t for t in ent if t.is_alpha]
        if len(words) >= 2 and (g := self.genders.get(words[0].lower_)):
            cluster.genders[g] += 1
        before = [t for t in doc[max(ent.start - 2, 0) : ent.start] if not t.is_punct]
        if before and (g := self.genders.get(before[-1].lower_.rstrip("."))):
            cluster.genders[g] += 1

    def _collect_titles(self, ent: SpacySpan, cluster: _Cluster) -> None:
        """Role words next to a name ("Ukrainian President, Volodymyr Zelenskyy") become titles."""
        doc = ent.doc
        sent_start = sentence_start(doc, ent.start, limit=max(ent.start - 8, 0))
        window = doc[max(ent.start - 5, sent_start) : ent.start]
        for tok in reversed(window):
            if not (tok.pos_ == "PROPN" or tok.text in (",", "’s", "'s") or tok.lower_ in self.titles):
                break  # the title stands next to the name: not "The FBI director chastised Clinton"
            group = self.titles.get(tok.lemma_.lower()) or self.titles.get(tok.lower_)
            if group:
                countries = frozenset(
                    _country_key(t.text)
                    for t in doc[max(tok.i - 3, sent_start) : tok.i]
                    if t.pos_ in ("PROPN", "ADJ") and t.text[:1].isupper()
                )
                cluster.titles.add((group, countries))
                first = tok.i
                while (
                    first - 1 >= sent_start
                    and doc[first - 1].pos_ in ("PROPN", "ADJ")
                    and doc[first - 1].text[:1].isupper()
                ):
                    first -= 1
                if first - 2 >= sent_start and doc[first - 1].lower_ in ("’s", "'s"):
                    first -= 2
                cluster.add(Span(doc[first].idx, tok.idx + len(tok), doc[first : tok.i + 1].text), "title")
                break

    # -- sources ------------------------------------------------------------------------
    def predict(self, doc: Doc) -> tuple[list[Attribution], list[Entity]]:
        skipped = [r.span for r in (doc._.regions or []) if r.kind in ("furniture", "heading")]
        clusters, by_span = self._clusters(doc, skipped)
        attributions: list[Attribution] = list(doc._.attributions or [])
        resolved: list[Attribution] = []
        descriptions = _full_names(doc, attributions, by_span)
        quotes = find_quotes(text_of(doc))
        ents = _Ents(doc)
        unnamed: set[int] = set()  # the description clusters that speak anonymously
        for at in attributions:
            speaker: _Cluster | None = None
            if at.source is not None:
                speaker = self._resolve(doc, ents, at.source, clusters, by_span, resolved, descriptions, quotes)
            elif at.kind == "quote_paragraph":
                speaker = self._previous_speaker(doc, at, resolved, clusters)
            if speaker is not None and at.source is not None:
                kind = "name" if speaker.name in clean_name(at.source.text) else "description"
                if at.source.text.lower() in self.pronouns:
                    kind = "pronoun"
                speaker.add(at.source, kind)
            anonymous = (
                speaker is not None
                and speaker.label == "SOURCE"
                and (id(speaker) in unnamed or (at.source is not None and anonymous_source(doc, at.source, at.cue)))
            )
            if anonymous and speaker is not None:
                unnamed.add(id(speaker))
            resolved.append(replace(at, speaker=speaker.name if speaker else None, anonymous=anonymous))
        entities = [
            Entity(
                name=c.name,
                kind=ENTITY_KINDS.get(c.label, "source"),
                mentions=tuple(sorted(c.mentions, key=lambda m: m.span.start)),
                aliases=tuple(sorted(c.aliases)),
            )
            for c in clusters + list({id(c): c for c in descriptions.values()}.values())
        ]
        return resolved, entities

    def _resolve(
        self,
        doc: Doc,
        ents: _Ents,
        source: Span,
        clusters: list[_Cluster],
        by_span: dict[tuple[int, int], _Cluster],
        earlier: list[Attribution],
        descriptions: dict[str, _Cluster],
        quotes: list[Quote],
    ) -> _Cluster | None:
        span = doc.char_span(source.start, source.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        root = span.root
        lower = span.text.lower()
        if lower in _RELATIVE and root.head.dep_ == "relcl" and root.head.head.i < root.i:
            # "Dean, who said ...": the speaker is the noun phrase the relative clause hangs from
            noun = root.head.head
            head_span = doc[noun.left_edge.i : root.head.left_edge.i]
            last = _last_conjunct(noun)
            together = any(c.lower_ in ("both", "all", "each") for c in root.head.subtree)
            if noun.i != last.i < root.i and root.head.tag_ in ("VBZ", "VBD") and not together:
                # "Beyonce, Patti LaBelle and Stevie Wonder, who joked": the relative clause
                # after a list speaks of its last, nearest name (not "who say", "who all said")
                head_span = doc[last.left_edge.i : last.right_edge.i + 1]
            while len(head_span) and head_span[-1].is_punct:
                head_span = head_span[:-1]
            if len(head_span):
                source = Span(head_span.start_char, head_span.end_char, head_span.text)
                return self._resolve(doc, ents, source, clusters, by_span, earlier, descriptions, quotes)
        if lower in self.pronouns:
            return self._antecedent(doc, source, self.pronouns[lower], earlier, clusters, quotes, descriptions)
        group = self._group(span, ents, by_span, descriptions)
        if group is not None:
            return group
        inside = [e for e in ents.within(span.start, span.end) if (e.start_char, e.end_char) in by_span]
        if root.pos_ not in ("VERB", "AUX"):
            named = [(e, by_span[(e.start_char, e.end_char)]) for e in inside if self._heads_span(e, span, self.roles)]
        else:
            # the parse read a verb for the source's head ("Tulsa" in "…,” Tulsa police Chief
            # Chuck Jordan said"), so its tree says nothing: English names the head last
            named = [(e, by_span[(e.start_char, e.end_char)]) for e in inside[-1:]]
        if len(named) >= 2 and all(e.root.dep_ == "conj" for e, _ in named[1:]):
            # "Microsoft and Google said": both speak, as one source
            names = list(dict.fromkeys(c.name for _, c in named))
            if len(names) >= 2:
                return _group_of(names, descriptions)
        if len(named) == 1:
            wider = self._wider_name(named[0][0], span)
            if wider is not None:
                # "Police Scotland said", where the tagger found only "Scotland"
                same = next((c for c in clusters if c.name.lower() == wider.lower()), None)
                return same or descriptions.setdefault(wider.lower(), _Cluster(wider, named[0][0].label_))
        if named:
            named.sort(key=lambda ec: _SPEAKER_PRIORITY.get(ec[0].label_, 9))
            return named[0][1]
        role = self.titles.get(root.lemma_.lower()) or self.titles.get(root.lower_)
        # one known person by a title: "the Ukrainian President"; not "E.U. leaders", and not "a
        # campaign aide", whom the article introduces as someone new
        indefinite = span[0].lower_ in ("a", "an", "another", "one")
        one = root.pos_ in ("NOUN", "PROPN") and root.tag_ not in ("NNS", "NNPS")
        if role is not None and one and not indefinite:
            countries = frozenset(
                _country_key(t.text)
                for t in span
                if t.i != root.i and t.text[:1].isupper() and t.pos_ in ("PROPN", "ADJ")
            )
            titled = self._titled(role, countries, source, clusters, self.genders.get(root.lower_))
            if titled is not None:
                return titled
        if role is None and one and span[0].lower_ in ("the", "this", "that") and root.pos_ == "NOUN":
            # "the retired neurosurgeon": the one person the article has described so
            described = [c for c in clusters if root.lemma_.lower() in c.epithets]
            if len(described) == 1:
                return described[0]
        name = clean_name(_without_aside(span).text)
        if not name:
            return None
        member = _member_of(name, descriptions) or _the_other(name, descriptions)
        if member is None and _is_any_member(name):
            # "one of the men" after "Anna Kowalski and Peter Brandt": one of those two; "one of
            # them" after "Egyptian sources said …": one of the group that just spoke
            members = _named_together(span, ents, by_span, None)
            voice = _together(members) if members else _plural_voice(span, earlier)
            if voice:
                partitive = f"one of {voice}"
                member = descriptions.setdefault(partitive.lower(), _Cluster(partitive, "SOURCE"))
        if member is not None:
            return member
        known = None if role is not None and (indefinite or not one) else self._lookup(name, clusters)
        if known is not None:
            return known
        key = name.lower()
        if key not in descriptions:
            if span[0].lower_ in ("the", "this", "that") and len(span) == 2 and root.pos_ == "NOUN":
                # "The official said" after "a senior Ukrainian security official told …": the
                # one description the article gave with that noun
                alike = [c for c in descriptions.values() if _head_word(doc, c) == root.lower_]
                if len(alike) == 1:
                    return alike[0]
                if not alike and root.lemma_.lower() in _ORG_NOUNS:
                    # "According to the group" after "Transparency International said …": the
                    # organisation that spoke last, one or two sentences back
                    spoke = _last_organisation(doc, span, earlier, clusters, descriptions)
                    if spoke is not None:
                        return spoke
            descriptions[key] = _Cluster(name, "SOURCE")
        return descriptions[key]

    @staticmethod
    def _group(
        span: SpacySpan, ents: _Ents, by_span: dict[tuple[int, int], _Cluster], descriptions: dict[str, _Cluster]
    ) -> _Cluster | None:
        """ "The pair", "the two men", "both": the persons the article has just named together
        ("Anna Kowalski and Peter Brandt"), as one speaker, when their number fits."""
        if any(e.label_ != "CARDINAL" for e in ents.within(span.start, span.end)):
            return None
        root = span.root
        words = {t.lower_ for t in span} | {root.lemma_.lower()}
        wanted = next((n for w, n in _GROUP_WORDS.items() if w in words), None)
        if wanted is None or (root.lower_ not in _GROUP_WORDS and root.tag_ != "NNS"):
            return None
        members = _named_together(span, ents, by_span, wanted)
        return _group_of(members, descriptions) if members else None

    def _wider_name(self, ent: SpacySpan, span: SpacySpan) -> str | None:
        """The name of an organisation or place that the tagger cut short, as the source writes
        it: "Police Scotland" where it found "Scotland" (capitalised words the parse compounds
        with the name, at the start of the source, none of them a title: "Health Canada", not
        "President Biden"). None when the entity is the whole name."""
        if ent.label_ not in ("ORG", "GPE") or ent.start <= span.start:
            return None
        doc = span.doc
        first = ent.start
        while first > span.start:
            tok = doc[first - 1]
            lemma = tok.lemma_.lower()
            if tok.dep_ != "compound" or not tok.text[:1].isupper() or not ent.start <= tok.head.i < ent.end:
                break
            if lemma in self.titles or tok.lower_ in self.titles or tok.ent_type_ or tok.lower_ in _TENURE:
                break
            first -= 1
        lead = [t for t in doc[span.start : first] if not (t.pos_ == "DET" or t.is_punct)]
        if first == ent.start or lead:
            return None
        return doc[first : ent.end].text

    @staticmethod
    def _heads_span(ent: SpacySpan, span: SpacySpan, roles: Container[str]) -> bool:
        """The entity is the speaker, not a modifier: 'NIS' in "South Korea's agency, NIS", not
        'Seoul' in "Seoul's military" nor 'Ukrainian' in "the Ukrainian President", nor
        'Pentagon' in "the Pentagon chief" nor 'Gaza' in "the Gaza health ministry": a name that
        qualifies a role or an institution names whom it serves, not who speaks."""
        roots = {t.i for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i}
        if ent.root.pos_ == "ADJ":
            return False  # "Ukrainian and Western assessments": a qualifier, not the speaker
        if any(t.i in roots for t in ent):
            return True
        if ent.label_ == "NORP":
            return False
        node = ent.root
        for _ in range(4):
            if node.dep_ not in ("appos", "compound", "conj", "nmod", "amod") or node.head.i == node.i:
                return False
            head = node.head
            common = head.pos_ == "NOUN" or head.is_lower  # "ministry" is sometimes tagged PROPN
            role = head.lemma_.lower() in roles or head.lower_ in roles
            # "Sanders supporters", "GOP figures": a name never speaks for the many it qualifies
            if node.dep_ != "appos" and common and (role or head.tag_ == "NNS"):
                return False
            node = head
            if node.i in roots:
                return True
        return False

    def _lookup(self, name: str, clusters: list[_Cluster]) -> _Cluster | None:
        """A name the tagger missed in this place but found elsewhere: 'Zelenskyy claimed'."""
        lower = name.lower()
        for c in clusters:
            if c.name.lower() == lower or lower in (a.lower() for a in c.aliases):
                return c
        words = name.split()
        if len(words) == 1 and name[:1].isupper():
            threshold = self.settings.name_match_threshold
            for c in clusters:
                if c.label == "PERSON" and fuzz.ratio(c.name.split()[-1], name) >= threshold:
                    return c
        elif len(words) in (2, 3) and all(w[:1].isupper() for w in words):
            # "Cecile Richards" where the tagger found only "Richards", the person the article names
            for c in clusters:
                if c.label == "PERSON" and c.name.lower() == words[-1].lower():
                    return c
        return None

    def _titled(
        self, role: str, countries: frozenset[str], source: Span, clusters: list[_Cluster], gender: str | None
    ) -> _Cluster | None:
        best: tuple[int, _Cluster] | None = None
        for c in clusters:
            if gender is not None and c.gender not in (None, gender):
                continue  # "the spokeswoman" is not a man the article names as one
            for group, keys in c.titles:
                if group != role or (countries and keys and not countries & keys):
                    continue
                before = [m.span.start for m in c.mentions if m.span.start <= source.start]
                last = max(before) if before else -1
                # a title may point forward to the name in the lede's next sentence; prefer back
                score = last if last >= 0 else -(10**9) + min(m.span.start for m in c.mentions)
                if best is None or score > best[0]:
                    best = (score, c)
        return best[1] if best else None

    def _antecedent(
        self,
        doc: Doc,
        source: Span,
        wanted: str,
        earlier: list[Attribution],
        clusters: list[_Cluster],
        quotes: list[Quote],
        descriptions: Mapping[str, _Cluster],
    ) -> _Cluster | None:
        """The most salient fitting referent, sentence by sentence back from the pronoun (its own
        sentence up to it first): in each, the speaker of a report made there (not one relayed
        inside another's content), then the subject of the main clause, then other subjects and
        owners, then any other mention outside quotes; the nearest first within each rank."""
        here = doc.char_span(source.start, source.end, alignment_mode="expand")
        if here is None or not len(here):
            return None
        # the speakers of earlier reports, named or described ("McConnell aides ... they")
        by_name = {c.name: c for c in [*clusters, *descriptions.values()]}
        # every fitting mention before the pronoun and outside quotes, found once
        mentions = [
            (m.span, c)
            for c in clusters
            if self._compatible(c, wanted)
            for m in c.mentions
            if m.span.start < source.start and not quoted(quotes, m.span.start)
        ]
        end = source.start
        first = sentence_start(doc, here.start)
        for _ in range(self.settings.pronoun_lookback_sentences + 1):
            begin = doc[first].idx
            ranked: list[tuple[int, int, _Cluster]] = []
            for at in earlier:
                if begin <= at.cue.start < end and at.speaker is not None and at.relayed_by is None:
                    c = by_name.get(at.speaker)
                    if c is not None and self._compatible(c, wanted):
                        ranked.append((0, -at.cue.start, c))
                    if end != source.start:
                        # "Scott Conroy asked Sanders whether … ¶ “Sure it is,” he said": who
                        # answers is whom the question was put to
                        asked = _asked(doc, at)
                        ranked += [
                            (-1, -span.start, c) for span, c in mentions if asked and asked[0] <= span.start < asked[1]
                        ]
            # In the pronoun's own sentence only a subject may be its referent ("Campaigning
            # against Mitt Romney, he ..." is not Romney); a sentence whose main subject is a
            # pronoun of the same kind passes the referent on from further back ("She has faced
            # ... Hillary Clinton ... She said").
            worst = 2 if end == source.start else (0 if self._chained(doc, first, wanted) else 3)
            for span, c in mentions:
                if begin <= span.start < end and (rank := self._prominence(doc, span)) <= worst:
                    ranked.append((rank, -span.start, c))
            if ranked:
                return min(ranked, key=lambda r: (r[0], r[1]))[2]
            if first == 0:
                return None
            end = begin
            first = sentence_start(doc, first - 1)
        return None

    @staticmethod
    def _prominence(doc: Doc, span: Span) -> int:
        """1 for the subject of its sentence's main verb, 2 for another subject or an owner ("Mr.
        Trump's appearance, in which he said"), 3 for another mention, 9 for a name that only
        modifies a noun ("the Clinton campaign")."""
        ent = doc.char_span(span.start, span.end, alignment_mode="expand")
        if ent is None or not len(ent):
            return 3
        root = ent.root
        if root.dep_ == "compound":
            return 9
        if root.dep_ == "poss":
            return 2
        if root.dep_ not in ("nsubj", "nsubjpass"):
            return 3
        return 1 if root.head.dep_ == "ROOT" else 2

    def _chained(self, doc: Doc, first: int, wanted: str) -> bool:
        """Whether the main subject of the sentence starting at token `first` is a pronoun of
        the kind wanted."""
        for tok in doc[first : sentence_end(doc, first)]:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT":
                return self.pronouns.get(tok.lower_) == wanted
        return False

    @staticmethod
    def _compatible(cluster: _Cluster, wanted: str) -> bool:
        label = cluster.label
        if wanted.startswith("person"):
            # "he" is not a woman the article names as one, nor "she" a man
            clash = {"person_m": "f", "person_f": "m"}.get(wanted)
            return label == "PERSON" and (clash is None or cluster.gender != clash)
        if wanted == "org":
            return label in ("ORG", "GPE")
        return label in ("ORG", "GPE", "NORP", "SOURCE", "PERSON") if wanted == "group" else False

    def _previous_speaker(
        self, doc: Doc, at: Attribution, earlier: list[Attribution], clusters: list[_Cluster]
    ) -> _Cluster | None:
        by_name = {c.name: c for c in clusters}
        para_start = paragraphs_back(text_of(doc), at.cue.start, self.settings.quote_paragraph_lookback)
        for prev in reversed(earlier):
            if prev.cue.start < para_start or prev.cue.start >= at.content.start:
                continue
            if prev.speaker is not None and introduces_speaker(prev, _tokens(doc, prev.cue), _tokens(doc, prev.source)):
                return by_name.get(prev.speaker) or _Cluster(prev.speaker, "SOURCE")
        return None

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions, doc._.entities = self.predict(doc)
        return doc


@Language.factory(
    "whosaid_speakers",
    requires=["doc.ents", "token.dep", "doc._.attributions"],
    assigns=["doc._.entities", "doc._.attributions"],
)
def make_speakers(nlp: Language, name: str) -> SpeakerResolver:
    return SpeakerResolver()
