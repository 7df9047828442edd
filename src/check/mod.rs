//! Verdicts: each claim against the reference, and the document against itself.
//!
//! A stated number is read as the interval it rounds from ("710,000" is
//! [705,000, 715,000), "4,333" is exact), then bounded by its qualifier: at least
//! → reference ≥ value, more than → reference > value, at most / less than
//! likewise, a range → within its ends, approximately → within a band around the
//! value of `tolerance × reference` (5% unless the metric rule or the reference
//! row says otherwise; the percentage is of the *reference* value, so the band
//! does not grow with an inflated claim). A disagreement is then diagnosed:
//! a power of ten (magnitude), another currency (compared through the ECB rate of
//! the claim's date), swapped digits (transposition), another unit (converted),
//! a date outside the stated period. Within a document, one fact stated twice
//! with incompatible values, and parts that exceed their stated total, are
//! reported without any reference.

pub mod codes;
mod format;
mod internal;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

pub use format::{format_number, relative_text};

use crate::claims::Claim;
use crate::date::{PartialDate, Precision};
use crate::document::Document;
use crate::extract::{Kind, Qualifier, Value};
use crate::reference::{Fact, FactValue, FxTable, Reference, Severity, TimeFit, Tolerance};
use crate::rules::RuleSet;

/// The three verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The claim agrees with the reference (or with the rest of the document).
    Consistent,
    /// It does not.
    Inconsistent,
    /// Nothing to check it against.
    Unverifiable,
}

impl Verdict {
    /// The name used in output.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::Inconsistent => "inconsistent",
            Verdict::Unverifiable => "unverifiable",
        }
    }
}

/// Why a claim got its verdict. Each has a stable snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Agrees within rounding, qualifier and tolerance.
    Match,
    /// Off by a power of ten.
    Magnitude,
    /// Stated in another currency than the reference.
    Currency,
    /// Two adjacent digits swapped.
    Transposition,
    /// A date outside the reference's.
    Date,
    /// Another unit than the reference's.
    Unit,
    /// Simply different.
    Mismatch,
    /// Contradicts another statement of the same fact in the document.
    Internal,
    /// Parts do not add up to their stated total.
    PartsSum,
    /// "X of Y (Z%)": the percentage does not follow.
    PercentOf,
    /// No metric rule applies.
    NoMetric,
    /// No subject found.
    NoSubject,
    /// The reference has no fact for this subject and metric.
    NoFact,
    /// Units that cannot be compared.
    IncomparableUnit,
    /// No exchange rate for the currencies and date.
    NoRate,
    /// An earlier value in a change ("rose from X").
    OldValue,
    /// A forecast or expectation.
    Forecast,
    /// The size of a change, not a level ("rose by X").
    Difference,
}

impl Reason {
    /// The name used in output.
    pub fn name(self) -> &'static str {
        match self {
            Reason::Match => "match",
            Reason::Magnitude => "magnitude",
            Reason::Currency => "currency",
            Reason::Transposition => "transposition",
            Reason::Date => "date",
            Reason::Unit => "unit",
            Reason::Mismatch => "mismatch",
            Reason::Internal => "internal",
            Reason::PartsSum => "parts_sum",
            Reason::PercentOf => "percent_of",
            Reason::NoMetric => "no_metric",
            Reason::NoSubject => "no_subject",
            Reason::NoFact => "no_fact",
            Reason::IncomparableUnit => "incomparable_unit",
            Reason::NoRate => "no_rate",
            Reason::OldValue => "old_value",
            Reason::Forecast => "forecast",
            Reason::Difference => "difference",
        }
    }
}

/// The reference row a verdict used (serialized as the `reference` object of a
/// checked record; the severity is reported on the record itself).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReferenceRow {
    /// Subject name.
    pub subject: String,
    /// Metric.
    pub metric: String,
    /// Value as written (a decimal or an ISO date).
    pub value: String,
    /// Unit.
    pub unit: String,
    /// When it holds.
    pub as_of: Option<String>,
    /// Where it comes from.
    pub source: String,
    /// The reference file.
    pub file: String,
    /// Its line.
    pub line: usize,
    /// The file's severity.
    #[serde(skip)]
    pub severity: Severity,
    /// The row's note.
    pub note: Option<String>,
}

/// The arithmetic behind a verdict, shown to the reader.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Working {
    /// The interval the stated value allows (before the qualifier's bound).
    pub interval: Option<(Decimal, Decimal)>,
    /// The stated value in the reference's unit or currency, when converted.
    pub converted: Option<Decimal>,
    /// The tolerance used, as text ("5% of the reference (approximate)").
    pub tolerance: Option<String>,
    /// (stated − reference) / reference.
    pub relative_difference: Option<Decimal>,
    /// The exchange rate used: (from, to, rate, ECB day).
    pub rate: Option<(String, String, Decimal, String)>,
    /// For a magnitude slip: the power of ten.
    pub factor_power: Option<i32>,
}

/// A safe replacement for the claim's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Source byte offset where the replacement starts.
    pub start: usize,
    /// Source byte offset where it ends.
    pub end: usize,
    /// The replacement text.
    pub replacement: String,
}

/// A claim with its verdict.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The claim.
    pub claim: Claim,
    /// The subject's name.
    pub subject: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// Why.
    pub reason: Reason,
    /// One line a journalist understands.
    pub message: String,
    /// The reference row used.
    pub reference: Option<ReferenceRow>,
    /// Other spans (source byte ranges) the verdict depends on.
    pub related: Vec<(usize, usize)>,
    /// The arithmetic.
    pub working: Working,
    /// How much it matters: the reference file's severity, or error for
    /// contradictions inside the document.
    pub severity: Severity,
    /// A safe fix, where there is one.
    pub fix: Option<Fix>,
}

/// Checks claims with one rule set, reference and exchange-rate table.
pub struct Checker<'a> {
    rules: &'a RuleSet,
    reference: &'a Reference,
    fx: &'a FxTable,
    /// The band for approximate values when neither the reference row nor the
    /// metric rule names one (a project may set its own in `claimcheck.toml`).
    default_tolerance: Decimal,
}

/// The default band for approximate values: 5% of the reference value.
pub fn default_tolerance() -> Decimal {
    Decimal::new(5, 2)
}

impl<'a> Checker<'a> {
    /// A checker.
    pub fn new(rules: &'a RuleSet, reference: &'a Reference, fx: &'a FxTable) -> Checker<'a> {
        Checker { rules, reference, fx, default_tolerance: default_tolerance() }
    }

    /// Replaces the default approximate tolerance ([`default_tolerance`], 5%) with
    /// `tolerance`, a fraction of the reference value (0.02 for 2%). Row and
    /// metric-rule tolerances still take precedence, being more specific.
    pub fn with_default_tolerance(mut self, tolerance: Decimal) -> Checker<'a> {
        self.default_tolerance = tolerance;
        self
    }

    /// Verdicts for every claim of a document, in order.
    pub fn check(&self, doc: &Document, claims: Vec<Claim>) -> Vec<Checked> {
        let mut out: Vec<Checked> = claims.into_iter().map(|c| self.against_reference(doc, c)).collect();
        internal::check_document(self.rules, doc, &mut out, self.default_tolerance);
        out
    }

    fn subject_name(&self, claim: &Claim) -> Option<String> {
        claim.subject.map(|s| self.reference.subjects[s].name.clone())
    }

    #[inline]
    fn unverifiable(&self, claim: Claim, reason: Reason, message: String) -> Checked {
        Checked {
            subject: self.subject_name(&claim),
            claim,
            verdict: Verdict::Unverifiable,
            reason,
            message,
            reference: None,
            related: Vec::new(),
            working: Working::default(),
            severity: Severity::Info,
            fix: None,
        }
    }

    fn against_reference(&self, doc: &Document, claim: Claim) -> Checked {
        let stated: &str = doc.source.get(claim.start..claim.end).unwrap_or("");
        if claim.framing.old_value {
            return self.unverifiable(claim, Reason::OldValue, quoted(stated, " is an earlier value in a change"));
        }
        if claim.framing.forecast {
            return self.unverifiable(claim, Reason::Forecast, quoted(stated, " is a forecast or expectation"));
        }
        if claim.framing.difference {
            return self.unverifiable(
                claim,
                Reason::Difference,
                quoted(stated, " is the size of a change, not a level"),
            );
        }
        let Some(metric) = claim.metric.clone() else {
            return self.unverifiable(
                claim,
                Reason::NoMetric,
                quoted(stated, ": no metric rule says what it measures"),
            );
        };
        let Some(subject) = claim.subject else {
            return self.unverifiable(
                claim,
                Reason::NoSubject,
                format!("{} \"{stated}\": no reference subject named nearby", label(&metric)),
            );
        };
        let name = self.reference.subjects[subject].name.clone();
        let Some((fact, fit)) = self.reference.fact_at(subject, &metric, claim.time) else {
            return self.unverifiable(
                claim,
                Reason::NoFact,
                format!(
                    "{} of {name} stated as \"{stated}\"; the reference has no {} for {name}",
                    label(&metric),
                    label(&metric)
                ),
            );
        };
        let row = self.row(fact);
        let when = time_note(&claim, fact, fit);
        let source = source_text(fact);
        let mut checked = match (&claim.mention.value, &fact.value) {
            (Value::Date(d), FactValue::Date(r)) => self.compare_dates(&claim, &name, &metric, stated, *d, *r, &source),
            (Value::Number(_), FactValue::Number(r)) => {
                self.compare_numbers(&claim, &name, &metric, stated, fact, *r, &source)
            }
            _ => {
                let message = format!(
                    "{} of {name} stated as \"{stated}\"; reference {} {} cannot be compared",
                    label(&metric),
                    fact.value,
                    fact.unit
                );
                Outcome {
                    verdict: Verdict::Unverifiable,
                    reason: Reason::IncomparableUnit,
                    message,
                    working: Working::default(),
                    fix: None,
                }
            }
        };
        if let Some(note) = when {
            checked.message.push_str(&format!(" ({note})"));
        }
        if let Some(note) = &claim.subject_note {
            checked.message.push_str(&format!(" [{note}]"));
        }
        let severity = if checked.verdict == Verdict::Inconsistent { fact.severity } else { Severity::Info };
        Checked {
            subject: Some(name),
            claim,
            verdict: checked.verdict,
            reason: checked.reason,
            message: checked.message,
            reference: Some(row),
            related: Vec::new(),
            working: checked.working,
            severity,
            fix: checked.fix,
        }
    }

    fn row(&self, fact: &Fact) -> ReferenceRow {
        ReferenceRow {
            subject: self.reference.subjects[fact.subject].name.clone(),
            metric: fact.metric.clone(),
            value: fact.value.to_string(),
            unit: fact.unit.clone(),
            as_of: fact.as_of.map(|d| d.to_string()),
            source: fact.source.clone(),
            file: fact.file.clone(),
            line: fact.line,
            severity: fact.severity,
            note: fact.note.clone(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn compare_dates(
        &self,
        claim: &Claim,
        name: &str,
        metric: &str,
        stated: &str,
        d: PartialDate,
        r: PartialDate,
        source: &str,
    ) -> Outcome {
        let head = format!("{} of {name} stated as \"{stated}\"; reference {r} ({source})", label(metric));
        let within = d.contains(r.first_day()) || r.contains(d.first_day()) && d.precision >= r.precision;
        // A date's qualifier is a bound on the reference date: "before March 2022"
        // holds for 2022-02-24; "since March 2022" names the start itself.
        let (agrees, relation) = match claim.mention.qualifier {
            Qualifier::LessThan => (r.last_day() < d.first_day(), "before"),
            Qualifier::AtMost => (r.first_day() <= d.last_day(), "by"),
            Qualifier::MoreThan => (r.first_day() > d.last_day(), "after"),
            _ => (within, "in"),
        };
        if agrees {
            return Outcome::consistent(format!("{head}: consistent, {r} lies {relation} {d}"), Working::default());
        }
        if relation != "in" {
            return Outcome {
                verdict: Verdict::Inconsistent,
                reason: Reason::Date,
                message: format!("{head}: {r} is not {relation} {d}"),
                working: Working::default(),
                fix: None,
            };
        }
        let diff = describe_date_gap(d, r);
        Outcome {
            verdict: Verdict::Inconsistent,
            reason: Reason::Date,
            message: format!("{head}: {r} is not in {d}; the stated date is {diff}"),
            working: Working::default(),
            fix: None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn compare_numbers(
        &self,
        claim: &Claim,
        name: &str,
        metric: &str,
        stated: &str,
        fact: &Fact,
        reference: Decimal,
        source: &str,
    ) -> Outcome {
        let m = &claim.mention;
        let head = format!(
            "{} of {name} stated as \"{stated}\"; reference {} ({source})",
            label(metric),
            format_amount(reference, &fact.unit)
        );
        let Some(mut value) = m.number() else {
            return Outcome::unverifiable(Reason::IncomparableUnit, head);
        };
        let mut step = m.step;
        let mut low = m.low;
        let mut high = m.high;
        let mut working = Working::default();
        let claim_unit = m.unit.clone();
        // Bring the stated value into the reference's unit.
        let mut currency_from: Option<String> = None;
        let mut unit_from: Option<String> = None;
        match (&claim_unit, m.kind) {
            (Some(cu), Kind::Money) if *cu != fact.unit => {
                let Some(rate) = self.fx.rate(cu, &fact.unit, claim.time) else {
                    return Outcome::unverifiable(
                        Reason::NoRate,
                        format!("{head}: no exchange rate from {cu} to {} for that date", fact.unit),
                    );
                };
                value *= rate.rate;
                step *= rate.rate;
                low = low.map(|l| l * rate.rate);
                high = high.map(|h| h * rate.rate);
                working.converted = Some(value);
                working.rate = Some((cu.clone(), fact.unit.clone(), rate.rate, rate.date.to_string()));
                currency_from = Some(cu.clone());
            }
            (Some(cu), Kind::Quantity | Kind::Percent) if *cu != fact.unit => {
                let lex = &self.rules.lexicon;
                match (lex.unit(cu), lex.unit(&fact.unit)) {
                    (Some(a), Some(b)) if a.dimension == b.dimension => {
                        let convert = |x: Decimal| (x * a.factor + a.offset - b.offset) / b.factor;
                        low = low.map(convert);
                        high = high.map(convert);
                        value = convert(value);
                        step = step * a.factor / b.factor;
                        working.converted = Some(value);
                        unit_from = Some(cu.clone());
                    }
                    _ => {
                        return Outcome::unverifiable(
                            Reason::IncomparableUnit,
                            format!("{head}: {cu} cannot be compared with {}", fact.unit),
                        );
                    }
                }
            }
            (Some(cu), Kind::Duration) if *cu != fact.unit => {
                return Outcome::unverifiable(
                    Reason::IncomparableUnit,
                    format!("{head}: {cu} cannot be compared with {}", fact.unit),
                );
            }
            _ => {}
        }
        let tolerance = self.tolerance(claim, fact);
        let band = |v: Decimal| tolerance_band(tolerance, m.qualifier, v, reference, step);
        let agrees_at = |v: Decimal| agrees(m.qualifier, v, low, high, step, reference, band(v));
        let half = step / Decimal::TWO;
        working.interval = Some(match m.qualifier {
            Qualifier::Range => (low.unwrap_or(value) - half, high.unwrap_or(value) + half),
            _ => (value - half, value + half),
        });
        working.tolerance = Some(tolerance_text(tolerance, m.qualifier));
        if !reference.is_zero() {
            working.relative_difference = Some(((value - reference) / reference).round_dp(4));
        }
        if agrees_at(value) {
            let mut msg = format!("{head}: consistent");
            if let Some(cu) = &currency_from {
                let (_, to, rate, day) = working.rate.clone().unwrap_or_default();
                msg = format!(
                    "{head}: stated in {cu}, reference in {to}; at the ECB rate of {day} (1 {cu} = {} {to}) that is {}, consistent",
                    rate.round_dp(4).normalize(),
                    format_amount(value, &fact.unit)
                );
                return Outcome {
                    verdict: Verdict::Consistent,
                    reason: Reason::Currency,
                    message: msg,
                    working,
                    fix: None,
                };
            }
            if let Some(u) = &unit_from {
                msg = format!("{head}: {} in {}, consistent", format_amount(value, &fact.unit), u);
                return Outcome {
                    verdict: Verdict::Consistent,
                    reason: Reason::Unit,
                    message: msg,
                    working,
                    fix: None,
                };
            }
            return Outcome::consistent(msg, working);
        }
        // Diagnose.
        if let Some(cu) = &currency_from {
            let (_, to, rate, day) = working.rate.clone().unwrap_or_default();
            let message = format!(
                "{head}: stated in {cu}, reference in {to}; at the ECB rate of {day} (1 {cu} = {} {to}) that is {}, {}",
                rate.round_dp(4).normalize(),
                format_amount(value, &fact.unit),
                relative_text(value, reference)
            );
            return Outcome { verdict: Verdict::Inconsistent, reason: Reason::Currency, message, working, fix: None };
        }
        if let Some(u) = &unit_from {
            let raw = m.number().unwrap_or(value);
            if agrees(m.qualifier, raw, m.low, m.high, m.step, reference, band(raw)) {
                let message = format!(
                    "{head}: the number matches but the unit is {u}, not {}; {} is {}",
                    fact.unit,
                    stated,
                    format_amount(value, &fact.unit)
                );
                return Outcome { verdict: Verdict::Inconsistent, reason: Reason::Unit, message, working, fix: None };
            }
        }
        if let Some(power) = magnitude(value, reference, agrees_at) {
            working.factor_power = Some(power);
            let factor = format_number(Decimal::from_i128_with_scale(10i128.pow(power.unsigned_abs()), 0));
            let direction = if power > 0 { "larger" } else { "smaller" };
            let mut message = format!("{head}: {factor} times {direction}");
            let fix = scale_fix(claim, stated, power);
            if let Some((ref from, ref to, _)) = fix {
                message.push_str(&format!(": {from} written for {to}?"));
            }
            let fix = fix.map(|(_, _, f)| f);
            return Outcome { verdict: Verdict::Inconsistent, reason: Reason::Magnitude, message, working, fix };
        }
        if is_transposition(value, reference) {
            let message = format!("{head}: two digits swapped?");
            return Outcome {
                verdict: Verdict::Inconsistent,
                reason: Reason::Transposition,
                message,
                working,
                fix: None,
            };
        }
        let message = format!("{head}: {}", relative_text(value, reference));
        Outcome { verdict: Verdict::Inconsistent, reason: Reason::Mismatch, message, working, fix: None }
    }

    /// The tolerance for this claim: the row's, else the metric rule's, else the default.
    fn tolerance(&self, claim: &Claim, fact: &Fact) -> ToleranceUsed {
        if let Some(t) = &fact.tolerance {
            return ToleranceUsed { tolerance: *t, from: "reference row" };
        }
        let metric = claim.metric.as_deref().and_then(|m| self.rules.metric(m));
        match metric.and_then(|m| m.tolerance) {
            Some(t) => ToleranceUsed { tolerance: Tolerance::Relative(t), from: "metric rule" },
            None => ToleranceUsed { tolerance: Tolerance::Relative(self.default_tolerance), from: "default" },
        }
    }
}

/// The verdict parts computed by a comparison.
struct Outcome {
    verdict: Verdict,
    reason: Reason,
    message: String,
    working: Working,
    fix: Option<Fix>,
}

impl Outcome {
    fn consistent(message: String, working: Working) -> Outcome {
        Outcome { verdict: Verdict::Consistent, reason: Reason::Match, message, working, fix: None }
    }
    fn unverifiable(reason: Reason, message: String) -> Outcome {
        Outcome { verdict: Verdict::Unverifiable, reason, message, working: Working::default(), fix: None }
    }
}

#[derive(Debug, Clone, Copy)]
struct ToleranceUsed {
    tolerance: Tolerance,
    from: &'static str,
}

/// The band an approximate (or any, when the row sets a tolerance) value may miss
/// the reference by: the tolerance of the reference value, never less than half
/// the stated rounding step.
fn tolerance_band(t: ToleranceUsed, q: Qualifier, _value: Decimal, reference: Decimal, step: Decimal) -> Decimal {
    let half = step / Decimal::TWO;
    let tol = match t.tolerance {
        Tolerance::Relative(r) => (reference * r).abs(),
        Tolerance::Absolute(a) => a.abs(),
    };
    // The default band widens only approximate claims; a tolerance the row or the
    // metric names applies to every claim.
    let applies = q == Qualifier::Approx || t.from != "default";
    if applies { tol.max(half) } else { half }
}

fn tolerance_text(t: ToleranceUsed, q: Qualifier) -> String {
    let what = match t.tolerance {
        Tolerance::Relative(r) => format!("{}% of the reference", (r * Decimal::ONE_HUNDRED).normalize()),
        Tolerance::Absolute(a) => format!("±{}", a.normalize()),
    };
    if q == Qualifier::Approx || t.from != "default" {
        format!("{what} ({})", t.from)
    } else {
        "rounding of the stated value".to_string()
    }
}

/// Whether the reference agrees with a stated value under its qualifier.
fn agrees(
    q: Qualifier,
    value: Decimal,
    low: Option<Decimal>,
    high: Option<Decimal>,
    step: Decimal,
    reference: Decimal,
    band: Decimal,
) -> bool {
    let half = step / Decimal::TWO;
    match q {
        Qualifier::Exact | Qualifier::Approx => {
            let d = (reference - value).abs();
            d < band || (d == band && (band > half || reference < value + half)) || d.is_zero()
        }
        Qualifier::AtLeast => reference >= value - (band - half).max(Decimal::ZERO),
        Qualifier::MoreThan => reference > value - (band - half).max(Decimal::ZERO),
        Qualifier::AtMost => reference <= value + (band - half).max(Decimal::ZERO),
        Qualifier::LessThan => reference < value + (band - half).max(Decimal::ZERO),
        Qualifier::Range => {
            let lo = low.unwrap_or(value) - half;
            let hi = high.unwrap_or(value) + half;
            lo <= reference && reference <= hi
        }
    }
}

/// The power of ten that, undone, makes the stated value agree.
fn magnitude(value: Decimal, reference: Decimal, agrees_at: impl Fn(Decimal) -> bool) -> Option<i32> {
    if value.is_zero() || reference.is_zero() || value.is_sign_negative() != reference.is_sign_negative() {
        return None;
    }
    let ratio = (value / reference).abs().to_f64()?;
    let power = ratio.log10().round() as i32;
    if power == 0 || power.abs() > 12 {
        return None;
    }
    let factor = Decimal::from_i128_with_scale(10i128.pow(power.unsigned_abs()), 0);
    let undone = if power > 0 { value / factor } else { value * factor };
    agrees_at(undone).then_some(power)
}

/// Two adjacent digits swapped: 3,433 for 4,333? (Same digits, one swap.)
fn is_transposition(value: Decimal, reference: Decimal) -> bool {
    let a = value.normalize().to_string();
    let b = reference.normalize().to_string();
    if a.len() != b.len() || a == b {
        return false;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    match diffs.as_slice() {
        [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
        // 3,433 vs 4,333: a digit moved one place within a run.
        _ => {
            let mut sa = a.clone();
            let mut sb = b.clone();
            sa.sort_unstable();
            sb.sort_unstable();
            sa == sb
                && diffs.len() <= 3
                && diffs.last().zip(diffs.first()).is_some_and(|(l, f)| l - f == diffs.len() - 1)
        }
    }
}

/// For a slip by a power of 1,000 with a scale word in the text, the word swap.
fn scale_fix(claim: &Claim, stated: &str, power: i32) -> Option<(String, String, Fix)> {
    if power % 3 != 0 {
        return None;
    }
    const SCALES: [&str; 4] = ["thousand", "million", "billion", "trillion"];
    const ABBREVIATIONS: [&str; 4] = ["k", "m", "bn", "tn"];
    let lower = stated.to_lowercase();
    for (list, word_like) in [(SCALES, true), (ABBREVIATIONS, false)] {
        for (i, w) in list.iter().enumerate() {
            let Some(pos) = find_word(&lower, w, word_like) else { continue };
            let target = i as i32 - power / 3;
            if !(0..4).contains(&target) {
                return None;
            }
            let replacement_word = list[target as usize];
            let original = &stated[pos..pos + w.len()];
            let replacement_word = match_case(original, replacement_word);
            let replacement = format!("{}{}{}", &stated[..pos], replacement_word, &stated[pos + w.len()..]);
            return Some((
                original.to_lowercase(),
                replacement_word.to_lowercase(),
                Fix { start: claim.start, end: claim.end, replacement },
            ));
        }
    }
    None
}

fn find_word(hay: &str, word: &str, word_like: bool) -> Option<usize> {
    let bytes = hay.as_bytes();
    hay.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_alphabetic() || !word_like && bytes[i - 1].is_ascii_digit();
        let after = i + word.len();
        let after_ok = after >= bytes.len() || !bytes[after].is_ascii_alphabetic();
        let before_digit = i > 0 && (bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b' ' || bytes[i - 1] == b'-');
        before_ok && after_ok && (word_like || before_digit)
    })
}

fn match_case(original: &str, word: &str) -> String {
    if original.chars().next().is_some_and(char::is_uppercase) {
        let mut c = word.chars();
        c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
    } else {
        word.to_string()
    }
}

fn describe_date_gap(d: PartialDate, r: PartialDate) -> String {
    let (a, b) = (d.first_day().0, r.first_day().0);
    let earlier = a < b;
    let days = (a - b).abs();
    let amount = if days >= 330 {
        let years = ((days as f64) / 365.25).round() as i64;
        format!("{years} year{}", if years == 1 { "" } else { "s" })
    } else if days >= 28 || d.precision <= Precision::Month {
        let months = (((days as f64) / 30.44).round() as i64).max(1);
        format!("{months} month{}", if months == 1 { "" } else { "s" })
    } else {
        format!("{days} day{}", if days == 1 { "" } else { "s" })
    };
    format!("{amount} {}", if earlier { "earlier" } else { "later" })
}

fn time_note(claim: &Claim, fact: &Fact, fit: TimeFit) -> Option<String> {
    let as_of = fact.as_of?;
    let when = claim.time?;
    let gap_years = (when.first_day().0 - as_of.first_day().0).abs() / 365;
    match fit {
        TimeFit::After => {
            Some(format!("the reference's earliest figure is from {as_of}, after the claim's time {when}"))
        }
        _ if gap_years >= 2 => Some(format!("the reference figure is from {as_of}, {gap_years} years before {when}")),
        _ => None,
    }
}

fn source_text(fact: &Fact) -> String {
    match fact.as_of {
        Some(d) => format!("{}, {d}", fact.source),
        None => fact.source.clone(),
    }
}

/// `"stated"` followed by `rest`: the message of most claims, built without the
/// formatting machinery (as `format!("\"{stated}\"{rest}")`).
fn quoted(stated: &str, rest: &str) -> String {
    let mut out = String::with_capacity(stated.len() + rest.len() + 2);
    out.push('"');
    out.push_str(stated);
    out.push('"');
    out.push_str(rest);
    out
}

/// A metric id as words.
pub fn label(metric: &str) -> String {
    metric.replace('_', " ")
}

/// A value with its unit, grouped: "710,052", "EUR 90,000,000,000", "3 km2".
pub fn format_amount(value: Decimal, unit: &str) -> String {
    let number = format_number(value);
    match unit {
        "people" | "" => number,
        u if u.len() == 3 && u.bytes().all(|b| b.is_ascii_uppercase()) => format!("{u} {number}"),
        "%" => format!("{number}%"),
        u => format!("{number} {u}"),
    }
}

#[cfg(test)]
mod tests;
