//! The lexicon: every surface a rule file names, tokenized, with its meaning.
//!
//! A surface may be several tokens ("per cent", "US$", "crew members") and may
//! mean several things ("pounds" is money and mass; "m" is a scale and metres);
//! the patterns decide which reading fits. Lookup is by the lower-cased first
//! token, then the rest of the phrase token by token, so reading a word costs one
//! hash lookup.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rust_decimal::Decimal;

use super::schema::{QualifierToml, RuleFileToml};
use super::{parse_qualifier, parse_rule_number};
use crate::error::{Error, Result};
use crate::kind::{Kind, Qualifier};
use crate::strtable::StrTable;
use crate::tokenize::{TokenKind, tokenize};

/// Unit of a relative date's offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelativeUnit {
    /// Calendar day.
    Day,
    /// ISO week (Monday to Sunday).
    Week,
    /// Calendar month.
    Month,
    /// Calendar quarter (January-March, ...).
    Quarter,
    /// Calendar year.
    Year,
    /// Saturday and Sunday of an ISO week.
    Weekend,
}

/// What a surface means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A number word below twenty.
    NumberUnit(Decimal),
    /// Twenty, thirty, ...
    NumberTen(Decimal),
    /// Hundred, thousand, million, ...
    Multiplier(Decimal),
    /// An abbreviated scale ("bn", "m").
    ScaleAbbreviation {
        /// The multiplier.
        value: Decimal,
        /// Whether it also means something else ("m" metres), so only counts next
        /// to a currency.
        ambiguous: bool,
        /// Written against digits ("10k", "2.5M") it counts even when ambiguous.
        glued: GluedScale,
    },
    /// "dozen", "score".
    Dozen(Decimal),
    /// "half", "quarters".
    FractionWord(Decimal),
    /// "first" in "twenty-first": a fraction word only after a tens word.
    CompoundFraction(Decimal),
    /// "couple" in "a couple (of)": a number only after an article.
    ArticleNumber(Decimal),
    /// "½", "⅔".
    FractionChar(Decimal),
    /// "minus".
    Negative,
    /// "$", "€", "US$": index into [`Lexicon::currencies`].
    CurrencySymbol(u16),
    /// "USD", "EUR".
    CurrencyCode(u16),
    /// "euros", "dlrs".
    CurrencyName {
        /// Index into [`Lexicon::currencies`].
        currency: u16,
        /// Money only with a scale or a large amount ("pounds").
        ambiguous: bool,
        /// What one of it is worth in the currency: 0.01 for "cents", 1 for "euros".
        factor: Decimal,
        /// A word, not a code: an article before it reads as one ("a dollar",
        /// never "a CAD program").
        word: bool,
        /// An amount on its own, one of it: a coin ("dime"). Only rule packs
        /// that read coins set it (see `alone` in the schema).
        alone: bool,
    },
    /// A unit of measure or percentage: index into [`Lexicon::units`].
    Unit(u16),
    /// A duration unit: index into [`Lexicon::durations`].
    Duration(u16),
    /// A counted noun: index into [`Lexicon::counted`].
    Counted(u16),
    /// "at least", "around".
    Qualifier {
        /// The bound it sets.
        qualifier: Qualifier,
        /// Kinds it does not apply to, as a bitmask of `1 << kind as u8`.
        not_kinds: u8,
    },
    /// A month name.
    Month {
        /// 1-12.
        month: u8,
        /// Also a common word ("may"): a month only when capitalized.
        needs_capital: bool,
    },
    /// A weekday name, 0 = Monday.
    Weekday(u8),
    /// A holiday that many days from Easter Sunday ("Good Friday": -2).
    EasterHoliday(i16),
    /// A holiday on a fixed day of the year ("Christmas": December 25).
    Holiday {
        /// 1-12.
        month: u8,
        /// 1-31.
        day: u8,
    },
    /// A holiday on the `nth` `weekday` of a month, `offset` days from it
    /// ("Thanksgiving": the fourth Thursday of November; "Black Friday": a day later).
    WeekdayHoliday {
        /// 1-12.
        month: u8,
        /// 0 = Monday.
        weekday: u8,
        /// 1-5, or -1 for the last.
        nth: i8,
        /// Days from that weekday.
        offset: i8,
    },
    /// "last year", "later this week".
    Relative {
        /// What the offset counts.
        unit: RelativeUnit,
        /// How many units from the document date.
        offset: i32,
    },
    /// "page", "section": the number after it is a label.
    Designator,
    /// "one of the": not a number.
    Idiom,
    /// "pm", "GMT": the number before it is a time of day.
    TimeWord,
    /// "block" ("the 4000 block of Main Street"): the number before it names a
    /// place.
    LabelAfter,
    /// "of", "and": never what a count counts.
    NotCounted,
    /// "the", "these": a small number word after it refers back.
    Definite,
    /// "until", "next": a weekday after it lies ahead.
    ForwardWord,
    /// A word that builds a date or a period with what is around it.
    DateWord(DateWord),
    /// A word a pattern names literally ("between", "population"): worth a look.
    PatternWord,
}

/// What a word does around dates (`rules/dates.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateWord {
    /// "from", "between": opens a period ("from March to May").
    PeriodOpen,
    /// "between" in particular: its ends may also be joined by "and".
    PeriodOpenBetween,
    /// "to", "through", "-": joins the two ends of a period.
    PeriodJoin,
    /// "and": joins the two ends after "between".
    PeriodJoinBetween,
    /// "next" (+1), "past" (-1), "within" (0): N units from the document date.
    Span(i8),
    /// "ago" (-1), "later" (+1): after N units, a date that far from the document date.
    Shift(i8),
    /// "after" (+1), "before" (-1): between N units and a date.
    ShiftFrom(i8),
    /// "in": before N units, a date that far ahead.
    Ahead,
    /// "time", "first": "in 10 years" after it stays a duration.
    NotAhead,
    /// "Q3", "H1": a part of a year, `index` of the parts `months` long.
    YearPart {
        /// Months in the part: 3 for a quarter, 6 for a half.
        months: u8,
        /// 1 for the first part.
        index: u8,
    },
    /// "now": the document date, as the end of a period ("between 2019 and now").
    PeriodNow,
    /// "century" after an ordinal ("the 21st century").
    Century,
    /// "week" after an ordinal and before "of" and a year ("the first week of 2021").
    WeekOfYear,
    /// "last" before `WeekOfYear` ("the last week of 2016").
    LastOf,
    /// "the week of", "w/c": the week (Monday to Sunday) of the day after it.
    WeekOf,
    /// "the weekend of": the weekend that goes with the day after it.
    WeekendOf,
    /// "weekend" after a holiday: the weekend that goes with it ("Labor Day weekend").
    WeekendAfter,
    /// "fiscal", "FY" before a year: a fiscal year's label ("fiscal 2019").
    FiscalYear,
    /// "Mon", "Sat": a weekday only before a day of the month ("Mon 13th").
    WeekdayShort(u8),
    /// "first", "twenty-second": a day of the month in words (1-31).
    OrdinalDay(u8),
    /// "or later" (+1: at least), "or earlier" (-1: at most) after a date.
    BoundAfter(i8),
    /// "quarter", "half" after an ordinal ("the first quarter of 2013"): its months.
    YearPartUnit(u8),
    /// "early", "mid", "the end of" before a year, month or week: 0 its start,
    /// 1 its middle, 2 its end.
    PartOf(u8),
}

/// One token of a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseToken {
    /// Lower-cased text, or the exact text when `exact`.
    pub text: String,
    /// Whether it must be glued to the previous token (as in "US$", "km/h").
    pub glued: bool,
    /// Whether case must match exactly ("C" for Celsius, "USD").
    pub exact: bool,
}

/// A surface and its meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Its tokens.
    pub tokens: Vec<PhraseToken>,
    /// What it means.
    pub entry: Entry,
}

/// A unit of measure (or percentage) as defined in `units.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureUnit {
    /// Canonical symbol ("km2", "°C", "%").
    pub symbol: String,
    /// Mention kind: quantity or percent.
    pub kind: Kind,
    /// Dimension name; units of one dimension convert into each other.
    pub dimension: String,
    /// Multiply by this to get the dimension's base unit.
    pub factor: Decimal,
    /// Then add this (temperatures).
    pub offset: Decimal,
}

/// A fast hasher for short ASCII keys (FNV-1a); the lexicon is trusted data.
#[derive(Default)]
pub struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FnvHasher>>;

/// When an abbreviated scale written against digits counts without a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GluedScale {
    /// Only next to a currency, like any ambiguous abbreviation.
    No,
    /// After any number ("10k").
    Any,
    /// After a number with decimals only ("1.2b"; "1500b" is bytes).
    Decimal,
    /// After any number, when a counted or plural noun, a unit or a duration
    /// follows ("5m customers", "1m barrels"); else the letter is the unit it
    /// also is ("a 10m wall", "the 800m final").
    BeforeNoun,
}

impl GluedScale {
    /// Whether it is the scale against the digits whatever follows (as far
    /// as the number's own shape allows).
    pub fn whatever_follows(self) -> bool {
        matches!(self, GluedScale::Any | GluedScale::Decimal)
    }
}

/// All surfaces, indexed by lower-cased first token.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Every phrase.
    pub phrases: Vec<Phrase>,
    /// The phrases by lower-cased first token.
    first_words: FirstWords,
    /// ISO 4217 codes, indexed by the currency entries.
    pub currencies: Vec<String>,
    /// Units of measure and percentage.
    pub units: Vec<MeasureUnit>,
    /// Duration units ("day", "year").
    pub durations: Vec<String>,
    /// Counted units ("people").
    pub counted: Vec<String>,
    /// Longest phrase, in tokens.
    pub max_phrase_tokens: usize,
    /// A filter over the first tokens, derived from `first_words` when the lexicon is
    /// built: one bit per (length, first, second, last byte) hash, so most words
    /// of a text, which start no phrase, are turned away without hashing them.
    quick: Vec<u64>,
    /// Per phrase of two or more tokens, the [`quick_bit`] of its second token
    /// when that is ASCII ([`Lexicon::second_token_bit`]).
    second_bits: Vec<Option<u16>>,
    /// Month names that are never a month in lower case ("may"), even beside a
    /// number.
    pub month_never_lower_case: Vec<String>,
    /// Month names that shorten a longer name of the same month ("sept",
    /// "dec"): they may carry an abbreviation dot.
    pub month_abbreviations: Vec<String>,
    /// Lower-case plural nouns after which a `before_noun` scale letter stays
    /// a unit ("400m hurdles").
    pub scale_not_before: Vec<String>,
    /// Words after an amount that make it negative ("below zero"), lower-case
    /// and split into words, with the index into [`Lexicon::units`] of the unit
    /// that declares them.
    pub negative_after: Vec<(Vec<String>, u16)>,
}

/// The phrases that start with one word.
#[derive(Debug, Default)]
pub struct FirstWord {
    /// Every one, in the order they were added.
    ids: Vec<u32>,
    /// Those of one token, in the same order.
    singles: Vec<u32>,
    /// One bit (a [`quick_bit`] modulo 64) per second token of the longer ones;
    /// all bits when one of them has a second token that is not ASCII.
    seconds: u64,
    /// The entries of `singles`, in the same order, when none of them must
    /// match case exactly: then each matches wherever the word does, and a
    /// scanner takes them without looking at their phrases.
    single_entries: Option<Vec<Entry>>,
}

impl FirstWord {
    /// The phrases worth trying before a token whose [`Lexicon::token_bit`] is
    /// `next` (`None`: not ASCII, or no token), in the order they were added.
    /// A common first word ("the" starts 19 phrases) is mostly followed by a
    /// word that none of its longer phrases goes on with: one bit test leaves
    /// its one-token phrases alone.
    #[inline]
    pub fn before(&self, next: Option<u16>) -> &[u32] {
        if self.singles_only(next) { &self.singles } else { &self.ids }
    }

    /// Whether [`FirstWord::before`] gives only the one-token phrases.
    #[inline]
    pub fn singles_only(&self, next: Option<u16>) -> bool {
        next.is_some_and(|bit| self.seconds & (1 << (bit % 64)) == 0)
    }

    /// The entries of the one-token phrases, in order, when none must match
    /// case exactly (each then matches wherever its word does, in any case).
    #[inline]
    pub fn single_entries(&self) -> Option<&[Entry]> {
        self.single_entries.as_deref()
    }
}

/// The first-word index: the words in a [`StrTable`] (one probe per word of a
/// text, which mostly are short), and what starts with each by its id.
#[derive(Debug, Default)]
struct FirstWords {
    table: StrTable,
    words: Vec<FirstWord>,
}

impl FirstWords {
    #[inline(always)]
    fn get(&self, key: &[u8]) -> Option<&FirstWord> {
        self.table.get_bytes(key).map(|id| &self.words[id as usize])
    }
}

/// Bits in [`Lexicon::quick`] (a power of two).
pub(super) const QUICK_BITS: usize = 1 << 15;

/// The filter bit of a lower-case ASCII key, or of an ASCII word lower-cased.
#[inline]
pub(super) fn quick_bit(word: &[u8]) -> usize {
    let len = word.len();
    let (first, second, last) = (
        word[0].to_ascii_lowercase(),
        word.get(1).map_or(0, u8::to_ascii_lowercase),
        word[len - 1].to_ascii_lowercase(),
    );
    let h = (len as u32).wrapping_mul(0x9E37_79B9)
        ^ u32::from(first).wrapping_mul(0x85EB_CA6B)
        ^ u32::from(second).wrapping_mul(0xC2B2_AE35)
        ^ u32::from(last).wrapping_mul(0x27D4_EB2F);
    (h ^ (h >> 15)) as usize & (QUICK_BITS - 1)
}

impl Lexicon {
    /// The phrases whose first token is `lower` (already lower-cased).
    pub fn starting_with(&self, lower: &str) -> &[u32] {
        self.first_words.get(lower.as_bytes()).map_or(&[], |w| w.ids.as_slice())
    }

    /// The phrases whose first token is `lower` (already lower-cased), with what
    /// narrows them down by the next token.
    #[inline]
    pub fn first_word(&self, lower: &str) -> Option<&FirstWord> {
        self.first_words.get(lower.as_bytes())
    }

    /// [`Lexicon::first_word`] of a word given as its lower-cased bytes.
    #[inline]
    pub fn first_word_bytes(&self, lower: &[u8]) -> Option<&FirstWord> {
        self.first_words.get(lower)
    }

    /// The `quick_bit` of phrase `id`'s second token, when it has one in
    /// ASCII: a phrase can match only where the token after its first has the
    /// same bit (for an ASCII token), which turns away most phrases of a common
    /// first word ("the", "a") with one comparison.
    #[inline]
    pub fn second_token_bit(&self, id: u32) -> Option<u16> {
        self.second_bits.get(id as usize).copied().flatten()
    }

    /// The `quick_bit` of an ASCII token, to compare with
    /// [`Lexicon::second_token_bit`].
    #[inline]
    pub fn token_bit(word: &str) -> Option<u16> {
        Lexicon::token_bit_bytes(word.as_bytes())
    }

    /// False when no phrase can start with `word` lower-cased (any case): a
    /// quick test before lower-casing and looking it up. True for every word that
    /// does start one (and for some that do not, and for non-ASCII words).
    #[inline]
    pub fn may_start_with(&self, word: &str) -> bool {
        Lexicon::token_bit(word).is_none_or(|bit| self.may_start_with_bit(bit))
    }

    /// [`Lexicon::may_start_with`] for an ASCII word, from its
    /// [`Lexicon::token_bit`]: the phrase pass has the bit already.
    #[inline]
    pub fn may_start_with_bit(&self, bit: u16) -> bool {
        let bit = usize::from(bit);
        self.quick.is_empty() || self.quick[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// [`Lexicon::token_bit`] of a word (given as its bytes) known to be ASCII
    /// and not empty.
    #[inline]
    pub fn ascii_token_bit(word: &[u8]) -> u16 {
        quick_bit(word) as u16
    }

    /// [`Lexicon::token_bit`] of a word given as its bytes.
    #[inline]
    pub fn token_bit_bytes(word: &[u8]) -> Option<u16> {
        (!word.is_empty() && word.is_ascii()).then(|| Lexicon::ascii_token_bit(word))
    }

    /// The canonical unit for a surface as a reference CSV names it.
    pub fn canonical_unit(&self, surface: &str) -> Option<String> {
        let surface = surface.trim();
        if surface.is_empty() {
            return None;
        }
        if let Some(u) = self.units.iter().find(|u| u.symbol == surface) {
            return Some(u.symbol.clone());
        }
        if let Some(c) = self.counted.iter().find(|c| c.as_str() == surface) {
            return Some(c.clone());
        }
        if let Some(d) = self.durations.iter().find(|d| d.as_str() == surface) {
            return Some(d.clone());
        }
        let tokens = tokenize(surface);
        let lower: Vec<String> = tokens.iter().map(|t| t.text(surface).to_lowercase()).collect();
        let first = lower.first()?;
        for &id in self.starting_with(first) {
            let phrase = &self.phrases[id as usize];
            if phrase.tokens.len() != tokens.len() {
                continue;
            }
            let same = phrase
                .tokens
                .iter()
                .zip(tokens.iter().zip(&lower))
                .all(|(p, (t, l))| if p.exact { p.text == t.text(surface) } else { &p.text == l });
            if !same {
                continue;
            }
            match phrase.entry {
                Entry::Unit(u) => return Some(self.units[u as usize].symbol.clone()),
                Entry::Counted(c) => return Some(self.counted[c as usize].clone()),
                Entry::Duration(d) => return Some(self.durations[d as usize].clone()),
                _ => {}
            }
        }
        None
    }

    /// The unit definition for a canonical symbol.
    pub fn unit(&self, symbol: &str) -> Option<&MeasureUnit> {
        self.units.iter().find(|u| u.symbol == symbol)
    }
}

/// Collects surfaces from rule files, then indexes them.
#[derive(Default)]
pub(super) struct LexiconBuilder {
    lexicon: Lexicon,
    /// Phrase ids by lower-cased first token, made into `Lexicon::first_words`
    /// once all files are read.
    by_first: FastMap<String, Vec<u32>>,
    /// Scale letters for currency codes ("M" in "MUSD"), applied to every code
    /// once all files are read.
    code_scales: Vec<(String, Decimal)>,
}

fn kind_bit(kind: Kind) -> u8 {
    1 << (kind as u8)
}

impl LexiconBuilder {
    fn add(&mut self, surface: &str, entry: Entry, exact: bool) {
        let tokens = tokenize(surface);
        if tokens.is_empty() {
            return;
        }
        // Short letter-only surfaces ("m", "kg", "GW") are matched with their case:
        // "5G" is not five grams, "MW" is not milliwatts.
        let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
        let short_unit =
            matches!(entry, Entry::Unit(_) | Entry::CurrencyName { .. }) && letters <= 2 && tokens.len() == 1;
        let phrase = Phrase {
            tokens: tokens
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let text = t.text(surface);
                    let exact = exact || (short_unit && t.kind == TokenKind::Word);
                    PhraseToken {
                        text: if exact { text.to_string() } else { text.to_lowercase() },
                        glued: i > 0 && t.glued(),
                        exact,
                    }
                })
                .collect(),
            entry,
        };
        // Equal phrases share their first word: only those listed under it are
        // compared (a scan of every phrase per surface was most of loading the rules).
        let key = phrase.tokens[0].text.to_lowercase();
        let same_first = self.by_first.get(&key).map_or(&[][..], Vec::as_slice);
        let phrases = &mut self.lexicon.phrases;
        if same_first.iter().any(|&id| phrases[id as usize] == phrase) {
            return;
        }
        // A currency name given again, in a later file, takes the new meaning
        // ("penny" of a US rule pack replaces the default pound sterling one).
        if matches!(entry, Entry::CurrencyName { .. })
            && let Some(&id) = same_first.iter().find(|&&id| {
                let p = &phrases[id as usize];
                matches!(p.entry, Entry::CurrencyName { .. }) && p.tokens == phrase.tokens
            })
        {
            phrases[id as usize].entry = entry;
            return;
        }
        self.lexicon.max_phrase_tokens = self.lexicon.max_phrase_tokens.max(phrase.tokens.len());
        let id = self.lexicon.phrases.len() as u32;
        self.lexicon.phrases.push(phrase);
        self.by_first.entry(key).or_default().push(id);
    }

    pub(super) fn add_file(&mut self, path: &str, file: &RuleFileToml, line_of: &dyn Fn(usize) -> usize) -> Result<()> {
        let number = |text: &str, span: std::ops::Range<usize>| {
            parse_rule_number(text)
                .ok_or_else(|| Error::at(path, line_of(span.start), None, format!("{text:?} is not a number")))
        };
        if let Some(numbers) = &file.numbers {
            for (word, v) in &numbers.units {
                self.add(word, Entry::NumberUnit(number(v.get_ref(), v.span())?), false);
            }
            for (word, v) in &numbers.tens {
                self.add(word, Entry::NumberTen(number(v.get_ref(), v.span())?), false);
            }
            for (word, v) in &numbers.multipliers {
                self.add(word, Entry::Multiplier(number(v.get_ref(), v.span())?), false);
            }
            for (word, v) in &numbers.scale_abbreviations {
                let a = v.get_ref();
                let value = number(&a.value, v.span())?;
                let glued = match a.glued.as_deref() {
                    None => GluedScale::No,
                    Some("any") => GluedScale::Any,
                    Some("decimal") => GluedScale::Decimal,
                    Some("before_noun") => GluedScale::BeforeNoun,
                    Some(other) => {
                        return Err(Error::at(
                            path,
                            line_of(v.span().start),
                            None,
                            format!("glued = {other:?}: expected \"any\", \"decimal\" or \"before_noun\""),
                        ));
                    }
                };
                self.add(word, Entry::ScaleAbbreviation { value, ambiguous: a.ambiguous, glued }, a.exact);
                self.lexicon.scale_not_before.extend(a.not_before.iter().map(|w| w.to_lowercase()));
            }
            for (word, v) in &numbers.dozens {
                self.add(word, Entry::Dozen(number(v.get_ref(), v.span())?), false);
            }
            for (word, v) in &numbers.fractions {
                self.add(word, Entry::FractionWord(number(v.get_ref(), v.span())?), false);
            }
            for (word, v) in &numbers.compound_fractions {
                self.add(word, Entry::CompoundFraction(number(v.get_ref(), v.span())?), false);
            }
            for (word, v) in &numbers.after_article {
                self.add(word, Entry::ArticleNumber(number(v.get_ref(), v.span())?), false);
            }
            for (ch, v) in &numbers.fraction_chars {
                self.add(ch, Entry::FractionChar(number(v.get_ref(), v.span())?), false);
            }
            for (word, on) in &numbers.negative {
                if *on {
                    self.add(word, Entry::Negative, false);
                }
            }
        }
        for (prefix, f) in &file.code_scales {
            self.code_scales.push((prefix.clone(), number(f.get_ref(), f.span())?));
        }
        for c in &file.currency {
            let line = line_of(c.span().start);
            let c = c.get_ref();
            let code = c.code.trim().to_ascii_uppercase();
            if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Error::at(path, line, None, format!("currency code {:?} is not ISO 4217", c.code)));
            }
            let idx = match self.lexicon.currencies.iter().position(|x| *x == code) {
                Some(i) => i,
                None => {
                    self.lexicon.currencies.push(code.clone());
                    self.lexicon.currencies.len() - 1
                }
            } as u16;
            self.add(&code, Entry::CurrencyCode(idx), true);
            for s in &c.symbols {
                self.add(s, Entry::CurrencySymbol(idx), s.chars().any(|ch| ch.is_alphabetic()));
            }
            for a in &c.alone {
                let listed = c.names.iter().chain(c.subunits.keys()).any(|n| n.eq_ignore_ascii_case(a));
                if !listed {
                    return Err(Error::at(
                        path,
                        line,
                        None,
                        format!("alone {a:?} is not one of the currency's names or subunits"),
                    ));
                }
            }
            let alone = |n: &str| c.alone.iter().any(|a| a.eq_ignore_ascii_case(n));
            for n in &c.names {
                let ambiguous = c.ambiguous.iter().any(|a| a.eq_ignore_ascii_case(n));
                let word = !n.eq_ignore_ascii_case(&code);
                let entry =
                    Entry::CurrencyName { currency: idx, ambiguous, factor: Decimal::ONE, word, alone: alone(n) };
                self.add(n, entry, false);
            }
            // "ringgit 42": read before the amount like a symbol, in any case.
            for n in &c.names_before {
                self.add(n, Entry::CurrencySymbol(idx), false);
            }
            for (n, f) in &c.subunits {
                let factor = number(f.get_ref(), f.span())?;
                let ambiguous = c.ambiguous.iter().any(|a| a.eq_ignore_ascii_case(n));
                self.add(
                    n,
                    Entry::CurrencyName { currency: idx, ambiguous, factor, word: true, alone: alone(n) },
                    false,
                );
            }
        }
        for u in &file.unit {
            let line = line_of(u.span().start);
            let u = u.get_ref();
            let err = |m: String| Error::at(path, line, None, m);
            let kind = match u.kind.as_deref() {
                None | Some("quantity") => Kind::Quantity,
                Some("percent") => Kind::Percent,
                Some(other) => return Err(err(format!("unit kind {other:?} must be quantity or percent"))),
            };
            let factor = parse_rule_number(&u.factor)
                .ok_or_else(|| err(format!("unit {:?}: factor {:?} is not a number", u.symbol, u.factor)))?;
            let offset = match &u.offset {
                Some(o) => parse_rule_number(o)
                    .ok_or_else(|| err(format!("unit {:?}: offset {o:?} is not a number", u.symbol)))?,
                None => Decimal::ZERO,
            };
            let idx = self.lexicon.units.len() as u16;
            self.lexicon.units.push(MeasureUnit {
                symbol: u.symbol.clone(),
                kind,
                dimension: u.dimension.clone(),
                factor,
                offset,
            });
            for n in &u.names {
                self.add(n, Entry::Unit(idx), u.exact.contains(n));
            }
            for phrase in &u.negative_after {
                let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
                if words.is_empty() {
                    return Err(err(format!("unit {:?}: negative_after has an empty phrase", u.symbol)));
                }
                self.lexicon.negative_after.push((words, idx));
            }
        }
        for d in &file.duration {
            let d = d.get_ref();
            let idx = self.lexicon.durations.len() as u16;
            self.lexicon.durations.push(d.unit.clone());
            for n in &d.names {
                self.add(n, Entry::Duration(idx), false);
            }
        }
        for c in &file.counted {
            let c = c.get_ref();
            let idx = match self.lexicon.counted.iter().position(|x| *x == c.unit) {
                Some(i) => i,
                None => {
                    self.lexicon.counted.push(c.unit.clone());
                    self.lexicon.counted.len() - 1
                }
            } as u16;
            for n in &c.names {
                self.add(n, Entry::Counted(idx), false);
            }
        }
        for (surface, q) in &file.qualifiers {
            let line = line_of(q.span().start);
            let (name, not) = match q.get_ref() {
                QualifierToml::Name(n) => (n.as_str(), &[][..]),
                QualifierToml::Full { qualifier, not_kinds } => (qualifier.as_str(), not_kinds.as_slice()),
            };
            let qualifier = parse_qualifier(name)
                .ok_or_else(|| Error::at(path, line, None, format!("unknown qualifier {name:?}")))?;
            let mut not_kinds = 0u8;
            for k in not {
                let kind =
                    Kind::from_name(k).ok_or_else(|| Error::at(path, line, None, format!("unknown kind {k:?}")))?;
                not_kinds |= kind_bit(kind);
            }
            self.add(surface, Entry::Qualifier { qualifier, not_kinds }, false);
        }
        if let Some(dates) = &file.dates {
            let needs: Vec<String> = dates
                .month_needs_shape
                .as_ref()
                .map(|w| w.words.iter().map(|s| s.to_lowercase()).collect())
                .unwrap_or_default();
            for (name, &month) in &dates.months {
                if !(1..=12).contains(&month) {
                    return Err(Error::in_file(path, format!("month {name:?}: {month} is not 1-12")));
                }
                let needs_capital = needs.contains(&name.to_lowercase());
                self.add(name, Entry::Month { month, needs_capital }, false);
                let lower = name.to_lowercase();
                let shortens = dates.months.iter().any(|(other, &m)| {
                    m == month && other.len() > lower.len() && other.to_lowercase().starts_with(&lower)
                });
                if shortens && !self.lexicon.month_abbreviations.contains(&lower) {
                    self.lexicon.month_abbreviations.push(lower);
                }
            }
            if let Some(words) = &dates.month_never_lower_case {
                self.lexicon.month_never_lower_case.extend(words.words.iter().map(|w| w.to_lowercase()));
            }
            for (name, &day) in &dates.weekdays {
                if day > 6 {
                    return Err(Error::in_file(path, format!("weekday {name:?}: {day} is not 0-6")));
                }
                self.add(name, Entry::Weekday(day), false);
            }
            for (phrase, rel) in &dates.relative {
                let line = line_of(rel.span().start);
                let r = rel.get_ref();
                let unit = match r.unit.as_str() {
                    "day" => RelativeUnit::Day,
                    "week" => RelativeUnit::Week,
                    "month" => RelativeUnit::Month,
                    "quarter" => RelativeUnit::Quarter,
                    "year" => RelativeUnit::Year,
                    "weekend" => RelativeUnit::Weekend,
                    other => {
                        return Err(Error::at(
                            path,
                            line,
                            None,
                            format!("relative unit {other:?} must be day, week, weekend, month, quarter or year"),
                        ));
                    }
                };
                self.add(phrase, Entry::Relative { unit, offset: r.offset }, false);
            }
            if let Some(words) = &dates.forward_words {
                for w in &words.words {
                    self.add(w, Entry::ForwardWord, false);
                }
            }
            if let Some(p) = &dates.period {
                for w in &p.open {
                    self.add(w, Entry::DateWord(DateWord::PeriodOpen), false);
                }
                for w in &p.open_between {
                    self.add(w, Entry::DateWord(DateWord::PeriodOpenBetween), false);
                }
                for w in &p.join {
                    self.add(w, Entry::DateWord(DateWord::PeriodJoin), false);
                }
                for w in &p.join_after_between {
                    self.add(w, Entry::DateWord(DateWord::PeriodJoinBetween), false);
                }
                for w in &p.now {
                    self.add(w, Entry::DateWord(DateWord::PeriodNow), false);
                }
            }
            for (w, &d) in &dates.span_direction {
                self.add(w, Entry::DateWord(DateWord::Span(d)), false);
            }
            for (w, &d) in &dates.shift {
                self.add(w, Entry::DateWord(DateWord::Shift(d)), false);
            }
            for (w, &d) in &dates.shift_from {
                self.add(w, Entry::DateWord(DateWord::ShiftFrom(d)), false);
            }
            for w in dates.ahead.iter().flat_map(|l| &l.words) {
                self.add(w, Entry::DateWord(DateWord::Ahead), false);
            }
            for (w, part) in &dates.year_parts {
                let [months, index] = *part;
                if months == 0 || 12 % months != 0 || index == 0 || index > 12 / months {
                    return Err(Error::in_file(path, format!("year part {w:?}: {index} of {months} months")));
                }
                self.add(w, Entry::DateWord(DateWord::YearPart { months, index }), false);
            }
            for (w, &months) in &dates.year_part_units {
                if months == 0 || 12 % months != 0 {
                    return Err(Error::in_file(path, format!("year part unit {w:?}: {months} months")));
                }
                self.add(w, Entry::DateWord(DateWord::YearPartUnit(months)), false);
            }
            if let Some(o) = &dates.ordinal_periods {
                for w in &o.century {
                    self.add(w, Entry::DateWord(DateWord::Century), false);
                }
                for w in &o.week {
                    self.add(w, Entry::DateWord(DateWord::WeekOfYear), false);
                }
                for w in &o.last {
                    self.add(w, Entry::DateWord(DateWord::LastOf), false);
                }
            }
            for w in dates.weekend_of.iter().flat_map(|l| &l.before) {
                self.add(w, Entry::DateWord(DateWord::WeekendOf), false);
            }
            for w in dates.weekend_of.iter().flat_map(|l| &l.after) {
                self.add(w, Entry::DateWord(DateWord::WeekendAfter), false);
            }
            for w in dates.fiscal_year.iter().flat_map(|l| &l.words) {
                self.add(w, Entry::DateWord(DateWord::FiscalYear), false);
            }
            for w in dates.week_of.iter().flat_map(|l| &l.words) {
                self.add(w, Entry::DateWord(DateWord::WeekOf), false);
            }
            for (w, &d) in &dates.weekday_abbreviations {
                if d > 6 {
                    return Err(Error::in_file(path, format!("weekday {w:?}: {d} is not 0-6")));
                }
                self.add(w, Entry::DateWord(DateWord::WeekdayShort(d)), false);
            }
            for (w, &d) in &dates.ordinal_days {
                if !(1..=31).contains(&d) {
                    return Err(Error::in_file(path, format!("ordinal day {w:?}: {d} is not 1-31")));
                }
                self.add(w, Entry::DateWord(DateWord::OrdinalDay(d)), false);
            }
            for (w, &d) in &dates.bound_after {
                self.add(w, Entry::DateWord(DateWord::BoundAfter(d)), false);
            }
            for (w, part) in &dates.part_of_period {
                let k = match part.as_str() {
                    "start" => 0,
                    "mid" => 1,
                    "end" => 2,
                    other => {
                        return Err(Error::in_file(path, format!("part {w:?}: {other:?} is not start, mid or end")));
                    }
                };
                self.add(w, Entry::DateWord(DateWord::PartOf(k)), false);
            }
            for (w, &offset) in &dates.easter_holidays {
                if offset.abs() > 60 {
                    return Err(Error::in_file(path, format!("holiday {w:?}: {offset} days from Easter")));
                }
                self.add(w, Entry::EasterHoliday(offset), false);
            }
            for (w, &[month, day]) in &dates.holidays {
                if !(1..=12).contains(&month) || day == 0 || day > crate::date::days_in_month(2024, month) {
                    return Err(Error::in_file(path, format!("holiday {w:?}: {month}-{day} is no day of the year")));
                }
                self.add(w, Entry::Holiday { month, day }, false);
            }
            for (w, h) in &dates.weekday_holidays {
                let nth_ok = (1..=5).contains(&h.nth) || h.nth == -1;
                if !(1..=12).contains(&h.month) || h.weekday > 6 || !nth_ok || h.offset.abs() > 14 {
                    return Err(Error::in_file(
                        path,
                        format!("holiday {w:?}: weekday {} number {} of month {}", h.weekday, h.nth, h.month),
                    ));
                }
                let entry = Entry::WeekdayHoliday { month: h.month, weekday: h.weekday, nth: h.nth, offset: h.offset };
                self.add(w, entry, false);
            }
            for w in dates.ahead_not_after.iter().flat_map(|l| &l.words) {
                self.add(w, Entry::DateWord(DateWord::NotAhead), false);
            }
        }
        if let Some(f) = &file.filters {
            for w in &f.designators {
                self.add(w, Entry::Designator, false);
            }
            for w in &f.idioms {
                self.add(w, Entry::Idiom, false);
            }
            for w in &f.time_words {
                self.add(w, Entry::TimeWord, false);
            }
            for w in &f.labels_after {
                self.add(w, Entry::LabelAfter, false);
            }
            for w in &f.not_counted {
                self.add(w, Entry::NotCounted, false);
            }
            for w in &f.definite {
                self.add(w, Entry::Definite, false);
            }
        }
        Ok(())
    }

    /// Marks the literal words of patterns, so the scanner stops at them.
    pub(super) fn add_pattern_words(&mut self, patterns: &[super::Pattern]) {
        for p in patterns {
            for item in &p.items {
                if let super::ItemKind::Literal(words) = &item.kind
                    && let Some(first) = words.first().filter(|w| w.chars().all(char::is_alphabetic))
                {
                    self.add(first, Entry::PatternWord, false);
                }
            }
        }
    }

    pub(super) fn finish(mut self) -> Lexicon {
        // "30 MUSD": a scaled code reads like a name worth that many units.
        let scales = std::mem::take(&mut self.code_scales);
        let codes = self.lexicon.currencies.clone();
        for (prefix, factor) in &scales {
            for (idx, code) in codes.iter().enumerate() {
                let entry = Entry::CurrencyName {
                    currency: idx as u16,
                    ambiguous: false,
                    factor: *factor,
                    word: false,
                    alone: false,
                };
                self.add(&format!("{prefix}{code}"), entry, true);
            }
        }
        let mut quick = vec![0u64; QUICK_BITS / 64];
        for key in self.by_first.keys() {
            if key.is_empty() {
                continue;
            }
            // A non-ASCII key is never the lower case of an ASCII word; such words
            // are always looked up.
            if key.is_ascii() {
                let bit = quick_bit(key.as_bytes());
                quick[bit / 64] |= 1 << (bit % 64);
            }
        }
        self.lexicon.quick = quick;
        self.lexicon.second_bits = self
            .lexicon
            .phrases
            .iter()
            .map(|p| p.tokens.get(1).filter(|t| t.text.is_ascii()).map(|t| quick_bit(t.text.as_bytes()) as u16))
            .collect();
        let Lexicon { phrases, second_bits, first_words, .. } = &mut self.lexicon;
        first_words.table = StrTable::with_capacity(self.by_first.len());
        for (key, ids) in std::mem::take(&mut self.by_first) {
            let singles: Vec<u32> = ids.iter().copied().filter(|&id| phrases[id as usize].tokens.len() == 1).collect();
            let seconds =
                ids.iter().fold(0, |bits, &id| match (phrases[id as usize].tokens.len(), second_bits[id as usize]) {
                    (1, _) => bits,
                    (_, Some(bit)) => bits | 1 << (bit % 64),
                    (_, None) => u64::MAX,
                });
            let single_entries = singles
                .iter()
                .all(|&id| !phrases[id as usize].tokens[0].exact)
                .then(|| singles.iter().map(|&id| phrases[id as usize].entry).collect());
            first_words.table.insert(&key);
            first_words.words.push(FirstWord { ids, singles, seconds, single_entries });
        }
        self.lexicon
    }
}

/// Whether `kind` is excluded by a qualifier's `not_kinds` mask.
pub fn excludes(not_kinds: u8, kind: Kind) -> bool {
    not_kinds & kind_bit(kind) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_word_offers_its_longer_phrases_only_before_a_token_they_may_go_on_with() {
        let rules = crate::rules::RuleSet::builtin();
        let lex = &rules.lexicon;
        let the = lex.first_word("the").expect("'the' starts phrases");
        assert!(the.before(None).len() > the.singles.len(), "'the' starts longer phrases");
        // Every longer phrase is offered before its own second token, and
        // whatever follows, every phrase of one token is.
        for &id in &the.ids {
            let phrase = &lex.phrases[id as usize];
            let Some(second) = phrase.tokens.get(1) else {
                assert!(the.before(Lexicon::token_bit("zebra")).contains(&id));
                continue;
            };
            assert!(the.before(Lexicon::token_bit(&second.text)).contains(&id), "{:?}", phrase.tokens);
        }
        // Before a word none of them goes on with, only those of one token.
        let other = ["zebra", "quixotic", "xylophone", "said", "company", "market"]
            .into_iter()
            .find(|w| Lexicon::token_bit(w).is_some_and(|b| the.seconds & (1 << (b % 64)) == 0))
            .expect("a word no phrase of 'the' goes on with");
        assert_eq!(the.before(Lexicon::token_bit(other)), the.singles.as_slice());
        assert!(the.singles.iter().all(|&id| lex.phrases[id as usize].tokens.len() == 1));
        assert_eq!(lex.starting_with("the"), the.ids.as_slice());
    }

    #[test]
    fn one_token_entries_are_offered_in_order_unless_one_must_match_case() {
        let rules = crate::rules::RuleSet::builtin();
        let lex = &rules.lexicon;
        let mut with_exact = 0;
        for word in &lex.first_words.words {
            let exact = word.singles.iter().any(|&id| lex.phrases[id as usize].tokens[0].exact);
            match word.single_entries() {
                Some(entries) => {
                    assert!(!exact);
                    let want: Vec<Entry> = word.singles.iter().map(|&id| lex.phrases[id as usize].entry).collect();
                    assert_eq!(entries, want.as_slice());
                }
                None => {
                    assert!(exact, "entries left out though no single must match case");
                    with_exact += 1;
                }
            }
        }
        // Some one-token phrases keep their case ("C" for Celsius): their
        // words must be left to the full comparison.
        assert!(with_exact > 0, "the builtin rules have one-token phrases that keep their case");
    }
}
