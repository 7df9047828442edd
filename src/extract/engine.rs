//! The scanner: tokens → lexicon matches → numbers → patterns → mentions.
//!
//! One pass builds, for every token, the lexicon phrases that start there, and
//! marks tokens that can never be quantities (idioms, times of day, phone numbers,
//! slashed dates, sports scores). Then, left to right, every way a mention can
//! start at a token is tried: a range pattern, a qualifier followed by an amount,
//! each composition pattern, a bare number. The longest wins (ties go to that
//! order), it is emitted, and scanning resumes after it.

use rust_decimal::Decimal;

use super::mention::{Kind, Mention, Qualifier, Value};
use super::numbers::parse_literal;
use crate::date::{Day, PartialDate, Precision};
use crate::rules::{DateWord, Entry, GluedScale, Item, ItemKind, Lexicon, Pattern, RelativeUnit, RuleSet};
use crate::tokenize::{Token, TokenKind, tokenize_into};

/// A lexicon phrase found at a token.
#[derive(Debug, Clone, Copy)]
struct PhraseMatch {
    entry: Entry,
    /// Token index one past the phrase.
    end: usize,
}

/// A number read at a token.
#[derive(Debug, Clone, Copy)]
struct Num {
    value: Decimal,
    step: Decimal,
    /// Token index one past the number.
    end: usize,
    /// Spelled in words.
    words: bool,
    /// Multiplier applied by a scale word (1 if none).
    scale: Decimal,
    /// "24th": a position, not a quantity.
    ordinal: bool,
    /// A lone article ("a civilian"): one, but only before a listed noun.
    article: bool,
    /// Right after "the", "these"...: "the two sides" refers back.
    after_definite: bool,
    /// Four plain digits 1000-2999.
    year_like: bool,
}

impl Num {
    /// The year four plain digits name when they stand for one ("in 1986",
    /// "1986 earnings"): 1800 to 2100.
    fn plain_year(&self) -> Option<i32> {
        let n = self.value.trunc().mantissa();
        (self.year_like && (1800..=2100).contains(&n)).then_some(n as i32)
    }

    /// A number read from words ("two thirds", "half a million").
    fn in_words(value: Decimal, step: Decimal, end: usize, scale: Decimal, after_definite: bool) -> Num {
        Num { value, step, end, words: true, scale, ordinal: false, article: false, after_definite, year_like: false }
    }
}

/// What is counted.
#[derive(Debug, Clone, Copy)]
enum Counted {
    Listed(u16),
    /// A plain plural noun, by token index.
    Noun(usize),
}

/// What a pattern's items collected.
#[derive(Debug, Clone, Copy, Default)]
struct Slots {
    span_start: Option<usize>,
    span_end: usize,
    num: Option<Num>,
    scale: Option<Decimal>,
    /// Currency index, ambiguous name, and the name's factor ("cents": 0.01).
    currency: Option<(u16, bool, Decimal)>,
    unit: Option<u16>,
    duration: Option<u16>,
    counted: Option<Counted>,
    qualifier: Option<(Qualifier, u8)>,
    day: Option<u8>,
    month: Option<u8>,
    /// The month name is also a common word ("may"): a month only in a date shape.
    month_word: bool,
    /// "next"/"last"/"this" before a month name: +1, -1, 0.
    direction: Option<i8>,
    year: Option<i32>,
    decade: bool,
    weekday: Option<(u8, bool)>,
    relative: Option<(RelativeUnit, i32)>,
    /// A holiday whose day moves from year to year.
    movable: Option<Movable>,
}

/// Calendar units in a row, longest first: counts and units ("2 weeks and 2 days").
type CalendarRun = Vec<(i64, String)>;

/// A holiday's day: fixed (month, day), or movable.
type HolidayDay = Result<(u8, u8), Movable>;

/// A holiday whose day moves from year to year.
#[derive(Debug, Clone, Copy)]
enum Movable {
    /// This many days from Easter Sunday.
    Easter(i16),
    /// The nth weekday of a month, and days from it (see `Entry::WeekdayHoliday`).
    Weekday { month: u8, weekday: u8, nth: i8, offset: i8 },
}

impl Movable {
    fn day_in(self, year: i32) -> Option<Day> {
        match self {
            Movable::Easter(offset) => Some(crate::date::easter(year).add_days(i64::from(offset))),
            Movable::Weekday { month, weekday, nth, offset } => {
                Some(crate::date::nth_weekday(year, month, weekday, nth)?.add_days(i64::from(offset)))
            }
        }
    }
}

/// One end of a period between two dates, as written.
#[derive(Debug, Clone, Copy)]
enum PeriodEnd {
    /// A date; whether the text stated its year ("May 2020", "next May").
    Date(PartialDate, bool),
    /// A date that needs the document date, which is not known.
    Unresolved,
    /// A month name alone ("from May to Oct 2020").
    Month(u8),
    /// A day of the month alone ("March 3-7", "between 3 and 12 of Sept").
    Day(u8),
    /// A part of a period ("the end of 2008"): its first and last date.
    Part(PartialDate, PartialDate, bool),
}

/// A candidate mention at a position.
#[derive(Debug, Clone)]
struct Candidate {
    /// First token of the span.
    start: usize,
    /// One past the last token of the span.
    end: usize,
    /// One past the last token consumed (context included).
    consumed: usize,
    mention: Mention,
    /// The scale word's multiplier, for ranges that share it ("2-3 billion").
    scale: Decimal,
}

/// Whether a pattern builds an amount (not a date) starting at its first token:
/// such patterns are matched once per token through `amount_at`.
fn is_amount_pattern(p: &Pattern) -> bool {
    p.kind != Some(Kind::Date)
        && p.items.first().is_some_and(|it| !it.context && !it.optional)
        && !p.items.iter().any(|it| {
            matches!(
                it.kind,
                ItemKind::Month | ItemKind::Weekday | ItemKind::RelativeDate | ItemKind::Year | ItemKind::Day
            )
        })
}

/// Reusable buffers, so that extracting many blocks allocates little.
#[derive(Debug, Default)]
pub struct Scratch {
    tokens: Vec<Token>,
    starts: Vec<(u32, u32)>,
    matches: Vec<PhraseMatch>,
    blocked: Vec<bool>,
    numbers: Memo<Num>,
    masks: Vec<u32>,
    lower: String,
    /// The text with ASCII letters in lower case (same length, same token
    /// boundaries), so that words compare with the lexicon byte for byte.
    lowered: String,
    amounts: Memo<Candidate>,
    dates: DateMemo,
    /// The rule set's tables, when it cannot keep them.
    tables: Option<ScanTables>,
}

/// What the date readers find at one token, kept so that `best_at` and every
/// reader asking for "the date at token i" (periods, qualifiers, bounds) share
/// one matching of the date patterns and one run of each date reader.
/// Each is a place in [`DateMemo::found`] (`NOT_FOUND`: nothing), so that the
/// memo stays small where nothing was found, as at most tokens.
#[derive(Debug, Clone, Copy)]
struct DateParts {
    /// The longest match among the patterns that always give a date starting
    /// at their first token ([`PatternInfo::date_at_start`]), with its pattern's
    /// index (the first one, among equally long matches).
    pattern: Option<(usize, u32)>,
    numeric: u32,
    year_part: u32,
    part_of: u32,
    bare: u32,
    /// The longest date of all (what `date_at` answers).
    best: u32,
}

const NOT_FOUND: u32 = u32::MAX;

impl DateParts {
    /// Nothing found.
    const NONE: DateParts = DateParts {
        pattern: None,
        numeric: NOT_FOUND,
        year_part: NOT_FOUND,
        part_of: NOT_FOUND,
        bare: NOT_FOUND,
        best: NOT_FOUND,
    };
}

/// The date readers' findings by token ([`DateParts`]), and the candidates
/// they found.
#[derive(Debug, Default)]
struct DateMemo {
    parts: Memo<DateParts>,
    found: Vec<Candidate>,
}

impl DateMemo {
    fn reset(&mut self, tokens: usize) {
        self.parts.reset(tokens);
        self.found.clear();
    }

    fn found(&self, at: u32) -> Option<&Candidate> {
        self.found.get(at as usize)
    }

    /// Keeps a candidate, if there is one, and tells where.
    #[inline]
    fn keep(&mut self, c: Option<Candidate>) -> u32 {
        match c {
            Some(c) => {
                self.found.push(c);
                self.found.len() as u32 - 1
            }
            None => NOT_FOUND,
        }
    }
}

impl Scratch {
    /// The tokens of the text scanned last.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }
}

/// An optional value per token, computed on demand and kept for the text: a
/// slot per token into a pool of the values found, so that clearing it for the
/// next text costs four bytes a token, and "computed, and none" (most tokens
/// asked for an amount have none; a candidate is some 180 bytes) takes no room
/// in the pool.
#[derive(Debug)]
struct Memo<T> {
    /// Per token: 0 not computed, `NONE_KEPT` none, else 1 + its index in `pool`.
    slot: Vec<u32>,
    pool: Vec<T>,
}

const NONE_KEPT: u32 = u32::MAX;

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo { slot: Vec::new(), pool: Vec::new() }
    }
}

impl<T> Memo<T> {
    fn reset(&mut self, tokens: usize) {
        self.slot.clear();
        self.slot.resize(tokens, 0);
        self.pool.clear();
    }

    /// The value kept for token `i` (`Some(None)`: computed, none), if computed.
    fn get(&self, i: usize) -> Option<Option<&T>> {
        match self.slot.get(i) {
            None | Some(0) => None,
            Some(&NONE_KEPT) => Some(None),
            Some(&k) => Some(self.pool.get(k as usize - 1)),
        }
    }

    /// Keeps the value of token `i` (ignored past the last token).
    fn set(&mut self, i: usize, value: Option<T>) {
        if let Some(slot) = self.slot.get_mut(i) {
            *slot = match value {
                Some(v) => {
                    self.pool.push(v);
                    self.pool.len() as u32
                }
                None => NONE_KEPT,
            };
        }
    }
}

/// What the scanner derives from a rule set once (kept in the rule set).
#[derive(Debug)]
struct ScanTables {
    /// Per pattern of `rules.patterns`, in order.
    patterns: Vec<PatternInfo>,
    /// The [`entry_bits`] of each lexicon phrase, by id: looked up rather than
    /// worked out per match (a jump on the entry's kind at every word).
    phrase_bits: Vec<u32>,
    /// A token can start a mention only if its mask has one of these bits...
    start_bits: u32,
    /// ...or it may be the first word of a pattern or range ([`word_may_be`])...
    start_words: Vec<String>,
    /// The [`WordSets::bucket`]s of `start_words`, as bits: most tokens share
    /// none, and are turned away by one test.
    start_buckets: [u64; WordSets::BUCKETS / 64],
    /// The first words of the ranges (`match_range` opens with one of them, or
    /// with an amount: [`bits::RANGE_LOW_OPENS`]), or `None` when a range may
    /// open anywhere.
    range_words: Option<Vec<String>>,
    /// ...unless some pattern or range may start anywhere.
    start_any: bool,
    /// Per group (see [`GROUPS`]) and mask bit, the
    /// patterns (bit k for pattern k) whose first item needs that bit...
    by_bit: [[PatternSet; 32]; GROUPS],
    /// ...and those that may start at any token. Empty when there are more than
    /// `PatternSet::BITS` patterns: then every pattern is tried.
    always: [PatternSet; GROUPS],
    /// ...and those whose first item is a literal, by its first word.
    by_word: [WordSets; GROUPS],
    /// The patterns of [`PatternInfo::date_at_start`].
    date_at_start: PatternSet,
    /// What may follow a leading number, as sets of the patterns that
    /// `Scanner::may_follow` lets through (empty past `PatternSet::BITS`
    /// patterns: then it is asked pattern by pattern).
    follow: FollowSets,
}

/// [`ScanTables::follow`]: the patterns led by a number (or a day or year, in
/// digits) that may go on at the token after it, by that token's mask bits and
/// words. Patterns not led so are in `always`.
#[derive(Debug, Default)]
struct FollowSets {
    /// The patterns led by a number, a day, a year or a month name...
    led: PatternSet,
    /// ...by a day...
    day_led: PatternSet,
    /// ...by a year...
    year_led: PatternSet,
    /// ...and by a month name.
    month_led: PatternSet,
    always: PatternSet,
    by_bit: [PatternSet; 32],
    /// A literal's first word (as written in the rule) and the patterns for
    /// which it may follow.
    by_word: WordSets,
    /// The patterns with any literal to follow: a word not in ASCII is not
    /// ruled out for them.
    any_word: PatternSet,
}

/// A set of patterns, bit k for pattern k. Past this many patterns every
/// pattern is tried at every token (correct, only slower).
type PatternSet = u128;

/// The pattern groups of [`ScanTables`]: 0 the patterns that are no amounts, 1
/// the amounts, and `DATE_GROUP` those that may give a date at their first
/// token (a pattern is in one of the first two, and maybe in the third).
const GROUPS: usize = 3;
const DATE_GROUP: usize = 2;

/// Pattern indices in order: those of a bitset, or all of them.
#[derive(Clone)]
struct Candidates {
    bits: Option<PatternSet>,
    next: usize,
    len: usize,
}

impl Candidates {
    /// Whether there are none (known only from a bitset).
    fn is_empty(&self) -> bool {
        self.bits == Some(0)
    }

    /// Only the patterns of `set` (all of them when every pattern is tried:
    /// the caller's own tests still apply).
    fn restrict(mut self, set: PatternSet) -> Candidates {
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
    fn new(rules: &RuleSet) -> ScanTables {
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
    fn exhaustive(rules: &RuleSet) -> ScanTables {
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
    fn uses_sets(&self) -> bool {
        self.patterns.len() <= PatternSet::BITS as usize
    }

    /// The patterns that may date from their first token (those the date memo
    /// tries) worth trying at a token with this mask, in order.
    fn date_candidates(&self, mask: u32, text: &str) -> Candidates {
        self.candidates_of(DATE_GROUP, mask, text)
    }

    /// The patterns of a group (amount or not) worth trying at a token with this
    /// mask, in order: every one whose `may_start` holds is among them.
    fn candidates(&self, amount: bool, mask: u32, text: &str) -> Candidates {
        self.candidates_of(usize::from(amount), mask, text)
    }

    fn candidates_of(&self, g: usize, mask: u32, text: &str) -> Candidates {
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
    fn may_open_range(&self, mask: u32, text: &str) -> bool {
        match &self.range_words {
            None => true,
            Some(words) => mask & bits::RANGE_LOW_OPENS != 0 || words.iter().any(|w| word_may_be(text, w)),
        }
    }

    /// False when `best_at` finds nothing at a token with this mask and text.
    fn may_start_anything(&self, mask: u32, text: &str) -> bool {
        let bucket = WordSets::bucket(text);
        self.start_any
            || mask & self.start_bits != 0
            || self.start_buckets[bucket / 64] & 1 << (bucket % 64) != 0
                && self.start_words.iter().any(|w| word_may_be(text, w))
    }
}

/// [`PatternInfo::anchor`] of a pattern: `max_phrase` is the most tokens a
/// lexicon phrase has, so the most an optional unit, scale or counted noun spans.
fn literal_anchor(p: &Pattern, max_phrase: usize) -> Option<(usize, usize)> {
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
struct WordSets {
    /// Each word as written in a rule, with its patterns.
    words: Vec<(String, PatternSet)>,
    /// Per [`WordSets::bucket`], the places in `words` of the words in it.
    buckets: Vec<Vec<u16>>,
}

impl WordSets {
    const BUCKETS: usize = 256;

    fn bucket(word: &str) -> usize {
        let first = word.as_bytes().first().map_or(0, u8::to_ascii_lowercase);
        ((word.len() & 7) << 5) | usize::from(first & 31)
    }

    /// Adds the patterns `set` to those listed under word `w` (any ASCII case).
    fn add(&mut self, w: &str, set: PatternSet) {
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
    fn sets_of(&self, text: &str) -> PatternSet {
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
fn word_may_be(t: &str, w: &str) -> bool {
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
enum DigitsFirst {
    Day,
    Year,
}

#[derive(Debug, Clone, Copy)]
struct PatternInfo {
    amount: bool,
    /// The first item is optional or has no mask test: always try.
    any_start: bool,
    /// Else the bits one of which the first token needs (0 for a literal: tested
    /// by `could_start`).
    need: u32,
    /// For a required literal first item: its first word's length in bytes and
    /// first byte (lower case), which the token must share to equal it ignoring
    /// ASCII case.
    literal: Option<(usize, u8)>,
    /// The first item is a required number: the token after the number must
    /// then be able to start the rest of the pattern.
    number_first: bool,
    /// The rest may start anywhere (an item with no mask test, or all optional).
    follow_any: bool,
    /// Else the bits one of which the token after the number needs...
    follow_need: u32,
    /// It may give a date: its kind is a date, or it has an item that makes
    /// what it matched one (see `build`: a month, weekday, relative date or
    /// decade "s").
    may_date: bool,
    /// It always gives a date that starts at its first token, when it matches
    /// (its kind is a date and its first item is required and no context), so
    /// its matches at a token are shared by `best_at` and the date memo.
    date_at_start: bool,
    /// For a pattern led by a number: a required literal (its item's index)
    /// that only optional lexicon items (`number unit? counted? 'or more'`)
    /// separate from the number, and how many tokens those items span at most:
    /// the literal's first word must be that close after the number.
    anchor: Option<(usize, usize)>,
    /// Its first item, when it is a required day or year.
    digits_first: Option<DigitsFirst>,
    /// Its first item is a required month name.
    month_first: bool,
    /// ...or the items (bit k for item k) whose literal first word it may be.
    follow_literals: u32,
}

impl PatternInfo {
    fn of(p: &Pattern) -> PatternInfo {
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
    fn may_start(&self, mask: u32) -> bool {
        self.any_start || self.need == 0 || mask & self.need != 0
    }

    /// `may_start`, and for a literal first item whether the token `t` may be
    /// its first word.
    fn may_start_at(&self, mask: u32, t: &str) -> bool {
        match self.literal {
            Some((len, first)) => t.len() == len && t.as_bytes().first().map(u8::to_ascii_lowercase) == Some(first),
            None => self.may_start(mask),
        }
    }
}

/// What a token can start, as bits: one look decides whether a pattern's first
/// item can match there, so most of the patterns are skipped at most tokens.
mod bits {
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

fn entry_bits(e: Entry) -> u32 {
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
        Entry::NotCounted | Entry::Definite | Entry::Designator | Entry::TimeWord => 0,
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
fn token_mask(text: &str, toks: &[Token], i: usize, phrase_bits: u32, matched: bool) -> u32 {
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
fn item_need(kind: &ItemKind) -> Option<u32> {
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

/// How many tokens after a leading word its value may stand: "by the start of
/// next October" has its first value five tokens after "by" ("next" alone is
/// none), the most in the corpora and suites read; one more for safety. A test
/// compares the scanner with and without this shortcut on such phrases.
const VALUE_WITHIN: usize = 6;

/// Calendar units from the shortest: a run of them ("2 weeks and 2 days") goes
/// from long to short.
fn calendar_rank(unit: &str) -> usize {
    ["business day", "day", "week", "fortnight", "month", "quarter", "year", "decade", "century"]
        .iter()
        .position(|u| *u == unit)
        .unwrap_or(usize::MAX)
}

/// `day` moved by each part, `sign` times (the longest unit first).
fn shift_by(day: Day, parts: &[(i64, String)], sign: i64) -> Option<Day> {
    parts.iter().try_fold(day, |d, (n, unit)| d.add_units(n.checked_mul(sign)?, unit))
}

/// A lower-case word of three letters or more ending in a plural "s": "drones".
fn plain_plural_shape(s: &[u8]) -> bool {
    // (All lower-case ASCII letters: so no "'s" or "’s" either.) No plural ends
    // in "-ss", "-us" or "-is": "surplus", "bonus", "versus", "basis", "his".
    s.len() >= 3
        && s.ends_with(b"s")
        && !s.ends_with(b"ss")
        && !s.ends_with(b"us")
        && !s.ends_with(b"is")
        && s.iter().all(u8::is_ascii_lowercase)
}

/// The rules built into the scanner rather than read from a rule file. Their
/// names are made once and shared like a pattern's name, so a mention costs no
/// allocation for its rule.
#[derive(Debug, Clone, Copy)]
enum BuiltinRule {
    BareNumber,
    BareYear,
    Ratio,
    RangeOfBounds,
    DateNumeric,
    DateCompact,
    DatePeriod,
    DateYearPart,
    DateWeekNumber,
    DateOrdinalPeriod,
    DateWeekdayDay,
    DateSpan,
    DateShifted,
    CoinAlone,
    DateWeekend,
    DateFiscalYear,
}

impl BuiltinRule {
    /// The name reported as a mention's rule, indexed by the variant.
    const NAMES: [&'static str; 16] = [
        "numbers:bare-number",
        "dates:bare-year",
        "numbers:ratio",
        "range-of-bounds",
        "dates:numeric",
        "dates:compact",
        "dates:period",
        "dates:year-part",
        "dates:week-number",
        "dates:ordinal-period",
        "dates:weekday-day",
        "dates:span",
        "dates:shifted",
        "currencies:coin",
        "dates:weekend",
        "dates:fiscal-year",
    ];

    fn name(self) -> std::sync::Arc<str> {
        static SHARED: std::sync::OnceLock<Vec<std::sync::Arc<str>>> = std::sync::OnceLock::new();
        SHARED.get_or_init(|| Self::NAMES.iter().map(|&n| n.into()).collect())[self as usize].clone()
    }
}

struct Scanner<'a> {
    text: &'a str,
    toks: &'a [Token],
    rules: &'a RuleSet,
    lex: &'a Lexicon,
    starts: &'a [(u32, u32)],
    matches: &'a [PhraseMatch],
    blocked: &'a [bool],
    numbers: std::cell::RefCell<&'a mut Memo<Num>>,
    /// Amounts by start token, computed once: ranges and qualifiers ask for the
    /// same ones again and again.
    amounts: std::cell::RefCell<&'a mut Memo<Candidate>>,
    /// Dates by start token, computed once: periods, spans, shifts and bounds
    /// all ask for the date at a token, at every token they are tried.
    dates: std::cell::RefCell<&'a mut DateMemo>,
    /// What each token can start ([`bits`]).
    masks: &'a [u32],
    /// Per pattern of `rules.patterns`, in order.
    info: &'a [PatternInfo],
    tables: &'a ScanTables,
    doc_date: Option<PartialDate>,
    /// Tries everything everywhere, ignoring the shortcuts derived from the
    /// rules (tests only: the shortcuts must never change what is found).
    exhaustive: bool,
}

/// Extracts the mentions of one text.
pub fn scan(rules: &RuleSet, text: &str, doc_date: Option<PartialDate>, scratch: &mut Scratch) -> Vec<Mention> {
    scan_with(rules, text, doc_date, scratch, false)
}

fn scan_with(
    rules: &RuleSet,
    text: &str,
    doc_date: Option<PartialDate>,
    scratch: &mut Scratch,
    exhaustive: bool,
) -> Vec<Mention> {
    if text.len() > u32::MAX as usize {
        return Vec::new();
    }
    let Scratch { tokens, starts, matches, blocked, numbers, masks, lower, lowered, amounts, dates, tables } = scratch;
    tokenize_into(text, tokens);
    lowered.clear();
    lowered.push_str(text);
    lowered.make_ascii_lowercase();
    let tables: &ScanTables = if exhaustive {
        tables.insert(ScanTables::exhaustive(rules))
    } else {
        match rules.derived(ScanTables::new) {
            Some(t) => t,
            None => tables.insert(ScanTables::new(rules)),
        }
    };
    let finds = PhraseFinds { starts, matches, masks };
    find_phrases(&rules.lexicon, &tables.phrase_bits, text, lowered, tokens, finds, lower);
    block_non_quantities(text, tokens, starts, matches, masks, blocked);
    numbers.reset(tokens.len());
    amounts.reset(tokens.len());
    dates.reset(tokens.len());
    let scanner = Scanner {
        text,
        toks: tokens,
        rules,
        lex: &rules.lexicon,
        starts,
        matches,
        blocked,
        numbers: std::cell::RefCell::new(numbers),
        amounts: std::cell::RefCell::new(amounts),
        dates: std::cell::RefCell::new(dates),
        masks,
        info: &tables.patterns,
        tables,
        doc_date,
        exhaustive,
    };
    scanner.run()
}

/// What [`find_phrases`] fills in, per token: where its phrase matches are in
/// `matches`, and its mask [`bits`].
struct PhraseFinds<'s> {
    starts: &'s mut Vec<(u32, u32)>,
    matches: &'s mut Vec<PhraseMatch>,
    masks: &'s mut Vec<u32>,
}

/// Finds the lexicon's phrases at each token of `toks`; `phrase_bits_of` are
/// [`ScanTables::phrase_bits`].
fn find_phrases(
    lex: &Lexicon,
    phrase_bits_of: &[u32],
    text: &str,
    lowered: &str,
    toks: &[Token],
    finds: PhraseFinds<'_>,
    lower: &mut String,
) {
    let PhraseFinds { starts, matches, masks } = finds;
    starts.clear();
    matches.clear();
    masks.clear();
    // Bytes, not `str`: tokens lie on char boundaries, and slicing a `str`
    // tests both ends again for every token.
    let low = |tk: &Token| &lowered.as_bytes()[tk.start as usize..tk.end as usize];
    // Most texts are all ASCII: then no token's bytes are tested again.
    let all_ascii = text.is_ascii();
    // A function rather than a closure, to be sure it is inlined: it runs for
    // nearly every token, twice.
    #[inline(always)]
    fn bit_of(all_ascii: bool, s: &[u8]) -> Option<u16> {
        if all_ascii { Some(Lexicon::ascii_token_bit(s)) } else { Lexicon::token_bit_bytes(s) }
    }
    // The bit of the token after one that may start a phrase, kept for its turn.
    let mut carried: Option<(usize, Option<u16>)> = None;
    for (i, tok) in toks.iter().enumerate() {
        let from = matches.len() as u32;
        let mut phrase_bits = 0;
        if tok.kind != TokenKind::Number {
            let lt = low(tok);
            let bit = match carried {
                Some((at, bit)) if at == i => bit,
                _ => bit_of(all_ascii, lt),
            };
            if bit.is_some_and(|b| !lex.may_start_with_bit(b)) {
                starts.push((from, from));
                masks.push(token_mask(text, toks, i, 0, false));
                continue;
            }
            let ascii = bit.is_some();
            let key: &[u8] = if ascii {
                lt
            } else {
                lower.clear();
                lower.extend(tok.text(text).chars().flat_map(char::to_lowercase));
                lower.as_bytes()
            };
            let next_bit = toks.get(i + 1).and_then(|t| bit_of(all_ascii, low(t)));
            carried = Some((i + 1, next_bit));
            let Some(first) = lex.first_word_bytes(key) else {
                starts.push((from, from));
                masks.push(token_mask(text, toks, i, 0, false));
                continue;
            };
            // Where the word goes on with none of its longer phrases, its
            // one-token phrases match as they are (ASCII, any case): their
            // entries are taken in order, without a look at each phrase.
            if ascii
                && first.singles_only(next_bit)
                && let Some(entries) = first.single_entries()
            {
                for (&id, &entry) in first.before(next_bit).iter().zip(entries) {
                    phrase_bits |= phrase_bits_of[id as usize];
                    matches.push(PhraseMatch { entry, end: i + 1 });
                }
            } else {
                for &id in first.before(next_bit) {
                    let phrase = &lex.phrases[id as usize];
                    let n = phrase.tokens.len();
                    if i + n > toks.len() {
                        continue;
                    }
                    if n > 1
                        && let (Some(want), Some(have)) = (lex.second_token_bit(id), next_bit)
                        && want != have
                    {
                        continue;
                    }
                    let ok = phrase.tokens.iter().enumerate().all(|(k, pt)| {
                        let tk = &toks[i + k];
                        if k > 0 && pt.glued != tk.glued() {
                            return false;
                        }
                        if pt.exact {
                            return tk.bytes(text) == pt.text.as_bytes();
                        }
                        // An ASCII first word is the key the phrase was found by.
                        if k == 0 && ascii {
                            return true;
                        }
                        let s = low(tk);
                        s == pt.text.as_bytes() || (!s.is_ascii() && tk.text(text).to_lowercase() == pt.text)
                    });
                    if ok {
                        phrase_bits |= phrase_bits_of[id as usize];
                        matches.push(PhraseMatch { entry: phrase.entry, end: i + n });
                    }
                }
            }
        }
        starts.push((from, matches.len() as u32));
        masks.push(token_mask(text, toks, i, phrase_bits, matches.len() as u32 > from));
    }
}

fn is_sym(tok: &Token, text: &str, chars: &[&str]) -> bool {
    tok.kind == TokenKind::Symbol && chars.contains(&tok.text(text))
}

/// Marks tokens that are never quantities: idioms, phone numbers, times of day,
/// slashed dates, and scores.
fn block_non_quantities(
    text: &str,
    toks: &[Token],
    starts: &[(u32, u32)],
    matches: &[PhraseMatch],
    masks: &[u32],
    blocked: &mut Vec<bool>,
) {
    blocked.clear();
    blocked.resize(toks.len(), false);
    // Web addresses: their digits are never quantities ("?q=30%25").
    // The searchers are built once: building one per text and scheme cost more
    // than most searches.
    static SCHEMES: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        std::sync::LazyLock::new(|| ["http://", "https://", "www."].map(memchr::memmem::Finder::new));
    for scheme in SCHEMES.iter() {
        let bytes = text.as_bytes();
        let mut from = 0;
        // Each occurrence in order, found by a substring search: looking for the
        // first byte alone stopped at every "h" and "w" of the prose.
        while let Some(k) = scheme.find(&bytes[from..]) {
            let at = from + k;
            from = at + 1;
            let end = text[at..].find(char::is_whitespace).map_or(text.len(), |e| at + e);
            for (k, t) in toks.iter().enumerate() {
                if (t.start as usize) >= at && (t.start as usize) < end {
                    blocked[k] = true;
                }
            }
        }
    }
    let is_num = |i: usize| toks.get(i).is_some_and(|t| t.kind == TokenKind::Number);
    let glued = |i: usize| toks.get(i).is_some_and(|t| t.glued());
    let plain_digits = |i: usize| toks[i].text(text).bytes().all(|b| b.is_ascii_digit());
    let mut chain = Vec::new();
    for i in 0..toks.len() {
        let (a, b) = starts[i];
        for m in if masks[i] & bits::IDIOM != 0 { &matches[a as usize..b as usize] } else { &[] } {
            if matches!(m.entry, Entry::Idiom) {
                for flag in &mut blocked[i..m.end] {
                    *flag = true;
                }
            }
        }
        let tok = &toks[i];
        // "+1 202 555 0100": an international phone number.
        if is_sym(tok, text, &["+"]) && is_num(i + 1) && glued(i + 1) {
            let mut j = i + 1;
            while is_num(j) && (j == i + 1 || !glued(j)) {
                blocked[j] = true;
                j += 1;
            }
        }
        if !is_num(i) || (i > 0 && is_num(i - 1) && glued(i)) {
            continue;
        }
        // A chain of numbers joined by one separator with no spaces: 10:30,
        // 11/09/2001, 555-1234, 2022-03-04, 3-1.
        chain.clear();
        chain.push(i);
        let mut sep = "";
        let mut j = i + 1;
        while j + 1 < toks.len() && glued(j) && glued(j + 1) && is_num(j + 1) {
            let s = toks[j].text(text);
            if !matches!(s, ":" | "/" | "-" | ".") || (!sep.is_empty() && s != sep) {
                break;
            }
            sep = s;
            chain.push(j + 1);
            j += 2;
        }
        if chain.len() < 2 {
            continue;
        }
        let len = |n: usize| toks[chain[n]].text(text).len();
        let all_plain = chain.iter().all(|&k| plain_digits(k));
        let value = |k: usize| toks[k].text(text).parse::<u64>().unwrap_or(u64::MAX);
        let iso_date =
            sep == "-" && all_plain && len(0) == 4 && (1..chain.len()).all(|n| len(n) == 2) && chain.len() <= 3;
        let small_fraction = sep == "/"
            && chain.len() == 2
            && all_plain
            && ((2..=12).contains(&value(chain[1])) || matches!(value(chain[1]), 100 | 1000))
            && value(chain[0]) < value(chain[1]);
        let block = match sep {
            ":" | "." => true,
            "/" => !small_fraction,
            "-" if iso_date => false,
            "-" if chain.len() >= 3 => true,
            "-" => {
                // "555-1234", but "100-1000 grams" is a range of a measure.
                let after = chain[chain.len() - 1] + 1;
                let measured = toks.get(after).is_some_and(|t| !t.glued())
                    && starts.get(after).is_some_and(|&(a, b)| {
                        matches[a as usize..b as usize].iter().any(|m| {
                            matches!(
                                m.entry,
                                Entry::Unit(_) | Entry::Duration(_) | Entry::Counted(_) | Entry::CurrencyName { .. }
                            )
                        })
                    });
                let phone = len(0) == 3 && len(1) == 4 && !measured;
                let score = all_plain && value(chain[0]) > value(chain[1]) && value(chain[1]) < 100;
                phone || score
            }
            _ => false,
        };
        if block {
            for &k in &chain {
                blocked[k] = true;
            }
        }
    }
}

impl<'a> Scanner<'a> {
    fn phrases(&self, i: usize) -> &'a [PhraseMatch] {
        match self.starts.get(i) {
            Some(&(a, b)) => &self.matches[a as usize..b as usize],
            None => &[],
        }
    }

    /// The longest phrase at `i` whose entry satisfies `pick`.
    fn longest<T>(&self, i: usize, pick: impl Fn(Entry) -> Option<T>) -> Option<(T, usize)> {
        let mut best: Option<(T, usize)> = None;
        for m in self.phrases(i) {
            if let Some(v) = pick(m.entry)
                && best.as_ref().is_none_or(|(_, e)| m.end > *e)
            {
                best = Some((v, m.end));
            }
        }
        best
    }

    fn has(&self, i: usize, pick: impl Fn(Entry) -> bool) -> bool {
        self.phrases(i).iter().any(|m| pick(m.entry))
    }

    /// Whether a designator ends right before token `i`: "page 5", and the
    /// designators of more than one token, "No. 4", "vol. 3".
    fn designator_ends_at(&self, i: usize) -> bool {
        (i.saturating_sub(self.lex.max_phrase_tokens)..i)
            .any(|j| self.phrases(j).iter().any(|m| m.entry == Entry::Designator && m.end == i))
    }

    fn tok_text(&self, i: usize) -> &'a str {
        self.toks[i].text(self.text)
    }

    fn is_word(&self, i: usize, word: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Word && t.text(self.text).eq_ignore_ascii_case(word))
    }

    fn is_symbol(&self, i: usize, chars: &[&str]) -> bool {
        self.toks.get(i).is_some_and(|t| is_sym(t, self.text, chars))
    }

    /// [`item_need`], or no test at all when exhaustive.
    fn need(&self, kind: &ItemKind) -> Option<u32> {
        if self.exhaustive { None } else { item_need(kind) }
    }

    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.glued())
    }

    fn run(&self) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            // Punctuation starts nothing unless the lexicon knows it ("$", "%") or
            // it may be a sign ("-5").
            // Punctuation and the words only filters know ("of", "the") start nothing.
            let interesting = self.exhaustive
                || self.masks[i] & !(bits::COUNTED | bits::IDIOM) != 0
                    && self.tables.may_start_anything(self.masks[i], self.tok_text(i));
            if !interesting || !self.exhaustive && self.no_value_near(i) {
                i += 1;
                continue;
            }
            match self.best_at(i) {
                Some(c) => {
                    let c = self.below_zero(c);
                    i = c.consumed.max(i + 1);
                    out.push(c.mention);
                }
                None => i += 1,
            }
        }
        // Each join needs a kind of mention (or a bracket) that most
        // documents lack: it is skipped without moving every mention.
        let has = |out: &[Mention], test: fn(&Mention) -> bool| out.iter().any(test);
        let bound = |m: &Mention| !matches!(m.qualifier, Qualifier::Exact | Qualifier::Approx | Qualifier::Range);
        let out = if has(&out, bound) { self.join_bounds(out) } else { out };
        let out = if has(&out, |m| m.kind == Kind::Money) { self.join_subunits(out) } else { out };
        let out = if out.len() > 1 && self.text.contains('(') { self.join_restated(out) } else { out };
        if has(&out, |m| m.kind == Kind::Duration) { self.join_durations(out) } else { out }
    }

    /// "47 degrees below zero", "30 below zero": the words a unit's rules list
    /// as `negative_after` make an amount in that unit's dimension, or a bare
    /// number, negative and in that unit; the words are part of the claim.
    fn below_zero(&self, mut c: Candidate) -> Candidate {
        let k = c.consumed;
        if c.end != k {
            return c;
        }
        let said = |words: &[String]| words.iter().enumerate().all(|(j, w)| self.is_word(k + j, w));
        let Some((words, unit)) = self.lex.negative_after.iter().find(|(words, _)| said(words)) else {
            return c;
        };
        let unit = &self.lex.units[usize::from(*unit)];
        let m = &mut c.mention;
        let same_dimension = m.kind == Kind::Quantity
            && self.lex.units.iter().any(|u| Some(&u.symbol) == m.unit.as_ref() && u.dimension == unit.dimension);
        let count = m.kind == Kind::Count && m.unit.is_none();
        let Value::Number(v) = m.value else { return c };
        if !(same_dimension || count) || v <= Decimal::ZERO {
            return c;
        }
        // Below zero turns the bounds over: "between 25 and 45 below" is -45 to
        // -25, "more than 30 below" less than -30.
        m.qualifier = match m.qualifier {
            Qualifier::MoreThan => Qualifier::LessThan,
            Qualifier::LessThan => Qualifier::MoreThan,
            Qualifier::AtLeast => Qualifier::AtMost,
            Qualifier::AtMost => Qualifier::AtLeast,
            q => q,
        };
        match (m.low, m.high) {
            (Some(low), Some(high)) => {
                m.low = Some(-high);
                m.high = Some(-low);
                m.value = Value::Number(-high);
            }
            _ => m.value = Value::Number(-v),
        }
        if count {
            m.kind = Kind::Quantity;
            m.unit = Some(unit.symbol.clone());
        }
        let end = k + words.len();
        m.end = self.toks[end - 1].end as usize;
        c.end = end;
        c.consumed = end;
        c
    }

    /// Whether token `i` only leads into a mention ("from", "in", "by", "-")
    /// and none of the next [`VALUE_WITHIN`] tokens holds a value, or is an
    /// article with nothing after it that an article can count or measure
    /// ("a company"): then no mention starts at `i`, and the readers need not
    /// try. Failing tries at such words were a sixth of the scanner's time on
    /// Reuters.
    fn no_value_near(&self, i: usize) -> bool {
        use bits::*;
        // The bits of words that lead into a value without being one.
        const LEADS: u32 =
            MEANINGFUL | QUALIFIER | COUNTED | IDIOM | SIGN | DW_AHEAD | DW_PERIOD | DW_SPAN | DW_PART_OF;
        let after = &self.masks[i + 1..self.masks.len().min(i + 1 + VALUE_WITHIN)];
        match self.masks[i] & !LEADS {
            0 => after.iter().all(|m| m & !LEADS == 0),
            // "a civilian", "a couple": a counted noun is what an article counts.
            ARTICLE => after.iter().all(|m| m & !(LEADS & !COUNTED) == 0),
            _ => false,
        }
    }

    /// "2 years and 3 months", "1 hour, 30 minutes", "an hour and a half": the
    /// parts of one duration make one, in the smaller unit when the larger one
    /// converts to it exactly (a year is 12 months, a week 7 days, a day 24 hours).
    fn join_durations(&self, mentions: Vec<Mention>) -> Vec<Mention> {
        let factor = |big: &str, small: &str| -> Option<Decimal> {
            let chain: &[(&str, i64)] = &[("week", 7), ("day", 24), ("hour", 60), ("minute", 60), ("second", 1)];
            if big == "year" {
                return (small == "month").then_some(Decimal::from(12));
            }
            let a = chain.iter().position(|(u, _)| *u == big)?;
            let b = chain.iter().position(|(u, _)| *u == small)?;
            (a < b).then(|| chain[a..b].iter().map(|(_, f)| Decimal::from(*f)).product())
        };
        let plain = |m: &Mention| {
            m.kind == Kind::Duration
                && matches!(m.qualifier, Qualifier::Exact | Qualifier::Approx)
                && m.number().is_some()
        };
        // "more than 1 hour and 30 minutes": a bound before the first part bounds
        // the whole.
        let joinable =
            |m: &Mention| m.kind == Kind::Duration && m.qualifier != Qualifier::Range && m.number().is_some();
        let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
        for m in mentions {
            if let Some(prev) = out.last_mut()
                && joinable(prev)
            {
                // "an hour and a half", "seven hours and a quarter": a fraction of
                // the unit just named.
                if prev.end <= m.start
                    && m.kind == Kind::Count
                    && m.unit.is_none()
                    && m.qualifier == Qualifier::Exact
                    && let Some(f) = m.number().filter(|f| *f > Decimal::ZERO && *f < Decimal::ONE)
                    && self.text[prev.end..m.start].trim().eq_ignore_ascii_case("and")
                    && self.text[m.start..m.end].starts_with(|c: char| c.is_alphabetic())
                {
                    prev.value = Value::Number(prev.number().unwrap_or_default() + f);
                    prev.end = m.end;
                    prev.step = prev.step.min(m.step);
                    prev.rule = format!("{}+fraction", prev.rule).into();
                    continue;
                }
                if plain(&m)
                    && m.qualifier == Qualifier::Exact
                    && prev.end <= m.start
                    && let (Some(big), Some(small)) = (prev.unit.as_deref(), m.unit.as_deref())
                    && let Some(f) = factor(big, small)
                    && self.between_is(prev.end, m.start, &["", ",", "and", ", and"])
                    && let (Some(a), Some(b)) = (prev.number(), m.number())
                    && let Some(v) = a.checked_mul(f).and_then(|x| x.checked_add(b))
                {
                    prev.value = Value::Number(v);
                    prev.unit = m.unit.clone();
                    prev.end = m.end;
                    prev.step = m.step;
                    prev.rule = format!("{}+{}", prev.rule, m.rule).into();
                    continue;
                }
            }
            out.push(m);
        }
        // "one hour and half": "half" alone is no mention of its own.
        for m in &mut out {
            // "one hour and a half is", "a year and a quarter": the fraction may
            // have made no mention of its own either.
            let k = if joinable(m) { self.toks.partition_point(|t| (t.start as usize) < m.end) } else { usize::MAX };
            if k != usize::MAX
                && self.is_word(k, "and")
                && (self.is_word(k + 1, "a") || self.is_word(k + 1, "an"))
                && let Some(Entry::FractionWord(f)) = self.number_entry(k + 2)
                && !self.glued(k + 2)
                && self.toks.get(k + 3).is_none_or(|t| t.kind != TokenKind::Number)
                && self.number_entry(k + 3).is_none()
                && !self.has(k + 3, |e| matches!(e, Entry::Duration(_) | Entry::Unit(_)))
                && let Some(v) = m.number().and_then(|v| v.checked_add(f))
            {
                m.value = Value::Number(v);
                m.end = self.toks[k + 2].end as usize;
                m.step = m.step.min(f);
                m.rule = format!("{}+fraction", m.rule).into();
                continue;
            }
            if plain(m) {
                let rest = &self.text[m.end..];
                if rest.get(..9).is_some_and(|s| s.eq_ignore_ascii_case(" and half"))
                    && rest[9..].chars().next().is_none_or(|c| !c.is_alphanumeric())
                {
                    m.value = Value::Number(m.number().unwrap_or_default() + Decimal::new(5, 1));
                    m.end += 9;
                    m.step = m.step.min(Decimal::new(5, 1));
                    m.rule = format!("{}+half", m.rule).into();
                }
            }
        }
        out
    }

    /// "forty-five (45) days", "45 (forty five)": a number restated in brackets is
    /// one mention, taking the unit of whichever side has one.
    fn join_restated(&self, mentions: Vec<Mention>) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
        for m in mentions {
            if let Some(prev) = out.last_mut()
                && prev.qualifier == Qualifier::Exact
                && m.qualifier == Qualifier::Exact
                && prev.kind != Kind::Date
                && m.kind != Kind::Date
                && let (Some(a), Some(b)) = (prev.number(), m.number())
                && a == b
                && self.text.get(prev.end..m.start).is_some_and(|t| t.trim() == "(")
                && (prev.unit.is_none() || m.unit.is_none())
            {
                let after = &self.text[m.end..];
                let close = after.len() - after.trim_start().len();
                if after.trim_start().starts_with(')') {
                    if prev.unit.is_none() {
                        prev.kind = m.kind;
                        prev.unit = m.unit.clone();
                    }
                    prev.end = m.end + close + 1;
                    prev.rule = format!("{}+restated", prev.rule).into();
                    continue;
                }
            }
            out.push(m);
        }
        out
    }

    /// "20 dollars 43 cents", "$20 and 43c", "twenty dollar and 43": a whole amount
    /// of money and its subunits make one amount. A bare number after the amount
    /// joins only when it is 1-99 and ends the clause ("$20 43.", not "$20 43 people").
    fn join_subunits(&self, mentions: Vec<Mention>) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
        for m in mentions {
            if let Some(prev) = out.last_mut()
                && prev.kind == Kind::Money
                && prev.qualifier != Qualifier::Range
                && let (Some(a), Some(b)) = (prev.number(), m.number())
                && a.fract().is_zero()
                && !a.is_sign_negative()
                && m.qualifier == Qualifier::Exact
            {
                let joined = self.between_is(prev.end, m.start, &["", "and"]);
                let subunit = m.kind == Kind::Money && b > Decimal::ZERO && b < Decimal::ONE;
                let clause_ends = self.text[m.end..].chars().next().is_none_or(|c| !c.is_alphanumeric())
                    && self.text[m.end..].trim_start().chars().next().is_none_or(|c| !c.is_alphanumeric());
                let bare = m.kind == Kind::Count
                    && m.unit.is_none()
                    && b.fract().is_zero()
                    && b >= Decimal::ONE
                    && b < Decimal::ONE_HUNDRED
                    && clause_ends;
                if joined && (subunit || bare) {
                    let add = if subunit { b } else { b / Decimal::ONE_HUNDRED };
                    prev.value = Value::Number(a + add);
                    prev.end = m.end;
                    prev.step = Decimal::new(1, 2);
                    prev.rule = format!("{}+subunit", prev.rule).into();
                    continue;
                }
            }
            out.push(m);
        }
        out
    }

    /// Whether the text between two mentions, trimmed, is one of `words` (any
    /// case), without copying it: it may be a long stretch of prose.
    fn between_is(&self, from: usize, to: usize, words: &[&str]) -> bool {
        let between = self.text.get(from..to).unwrap_or("").trim();
        words.iter().any(|w| between.eq_ignore_ascii_case(w))
    }

    /// "more than 100 and less than 300": a lower and an upper bound joined by
    /// "and", "but" or a comma make one range, when they agree on kind and unit
    /// and the lower bound is below the upper one.
    fn join_bounds(&self, mentions: Vec<Mention>) -> Vec<Mention> {
        let lower = |q: Qualifier| matches!(q, Qualifier::AtLeast | Qualifier::MoreThan);
        let upper = |q: Qualifier| matches!(q, Qualifier::AtMost | Qualifier::LessThan);
        let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
        for m in mentions {
            if let Some(prev) = out.last_mut() {
                let pair =
                    (lower(prev.qualifier) && upper(m.qualifier)) || (upper(prev.qualifier) && lower(m.qualifier));
                if pair
                    && prev.kind == m.kind
                    && (prev.unit == m.unit || m.unit.is_none() || prev.unit.is_none())
                    && self.between_is(prev.end, m.start, &["and", "but", ",", ", and", ", but"])
                {
                    let (lo, hi) = if lower(prev.qualifier) { (&*prev, &m) } else { (&m, &*prev) };
                    if let (Some(l), Some(h)) = (lo.number(), hi.number())
                        && l < h
                    {
                        let unit = prev.unit.clone().or_else(|| m.unit.clone());
                        prev.value = Value::Number(l);
                        prev.low = Some(l);
                        prev.high = Some(h);
                        prev.qualifier = Qualifier::Range;
                        prev.end = m.end;
                        prev.unit = unit;
                        prev.step = prev.step.min(m.step);
                        prev.rule = BuiltinRule::RangeOfBounds.name();
                        continue;
                    }
                }
            }
            out.push(m);
        }
        out
    }

    /// Tried only at tokens `ScanTables::may_start_anything` admits: a new way to
    /// start a mention here must be reflected there (and a new item kind, or a
    /// token a kind newly accepts, in `item_need`).
    fn best_at(&self, i: usize) -> Option<Candidate> {
        let mut best: Option<Candidate> = None;
        let consider = |best: &mut Option<Candidate>, c: Option<Candidate>| {
            if let Some(c) = c
                && best.as_ref().is_none_or(|b| c.consumed > b.consumed)
            {
                *best = Some(c);
            }
        };
        // "20161016": before the bare number it also reads as.
        consider(&mut best, self.compact_date_at(i));
        if self.tables.may_open_range(self.masks[i], self.tok_text(i)) {
            // A range led by its low end needs an amount here, and its word
            // after the amount ("to", "-") where the amount ends: looked up once
            // here for all the ranges.
            let amount_end = self.amount_consumed(i);
            for p in &self.rules.ranges {
                if !self.low_literal_may_follow(p, amount_end) {
                    continue;
                }
                consider(&mut best, self.match_range(p, i));
            }
        }
        if self.exhaustive || self.masks[i] & bits::QUALIFIER != 0 {
            consider(&mut best, self.qualified_at(i));
        }
        // The amount patterns were matched here already, for ranges and
        // qualifiers; their best is memoized, and cloned only if it wins.
        if self.amount_consumed(i).is_some_and(|end| best.as_ref().is_none_or(|b| end > b.consumed)) {
            consider(&mut best, self.amount_at(i));
        }
        let mask = self.masks[i];
        let t = self.tok_text(i);
        // The date readers' findings here, shared with the periods, qualifiers
        // and bounds that ask for the date at this token: taken from the memo,
        // and cloned only when one wins.
        let parts = self.date_parts(i);
        let consider_date = |best: &mut Option<Candidate>, at: u32| {
            if let Some(c) = self.dates.borrow().found(at)
                && best.as_ref().is_none_or(|b| c.consumed > b.consumed)
            {
                *best = Some(c.clone());
            }
        };
        let winner: PatternSet = parts.pattern.map_or(0, |(k, _)| 1 << k);
        for k in self.tables.candidates(false, mask, t).restrict(!self.tables.date_at_start | winner) {
            let (p, info) = (&self.rules.patterns[k], &self.info[k]);
            if info.date_at_start {
                // Matched once for the date memo: only the longest can win, and
                // it is taken at its own pattern's turn.
                if let Some((w, at)) = parts.pattern
                    && w == k
                {
                    consider_date(&mut best, at);
                }
                continue;
            }
            if !info.amount && info.may_start_at(mask, t) {
                consider(&mut best, self.match_pattern(p, i));
            }
        }
        consider_date(&mut best, parts.bare);
        // The readers below each open with one of a few things (a number, a date
        // word, a month, the date found here...): one look at the token's bits
        // tells which of them can start here, so that a word like "in" or "a"
        // does not run them all to fail.
        use bits::*;
        let opens = |need: u32| self.opens(mask, need);
        let dated = self.exhaustive || parts.best != NOT_FOUND;
        let period_now = || self.date_word(i, |w| (w == DateWord::PeriodNow).then_some(())).is_some();
        if opens(NUMBER_ITEM) {
            consider(&mut best, self.ratio_at(i));
        }
        consider_date(&mut best, parts.numeric);
        if opens(DW_PERIOD | MONTH | NUMBER_TOKEN | ORDINAL_DAY) || dated || period_now() {
            consider(&mut best, self.period_at(i));
        }
        consider_date(&mut best, parts.year_part);
        if opens(DW_WEEK | NUMBER_TOKEN | ORDINAL_DAY) {
            consider(&mut best, self.ordinal_period_at(i));
        }
        // "next Friday": a direction word only before a weekday.
        let weekday_next = || self.masks.get(i + 1).is_some_and(|&m| self.opens(m, WEEKDAY | DW_WEEKDAY_SHORT));
        if opens(WEEKDAY | DW_WEEKDAY_SHORT) || weekday_next() && self.is_direction_word(i) {
            consider(&mut best, self.weekday_day_at(i));
        }
        if opens(DW_WEEK) {
            consider(&mut best, self.week_of_at(i));
        }
        if opens(DW_WEEK | HOLIDAY) {
            consider(&mut best, self.weekend_of_at(i));
        }
        if opens(DW_FISCAL) {
            consider(&mut best, self.fiscal_year_at(i));
        }
        consider_date(&mut best, parts.part_of);
        if opens(DW_WEEK) {
            consider(&mut best, self.week_number_at(i));
        }
        if dated {
            consider(&mut best, self.date_bound_at(i));
        }
        if opens(DW_SPAN | NUMBER_ITEM) {
            consider(&mut best, self.span_at(i));
        }
        if opens(DW_AHEAD | ARTICLE) || self.amount_consumed(i).is_some() {
            consider(&mut best, self.shifted_at(i));
        }
        best
    }

    /// "one over three", "1 out of 5", "one in twenty-one": a ratio read as its
    /// value. "over" and "in" only when nothing measured or counted follows ("over
    /// 3 years", "1 in 10 cases" stay what they are), and "in" only for a smaller
    /// first number and no year ("3 in 2019").
    fn ratio_at(&self, i: usize) -> Option<Candidate> {
        let a = self.number(i)?;
        if a.ordinal || a.article || self.blocked.get(a.end).copied().unwrap_or(true) {
            return None;
        }
        let (word, j) = if self.is_word(a.end, "over") {
            ("over", a.end + 1)
        } else if self.is_word(a.end, "out") && self.is_word(a.end + 1, "of") {
            ("out of", a.end + 2)
        } else if self.is_word(a.end, "in") {
            ("in", a.end + 1)
        } else {
            return None;
        };
        let b = self.number(j)?;
        if b.ordinal || b.article || b.value.is_zero() || a.value.is_sign_negative() && word != "over" {
            return None;
        }
        let measure_after = self.is_symbol(b.end, &["%", "-"])
            || self.has(b.end, |e| {
                matches!(
                    e,
                    Entry::Unit(_)
                        | Entry::Duration(_)
                        | Entry::CurrencyName { .. }
                        | Entry::CurrencyCode(_)
                        | Entry::Multiplier(_)
                        | Entry::ScaleAbbreviation { .. }
                )
            });
        let noun_after =
            measure_after || self.unit_follows(b.end) || b.end < self.toks.len() && self.is_plain_plural_noun(b.end);
        // "one in four voters" is a share of the voters; "1 over 5 years" is no ratio.
        if (word == "over" && noun_after) || (word == "in" && measure_after) {
            return None;
        }
        if word == "in" && (a.value >= b.value || b.year_like || a.year_like) {
            return None;
        }
        if word == "out of" && a.value > b.value {
            return None;
        }
        let value = a.value.checked_div(b.value)?;
        let mention = Mention {
            start: self.toks[i].start as usize,
            end: self.toks[b.end - 1].end as usize,
            kind: Kind::Count,
            value: Value::Number(value),
            unit: None,
            qualifier: Qualifier::Exact,
            low: None,
            high: None,
            step: Decimal::ZERO,
            rule: BuiltinRule::Ratio.name(),
        };
        Some(Candidate { start: i, end: b.end, consumed: b.end, mention, scale: Decimal::ONE })
    }

    // ---- numbers ---------------------------------------------------------

    /// Whether the word at `i` is a subunit name of `currency` in the singular
    /// (the same word plus "s", or "y" made "ies", is also one of its names)
    /// written as a name ("Cent"), or in capitals at the start of a line
    /// ("NICKEL" in a table); a headline's "UP 1.5 CENT" stays money. Never
    /// after a hyphen ("a 50-Cent coin").
    fn capitalized_singular_subunit(&self, i: usize, currency: u16) -> bool {
        let Some(tok) = self.toks.get(i) else { return false };
        let word = tok.text(self.text);
        let mut letters = word.bytes();
        let title_case =
            letters.next().is_some_and(|b| b.is_ascii_uppercase()) && letters.all(|b| b.is_ascii_lowercase());
        let line_start = i > 0 && self.text[self.toks[i - 1].end as usize..tok.start as usize].contains('\n');
        let capitals = word.bytes().any(|b| b.is_ascii_uppercase());
        if tok.kind != TokenKind::Word || tok.glued() || !(title_case || capitals && line_start) {
            return false;
        }
        let lower = word.to_ascii_lowercase();
        let plurals =
            [format!("{lower}s"), lower.strip_suffix('y').map_or_else(String::new, |stem| format!("{stem}ies"))];
        plurals.iter().filter(|p| !p.is_empty()).any(|plural| {
            self.lex.starting_with(plural).iter().any(|&id| {
                let phrase = &self.lex.phrases[id as usize];
                phrase.tokens.len() == 1
                    && matches!(phrase.entry, Entry::CurrencyName { currency: c, factor, .. } if c == currency && factor < Decimal::ONE)
            })
        })
    }

    fn number(&self, i: usize) -> Option<Num> {
        if i >= self.toks.len() {
            return None;
        }
        if let Some(memo) = self.numbers.borrow().get(i) {
            return memo.copied();
        }
        // No number starts at a token without one of these bits (see `item_need`).
        let n = if self.need(&ItemKind::Number).is_some_and(|need| self.masks[i] & need == 0) {
            None
        } else {
            self.read_number(i)
        };
        self.numbers.borrow_mut().set(i, n);
        n
    }

    fn read_number(&self, i: usize) -> Option<Num> {
        if self.blocked[i] {
            return None;
        }
        let tok = self.toks[i];
        // A sign: "-5" (the hyphen stands apart from what precedes it) or "minus 5".
        // "<-30": after a comparison sign, too.
        let sign_minus = self.is_symbol(i, &["-", "−"])
            && (tok.space_before || i == 0 || self.is_symbol(i - 1, &["<", ">", "=", "≤", "≥"]))
            && self.glued(i + 1);
        let word_minus = self.has(i, |e| e == Entry::Negative) && !self.glued(i + 1);
        if sign_minus || word_minus {
            let inner = self.read_unsigned(i + 1)?;
            if inner.article || inner.ordinal {
                return None;
            }
            return Some(Num { value: -inner.value, ..inner });
        }
        let mut num = self.read_unsigned(i)?;
        // "three quarters of an hour", "one and a half of a mile": a fraction of
        // a unit of time or measure is that much of it.
        if num.value.fract() != Decimal::ZERO && num.value > Decimal::ZERO && self.is_word(num.end, "of") {
            let article = usize::from(self.is_word(num.end + 1, "a") || self.is_word(num.end + 1, "an"));
            let at = num.end + 1 + article;
            if !self.glued(at) && self.has(at, |e| matches!(e, Entry::Duration(_) | Entry::Unit(_))) {
                num.end = at;
            }
        }
        Some(num)
    }

    fn read_unsigned(&self, i: usize) -> Option<Num> {
        let tok = *self.toks.get(i)?;
        if self.blocked[i] {
            return None;
        }
        let after_definite = i > 0 && self.has(i - 1, |e| e == Entry::Definite);
        // ".25": a decimal without its leading zero, standing apart from what precedes.
        if self.is_symbol(i, &["."])
            && (tok.space_before || i == 0)
            && self.glued(i + 1)
            && self.toks.get(i + 1).is_some_and(|t| t.kind == TokenKind::Number)
            && !self.blocked[i + 1]
        {
            return self.read_digits_from(i + 1, after_definite, true);
        }
        let num = match tok.kind {
            TokenKind::Number => self.read_digits(i, after_definite)?,
            _ => self.read_words(i, after_definite)?,
        };
        // "the Maguire Seven", "BBC Four", "RBS Six Nations": a capitalized number
        // word in the middle of a name, as "Boeing 747" is in digits; unless what
        // it counts or measures follows.
        if tok.kind == TokenKind::Word
            && num.end == i + 1
            && i > 1
            && self.tok_text(i).starts_with(|c: char| c.is_ascii_uppercase())
            && self.tok_text(i)[1..].bytes().all(|b| b.is_ascii_lowercase())
            && self.is_model_name_prefix(i - 1)
            && !self.unit_follows(num.end)
        {
            return None;
        }
        // "page 5", "No. 4F", "number three": a designator labels the number
        // after it, unless what it measures or counts follows ("the top 10
        // percent", "that day two people died").
        if i > 0
            && !tok.glued()
            && self.designator_ends_at(i)
            && (self.letter_suffix(num.end) || self.code_goes_on(num.end) || !self.unit_follows(num.end))
        {
            return None;
        }
        Some(num)
    }

    fn read_digits(&self, i: usize, after_definite: bool) -> Option<Num> {
        self.read_digits_from(i, after_definite, false)
    }

    /// Reads digits at `i`; `leading_dot`: a "." before them makes them decimals.
    fn read_digits_from(&self, i: usize, after_definite: bool, leading_dot: bool) -> Option<Num> {
        let tok = self.toks[i];
        let mut lit = parse_literal(tok.text(self.text))?;
        if leading_dot {
            if !lit.plain {
                return None;
            }
            let places = u32::try_from(lit.digits).ok().filter(|&p| p <= 20)?;
            lit.value = Decimal::from_i128_with_scale(lit.value.mantissa(), places);
            lit.step = Decimal::new(1, places);
            lit.plain = false;
            lit.integer = false;
        }
        // Letters glued before it make a designation: G7, MH17; so does a
        // word-hyphen prefix: F-35, COVID-19, Su-34.
        let glued_scale_of =
            |k: usize| self.has(k, |x| matches!(x, Entry::ScaleAbbreviation { glued, .. } if glued.whatever_follows()));
        // "USD115", "Rs500", "$5k": a currency written against its amount.
        let currency_before = i > 0
            && tok.glued()
            && (0..i).rev().take(3).any(|k| {
                self.phrases(k)
                    .iter()
                    .any(|m| m.end == i && matches!(m.entry, Entry::CurrencyCode(_) | Entry::CurrencySymbol(_)))
            });
        if i > 0 && tok.glued() && !leading_dot {
            let prev = self.toks[i - 1];
            if prev.kind == TokenKind::Word && !currency_before {
                return None;
            }
            // "501(c)(3)": a bracketed part after another goes on with the name.
            if self.is_symbol(i - 1, &["("]) && i > 1 && prev.glued() && self.is_symbol(i - 2, &[")"]) {
                return None;
            }
            // "S&#227;o Paulo": a character reference left in plain text.
            if self.is_symbol(i - 1, &["#"]) && i > 1 && prev.glued() && self.is_symbol(i - 2, &["&"]) {
                return None;
            }
            // "A330-300", "MH17-2": the number after a designation's hyphen goes on with it.
            if self.is_symbol(i - 1, &["-"])
                && i > 2
                && prev.glued()
                && self.toks[i - 2].kind == TokenKind::Number
                && self.glued(i - 2)
                && self.toks[i - 3].kind == TokenKind::Word
            {
                return None;
            }
            if self.is_symbol(i - 1, &["-"]) && i > 1 && prev.glued() && self.toks[i - 2].kind == TokenKind::Word {
                let word_before = i - 2;
                // "fifty-5", "5k-20k": a number word or a scale written against digits.
                let scale_after_digits = self.glued(word_before)
                    && self.toks[word_before - 1].kind == TokenKind::Number
                    && glued_scale_of(word_before);
                if !scale_after_digits
                    && !self.has(word_before, |e| matches!(e, Entry::Multiplier(_) | Entry::NumberTen(_)))
                {
                    return None;
                }
            }
        }
        // "401(k)", "501(c)(3)", "Section 8(a)": a letter in brackets glued to a
        // number makes a plan's or a paragraph's name.
        if self.is_symbol(i + 1, &["("])
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.toks.get(i + 2).is_some_and(|t| matches!(t.bytes(self.text), [b] if b.is_ascii_alphabetic()))
            && self.is_symbol(i + 3, &[")"])
            && self.glued(i + 3)
        {
            return None;
        }
        // "a 10-K filing", "an 8-K": a short integer hyphenated to a capital
        // letter names a form or a model, as a letter hyphenated to a number does
        // ("F-35"). Table figures flagged so ("329,208-R", "3.25-Y") stay values.
        if lit.plain
            && lit.digits <= 3
            && self.is_symbol(i + 1, &["-"])
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.is_capital_letter(i + 2)
        {
            return None;
        }
        // "the 777-200LR", "an A330-300": a number hyphenated to a number with
        // capitals glued after it that are no unit is a model ("30-40C" is a range).
        if lit.plain
            && self.is_symbol(i + 1, &["-"])
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.toks.get(i + 2).is_some_and(|t| t.kind == TokenKind::Number)
            && self.glued(i + 3)
            && self
                .toks
                .get(i + 3)
                .is_some_and(|t| t.kind == TokenKind::Word && t.bytes(self.text).iter().all(u8::is_ascii_uppercase))
            && !self.unit_follows(i + 3)
        {
            return None;
        }
        let mut end = i + 1;
        let mut value = lit.value;
        let mut step = lit.step;
        let mut ordinal = false;
        // "1.3e6", "2.5^-1", "1.3x10^6"
        if let Some((v, e)) = self.exponent_at(end, value) {
            value = v;
            step = Decimal::ZERO;
            end = e;
        }
        // What is glued after it must be something a number can carry.
        if let Some(next) = self.toks.get(end).filter(|t| t.glued() && t.kind == TokenKind::Word) {
            let s = next.text(self.text).to_ascii_lowercase();
            if matches!(s.as_str(), "st" | "nd" | "rd" | "th") {
                ordinal = true;
            } else if s != "s"
                && !self.has(end, |e| {
                    matches!(
                        e,
                        Entry::ScaleAbbreviation { .. }
                            | Entry::Multiplier(_)
                            | Entry::Unit(_)
                            | Entry::CurrencySymbol(_)
                            | Entry::CurrencyCode(_)
                            | Entry::CurrencyName { .. }
                            | Entry::Duration(_)
                            | Entry::Counted(_)
                            | Entry::Dozen(_)
                    )
                })
            {
                return None;
            }
        }
        // "10k", "1.2M", "-1200K": a scale letter written against the digits. A
        // capital after a single digit makes a name ("4K", "3M", like "5G"; "5k",
        // "$5M" and the range "5K-20K" are amounts); where the letter is also a
        // unit ("573.15K") it is the scale only with at most one decimal place.
        let glued_scale_at = |k: usize| {
            self.longest(k, |x| match x {
                Entry::ScaleAbbreviation { value, glued, .. } if glued.whatever_follows() => Some((value, glued)),
                _ => None,
            })
        };
        if !ordinal
            && !currency_before
            && lit.plain
            && lit.digits == 1
            && self.glued(end)
            && self.tok_text(end).starts_with(|c: char| c.is_ascii_uppercase())
            && let Some((_, e)) = glued_scale_at(end)
            && !(self.is_symbol(e, &["-", "–"]) && self.glued(e) && self.glued(e + 1))
        {
            return None;
        }
        // "2.33 k", "1,674,200.5 M": apart from a decimal or grouped literal too,
        // when nothing but punctuation follows the letter.
        let ends_clause = |e: usize| {
            self.toks.get(e).is_none_or(|t| t.kind == TokenKind::Symbol)
                && !self.text[tok.end as usize..self.toks[e - 1].start as usize].contains('\n')
        };
        // "10K race", "512K broadband", "1500b packet": a glued letter before a
        // noun that is not counted or measured is no scale; where it is also a
        // unit ("K" kelvin) the whole is a name.
        let before_plain_noun = !currency_before
            && self.glued(end)
            && glued_scale_at(end).is_some_and(|(_, e)| {
                self.toks.get(e).is_some_and(|t| t.kind == TokenKind::Word && !t.glued())
                    && !self.unit_follows(e)
                    && !self.has(e, |x| x == Entry::NotCounted)
                    && self.number_entry(e).is_none()
                    && !self.is_plain_plural_noun(e)
            });
        if before_plain_noun && self.has(end, |x| matches!(x, Entry::Unit(_))) {
            return None;
        }
        let mut glued_scale = Decimal::ONE;
        if !ordinal
            && !before_plain_noun
            && end == i + 1
            && (self.glued(end) || !lit.plain && glued_scale_at(end).is_some_and(|(_, e)| ends_clause(e)))
            && let Some(((m, mode), e)) = glued_scale_at(end)
            && (mode == GluedScale::Any || !lit.integer)
            && (lit.integer || lit.step.scale() <= 1 || !self.has(end, |x| matches!(x, Entry::Unit(_))))
            && let (Some(v), Some(st)) = (lit.value.checked_mul(m), lit.step.checked_mul(m))
        {
            value = v;
            step = st;
            glued_scale = m;
            end = e;
        }
        // "5m customers", "1m barrels", "113.5m ounces": a letter that is also a
        // unit is the scale against the digits when what follows is counted or
        // measured; "a 10m wall", "the 800m final" and "400m hurdles" (a noun the
        // rule lists) keep the unit. (Before a currency name the money patterns
        // read it already.)
        if glued_scale == Decimal::ONE
            && !ordinal
            && !currency_before
            && end == i + 1
            && self.glued(end)
            && let Some((m, e)) = self.longest(end, |x| match x {
                Entry::ScaleAbbreviation { value, glued: GluedScale::BeforeNoun, .. } => Some(value),
                _ => None,
            })
            && self.toks.get(e).is_some_and(|t| t.kind == TokenKind::Word && !t.glued())
            && (self.is_plain_plural_noun(e)
                || self.unit_follows(e)
                || self.has(e, |x| matches!(x, Entry::Counted(_) | Entry::Duration(_))))
            && !self
                .lex
                .scale_not_before
                .iter()
                .any(|w| self.toks[e].bytes(self.text).eq_ignore_ascii_case(w.as_bytes()))
            && let (Some(v), Some(st)) = (lit.value.checked_mul(m), lit.step.checked_mul(m))
        {
            value = v;
            step = st;
            glued_scale = m;
            end = e;
        }
        // "5 pm", "1700 hrs": a time of day. A time word that is also a unit of
        // time ("hrs") makes a clock time only after three or four plain digits
        // ("1.5 hrs", "3 hrs" are durations).
        if self.has(end, |e| e == Entry::TimeWord)
            && !(self.has(end, |e| matches!(e, Entry::Duration(_))) && !(lit.plain && lit.digits >= 3))
        {
            return None;
        }
        // "Boeing 747", "Windows 10": a plain integer after a capitalized word that
        // is not the start of a sentence and means nothing to the lexicon. A unit
        // after it makes it a quantity again ("Everest 8,849 m"), but not a
        // capital letter glued to it: "Boeing 777F" is a freighter, not 777 °F.
        if lit.plain
            && i > 1
            && !tok.glued()
            && self.is_model_name_prefix(i - 1)
            && (self.letter_suffix(end) || !self.unit_follows(end))
        {
            return None;
        }
        // "1/5"
        if self.is_symbol(end, &["/"]) && self.glued(end) && self.glued(end + 1) {
            let denominator = self.toks.get(end + 1).filter(|t| t.kind == TokenKind::Number);
            if let Some(d) = denominator.and_then(|d| parse_literal(d.text(self.text)))
                && lit.plain
                && d.plain
                && !d.value.is_zero()
            {
                value = value.checked_div(d.value)?;
                step = Decimal::ZERO;
                end += 2;
            }
        }
        // "10 1/2": a whole number and a proper fraction.
        if end == i + 1 && lit.plain && !self.glued(end) && self.is_symbol(end + 1, &["/"]) {
            let part = |k: usize| {
                self.toks.get(k).filter(|t| t.kind == TokenKind::Number && !self.blocked[k]).and_then(|t| {
                    let s = t.text(self.text);
                    if s.bytes().all(|b| b.is_ascii_digit()) && s.len() <= 2 { s.parse::<i64>().ok() } else { None }
                })
            };
            if self.glued(end + 1)
                && self.glued(end + 2)
                && let (Some(a), Some(b)) = (part(end), part(end + 2))
                && a > 0
                && a < b
                && b <= 16
                && !self.glued(end + 3)
            {
                value += Decimal::from(a) / Decimal::from(b);
                step = Decimal::ZERO;
                end += 3;
            }
        }
        // "3½"
        if let Some((f, e)) = self.longest(end, |x| if let Entry::FractionChar(f) = x { Some(f) } else { None })
            && self.glued(end)
        {
            value += f;
            end = e;
        }
        let year_like = lit.plain && lit.digits == 4 && (1000..=2999).contains(&lit.value.trunc().mantissa());
        let mut num = Num {
            value,
            step,
            end,
            words: false,
            scale: glued_scale,
            ordinal,
            article: false,
            after_definite,
            year_like,
        };
        if glued_scale == Decimal::ONE {
            self.apply_scale(&mut num);
            self.continue_group(&mut num);
        }
        // "3 million and a half", "2 and a quarter"
        if self.is_word(num.end, "and")
            && let Some((frac, e)) = self.fraction_at(num.end + 1)
            && frac < Decimal::ONE
            && let Some(add) = frac.checked_mul(num.scale)
        {
            num.value += if num.value.is_sign_negative() { -add } else { add };
            num.step = num.step.min(add);
            num.end = e;
        }
        Some(num)
    }

    /// Scientific notation and powers after a literal at `i`: "e10", "e+14",
    /// "e-1" (glued letter e), "^23", "^-1", and "x10^6". Returns the value and
    /// the token after it.
    fn exponent_at(&self, i: usize, base: Decimal) -> Option<(Decimal, usize)> {
        let int_at = |k: usize| -> Option<(i64, usize)> {
            let (neg, k) = if self.is_symbol(k, &["-", "+"]) && self.glued(k) {
                (self.tok_text(k) == "-", k + 1)
            } else {
                (false, k)
            };
            let t = self.toks.get(k).filter(|t| t.kind == TokenKind::Number && t.glued())?;
            let s = t.text(self.text);
            if !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 2 {
                return None;
            }
            let n: i64 = s.parse().ok()?;
            Some((if neg { -n } else { n }, k + 1))
        };
        let pow = |b: Decimal, e: i64| -> Option<Decimal> {
            if e.abs() > 28 {
                return None;
            }
            let mut r = Decimal::ONE;
            for _ in 0..e.abs() {
                r = r.checked_mul(b)?;
            }
            if e < 0 { Decimal::ONE.checked_div(r) } else { Some(r) }
        };
        let next = self.toks.get(i).filter(|t| t.glued())?;
        let word = next.text(self.text);
        if next.kind == TokenKind::Word && (word == "e" || word == "E") {
            let (e, end) = int_at(i + 1)?;
            return Some((base.checked_mul(pow(Decimal::TEN, e)?)?, end));
        }
        if next.kind == TokenKind::Word && (word == "x" || word == "×") || self.is_symbol(i, &["×"]) {
            let ten = self.toks.get(i + 1).filter(|t| t.glued() && t.text(self.text) == "10")?;
            let _ = ten;
            if !self.is_symbol(i + 2, &["^"]) || !self.glued(i + 2) {
                return None;
            }
            let (e, end) = int_at(i + 3)?;
            return Some((base.checked_mul(pow(Decimal::TEN, e)?)?, end));
        }
        if self.is_symbol(i, &["^"]) {
            let (e, end) = int_at(i + 1)?;
            return Some((pow(base, e)?, end));
        }
        None
    }

    /// "4 thousand 3 hundred and 21", "6 crore and two hundred": digits with a
    /// scale word, then the smaller rest of the number.
    fn continue_group(&self, num: &mut Num) {
        let s = num.scale;
        if s < Decimal::ONE_HUNDRED || num.end == 0 || !self.has(num.end - 1, |e| matches!(e, Entry::Multiplier(_))) {
            return;
        }
        let and = self.is_word(num.end, "and");
        let at = num.end + usize::from(and);
        if self.glued(at)
            || !self.toks.get(at).is_some_and(|t| t.kind == TokenKind::Number || t.kind == TokenKind::Word)
        {
            return;
        }
        if and && self.fraction_at(at).is_some_and(|(f, _)| f < Decimal::ONE) {
            return;
        }
        let Some(rest) = self.read_unsigned(at) else { return };
        if rest.value.fract() != Decimal::ZERO
            || rest.article
            || rest.ordinal
            || rest.value <= Decimal::ZERO
            || rest.value >= s
        {
            return;
        }
        let ok = if and {
            rest.words || rest.value < Decimal::ONE_HUNDRED.min(s)
        } else {
            rest.words || rest.scale > Decimal::ONE
        };
        if ok {
            num.value += rest.value;
            num.step = num.step.min(rest.step);
            num.end = rest.end;
        }
    }

    fn is_model_name_prefix(&self, w: usize) -> bool {
        let t = self.toks[w];
        if t.kind != TokenKind::Word || !self.phrases(w).is_empty() {
            return false;
        }
        let s = t.text(self.text);
        if !s.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        // Sentence-initial capitals say nothing: a word after one of these, or
        // the text's first, leads no name.
        let breaks = |k: usize| {
            let p = self.toks[k];
            p.kind == TokenKind::Symbol
                && matches!(p.text(self.text), "." | "!" | "?" | ":" | "\"" | "“" | "(" | "-" | "–" | "—")
        };
        let capitalized = |k: usize| {
            self.toks[k].kind == TokenKind::Word && self.toks[k].text(self.text).starts_with(|c: char| c.is_uppercase())
        };
        // "Half-Life 2": a hyphen inside a compound is no break; the compound's
        // first word decides.
        let compound = w >= 1 && self.is_symbol(w - 1, &["-"]) && t.glued() && self.glued(w - 1);
        if compound { w >= 3 && capitalized(w - 2) && !breaks(w - 3) } else { w >= 1 && !breaks(w - 1) }
    }

    /// Whether token `i` is one capital letter ("K" of "10-K", "F" of "777F").
    fn is_capital_letter(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| matches!(t.bytes(self.text), [b] if b.is_ascii_uppercase()))
    }

    /// Whether token `i` is one capital letter glued to what precedes it, as
    /// in a label or a model name ("No. 4F", "777F"), not a unit.
    fn letter_suffix(&self, i: usize) -> bool {
        self.glued(i) && self.is_capital_letter(i)
    }

    /// Whether letters at `i` are glued between digits ("24703m212"): a code
    /// goes on, and they are no unit.
    fn code_goes_on(&self, i: usize) -> bool {
        self.glued(i) && self.glued(i + 1) && self.toks.get(i + 1).is_some_and(|t| t.kind == TokenKind::Number)
    }

    fn unit_follows(&self, i: usize) -> bool {
        self.has(i, |e| {
            matches!(
                e,
                Entry::Unit(_)
                    | Entry::Counted(_)
                    | Entry::CurrencyName { .. }
                    | Entry::CurrencyCode(_)
                    | Entry::Duration(_)
                    | Entry::Multiplier(_)
                    | Entry::ScaleAbbreviation { ambiguous: false, .. }
            )
        })
    }

    /// "1.2 million", "90-billion", "3bn", "12 mln", "2 dozen".
    fn apply_scale(&self, num: &mut Num) {
        let mut at = num.end;
        let hyphen = self.is_symbol(at, &["-"]) && self.glued(at) && self.glued(at + 1);
        if hyphen {
            at += 1;
        }
        let scale = self.longest(at, |e| match e {
            Entry::Multiplier(m) if m >= Decimal::ONE_THOUSAND => Some(m),
            // "3 hundred", "322 hundred"
            Entry::Multiplier(m) if !hyphen => Some(m),
            Entry::ScaleAbbreviation { value, ambiguous: false, .. } if !hyphen => Some(value),
            Entry::Dozen(d) if !hyphen => Some(d),
            _ => None,
        });
        if let Some((m, end)) = scale
            && let (Some(v), Some(s)) = (num.value.checked_mul(m), num.step.checked_mul(m))
        {
            num.value = v;
            num.step = s;
            num.scale *= m;
            num.end = end;
            // "3 lakh crore", "5 thousand million": a larger multiplier right after.
            if let Some((m2, end2)) = self.longest(end, |e| if let Entry::Multiplier(x) = e { Some(x) } else { None })
                && m2 > m
                && m >= Decimal::ONE_THOUSAND
                && let (Some(v), Some(s)) = (num.value.checked_mul(m2), num.step.checked_mul(m2))
            {
                num.value = v;
                num.step = s;
                num.scale *= m2;
                num.end = end2;
            }
        }
    }

    fn number_entry(&self, i: usize) -> Option<Entry> {
        self.phrases(i).iter().filter(|m| m.end == i + 1).map(|m| m.entry).find(|e| {
            matches!(
                e,
                Entry::NumberUnit(_)
                    | Entry::NumberTen(_)
                    | Entry::Multiplier(_)
                    | Entry::Dozen(_)
                    | Entry::FractionWord(_)
                    | Entry::FractionChar(_)
                    | Entry::ArticleNumber(_)
            )
        })
    }

    fn read_words(&self, i: usize, after_definite: bool) -> Option<Num> {
        self.read_words_until(i, after_definite, self.toks.len())
    }

    /// Whether a qualifier of counts ("more than", "nearly"; not "by") ends
    /// right before `i`.
    fn qualifier_ends_at(&self, i: usize) -> bool {
        (i.saturating_sub(self.lex.max_phrase_tokens)..i).any(|k| {
            self.phrases(k).iter().any(|m| {
                m.end == i
                    && matches!(m.entry, Entry::Qualifier { not_kinds, .. }
                            if !crate::rules::excludes_kind(not_kinds, Kind::Count))
            })
        })
    }

    /// The denominator an ordinal word stands for ("fifths" 5, "hundredth" 100),
    /// and whether it only counts after a tens word ("twenty-first").
    fn ordinal_denominator(&self, k: usize) -> Option<(Decimal, bool)> {
        match self.number_entry(k).or_else(|| self.compound_fraction(k)) {
            Some(Entry::FractionWord(f)) if !f.is_zero() => Some(((Decimal::ONE / f).round(), false)),
            Some(Entry::CompoundFraction(f)) if !f.is_zero() => Some(((Decimal::ONE / f).round(), true)),
            _ => None,
        }
    }

    fn compound_fraction(&self, k: usize) -> Option<Entry> {
        self.phrases(k)
            .iter()
            .find(|m| m.end == k + 1 && matches!(m.entry, Entry::CompoundFraction(_)))
            .map(|m| m.entry)
    }

    /// A fraction whose denominator is an ordinal: "three fifths", "a
    /// trillionth", "three twenty-firsts", "one hundred thirty fifths" (100/35),
    /// "one one hundred fifth" (1/105), "a hundred thousand trillionths".
    ///
    /// The denominator takes the tens word before a unit ordinal ("thirty
    /// fifths") and the hundreds or thousands before one ("one hundred fifth"),
    /// when a numerator is left before it; a unit word before the ordinal
    /// belongs to the numerator ("thirty two fifths" is 32/5). A singular
    /// denominator needs the numerator one ("two fifth" is no fraction), and
    /// is an ordinal before a noun ("a fifth term") or after "the". An "and"
    /// in the numerator is left to the reader of "two hundred and three
    /// quarters" (200.75). "two thirds of a million" multiplies.
    fn ordinal_fraction(&self, i: usize, after_definite: bool, limit: usize) -> Option<Num> {
        let number_word = |k: usize| {
            matches!(self.number_entry(k), Some(Entry::NumberUnit(_) | Entry::NumberTen(_) | Entry::Multiplier(_)))
                && !self.tok_text(k).ends_with(['s', 'S'])
        };
        let hyphen = |k: usize| self.is_symbol(k, &["-"]) && self.glued(k) == self.glued(k + 1);
        let article = self.is_word(i, "a") || self.is_word(i, "an");
        // The run of number words up to the ordinal.
        let mut k = i + usize::from(article);
        while k < limit && (number_word(k) || (k > i && (self.is_word(k, "and") || hyphen(k)))) {
            k += 1;
        }
        if k >= limit || k == i || self.glued(k) && !self.is_symbol(k - 1, &["-"]) {
            return None;
        }
        let (n, compound_only) = self.ordinal_denominator(k)?;
        let before = |k: usize| if k > i && hyphen(k - 1) { k - 1 } else { k };
        // Where the denominator starts, and its value.
        let mut d = k;
        let mut den = n;
        if n < Decimal::TEN {
            let p = before(k);
            // "one hundred and thirty fifths": "and" ties the tens to the numerator.
            if p > i
                && let Some(Entry::NumberTen(t)) = self.number_entry(p - 1)
                && !(p - 1 > i && self.is_word(p - 2, "and"))
            {
                d = p - 1;
                den = t + n;
            }
        }
        if d == k && n < Decimal::ONE_HUNDRED {
            let mut p = before(k);
            if p > i && self.is_word(p - 1, "and") {
                p -= 1;
            }
            if p > i
                && let Some(Entry::Multiplier(m)) = self.number_entry(p - 1)
                && (m == Decimal::ONE_HUNDRED || m == Decimal::ONE_THOUSAND)
            {
                d = p - 1;
                den = m + n;
                // "one hundred fifth", unless the unit is the end of "ninety-five".
                if d > i
                    && let Some(Entry::NumberUnit(u)) = self.number_entry(d - 1)
                    && u < Decimal::TEN
                    && !(d > i + 1 && hyphen(d - 2))
                {
                    d -= 1;
                    den = u * m + n;
                } else if d > i + 1 && hyphen(d - 2) {
                    d = k;
                    den = n;
                }
            }
        }
        // No numerator left, or one cut in the middle of "ninety-five": the
        // words before the ordinal are the numerator.
        let numerator_at = |d: usize| -> Option<Decimal> {
            let end = if d > i && hyphen(d - 1) { d - 1 } else { d };
            if end <= i {
                return None;
            }
            // "one hundred and three quarters" is 100 3/4, read elsewhere.
            if let Some(a) = (i..end).rev().find(|&a| self.is_word(a, "and"))
                && self.fraction_at(a + 1).is_some_and(|(f, e)| f < Decimal::ONE && e == k + 1)
            {
                return None;
            }
            if article && end == i + 1 {
                return Some(Decimal::ONE);
            }
            let num = self.read_words_until(i, after_definite, end)?;
            (num.end == end && !num.article && !num.ordinal).then_some(num.value)
        };
        let numerator = match numerator_at(d) {
            Some(v) => v,
            None if d != k && !compound_only => {
                den = n;
                d = k;
                numerator_at(d)?
            }
            None => return None,
        };
        let _ = d;
        if compound_only && den == n {
            return None;
        }
        let singular = !self.tok_text(k).ends_with(['s', 'S']);
        // "a fifth term", "a third and final": an ordinal. "one quarter and" is
        // a fraction; "a quarter of" either.
        let next_is_plain_word = self.toks.get(k + 1).is_some_and(|t| {
            t.kind == TokenKind::Word
                && !self.is_word(k + 1, "of")
                && (article || !self.has(k + 1, |e| e == Entry::NotCounted))
                && self.number_entry(k + 1).is_none()
        });
        if singular && (numerator != Decimal::ONE || next_is_plain_word || after_definite) {
            return None;
        }
        let mut value = numerator.checked_div(den)?;
        // "four quarters", "a quarter" with coin rules: coins.
        if (article || value >= Decimal::ONE) && self.coin_not_fraction(k) {
            return None;
        }
        let mut end = k + 1;
        let mut scale = Decimal::ONE;
        // "two thirds of a million"
        if self.is_word(end, "of")
            && (self.is_word(end + 1, "a") || self.is_word(end + 1, "an"))
            && let Some(Entry::Multiplier(m)) = self.number_entry(end + 2)
            && m >= Decimal::ONE_THOUSAND
            && let Some(v) = value.checked_mul(m)
        {
            value = v;
            scale = m;
            end += 3;
        }
        Some(Num::in_words(value, Decimal::ZERO, end, scale, after_definite))
    }

    fn read_words_until(&self, i: usize, after_definite: bool, limit: usize) -> Option<Num> {
        let n = limit;
        let mk = |value: Decimal, step: Decimal, end: usize, scale: Decimal| {
            Num::in_words(value, step, end, scale, after_definite)
        };
        if let Some(Entry::FractionChar(f)) = self.number_entry(i) {
            return Some(mk(f, Decimal::ZERO, i + 1, Decimal::ONE));
        }
        if let Some(num) = self.ordinal_fraction(i, after_definite, limit) {
            return Some(num);
        }
        let is_article = self.is_word(i, "a") || self.is_word(i, "an");
        // "half a million", "half million", "half a dozen"
        if let Some(Entry::FractionWord(f)) = self.number_entry(i) {
            let article = usize::from(self.is_word(i + 1, "a") || self.is_word(i + 1, "an"));
            match self.number_entry(i + 1 + article) {
                Some(Entry::Multiplier(m)) if m >= Decimal::ONE_THOUSAND => {
                    return Some(mk(f * m, f * m / Decimal::TEN, i + 2 + article, m));
                }
                Some(Entry::Dozen(d)) if article == 1 => return Some(mk(f * d, Decimal::ONE, i + 3, Decimal::ONE)),
                // "half an hour", "half day", "quarter century": part of one unit of
                // time ("eleventh hour", "nineteenth month" are positions).
                _ if (f == Decimal::new(5, 1) || f == Decimal::new(25, 2))
                    && self.has(i + 1 + article, |e| matches!(e, Entry::Duration(_))) =>
                {
                    return Some(mk(f, f, i + 1 + article, Decimal::ONE));
                }
                // "more than half", "nearly half": a share bounded by a qualifier
                // ("the second half", "over sixth seed" are none).
                _ if article == 0
                    && f == Decimal::new(5, 1)
                    && !self.tok_text(i).ends_with(['s', 'S'])
                    && !self.glued(i)
                    && !self.glued(i + 1)
                    && self.qualifier_ends_at(i) =>
                {
                    return Some(mk(f, f, i + 1, Decimal::ONE));
                }
                _ => return None,
            }
        }
        let mut j = i;
        let mut total = Decimal::ZERO;
        let mut group = Decimal::ZERO;
        let mut any = false;
        let mut has_units = false; // the group holds units (1-19)
        let mut has_tens = false;
        let mut last_mult: Option<Decimal> = None;
        let mut step = Decimal::ONE;
        let mut scale = Decimal::ONE;
        if is_article {
            match self.number_entry(i + 1) {
                // "a couple", "a pair of shoes"; "of" joins before what is
                // measured or counted ("a couple of weeks").
                Some(Entry::ArticleNumber(v)) if i + 1 < limit && !self.glued(i + 1) => {
                    let of = self.is_word(i + 2, "of") && (i + 3 >= self.toks.len() || self.unit_follows(i + 3));
                    return Some(mk(v, Decimal::ONE, i + 2 + usize::from(of), Decimal::ONE));
                }
                Some(Entry::Multiplier(_) | Entry::Dozen(_) | Entry::FractionWord(_))
                    if !self.coin_not_fraction(i + 1) =>
                {
                    group = Decimal::ONE;
                    j = i + 1;
                }
                _ => {
                    // "a civilian", "a dollar": one, only before a listed counted
                    // noun or an unambiguous currency name.
                    let noun = |e: Entry| {
                        matches!(e, Entry::Counted(_) | Entry::CurrencyName { ambiguous: false, word: true, .. })
                    };
                    // "for an hour", "waited a month": one unit of time, only where
                    // a span of time is meant ("$5 million a year" is a rate).
                    let time_taker = i == 0
                        || matches!(
                            self.tok_text(i - 1).to_ascii_lowercase().as_str(),
                            "for"
                                | "within"
                                | "about"
                                | "around"
                                | "nearly"
                                | "almost"
                                | "over"
                                | "than"
                                | "took"
                                | "lasted"
                                | "lasting"
                                | "spent"
                                | "waited"
                                | "only"
                                | "just"
                                | "barely"
                        );
                    let duration = time_taker && self.has(i + 1, |e| matches!(e, Entry::Duration(_)));
                    if (self.has(i + 1, noun) || duration) && !self.glued(i + 1) {
                        let mut num = mk(Decimal::ONE, Decimal::ONE, i + 1, Decimal::ONE);
                        num.article = true;
                        return Some(num);
                    }
                    return None;
                }
            }
        }
        while j < n {
            if j > i && self.glued(j) && !self.is_symbol(j, &["-"]) && self.toks[j].kind != TokenKind::Word {
                break;
            }
            let Some(entry) = self.number_entry(j) else {
                // "and" inside a number: "one hundred and sixteen", "one and a half".
                if self.is_word(j, "and") && any {
                    // "one and a half", "five and three quarters", "3 million and a half",
                    // "one hundred and three quarters", "one billion and a half million".
                    // A fractional part is below one: "one hundred and thirty
                    // fifths" is 130/5.
                    if let Some((frac, end)) = self.fraction_at(j + 1).filter(|(f, _)| *f < Decimal::ONE) {
                        let after = self.longest(end, |e| match e {
                            Entry::Multiplier(m) if m >= Decimal::ONE_THOUSAND => Some(m),
                            _ => None,
                        });
                        match (after, last_mult) {
                            // "one billion and a half million"
                            (Some((m, e)), Some(lm)) if m < lm && group.is_zero() => {
                                total += frac * m;
                                step = step.min(frac * m);
                                j = e;
                            }
                            // "five and a half million"
                            (Some((m, e)), None) if (group + frac).checked_mul(m).is_some() => {
                                total = (group + frac) * m;
                                group = Decimal::ZERO;
                                step = (frac * m).min(m);
                                scale = m;
                                last_mult = Some(m);
                                j = e;
                            }
                            _ => {
                                if group.is_zero()
                                    && let Some(m) = last_mult
                                {
                                    total += frac * m;
                                    step = step.min(frac * m);
                                } else {
                                    group += frac;
                                    step = frac.min(Decimal::ONE);
                                }
                                j = end;
                            }
                        }
                        break;
                    }
                    let next = self.number_entry(j + 1);
                    if (last_mult.is_some() || group >= Decimal::ONE_HUNDRED)
                        && matches!(next, Some(Entry::NumberUnit(_) | Entry::NumberTen(_)))
                        && group % Decimal::ONE_HUNDRED == Decimal::ZERO
                    {
                        j += 1;
                        continue;
                    }
                }
                // "one-eighth", "five - eighths": a hyphen between a unit and a fraction word
                // (glued on both sides or spaced on both sides).
                if self.is_symbol(j, &["-"])
                    && has_units
                    && !has_tens
                    && group < Decimal::TEN
                    && self.glued(j) == self.glued(j + 1)
                    && matches!(self.number_entry(j + 1), Some(Entry::FractionWord(_)))
                {
                    j += 1;
                    continue;
                }
                // "two hundred point zero three", "nine point five million".
                if self.is_word(j, "point")
                    && any
                    && !self.glued(j)
                    && let Some((frac, places, end)) = self.decimal_words(j + 1)
                {
                    group += frac;
                    step = Decimal::new(1, places);
                    has_units = true;
                    has_tens = true;
                    j = end;
                    continue;
                }
                break;
            };
            match entry {
                Entry::NumberUnit(v) => {
                    if has_units || (has_tens && v >= Decimal::TEN) {
                        break;
                    }
                    group += v;
                    has_units = true;
                    j += 1;
                }
                Entry::NumberTen(v) => {
                    // "one twenty-two": a lone unit before a tens compound says
                    // the hundreds (122).
                    let unit_at = |k: usize| matches!(self.number_entry(k), Some(Entry::NumberUnit(u)) if u < Decimal::TEN && !u.is_zero());
                    let compound = (unit_at(j + 1) && !self.glued(j + 1))
                        || (self.is_symbol(j + 1, &["-"]) && self.glued(j + 1) && unit_at(j + 2));
                    let spoken_hundreds =
                        has_units && !has_tens && j == i + 1 && group < Decimal::TEN && last_mult.is_none() && compound;
                    if (has_units && !spoken_hundreds) || has_tens {
                        break;
                    }
                    if spoken_hundreds {
                        group *= Decimal::ONE_HUNDRED;
                        has_units = false;
                    }
                    group += v;
                    has_tens = true;
                    j += 1;
                    // "thirty-two"
                    // "fifty - two": spaced on both sides, as tokenized text writes it.
                    if self.is_symbol(j, &["-"])
                        && self.glued(j) == self.glued(j + 1)
                        && let Some(Entry::NumberUnit(u)) = self.number_entry(j + 1)
                        && u < Decimal::TEN
                        && !u.is_zero()
                    {
                        group += u;
                        has_units = true;
                        j += 2;
                    }
                }
                Entry::Multiplier(m) if m == Decimal::ONE_HUNDRED => {
                    // "hundreds of homes" alone is no number.
                    if group >= Decimal::ONE_HUNDRED || (group.is_zero() && self.tok_text(j).ends_with(['s', 'S'])) {
                        break;
                    }
                    group = group.max(Decimal::ONE) * m;
                    has_units = false;
                    has_tens = false;
                    step = Decimal::ONE_HUNDRED;
                    j += 1;
                }
                Entry::Multiplier(m) => {
                    // "three lakh crore", "three thousand millions": a larger multiplier
                    // right after another multiplies the whole.
                    if let Some(p) = last_mult
                        && m > p
                        && group.is_zero()
                        && j > i
                        && self.number_entry(j - 1) == Some(Entry::Multiplier(p))
                    {
                        let (Some(t), Some(st), Some(sc)) =
                            (total.checked_mul(m), step.checked_mul(m), scale.checked_mul(m))
                        else {
                            break;
                        };
                        total = t;
                        last_mult = Some(m);
                        step = st;
                        scale = sc;
                        j += 1;
                        continue;
                    }
                    if last_mult.is_some_and(|p| m >= p) || (!any && group.is_zero()) {
                        break;
                    }
                    total += group.max(Decimal::ONE) * m;
                    group = Decimal::ZERO;
                    has_units = false;
                    has_tens = false;
                    last_mult = Some(m);
                    step = m;
                    scale = m;
                    j += 1;
                }
                Entry::Dozen(d) => {
                    if !any && group.is_zero() {
                        break;
                    }
                    // "three hundred and two dozens": the dozen takes what follows the hundreds.
                    let hundreds = if group >= Decimal::ONE_HUNDRED {
                        group - group % Decimal::ONE_HUNDRED
                    } else {
                        Decimal::ZERO
                    };
                    // "two hundred dozens": nothing after the hundreds, so all of it.
                    group = if hundreds > Decimal::ZERO && group == hundreds {
                        group * d
                    } else {
                        hundreds + (group - hundreds).max(Decimal::ONE) * d
                    };
                    has_units = true;
                    j += 1;
                }
                Entry::FractionWord(f) => {
                    // "three quarters", "two thirds", "a quarter".
                    if group.is_zero() || group >= Decimal::ONE_HUNDRED || last_mult.is_some() {
                        break;
                    }
                    // "four quarters" with coin rules: four of the coin.
                    if group * f >= Decimal::ONE && self.coin_not_fraction(j) {
                        break;
                    }
                    // "three fifth-graders", "two third-quarter goals": an ordinal
                    // adjective; a singular takes the numerator one only.
                    let adjective = self.is_symbol(j + 1, &["-"]) && self.glued(j + 1) && self.glued(j + 2);
                    let singular = !self.tok_text(j).ends_with(['s', 'S']);
                    if adjective || (singular && group != Decimal::ONE) {
                        break;
                    }
                    // "a fifth term", "a third time": an ordinal, not a fraction.
                    let next_is_plain_word = self.toks.get(j + 1).is_some_and(|t| {
                        t.kind == TokenKind::Word
                            && !self.is_word(j + 1, "of")
                            && (is_article || !self.has(j + 1, |e| e == Entry::NotCounted))
                            && self.number_entry(j + 1).is_none()
                    });
                    if group == Decimal::ONE && next_is_plain_word {
                        break;
                    }
                    group *= f;
                    step = f;
                    j += 1;
                    any = true;
                    break;
                }
                _ => break,
            }
            any = true;
        }
        if !any {
            return None;
        }
        // "one hundred fifth", "twenty-first": number words that end in a
        // singular ordinal make a position, not a quantity.
        let at = if self.is_symbol(j, &["-"]) && self.glued(j) && self.glued(j + 1) { j + 1 } else { j };
        // ("three fifth-graders": a unit before an ordinal is no compound.)
        if at < self.toks.len()
            && j > i
            && matches!(self.number_entry(j - 1), Some(Entry::NumberTen(_) | Entry::Multiplier(_)))
            && !self.tok_text(at).ends_with(['s', 'S'])
            && self.ordinal_denominator(at).is_some_and(|(d, compound)| compound || d > Decimal::TWO)
        {
            return None;
        }
        let value = total + group;
        if !group.is_zero() && last_mult.is_some() {
            step = Decimal::ONE.min(step);
        }
        Some(mk(value, step, j, scale))
    }

    /// A fraction word at `i` that rules also make a currency name (a coin
    /// pack's "quarters" = USD 0.25), where it may name the money: not before
    /// "of" ("a quarter of the vote"), a hyphen ("a quarter-hour") or a number
    /// word ("a quarter million"), nor as "and a quarter" ("seven hours and a
    /// quarter"). The callers read it as money only after an article ("a
    /// quarter") or where the fraction would be one or more ("four quarters"):
    /// "three quarters", "one quarter" stay fractions.
    fn coin_not_fraction(&self, i: usize) -> bool {
        self.masks.get(i).is_some_and(|m| m & bits::CURRENCY_NAME != 0)
            && self.has(i, |e| matches!(e, Entry::CurrencyName { word: true, ambiguous: false, .. }))
            && !self.is_word(i + 1, "of")
            && !(self.is_symbol(i + 1, &["-"]) && self.glued(i + 1))
            && self.number_entry(i + 1).is_none()
            && !self.after_and_article(i)
    }

    /// A fraction in words at `i`: "a half", "one quarter", "three fifths".
    /// Returns its value and the token after it.
    fn fraction_at(&self, i: usize) -> Option<(Decimal, usize)> {
        let (numerator, at) = if self.is_word(i, "a") || self.is_word(i, "an") {
            (Decimal::ONE, i + 1)
        } else {
            match self.number_entry(i)? {
                Entry::NumberUnit(v) if !v.is_zero() => (v, i + 1),
                // "fifty-four hundredths"
                Entry::NumberTen(t) => match self.number_entry(i + 2) {
                    Some(Entry::NumberUnit(u))
                        if self.is_symbol(i + 1, &["-"]) && self.glued(i + 1) && u < Decimal::TEN =>
                    {
                        (t + u, i + 3)
                    }
                    _ => (t, i + 1),
                },
                // "six and half years", "one and quarter hour": a bare singular
                // fraction, only right before a unit of time or measure.
                Entry::FractionWord(_)
                    if !self.tok_text(i).ends_with(['s', 'S'])
                        && !self.glued(i + 1)
                        && self.toks.get(i + 1).is_some_and(|t| t.end - t.start > 2)
                        && self.has(i + 1, |e| matches!(e, Entry::Duration(_) | Entry::Unit(_))) =>
                {
                    (Decimal::ONE, i)
                }
                _ => return None,
            }
        };
        let Some(Entry::FractionWord(f)) = self.number_entry(at) else { return None };
        if self.glued(at) {
            return None;
        }
        Some((numerator * f, at + 1))
    }

    /// The digits after "point" in words: "zero three" → 0.03, "seventy-one" → 0.71.
    /// Returns the fraction, its decimal places and the token after it.
    fn decimal_words(&self, i: usize) -> Option<(Decimal, u32, usize)> {
        let mut digits = String::new();
        let mut j = i;
        while let Some(Entry::NumberUnit(v)) = self.number_entry(j) {
            if v >= Decimal::TEN {
                if digits.is_empty() {
                    digits = v.to_string();
                    j += 1;
                }
                break;
            }
            digits.push_str(&v.to_string());
            j += 1;
        }
        if digits.is_empty()
            && let Some(Entry::NumberTen(t)) = self.number_entry(j)
        {
            let mut v = t;
            j += 1;
            if self.is_symbol(j, &["-"])
                && self.glued(j)
                && let Some(Entry::NumberUnit(u)) = self.number_entry(j + 1)
                && u < Decimal::TEN
            {
                v += u;
                j += 2;
            }
            digits = v.to_string();
        }
        if digits.is_empty() || digits.len() > 20 {
            return None;
        }
        let places = digits.len() as u32;
        let n: i64 = digits.parse().ok()?;
        Some((Decimal::new(n, places), places, j))
    }

    // ---- patterns --------------------------------------------------------

    fn match_pattern(&self, p: &Pattern, i: usize) -> Option<Candidate> {
        if !self.could_start(p, i) {
            return None;
        }
        if !p.not_after.is_empty() && i > 0 {
            let prev = self.tok_text(i - 1);
            if p.not_after.iter().any(|w| w.eq_ignore_ascii_case(prev)) {
                return None;
            }
        }
        if !self.follows_one_of(&p.after, i) {
            return None;
        }
        let mut slots = Slots::default();
        let end = self.match_items(p, 0, i, &mut slots)?;
        self.build(p, &slots, end)
    }

    /// Whether a token with these mask bits may open a reader that needs one of
    /// `need` (always, without shortcuts).
    #[inline]
    fn opens(&self, mask: u32, need: u32) -> bool {
        self.exhaustive || mask & need != 0
    }

    /// Whether token `k` is a direction word ("next", "last", "this"), any case.
    fn is_direction_word(&self, k: usize) -> bool {
        k < self.toks.len()
            && self
                .rules
                .binding
                .month_direction
                .iter()
                .any(|(w, _)| self.toks[k].bytes(self.text).eq_ignore_ascii_case(w.as_bytes()))
    }

    /// Whether a token is a pattern's literal word `w` (given lower-cased), in
    /// any case.
    #[inline]
    fn token_is_word(&self, t: &Token, w: &str) -> bool {
        let bytes = t.bytes(self.text);
        bytes.eq_ignore_ascii_case(w.as_bytes())
            || (bytes.len() != w.len() && !bytes.is_ascii() && t.text(self.text).to_lowercase() == w)
    }

    /// Whether token `i` comes right after one of `words` ("^": it starts a
    /// sentence); true when there are none.
    fn follows_one_of(&self, words: &[String], i: usize) -> bool {
        if words.is_empty() {
            return true;
        }
        let before = (i > 0).then(|| self.tok_text(i - 1));
        words
            .iter()
            .any(|w| if w == "^" { self.starts_sentence(i) } else { before.is_some_and(|b| w.eq_ignore_ascii_case(b)) })
    }

    /// Where a day in digits at `pos` ends: past its glued "st", "nd", "rd" or
    /// "th" ("24th"), if it has one.
    fn day_digits_end(&self, pos: usize) -> usize {
        let suffixed = self.toks.get(pos + 1).is_some_and(|t| {
            t.glued()
                && t.kind == TokenKind::Word
                && ["st", "nd", "rd", "th"].iter().any(|o| t.text(self.text).eq_ignore_ascii_case(o))
        });
        if suffixed { pos + 2 } else { pos + 1 }
    }

    /// Whether token `i` opens a sentence (or a line, or a bracket).
    fn starts_sentence(&self, i: usize) -> bool {
        i == 0
            || self.is_symbol(i - 1, &[".", "!", "?", ";", ":", "(", "\"", "“", "—", "–"])
            || self.text[..self.toks[i].start as usize].trim_end_matches([' ', '\t', '\r']).ends_with('\n')
    }

    /// Whether token `i` comes after "and a" / "and an" ("a year and a quarter").
    fn after_and_article(&self, i: usize) -> bool {
        i >= 2 && (self.is_word(i - 1, "a") || self.is_word(i - 1, "an")) && self.is_word(i - 2, "and")
    }

    /// A cheap test of the first item, so that most patterns fail on one look.
    fn could_start(&self, p: &Pattern, i: usize) -> bool {
        let Some(first) = p.items.first() else { return false };
        let Some(&mask) = self.masks.get(i) else { return false };
        if first.optional {
            return true;
        }
        if let ItemKind::Literal(words) = &first.kind {
            return words.first().is_some_and(|w| self.toks[i].text(self.text).eq_ignore_ascii_case(w));
        }
        self.need(&first.kind).is_none_or(|need| mask & need != 0)
    }

    /// Matches items `k..` at `pos`, filling `slots` in place. Only an optional
    /// item needs a copy of the slots, to back out of it; a failed required item
    /// fails the whole pattern.
    fn match_items(&self, p: &Pattern, k: usize, pos: usize, slots: &mut Slots) -> Option<usize> {
        if k == p.items.len() {
            return Some(pos);
        }
        let item = &p.items[k];
        let glue_ok = k == 0 || !p.glue || self.glued(pos);
        let saved = item.optional.then_some(*slots);
        if glue_ok && let Some(next) = self.match_item(&item.kind, pos, slots) {
            if !item.context {
                slots.span_start.get_or_insert(pos);
                slots.span_end = next;
            }
            if let Some(r) = self.match_items(p, k + 1, next, slots) {
                return Some(r);
            }
        }
        let saved = saved?;
        *slots = saved;
        self.match_items(p, k + 1, pos, slots)
    }

    fn match_item(&self, kind: &ItemKind, pos: usize, s: &mut Slots) -> Option<usize> {
        if pos >= self.toks.len() {
            return None;
        }
        if self.need(kind).is_some_and(|need| self.masks[pos] & need == 0) {
            return None;
        }
        let tok = self.toks[pos];
        let plain_int = |i: usize| {
            let t = self.toks[i];
            t.kind == TokenKind::Number && !self.blocked[i] && t.text(self.text).bytes().all(|b| b.is_ascii_digit())
        };
        match kind {
            ItemKind::Number => {
                let n = self.number(pos)?;
                if n.ordinal {
                    return None;
                }
                s.num = Some(n);
                Some(n.end)
            }
            ItemKind::Integer => {
                if !plain_int(pos) {
                    return None;
                }
                let n = self.number(pos)?;
                s.num = Some(n);
                Some(pos + 1)
            }
            ItemKind::Day => {
                // "the second of August", "January twenty-first": an ordinal in words.
                if tok.kind == TokenKind::Word {
                    let (d, end) =
                        self.date_word(pos, |w| if let DateWord::OrdinalDay(d) = w { Some(d) } else { None })?;
                    s.day = Some(d);
                    return Some(end);
                }
                if !plain_int(pos) || tok.text(self.text).len() > 2 {
                    return None;
                }
                let d: u8 = tok.text(self.text).parse().ok()?;
                if !(1..=31).contains(&d) {
                    return None;
                }
                s.day = Some(d);
                Some(self.day_digits_end(pos))
            }
            ItemKind::Year => {
                let t = tok.text(self.text);
                if tok.kind == TokenKind::Word && s.month.is_some() {
                    let (y, end) = self.year_in_words(pos)?;
                    s.year = Some(y);
                    return Some(end);
                }
                if !plain_int(pos) || t.len() != 4 {
                    return None;
                }
                let y: i32 = t.parse().ok()?;
                if !(1000..=2999).contains(&y) {
                    return None;
                }
                // "the G7 2022 summit" aside, a year glued to letters is a name.
                if pos > 0 && tok.glued() && self.toks[pos - 1].kind == TokenKind::Word {
                    return None;
                }
                s.year = Some(y);
                Some(pos + 1)
            }
            ItemKind::MonthNumber => {
                let t = tok.text(self.text);
                if tok.kind != TokenKind::Number || t.len() != 2 {
                    return None;
                }
                let m: u8 = t.parse().ok()?;
                if !(1..=12).contains(&m) {
                    return None;
                }
                s.month = Some(m);
                Some(pos + 1)
            }
            ItemKind::Scale => {
                let (m, end) = self.longest(pos, |e| match e {
                    Entry::ScaleAbbreviation { value, .. } => Some(value),
                    Entry::Multiplier(m) if m >= Decimal::ONE_THOUSAND => Some(m),
                    _ => None,
                })?;
                s.scale = Some(m);
                Some(end)
            }
            ItemKind::CurrencySymbol => {
                let (c, end) = self.longest(pos, |e| if let Entry::CurrencySymbol(c) = e { Some(c) } else { None })?;
                s.currency = Some((c, false, Decimal::ONE));
                Some(end)
            }
            ItemKind::CurrencyCode => {
                let (c, end) = self.longest(pos, |e| if let Entry::CurrencyCode(c) = e { Some(c) } else { None })?;
                s.currency = Some((c, false, Decimal::ONE));
                Some(end)
            }
            ItemKind::CurrencyName => {
                let (c, end) = self.longest(pos, |e| match e {
                    Entry::CurrencyName { currency, ambiguous, factor, .. } => Some((currency, ambiguous, factor)),
                    _ => None,
                })?;
                if s.currency.is_some_and(|(have, _, _)| have != c.0) {
                    return None;
                }
                s.currency = Some(c);
                Some(end)
            }
            ItemKind::Unit => {
                let (u, end) = self.longest(pos, |e| if let Entry::Unit(u) = e { Some(u) } else { None })?;
                // "24703m212": letters between digits make a code, not a unit.
                if self.glued(end) && self.toks.get(end).is_some_and(|t| t.kind == TokenKind::Number) {
                    return None;
                }
                // "800,000 F-Series pickups", "eight C-130 aircraft": a capital
                // letter, or any letter before a number, hyphenated to what
                // follows is a designation, not a unit ("a 40 m-tall tower" keeps
                // its metres).
                if end == pos + 1
                    && let [letter] = self.toks[pos].bytes(self.text)
                    && letter.is_ascii_alphabetic()
                    && self.is_symbol(end, &["-"])
                    && self.glued(end)
                    && self.glued(end + 1)
                    && (letter.is_ascii_uppercase()
                        || self.toks.get(end + 1).is_some_and(|t| t.kind == TokenKind::Number))
                {
                    return None;
                }
                s.unit = Some(u);
                Some(end)
            }
            ItemKind::DurationUnit => {
                if self.blocked[pos] {
                    return None;
                }
                let (d, end) = self.longest(pos, |e| if let Entry::Duration(d) = e { Some(d) } else { None })?;
                // "the 1986 year": four digits before "year" name it ("1986 years"
                // would be a span).
                let year_before = s.num.is_some_and(|n| n.end == pos && n.plain_year().is_some());
                if year_before && self.tok_text(pos).eq_ignore_ascii_case("year") {
                    return None;
                }
                s.duration = Some(d);
                Some(end)
            }
            ItemKind::Counted => {
                if let Some((c, end)) = self.longest(pos, |e| if let Entry::Counted(c) = e { Some(c) } else { None }) {
                    s.counted = Some(Counted::Listed(c));
                    return Some(end);
                }
                // "1986 earnings", "the 2014 elections": four plain digits that
                // read as a year name when, not how many; a noun the rules list
                // still counts ("2000 people").
                let year_before = s.num.is_some_and(|n| n.end == pos && n.plain_year().is_some());
                if !year_before && self.is_plain_plural_noun(pos) {
                    s.counted = Some(Counted::Noun(pos));
                    return Some(pos + 1);
                }
                None
            }
            ItemKind::Qualifier => {
                let (q, end) = self.longest(pos, |e| match e {
                    Entry::Qualifier { qualifier, not_kinds } => Some((qualifier, not_kinds)),
                    _ => None,
                })?;
                s.qualifier = Some(q);
                Some(end)
            }
            ItemKind::Month => {
                let ((m, needs_capital), end) = self.longest(pos, |e| {
                    if let Entry::Month { month, needs_capital } = e { Some((month, needs_capital)) } else { None }
                })?;
                // "14 nov", "dec 3rd": a lower-case short form next to a number is
                // a month too ("may" stays a verb). (Each test only where the one
                // before leaves the answer open: the word lists are scanned last.)
                let word = tok.bytes(self.text);
                let by_number = |k: usize| self.toks.get(k).is_some_and(|t| t.kind == TokenKind::Number);
                let lower_ok = || {
                    (pos.checked_sub(1).is_some_and(by_number) || by_number(end))
                        && !self.lex.month_never_lower_case.iter().any(|w| word.eq_ignore_ascii_case(w.as_bytes()))
                };
                if needs_capital && !tok.text(self.text).starts_with(|c: char| c.is_uppercase()) && !lower_ok() {
                    return None;
                }
                // "MAY7", "MAR8" in a price table: a futures contract's month and
                // year's last digit (May 1987), not a day of the month.
                if word.len() == 3
                    && word.iter().all(u8::is_ascii_uppercase)
                    && self.glued(end)
                    && self.toks.get(end).is_some_and(|t| t.kind == TokenKind::Number && t.bytes(self.text).len() == 1)
                {
                    return None;
                }
                // "Mar." and "Feb." carry their abbreviation dot.
                let short = || self.lex.month_abbreviations.iter().any(|w| word.eq_ignore_ascii_case(w.as_bytes()));
                let end = if self.is_symbol(end, &["."]) && self.glued(end) && short() { end + 1 } else { end };
                s.month = Some(m);
                s.month_word = needs_capital;
                Some(end)
            }
            ItemKind::Weekday => {
                let (d, end) = self.longest(pos, |e| if let Entry::Weekday(d) = e { Some(d) } else { None })?;
                let forward = pos > 0 && self.has(pos - 1, |e| e == Entry::ForwardWord);
                s.weekday = Some((d, forward));
                Some(end)
            }
            ItemKind::Holiday => {
                let (h, end) = self.holiday_at(pos)?;
                match h {
                    Ok((m, d)) => {
                        s.month = Some(m);
                        s.day = Some(d);
                    }
                    Err(movable) => s.movable = Some(movable),
                }
                Some(end)
            }
            ItemKind::RelativeDate => {
                let (r, end) = self.longest(pos, |e| {
                    if let Entry::Relative { unit, offset } = e { Some((unit, offset)) } else { None }
                })?;
                s.relative = Some(r);
                Some(end)
            }
            ItemKind::Literal(words) => {
                let mut j = pos;
                for (k, w) in words.iter().enumerate() {
                    let t = self.toks.get(j)?;
                    if k > 0 && t.space_before && t.kind == TokenKind::Symbol {
                        return None;
                    }
                    if !self.token_is_word(t, w) {
                        return None;
                    }
                    j += 1;
                }
                if words.len() == 1
                    && let Some((_, offset)) = self.rules.binding.month_direction.iter().find(|(w, _)| *w == words[0])
                {
                    s.direction = Some(*offset);
                }
                if words.len() == 1 && words[0] == "s" {
                    s.decade = true;
                }
                Some(j)
            }
            ItemKind::Low | ItemKind::High => None,
        }
    }

    /// A lower-case plural noun that is nothing else in the lexicon: "drones".
    fn is_plain_plural_noun(&self, i: usize) -> bool {
        let t = self.toks[i];
        if t.kind != TokenKind::Word || self.blocked[i] {
            return false;
        }
        plain_plural_shape(t.bytes(self.text)) && self.phrases(i).is_empty()
    }

    fn build(&self, p: &Pattern, s: &Slots, consumed: usize) -> Option<Candidate> {
        let start = s.span_start?;
        let end = s.span_end;
        let is_date =
            p.kind == Some(Kind::Date) || s.month.is_some() || s.weekday.is_some() || s.relative.is_some() || s.decade;
        let mention = if is_date {
            // A month name alone is a date only after "this"/"next"/"last" or a word
            // that takes a time ("in March", "since August"), never "March on" or "may".
            if s.month.is_some() && s.day.is_none() && s.year.is_none() && s.direction.is_none() {
                // "mid-November": the word before a glued dash.
                let dashed =
                    start >= 2 && self.glued(start) && self.is_symbol(start - 1, &["-"]) && self.glued(start - 1);
                let before =
                    start.checked_sub(if dashed { 2 } else { 1 }).map(|k| self.tok_text(k).to_ascii_lowercase());
                let takes_time =
                    before.as_deref().is_some_and(|w| self.rules.binding.month_alone_after.iter().any(|x| x == w));
                if !takes_time {
                    return None;
                }
            }
            // A day alone ("on the 18th") only as a digit ordinal that ends the phrase.
            if s.day.is_some() && s.month.is_none() && s.year.is_none() && s.weekday.is_none() {
                let suffixed = end >= 2 && self.toks[end - 1].glued() && self.toks[end - 2].kind == TokenKind::Number;
                let word_after = self.toks.get(end).is_some_and(|t| t.kind == TokenKind::Word);
                if !suffixed || word_after {
                    return None;
                }
            }
            let value = self.resolve_date(s)?;
            Mention {
                start: self.toks[start].start as usize,
                end: self.toks[end - 1].end as usize,
                kind: Kind::Date,
                value,
                unit: None,
                qualifier: Qualifier::Exact,
                low: None,
                high: None,
                step: Decimal::ONE,
                rule: p.name.clone(),
            }
        } else {
            let num = s.num?;
            if num.ordinal {
                return None;
            }
            let mut value = num.value;
            let mut step = num.step;
            let mut scale = num.scale;
            if let Some(m) = s.scale {
                value = value.checked_mul(m)?;
                step = step.checked_mul(m)?;
                scale *= m;
            }
            let (kind, unit) = if let Some((c, ambiguous, factor)) = s.currency {
                // "5 pounds" is a weight; "5 million pounds" is money, but "2.3 mln
                // pounds of peanut products" a weight again: money is not "of" a stuff.
                if ambiguous && scale < Decimal::ONE_THOUSAND && value.abs() < Decimal::ONE_THOUSAND {
                    return None;
                }
                if ambiguous
                    && end > 0
                    && self.has(end - 1, |e| matches!(e, Entry::Unit(_)))
                    && self.is_word(end, "of")
                    && self.toks.get(end + 1).is_some_and(|t| t.kind == TokenKind::Word)
                {
                    return None;
                }
                // "a dollar", "a dime": an article stands for one of a unit; for one
                // of a multiple only when nothing follows that it could describe
                // ("it cost a grand.", never "a grand jury", "a grand-scale plan").
                let open_after = self
                    .toks
                    .get(end)
                    .is_some_and(|t| t.kind != TokenKind::Symbol || (t.glued() && t.text(self.text) == "-"));
                if num.article && factor > Decimal::ONE && open_after {
                    return None;
                }
                // "a dollar-denominated bond", "a nickel-plated bar", "a lira/dollar
                // rate": the name describes what follows; no amount is stated.
                let compound = self.toks.get(end).is_some_and(|t| t.glued() && matches!(t.text(self.text), "-" | "/"));
                if num.article && compound {
                    return None;
                }
                // "a dollar fall", "a yen bond": before a word the lexicon does not
                // know, the name is the currency's, describing that word; an amount
                // goes on with a word it lists as no counted noun ("a dollar a
                // day", "a euro to enter", "a dollar more") or with punctuation.
                let describes = self.toks.get(end).is_some_and(|t| t.kind == TokenKind::Word && !t.glued())
                    && self.masks[end] & !bits::COUNTED == 0
                    && !self.has(end, |e| e == Entry::NotCounted);
                if num.article && describes {
                    return None;
                }
                // A coin named alone, after a number: one of it ("one quarter");
                // "the 1988 quarter" is no money.
                if value != Decimal::ONE
                    && end > 0
                    && self.has(end - 1, |e| matches!(e, Entry::CurrencyName { alone: true, .. }))
                {
                    return None;
                }
                // "50 Cent" (the rapper), "808\n NICKEL" (a metals table): a
                // subunit written with capitals and in the singular after a number
                // other than one names something; "50 cent a gallon" is money.
                if factor < Decimal::ONE
                    && value != Decimal::ONE
                    && end > 0
                    && self.capitalized_singular_subunit(end - 1, c)
                {
                    return None;
                }
                // "50 cents" is half a dollar.
                if factor != Decimal::ONE {
                    value = value.checked_mul(factor)?;
                    step = step.checked_mul(factor)?;
                }
                (Kind::Money, Some(self.lex.currencies[c as usize].clone()))
            } else if let Some(u) = s.unit {
                let unit = &self.lex.units[u as usize];
                (unit.kind, Some(unit.symbol.clone()))
            } else if let Some(d) = s.duration {
                (Kind::Duration, Some(self.lex.durations[d as usize].clone()))
            } else if let Some(c) = s.counted {
                let unit = match c {
                    Counted::Listed(c) => self.lex.counted[c as usize].clone(),
                    Counted::Noun(t) => {
                        // "the two sides" refers back to something named before.
                        if num.after_definite && num.words && value <= Decimal::TEN {
                            return None;
                        }
                        self.tok_text(t).to_string()
                    }
                };
                if num.article && !matches!(c, Counted::Listed(_)) {
                    return None;
                }
                (Kind::Count, Some(unit))
            } else {
                (Kind::Count, None)
            };
            if num.article && s.counted.is_none() && s.currency.is_none() && s.duration.is_none() {
                return None;
            }
            // "200 or greater than 190", "5000 or less than 6000": the tail opens a
            // second, qualified amount; it bounds nothing here.
            if p.set_qualifier.is_some() && consumed < self.toks.len() && self.is_word(consumed, "than") {
                return None;
            }
            let kind = p.kind.unwrap_or(kind);
            let unit = p.set_unit.clone().or(unit);
            let mut qualifier = p.set_qualifier.unwrap_or(Qualifier::Exact);
            if let Some((q, not_kinds)) = s.qualifier {
                if crate::rules::excludes_kind(not_kinds, kind) {
                    return None;
                }
                qualifier = q;
            }
            // "-$37", "−€2bn": a minus standing before the symbol signs the amount.
            let mut first = start;
            if kind == Kind::Money
                && p.items.first().is_some_and(|it| it.kind == ItemKind::CurrencySymbol)
                && start > 0
                && self.is_symbol(start - 1, &["-", "−"])
                && self.glued(start)
                && (start == 1 || self.toks[start - 1].space_before)
                && !value.is_sign_negative()
            {
                value = -value;
                first = start - 1;
            }
            Mention {
                start: self.toks[first].start as usize,
                end: self.toks[end - 1].end as usize,
                kind,
                value: Value::Number(value),
                unit,
                qualifier,
                low: None,
                high: None,
                step,
                rule: p.name.clone(),
            }
        };
        let scale = s.num.map_or(Decimal::ONE, |n| n.scale) * s.scale.unwrap_or(Decimal::ONE);
        Some(Candidate { start, end, consumed, mention, scale })
    }

    /// A bare number: a count with no unit, or a year.
    fn bare_number(&self, i: usize) -> Option<Candidate> {
        let n = self.number(i)?;
        if n.ordinal || n.article {
            return None;
        }
        if n.words && (n.value == Decimal::ONE || (n.after_definite && n.value <= Decimal::TEN)) {
            return None;
        }
        let plain_year = n.plain_year().filter(|_| n.end == i + 1);
        let (kind, value, rule) = if let Some(y) = plain_year {
            (Kind::Date, Value::Date(PartialDate::year(y)), BuiltinRule::BareYear.name())
        } else {
            (Kind::Count, Value::Number(n.value), BuiltinRule::BareNumber.name())
        };
        let mention = Mention {
            start: self.toks[i].start as usize,
            end: self.toks[n.end - 1].end as usize,
            kind,
            value,
            unit: None,
            qualifier: Qualifier::Exact,
            low: None,
            high: None,
            step: if plain_year.is_some() { Decimal::ONE } else { n.step },
            rule,
        };
        Some(Candidate { start: i, end: n.end, consumed: n.end, mention, scale: n.scale })
    }

    /// A coin named alone ("dime", "a quarter" is read as a number): one of a
    /// currency name that rules mark `alone`. Not before "of" ("quarter of an
    /// hour"), not hyphenated ("nickel-plated", "quarter-final"), capitalized
    /// only at the start of a sentence ("the Latin Quarter"), and not after a
    /// definite word, a number or an ordinal ("the quarter", "its third
    /// quarter", "the fourth - quarter sales", "the 1988 quarter").
    fn coin_at(&self, i: usize) -> Option<Candidate> {
        if self.masks.get(i).is_none_or(|m| m & bits::COIN == 0) {
            return None;
        }
        let ((currency, factor), end) = self.longest(i, |e| match e {
            Entry::CurrencyName { currency, factor, alone: true, .. } => Some((currency, factor)),
            _ => None,
        })?;
        let hyphen = |k: usize| self.is_symbol(k, &["-", "‑", "–"]) && self.glued(k);
        if self.is_word(end, "of") || hyphen(end) || (self.glued(i) && i > 0 && hyphen(i - 1)) {
            return None;
        }
        if self.tok_text(i).starts_with(|c: char| c.is_uppercase()) && !self.starts_sentence(i) {
            return None;
        }
        let before = if i >= 2 && self.is_symbol(i - 1, &["-", "‑", "–"]) { i - 2 } else { i.wrapping_sub(1) };
        let describes = before < i
            && (self.toks[before].kind == TokenKind::Number
                || self.number_entry(before).is_some()
                || self.has(before, |e| matches!(e, Entry::Definite | Entry::DateWord(DateWord::OrdinalDay(_)))));
        // "a year and a quarter": after "and a", the fraction of what was just
        // named (as `coin_not_fraction` decides for "a quarter").
        if describes || self.after_and_article(i) {
            return None;
        }
        let mention = Mention {
            start: self.toks[i].start as usize,
            end: self.toks[end - 1].end as usize,
            kind: Kind::Money,
            value: Value::Number(factor),
            unit: Some(self.lex.currencies[currency as usize].clone()),
            qualifier: Qualifier::Exact,
            low: None,
            high: None,
            step: factor,
            rule: BuiltinRule::CoinAlone.name(),
        };
        Some(Candidate { start: i, end, consumed: end, mention, scale: Decimal::ONE })
    }

    /// The best non-date amount starting at `i` (no context before it).
    fn amount_at(&self, i: usize) -> Option<Candidate> {
        if let Some(known) = self.amounts.borrow().get(i) {
            return known.cloned();
        }
        let best = self.find_amount_at(i);
        if i < self.toks.len() {
            self.amounts.borrow_mut().set(i, best.clone());
        }
        best
    }

    /// The patterns for which `may_follow(.., pos)` holds, in one go (`None`
    /// past `PatternSet::BITS` patterns).
    fn followers(&self, pos: Option<usize>) -> Option<PatternSet> {
        if !self.tables.uses_sets() {
            return None;
        }
        let f = &self.tables.follow;
        let Some(pos) = pos else { return Some(f.always & !f.led) };
        let Some(tok) = self.toks.get(pos) else { return Some(f.always) };
        let mut set = f.always;
        let mut m = self.masks[pos];
        while m != 0 {
            let b = m.trailing_zeros() as usize;
            m &= m - 1;
            set |= f.by_bit[b];
        }
        if f.any_word != 0 {
            let text = tok.text(self.text);
            if !text.is_ascii() {
                set |= f.any_word;
            } else {
                set |= f.by_word.sets_of(text);
            }
        }
        Some(set)
    }

    /// Whether the items after a pattern's leading number can match at `pos`
    /// (the token after that number; `None` when the number item fails). Exact:
    /// when it says no, matching the pattern fails.
    fn may_follow(&self, p: &Pattern, info: &PatternInfo, pos: Option<usize>) -> bool {
        let Some(pos) = pos else { return false };
        if info.follow_any {
            return true;
        }
        let Some(tok) = self.toks.get(pos) else { return false };
        if self.masks[pos] & info.follow_need != 0 {
            return true;
        }
        let mut lits = info.follow_literals;
        while lits != 0 {
            let k = lits.trailing_zeros() as usize;
            lits &= lits - 1;
            if let Some(ItemKind::Literal(words)) = p.items.get(k).map(|it| &it.kind) {
                let text = tok.bytes(self.text);
                if words.first().is_some_and(|w| text.eq_ignore_ascii_case(w.as_bytes())) || !text.is_ascii() {
                    return true;
                }
            }
        }
        false
    }

    /// The first word of pattern `p`'s item `k`, if it is a literal.
    fn literal_first_word(p: &Pattern, k: usize) -> Option<&str> {
        match p.items.get(k).map(|it| &it.kind) {
            Some(ItemKind::Literal(words)) => words.first().map(String::as_str),
            _ => None,
        }
    }

    /// Whether `first` (a literal's first word) is at one of the tokens
    /// `from..=from + span` (or may be: a word not in ASCII is not ruled out).
    fn word_within(&self, first: &str, from: usize, span: usize) -> bool {
        let last = (from + span).min(self.toks.len().saturating_sub(1));
        (from..=last).any(|j| {
            let text = self.toks[j].bytes(self.text);
            text.eq_ignore_ascii_case(first.as_bytes()) || !text.is_ascii()
        })
    }

    /// Where the best amount at `i` ends (its `consumed`), without cloning it.
    fn amount_consumed(&self, i: usize) -> Option<usize> {
        if let Some(known) = self.amounts.borrow().get(i) {
            return known.map(|c| c.consumed);
        }
        let best = self.find_amount_at(i);
        let consumed = best.as_ref().map(|c| c.consumed);
        if i < self.toks.len() {
            // Tested before moving: most tokens have none, and moving a `None`
            // still copies a whole candidate.
            let mut memo = self.amounts.borrow_mut();
            if best.is_some() { memo.set(i, best) } else { memo.set(i, None) }
        }
        consumed
    }

    fn find_amount_at(&self, i: usize) -> Option<Candidate> {
        let mut best: Option<Candidate> = None;
        let mask = self.masks.get(i).copied().unwrap_or(0);
        let t = self.toks.get(i).map_or("", |t| t.text(self.text));
        // No amount pattern opens here, and no number or coin does.
        let candidates = self.tables.candidates(true, mask, t);
        if candidates.is_empty() && mask & (bits::NUMBER_ITEM | bits::COIN) == 0 {
            return None;
        }
        // Where a pattern's leading number item would end (None: it fails).
        let after_number = self.number(i).filter(|n| !n.ordinal).map(|n| n.end);
        let followers = self.followers(after_number);
        let mut anchors: [(&str, usize, bool); 4] = [("", 0, false); 4];
        let mut anchors_len = 0;
        for k in candidates.restrict(followers.unwrap_or(PatternSet::MAX)) {
            let (p, info) = (&self.rules.patterns[k], &self.info[k]);
            if !info.amount || !info.may_start_at(mask, t) {
                continue;
            }
            let follows = match followers {
                Some(set) => set & (1 << k) != 0,
                None => !info.number_first || self.may_follow(p, info, after_number),
            };
            if !follows {
                continue;
            }
            if let (Some((k, span)), Some(after)) = (info.anchor, after_number)
                && let Some(word) = Self::literal_first_word(p, k)
            {
                // Patterns share their anchors ("5 or more", "5 or fewer"): each
                // word is looked for once here.
                let known = anchors[..anchors_len].iter().find(|(w, s, _)| *w == word && *s == span);
                let found = match known {
                    Some(&(_, _, found)) => found,
                    None => {
                        let found = self.word_within(word, after, span);
                        if anchors_len < anchors.len() {
                            anchors[anchors_len] = (word, span, found);
                            anchors_len += 1;
                        }
                        found
                    }
                };
                if !found {
                    continue;
                }
            }
            if let Some(c) = self.match_pattern(p, i)
                && c.mention.kind != Kind::Date
                && c.start == i
                && best.as_ref().is_none_or(|b| c.consumed > b.consumed)
            {
                best = Some(c);
            }
        }
        if best.is_none() {
            best = self.bare_number(i).filter(|c| c.mention.kind == Kind::Count).or_else(|| self.coin_at(i));
        }
        best
    }

    /// The longest date starting at `i` (a date pattern or a plain year).
    fn date_at(&self, i: usize) -> Option<Candidate> {
        let best = self.date_parts(i).best;
        self.dates.borrow().found(best).cloned()
    }

    /// The date readers' findings at token `i` (computed once; past the last
    /// token, every time).
    fn date_parts(&self, i: usize) -> DateParts {
        if let Some(Some(&known)) = self.dates.borrow().parts.get(i) {
            return known;
        }
        let parts = self.find_date_parts(i);
        self.dates.borrow_mut().parts.set(i, Some(parts));
        parts
    }

    fn find_date_parts(&self, i: usize) -> DateParts {
        let mask = self.masks.get(i).copied().unwrap_or(0);
        let t = self.toks.get(i).map_or("", |t| t.text(self.text));
        // No date pattern opens here, and the readers all need a number, a
        // month or a date word to start with ("the", "in", "of" at most tokens).
        let candidates = self.tables.date_candidates(mask, t);
        if candidates.is_empty() && mask & (bits::NUMBER_ITEM | bits::MONTH | bits::DATE_WORD) == 0 {
            return DateParts::NONE;
        }
        // The patterns that always date from their first token, first: their
        // longest match is what `best_at` takes too.
        let mut pattern: Option<(usize, Candidate)> = None;
        // Where a day or year item in digits at `i` ends, when it matches
        // (`match_item`: a day takes its "st", "nd", "rd" or "th" along).
        let day_end = self.toks.get(i).filter(|tok| tok.kind == TokenKind::Number).map(|_| self.day_digits_end(i));
        // "24 March", "1990s": a day or year in digits ends where the scanner
        // knows, so only the patterns whose next item may match after it.
        let f = &self.tables.follow;
        let mut allowed = self.tables.date_at_start;
        if let Some(end) = day_end {
            let after_day = self.followers(Some(end)).unwrap_or(PatternSet::MAX);
            let after_year =
                if end == i + 1 { after_day } else { self.followers(Some(i + 1)).unwrap_or(PatternSet::MAX) };
            allowed &= !(f.day_led | f.year_led) | (after_day & f.day_led) | (after_year & f.year_led);
        }
        // "April 3", "May 2019": the month item is the same in every pattern it
        // leads, so it is matched once here, and only the patterns whose next
        // item may match after it are tried ("may raise", "March higher": none).
        if mask & bits::MONTH != 0 && !self.exhaustive && allowed & f.month_led != 0 {
            let after_month = match self.match_item(&ItemKind::Month, i, &mut Slots::default()) {
                Some(end) => self.followers(Some(end)).unwrap_or(PatternSet::MAX),
                None => 0,
            };
            allowed &= !f.month_led | (after_month & f.month_led);
        }
        for k in candidates.clone().restrict(allowed) {
            let (p, info) = (&self.rules.patterns[k], &self.info[k]);
            if !info.date_at_start || !info.may_start_at(mask, t) {
                continue;
            }
            // Past a `PatternSet`, `allowed` filtered nothing: ask each pattern.
            let first_end = match info.digits_first {
                Some(DigitsFirst::Day) => day_end,
                Some(DigitsFirst::Year) => day_end.map(|_| i + 1),
                None => None,
            };
            if !self.tables.uses_sets()
                && let Some(end) = first_end
                && !self.may_follow(p, info, Some(end))
            {
                continue;
            }
            if let Some(c) = self.match_pattern(p, i)
                && pattern.as_ref().is_none_or(|(_, b)| c.consumed > b.consumed)
            {
                pattern = Some((k, c));
            }
        }
        // The longest date, by where it ends and where it comes from.
        // (A tag only: the other pattern's candidate waits in `other`, so that no
        // candidate is moved around with a tag.)
        #[derive(Clone, Copy)]
        enum Source {
            Winner,
            Other,
            Numeric,
            YearPart,
            PartOf,
            Bare,
        }
        let mut other: Option<Candidate> = None;
        let mut best: Option<(usize, Source)> = None;
        let longer = |best: &Option<(usize, Source)>, consumed: usize| best.as_ref().is_none_or(|(b, _)| consumed > *b);
        let winner: PatternSet = pattern.as_ref().map_or(0, |(k, _)| 1 << k);
        for k in candidates.restrict(!self.tables.date_at_start | winner) {
            let (p, info) = (&self.rules.patterns[k], &self.info[k]);
            if info.date_at_start {
                if let Some((w, c)) = &pattern
                    && *w == k
                    && longer(&best, c.consumed)
                {
                    best = Some((c.consumed, Source::Winner));
                }
                continue;
            }
            if !info.may_date || p.items.first().is_some_and(|it| it.context) || !info.may_start_at(mask, t) {
                continue;
            }
            if let Some(c) = self.match_pattern(p, i)
                && c.mention.kind == Kind::Date
                && c.start == i
                && longer(&best, c.consumed)
            {
                best = Some((c.consumed, Source::Other));
                other = Some(c);
            }
        }
        // Each reader below opens with one of a few things: digits or a month
        // (numeric dates), a part of the year or a year (parts of a year),
        // "early"/"late" (parts of a date), a number (bare years). A date pattern
        // opening with a word ("in 2002") is no reason to run them.
        use bits::*;
        let opens = |need: u32| self.opens(mask, need);
        let readers = NUMBER_ITEM | MONTH | DW_YEAR_PART | DW_PART_OF;
        if !opens(readers) && pattern.is_none() && best.is_none() {
            return DateParts::NONE;
        }
        let numeric = if opens(NUMBER_TOKEN | MONTH) { self.numeric_date_at(i, false) } else { None };
        let year_part = if opens(DW_YEAR_PART | NUMBER_TOKEN | NUMBER_WORD) { self.year_part_at(i) } else { None };
        let part_of = if opens(DW_PART_OF) { self.part_of_at(i) } else { None };
        for (c, source) in [(&numeric, Source::Numeric), (&year_part, Source::YearPart), (&part_of, Source::PartOf)] {
            if let Some(c) = c
                && longer(&best, c.consumed)
            {
                best = Some((c.consumed, source));
            }
        }
        let bare = if opens(NUMBER_ITEM) { self.bare_number(i) } else { None };
        if best.is_none() && bare.as_ref().is_some_and(|c| c.mention.kind == Kind::Date) {
            best = Some((0, Source::Bare));
        }
        let mut memo = self.dates.borrow_mut();
        let pattern = pattern.map(|(k, c)| (k, memo.keep(Some(c))));
        // Tested before moving: moving a `None` still copies a whole candidate.
        let mut keep = |c: Option<Candidate>| if c.is_some() { memo.keep(c) } else { NOT_FOUND };
        let (numeric, year_part, part_of, bare) = (keep(numeric), keep(year_part), keep(part_of), keep(bare));
        let best = match best.map(|(_, source)| source) {
            None => NOT_FOUND,
            Some(Source::Winner) => pattern.map_or(NOT_FOUND, |(_, at)| at),
            Some(Source::Other) => memo.keep(other),
            Some(Source::Numeric) => numeric,
            Some(Source::YearPart) => year_part,
            Some(Source::PartOf) => part_of,
            Some(Source::Bare) => bare,
        };
        DateParts { pattern, numeric, year_part, part_of, bare, best }
    }

    /// "at least 32 people": a qualifier, then an amount.
    fn qualified_at(&self, i: usize) -> Option<Candidate> {
        let ((q, not_kinds), j) = self.longest(i, |e| match e {
            Entry::Qualifier { qualifier, not_kinds } => Some((qualifier, not_kinds)),
            _ => None,
        })?;
        let amount = self.amount_at(j).filter(|a| !crate::rules::excludes_kind(not_kinds, a.mention.kind));
        // "about 20-30 people": a range after the qualifier stays a range, the
        // qualifier's word taken into its span.
        let amount_end = self.amount_consumed(j);
        let range = self
            .rules
            .ranges
            .iter()
            .filter(|p| self.low_literal_may_follow(p, amount_end))
            .filter_map(|p| self.match_range(p, j))
            .filter(|r| !crate::rules::excludes_kind(not_kinds, r.mention.kind))
            .max_by_key(|r| r.consumed);
        if let Some(mut r) = range
            && amount.as_ref().is_none_or(|a| r.consumed > a.consumed)
        {
            r.mention.start = self.toks[i].start as usize;
            r.start = i;
            r.mention.rule = format!("{}+qualifier", r.mention.rule).into();
            return Some(r);
        }
        // "since August", "before 2018", "around 2010": a qualified date.
        let date = if crate::rules::excludes_kind(not_kinds, Kind::Date) { None } else { self.date_at(j) };
        let mut amount = match (amount, date) {
            (Some(a), Some(d)) => {
                if d.consumed > a.consumed {
                    d
                } else {
                    a
                }
            }
            (a, d) => a.or(d)?,
        };
        // "about 500 or more": a bound stated after the amount outweighs an
        // approximation before it.
        let postfix_bound = amount.mention.qualifier != Qualifier::Exact;
        if !(postfix_bound && q == Qualifier::Approx) {
            amount.mention.qualifier = q;
        }
        // "less than 5000 or equal (to)": the strict bound takes its end in.
        // "more than 5000 or equal to 6000" states a second amount.
        let or_equal_end = amount.consumed + 1 + usize::from(self.is_word(amount.consumed + 2, "to"));
        if matches!(amount.mention.qualifier, Qualifier::LessThan | Qualifier::MoreThan)
            && amount.consumed + 1 < self.toks.len()
            && self.is_word(amount.consumed, "or")
            && self.is_word(amount.consumed + 1, "equal")
            && self.number(or_equal_end + 1).is_none()
        {
            amount.mention.qualifier =
                if amount.mention.qualifier == Qualifier::LessThan { Qualifier::AtMost } else { Qualifier::AtLeast };
            let last = or_equal_end;
            amount.consumed = last + 1;
            amount.end = last + 1;
            amount.mention.end = self.toks[last].end as usize;
        }
        // "since the end of 1989", "before early September": a bound at the
        // part's first day; "by the end of June": at its last.
        if let Value::DateRange(lo, hi) = amount.mention.value
            && amount.mention.rule.starts_with("dates:part-")
        {
            let before = matches!(amount.mention.qualifier, Qualifier::AtMost | Qualifier::LessThan);
            let edge = if before && !amount.mention.rule.ends_with("start") { hi.last_day() } else { lo.first_day() };
            amount.mention.value = Value::Date(edge.to_date());
            if amount.mention.qualifier == Qualifier::Range {
                return None;
            }
        }
        amount.mention.rule = format!("{}+qualifier", amount.mention.rule).into();
        // A date keeps its span as written ("since [March 2022]"); an amount takes
        // its qualifier in ("[at least 32 people]").
        if amount.mention.kind != Kind::Date {
            amount.mention.start = self.toks[i].start as usize;
            amount.start = i;
        }
        Some(amount)
    }

    /// False when range `p` opens with its low end and cannot match at a token
    /// whose amount ends at `amount_end` (`None`: no amount there): the test
    /// `match_range` makes first, without asking the amount memo again.
    fn low_literal_may_follow(&self, p: &Pattern, amount_end: Option<usize>) -> bool {
        match p.items.as_slice() {
            [Item { kind: ItemKind::Low, .. }, rest @ ..] => {
                let Some(end) = amount_end else { return false };
                match rest.first() {
                    Some(Item { kind: ItemKind::Literal(words), optional: false, .. }) if !self.exhaustive => {
                        words.first().is_none_or(|w| self.toks.get(end).is_some_and(|t| self.token_is_word(t, w)))
                    }
                    _ => true,
                }
            }
            _ => true,
        }
    }

    fn match_range(&self, p: &Pattern, i: usize) -> Option<Candidate> {
        // The same one-look test as for patterns: a range opens with a word
        // ("between") or with an amount (a number or a currency before one).
        use bits::*;
        let opens = match p.items.first().map(|it| &it.kind) {
            Some(ItemKind::Literal(words)) => words
                .first()
                .is_some_and(|w| self.toks.get(i).is_some_and(|t| t.text(self.text).eq_ignore_ascii_case(w))),
            Some(ItemKind::Low) => self.masks.get(i).is_some_and(|m| m & RANGE_LOW_OPENS != 0),
            _ => true,
        };
        if !opens {
            return None;
        }
        // A low end, then a word ("5 to 10", "5-10"): that word must stand where
        // the amount here ends. (The amount is memoized; most ranges fail here.)
        if let [Item { kind: ItemKind::Low, .. }, Item { kind: ItemKind::Literal(words), optional: false, .. }, ..] =
            p.items.as_slice()
            && let Some(w) = words.first()
            && !self.exhaustive
        {
            let end = self.amount_consumed(i)?;
            if !self.toks.get(end).is_some_and(|t| self.token_is_word(t, w)) {
                return None;
            }
        }
        if !p.not_after.is_empty() && i > 0 && p.not_after.iter().any(|w| w.eq_ignore_ascii_case(self.tok_text(i - 1)))
        {
            return None;
        }
        if !self.follows_one_of(&p.after, i) {
            return None;
        }
        // The ends are found by their start token and taken (cloned) from the
        // memo only once every item has matched.
        let mut pos = i;
        let mut low: Option<usize> = None;
        let mut high: Option<usize> = None;
        for (k, item) in p.items.iter().enumerate() {
            if k > 0 && p.glue && !self.glued(pos) {
                return None;
            }
            match &item.kind {
                ItemKind::Low => {
                    low = Some(pos);
                    pos = self.amount_consumed(pos)?;
                }
                ItemKind::High => {
                    high = Some(pos);
                    pos = self.amount_consumed(pos)?;
                }
                other => {
                    let next = self.match_item(other, pos, &mut Slots::default())?;
                    pos = next;
                }
            }
        }
        let (mut low, high) = (self.amount_at(low?)?, self.amount_at(high?)?);
        // "from 6 to 9 January": days of a month, not a range of numbers.
        if high.end == high.consumed && self.has(high.end, |e| matches!(e, Entry::Month { .. })) {
            return None;
        }
        let (lm, hm) = (&low.mention, &high.mention);
        let (mut lo, hi) = (lm.number()?, hm.number()?);
        let plain_year = |c: &Candidate| {
            c.mention.unit.is_none()
                && self.toks[c.start].text(self.text).len() == 4
                && c.end == c.start + 1
                && c.mention.number().is_some_and(|v| v >= Decimal::from(1800) && v <= Decimal::from(2100))
        };
        if plain_year(&low) && plain_year(&high) {
            return None;
        }
        let (kind, unit) = match (&lm.unit, &hm.unit) {
            (Some(a), Some(b)) if a != b => return None,
            (Some(_), _) => (lm.kind, lm.unit.clone()),
            (None, _) => (hm.kind, hm.unit.clone()),
        };
        // "2-3 billion euros": the low end shares the high end's scale.
        if low.scale == Decimal::ONE
            && high.scale > Decimal::ONE
            && let Some(scaled) = lo.checked_mul(high.scale)
            && scaled <= hi
        {
            lo = scaled;
            low.scale = high.scale;
        }
        // "25 to 50 cents": a bare low end counts in the high end's subunit.
        if lm.unit.is_none()
            && hm.kind == Kind::Money
            && let Some(raw) = self.number(high.start).map(|n| n.value).filter(|v| !v.is_zero())
            && let Some(factor) = hi.checked_div(raw).filter(|f| *f < Decimal::ONE)
            && let Some(sub) = lo.checked_mul(factor)
        {
            lo = sub;
        }
        if lo >= hi {
            return None;
        }
        let mention = Mention {
            start: self.toks[i].start as usize,
            end: hm.end,
            kind,
            value: Value::Number(lo),
            unit,
            qualifier: Qualifier::Range,
            low: Some(lo),
            high: Some(hi),
            step: hm.step,
            rule: p.name.clone(),
        };
        Some(Candidate { start: i, end: high.end, consumed: pos, mention, scale: high.scale })
    }

    /// "11/20", "01/22/2016", "22/04", "10-1-2018", "Oct/2", "Dec/2018",
    /// "05-Aug-2016", "2019/aug/01", "2015-3": a date written with digits and
    /// slashes or dashes (month first when both readings exist, as in US news).
    /// A small fraction ("5/12") is a date only after a word that takes one
    /// ("on 5/12", "Friday 5/12"), or as the end of a period (`loose`).
    fn numeric_date_at(&self, i: usize, loose: bool) -> Option<Candidate> {
        #[derive(Clone, Copy)]
        enum Part {
            Num(u32, usize),
            Month(u8),
        }
        let part = |k: usize| -> Option<(Part, usize)> {
            let t = self.toks.get(k)?;
            let text = t.text(self.text);
            if t.kind == TokenKind::Number {
                if !text.bytes().all(|b| b.is_ascii_digit()) || text.len() > 4 {
                    return None;
                }
                return Some((Part::Num(text.parse().ok()?, text.len()), k + 1));
            }
            let ((m, _), end) = self.longest(k, |e| {
                if let Entry::Month { month, needs_capital } = e { Some((month, needs_capital)) } else { None }
            })?;
            (end == k + 1).then_some((Part::Month(m), end))
        };
        // "133-03-03-2020", "123-12-1234": the tail of a code is no date.
        if !loose && i >= 2 && self.glued(i) && self.is_symbol(i - 1, &["/", "-"]) && self.glued(i - 1) {
            return None;
        }
        let (first, mut pos) = part(i)?;
        let mut parts = vec![first];
        let mut sep = "";
        while parts.len() < 3 && self.glued(pos) && self.glued(pos + 1) {
            let s = self.tok_text(pos);
            if !matches!(s, "/" | "-") || (!sep.is_empty() && s != sep) {
                break;
            }
            let Some((p, next)) = part(pos + 1) else { break };
            sep = s;
            parts.push(p);
            pos = next;
        }
        // "10-1-2018-10-7-2018": a date chain ends where a period's dash begins;
        // glued digits or letters after it make something else ("10/20/30/40").
        if parts.len() < 2
            || (self.glued(pos) && self.toks.get(pos).is_some_and(|t| t.kind != TokenKind::Symbol))
            || (self.glued(pos)
                && self.is_symbol(pos, &[sep])
                && self.toks.get(pos + 1).is_some_and(|t| t.glued() && t.kind == TokenKind::Number)
                && sep == "/")
        {
            return None;
        }
        let months = parts.iter().filter(|p| matches!(p, Part::Month(_))).count();
        let year4 = |p: &Part| matches!(p, Part::Num(y, 4) if (1500..=2199).contains(y));
        let small = |p: &Part| match p {
            Part::Num(v, l) if *l <= 2 => Some(*v as u8),
            _ => None,
        };
        // (day, month, year)
        let (day, month, year): (Option<u8>, u8, Option<i32>) = match (parts.as_slice(), months) {
            ([a, b, c], 0) => {
                if year4(a) {
                    (
                        small(c),
                        small(b)?,
                        Some(match a {
                            Part::Num(y, _) => *y as i32,
                            _ => return None,
                        }),
                    )
                } else if year4(c) {
                    let y = match c {
                        Part::Num(y, _) => *y as i32,
                        _ => return None,
                    };
                    let (x, z) = (small(a)?, small(b)?);
                    if x <= 12 { (Some(z), x, Some(y)) } else { (Some(x), z, Some(y)) }
                } else if let (Part::Num(yy, 2), "/") = (c, sep) {
                    // "12/12/30", "23/08/39": a two-digit year, in the century
                    // that puts it at most ten years after the document date.
                    let (x, z) = (small(a)?, small(b)?);
                    let (d, m) = if x <= 12 { (z, x) } else { (x, z) };
                    PartialDate::ymd(2000, m, d)?;
                    let Some(today) = self.doc_date else {
                        let value = Value::UnresolvedDate;
                        return Some(self.date_candidate(
                            i,
                            pos,
                            pos,
                            value,
                            Qualifier::Exact,
                            BuiltinRule::DateNumeric,
                        ));
                    };
                    let y = 2000 + *yy as i32;
                    (Some(d), m, Some(if y > today.year + 10 { y - 100 } else { y }))
                } else {
                    return None;
                }
            }
            (ps @ [_, _, _], 1) => {
                let m = ps.iter().find_map(|p| if let Part::Month(m) = p { Some(*m) } else { None })?;
                let y = ps.iter().find_map(|p| match p {
                    Part::Num(y, 4) if year4(p) => Some(*y as i32),
                    _ => None,
                })?;
                let d = ps.iter().find_map(&small)?;
                (Some(d), m, Some(y))
            }
            ([Part::Month(m), b], 1) => match b {
                Part::Num(y, 4) if year4(b) => (None, *m, Some(*y as i32)),
                Part::Num(_, 3 | 4) => return None,
                Part::Num(d, _) => (Some(*d as u8), *m, None),
                _ => return None,
            },
            ([a @ Part::Num(..), b @ Part::Num(..)], 0) => {
                if year4(a) {
                    // "2015-3": a year and its month.
                    if sep != "-" {
                        return None;
                    }
                    (
                        None,
                        small(b)?,
                        Some(match a {
                            Part::Num(y, _) => *y as i32,
                            _ => return None,
                        }),
                    )
                } else if matches!(b, Part::Num(y, 4) if (1900..=2100).contains(y)) {
                    // "12-2015", "12/2015" (not "06/1500", a day and a time).
                    (
                        None,
                        small(a)?,
                        Some(match b {
                            Part::Num(y, _) => *y as i32,
                            _ => return None,
                        }),
                    )
                } else {
                    if sep != "/" {
                        return None;
                    }
                    let (x, z) = (small(a)?, small(b)?);
                    // A fraction reads as one: "3/4 of voters", "5/12".
                    let fraction = x < z && (2..=12).contains(&z) || matches!(z, 16 | 32 | 64);
                    let after_date_word = i > 0 && {
                        let prev = self.tok_text(i - 1).to_ascii_lowercase();
                        self.has(i - 1, |e| matches!(e, Entry::Weekday(_) | Entry::ForwardWord | Entry::DateWord(_)))
                            || self.rules.binding.month_alone_after.contains(&prev)
                            || self.rules.binding.month_direction.iter().any(|(w, _)| *w == prev)
                            || prev == "on"
                    };
                    if fraction && !loose && !after_date_word {
                        return None;
                    }
                    if x <= 12 { (Some(z), x, None) } else { (Some(x), z, None) }
                }
            }
            _ => return None,
        };
        let value = match (day, year) {
            (Some(d), Some(y)) => Value::Date(PartialDate::ymd(y, month, d)?),
            (None, Some(y)) => Value::Date(PartialDate::ym(y, month)?),
            (Some(d), None) => {
                if d == 0 || d > crate::date::days_in_month(2024, month) {
                    return None;
                }
                match self.doc_date.map(|d| d.first_day()) {
                    None => Value::UnresolvedDate,
                    Some(today) => {
                        let (y, _, _) = today.to_civil();
                        Value::Date(
                            (y - 1..=y + 1)
                                .filter_map(|yy| PartialDate::ymd(yy, month, d))
                                .min_by_key(|c| (c.first_day().0 - today.0).abs())?,
                        )
                    }
                }
            }
            (None, None) => return None,
        };
        Some(self.date_candidate(i, pos, pos, value, Qualifier::Exact, BuiltinRule::DateNumeric))
    }

    // ---- periods and spans of time ------------------------------------------

    /// The longest date word at `i` that `pick` accepts, and where it ends.
    fn date_word<T>(&self, i: usize, pick: impl Fn(DateWord) -> Option<T>) -> Option<(T, usize)> {
        self.longest(i, |e| if let Entry::DateWord(w) = e { pick(w) } else { None })
    }

    /// Whether a date spanning tokens `a..b` states its year: four digits, or a
    /// direction word ("next May").
    fn year_stated(&self, a: usize, b: usize) -> bool {
        (a..b.min(self.toks.len())).any(|k| {
            let t = self.toks[k];
            (t.kind == TokenKind::Number && t.text(self.text).len() == 4)
                || self.is_direction_word(k)
                // "today", "yesterday": a date relative to the document date.
                || self.has(k, |e| matches!(e, Entry::Relative { .. }))
        })
    }

    /// "the end of 2000", "mid-November", "early next week": a part of a year
    /// (its first, middle or last four months), a month (days 1-15, 10-20, 16 to
    /// its end) or a week (Monday-Wednesday, Tuesday-Thursday, Thursday-Sunday),
    /// as a period. The rule name says which part, for a bound on it.
    fn part_of_at(&self, i: usize) -> Option<Candidate> {
        let (part, mut j) = self.date_word(i, |w| if let DateWord::PartOf(k) = w { Some(k) } else { None })?;
        if self.is_symbol(j, &["-"]) && self.glued(j) {
            j += 1;
        }
        let mut c = self.date_at(j)?;
        let Value::Date(d) = c.mention.value else { return None };
        if c.mention.qualifier != Qualifier::Exact {
            return None;
        }
        let (lo, hi) = match d.precision {
            Precision::Year => {
                let first = 1 + 4 * part;
                (PartialDate::ym(d.year, first)?, PartialDate::ym(d.year, first + 3)?)
            }
            Precision::Month => {
                let (m, last) = (d.month?, crate::date::days_in_month(d.year, d.month?));
                let (a, b) = [(1, 15), (10, 20), (16, last)][usize::from(part)];
                (PartialDate::ymd(d.year, m, a)?, PartialDate::ymd(d.year, m, b)?)
            }
            Precision::Week => {
                let monday = d.first_day();
                let (a, b) = [(0, 2), (1, 3), (3, 6)][usize::from(part)];
                (monday.add_days(a).to_date(), monday.add_days(b).to_date())
            }
            _ => return None,
        };
        c.mention.start = self.toks[i].start as usize;
        c.start = i;
        c.mention.value = Value::DateRange(lo, hi);
        c.mention.qualifier = Qualifier::Range;
        c.mention.rule = ["dates:part-start", "dates:part-mid", "dates:part-end"][usize::from(part)].into();
        Some(c)
    }

    /// One end of a period at `pos`: the end, one past its last consumed token,
    /// one past its last token in the span.
    fn period_end(&self, pos: usize) -> Option<(PeriodEnd, usize, usize)> {
        if let Some(c) = self.date_at(pos).or_else(|| self.numeric_date_at(pos, true)) {
            let end = match c.mention.value {
                Value::Date(d) => PeriodEnd::Date(d, self.year_stated(c.start, c.end)),
                Value::UnresolvedDate => PeriodEnd::Unresolved,
                // "to the end of 2008": a part of a period, its first or last day.
                Value::DateRange(a, b) if c.mention.rule.starts_with("dates:part-") => {
                    PeriodEnd::Part(a, b, self.year_stated(c.start, c.end))
                }
                _ => return None,
            };
            return Some((end, c.consumed, c.end));
        }
        if let Some((_, end)) = self.date_word(pos, |w| (w == DateWord::PeriodNow).then_some(())) {
            let now = match self.doc_date {
                Some(d) => PeriodEnd::Date(d, true),
                None => PeriodEnd::Unresolved,
            };
            return Some((now, end, end));
        }
        let mut s = Slots::default();
        if let Some(next) = self.match_item(&ItemKind::Month, pos, &mut s) {
            return Some((PeriodEnd::Month(s.month?), next, next));
        }
        if let Some(next) = self.match_item(&ItemKind::Day, pos, &mut s) {
            return Some((PeriodEnd::Day(s.day?), next, next));
        }
        None
    }

    /// "from March to May", "between 2010 and 2015", "2014-2018", "March 3-7",
    /// "Jan-Feb 2017": a period between two dates, one mention.
    fn period_at(&self, i: usize) -> Option<Candidate> {
        let opener = self.date_word(i, |w| match w {
            DateWord::PeriodOpen => Some(false),
            DateWord::PeriodOpenBetween => Some(true),
            _ => None,
        });
        let (between, first) = match opener {
            Some((b, end)) => (b, end),
            None => (false, i),
        };
        let (low, after_low, _) = self.period_end(first)?;
        let spaced_dash = self.is_symbol(after_low, &["-", "–"]) && !self.glued(after_low);
        let (_, join_end) = self.date_word(after_low, |w| match w {
            DateWord::PeriodJoin => Some(()),
            DateWord::PeriodJoinBetween if between => Some(()),
            _ => None,
        })?;
        let (mut high, mut consumed, mut span_end) = self.period_end(join_end)?;
        // "from April to June in 2017", "from 5/1-5/7, 2020": a year after the
        // period is the high end's (and, through it, the low end's).
        if matches!(high, PeriodEnd::Date(_, false) | PeriodEnd::Month(_))
            && (self.is_word(consumed, "in") || self.is_word(consumed, "of") || self.is_symbol(consumed, &[","]))
        {
            let mut y = Slots::default();
            if let Some(end) = self.match_item(&ItemKind::Year, consumed + 1, &mut y)
                && let Some(year) = y.year
            {
                let dated = match high {
                    PeriodEnd::Month(m) => PartialDate::ym(year, m),
                    PeriodEnd::Date(h, _) if h.precision == Precision::Day => PartialDate::ymd(year, h.month?, h.day?),
                    PeriodEnd::Date(h, _) if h.precision == Precision::Month => PartialDate::ym(year, h.month?),
                    _ => None,
                };
                if let Some(h) = dated {
                    high = PeriodEnd::Date(h, true);
                    consumed = end;
                    span_end = end;
                }
            }
        }
        // Without an opening word, the first end must be a date or a month
        // name, and a day alone only before a day of a month ("9 to 12 June").
        if opener.is_none() {
            match (low, high) {
                (PeriodEnd::Date(..) | PeriodEnd::Month(_) | PeriodEnd::Unresolved, _) => {}
                (PeriodEnd::Day(_), PeriodEnd::Date(h, _)) if h.precision == Precision::Day && !spaced_dash => {}
                _ => return None,
            }
        }
        // A part opens the period at its first date and closes it at its last.
        let low = if let PeriodEnd::Part(a, _, stated) = low { PeriodEnd::Date(a, stated) } else { low };
        let high = if let PeriodEnd::Part(_, b, stated) = high { PeriodEnd::Date(b, stated) } else { high };
        let value = self.period_value(low, high)?;
        // "Friday-Jun-15": without an opening word, a period runs within a year.
        if opener.is_none()
            && let Value::DateRange(lo, hi) = value
            && hi.first_day().0 - lo.first_day().0 > 366
            && !matches!((low, high), (PeriodEnd::Date(_, true), PeriodEnd::Date(_, true)))
        {
            return None;
        }
        Some(self.date_candidate(i, span_end, consumed, value, Qualifier::Range, BuiltinRule::DatePeriod))
    }

    /// The two ends of a period, each taking from the other what it left out.
    fn period_value(&self, low: PeriodEnd, high: PeriodEnd) -> Option<Value> {
        use PeriodEnd as E;
        let with_year = |d: PartialDate, y: i32| match d.precision {
            Precision::Day => PartialDate::ymd(y, d.month?, d.day?),
            Precision::Month => PartialDate::ym(y, d.month?),
            _ => None,
        };
        let month_of = |d: PartialDate| d.month.filter(|_| d.precision >= Precision::Month);
        let (lo, hi) = match (low, high) {
            (E::Unresolved, _) | (_, E::Unresolved) => return Some(Value::UnresolvedDate),
            (E::Date(l, l_year), E::Date(h, h_year)) => {
                if !l_year && h_year && month_of(l).is_some() {
                    let same = with_year(l, h.year)?;
                    let lo = if same.first_day() > h.first_day() { with_year(l, h.year - 1)? } else { same };
                    (lo, h)
                } else if l_year && !h_year && month_of(h).is_some() {
                    let same = with_year(h, l.year)?;
                    let hi = if same.first_day() < l.first_day() { with_year(h, l.year + 1)? } else { same };
                    (l, hi)
                } else {
                    (l, h)
                }
            }
            (E::Month(m), E::Date(h, _)) => {
                let year = match month_of(h) {
                    Some(hm) if m > hm => h.year - 1,
                    _ => h.year,
                };
                (PartialDate::ym(year, m)?, h)
            }
            (E::Date(l, _), E::Month(m)) => {
                let lm = month_of(l)?;
                (l, PartialDate::ym(if m < lm { l.year + 1 } else { l.year }, m)?)
            }
            (E::Day(d), E::Date(h, _)) if h.precision == Precision::Day && h.day.is_some_and(|hd| d < hd) => {
                (PartialDate::ymd(h.year, h.month?, d)?, h)
            }
            (E::Date(l, _), E::Day(d)) if l.precision == Precision::Day && l.day.is_some_and(|ld| d > ld) => {
                (l, PartialDate::ymd(l.year, l.month?, d)?)
            }
            (E::Month(a), E::Month(b)) => {
                let Some(today) = self.doc_date.map(|d| d.first_day()) else { return Some(Value::UnresolvedDate) };
                let (y, _, _) = today.to_civil();
                let lo = (y - 1..=y + 1)
                    .filter_map(|yy| PartialDate::ym(yy, a))
                    .min_by_key(|c| (c.first_day().0 - today.0).abs())?;
                (lo, PartialDate::ym(if b < a { lo.year + 1 } else { lo.year }, b)?)
            }
            _ => return None,
        };
        if lo.first_day() >= hi.first_day() || lo.last_day() >= hi.last_day() {
            return None;
        }
        Some(Value::DateRange(lo, hi))
    }

    /// "Q1 2016", "2017-Q3", "q3 of 2017", "the first quarter of 2013", "H2
    /// 2019", "the second half of 2017": a part of a stated year, as a period of
    /// months.
    fn year_part_at(&self, i: usize) -> Option<Candidate> {
        let part_at = |k: usize| -> Option<((u8, u8), usize)> {
            if let Some(((months, index), end)) = self.date_word(k, |w| {
                if let DateWord::YearPart { months, index } = w { Some((months, index)) } else { None }
            }) {
                return Some(((months, index), end));
            }
            // "the 3rd quarter".
            if self.toks.get(k).is_none_or(|t| t.kind != TokenKind::Number) {
                return None;
            }
            let mut s = Slots::default();
            let next = self.match_item(&ItemKind::Day, k, &mut s)?;
            if next != k + 2 {
                return None;
            }
            let (months, end) =
                self.date_word(next, |w| if let DateWord::YearPartUnit(m) = w { Some(m) } else { None })?;
            let index = s.day?;
            (1..=12 / months).contains(&index).then_some(((months, index), end))
        };
        let year_at = |k: usize| -> Option<(i32, usize)> {
            let mut s = Slots::default();
            let end = self.match_item(&ItemKind::Year, k, &mut s)?;
            Some((s.year?, end))
        };
        let ((months, index), year, end) = if let Some((part, e)) = part_at(i) {
            // "Q1 2016", "q1-2019", "the first quarter of 2013", "Q3 of next year".
            let mut k = e;
            if self.is_word(k, "of") || (self.is_symbol(k, &["-"]) && self.glued(k)) {
                k += 1;
            }
            if let Some((y, end)) = year_at(k) {
                (part, y, end)
            } else {
                let ((unit, offset), end) = self.longest(k, |e| {
                    if let Entry::Relative { unit, offset } = e { Some((unit, offset)) } else { None }
                })?;
                let today = self.doc_date?;
                if unit != RelativeUnit::Year {
                    return None;
                }
                (part, today.year + offset, end)
            }
        } else {
            // "2017 Q1", "2019-H2".
            let (y, e) = year_at(i)?;
            let k = if self.is_symbol(e, &["-"]) && self.glued(e) && self.glued(e + 1) { e + 1 } else { e };
            let (part, end) = self.date_word(k, |w| {
                if let DateWord::YearPart { months, index } = w { Some((months, index)) } else { None }
            })?;
            (part, y, end)
        };
        let first = u8::try_from((u32::from(index) - 1) * u32::from(months) + 1).ok()?;
        let value = Value::DateRange(PartialDate::ym(year, first)?, PartialDate::ym(year, first + months - 1)?);
        Some(self.date_candidate(i, end, end, value, Qualifier::Range, BuiltinRule::DateYearPart))
    }

    /// "2018 or later", "1/1/2016 and after", "May 2020 or earlier": a date bound
    /// stated after it.
    fn date_bound_at(&self, i: usize) -> Option<Candidate> {
        let mut c = self.date_at(i)?;
        if c.start != i || c.consumed != c.end {
            return None;
        }
        let (dir, end) = self.date_word(c.end, |w| if let DateWord::BoundAfter(d) = w { Some(d) } else { None })?;
        c.mention.qualifier = if dir > 0 { Qualifier::AtLeast } else { Qualifier::AtMost };
        c.mention.end = self.toks[end - 1].end as usize;
        c.mention.rule = format!("{}+bound", c.mention.rule).into();
        c.end = end;
        c.consumed = end;
        Some(c)
    }

    /// A year in words right after a month ("October two thousand and five",
    /// "13 Sept nineteen seventy two", "6 April seventeen hundred thirty
    /// three"): one number 1100-2099, or a number 11-20 then one 10-99. Not after
    /// a comma nor before a counted noun: "in March, two thousand people".
    fn year_in_words(&self, pos: usize) -> Option<(i32, usize)> {
        if pos == 0 || self.is_symbol(pos - 1, &[","]) {
            return None;
        }
        let whole = |n: &Num| {
            (n.words && !n.ordinal && n.value.fract().is_zero()).then(|| i32::try_from(n.value).ok()).flatten()
        };
        let a = self.number(pos)?;
        let first = whole(&a)?;
        let (year, end) = if (1100..=2099).contains(&first) {
            (first, a.end)
        } else if (11..=20).contains(&first) {
            let b = self.number(a.end).filter(|b| b.words)?;
            let second = whole(&b).filter(|v| (10..=99).contains(v))?;
            (first * 100 + second, b.end)
        } else {
            return None;
        };
        if end < self.toks.len()
            && (self.is_plain_plural_noun(end) || self.has(end, |e| matches!(e, Entry::Counted(_) | Entry::Unit(_))))
        {
            return None;
        }
        Some((year, end))
    }

    /// "20161016": eight digits that read as a year 1900-2099, a month and a day
    /// (ISO 8601 basic format, as in file names and archive links).
    fn compact_date_at(&self, i: usize) -> Option<Candidate> {
        let t = self.toks.get(i).filter(|t| t.kind == TokenKind::Number)?;
        let text = t.text(self.text);
        if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if self.is_symbol(i + 1, &[".", ","]) && self.glued(i + 1) && self.number(i + 2).is_some() {
            return None;
        }
        let year: i32 = text[..4].parse().ok().filter(|y| (1900..=2099).contains(y))?;
        let date = PartialDate::ymd(year, text[4..6].parse().ok()?, text[6..].parse().ok()?)?;
        Some(self.date_candidate(i, i + 1, i + 1, Value::Date(date), Qualifier::Exact, BuiltinRule::DateCompact))
    }

    /// "week 31", "week 3 of 2027", "week 27 of last year": an ISO week by its
    /// number, in the year stated or the document date's. Only a lower-case
    /// "week": "Week 10" is a season's (sports) week.
    fn week_number_at(&self, i: usize) -> Option<Candidate> {
        let (_, k) = self.date_word(i, |w| (w == DateWord::WeekOfYear).then_some(()))?;
        if k != i + 1 || !self.tok_text(i).starts_with(|c: char| c.is_lowercase()) {
            return None;
        }
        let t = self.toks.get(k).filter(|t| t.kind == TokenKind::Number && !t.glued())?;
        let n: i64 = t.text(self.text).parse().ok().filter(|n| (1..=53).contains(n))?;
        if self.toks.get(k + 1).is_some_and(|t| t.glued() && t.kind != TokenKind::Symbol)
            || self.is_symbol(k + 1, &[".", ",", "/", ":"]) && self.glued(k + 1) && self.number(k + 2).is_some()
        {
            return None;
        }
        let mut end = k + 1;
        let stated = if self.is_word(end, "of") {
            self.date_at(end + 1).and_then(|c| match c.mention.value {
                Value::Date(d) if d.precision == Precision::Year && c.start == end + 1 => Some((d.year, c.end)),
                _ => None,
            })
        } else {
            None
        };
        let year = match stated {
            Some((y, e)) => {
                end = e;
                y
            }
            None => self.doc_date?.year,
        };
        let monday = PartialDate::week_of(Day::from_civil(year, 1, 4)).first_day().add_days(7 * (n - 1));
        let week = PartialDate::week_of(monday);
        if PartialDate::week_of(monday.add_days(3)).first_day() != monday || monday.add_days(3).to_civil().0 != year {
            return None;
        }
        Some(self.date_candidate(i, end, end, Value::Date(week), Qualifier::Exact, BuiltinRule::DateWeekNumber))
    }

    /// "the 21st century", "the first week of 2021", "the last week of 2016": a
    /// period counted by an ordinal.
    fn ordinal_period_at(&self, i: usize) -> Option<Candidate> {
        let mut s = Slots::default();
        let (n, after) = match self.date_word(i, |w| (w == DateWord::LastOf).then_some(())) {
            Some((_, end)) => (None, end),
            None => {
                let next = self.match_item(&ItemKind::Day, i, &mut s)?;
                (Some(i32::from(s.day?)), next)
            }
        };
        let (value, end) = if let Some((_, end)) = self.date_word(after, |w| (w == DateWord::Century).then_some(())) {
            let first = (n? - 1) * 100;
            (Value::DateRange(PartialDate::year(first), PartialDate::year(first + 99)), end)
        } else {
            let (_, k) = self.date_word(after, |w| (w == DateWord::WeekOfYear).then_some(()))?;
            if !self.is_word(k, "of") {
                return None;
            }
            let mut y = Slots::default();
            let Some(end) = self.match_item(&ItemKind::Year, k + 1, &mut y) else {
                return self.week_of_month_at(i, n, k + 1);
            };
            let year = y.year?;
            let monday = match n {
                // ISO weeks: week 1 holds January 4th, the last one December 28th.
                Some(n) if (1..=52).contains(&n) => {
                    PartialDate::week_of(Day::from_civil(year, 1, 4)).first_day().add_days(7 * i64::from(n - 1))
                }
                None => PartialDate::week_of(Day::from_civil(year, 12, 28)).first_day(),
                _ => return None,
            };
            (Value::Date(PartialDate::week_of(monday)), end)
        };
        let qualifier = if matches!(value, Value::DateRange(..)) { Qualifier::Range } else { Qualifier::Exact };
        Some(self.date_candidate(i, end, end, value, qualifier, BuiltinRule::DateOrdinalPeriod))
    }

    /// "the first week of January 2015", "the 3rd week of Jan", "the last week of
    /// this month": the `n`th ISO week (Monday to Sunday) that has days of the
    /// month at `k`, the first holding its 1st (`None`: the last, holding its
    /// last day).
    fn week_of_month_at(&self, i: usize, n: Option<i32>, k: usize) -> Option<Candidate> {
        let c = self.date_at(k).filter(|c| c.start == k && c.consumed == c.end)?;
        let value = match c.mention.value {
            Value::Date(d) if d.precision == Precision::Month => {
                let monday = match n {
                    Some(n) if (1..=5).contains(&n) => {
                        PartialDate::week_of(d.first_day()).first_day().add_days(7 * i64::from(n - 1))
                    }
                    None => PartialDate::week_of(d.last_day()).first_day(),
                    _ => return None,
                };
                if monday > d.last_day() {
                    return None;
                }
                Value::Date(PartialDate::week_of(monday))
            }
            Value::UnresolvedDate => Value::UnresolvedDate,
            _ => return None,
        };
        Some(self.date_candidate(i, c.end, c.end, value, Qualifier::Exact, BuiltinRule::DateOrdinalPeriod))
    }

    /// "Mon 13th", "Sunday 31": a weekday and a day of the month, the nearest
    /// such day (before or after the document date) that falls on that weekday.
    fn weekday_day_at(&self, i: usize) -> Option<Candidate> {
        // "this Friday 5/12", "next friday 5/12": the day written out decides.
        let directed = self.is_direction_word(i);
        let w = i + usize::from(directed);
        let capital = self.toks.get(w).is_some_and(|t| t.text(self.text).starts_with(|c: char| c.is_uppercase()));
        let (weekday, mut k) =
            self.longest(w, |e| if let Entry::Weekday(d) = e { Some(d) } else { None }).or_else(|| {
                self.date_word(w, |x| if let DateWord::WeekdayShort(d) = x { Some(d) } else { None })
                    .filter(|_| capital)
            })?;
        if self.is_symbol(k, &[","]) {
            k += 1;
        }
        // "Friday 5/12": a weekday before a digit date adds nothing to it.
        if let Some(mut c) = self
            .numeric_date_at(k, true)
            .filter(|c| c.start == k && matches!(c.mention.value, Value::Date(d) if d.precision == Precision::Day))
        {
            c.mention.start = self.toks[i].start as usize;
            c.start = i;
            c.mention.rule = "dates:weekday-date".into();
            return Some(c);
        }
        if directed {
            return None;
        }
        let mut s = Slots::default();
        let end = self.match_item(&ItemKind::Day, k, &mut s)?;
        let day = s.day?;
        // "Sunday 31 March", "Friday 13 of May": the month follows; other patterns read it.
        if self.has(end, |e| matches!(e, Entry::Month { .. })) || self.is_word(end, "of") {
            return None;
        }
        if self.toks.get(end).is_some_and(|t| t.kind == TokenKind::Number || (t.glued() && t.kind == TokenKind::Word)) {
            return None;
        }
        let value = match self.doc_date.map(|d| d.first_day()) {
            None => Value::UnresolvedDate,
            Some(today) => {
                let (y, m, _) = today.to_civil();
                let here = i64::from(y) * 12 + i64::from(m) - 1;
                let found = (here - 24..=here + 24)
                    .filter_map(|k| PartialDate::ymd(k.div_euclid(12) as i32, (k.rem_euclid(12) + 1) as u8, day))
                    .filter(|d| d.first_day().weekday() == weekday)
                    .min_by_key(|d| (d.first_day().0 - today.0).abs())?;
                Value::Date(found)
            }
        };
        Some(self.date_candidate(i, end, end, value, Qualifier::Exact, BuiltinRule::DateWeekdayDay))
    }

    /// "the week of April 10th", "w/c Feb 4": the week of a day.
    fn week_of_at(&self, i: usize) -> Option<Candidate> {
        let (_, k) = self.date_word(i, |w| (w == DateWord::WeekOf).then_some(()))?;
        let mut c = self.date_at(k)?;
        c.mention.value = match c.mention.value {
            Value::Date(d) if d.precision == Precision::Day => Value::Date(PartialDate::week_of(d.first_day())),
            Value::UnresolvedDate => Value::UnresolvedDate,
            _ => return None,
        };
        c.mention.start = self.toks[i].start as usize;
        c.mention.rule = "dates:week-of".into();
        c.start = i;
        Some(c)
    }

    /// "the weekend of July 4th", "Labor Day weekend", "Halloween weekend 2021",
    /// "the weekend of Thanksgiving 2023": the weekend that goes with a day
    /// (`date::weekend_around`), a holiday's widened to take it in.
    fn weekend_of_at(&self, i: usize) -> Option<Candidate> {
        let (day, end) = if let Some((_, k)) = self.date_word(i, |w| (w == DateWord::WeekendOf).then_some(())) {
            let c = self.date_at(k).filter(|c| c.start == k && c.consumed == c.end)?;
            // "the weekend of 8/9 January": two days of a month, not August 9.
            if self.has(c.end, |e| matches!(e, Entry::Month { .. })) {
                return None;
            }
            match c.mention.value {
                Value::Date(d) if d.precision == Precision::Day => (Some(d.first_day()), c.end),
                Value::UnresolvedDate => (None, c.end),
                _ => return None,
            }
        } else {
            // A holiday (not any date: "May 5 weekend" is rare), its year before
            // or after the weekend word.
            let (holiday, mut k) = self.holiday_at(i)?;
            let mut s = Slots::default();
            if let Some(e) = self.match_item(&ItemKind::Year, k, &mut s) {
                k = e;
            }
            let (_, mut end) = self.date_word(k, |w| (w == DateWord::WeekendAfter).then_some(()))?;
            if s.year.is_none()
                && let Some(e) = self.match_item(&ItemKind::Year, end, &mut s)
            {
                end = e;
            }
            match holiday {
                Ok((m, d)) => (s.month, s.day) = (Some(m), Some(d)),
                Err(movable) => s.movable = Some(movable),
            }
            match self.resolve_date(&s)? {
                Value::Date(d) if d.precision == Precision::Day => (Some(d.first_day()), end),
                Value::UnresolvedDate => (None, end),
                _ => return None,
            }
        };
        let value = match day {
            Some(day) => {
                let (first, last) = crate::date::weekend_around(day);
                Value::DateRange(first.to_date(), last.to_date())
            }
            None => Value::UnresolvedDate,
        };
        Some(self.date_candidate(i, end, end, value, Qualifier::Range, BuiltinRule::DateWeekend))
    }

    /// "fiscal 2019", "FY2019", "fiscal year 2008": a fiscal year's label. Its
    /// months differ between organisations (the US government's FY2019 ran from
    /// October 2018 to September 2019), so the date is the year it names,
    /// approximate, the label in its span.
    fn fiscal_year_at(&self, i: usize) -> Option<Candidate> {
        let (_, k) = self.date_word(i, |w| (w == DateWord::FiscalYear).then_some(()))?;
        let t = self.toks.get(k).filter(|t| t.kind == TokenKind::Number && t.text(self.text).len() == 4)?;
        let year: i32 = t.text(self.text).parse().ok().filter(|y| (1900..=2199).contains(y))?;
        // "fiscal year 1986-1987", "fiscal 1986/87": a split year, read as a period.
        let split = self.is_symbol(k + 1, &["-", "/"]) && self.glued(k + 2) && self.number(k + 2).is_some();
        if self.glued(k + 1) && (split || self.toks.get(k + 1).is_some_and(|t| t.kind != TokenKind::Symbol)) {
            return None;
        }
        let value = Value::Date(PartialDate::year(year));
        Some(self.date_candidate(i, k + 1, k + 1, value, Qualifier::Approx, BuiltinRule::DateFiscalYear))
    }

    /// A whole number of calendar units at `j` ("3 days", "two years"): the
    /// duration's candidate, the count and the unit.
    fn calendar_duration(&self, j: usize) -> Option<(Candidate, i64, String)> {
        // Most amounts are no durations: the memo is looked at before one is
        // cloned.
        self.amount_consumed(j)?;
        let exact_duration =
            |c: &Candidate| c.mention.kind == Kind::Duration && c.mention.qualifier == Qualifier::Exact;
        if self.amounts.borrow().get(j).is_some_and(|known| !known.is_some_and(exact_duration)) {
            return None;
        }
        let c = self.amount_at(j).filter(exact_duration)?;
        let v = c.mention.number()?;
        if !v.fract().is_zero() || v <= Decimal::ZERO || v > Decimal::from(10_000) {
            return None;
        }
        let n = i64::try_from(v.trunc().normalize().mantissa()).ok()?;
        let unit = c.mention.unit.clone()?;
        Day(0).add_units(1, &unit)?;
        Some((c, n, unit))
    }

    /// A whole number of calendar units at `j` starting there, or one after an
    /// article ("a year", "a fortnight"): the count, the unit, one past the last
    /// token in the span and one past the last consumed.
    fn calendar_units_at(&self, j: usize) -> Option<(i64, String, usize, usize)> {
        if let Some((c, n, unit)) = self.calendar_duration(j).filter(|(c, _, _)| c.start == j) {
            return Some((n, unit, c.end, c.consumed));
        }
        if !(self.is_word(j, "a") || self.is_word(j, "an")) || self.glued(j + 1) {
            return None;
        }
        let (d, end) = self.longest(j + 1, |e| if let Entry::Duration(d) = e { Some(d) } else { None })?;
        let unit = self.lex.durations[d as usize].clone();
        // "a week", not "a weeks".
        if self.tok_text(end - 1).ends_with(['s', 'S']) && !unit.ends_with('s') {
            return None;
        }
        Day(0).add_units(1, &unit)?;
        Some((1, unit, end, end))
    }

    /// "2 weeks and 2 days", "2 years 1 month 21 days", "a year and a half":
    /// calendar units in a row at `j`, each shorter than the one before (a half
    /// or a quarter of the last one in a shorter unit when whole: six months of
    /// a year). The parts, one past the last token in the span and one past the
    /// last consumed.
    fn calendar_run(&self, j: usize) -> Option<(CalendarRun, usize, usize)> {
        let (n, unit, mut end, mut consumed) = self.calendar_units_at(j)?;
        let mut parts = vec![(n, unit)];
        loop {
            let mut k = consumed;
            if self.is_symbol(k, &[","]) {
                k += 1;
            }
            if self.is_word(k, "and") {
                k += 1;
            }
            let last = parts[parts.len() - 1].1.as_str();
            if k > consumed
                && (self.is_word(k, "a") || self.is_word(k, "an"))
                && let Some(Entry::FractionWord(f)) = self.number_entry(k + 1)
            {
                let per = match last {
                    "year" => Some((12, "month")),
                    "quarter" => Some((3, "month")),
                    "fortnight" => Some((14, "day")),
                    "week" => Some((7, "day")),
                    _ => None,
                };
                if let Some((per, small)) = per
                    && let Some(m) = Some(f * Decimal::from(per)).filter(|m| m.fract().is_zero())
                    && !self.has(k + 2, |e| matches!(e, Entry::Duration(_) | Entry::Multiplier(_)))
                {
                    parts.push((i64::try_from(m.trunc().normalize().mantissa()).ok()?, small.to_string()));
                    end = k + 2;
                    consumed = k + 2;
                }
                break;
            }
            match self.calendar_units_at(k) {
                Some((n, u, e, c)) if calendar_rank(&u) < calendar_rank(last) => {
                    parts.push((n, u));
                    end = e;
                    consumed = c;
                }
                _ => break,
            }
        }
        Some((parts, end, consumed))
    }

    /// "2 quarters", "three quarters" after a span word: calendar quarters
    /// (alone, "three quarters" is a fraction). The count, the unit, and one past
    /// the last token.
    fn quarters_at(&self, j: usize) -> Option<(i64, String, usize, usize)> {
        let num = self.number(j)?;
        if num.ordinal || num.article || num.value <= Decimal::ZERO {
            return None;
        }
        let quarter_word = |k: usize| self.date_word(k, |w| (w == DateWord::YearPartUnit(3)).then_some(()));
        // "three quarters" read as the number 0.75 took the word in.
        let (count, end) = match quarter_word(num.end - 1) {
            Some((_, end)) if end == num.end && !num.value.fract().is_zero() => (num.value * Decimal::from(4), end),
            _ => (num.value, quarter_word(num.end)?.1),
        };
        if !count.fract().is_zero() {
            return None;
        }
        let n = i64::try_from(count.trunc().normalize().mantissa()).ok().filter(|&n| n <= 400)?;
        Some((n, "quarter".to_string(), end, end))
    }

    /// "the next 3 days", "the past two weeks", "within 9 months", "the 5 past
    /// years": a span of calendar units from the document date.
    fn span_at(&self, i: usize) -> Option<Candidate> {
        let span_word = |k: usize| self.date_word(k, |w| if let DateWord::Span(d) = w { Some(d) } else { None });
        let (dir, parts, consumed, span_end) = if let Some((dir, mut j)) = span_word(i) {
            // "within the next 10 months": from today.
            if dir == 0
                && let Some((_, k)) = span_word(j).filter(|(d, _)| *d > 0)
            {
                j = k;
            }
            let (parts, consumed, end) = match self.calendar_duration(j) {
                Some((c, n, unit)) => {
                    let (parts, end, consumed) = self.calendar_run(c.start)?;
                    // "the last 3 months and 2 days ago": the rest is a shift's.
                    let shift = |w| matches!(w, DateWord::Shift(_) | DateWord::ShiftFrom(_)).then_some(());
                    if parts.len() > 1 && self.date_word(consumed, shift).is_some() {
                        (vec![(n, unit)], c.consumed, c.end)
                    } else {
                        (parts, consumed, end)
                    }
                }
                None => {
                    let (n, unit, consumed, end) = self.quarters_at(j)?;
                    (vec![(n, unit)], consumed, end)
                }
            };
            // "the last 3 weeks of this year": counted from another date.
            if self.is_word(consumed, "of") {
                return None;
            }
            (dir, parts, consumed, end)
        } else {
            // "the 5 past years", "the 2 next days".
            let num = self.number(i)?;
            if num.ordinal || num.article || !num.value.fract().is_zero() || num.value <= Decimal::ZERO {
                return None;
            }
            let (dir, k) = span_word(num.end)?;
            let (d, end) = self.longest(k, |e| if let Entry::Duration(d) = e { Some(d) } else { None })?;
            // "only 3 next week": the number counts something else.
            if self.is_word(end, "of") || !self.tok_text(end - 1).ends_with(['s', 'S']) {
                return None;
            }
            let unit = self.lex.durations[d as usize].clone();
            let n = i64::try_from(num.value.trunc().normalize().mantissa()).ok().filter(|&n| n <= 10_000)?;
            Day(0).add_units(1, &unit)?;
            (dir, vec![(n, unit)], end, end)
        };
        // Without a document date the duration stays what it is.
        let value = match self.doc_date.map(|d| d.first_day()) {
            None => return None,
            Some(today) => {
                // Quarters are calendar quarters: "the last 2 quarters" are the two
                // before the current one.
                let today = if parts[0].1 == "quarter" && dir != 0 {
                    let (y, m, _) = today.to_civil();
                    let first = Day::from_civil(y, (m - 1) / 3 * 3 + 1, 1);
                    if dir > 0 { first.add_months(3)?.add_days(-1) } else { first }
                } else {
                    today
                };
                // "the next 4 business days": the four after today, weekends skipped.
                if let [(n, unit)] = parts.as_slice()
                    && unit == "business day"
                {
                    let (from, to) = match dir.signum() {
                        1 => (today.add_business_days(1), today.add_business_days(*n)),
                        -1 => (today.add_business_days(-*n), today.add_business_days(-1)),
                        _ => (today, today.add_business_days(*n - 1)),
                    };
                    let value = Value::DateRange(from.to_date(), to.to_date());
                    return Some(self.date_candidate(
                        i,
                        span_end,
                        consumed,
                        value,
                        Qualifier::Range,
                        BuiltinRule::DateSpan,
                    ));
                }
                let (from, to) = match dir.signum() {
                    1 => (today.add_days(1), shift_by(today.add_days(1), &parts, 1)?),
                    -1 => (shift_by(today, &parts, -1)?, today),
                    _ => (today, shift_by(today, &parts, 1)?),
                };
                Value::DateRange(from.to_date(), to.add_days(-1).to_date())
            }
        };
        Some(self.date_candidate(i, span_end, consumed, value, Qualifier::Range, BuiltinRule::DateSpan))
    }

    /// "two years ago", "3 weeks later", "in 2 weeks", "3 days after January
    /// 12th", "two days before yesterday": a day a whole number of calendar units
    /// from the document date or from another day.
    fn shifted_at(&self, i: usize) -> Option<Candidate> {
        let ahead = self.date_word(i, |w| (w == DateWord::Ahead).then_some(())).map(|(_, end)| end);
        if let Some(j) = ahead {
            // "the first time in 10 years", "the lowest in five years": a stretch of time.
            if i > 0 {
                let prev = self.tok_text(i - 1).to_ascii_lowercase();
                let superlative = prev.len() > 4 && prev.ends_with("est");
                if superlative || self.date_word(i - 1, |w| (w == DateWord::NotAhead).then_some(())).is_some() {
                    return None;
                }
            }
            // "in a week" stays out: "in a year" is mostly a stretch of time.
            let (c, ..) = self.calendar_duration(j)?;
            // "in 30-year bonds": a hyphenated duration describes what follows
            // ("the next 12-month period" is still a span).
            if (c.start + 1..c.end).any(|k| self.is_symbol(k, &["-"]) && self.glued(k) && self.glued(k + 1)) {
                return None;
            }
            let (parts, end, consumed) = self.calendar_run(c.start)?;
            // "in two years since 2011", "in 3 days from now": something else.
            let followed =
                self.date_word(consumed, |w| matches!(w, DateWord::Shift(_) | DateWord::ShiftFrom(_)).then_some(()));
            if followed.is_some() {
                return None;
            }
            let value = match self.doc_date {
                None => return None,
                Some(d) => Value::Date(shift_by(d.first_day(), &parts, 1)?.to_date()),
            };
            return Some(self.shifted(i, end, consumed, value));
        }
        let (parts, _, k) = self.calendar_run(i)?;
        if let Some((dir, end)) = self.date_word(k, |w| if let DateWord::Shift(d) = w { Some(d) } else { None }) {
            let value = match self.doc_date {
                None => return None,
                Some(d) => Value::Date(shift_by(d.first_day(), &parts, i64::from(dir.signum()))?.to_date()),
            };
            return Some(self.shifted(i, end, end, value));
        }
        let (dir, j) = self.date_word(k, |w| if let DateWord::ShiftFrom(d) = w { Some(d) } else { None })?;
        let anchor = self.date_at(j)?;
        let value = match anchor.mention.value {
            Value::Date(d) if d.precision == Precision::Day => {
                Value::Date(shift_by(d.first_day(), &parts, i64::from(dir.signum()))?.to_date())
            }
            _ => return None,
        };
        Some(self.shifted(i, anchor.end, anchor.consumed, value))
    }

    /// A date found by one of the scanner's own date readers: tokens
    /// `start..end` are its span, `consumed` where scanning goes on.
    fn date_candidate(
        &self,
        start: usize,
        end: usize,
        consumed: usize,
        value: Value,
        qualifier: Qualifier,
        rule: BuiltinRule,
    ) -> Candidate {
        let mention = Mention {
            start: self.toks[start].start as usize,
            end: self.toks[end - 1].end as usize,
            kind: Kind::Date,
            value,
            unit: None,
            qualifier,
            low: None,
            high: None,
            step: Decimal::ONE,
            rule: rule.name(),
        };
        Candidate { start, end, consumed, mention, scale: Decimal::ONE }
    }

    fn shifted(&self, start: usize, end: usize, consumed: usize, value: Value) -> Candidate {
        self.date_candidate(start, end, consumed, value, Qualifier::Exact, BuiltinRule::DateShifted)
    }

    // ---- dates -----------------------------------------------------------

    /// The longest holiday name at `pos`: a fixed day (month, day) or a movable
    /// one; and one past its last token.
    fn holiday_at(&self, pos: usize) -> Option<(HolidayDay, usize)> {
        self.longest(pos, |e| match e {
            Entry::Holiday { month, day } => Some(Ok((month, day))),
            Entry::EasterHoliday(offset) => Some(Err(Movable::Easter(offset))),
            Entry::WeekdayHoliday { month, weekday, nth, offset } => {
                Some(Err(Movable::Weekday { month, weekday, nth, offset }))
            }
            _ => None,
        })
    }

    fn resolve_date(&self, s: &Slots) -> Option<Value> {
        let doc = self.doc_date.map(|d| d.first_day());
        if let Some(movable) = s.movable {
            let on = |y: i32| movable.day_in(y);
            let day = match (s.year, doc) {
                (Some(y), _) => on(y)?,
                (None, None) => return Some(Value::UnresolvedDate),
                (None, Some(today)) => {
                    let y = today.to_civil().0;
                    let days = [on(y - 1)?, on(y)?, on(y + 1)?];
                    match s.direction {
                        Some(0) => on(y)?,
                        Some(1) => days.into_iter().find(|d| d.0 > today.0)?,
                        Some(_) => days.into_iter().rev().find(|d| d.0 < today.0)?,
                        None => days.into_iter().min_by_key(|d| (d.0 - today.0).abs())?,
                    }
                }
            };
            return Some(Value::Date(day.to_date()));
        }
        if let Some((unit, offset)) = s.relative {
            let Some(today) = doc else { return Some(Value::UnresolvedDate) };
            // "next weekend": Saturday and Sunday of next week.
            if unit == RelativeUnit::Weekend {
                if s.weekday.is_some() {
                    return None;
                }
                let saturday = today.add_days(7 * i64::from(offset) + 5 - i64::from(today.weekday()));
                return Some(Value::DateRange(saturday.to_date(), saturday.add_days(1).to_date()));
            }
            // "Tuesday of next week": that day of the week named.
            if let Some((weekday, _)) = s.weekday {
                if unit != RelativeUnit::Week {
                    return None;
                }
                let monday = today.add_days(7 * i64::from(offset) - i64::from(today.weekday()));
                return Some(Value::Date(monday.add_days(i64::from(weekday)).to_date()));
            }
            let (y, m, _) = today.to_civil();
            let date = match unit {
                RelativeUnit::Day => today.add_days(i64::from(offset)).to_date(),
                RelativeUnit::Week => PartialDate::week_of(today.add_days(7 * i64::from(offset))),
                RelativeUnit::Month => {
                    let months = i64::from(y) * 12 + i64::from(m) - 1 + i64::from(offset);
                    PartialDate::ym(months.div_euclid(12) as i32, (months.rem_euclid(12) + 1) as u8)?
                }
                RelativeUnit::Year => PartialDate::year(y + offset),
                RelativeUnit::Weekend => return None,
                RelativeUnit::Quarter => {
                    let first = i64::from(y) * 12 + i64::from((m - 1) / 3 * 3) + 3 * i64::from(offset);
                    let month = |k: i64| PartialDate::ym(k.div_euclid(12) as i32, (k.rem_euclid(12) + 1) as u8);
                    return Some(Value::DateRange(month(first)?, month(first + 2)?));
                }
            };
            return Some(Value::Date(date));
        }
        if let Some((weekday, forward)) = s.weekday {
            let Some(today) = doc else { return Some(Value::UnresolvedDate) };
            // "next Friday": the Friday of next week; "last Wednesday": of the week before.
            if let Some(dir) = s.direction {
                let monday = today.add_days(-i64::from(today.weekday()));
                return Some(Value::Date(monday.add_days(7 * i64::from(dir) + i64::from(weekday)).to_date()));
            }
            let delta = i64::from(weekday) - i64::from(today.weekday());
            let day = if forward {
                today.add_days(if delta <= 0 { delta + 7 } else { delta })
            } else {
                today.add_days(if delta > 0 { delta - 7 } else { delta })
            };
            return Some(Value::Date(day.to_date()));
        }
        let year = s.year;
        if s.decade {
            return Some(Value::Date(PartialDate::decade(year?)));
        }
        match (s.day, s.month, year) {
            (Some(d), Some(m), Some(y)) => PartialDate::ymd(y, m, d).map(Value::Date),
            (None, Some(m), Some(y)) => PartialDate::ym(y, m).map(Value::Date),
            (Some(d), Some(m), None) => {
                if d > crate::date::days_in_month(2024, m) {
                    return None;
                }
                let Some(today) = doc else { return Some(Value::UnresolvedDate) };
                let (y, _, _) = today.to_civil();
                let mut days = (y - 1..=y + 1).filter_map(|yy| PartialDate::ymd(yy, m, d));
                match s.direction {
                    // "next Christmas", "last Halloween": the one after or before.
                    Some(0) => PartialDate::ymd(y, m, d),
                    Some(1) => days.find(|c| c.first_day().0 > today.0),
                    Some(_) => days.rev().find(|c| c.first_day().0 < today.0),
                    // The reading closest to the document date.
                    None => days.min_by_key(|c| (c.first_day().0 - today.0).abs()),
                }
                .map(Value::Date)
            }
            (None, None, Some(y)) => Some(Value::Date(PartialDate::year(y))),
            (Some(d), None, None) => {
                // "on the 18th": this month's, the last or the next, whichever is closest.
                let Some(today) = doc else { return Some(Value::UnresolvedDate) };
                let (y, m, _) = today.to_civil();
                let here = i64::from(y) * 12 + i64::from(m) - 1;
                (here - 1..=here + 1)
                    .filter_map(|k| PartialDate::ymd(k.div_euclid(12) as i32, (k.rem_euclid(12) + 1) as u8, d))
                    .min_by_key(|c| (c.first_day().0 - today.0).abs())
                    .map(Value::Date)
            }
            (None, Some(m), None) => {
                let Some(today) = doc else { return Some(Value::UnresolvedDate) };
                let (y, tm, _) = today.to_civil();
                let year = match s.direction {
                    Some(0) => y,
                    Some(1) => {
                        if m > tm {
                            y
                        } else {
                            y + 1
                        }
                    }
                    Some(_) => {
                        if m < tm {
                            y
                        } else {
                            y - 1
                        }
                    }
                    // The reading closest to the document date.
                    None => {
                        (y - 1..=y + 1)
                            .filter_map(|yy| PartialDate::ym(yy, m))
                            .min_by_key(|c| (c.first_day().0 - today.0).abs())?
                            .year
                    }
                };
                PartialDate::ym(year, m).map(Value::Date)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod shortcut_tests {
    use super::*;

    /// The shortcuts (token masks, start tables, follow tests) are derived from
    /// the rules and must be exact: with them or without, the same mentions.
    fn same_with_and_without_shortcuts(rules: &RuleSet, text: &str, date: Option<PartialDate>) {
        let fast = scan_with(rules, text, date, &mut Scratch::default(), false);
        let slow = scan_with(rules, text, date, &mut Scratch::default(), true);
        let show = |ms: &[Mention]| ms.iter().map(|m| format!("{m:?}")).collect::<Vec<_>>();
        assert_eq!(show(&fast), show(&slow), "shortcuts changed the mentions of {text:?}");
    }

    #[test]
    fn shortcuts_never_change_what_rule_examples_find() {
        let rules = RuleSet::builtin();
        let mut n = 0;
        for example in &rules.examples {
            same_with_and_without_shortcuts(rules, &example.text, example.date);
            n += 1;
        }
        assert!(n > 50, "only {n} examples");
    }

    #[test]
    fn values_far_after_their_leading_words_are_still_read() {
        let rules = RuleSet::builtin();
        for text in [
            "Reserves stood at 5 billion dlrs as of the end of the first quarter of 2020, it said.",
            "The board wants stocks down to six weeks of use by the start of next October.",
            "It should trend higher by the end of last year and fall between the beginning of January and February 24.",
            "The plan runs from the middle of the second half of 2021 until the end of the first half of 2022.",
            "Output rose by more than about a third, or up to roughly - 5 pct, in the three months to March.",
            "They expect a couple of long, hard and costly years; a pair of Nobel Prizes, a civilian and a further 10 people.",
        ] {
            same_with_and_without_shortcuts(rules, text, PartialDate::ymd(2020, 1, 1));
        }
        // "by" bounds a date whose first value ("October") stands five tokens on.
        let text = "to fall by the start of next October";
        let found = scan(rules, text, PartialDate::ymd(2020, 1, 1), &mut Scratch::default());
        let read: Vec<_> = found.iter().map(|m| (&text[m.start..m.end], m.qualifier)).collect();
        assert_eq!(read, [("the start of next October", Qualifier::AtMost)]);
    }

    #[test]
    fn shortcuts_never_change_what_news_text_gives() {
        // Real news where CI lays it out beside the checkout; read, never copied.
        let rules = RuleSet::builtin();
        for corpus in ["reuters21578/reuters21578.jsonl", "bbc-news-2005/bbc-news-2005.jsonl", "liar/liar.jsonl"] {
            let path = format!("{}/../shared/corpus/{corpus}", env!("CARGO_MANIFEST_DIR"));
            let Ok(text) = std::fs::read_to_string(&path) else {
                eprintln!("skipped: {path} is not there");
                continue;
            };
            for line in text.lines().step_by(20).take(400) {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                let text = v["text"].as_str().unwrap_or_default();
                same_with_and_without_shortcuts(rules, text, PartialDate::ymd(2005, 3, 1));
            }
        }
    }
}

#[cfg(test)]
mod word_set_tests {
    use super::WordSets;

    #[test]
    fn words_are_found_in_any_case_and_only_when_equal() {
        let mut sets = WordSets::default();
        sets.add("from", 0b001);
        sets.add("for", 0b010);
        // Same length and first letter as "from": the same bucket.
        sets.add("fore", 0b100);
        sets.add("FROM", 0b1000);
        assert_eq!(sets.sets_of("from"), 0b1001);
        assert_eq!(sets.sets_of("From"), 0b1001);
        assert_eq!(sets.sets_of("fore"), 0b100);
        assert_eq!(sets.sets_of("for"), 0b010);
        assert_eq!(sets.sets_of("fork"), 0);
        assert_eq!(sets.sets_of("form"), 0);
        assert_eq!(sets.sets_of(""), 0);
        assert_eq!(WordSets::default().sets_of("from"), 0);
    }
}
