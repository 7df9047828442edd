//! What the scanner derives from a rule set once: per-token mask bits, the
//! patterns each bit can start, the words patterns open with, and what may
//! follow a leading number. Exact by construction: `shortcut_tests` compare the
//! scanner with and without them.

use super::*;

/// What the scanner derives from a rule set once (kept in the rule set).
#[derive(Debug)]
pub(super) struct ScanTables {
    /// Per pattern of `rules.patterns`, in order.
    pub(super) patterns: Vec<PatternInfo>,
    /// The [`entry_bits`] of each lexicon phrase, by id: looked up rather than
    /// worked out per match (a jump on the entry's kind at every word).
    pub(super) phrase_bits: Vec<u32>,
    /// A token can start a mention only if its mask has one of these bits...
    pub(super) start_bits: u32,
    /// ...or it may be the first word of a pattern or range ([`word_may_be`])...
    pub(super) start_words: Vec<String>,
    /// The [`WordSets::bucket`]s of `start_words`, as bits: most tokens share
    /// none, and are turned away by one test.
    pub(super) start_buckets: [u64; WordSets::BUCKETS / 64],
    /// The first words of the ranges (`match_range` opens with one of them, or
    /// with an amount: [`bits::RANGE_LOW_OPENS`]), or `None` when a range may
    /// open anywhere.
    pub(super) range_words: Option<Vec<String>>,
    /// ...unless some pattern or range may start anywhere.
    pub(super) start_any: bool,
    /// Per group (see [`GROUPS`]) and mask bit, the
    /// patterns (bit k for pattern k) whose first item needs that bit...
    pub(super) by_bit: [[PatternSet; 32]; GROUPS],
    /// ...and those that may start at any token. Empty when there are more than
    /// `PatternSet::BITS` patterns: then every pattern is tried.
    pub(super) always: [PatternSet; GROUPS],
    /// ...and those whose first item is a literal, by its first word.
    pub(super) by_word: [WordSets; GROUPS],
    /// The patterns of [`PatternInfo::date_at_start`].
    pub(super) date_at_start: PatternSet,
    /// What may follow a leading number, as sets of the patterns that
    /// `Scanner::may_follow` lets through (empty past `PatternSet::BITS`
    /// patterns: then it is asked pattern by pattern).
    pub(super) follow: FollowSets,
}

/// [`ScanTables::follow`]: the patterns led by a number (or a day or year, in
/// digits) that may go on at the token after it, by that token's mask bits and
/// words. Patterns not led so are in `always`.
#[derive(Debug, Default)]
pub(super) struct FollowSets {
    /// The patterns led by a number, a day, a year or a month name...
    pub(super) led: PatternSet,
    /// ...by a day...
    pub(super) day_led: PatternSet,
    /// ...by a year...
    pub(super) year_led: PatternSet,
    /// ...and by a month name.
    pub(super) month_led: PatternSet,
    pub(super) always: PatternSet,
    pub(super) by_bit: [PatternSet; 32],
    /// A literal's first word (as written in the rule) and the patterns for
    /// which it may follow.
    pub(super) by_word: WordSets,
    /// The patterns with any literal to follow: a word not in ASCII is not
    /// ruled out for them.
    pub(super) any_word: PatternSet,
}

/// A set of patterns, bit k for pattern k. Past this many patterns every
/// pattern is tried at every token (correct, only slower).
pub(super) type PatternSet = u128;

/// The pattern groups of [`ScanTables`]: 0 the patterns that are no amounts, 1
/// the amounts, and `DATE_GROUP` those that may give a date at their first
/// token (a pattern is in one of the first two, and maybe in the third).
pub(super) const GROUPS: usize = 3;
pub(super) const DATE_GROUP: usize = 2;

/// Pattern indices in order: those of a bitset, or all of them.
#[derive(Clone)]
pub(super) struct Candidates {
    pub(super) bits: Option<PatternSet>,
    pub(super) next: usize,
    pub(super) len: usize,
}

impl Candidates {
    /// Whether there are none (known only from a bitset).
    pub(super) fn is_empty(&self) -> bool {
        self.bits == Some(0)
    }

    /// Only the patterns of `set` (all of them when every pattern is tried:
    /// the caller's own tests still apply).
    pub(super) fn restrict(mut self, set: PatternSet) -> Candidates {
        if let Some(bits) = &mut self.bits {
            *bits &= set;
        }
        self
    }
}

impl Iterator for Candidates {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match &mut self.bits {
            Some(bits) => {
                if *bits == 0 {
                    return None;
                }
                let k = bits.trailing_zeros() as usize;
                *bits &= *bits - 1;
                Some(k)
            }
            None => {
                let k = self.next;
                self.next += 1;
                (k < self.len).then_some(k)
            }
        }
    }
}

impl ScanTables {
    pub(super) fn new(rules: &RuleSet) -> ScanTables {
        use bits::*;
        let mut patterns: Vec<PatternInfo> = rules.patterns.iter().map(PatternInfo::of).collect();
        for (p, info) in rules.patterns.iter().zip(&mut patterns) {
            info.anchor = literal_anchor(p, rules.lexicon.max_phrase_tokens);
        }
        // What `best_at` tries: a qualifier, a number (bare, ratio, amount), and
        // the first items of the patterns and ranges.
        // The date readers (periods, spans, shifts, parts of a year, weeks)
        // start with a date word or a date.
        let date_starts = DATE_WORD | ORDINAL_DAY | MONTH | WEEKDAY | RELATIVE;
        let mut start_bits = QUALIFIER | COIN | date_starts | item_need(&ItemKind::Number).unwrap_or(0);
        let mut start_words = Vec::new();
        let mut start_any = false;
        for p in &rules.patterns {
            match p.items.first() {
                None => {}
                Some(first) if first.optional => start_any = true,
                Some(Item { kind: ItemKind::Literal(words), .. }) => start_words.extend(words.first().cloned()),
                Some(first) => match item_need(&first.kind) {
                    Some(need) => start_bits |= need,
                    None => start_any = true,
                },
            }
        }
        let mut range_words = Some(Vec::new());
        for p in &rules.ranges {
            match p.items.first().map(|it| &it.kind) {
                None => {}
                Some(ItemKind::Literal(words)) => {
                    start_words.extend(words.first().cloned());
                    if let Some(list) = &mut range_words {
                        list.extend(words.first().cloned());
                    }
                }
                Some(ItemKind::Low) => start_bits |= RANGE_LOW_OPENS,
                Some(_) => {
                    start_any = true;
                    range_words = None;
                }
            }
        }
        let (mut by_bit, mut always) = ([[0; 32]; GROUPS], [0; GROUPS]);
        let mut by_word: [WordSets; GROUPS] = Default::default();
        for (k, (p, info)) in rules.patterns.iter().zip(&patterns).enumerate().take(PatternSet::BITS as usize) {
            let mut groups = vec![usize::from(info.amount)];
            if info.may_date && !p.items.first().is_some_and(|it| it.context) {
                groups.push(DATE_GROUP);
            }
            for g in groups {
                let literal_first = match p.items.first() {
                    Some(Item { kind: ItemKind::Literal(words), optional: false, .. }) => words.first(),
                    _ => None,
                };
                if let Some(w) = literal_first {
                    by_word[g].add(w, 1 << k);
                } else if info.any_start || info.need == 0 {
                    always[g] |= 1 << k;
                } else {
                    for (b, group) in by_bit[g].iter_mut().enumerate() {
                        if info.need & (1 << b) != 0 {
                            *group |= 1 << k;
                        }
                    }
                }
            }
        }
        let mut follow = FollowSets::default();
        for (k, (p, info)) in rules.patterns.iter().zip(&patterns).enumerate().take(PatternSet::BITS as usize) {
            let bit: PatternSet = 1 << k;
            let led = info.number_first || info.digits_first.is_some() || info.month_first;
            if led {
                follow.led |= bit;
            }
            if info.month_first {
                follow.month_led |= bit;
            }
            match info.digits_first {
                Some(DigitsFirst::Day) => follow.day_led |= bit,
                Some(DigitsFirst::Year) => follow.year_led |= bit,
                None => {}
            }
            if !led || info.follow_any {
                follow.always |= bit;
                continue;
            }
            for (b, set) in follow.by_bit.iter_mut().enumerate() {
                if info.follow_need & (1 << b) != 0 {
                    *set |= bit;
                }
            }
            let mut lits = info.follow_literals;
            while lits != 0 {
                let item = lits.trailing_zeros() as usize;
                lits &= lits - 1;
                if let Some(ItemKind::Literal(words)) = p.items.get(item).map(|it| &it.kind)
                    && let Some(w) = words.first()
                {
                    follow.any_word |= bit;
                    follow.by_word.add(w, bit);
                }
            }
        }
        // Many patterns open with the same word ("next", "last", "this").
        start_words.sort_unstable_by_key(|w| w.to_ascii_lowercase());
        start_words.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        let mut start_buckets = [0u64; WordSets::BUCKETS / 64];
        for w in &start_words {
            let b = WordSets::bucket(w);
            start_buckets[b / 64] |= 1 << (b % 64);
        }
        let date_at_start = patterns
            .iter()
            .enumerate()
            .take(PatternSet::BITS as usize)
            .filter(|(_, info)| info.date_at_start)
            .fold(0, |set, (k, _)| set | 1 << k);
        ScanTables {
            patterns,
            phrase_bits: rules.lexicon.phrases.iter().map(|p| entry_bits(p.entry)).collect(),
            start_bits,
            start_buckets,
            start_words,
            range_words,
            start_any,
            by_bit,
            always,
            by_word,
            date_at_start,
            follow,
        }
    }

    /// Tables that admit every token and every pattern: what the scanner does
    /// without shortcuts.
    pub(super) fn exhaustive(rules: &RuleSet) -> ScanTables {
        let mut t = ScanTables::new(rules);
        t.start_any = true;
        t.range_words = None;
        let all =
            if t.patterns.len() >= PatternSet::BITS as usize { PatternSet::MAX } else { (1 << t.patterns.len()) - 1 };
        t.always = [all; GROUPS];
        for info in &mut t.patterns {
            info.any_start = true;
            info.literal = None;
            info.follow_any = true;
            info.anchor = None;
        }
        t.follow.always = all;
        t
    }

    /// Whether the patterns fit in a [`PatternSet`] (else every pattern is
    /// tried, and each asked its own tests).
    pub(super) fn uses_sets(&self) -> bool {
        self.patterns.len() <= PatternSet::BITS as usize
    }

    /// The patterns that may date from their first token (those the date memo
    /// tries) worth trying at a token with this mask, in order.
    pub(super) fn date_candidates(&self, mask: u32, text: &str) -> Candidates {
        self.candidates_of(DATE_GROUP, mask, text)
    }

    /// The patterns of a group (amount or not) worth trying at a token with this
    /// mask, in order: every one whose `may_start` holds is among them.
    pub(super) fn candidates(&self, amount: bool, mask: u32, text: &str) -> Candidates {
        self.candidates_of(usize::from(amount), mask, text)
    }

    #[inline(always)]
    pub(super) fn candidates_of(&self, g: usize, mask: u32, text: &str) -> Candidates {
        let len = self.patterns.len();
        if !self.uses_sets() {
            return Candidates { bits: None, next: 0, len };
        }
        let mut bits = self.always[g] | self.by_word[g].sets_of(text);
        let mut m = mask;
        while m != 0 {
            let b = m.trailing_zeros() as usize;
            m &= m - 1;
            bits |= self.by_bit[g][b];
        }
        Candidates { bits: Some(bits), next: 0, len }
    }

    /// False when no range opens at a token with this mask and text (as
    /// `Scanner::match_range` tests its first item).
    #[inline]
    pub(super) fn may_open_range(&self, mask: u32, text: &str) -> bool {
        match &self.range_words {
            None => true,
            Some(words) => mask & bits::RANGE_LOW_OPENS != 0 || words.iter().any(|w| word_may_be(text, w)),
        }
    }

    /// False when `best_at` finds nothing at a token with this mask and text.
    #[inline]
    pub(super) fn may_start_anything(&self, mask: u32, text: &str) -> bool {
        let bucket = WordSets::bucket(text);
        self.start_any
            || mask & self.start_bits != 0
            || self.start_buckets[bucket / 64] & 1 << (bucket % 64) != 0
                && self.start_words.iter().any(|w| word_may_be(text, w))
    }
}

/// [`PatternInfo::anchor`] of a pattern: `max_phrase` is the most tokens a
/// lexicon phrase has, so the most an optional unit, scale or counted noun spans.
pub(super) fn literal_anchor(p: &Pattern, max_phrase: usize) -> Option<(usize, usize)> {
    let first = p.items.first()?;
    if first.kind != ItemKind::Number || first.optional {
        return None;
    }
    let mut span = 0;
    for (k, it) in p.items.iter().enumerate().skip(1) {
        match &it.kind {
            ItemKind::Literal(words) if !it.optional => return (k > 1).then_some((k, span)),
            ItemKind::Literal(words) => span += words.len(),
            ItemKind::Unit
            | ItemKind::Counted
            | ItemKind::Scale
            | ItemKind::CurrencySymbol
            | ItemKind::CurrencyCode
            | ItemKind::CurrencyName
            | ItemKind::DurationUnit
            | ItemKind::Qualifier
                if it.optional =>
            {
                span += max_phrase.max(1)
            }
            _ => return None,
        }
    }
    None
}

/// Pattern sets listed by a word, in any ASCII case, and found by the length
/// and first letter of a token's text: a token looks only at the words that
/// share them (usually none), not at every listed word.
#[derive(Debug, Default)]
pub(super) struct WordSets {
    /// Each word as written in a rule, with its patterns.
    pub(super) words: Vec<(String, PatternSet)>,
    /// Per [`WordSets::bucket`], the places in `words` of the words in it.
    pub(super) buckets: Vec<Vec<u16>>,
}

impl WordSets {
    const BUCKETS: usize = 256;

    pub(super) fn bucket(word: &str) -> usize {
        let first = word.as_bytes().first().map_or(0, u8::to_ascii_lowercase);
        ((word.len() & 7) << 5) | usize::from(first & 31)
    }

    /// Adds the patterns `set` to those listed under word `w` (any ASCII case).
    pub(super) fn add(&mut self, w: &str, set: PatternSet) {
        if let Some((_, have)) = self.words.iter_mut().find(|(have, _)| have.eq_ignore_ascii_case(w)) {
            *have |= set;
            return;
        }
        if self.buckets.is_empty() {
            self.buckets = vec![Vec::new(); Self::BUCKETS];
        }
        self.buckets[Self::bucket(w)].push(self.words.len() as u16);
        self.words.push((w.to_string(), set));
    }

    /// The patterns of every listed word that `text` may be ([`word_may_be`]).
    #[inline]
    pub(super) fn sets_of(&self, text: &str) -> PatternSet {
        let Some(bucket) = self.buckets.get(Self::bucket(text)) else { return 0 };
        let mut set = 0;
        for &k in bucket {
            let (w, words) = &self.words[usize::from(k)];
            if word_may_be(text, w) {
                set |= words;
            }
        }
        set
    }
}

/// Whether token text `t` may be the literal word `w` (as `match_item`
/// compares them): the same word in any ASCII case, or a word not in ASCII of
/// the same length and first letter.
#[inline(always)]
pub(super) fn word_may_be(t: &str, w: &str) -> bool {
    // Length and first letter first: most words differ there.
    let (tb, wb) = (t.as_bytes(), w.as_bytes());
    tb.len() == wb.len()
        && tb.first().map(u8::to_ascii_lowercase) == wb.first().map(u8::to_ascii_lowercase)
        && (t.eq_ignore_ascii_case(w) || !t.is_ascii())
}

/// What the scanner derives from a pattern once, rather than at every token:
/// whether it is an amount pattern, and the tests of its first items.
/// A pattern's first item when, in digits, it ends where the scanner can tell
/// before matching: a day ("24", "24th") or a year ("1990").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DigitsFirst {
    Day,
    Year,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct PatternInfo {
    pub(super) amount: bool,
    /// The first item is optional or has no mask test: always try.
    pub(super) any_start: bool,
    /// Else the bits one of which the first token needs (0 for a literal: tested
    /// by `could_start`).
    pub(super) need: u32,
    /// For a required literal first item: its first word's length in bytes and
    /// first byte (lower case), which the token must share to equal it ignoring
    /// ASCII case.
    pub(super) literal: Option<(usize, u8)>,
    /// The first item is a required number: the token after the number must
    /// then be able to start the rest of the pattern.
    pub(super) number_first: bool,
    /// The rest may start anywhere (an item with no mask test, or all optional).
    pub(super) follow_any: bool,
    /// Else the bits one of which the token after the number needs...
    pub(super) follow_need: u32,
    /// It may give a date: its kind is a date, or it has an item that makes
    /// what it matched one (see `build`: a month, weekday, relative date or
    /// decade "s").
    pub(super) may_date: bool,
    /// It always gives a date that starts at its first token, when it matches
    /// (its kind is a date and its first item is required and no context), so
    /// its matches at a token are shared by `best_at` and the date memo.
    pub(super) date_at_start: bool,
    /// For a pattern led by a number: a required literal (its item's index)
    /// that only optional lexicon items (`number unit? counted? 'or more'`)
    /// separate from the number, and how many tokens those items span at most:
    /// the literal's first word must be that close after the number.
    pub(super) anchor: Option<(usize, usize)>,
    /// Its first item, when it is a required day or year.
    pub(super) digits_first: Option<DigitsFirst>,
    /// Its first item is a required month name.
    pub(super) month_first: bool,
    /// ...or the items (bit k for item k) whose literal first word it may be.
    pub(super) follow_literals: u32,
}

impl PatternInfo {
    pub(super) fn of(p: &Pattern) -> PatternInfo {
        let first = p.items.first();
        let need = first.and_then(|it| item_need(&it.kind));
        let literal = first.is_some_and(|it| matches!(it.kind, ItemKind::Literal(_)));
        let literal_word = match first {
            Some(Item { kind: ItemKind::Literal(words), optional: false, .. }) => {
                words.first().and_then(|w| Some((w.len(), w.bytes().next()?.to_ascii_lowercase())))
            }
            _ => None,
        };
        // The first items of the rest: each up to and including the first
        // required one.
        let (mut follow_any, mut follow_need, mut follow_literals) = (true, 0, 0);
        for (k, it) in p.items.iter().enumerate().skip(1) {
            match (&it.kind, item_need(&it.kind)) {
                (ItemKind::Literal(_), _) if k < 32 => follow_literals |= 1 << k,
                (_, Some(n)) => follow_need |= n,
                _ => break,
            }
            if !it.optional {
                follow_any = false;
                break;
            }
        }
        PatternInfo {
            amount: is_amount_pattern(p),
            any_start: first.is_some_and(|it| it.optional) || (need.is_none() && !literal && first.is_some()),
            need: need.unwrap_or(0),
            literal: literal_word,
            number_first: first.is_some_and(|it| it.kind == ItemKind::Number && !it.optional),
            follow_any,
            follow_need,
            follow_literals,
            anchor: None,
            date_at_start: p.kind == Some(Kind::Date) && first.is_some_and(|it| !it.optional && !it.context),
            month_first: first.is_some_and(|it| !it.optional && it.kind == ItemKind::Month),
            digits_first: first.filter(|it| !it.optional).and_then(|it| match it.kind {
                ItemKind::Day => Some(DigitsFirst::Day),
                ItemKind::Year => Some(DigitsFirst::Year),
                _ => None,
            }),
            may_date: p.kind == Some(Kind::Date)
                || p.items.iter().any(|it| match &it.kind {
                    ItemKind::Month | ItemKind::MonthNumber | ItemKind::Weekday | ItemKind::RelativeDate => true,
                    ItemKind::Literal(words) => words.len() == 1 && words[0] == "s",
                    _ => false,
                }),
        }
    }

    /// Whether `could_start` may hold for a token with this mask; when it says
    /// yes for a literal first item, `could_start` still compares the word.
    pub(super) fn may_start(&self, mask: u32) -> bool {
        self.any_start || self.need == 0 || mask & self.need != 0
    }

    /// `may_start`, and for a literal first item whether the token `t` may be
    /// its first word.
    pub(super) fn may_start_at(&self, mask: u32, t: &str) -> bool {
        match self.literal {
            Some((len, first)) => t.len() == len && t.as_bytes().first().map(u8::to_ascii_lowercase) == Some(first),
            None => self.may_start(mask),
        }
    }
}

/// What a token can start, as bits: one look decides whether a pattern's first
/// item can match there, so most of the patterns are skipped at most tokens.
pub(super) mod bits {
    pub const NUMBER_TOKEN: u32 = 1 << 0;
    pub const SIGN: u32 = 1 << 1;
    pub const ARTICLE: u32 = 1 << 2;
    pub const NUMBER_WORD: u32 = 1 << 3;
    pub const CURRENCY_SYMBOL: u32 = 1 << 4;
    pub const CURRENCY_CODE: u32 = 1 << 5;
    pub const CURRENCY_NAME: u32 = 1 << 6;
    pub const UNIT: u32 = 1 << 7;
    pub const DURATION: u32 = 1 << 8;
    pub const QUALIFIER: u32 = 1 << 9;
    pub const MONTH: u32 = 1 << 10;
    pub const WEEKDAY: u32 = 1 << 11;
    pub const RELATIVE: u32 = 1 << 12;
    pub const SCALE: u32 = 1 << 13;
    /// Any lexicon meaning beyond the filters ("of", "the", "page").
    pub const MEANINGFUL: u32 = 1 << 14;
    pub const DOT_BEFORE_NUMBER: u32 = 1 << 15;
    /// A listed counted noun, or a word shaped like a plain plural noun. Only a
    /// test for `counted` items: alone it does not make a token start anything.
    pub const COUNTED: u32 = 1 << 16;
    /// A day of the month in words ("fourth", "twenty-first").
    pub const ORDINAL_DAY: u32 = 1 << 17;
    /// A date word that the scanner's own date readers start with ("between",
    /// "within", "Q1", "the week of"): any of the `DW_` bits, one per reader
    /// or group of readers, so that a word that opens one reader ("in" of "in
    /// 3 days") does not run the others.
    pub const DATE_WORD: u32 =
        DW_PERIOD | DW_SPAN | DW_AHEAD | DW_YEAR_PART | DW_WEEK | DW_FISCAL | DW_WEEKDAY_SHORT | DW_PART_OF;
    /// "from", "between": a period's first word.
    pub const DW_PERIOD: u32 = 1 << 21;
    /// "within", "the past": a span up to or from the document date.
    pub const DW_SPAN: u32 = 1 << 22;
    /// "in" of "in 3 days".
    pub const DW_AHEAD: u32 = 1 << 23;
    /// "Q1", "the first half".
    pub const DW_YEAR_PART: u32 = 1 << 24;
    /// "week", "the week of", "the weekend of", "the last".
    pub const DW_WEEK: u32 = 1 << 25;
    /// "fiscal", "FY".
    pub const DW_FISCAL: u32 = 1 << 26;
    /// "Tue", "Thurs".
    pub const DW_WEEKDAY_SHORT: u32 = 1 << 27;
    /// "early", "mid", "late".
    pub const DW_PART_OF: u32 = 1 << 28;
    /// The first word of an idiom ("no one", "one of the"): its numbers are
    /// blocked. It starts nothing.
    pub const IDIOM: u32 = 1 << 18;
    /// A holiday's name ("Christmas Eve", "Easter").
    pub const HOLIDAY: u32 = 1 << 19;
    /// A word that is a number after an article ("a couple"): it starts
    /// nothing, but an article before it is no bare "a".
    pub const AFTER_ARTICLE: u32 = 1 << 29;
    /// A currency name that is an amount on its own ("dime" in a coin pack).
    pub const COIN: u32 = 1 << 20;
    /// What a number item needs (`item_need`): digits, a sign, an article, a
    /// number word or a dot before digits.
    pub const NUMBER_ITEM: u32 = NUMBER_TOKEN | SIGN | ARTICLE | NUMBER_WORD | DOT_BEFORE_NUMBER;
    /// What a range's `low` item may open with: an amount, a currency before
    /// one, or a qualifier.
    pub const RANGE_LOW_OPENS: u32 =
        NUMBER_TOKEN | SIGN | ARTICLE | NUMBER_WORD | DOT_BEFORE_NUMBER | CURRENCY_SYMBOL | CURRENCY_CODE | QUALIFIER;
}

pub(super) fn entry_bits(e: Entry) -> u32 {
    use bits::*;
    match e {
        Entry::NumberUnit(_)
        | Entry::NumberTen(_)
        | Entry::Dozen(_)
        | Entry::FractionWord(_)
        | Entry::FractionChar(_)
        | Entry::Negative => NUMBER_WORD | MEANINGFUL,
        Entry::Multiplier(_) => NUMBER_WORD | SCALE | MEANINGFUL,
        Entry::ScaleAbbreviation { .. } => SCALE | MEANINGFUL,
        Entry::CurrencySymbol(_) => CURRENCY_SYMBOL | MEANINGFUL,
        Entry::CurrencyCode(_) => CURRENCY_CODE | MEANINGFUL,
        Entry::CurrencyName { alone: true, .. } => CURRENCY_NAME | COIN | MEANINGFUL,
        Entry::CurrencyName { .. } => CURRENCY_NAME | MEANINGFUL,
        Entry::Unit(_) => UNIT | MEANINGFUL,
        Entry::Duration(_) => DURATION | MEANINGFUL,
        Entry::Qualifier { .. } => QUALIFIER | MEANINGFUL,
        Entry::Month { .. } => MONTH | MEANINGFUL,
        Entry::Weekday(_) => WEEKDAY | MEANINGFUL,
        Entry::Holiday { .. } | Entry::EasterHoliday(_) | Entry::WeekdayHoliday { .. } => HOLIDAY | MEANINGFUL,
        Entry::Relative { .. } => RELATIVE | MEANINGFUL,
        Entry::Counted(_) => COUNTED | MEANINGFUL,
        Entry::Idiom => IDIOM,
        Entry::ArticleNumber(_) => AFTER_ARTICLE | MEANINGFUL,
        Entry::NotCounted | Entry::Definite | Entry::Designator | Entry::TimeWord | Entry::LabelAfter => 0,
        // Words that join or follow a date start nothing.
        Entry::DateWord(
            DateWord::PeriodJoin
            | DateWord::PeriodJoinBetween
            | DateWord::Shift(_)
            | DateWord::ShiftFrom(_)
            | DateWord::NotAhead
            | DateWord::BoundAfter(_)
            | DateWord::PeriodNow
            | DateWord::Century
            | DateWord::WeekendAfter
            | DateWord::YearPartUnit(_),
        ) => 0,
        Entry::DateWord(DateWord::OrdinalDay(_)) => ORDINAL_DAY | MEANINGFUL,
        Entry::DateWord(w) => {
            MEANINGFUL
                | match w {
                    DateWord::PeriodOpen | DateWord::PeriodOpenBetween => DW_PERIOD,
                    DateWord::Span(_) => DW_SPAN,
                    DateWord::Ahead => DW_AHEAD,
                    DateWord::YearPart { .. } => DW_YEAR_PART,
                    DateWord::WeekOfYear | DateWord::LastOf | DateWord::WeekOf | DateWord::WeekendOf => DW_WEEK,
                    DateWord::FiscalYear => DW_FISCAL,
                    DateWord::WeekdayShort(_) => DW_WEEKDAY_SHORT,
                    DateWord::PartOf(_) => DW_PART_OF,
                    // Any other date word (and any added later) opens every reader.
                    _ => DATE_WORD,
                }
        }
        _ => MEANINGFUL,
    }
}

/// The [`bits`] of token `i`, whose phrase matches have the bits `phrase_bits`
/// ([`entry_bits`] of each), `matched` telling whether it has any.
// Always inlined: it runs once per token, from three places.
#[inline(always)]
pub(super) fn token_mask(text: &str, toks: &[Token], i: usize, phrase_bits: u32, matched: bool) -> u32 {
    use bits::*;
    let t = &toks[i];
    let mut m = phrase_bits;
    match t.kind {
        TokenKind::Number => m |= NUMBER_TOKEN,
        TokenKind::Symbol => match t.bytes(text) {
            b"-" | b"+" => m |= SIGN,
            s if s == "−".as_bytes() => m |= SIGN,
            b"." if toks.get(i + 1).is_some_and(|n| n.glued() && n.kind == TokenKind::Number) => m |= DOT_BEFORE_NUMBER,
            _ => {}
        },
        TokenKind::Word => {
            let w = t.bytes(text);
            // (Most words are longer or start otherwise: one look first.)
            if w.len() <= 4
                && matches!(w[0] | 0x20, b'a' | b'h')
                && (w.eq_ignore_ascii_case(b"a") || w.eq_ignore_ascii_case(b"an") || w.eq_ignore_ascii_case(b"half"))
            {
                m |= ARTICLE;
            }
            // The shape `is_plain_plural_noun` asks for (it also asks for no phrase).
            if !matched && plain_plural_shape(w) {
                m |= COUNTED;
            }
        }
    }
    m
}

/// The [`bits`] of which a token needs one for an item of this kind to match
/// there (`None`: no such test). Exact: `match_item` fails wherever the token's
/// mask has none of them, so skipping it there changes nothing.
pub(super) fn item_need(kind: &ItemKind) -> Option<u32> {
    use bits::*;
    Some(match kind {
        ItemKind::Number => NUMBER_ITEM,
        ItemKind::Integer | ItemKind::MonthNumber => NUMBER_TOKEN,
        // Four digits, or words after a month ("October two thousand and five").
        ItemKind::Year => NUMBER_TOKEN | NUMBER_WORD,
        // "24th", or an ordinal in words ("the fourth of July").
        ItemKind::Day => NUMBER_TOKEN | ORDINAL_DAY,
        ItemKind::CurrencySymbol => CURRENCY_SYMBOL,
        ItemKind::CurrencyCode => CURRENCY_CODE,
        ItemKind::CurrencyName => CURRENCY_NAME,
        ItemKind::Unit => UNIT,
        ItemKind::DurationUnit => DURATION,
        ItemKind::Qualifier => QUALIFIER,
        ItemKind::Month => MONTH,
        ItemKind::Weekday => WEEKDAY,
        ItemKind::RelativeDate => RELATIVE,
        ItemKind::Holiday => HOLIDAY,
        ItemKind::Scale => SCALE,
        ItemKind::Counted => COUNTED,
        ItemKind::Literal(_) | ItemKind::Low | ItemKind::High => return None,
    })
}
