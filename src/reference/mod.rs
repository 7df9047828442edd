//! The reference: known facts to check claims against, the names and aliases of
//! their subjects, and exchange rates.
//!
//! # The reference CSV format
//!
//! A header row names the columns, in any order (names are trimmed and matched
//! case-insensitively):
//!
//! | column | required | content |
//! |---|---|---|
//! | `subject` | yes | what the fact is about ("Zaporizhzhia"); rows with the same subject text are one subject |
//! | `aliases` | yes (may be empty) | other names, `;`-separated; may be given on any row of a subject, they are united |
//! | `metric` | yes | what is measured ("population"); stored lower-cased |
//! | `value` | yes | a plain decimal (`-12.5`, `710052`; no thousands separators, no exponent), or an ISO 8601 date when `unit` is `date` |
//! | `unit` | yes | `date`, an ISO 4217 code (`EUR`), or any unit the caller's canonicalizer knows |
//! | `as_of` | yes (may be empty) | the date the value holds for, ISO 8601 at any precision (`2022`, `2022-01`, `2022-01-01`); several rows of one subject and metric with different `as_of` form a time series |
//! | `source` | yes | where the value comes from |
//! | `tolerance` | no | `2%` (relative, stored as 0.02) or an absolute decimal in the row's unit |
//! | `note` | no | free text shown with verdicts |
//! | `country` | no | ISO 3166-1 alpha-2 code of the subject (`GB`), for disambiguation |
//! | `kind` | no | what the subject is (`city`, `country`, `event`, ...), lower-cased |
//!
//! Fields are trimmed. Every row is validated and *all* errors are reported, each
//! with the file, the line the CSV record starts on, and the 1-based character
//! column where the offending field starts on its line (no column for a row-level
//! problem such as a missing required column). Errors: unknown column, missing
//! required column, wrong number of fields, empty subject/metric/value, unparsable
//! value, date or tolerance, unknown unit, a subject given two different
//! `country`/`kind` values, and a repeated (subject, metric, as_of) with a
//! different value or unit (an identical repeat is ignored).
//!
//! An alias (or name) shared by two subjects is not an error: both keep it, a
//! lookup returns both, and a warning lands in [`Reference::notices`].

mod aliases;
mod fx;
mod load;

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use rust_decimal::Decimal;

use crate::date::PartialDate;
use crate::error::Error;

pub use fx::{FxRate, FxTable, MAX_FX_LOOKBACK_DAYS, currency_name, is_currency};

/// A hash map with the fast hash of the alias tables (for our own short keys).
type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<crate::strtable::WordHasher>>;

/// Subject index by name.
type NameIndex = FastMap<String, usize>;

const PLACES_CSV: &str = include_str!("../../data/places.csv");
/// The path errors and facts of the embedded place data report.
pub const BUILTIN_PLACES_PATH: &str = "<builtin>/data/places.csv";

/// How much a disagreement with a fact matters: the severity a reference file was
/// loaded with (declaration order: most severe first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A contradiction is an error (fails a check).
    Error,
    /// A contradiction is worth a warning.
    Warning,
    /// For information only.
    Info,
}

impl Severity {
    /// `"error"`, `"warning"` or `"info"`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The severity of a name as [`Severity::name`] writes it (case-insensitive;
    /// `warn` is accepted too).
    pub fn from_name(name: &str) -> Option<Severity> {
        match name.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The value of a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactValue {
    /// A number in the fact's unit.
    Number(Decimal),
    /// A date (unit `date`), at the precision the reference gives.
    Date(PartialDate),
}

impl FactValue {
    /// The number, if this is one.
    pub fn as_number(&self) -> Option<Decimal> {
        match self {
            FactValue::Number(n) => Some(*n),
            FactValue::Date(_) => None,
        }
    }

    /// The date, if this is one.
    pub fn as_date(&self) -> Option<PartialDate> {
        match self {
            FactValue::Date(d) => Some(*d),
            FactValue::Number(_) => None,
        }
    }
}

impl fmt::Display for FactValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactValue::Number(n) => write!(f, "{}", n.normalize()),
            FactValue::Date(d) => write!(f, "{d}"),
        }
    }
}

/// How far a claim may be from a fact and still agree with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tolerance {
    /// A fraction of the reference value: `2%` is `Relative(0.02)`.
    Relative(Decimal),
    /// An amount in the fact's unit.
    Absolute(Decimal),
}

impl fmt::Display for Tolerance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tolerance::Relative(r) => write!(f, "{}%", (r * Decimal::ONE_HUNDRED).normalize()),
            Tolerance::Absolute(a) => write!(f, "{}", a.normalize()),
        }
    }
}

/// Something facts are about: a place, an event, an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The subject's name, unique in a [`Reference`] ("London", "London, CA").
    pub name: String,
    /// Other names it goes by in text (without `name` itself).
    pub aliases: Vec<String>,
    /// ISO 3166-1 alpha-2 code of its country (for a country, its own code).
    pub country: Option<String>,
    /// What it is: "city", "country", ... (lower case).
    pub kind: Option<String>,
    /// Its population, for choosing among same-named places: the latest
    /// `population` fact given for it.
    pub population: Option<Decimal>,
    /// The file that first defined it.
    pub file: String,
    /// The line (1-based) of its first row there.
    pub line: usize,
}

/// One reference value: a row of a reference CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// Index of its subject in [`Reference::subjects`].
    pub subject: usize,
    /// What is measured, lower case ("population", "area", "start_date").
    pub metric: String,
    /// The value.
    pub value: FactValue,
    /// The canonical unit: `date`, an ISO 4217 code, or what the unit
    /// canonicalizer returned ("people", "km2").
    pub unit: String,
    /// When the value holds; `None` when the reference does not say.
    pub as_of: Option<PartialDate>,
    /// Where the value comes from.
    pub source: String,
    /// How close a claim must be, if the row says.
    pub tolerance: Option<Tolerance>,
    /// A note to show with verdicts.
    pub note: Option<String>,
    /// The file the row is in.
    pub file: String,
    /// The line (1-based) the row starts on.
    pub line: usize,
    /// The severity the file was loaded with.
    pub severity: Severity,
}

/// A subject name or alias found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasMatch {
    /// Byte offset of the match in the text.
    pub start: usize,
    /// Byte offset just past the match.
    pub end: usize,
    /// Every subject with that name or alias (indexes into
    /// [`Reference::subjects`], ascending); more than one when it is ambiguous.
    pub subjects: Vec<usize>,
}

/// How the `as_of` of the fact [`Reference::fact_at`] chose relates to the time asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeFit {
    /// The fact has no `as_of` (no dated row exists).
    Undated,
    /// The fact's `as_of` starts at or before the time asked (the usual case).
    AtOrBefore,
    /// Every dated row is later than the time asked; the nearest one was taken.
    After,
}

/// A set of reference facts with their subjects.
///
/// The indexes behind the lookups are built from `subjects` and `facts`; after
/// changing those fields directly, call [`Reference::reindex`].
#[derive(Debug, Clone, Default)]
pub struct Reference {
    /// All subjects; [`Fact::subject`] and [`AliasMatch::subjects`] index into it.
    pub subjects: Vec<Subject>,
    /// All facts, in file order.
    pub facts: Vec<Fact>,
    /// Warnings found while loading or merging (ambiguous aliases).
    pub notices: Vec<Error>,
    /// Subject index by name.
    by_name: NameIndex,
    /// Per subject, its fact indexes sorted by (metric, as_of), undated first.
    /// (one vector for all subjects: subject `s`'s are
    /// `by_subject[subject_starts[s]..subject_starts[s + 1]]`).
    by_subject: Vec<usize>,
    subject_starts: Vec<u32>,
    /// The alias automaton, built on first use.
    matcher: OnceLock<aliases::AliasMatcher>,
}

impl Reference {
    /// A reference without facts.
    pub fn empty() -> Reference {
        Reference::default()
    }

    /// Loads and validates a reference CSV held in `text`; `path` is what errors
    /// and facts report as its file. `units` maps a unit as written to its
    /// canonical form (or `None` if unknown); `date` and ISO 4217 codes are always
    /// accepted before it is asked. Every problem in the file is returned, not
    /// just the first.
    pub fn from_csv(
        path: &str,
        text: &str,
        severity: Severity,
        units: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Reference, Vec<Error>> {
        load::load(path, text, severity, units, true)
    }

    /// Reads and loads a reference CSV file (see [`Reference::from_csv`]). A file
    /// that cannot be read or is not UTF-8 is an error naming the path (and, for
    /// bad UTF-8, the line and column of the first bad byte).
    pub fn read(
        path: &str,
        severity: Severity,
        units: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Reference, Vec<Error>> {
        let bytes =
            std::fs::read(path).map_err(|e| vec![Error::in_file(path, format!("cannot read reference file: {e}"))])?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            // `good` is valid UTF-8 by construction.
            let good = std::str::from_utf8(good).unwrap_or("");
            let line = good.matches('\n').count() + 1;
            let column = good.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            vec![Error::at(path, line, Some(column), "the file is not valid UTF-8")]
        })?;
        Reference::from_csv(path, &text, severity, units)
    }

    /// The embedded default reference (`data/places.csv`): 251 countries
    /// (population, area) and 6,204 cities of at least 100,000 people (population),
    /// from GeoNames, undated, with [`Severity::Warning`]. Units are canonicalized
    /// with `units` where it knows them and kept as written otherwise. Its many
    /// expected ambiguities (London GB / London CA) produce no notices.
    pub fn builtin(units: &dyn Fn(&str) -> Option<String>) -> Reference {
        let lenient = |u: &str| units(u).or_else(|| Some(u.to_string()));
        load::load(BUILTIN_PLACES_PATH, PLACES_CSV, Severity::Warning, &lenient, false)
            .unwrap_or_else(|errors| panic!("embedded {BUILTIN_PLACES_PATH} is invalid: {errors:?}"))
    }

    /// Adds `other`'s subjects and facts to this reference.
    ///
    /// An incoming subject unifies with an existing one of the same name; failing
    /// that, with the single existing subject that has its name as an alias or
    /// whose name is one of its aliases ("Zaporizhzhia" in a user file joins the
    /// built-in "Zaporizhzhya"), unless their countries differ. Unified subjects
    /// keep the existing name, unite their aliases, and fill a missing country,
    /// kind or population. An incoming fact with the same (subject, metric,
    /// as_of) as an existing one replaces it. An incoming name or alias that also
    /// names another subject adds a notice; `other`'s notices are kept.
    pub fn merge(&mut self, other: Reference) {
        let mut surfaces: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, s) in self.subjects.iter().enumerate() {
            for surface in std::iter::once(&s.name).chain(&s.aliases) {
                surfaces.entry(surface.as_str()).or_default().push(i);
            }
        }
        let mut map = Vec::with_capacity(other.subjects.len());
        let mut new_notices = Vec::new();
        let mut additions: Vec<(Option<usize>, Subject)> = Vec::new();
        for incoming in other.subjects {
            let target = self.by_name.get(&incoming.name).copied().or_else(|| {
                let mut found: Vec<usize> = surfaces.get(incoming.name.as_str()).cloned().unwrap_or_default();
                found.extend(incoming.aliases.iter().filter_map(|a| self.by_name.get(a).copied()));
                found.sort_unstable();
                found.dedup();
                let compatible = |i: &usize| match (&self.subjects[*i].country, &incoming.country) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                };
                (found.len() == 1 && compatible(&found[0])).then(|| found[0])
            });
            for surface in std::iter::once(&incoming.name).chain(&incoming.aliases) {
                let others: Vec<&str> = surfaces
                    .get(surface.as_str())
                    .into_iter()
                    .flatten()
                    .filter(|i| Some(**i) != target)
                    .map(|i| self.subjects[*i].name.as_str())
                    .collect();
                if !others.is_empty() {
                    new_notices.push(Error::at(
                        incoming.file.clone(),
                        incoming.line,
                        None,
                        format!(
                            "ambiguous alias {surface:?}: it names {:?} here and also {}; lookups return all of them",
                            incoming.name,
                            others.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
            }
            map.push(match target {
                Some(t) => t,
                None => self.subjects.len() + additions.iter().filter(|(t, _)| t.is_none()).count(),
            });
            additions.push((target, incoming));
        }
        for (target, incoming) in additions {
            match target {
                Some(t) => {
                    let existing = &mut self.subjects[t];
                    for alias in std::iter::once(incoming.name).chain(incoming.aliases) {
                        if alias != existing.name && !existing.aliases.contains(&alias) {
                            existing.aliases.push(alias);
                        }
                    }
                    if existing.country.is_none() {
                        existing.country = incoming.country;
                    }
                    if existing.kind.is_none() {
                        existing.kind = incoming.kind;
                    }
                    if existing.population.is_none() {
                        existing.population = incoming.population;
                    }
                }
                None => self.subjects.push(incoming),
            }
        }
        let mut key_index: HashMap<(usize, String, Option<PartialDate>), usize> = HashMap::new();
        for (i, f) in self.facts.iter().enumerate() {
            key_index.insert((f.subject, f.metric.clone(), f.as_of), i);
        }
        for mut fact in other.facts {
            fact.subject = map[fact.subject];
            match key_index.get(&(fact.subject, fact.metric.clone(), fact.as_of)) {
                Some(&i) => self.facts[i] = fact,
                None => {
                    key_index.insert((fact.subject, fact.metric.clone(), fact.as_of), self.facts.len());
                    self.facts.push(fact);
                }
            }
        }
        self.notices.extend(other.notices);
        self.notices.extend(new_notices);
        self.reindex();
    }

    /// Rebuilds the lookup indexes from `subjects` and `facts` (needed only after
    /// changing those fields directly).
    pub fn reindex(&mut self) {
        let by_name = self.subjects.iter().enumerate().map(|(i, s)| (s.name.clone(), i)).collect();
        self.reindex_with(by_name);
    }

    /// [`Reference::reindex`] with the name index already built.
    fn reindex_with(&mut self, by_name: NameIndex) {
        self.by_name = by_name;
        // Facts grouped by subject (a counting sort, file order within each), then
        // each group sorted.
        let mut starts = vec![0u32; self.subjects.len() + 1];
        for fact in &self.facts {
            if fact.subject < self.subjects.len() {
                starts[fact.subject + 1] += 1;
            }
        }
        for s in 0..self.subjects.len() {
            starts[s + 1] += starts[s];
        }
        let mut fill = starts.clone();
        let mut by_subject = vec![0; starts.last().map_or(0, |&n| n as usize)];
        for (i, fact) in self.facts.iter().enumerate() {
            if let Some(at) = fill.get_mut(fact.subject).filter(|_| fact.subject < self.subjects.len()) {
                by_subject[*at as usize] = i;
                *at += 1;
            }
        }
        for s in 0..self.subjects.len() {
            by_subject[starts[s] as usize..starts[s + 1] as usize].sort_by(|a, b| {
                let (a, b) = (&self.facts[*a], &self.facts[*b]);
                a.metric.cmp(&b.metric).then_with(|| cmp_as_of(&a.as_of, &b.as_of))
            });
        }
        self.by_subject = by_subject;
        self.subject_starts = starts;
        self.matcher = OnceLock::new();
    }

    /// The subject with this exact name.
    pub fn subject_named(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// Every occurrence of a subject name or alias in `text`, in text order,
    /// non-overlapping (at each position the longest name wins), at word
    /// boundaries (the characters before and after are not alphanumeric, Unicode
    /// aware). A name starting with an upper-case letter matches only as written
    /// ("Nice" not "nice"); one starting in lower case also matches with its first
    /// letter capitalized ("the invasion", "The invasion"). `'` and `’` are
    /// interchangeable. The automaton is built on the first call (tens of
    /// milliseconds for the builtin reference).
    pub fn find_aliases(&self, text: &str) -> Vec<AliasMatch> {
        self.alias_matcher().find(text)
    }

    /// Builds the index [`Reference::find_aliases`] uses, if it is not built yet
    /// (so that a thread can build it before the first lookup waits for it).
    pub fn build_alias_index(&self) {
        self.alias_matcher();
    }

    fn alias_matcher(&self) -> &aliases::AliasMatcher {
        self.matcher.get_or_init(|| aliases::AliasMatcher::new(&self.subjects))
    }

    /// The facts of a subject for a metric (lower case), sorted by `as_of`
    /// (undated first, then by the first day each covers).
    pub fn facts_for(&self, subject: usize, metric: &str) -> Vec<&Fact> {
        self.fact_indexes(subject, metric).iter().map(|i| &self.facts[*i]).collect()
    }

    /// The indexes of a subject's facts, sorted by (metric, as_of), undated first.
    fn subject_facts(&self, subject: usize) -> Option<&[usize]> {
        let start = *self.subject_starts.get(subject)? as usize;
        let end = *self.subject_starts.get(subject + 1)? as usize;
        self.by_subject.get(start..end)
    }

    /// The indexes of [`Reference::facts_for`]'s facts.
    fn fact_indexes(&self, subject: usize, metric: &str) -> &[usize] {
        let Some(list) = self.subject_facts(subject) else {
            return &[];
        };
        let start = list.partition_point(|i| self.facts[*i].metric.as_str() < metric);
        let len = list[start..].iter().take_while(|i| self.facts[**i].metric == metric).count();
        &list[start..start + len]
    }

    /// Whether the subject has any fact for the metric.
    pub fn has_metric(&self, subject: usize, metric: &str) -> bool {
        // As `facts_for`, without collecting the facts.
        let Some(list) = self.subject_facts(subject) else {
            return false;
        };
        let start = list.partition_point(|i| self.facts[*i].metric.as_str() < metric);
        list.get(start).is_some_and(|i| self.facts[*i].metric == metric)
    }

    /// Whether any fact of the subject is in `unit` (canonical form).
    pub fn subjects_with_unit(&self, subject: usize, unit: &str) -> bool {
        self.subject_facts(subject).is_some_and(|list| list.iter().any(|i| self.facts[*i].unit == unit))
    }

    /// The fact of a subject and metric that best fits the time `when`:
    ///
    /// - the dated row with the latest `as_of` starting at or before `when` starts
    ///   ([`TimeFit::AtOrBefore`]); if every dated row starts later, the earliest
    ///   of them ([`TimeFit::After`]);
    /// - with `when` = `None`, the latest dated row ([`TimeFit::AtOrBefore`]);
    /// - when no row is dated, the undated one ([`TimeFit::Undated`]).
    pub fn fact_at(&self, subject: usize, metric: &str, when: Option<PartialDate>) -> Option<(&Fact, TimeFit)> {
        // Sorted undated first: the dated rows are a suffix.
        let facts = self.fact_indexes(subject, metric);
        let undated = facts.partition_point(|i| self.facts[*i].as_of.is_none());
        let dated = &facts[undated..];
        let fact = |i: &usize| &self.facts[*i];
        if dated.is_empty() {
            return facts.last().map(|i| (fact(i), TimeFit::Undated));
        }
        let start = |f: &Fact| f.as_of.map(|d| d.first_day());
        let Some(when) = when else {
            return dated.last().map(|i| (fact(i), TimeFit::AtOrBefore));
        };
        let asked = when.first_day();
        match dated.iter().rev().find(|i| start(fact(i)).is_some_and(|d| d <= asked)) {
            Some(i) => Some((fact(i), TimeFit::AtOrBefore)),
            None => dated.first().map(|i| (fact(i), TimeFit::After)),
        }
    }
}

/// An unsigned plain decimal of at most 18 digits with digits on both sides of
/// any point (`710052`, `1.4389`), read without going through `Decimal::from_str`
/// but to the same value and scale; `None` for anything else (the caller then
/// takes the general path).
fn quick_decimal(text: &[u8]) -> Option<Decimal> {
    // At most 18 digits and a point; 19 digits still fit the accumulator.
    if text.is_empty() || text.len() > 19 {
        return None;
    }
    let (mut mantissa, mut point) = (0u64, None);
    for (i, &b) in text.iter().enumerate() {
        let digit = b.wrapping_sub(b'0');
        if digit < 10 {
            mantissa = mantissa * 10 + u64::from(digit);
        } else if b == b'.' && point.is_none() && i > 0 {
            point = Some(i);
        } else {
            return None;
        }
    }
    let scale = point.map_or(0, |p| text.len() - 1 - p);
    let digits = text.len() - usize::from(point.is_some());
    if digits > 18 || (point.is_some() && scale == 0) {
        return None;
    }
    Some(Decimal::new(mantissa as i64, scale as u32))
}

/// Orders `as_of` values: undated first, then by [`PartialDate::cmp_start`].
fn cmp_as_of(a: &Option<PartialDate>, b: &Option<PartialDate>) -> std::cmp::Ordering {
    match (a, b) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(a), Some(b)) => a.cmp_start(b),
    }
}

#[cfg(test)]
mod tests;
