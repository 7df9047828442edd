//! The rule files: what words mean and how pieces compose, as data.
//!
//! `rules/*.toml` hold the lexicon (number words, scales, currencies, units,
//! counted nouns, qualifiers, months, relative dates, filters), the composition
//! patterns, the metric rules, and examples of each. The default files are
//! embedded in the binary; [`RuleSet::load`] adds a directory's files on top, a
//! file with a default file's name replacing it. Every problem is reported with
//! the file and line it is on.

mod lexicon;
mod pattern;
mod schema;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;

pub use lexicon::{
    DateWord, Entry, GluedScale, Lexicon, MeasureUnit, Phrase, PhraseToken, RelativeUnit, excludes as excludes_kind,
};
pub use pattern::{Item, ItemKind, Pattern};
pub use schema::ExpectToml as Expectation;

use crate::date::PartialDate;
use crate::document::LineIndex;
use crate::error::{Error, Result};
use crate::kind::{Kind, Qualifier};

/// The rule files shipped in the binary, by name.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("numbers.toml", include_str!("../../rules/numbers.toml")),
    ("currencies.toml", include_str!("../../rules/currencies.toml")),
    ("units.toml", include_str!("../../rules/units.toml")),
    ("qualifiers.toml", include_str!("../../rules/qualifiers.toml")),
    ("dates.toml", include_str!("../../rules/dates.toml")),
    ("filters.toml", include_str!("../../rules/filters.toml")),
    ("patterns.toml", include_str!("../../rules/patterns.toml")),
    ("metrics.toml", include_str!("../../rules/metrics.toml")),
];

/// A rule file's name and text, kept for error messages and examples.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// Shown in messages: `rules/x.toml` for a builtin, the path otherwise.
    pub path: String,
    /// The file's text.
    pub text: String,
}

/// A metric rule: which words near a mention say what it measures.
#[derive(Debug, Clone)]
pub struct MetricRule {
    /// The metric id (`population`, `killed`, ...).
    pub id: String,
    /// Mention kinds it applies to (empty: all but dates).
    pub kinds: Vec<Kind>,
    /// Trigger phrases before the mention, tokenized and lower-cased.
    pub before: Vec<Vec<String>>,
    /// Trigger phrases after the mention.
    pub after: Vec<Vec<String>>,
    /// Counted nouns inside the mention that name the metric ("deaths").
    pub nouns: Vec<Vec<String>>,
    /// How many tokens away a trigger may stand.
    pub window: usize,
    /// Default band for approximate values: a fraction of the reference value.
    pub tolerance: Option<Decimal>,
    /// The unit the metric implies for a bare count (e.g. `people`).
    pub unit: Option<String>,
    /// The dimension a quantity's unit must have to be this metric ("area").
    pub dimension: Option<String>,
    /// Whether repeated statements in one document should agree (a count at a
    /// point in time); false for running totals that change within a story,
    /// and for what a story often states several of (loans, debts).
    pub consistent_within_document: bool,
    /// Subject kinds it is about ("city", "country"); empty: any.
    pub subject_kinds: Vec<String>,
    /// For quantities: the unit symbols its values may be in; empty: any.
    pub units: Vec<String>,
    /// What it means.
    pub description: Option<String>,
    /// Where it is defined.
    pub path: String,
    /// Line of its definition.
    pub line: usize,
}

/// Where a trigger phrase stands relative to the mention it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerSide {
    /// Before the mention ("injured 32").
    Before,
    /// After it ("32 were injured").
    After,
    /// Inside it, as the counted noun ("3 deaths").
    Noun,
}

/// One trigger phrase of one metric rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trigger {
    /// Index into [`RuleSet::metrics`].
    pub metric: usize,
    /// Which list it is in.
    pub side: TriggerSide,
    /// Index into that list.
    pub phrase: usize,
}

/// Every trigger phrase by its first (lower-case) word, so binding looks up the
/// few words around a mention instead of trying every phrase at every distance.
#[derive(Debug, Default)]
pub struct TriggerIndex {
    by_first: std::collections::HashMap<String, Vec<Trigger>, std::hash::BuildHasherDefault<lexicon::FnvHasher>>,
    /// The longest trigger phrase, in tokens.
    pub max_len: usize,
    /// The widest window of any metric rule.
    pub max_window: usize,
    /// A filter over the first words, as [`Lexicon::may_start_with`] has.
    quick: Vec<u64>,
}

impl TriggerIndex {
    fn new(metrics: &[MetricRule]) -> TriggerIndex {
        let mut index = TriggerIndex::default();
        for (m, rule) in metrics.iter().enumerate() {
            index.max_window = index.max_window.max(rule.window);
            for (side, list) in [
                (TriggerSide::Before, &rule.before),
                (TriggerSide::After, &rule.after),
                (TriggerSide::Noun, &rule.nouns),
            ] {
                for (phrase, words) in list.iter().enumerate() {
                    index.max_len = index.max_len.max(words.len());
                    index.by_first.entry(words[0].clone()).or_default().push(Trigger { metric: m, side, phrase });
                }
            }
        }
        index.quick = vec![0u64; lexicon::QUICK_BITS / 64];
        for key in index.by_first.keys() {
            // A non-ASCII key is never the lower case of an ASCII word.
            if !key.is_empty() && key.is_ascii() {
                let bit = lexicon::quick_bit(key.as_bytes());
                index.quick[bit / 64] |= 1 << (bit % 64);
            }
        }
        index
    }

    /// False when no trigger can start with `word` lower-cased (any case): a
    /// quick test before lower-casing and looking it up.
    #[inline]
    pub fn may_start_with(&self, word: &str) -> bool {
        if word.is_empty() || !word.is_ascii() || self.quick.is_empty() {
            return true;
        }
        let bit = lexicon::quick_bit(word.as_bytes());
        self.quick[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The triggers whose first word is `lower` (lower-cased).
    pub fn starting_with(&self, lower: &str) -> &[Trigger] {
        self.by_first.get(lower).map_or(&[], Vec::as_slice)
    }
}

/// Word lists that steer how mentions become claims.
#[derive(Debug, Clone, Default)]
pub struct Binding {
    /// Tokenized lower-case phrases marking an old value ("from", "up from").
    pub old_value_before: Vec<Vec<String>>,
    /// Phrases marking a forecast ("expected", "forecast").
    pub forecast_before: Vec<Vec<String>>,
    /// Phrases right before a number that make it the size of a change
    /// ("rose by", "fell").
    pub difference_before: Vec<Vec<String>>,
    /// Relative pronouns ("which", "who").
    pub relative_pronouns: Vec<String>,
    /// Lower-case abbreviations without their dot ("mr", "u.s").
    pub abbreviations: Vec<String>,
    /// Words saying a value changed ("rose", "revised").
    pub change_words: Vec<Vec<String>>,
    /// Phrases before a place that make it a locator ("in southern").
    pub locator_before: Vec<Vec<String>>,
    /// Lower-case words that may stand before a one-word place name and leave it
    /// a place ("north", "greater").
    pub place_prefixes: Vec<String>,
    /// Lower-case words after a place name that make it a feature's name
    /// ("river", "sea").
    pub feature_nouns: Vec<String>,
    /// Phrases right before or after a number that make it no count of people.
    pub not_a_count: NotACount,
    /// Words after which a month name alone is a date ("in March").
    pub month_alone_after: Vec<String>,
    /// Words after which four digits below 1800 are a year ("in 1727").
    pub old_year_after: Vec<String>,
    /// Tokenized lower-case phrases before a count that make it an age in
    /// years ("aged", "age of").
    pub age_before: Vec<Vec<String>>,
    /// Words before a month name that pick its year, with their offset.
    pub month_direction: Vec<(String, i8)>,
}

/// Phrases that make the number next to them no count of people: a rate's base
/// before it ("per 100,000"), a multiplier after it ("10 times").
#[derive(Debug, Clone, Default)]
pub struct NotACount {
    /// Tokenized, lower-cased phrases just before the number.
    pub before: Vec<Vec<String>>,
    /// Tokenized, lower-cased phrases just after it.
    pub after: Vec<Vec<String>>,
}

/// A 64-bit filter bit of a word: the lexicon's filter bit of the word
/// ([`Lexicon::token_bit`], ASCII case folded), folded to 64; every bit for a
/// word not in ASCII, which is never ruled out.
pub fn word_bit(word: &str) -> u64 {
    Lexicon::token_bit(word).map_or(!0, |b| 1 << (b % 64))
}

/// Per phrase, the bit ([`word_bit`]) of its last word (all bits when it is
/// empty), and all of them together: an ASCII word whose bit is not set ends
/// none of the phrases.
#[derive(Debug, Clone, Default)]
pub struct LastWordFilter {
    /// One bit per phrase, in the phrases' order.
    pub bits: Vec<u64>,
    /// Every phrase's bit.
    pub all: u64,
}

impl LastWordFilter {
    fn new(phrases: &[Vec<String>]) -> LastWordFilter {
        let bits: Vec<u64> = phrases.iter().map(|p| p.last().map_or(!0, |w| word_bit(w))).collect();
        let all = bits.iter().fold(0, |all, b| all | b);
        LastWordFilter { bits, all }
    }
}

/// The last-word filters of the phrases that frame a value as old or forecast.
#[derive(Debug, Clone, Default)]
pub struct FramingFilters {
    /// Of [`Binding::old_value_before`].
    pub old_value: LastWordFilter,
    /// Of [`Binding::forecast_before`].
    pub forecast: LastWordFilter,
    /// Of [`Binding::difference_before`].
    pub difference: LastWordFilter,
}

/// An example from a rule file, run as a test.
#[derive(Debug, Clone)]
pub struct Example {
    /// The rule file it is in.
    pub path: String,
    /// The line of its `[[example]]` table.
    pub line: usize,
    /// The text to extract from.
    pub text: String,
    /// The document date to resolve relative dates against.
    pub date: Option<PartialDate>,
    /// What must be found.
    pub expect: Vec<Expectation>,
    /// Whether nothing else may be found.
    pub exhaustive: bool,
}

/// All rules, compiled and ready for the extractor.
#[derive(Debug)]
pub struct RuleSet {
    /// The files, in load order.
    pub sources: Vec<RuleSource>,
    /// Words and phrases with their meaning.
    pub lexicon: Lexicon,
    /// Composition patterns, in priority order.
    pub patterns: Vec<Pattern>,
    /// Range patterns ("between X and Y").
    pub ranges: Vec<Pattern>,
    /// Metric rules.
    pub metrics: Vec<MetricRule>,
    /// Binding word lists.
    pub binding: Binding,
    /// Metric trigger phrases by first word, built on first use.
    triggers: OnceLock<TriggerIndex>,
    /// The framing phrases' last-word filters, built on first use.
    framing_filters: OnceLock<FramingFilters>,
    /// Tables the extractor derives from the patterns, built on first use (see
    /// [`RuleSet::derived`]).
    derived: OnceLock<Box<dyn std::any::Any + Send + Sync>>,
    /// Examples of all files.
    pub examples: Vec<Example>,
}

static BUILTIN: OnceLock<RuleSet> = OnceLock::new();

impl RuleSet {
    /// The embedded default rules (parsed once per process).
    pub fn builtin() -> &'static RuleSet {
        BUILTIN.get_or_init(|| {
            let sources = BUILTIN_FILES
                .iter()
                .map(|(name, text)| RuleSource { path: format!("rules/{name}"), text: (*text).to_string() })
                .collect();
            RuleSet::compile(sources).unwrap_or_else(|e| panic!("builtin rules are invalid: {e}"))
        })
    }

    /// The default rules plus every `*.toml` in each directory (a file named like a
    /// default file replaces it), or only the directories' files when
    /// `with_builtin` is false.
    pub fn load(dirs: &[String], with_builtin: bool) -> Result<RuleSet> {
        let mut files: BTreeMap<String, RuleSource> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        if with_builtin {
            for (name, text) in BUILTIN_FILES {
                order.push((*name).to_string());
                files.insert(
                    (*name).to_string(),
                    RuleSource { path: format!("rules/{name}"), text: (*text).to_string() },
                );
            }
        }
        for dir in dirs {
            let entries = std::fs::read_dir(dir).map_err(|e| Error::in_file(dir, crate::document::io_message(&e)))?;
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect();
            names.sort();
            for name in names {
                let path = format!("{}/{}", dir.trim_end_matches('/'), name);
                let bytes = std::fs::read(&path).map_err(|e| Error::in_file(&path, crate::document::io_message(&e)))?;
                let text = String::from_utf8(bytes).map_err(|_| Error::in_file(&path, "invalid UTF-8 in rule file"))?;
                if !files.contains_key(&name) {
                    order.push(name.clone());
                }
                files.insert(name, RuleSource { path, text });
            }
        }
        let sources = order.into_iter().filter_map(|n| files.remove(&n)).collect();
        RuleSet::compile(sources)
    }

    /// Parses and compiles rule sources.
    pub fn compile(sources: Vec<RuleSource>) -> Result<RuleSet> {
        let mut builder = lexicon::LexiconBuilder::default();
        let mut patterns = Vec::new();
        let mut ranges = Vec::new();
        let mut metrics = Vec::new();
        let mut binding = Binding::default();
        let mut examples = Vec::new();
        for source in &sources {
            let lines = LineIndex::new(&source.text);
            let line_of = |offset: usize| lines.line_col(&source.text, offset).0;
            let file: schema::RuleFileToml = toml::from_str(&source.text).map_err(|e| {
                let (line, col) = e.span().map_or((1, 1), |s| lines.line_col(&source.text, s.start));
                Error::at(&source.path, line, Some(col), e.message().trim().to_string())
            })?;
            builder.add_file(&source.path, &file, &line_of)?;
            for p in &file.pattern {
                patterns.push(Pattern::compile(&source.path, line_of(p.span().start), p.get_ref(), false)?);
            }
            for p in &file.range {
                ranges.push(Pattern::compile(&source.path, line_of(p.span().start), p.get_ref(), true)?);
            }
            if let Some(d) = &file.dates {
                if let Some(w) = &d.month_alone_after {
                    binding.month_alone_after.extend(w.words.iter().map(|x| x.to_lowercase()));
                }
                if let Some(w) = &d.old_year_after {
                    binding.old_year_after.extend(w.words.iter().map(|x| x.to_lowercase()));
                }
                if let Some(w) = &d.age_before {
                    binding
                        .age_before
                        .extend(w.words.iter().map(|x| x.split_whitespace().map(str::to_lowercase).collect()));
                }
                binding.month_direction.extend(d.month_direction.iter().map(|(w, o)| (w.to_lowercase(), *o)));
            }
            if let Some(b) = &file.binding {
                binding.old_value_before.extend(phrases(&b.old_value_before));
                binding.forecast_before.extend(phrases(&b.forecast_before));
                binding.difference_before.extend(phrases(&b.difference_before));
                binding.change_words.extend(phrases(&b.change_words));
                binding.locator_before.extend(phrases(&b.locator_before));
                binding.place_prefixes.extend(b.place_prefixes.iter().map(|w| w.to_lowercase()));
                binding.feature_nouns.extend(b.feature_nouns.iter().map(|w| w.to_lowercase()));
                binding.not_a_count.before.extend(phrases(&b.not_a_count.before));
                binding.not_a_count.after.extend(phrases(&b.not_a_count.after));
                binding.relative_pronouns.extend(b.relative_pronouns.iter().map(|w| w.to_lowercase()));
                binding
                    .abbreviations
                    .extend(b.abbreviations.iter().map(|w| w.to_lowercase().trim_end_matches('.').to_string()));
            }
            for m in &file.metric {
                metrics.push(compile_metric(&source.path, line_of(m.span().start), m.get_ref())?);
            }
            for ex in &file.example {
                let line = line_of(ex.span().start);
                let ex_ref = ex.get_ref();
                let date = match &ex_ref.date {
                    Some(d) => Some(PartialDate::parse_iso(d).ok_or_else(|| {
                        Error::at(&source.path, line, None, format!("example date {d:?} is not ISO 8601"))
                    })?),
                    None => None,
                };
                examples.push(Example {
                    path: source.path.clone(),
                    line,
                    text: ex_ref.text.clone(),
                    date,
                    expect: ex_ref.expect.clone(),
                    exhaustive: ex_ref.exhaustive.unwrap_or(true),
                });
            }
        }
        builder.add_pattern_words(&patterns);
        builder.add_pattern_words(&ranges);
        let lexicon = builder.finish();
        for m in &metrics {
            if let Some(d) = &m.dimension
                && !lexicon.units.iter().any(|u| &u.dimension == d)
            {
                return Err(Error::at(
                    &m.path,
                    m.line,
                    None,
                    format!("metric {:?}: no unit has the dimension {d:?}", m.id),
                ));
            }
            if let Some(u) = m.units.iter().find(|u| !lexicon.units.iter().any(|known| &known.symbol == *u)) {
                return Err(Error::at(&m.path, m.line, None, format!("metric {:?}: unknown unit {u:?}", m.id)));
            }
        }
        Ok(RuleSet {
            sources,
            lexicon,
            patterns,
            ranges,
            metrics,
            binding,
            triggers: OnceLock::new(),
            framing_filters: OnceLock::new(),
            derived: OnceLock::new(),
            examples,
        })
    }

    /// The canonical unit for a unit surface, as reference files name units:
    /// a measure symbol or name ("km2", "square kilometres"), a counted noun
    /// ("persons" → "people"), a duration ("days" → "day"), `%`/`percent`.
    pub fn canonical_unit(&self, surface: &str) -> Option<String> {
        self.lexicon.canonical_unit(surface)
    }

    /// The metric trigger phrases, indexed by first word.
    pub fn triggers(&self) -> &TriggerIndex {
        self.triggers.get_or_init(|| TriggerIndex::new(&self.metrics))
    }

    /// The last-word filters of [`Binding::old_value_before`],
    /// [`Binding::forecast_before`] and [`Binding::difference_before`], built
    /// once rather than per document.
    pub fn framing_filters(&self) -> &FramingFilters {
        self.framing_filters.get_or_init(|| FramingFilters {
            old_value: LastWordFilter::new(&self.binding.old_value_before),
            forecast: LastWordFilter::new(&self.binding.forecast_before),
            difference: LastWordFilter::new(&self.binding.difference_before),
        })
    }

    /// What `build` derives from these rules, built on the first call and kept:
    /// the extractor's speed tables (a higher layer's type, hence `Any`). Only one
    /// kind of table is kept; asking for another type gives `None`.
    pub fn derived<T: std::any::Any + Send + Sync>(&self, build: impl FnOnce(&RuleSet) -> T) -> Option<&T> {
        self.derived.get_or_init(|| Box::new(build(self))).downcast_ref::<T>()
    }

    /// The metric rule with this id.
    pub fn metric(&self, id: &str) -> Option<&MetricRule> {
        self.metrics.iter().find(|m| m.id == id)
    }
}

fn compile_metric(path: &str, line: usize, m: &schema::MetricToml) -> Result<MetricRule> {
    let err = |msg: String| Error::at(path, line, None, msg);
    let kinds = m
        .kinds
        .iter()
        .map(|k| Kind::from_name(k).ok_or_else(|| err(format!("metric {:?}: unknown kind {k:?}", m.id))))
        .collect::<Result<Vec<_>>>()?;
    let tolerance = match &m.tolerance {
        Some(t) => Some(
            parse_percent(t)
                .ok_or_else(|| err(format!("metric {:?}: tolerance {t:?} is not a percentage like \"5%\"", m.id)))?,
        ),
        None => None,
    };
    if m.before.is_empty() && m.after.is_empty() && m.nouns.is_empty() {
        return Err(err(format!("metric {:?} has no trigger phrases (before/after)", m.id)));
    }
    Ok(MetricRule {
        id: m.id.clone(),
        kinds,
        before: phrases(&m.before),
        after: phrases(&m.after),
        nouns: phrases(&m.nouns),
        window: m.window.unwrap_or(6),
        tolerance,
        unit: m.unit.clone(),
        dimension: m.dimension.clone(),
        consistent_within_document: m.cumulative != Some(true) && m.several != Some(true),
        subject_kinds: m.subject_kinds.iter().map(|k| k.to_lowercase()).collect(),
        units: m.units.clone(),
        description: m.description.clone(),
        path: path.to_string(),
        line,
    })
}

/// Tokenizes and lower-cases trigger phrases.
fn phrases(list: &[String]) -> Vec<Vec<String>> {
    list.iter()
        .map(|p| crate::tokenize::tokenize(p).iter().map(|t| t.text(p).to_lowercase()).collect())
        .filter(|v: &Vec<String>| !v.is_empty())
        .collect()
}

/// Parses "5%" into 0.05.
pub fn parse_percent(text: &str) -> Option<Decimal> {
    let n = text.trim().strip_suffix('%')?.trim();
    let d: Decimal = n.parse().ok()?;
    Some(d / Decimal::from(100))
}

/// Parses a decimal or a fraction "a/b" from a rule file.
pub(crate) fn parse_rule_number(text: &str) -> Option<Decimal> {
    if let Some((a, b)) = text.split_once('/') {
        let a: Decimal = a.trim().parse().ok()?;
        let b: Decimal = b.trim().parse().ok()?;
        return a.checked_div(b);
    }
    text.trim().parse().ok()
}

/// Parses a qualifier name in a rule file.
pub(crate) fn parse_qualifier(name: &str) -> Option<Qualifier> {
    Qualifier::from_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_compile() {
        let rules = RuleSet::builtin();
        assert!(rules.patterns.len() > 10);
        assert!(!rules.examples.is_empty());
        assert_eq!(rules.canonical_unit("persons").as_deref(), Some("people"));
        assert_eq!(rules.canonical_unit("km2").as_deref(), Some("km2"));
        assert_eq!(rules.canonical_unit("square kilometres").as_deref(), Some("km2"));
    }

    #[test]
    fn malformed_rule_file_names_file_and_line() {
        let bad = RuleSource { path: "x.toml".into(), text: "[[unit]]\nsymbol = \"q\"\nnames = 5\n".into() };
        let err = RuleSet::compile(vec![bad]).unwrap_err();
        assert_eq!(err.path.as_deref(), Some("x.toml"));
        assert!(err.line.is_some(), "{err}");
        let unknown_item =
            RuleSource { path: "y.toml".into(), text: "\n[[pattern]]\nname = \"p\"\nitems = [\"numbr\"]\n".into() };
        let err = RuleSet::compile(vec![unknown_item]).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        assert!(err.message.contains("numbr"), "{err}");
        let bad_value = RuleSource { path: "z.toml".into(), text: "[numbers.units]\none = \"x1\"\n".into() };
        let err = RuleSet::compile(vec![bad_value]).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        let change_outside_range = RuleSource {
            path: "w.toml".into(),
            text: "[[pattern]]\nname = \"p\"\nitems = [\"number\", \"unit\"]\nchange_after = [\"by\"]\n".into(),
        };
        let err = RuleSet::compile(vec![change_outside_range]).unwrap_err();
        assert_eq!(err.line, Some(1), "{err}");
        assert!(err.message.contains("change_after"), "{err}");
        // A metric's unit is checked against the units of every file loaded.
        let mut sources: Vec<RuleSource> = BUILTIN_FILES
            .iter()
            .map(|(name, text)| RuleSource { path: format!("rules/{name}"), text: (*text).to_string() })
            .collect();
        sources.push(RuleSource {
            path: "v.toml".into(),
            text: "\n[[metric]]\nid = \"m\"\nbefore = [\"m\"]\nunits = [\"km2\", \"furlong2\"]\n".into(),
        });
        let err = RuleSet::compile(sources).unwrap_err();
        assert_eq!((err.path.as_deref(), err.line), (Some("v.toml"), Some(2)), "{err}");
        assert!(err.message.contains("furlong2"), "{err}");
    }

    #[test]
    fn a_later_currency_name_replaces_an_earlier_one() {
        let text =
            "[[currency]]\ncode = \"USD\"\nsubunits = { penny = \"0.01\", dime = \"0.1\" }\nalone = [\"dime\"]\n";
        let mut sources: Vec<RuleSource> = BUILTIN_FILES
            .iter()
            .map(|(name, text)| RuleSource { path: format!("rules/{name}"), text: (*text).to_string() })
            .collect();
        sources.push(RuleSource { path: "pack/coins.toml".into(), text: text.into() });
        let rules = RuleSet::compile(sources).unwrap();
        let usd = rules.lexicon.currencies.iter().position(|c| c == "USD").unwrap() as u16;
        let meaning = |word: &str| -> Vec<Entry> {
            rules
                .lexicon
                .starting_with(word)
                .iter()
                .map(|&id| &rules.lexicon.phrases[id as usize])
                .filter(|p| p.tokens.len() == 1 && matches!(p.entry, Entry::CurrencyName { .. }))
                .map(|p| p.entry)
                .collect()
        };
        // One meaning each: the pack's.
        assert!(
            matches!(meaning("penny")[..], [Entry::CurrencyName { currency, alone: false, .. }] if currency == usd)
        );
        assert!(matches!(meaning("dime")[..], [Entry::CurrencyName { alone: true, .. }]));
        // Without the pack, a penny is a British one and a dime needs an amount.
        let builtin = RuleSet::builtin();
        let gbp = builtin.lexicon.currencies.iter().position(|c| c == "GBP").unwrap() as u16;
        let first = |word: &str| builtin.lexicon.phrases[builtin.lexicon.starting_with(word)[0] as usize].entry;
        assert!(matches!(first("penny"), Entry::CurrencyName { currency, .. } if currency == gbp));
        assert!(matches!(first("dime"), Entry::CurrencyName { alone: false, .. }));
    }

    #[test]
    fn alone_names_a_listed_name() {
        let bad = RuleSource {
            path: "c.toml".into(),
            text: "[[currency]]\ncode = \"USD\"\nnames = [\"buck\"]\nalone = [\"dime\"]\n".into(),
        };
        let err = RuleSet::compile(vec![bad]).unwrap_err();
        assert_eq!(err.line, Some(1), "{err}");
        assert!(err.message.contains("dime"), "{err}");
    }
}
