//! The scanner: tokens → lexicon matches → numbers → patterns → mentions.
//!
//! One pass builds, for every token, the lexicon phrases that start there, and
//! marks tokens that can never be quantities (idioms, times of day, phone numbers,
//! slashed dates, sports scores). Then, left to right, every way a mention can
//! start at a token is tried: a range pattern, a qualifier followed by an amount,
//! each composition pattern, a bare number. The longest wins (ties go to that
//! order), it is emitted, and scanning resumes after it.
//!
//! The files follow that order: [`tables`] (what is derived from a rule set once,
//! so that most patterns are never tried at most tokens), [`phrases`] (the first
//! pass), this file (the scanner's state, the left-to-right walk, and the passes
//! over what it emitted: bounds, subunits, restatements, durations, the levels
//! after a change, compound measures),
//! [`number_reader`], [`patterns`] (items, amounts, qualifiers, ranges), and
//! [`dates`] (numeric dates, periods, spans and resolving them).

use rust_decimal::Decimal;

use super::mention::{Kind, Mention, Qualifier, Value};
use super::numbers::parse_literal;
use crate::date::{Day, PartialDate, Precision};
use crate::rules::{DateWord, Entry, GluedScale, Item, ItemKind, Lexicon, MeasureUnit, Pattern, RelativeUnit, RuleSet};
use crate::tokenize::{Token, TokenKind, tokenize_into};

mod dates;
mod number_reader;
mod patterns;
mod phrases;
mod tables;

use phrases::*;
use tables::*;

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
        // documents lack: it is skipped without moving every mention. The
        // passes run once per text and are kept out of line (`inline(never)`),
        // which keeps the walk above small: 0.9% faster on Reuters.
        let has = |out: &[Mention], test: fn(&Mention) -> bool| out.iter().any(test);
        let bound = |m: &Mention| !matches!(m.qualifier, Qualifier::Exact | Qualifier::Approx | Qualifier::Range);
        let out = if has(&out, bound) { self.join_bounds(out) } else { out };
        let out = if has(&out, |m| m.kind == Kind::Money) { self.join_subunits(out) } else { out };
        let out = if out.len() > 1 && self.text.contains('(') { self.join_restated(out) } else { out };
        let out = if has(&out, |m| m.kind == Kind::Duration) { self.join_durations(out) } else { out };
        let out = self.ages(out);
        let out = self.shared_units(out);
        let out = if has(&out, |m| {
            m.unit.is_some() && matches!(m.kind, Kind::Money | Kind::Quantity | Kind::Count | Kind::Percent)
        }) {
            self.change_levels(out)
        } else {
            out
        };
        if out.iter().filter(|m| m.kind == Kind::Quantity).nth(1).is_some() { self.join_measures(out) } else { out }
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
    #[inline(never)]
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
        // A duration and a count or duration right after it, or after a comma or
        // "and": looked for first, so that most texts move nothing.
        let may_join = |a: &Mention, b: &Mention| {
            joinable(a)
                && matches!(b.kind, Kind::Count | Kind::Duration)
                && a.end <= b.start
                && self.between_is(a.end, b.start, &["", ",", "and", ", and"])
        };
        let mut out: Vec<Mention> = if !mentions.windows(2).any(|w| may_join(&w[0], &w[1])) {
            mentions
        } else {
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
            out
        };
        // "one hour and half": "half" alone is no mention of its own.
        for m in &mut out {
            // "one hour and a half is", "a year and a quarter": the fraction may
            // have made no mention of its own either.
            let k = if joinable(m) { self.token_at(m.end) } else { usize::MAX };
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

    /// "raised by 3.1 billion Swiss francs to 10.53 billion", "dropping four
    /// seats to 50": where a range's `change_after` word made its ends a change
    /// and the new level, a bare level is in the change's currency, unit or
    /// counted noun (its scale is its own); not a percentage's ("by 7.25 pct to
    /// 15.8 mln" tonnes). "rising to 200.60 billion dlrs from 188.54 billion",
    /// "to 5.5 pct from 5.1", "up at 905,000 tonnes from 860,000": a bare old
    /// value (after a `binding.old_value_before` phrase) is in the new level's. Neither after a subunit ("by 2 cts to 46"
    /// may be cents or dollars).
    #[inline(never)]
    fn change_levels(&self, mut mentions: Vec<Mention>) -> Vec<Mention> {
        // The last mention this pass made an old value, for a second one after it.
        let mut last_old_value = None;
        for k in 1..mentions.len() {
            let (before, rest) = mentions.split_at_mut(k);
            // "to 370,000 tonnes this year from 340,000 last year": the stated
            // level may have its date after it.
            let dated = k >= 2 && before[k - 1].kind == Kind::Date && before[k - 2].end <= before[k - 1].start;
            let stated_at = if dated { k - 2 } else { k - 1 };
            let (stated, stated_end, bare) = (&before[stated_at], before[k - 1].end, &mut rest[0]);
            if bare.kind != Kind::Count
                || bare.unit.is_some()
                || bare.qualifier != Qualifier::Exact
                || stated.unit.is_none()
                || !matches!(stated.kind, Kind::Money | Kind::Quantity | Kind::Count | Kind::Percent)
            {
                continue;
            }
            let first = self.token_at(stated.start);
            // The amount as read ("2" of "2 cts", "5 million" of "$5 million").
            let read = self.number(first).or_else(|| self.number(first + 1)).map(|n| n.value);
            if stated.kind == Kind::Money && read != stated.number() {
                continue;
            }
            // "by 3.1 billion francs to 10.53 billion": the new level.
            let level = !dated
                && stated.kind != Kind::Percent
                && self.between_is(stated.end, bare.start, &["to"])
                && self.rules.ranges.iter().any(|p| self.change_word_before(first, &p.change_after));
            // "rising to 200.60 billion dlrs from 188.54 billion", "to 5.5 pct from
            // 5.1": the old value beside a new level.
            let (after_stated, bare_first) = (self.token_at(stated_end), self.token_at(bare.start));
            let old_value = first > 0
                && (self.is_word(first - 1, "to") || self.is_word(first - 1, "at"))
                && self.rules.binding.old_value_before.iter().any(|p| {
                    after_stated + p.len() == bare_first && self.phrase_before(bare_first, std::slice::from_ref(p))
                });
            // "from 8.22 billion in September and 4.72 billion a year earlier":
            // a second old value, after the first.
            let another_old_value =
                last_old_value == Some(stated_at) && self.between_is(stated_end, bare.start, &["and"]);
            if level || old_value || another_old_value {
                bare.kind = stated.kind;
                bare.unit = stated.unit.clone();
                bare.rule = format!("{}+{}", bare.rule, if level { "level" } else { "old-value" }).into();
                if !level {
                    last_old_value = Some(k);
                }
            }
        }
        mentions
    }

    /// "14 and 15 inch screens", "3 or 4 days": a bare number joined by "and" or
    /// "or" to an amount takes its unit, when both are their numbers as written
    /// (no scale word or subunit to share: "2 or 3 million dollars" and "42
    /// billion or 3.5 pct" are left alone).
    #[inline(never)]
    fn shared_units(&self, mut mentions: Vec<Mention>) -> Vec<Mention> {
        for k in 1..mentions.len() {
            let (before, rest) = mentions.split_at_mut(k);
            let (bare, stated) = (&mut before[k - 1], &rest[0]);
            if bare.kind != Kind::Count
                || bare.unit.is_some()
                || bare.qualifier != Qualifier::Exact
                || stated.unit.is_none()
                || stated.qualifier != Qualifier::Exact
                || !self.between_is(bare.end, stated.start, &["and", "or"])
            {
                continue;
            }
            // Both as written, with no scale word: "42 billion or 3.5 pct" are two
            // things.
            let as_written = |m: &Mention| {
                self.number(self.token_at(m.start))
                    .is_some_and(|n| n.scale == Decimal::ONE && Some(n.value) == m.number())
            };
            // Like things listed are alike in size; an old value ("fell to 6.26
            // pct from 6.28 and five-year yields") is no item of a list.
            let alike = match (bare.number(), stated.number()) {
                (Some(a), Some(b)) if a > Decimal::ZERO && b > Decimal::ZERO => {
                    let hundred = Decimal::ONE_HUNDRED;
                    a <= b * hundred && b <= a * hundred
                }
                _ => false,
            };
            let first = self.token_at(bare.start);
            let old_value = self.phrase_before(first, &self.rules.binding.old_value_before);
            // "between 3 and 1 dollars": a range the scanner turned down.
            let failed_range = first > 0 && self.is_word(first - 1, "between");
            if alike && !old_value && !failed_range && as_written(stated) && as_written(bare) {
                bare.kind = stated.kind;
                bare.unit = stated.unit.clone();
                bare.rule = format!("{}+shared-unit", bare.rule).into();
            }
        }
        mentions
    }

    /// "died aged 84", "aged 5 to 11", "at the age of 54": a bare count after
    /// one of `binding.age_before` is an age in years, not a count of people.
    #[inline(never)]
    /// "Staunton, 49, who played", "Jones, 35, said": a whole number up to 120
    /// set off by commas after a capitalized name, and followed by the sentence
    /// going on in lower case, is the person's age ("Britain, 12, France, 10",
    /// a medal table, goes on with a name).
    fn apposed_age(&self, m: &Mention, k: usize) -> bool {
        let one_token = self.toks.get(k).is_some_and(|t| t.start as usize == m.start && t.end as usize == m.end);
        let whole = m.number().is_some_and(|n| n.fract().is_zero() && n >= Decimal::ONE && n <= Decimal::from(120));
        let word_at = |i: usize| self.toks.get(i).filter(|t| t.kind == TokenKind::Word).map(|t| t.text(self.text));
        one_token
            && whole
            && m.qualifier == Qualifier::Exact
            && k >= 2
            && self.is_symbol(k - 1, &[","])
            && self.is_symbol(k + 1, &[","])
            && word_at(k - 2).is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()))
            && word_at(k + 2).is_some_and(|w| w.starts_with(|c: char| c.is_lowercase()))
    }

    fn ages(&self, mut mentions: Vec<Mention>) -> Vec<Mention> {
        let phrases = &self.rules.binding.age_before;
        if phrases.is_empty() {
            return mentions;
        }
        for m in &mut mentions {
            if m.kind != Kind::Count || m.unit.is_some() {
                continue;
            }
            let k = self.token_at(m.start);
            if self.phrase_before(k, phrases) || self.apposed_age(m, k) {
                m.kind = Kind::Duration;
                m.unit = Some("year".into());
                m.rule = format!("{}+age", m.rule).into();
            }
        }
        mentions
    }

    /// The first token starting at or after byte `byte`: a mention's first token
    /// from its start, the token after it from its end.
    fn token_at(&self, byte: usize) -> usize {
        self.toks.partition_point(|t| (t.start as usize) < byte)
    }

    /// Whether one of `phrases` (tokenized, lower-case) ends right before token `i`.
    fn phrase_before(&self, i: usize, phrases: &[Vec<String>]) -> bool {
        phrases.iter().any(|p| p.len() <= i && p.iter().enumerate().all(|(k, w)| self.is_word(i - p.len() + k, w)))
    }

    /// Whether one of `words` (a range's `change_after`) stands before token `i`,
    /// an article between allowed ("by a half pct").
    fn change_word_before(&self, i: usize, words: &[String]) -> bool {
        if words.is_empty() || i == 0 {
            return false;
        }
        let article = self.is_word(i - 1, "a") || self.is_word(i - 1, "an");
        let before = if article { i.checked_sub(2) } else { Some(i - 1) };
        before.is_some_and(|b| words.iter().any(|w| self.is_word(b, w)))
    }

    /// "7 feet 10 inches", "8 lb, 4 oz", "3 miles and 200 yards": amounts of one
    /// dimension in ever smaller units, each less than one of the unit before
    /// it, are one measure, stated in the smaller unit (74 in), when the larger
    /// unit is a whole number of the smaller. That is how customary units are
    /// compounded. Apart stay one unit twice ("the 400m and 100m"), a larger unit
    /// after ("1 km and 1 mile"), a part of one unit or more ("2 yards and 7
    /// feet"), units that do not divide ("3 hectolitres, 5 gallons", "1 metre
    /// and 1 foot": lists), metric units (a power of ten apart: "12 m 2 dm";
    /// metric is written as decimals, "12.2 m"), units with an offset
    /// (temperatures), and hyphenated measures before a noun ("a 17.5-mile,
    /// 16-inch pipeline": its length and its width).
    #[inline(never)]
    fn join_measures(&self, mentions: Vec<Mention>) -> Vec<Mention> {
        // Two quantities side by side, as compounds are written: looked for
        // first, as most texts have none and then nothing is moved.
        let side_by_side = |a: &Mention, b: &Mention| {
            a.kind == Kind::Quantity
                && b.kind == Kind::Quantity
                && a.end <= b.start
                && a.qualifier != Qualifier::Range
                && b.qualifier == Qualifier::Exact
                && self.between_is(a.end, b.start, &["", ",", "and", ", and"])
        };
        if !mentions.windows(2).any(|w| side_by_side(&w[0], &w[1])) {
            return mentions;
        }
        let measure = |m: &Mention| {
            let unit = self.lex.unit(m.unit.as_deref()?)?;
            (unit.offset.is_zero() && unit.factor > Decimal::ZERO).then_some(unit)
        };
        let hyphenated = |m: &Mention| {
            let last = self.toks.partition_point(|t| (t.end as usize) < m.end);
            last > 0 && self.glued(last) && self.is_symbol(last - 1, &["-"])
        };
        let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
        for m in mentions {
            if let Some(prev) = out.last_mut()
                && side_by_side(prev, &m)
                && let (Some(big), Some(small)) = (measure(prev), measure(&m))
                && big.dimension == small.dimension
                && let Some(per) = Self::compound_ratio(big, small)
                && let (Some(a), Some(b)) = (prev.number(), m.number())
                && b >= Decimal::ZERO
                && b < per
                && !hyphenated(prev)
                && !hyphenated(&m)
                && let Some(value) = a.checked_mul(per).and_then(|v| v.checked_add(b))
                && let Some(step) = prev.step.checked_mul(per)
            {
                prev.value = Value::Number(value);
                prev.step = step.min(m.step);
                prev.unit = m.unit.clone();
                prev.end = m.end;
                prev.rule = format!("{}+{}", prev.rule, m.rule).into();
                continue;
            }
            out.push(m);
        }
        out
    }

    /// How many of `small` make one `big`, when that is a whole number above one
    /// and not a power of ten (12 inches a foot, 16 ounces a pound; not 10
    /// decimetres a metre).
    fn compound_ratio(big: &MeasureUnit, small: &MeasureUnit) -> Option<Decimal> {
        let per = big.factor.checked_div(small.factor)?;
        if per <= Decimal::ONE || !(big.factor % small.factor).is_zero() {
            return None;
        }
        let mut rest = per;
        while (rest % Decimal::TEN).is_zero() {
            rest /= Decimal::TEN;
        }
        (rest != Decimal::ONE).then_some(per)
    }

    /// "forty-five (45) days", "45 (forty five)": a number restated in brackets is
    /// one mention, taking the unit of whichever side has one.
    #[inline(never)]
    fn join_restated(&self, mentions: Vec<Mention>) -> Vec<Mention> {
        let bracket_between = |a: &Mention, b: &Mention| self.text.get(a.end..b.start).is_some_and(|t| t.trim() == "(");
        if !mentions.windows(2).any(|w| bracket_between(&w[0], &w[1])) {
            return mentions;
        }
        let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
        for m in mentions {
            if let Some(prev) = out.last_mut()
                && prev.qualifier == Qualifier::Exact
                && m.qualifier == Qualifier::Exact
                && prev.kind != Kind::Date
                && m.kind != Kind::Date
                && let (Some(a), Some(b)) = (prev.number(), m.number())
                && a == b
                && bracket_between(prev, &m)
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
    #[inline(never)]
    fn join_subunits(&self, mentions: Vec<Mention>) -> Vec<Mention> {
        // An amount followed by an exact number, right after it or after "and":
        // looked for first, as most texts with money have none, and then nothing
        // is moved.
        let may_join = |a: &Mention, b: &Mention| {
            a.kind == Kind::Money
                && a.qualifier != Qualifier::Range
                && b.qualifier == Qualifier::Exact
                && self.between_is(a.end, b.start, &["", "and"])
        };
        if !mentions.windows(2).any(|w| may_join(&w[0], &w[1])) {
            return mentions;
        }
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
    #[inline(never)]
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
