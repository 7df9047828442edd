//! Scores the extractor against the test suites of peer extractors.
//!
//! ```text
//! cargo run --release --example eval -- ../shared/eval
//! cargo run --release --example eval -- ../shared/eval --failures recognizers/number.jsonl
//! cargo run --release --example eval -- --show 'text to try' --date 2016-11-07
//! # the default rules plus a rule pack (repeatable), as `claimcheck --rules DIR`:
//! cargo run --release --example eval -- ../shared/eval --rules rules/packs/coins
//! ```
//!
//! The suites (Recognizers-Text, Duckling, rustling, quantulum3) are read at run
//! time from the directory given; nothing of them is kept in this repository.
//!
//! Semantics (see EVAL.md):
//!
//! - **In-sentence suites** (recognizers, quantulum3): an expected span is
//!   *recalled* when a mention of a compatible kind overlaps it; *exact* when
//!   that mention has the same byte range; its *value* is right when an
//!   overlapping compatible mention has the expected value (decimals compared
//!   exactly; 15-significant-digit roundings compared at their precision).
//! - **Whole-string suites** (duckling, rustling): the input is one expression.
//!   Recalled when some compatible mention is found; the value is right when
//!   exactly one compatible mention is found, it covers every digit of the input,
//!   and its value is the expected one; exact when it also covers the whole
//!   (trimmed) input.
//! - Negative cases (nothing expected) count as a false positive when any
//!   compatible mention is found.
//! - `not_supported` cases (recognizers: NotSupported on .NET; duckling: latent
//!   rows) are scored apart and left out of the main numbers.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use claimcheck::date::{PartialDate, Precision};
use claimcheck::extract::{Extractor, Kind, Mention, Qualifier, Value};
use claimcheck::rules::RuleSet;
use rust_decimal::Decimal;
use serde_json::Value as Json;

/// Which of our mentions can answer an expectation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// Any mention with a numeric value.
    Number,
    Percent,
    Money,
    /// A physical quantity other than a temperature.
    Quantity,
    /// A quantity or a count ("two pounds of meat", "around 4").
    QuantityOrCount,
    Temperature,
    /// "five years old": a duration or a count.
    Age,
    Date,
    Duration,
    /// A date or a duration (negative date/time cases).
    DateOrDuration,
}

fn compatible(want: Want, m: &Mention) -> bool {
    let temperature = matches!(m.unit.as_deref(), Some("°C" | "°F" | "K" | "°"));
    // A bare "°" / "degrees" is deliberately left ambiguous (angle or temperature).
    let degrees = m.unit.as_deref() == Some("°");
    match want {
        Want::Number => matches!(m.value, Value::Number(_)),
        Want::Percent => m.kind == Kind::Percent,
        Want::Money => m.kind == Kind::Money,
        Want::Quantity => m.kind == Kind::Quantity && (!temperature || degrees),
        Want::QuantityOrCount => matches!(m.kind, Kind::Quantity | Kind::Count),
        Want::Temperature => m.kind == Kind::Quantity && temperature,
        Want::Age => matches!(m.kind, Kind::Duration | Kind::Count),
        Want::Date => m.kind == Kind::Date,
        Want::Duration => m.kind == Kind::Duration,
        Want::DateOrDuration => matches!(m.kind, Kind::Date | Kind::Duration),
    }
}

/// One side of an interval: the bound and, when the suite says, whether it is
/// included.
type Bound = Option<(Decimal, Option<bool>)>;

/// A resolved date the suite accepts.
#[derive(Debug, Clone, Default)]
struct DateExp {
    timex: String,
    value: Option<String>,
    start: Option<String>,
    end: Option<String>,
    modifier: Option<String>,
}

#[derive(Debug, Clone)]
enum Target {
    Num(Decimal),
    Interval(Bound, Bound),
    Dates(Vec<DateExp>),
    /// A duration in seconds (30-day months, 365-day years).
    Seconds(Decimal),
    /// A measure in a named unit (our symbol): Duckling states "0.002 kg" as 2
    /// gram. Compared after converting our mention into that unit.
    Measure(Decimal, String),
    /// Nothing to compare (a span without a value).
    Nothing,
}

#[derive(Debug, Clone)]
struct Expected {
    /// Byte range in the input (whole-string suites: the whole input).
    start: usize,
    end: usize,
    want: Want,
    target: Target,
    /// The row it is scored in (datetime subtypes get rows of their own).
    row: String,
    text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Spans,
    Whole,
    /// Duckling's span tests: exactly one mention at this span.
    OneAt,
    /// Exactly this many compatible mentions.
    Count(usize),
    /// The first compatible mention has this value.
    First,
}

#[derive(Debug, Clone)]
struct Case {
    input: String,
    date: Option<PartialDate>,
    expected: Vec<Expected>,
    /// For negative cases: what must not be found.
    negative: Option<Want>,
    not_supported: bool,
    mode: Mode,
    row: String,
    source: String,
    /// A regional Duckling row (`EN_US`, `EN_AU`…): Duckling runs it with that
    /// region's rules (coins) on top of the English ones.
    regional: bool,
}

#[derive(Debug, Default, Clone)]
struct Score {
    cases: usize,
    spans: usize,
    recalled: usize,
    exact: usize,
    valued: usize,
    value_ok: usize,
    negatives: usize,
    false_positives: usize,
    not_supported: usize,
    not_supported_ok: usize,
}

impl Score {
    /// Adds another score's span counts (cases and not-supported counts are kept
    /// by the caller, which counts each case once).
    fn add_spans(&mut self, o: &Score) {
        self.spans += o.spans;
        self.recalled += o.recalled;
        self.exact += o.exact;
        self.valued += o.valued;
        self.value_ok += o.value_ok;
        self.negatives += o.negatives;
        self.false_positives += o.false_positives;
    }

    /// One markdown row of the table.
    fn row(&self, suite: &str, name: &str) -> String {
        let not_supported = if self.not_supported == 0 {
            "–".to_string()
        } else {
            format!("{} ({})", self.not_supported, self.not_supported_ok)
        };
        format!(
            "| {suite} | {name} | {} | {} | {} | {} | {} | {not_supported} |",
            self.cases,
            pct(self.recalled, self.spans),
            pct(self.exact, self.spans),
            pct(self.value_ok, self.valued),
            pct(self.false_positives, self.negatives),
        )
    }
}

fn dec(s: &str) -> Option<Decimal> {
    Decimal::from_str(s.trim()).or_else(|_| Decimal::from_scientific(s.trim())).ok()
}

fn json_dec(v: &Json) -> Option<Decimal> {
    match v {
        Json::String(s) => dec(s),
        Json::Number(n) => dec(&n.to_string()),
        _ => None,
    }
}

/// The suites state "50 cents" as 50 (unit cent); we state USD 0.50.
fn subunit_factor(unit: &str) -> Decimal {
    match unit.to_ascii_lowercase().as_str() {
        "cent" | "pence" | "penny" | "sen" => Decimal::new(1, 2),
        "nickel" => Decimal::new(5, 2),
        "dime" => Decimal::new(1, 1),
        "satoshi" => Decimal::new(1, 8),
        _ => Decimal::ONE,
    }
}

fn seconds_per(unit: &str) -> Option<Decimal> {
    let s: i64 = match unit {
        "second" => 1,
        "minute" => 60,
        "hour" => 3600,
        "day" => 86_400,
        "week" => 604_800,
        "fortnight" => 1_209_600,
        "month" => 2_592_000,
        "quarter" => 7_776_000,
        "year" => 31_536_000,
        "decade" => 315_360_000,
        "century" => 3_153_600_000,
        _ => return None,
    };
    Some(Decimal::from(s))
}

/// RT number ranges: `[20,30)`, `(,100]`, `(20,)`.
fn parse_interval(s: &str) -> Option<Target> {
    let s = s.trim();
    let open = s.chars().next()?;
    let close = s.chars().last()?;
    let inner = s.get(1..s.len() - 1)?;
    let (a, b) = inner.split_once(',')?;
    let lo = if a.trim().is_empty() { None } else { Some((dec(a)?, Some(open == '['))) };
    let hi = if b.trim().is_empty() { None } else { Some((dec(b)?, Some(close == ']'))) };
    Some(Target::Interval(lo, hi))
}

fn byte_offsets(input: &str, start: usize, end: usize) -> (usize, usize) {
    let idx = |c: usize| input.char_indices().nth(c).map_or(input.len(), |(b, _)| b);
    (idx(start), idx(end))
}

// ---- loading ---------------------------------------------------------------

fn lines(path: &Path) -> Vec<Json> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("valid JSON line")).collect()
}

fn s(v: &Json, key: &str) -> String {
    v.get(key).and_then(Json::as_str).unwrap_or("").to_string()
}

fn recognizers_want(file: &str, ty: &str) -> Want {
    match ty {
        "percentage" => Want::Percent,
        "currency" => Want::Money,
        "dimension" => Want::Quantity,
        "temperature" => Want::Temperature,
        "age" => Want::Age,
        "datetimeV2.duration" => Want::Duration,
        t if t.starts_with("datetimeV2") => Want::Date,
        _ => match file {
            "percent" => Want::Percent,
            "currency" => Want::Money,
            "dimension" => Want::Quantity,
            "temperature" => Want::Temperature,
            "age" => Want::Age,
            "datetime" => Want::DateOrDuration,
            _ => Want::Number,
        },
    }
}

fn load_recognizers(path: &Path, label: &str) -> Vec<Case> {
    let file = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let mut out = Vec::new();
    for v in lines(path) {
        let input = s(&v, "input");
        let date = v
            .get("reference_datetime")
            .and_then(Json::as_str)
            .and_then(PartialDate::parse_iso)
            .and_then(|d| PartialDate::ymd(d.year, d.month?, d.day?));
        let mut expected = Vec::new();
        for e in v.get("expected").and_then(Json::as_array).into_iter().flatten() {
            let ty = s(e, "type");
            let want = recognizers_want(file, &ty);
            let start = e.get("byte_start").and_then(Json::as_u64).unwrap_or(0) as usize;
            let end = e.get("byte_end").and_then(Json::as_u64).unwrap_or(0) as usize;
            let value = e.get("value").cloned().unwrap_or(Json::Null);
            let target = match (&value, ty.as_str()) {
                (Json::Array(vals), "datetimeV2.duration") => vals
                    .first()
                    .and_then(|x| x.get("value"))
                    .and_then(json_dec)
                    .map_or(Target::Nothing, Target::Seconds),
                (Json::Array(vals), _) => Target::Dates(
                    vals.iter()
                        .map(|x| DateExp {
                            timex: s(x, "timex"),
                            value: x.get("value").and_then(Json::as_str).map(str::to_string),
                            start: x.get("start").and_then(Json::as_str).map(str::to_string),
                            end: x.get("end").and_then(Json::as_str).map(str::to_string),
                            modifier: x.get("Mod").and_then(Json::as_str).map(str::to_string),
                        })
                        .collect(),
                ),
                (Json::String(text), "numberrange") => parse_interval(text).unwrap_or(Target::Nothing),
                (Json::String(text), _) => dec(text.trim_end_matches('%'))
                    .map_or(Target::Nothing, |d| Target::Num(d * subunit_factor(&s(e, "unit")))),
                _ => Target::Nothing,
            };
            let row = if file == "datetime" {
                let sub = ty.trim_start_matches("datetimeV2.");
                match sub {
                    "date" | "daterange" | "duration" => format!("{label} [{sub}]"),
                    _ => format!("{label} [other: time, set...]"),
                }
            } else {
                label.to_string()
            };
            expected.push(Expected { start, end, want, target, row, text: s(e, "span") });
        }
        let negative = expected.is_empty().then(|| recognizers_want(file, ""));
        out.push(Case {
            input,
            date,
            expected,
            negative,
            not_supported: v.get("not_supported").and_then(Json::as_bool).unwrap_or(false),
            mode: Mode::Spans,
            row: label.to_string(),
            source: s(&v, "source"),
            regional: false,
        });
    }
    out
}

fn whole_want(dimension: &str) -> Want {
    match dimension {
        "amount_of_money" => Want::Money,
        "duration" => Want::Duration,
        "quantity" => Want::QuantityOrCount,
        "distance" | "volume" => Want::Quantity,
        "temperature" => Want::Temperature,
        "percentage" => Want::Percent,
        _ => Want::Number,
    }
}

fn load_whole(path: &Path, label: &str) -> Vec<Case> {
    let mut out = Vec::new();
    for v in lines(path) {
        let input = s(&v, "input");
        let dimension = s(&v, "dimension");
        let want = whole_want(&dimension);
        let negative = v.get("negative").and_then(Json::as_bool).unwrap_or(false);
        let value = v.get("expected_value").and_then(json_dec);
        let target = if let Some(period) = v.get("period").and_then(Json::as_object) {
            let mut total = Decimal::ZERO;
            for (unit, n) in period {
                total += json_dec(n).unwrap_or_default() * seconds_per(unit).unwrap_or_default();
            }
            Target::Seconds(total)
        } else if let Some(iv) = v.get("interval") {
            let side = |k: &str| iv.get(k).and_then(json_dec).map(|d| (d, None));
            Target::Interval(side("from"), side("to"))
        } else if dimension == "duration" {
            match (value, seconds_per(&s(&v, "unit"))) {
                (Some(n), Some(per)) => Target::Seconds(n * per),
                _ => Target::Nothing,
            }
        } else if let (Some(n), Some(unit)) = (value, measure_unit(&dimension, &s(&v, "unit"))) {
            Target::Measure(n, unit)
        } else {
            value.map_or(Target::Nothing, |d| Target::Num(d * subunit_factor(&s(&v, "currency"))))
        };
        let mode = match s(&v, "test").as_str() {
            "range" => Mode::OneAt,
            "count" => Mode::Count(v.get("expected_count").and_then(Json::as_u64).unwrap_or(0) as usize),
            "first_value" => Mode::First,
            _ => Mode::Whole,
        };
        let (start, end) = match mode {
            Mode::OneAt => byte_offsets(
                &input,
                v.get("expected_start").and_then(Json::as_u64).unwrap_or(0) as usize,
                v.get("expected_end").and_then(Json::as_u64).unwrap_or(0) as usize,
            ),
            _ => (0, input.len()),
        };
        let expected = if negative {
            Vec::new()
        } else {
            vec![Expected { start, end, want, target, row: label.to_string(), text: input.clone() }]
        };
        out.push(Case {
            input,
            date: None,
            expected,
            negative: negative.then_some(want),
            not_supported: v.get("latent").and_then(Json::as_bool).unwrap_or(false),
            mode,
            row: label.to_string(),
            source: s(&v, "source"),
            regional: s(&v, "locale").starts_with("EN_"),
        });
    }
    out
}

fn load_quantulum(path: &Path, label: &str) -> Vec<Case> {
    let mut out = Vec::new();
    for v in lines(path) {
        let input = s(&v, "input");
        let mut expected = Vec::new();
        for e in v.get("expected").and_then(Json::as_array).into_iter().flatten() {
            let text = s(e, "text");
            let (start, end) = byte_offsets(
                &input,
                e.get("start").and_then(Json::as_u64).unwrap_or(0) as usize,
                e.get("end").and_then(Json::as_u64).unwrap_or(0) as usize,
            );
            let value = e.get("value").and_then(json_dec).map(|d| d * subunit_factor(&s(e, "unit")));
            let unc = e.get("uncertainty").and_then(json_dec);
            let ranged = [" to ", "-", "–", "between"].iter().any(|w| text.contains(w));
            let target = match (value, unc) {
                (Some(v), Some(u)) if ranged => Target::Interval(Some((v - u, None)), Some((v + u, None))),
                (Some(v), _) => Target::Num(v),
                _ => Target::Nothing,
            };
            expected.push(Expected { start, end, want: Want::Number, target, row: label.to_string(), text });
        }
        let negative = expected.is_empty().then_some(Want::Number);
        out.push(Case {
            input,
            date: None,
            expected,
            negative,
            not_supported: false,
            mode: Mode::Spans,
            row: label.to_string(),
            source: s(&v, "source"),
            regional: false,
        });
    }
    out
}

// ---- comparing ---------------------------------------------------------------

fn num_eq(expected: Decimal, got: Decimal) -> bool {
    if expected.normalize() == got.normalize() {
        return true;
    }
    // "0.666666666666667": a repeating fraction rounded to 15 significant digits.
    let digits = expected.normalize().to_string().chars().filter(char::is_ascii_digit).count();
    digits >= 15 && got.round_dp(expected.scale()) == expected
}

/// Our mention as an interval.
fn interval_of(m: &Mention) -> Option<(Bound, Bound)> {
    let v = m.number()?;
    Some(match m.qualifier {
        Qualifier::Exact | Qualifier::Approx => (Some((v, Some(true))), Some((v, Some(true)))),
        Qualifier::AtLeast => (Some((v, Some(true))), None),
        Qualifier::MoreThan => (Some((v, Some(false))), None),
        Qualifier::AtMost => (None, Some((v, Some(true)))),
        Qualifier::LessThan => (None, Some((v, Some(false)))),
        Qualifier::Range => (Some((m.low?, Some(true))), Some((m.high?, Some(true)))),
    })
}

fn modifier_ok(modifier: Option<&str>, q: Qualifier) -> bool {
    // "since late July" (`since-end`), "before early September" (`before-start`):
    // a bound whose resolved side already lies at that part of the period.
    let modifier = modifier.map(|m| m.split_once('-').map_or(m, |(bound, _)| bound));
    match modifier {
        None => matches!(q, Qualifier::Exact | Qualifier::Approx),
        Some("before" | "until") => matches!(q, Qualifier::AtMost | Qualifier::LessThan),
        Some("after" | "since") => matches!(q, Qualifier::AtLeast | Qualifier::MoreThan),
        Some("more") => matches!(q, Qualifier::AtLeast | Qualifier::MoreThan),
        Some("less") => matches!(q, Qualifier::AtMost | Qualifier::LessThan),
        Some("approx") => q == Qualifier::Approx,
        _ => false,
    }
}

fn date_ok(exps: &[DateExp], m: &Mention) -> bool {
    if let Value::DateRange(lo, hi) = m.value {
        return range_ok(exps, lo, hi);
    }
    let Value::Date(d) = m.value else { return false };
    let iso = d.to_string();
    let day = |s: &str| PartialDate::parse_iso(s.split(' ').next().unwrap_or(s)).map(|p| p.first_day());
    exps.iter().any(|e| {
        if !modifier_ok(e.modifier.as_deref(), m.qualifier) {
            return false;
        }
        let point = e.value.as_deref().map(|v| v.split(' ').next().unwrap_or(v));
        let same_point = d.precision == Precision::Day && point == Some(iso.as_str());
        let same_period = match (e.start.as_deref().and_then(day), e.end.as_deref().and_then(day)) {
            (Some(s), Some(end)) => d.first_day() == s && (d.last_day() == end || d.last_day().add_days(1) == end),
            _ => false,
        };
        // A bound with one side resolved ("since August": start only; "before May":
        // end only) matches the period it starts or ends at.
        let open_side = match (e.start.as_deref().and_then(day), e.end.as_deref().and_then(day)) {
            (Some(s), None) => d.first_day() == s || d.last_day().add_days(1) == s,
            (None, Some(end)) => d.first_day() == end || d.last_day().add_days(1) == end,
            _ => false,
        };
        e.timex == iso || same_point || same_period || (e.modifier.is_some() && open_side)
    })
}

/// A period of ours against RT's resolved `start..end`. RT ends a period either
/// just after its last day ("next 3 days": 11-08..11-11) or at the first day of
/// the date that closes it ("2014 to 2018": 2014-01-01..2018-01-01, "from 10/1 to
/// 11/7": 10-01..11-07), so our last date may end just before `end` or start at it.
fn range_ok(exps: &[DateExp], lo: PartialDate, hi: PartialDate) -> bool {
    let day = |s: &str| PartialDate::parse_iso(s.split(' ').next().unwrap_or(s)).map(|p| p.first_day());
    exps.iter().any(|e| {
        let (Some(s), Some(end)) = (e.start.as_deref().and_then(day), e.end.as_deref().and_then(day)) else {
            return false;
        };
        // A part of a period ("the end of 2000", `Mod` start/mid/end) is resolved
        // to the days it covers, compared as any period.
        let plain = matches!(e.modifier.as_deref(), None | Some("start" | "mid" | "end"));
        plain && lo.first_day() == s && (hi.first_day() == end || hi.last_day().add_days(1) == end)
    })
}

fn value_ok(target: &Target, m: &Mention) -> bool {
    match target {
        Target::Nothing => false,
        Target::Num(d) => {
            let Some(v) = m.number() else { return false };
            num_eq(*d, v) || m.low.is_some_and(|l| num_eq(*d, l)) || m.high.is_some_and(|h| num_eq(*d, h))
        }
        Target::Interval(lo, hi) => {
            let Some((mlo, mhi)) = interval_of(m) else { return false };
            let two_sided = lo.is_some() && hi.is_some();
            let side = |want: &Bound, got: &Bound| match (want, got) {
                (None, None) => true,
                (Some((a, ia)), Some((b, ib))) => num_eq(*a, *b) && (two_sided || ia.is_none() || ia == ib),
                _ => false,
            };
            side(lo, &mlo) && side(hi, &mhi)
        }
        Target::Dates(exps) => date_ok(exps, m),
        Target::Seconds(secs) => {
            let (Some(v), Some(per)) = (m.number(), m.unit.as_deref().and_then(seconds_per)) else { return false };
            m.kind == Kind::Duration && num_eq(*secs, v * per)
        }
        Target::Measure(d, unit) => {
            // A mention without a unit ("around 4") is compared as it is; one with
            // a unit only in the expected unit's dimension, converted into it.
            let convert = |x: Decimal| -> Option<Decimal> {
                match m.unit.as_deref() {
                    None => Some(x),
                    Some(ours) => {
                        let units = UNITS.get()?;
                        let (dim_a, f_a) = units.get(ours)?;
                        let (dim_b, f_b) = units.get(unit)?;
                        (dim_a == dim_b).then(|| x * f_a / f_b)
                    }
                }
            };
            let Some(v) = m.number() else { return false };
            [Some(v), m.low, m.high].into_iter().flatten().filter_map(convert).any(|x| num_eq(*d, x))
        }
    }
}

/// Our units without an offset, by symbol: dimension and factor to its base.
static UNITS: std::sync::OnceLock<std::collections::HashMap<String, (String, Decimal)>> = std::sync::OnceLock::new();

/// Duckling's unit names for our symbols, as `RuleSet::canonical_unit` reads them.
static CANONICAL: std::sync::OnceLock<std::collections::HashMap<String, String>> = std::sync::OnceLock::new();

/// Our symbol for the unit a whole-string measure row states its value in; none
/// for "unnamed", for "m" (Duckling's metre-or-mile) and for temperatures.
fn measure_unit(dimension: &str, unit: &str) -> Option<String> {
    if !matches!(dimension, "quantity" | "distance" | "volume") || unit == "m" {
        return None;
    }
    CANONICAL.get()?.get(unit).cloned()
}

/// Every digit of the input lies inside the mention.
fn covers_digits(input: &str, m: &Mention) -> bool {
    input.char_indices().filter(|(_, c)| c.is_ascii_digit()).all(|(i, _)| m.start <= i && i < m.end)
}

struct Outcome {
    recalled: bool,
    exact: bool,
    value_ok: bool,
}

fn score_expected(case: &Case, e: &Expected, mentions: &[Mention]) -> Outcome {
    let comp: Vec<&Mention> = mentions.iter().filter(|m| compatible(e.want, m)).collect();
    match case.mode {
        Mode::Spans => {
            let over: Vec<&&Mention> = comp.iter().filter(|m| m.start < e.end && e.start < m.end).collect();
            Outcome {
                recalled: !over.is_empty(),
                exact: over.iter().any(|m| m.start == e.start && m.end == e.end),
                value_ok: over.iter().any(|m| value_ok(&e.target, m)),
            }
        }
        Mode::Whole => {
            let trimmed_start = case.input.len() - case.input.trim_start().len();
            let trimmed_end = case.input.trim_end().len();
            let one = (comp.len() == 1).then(|| comp[0]);
            Outcome {
                recalled: !comp.is_empty(),
                exact: one.is_some_and(|m| m.start == trimmed_start && m.end == trimmed_end),
                value_ok: one.is_some_and(|m| covers_digits(&case.input, m) && value_ok(&e.target, m)),
            }
        }
        Mode::OneAt => {
            let at = comp.len() == 1 && comp[0].start == e.start && comp[0].end == e.end;
            Outcome { recalled: comp.iter().any(|m| m.start < e.end && e.start < m.end), exact: at, value_ok: at }
        }
        Mode::Count(n) => Outcome { recalled: !comp.is_empty(), exact: comp.len() == n, value_ok: comp.len() == n },
        Mode::First => {
            let first = comp.first().is_some_and(|m| value_ok(&e.target, m));
            Outcome { recalled: !comp.is_empty(), exact: first, value_ok: first }
        }
    }
}

/// Scores a case; returns whether it passed fully.
fn score_case(case: &Case, mentions: &[Mention], rows: &mut BTreeMap<String, Score>) -> bool {
    let mut pass = true;
    let mut rows_seen: Vec<String> = Vec::new();
    if let Some(want) = case.negative {
        let fp = mentions.iter().any(|m| compatible(want, m));
        let sc = rows.entry(case.row.clone()).or_default();
        if case.not_supported {
            sc.not_supported += 1;
            sc.not_supported_ok += usize::from(!fp);
        } else {
            sc.cases += 1;
            sc.negatives += 1;
            sc.false_positives += usize::from(fp);
        }
        return !fp;
    }
    for e in &case.expected {
        let o = score_expected(case, e, mentions);
        let valued = !matches!(e.target, Target::Nothing) || matches!(case.mode, Mode::OneAt | Mode::Count(_));
        let ok = if valued { o.value_ok } else { o.recalled };
        pass &= ok;
        let sc = rows.entry(e.row.clone()).or_default();
        if case.not_supported {
            if !rows_seen.contains(&e.row) {
                sc.not_supported += 1;
                rows_seen.push(e.row.clone());
            }
            continue;
        }
        if !rows_seen.contains(&e.row) {
            sc.cases += 1;
            rows_seen.push(e.row.clone());
        }
        sc.spans += 1;
        sc.recalled += usize::from(o.recalled);
        sc.exact += usize::from(o.exact);
        if valued {
            sc.valued += 1;
            sc.value_ok += usize::from(o.value_ok);
        }
    }
    if case.not_supported && pass {
        for r in &rows_seen {
            rows.entry(r.clone()).or_default().not_supported_ok += 1;
        }
    }
    pass
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 { "–".to_string() } else { format!("{:.1}% ({a}/{b})", 100.0 * a as f64 / b as f64) }
}

fn describe(m: &Mention, input: &str) -> String {
    let mut out = format!(
        "{:?} {} {}",
        input.get(m.start..m.end).unwrap_or(""),
        m.kind.name(),
        m.value.to_output().unwrap_or_else(|| "unresolved".into())
    );
    if let Some(u) = &m.unit {
        let _ = write!(out, " {u}");
    }
    if m.qualifier != Qualifier::Exact {
        let _ = write!(out, " {}", m.qualifier.name());
    }
    if let (Some(l), Some(h)) = (m.low, m.high) {
        let _ = write!(out, " [{l}..{h}]");
    }
    out
}

fn describe_target(t: &Target) -> String {
    match t {
        Target::Nothing => "(no value)".into(),
        Target::Num(d) => d.to_string(),
        Target::Seconds(d) => format!("{d} s"),
        Target::Measure(d, unit) => format!("{d} {unit}"),
        Target::Interval(lo, hi) => {
            let side = |b: &Bound| b.map_or(String::new(), |(d, _)| d.to_string());
            let open = match lo {
                Some((_, Some(true))) => "[",
                _ => "(",
            };
            let close = match hi {
                Some((_, Some(true))) => "]",
                _ => ")",
            };
            format!("{open}{},{}{close}", side(lo), side(hi))
        }
        Target::Dates(ds) => ds
            .iter()
            .map(|d| {
                let mut s = d.timex.clone();
                if let Some(m) = &d.modifier {
                    let _ = write!(s, " mod={m}");
                }
                s
            })
            .collect::<Vec<_>>()
            .join(" | "),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir: Option<PathBuf> = None;
    let mut failures_for: Option<String> = None;
    let mut show: Option<String> = None;
    let mut show_date: Option<PartialDate> = None;
    let mut rule_dirs: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--failures" {
            failures_for = it.next().cloned();
        } else if a == "--show" {
            show = it.next().cloned();
        } else if a == "--date" {
            show_date = it.next().and_then(|d| PartialDate::parse_iso(d));
        } else if a == "--rules" {
            rule_dirs.extend(it.next().cloned());
        } else {
            dir = Some(PathBuf::from(a));
        }
    }
    let dir = dir.unwrap_or_else(|| PathBuf::from("../shared/eval"));
    let loaded;
    let rules = if rule_dirs.is_empty() {
        RuleSet::builtin()
    } else {
        loaded = RuleSet::load(&rule_dirs, true).unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(2)
        });
        &loaded
    };
    let extractor = Extractor::new(rules);
    // Duckling's regional corpora are run by Duckling under their locale, whose
    // rules add coins ("a dime", "four quarters"); ours are the coins pack,
    // which the default rules leave out. The table gives the default rules on
    // every row, and beside it the regional rows scored the way Duckling runs them.
    let coins = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/packs/coins").to_string();
    let regional_rules = RuleSet::load(&[rule_dirs.clone(), vec![coins]].concat(), true).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2)
    });
    let regional_extractor = Extractor::new(&regional_rules);
    let units = rules
        .lexicon
        .units
        .iter()
        .filter(|u| u.offset.is_zero())
        .map(|u| (u.symbol.clone(), (u.dimension.clone(), u.factor)))
        .collect();
    let _ = UNITS.set(units);
    let duckling_units = [
        "gram",
        "cup",
        "pound",
        "ounce",
        "inch",
        "kilometre",
        "mile",
        "centimetre",
        "metre",
        "foot",
        "millimetre",
        "litre",
        "gallon",
        "millilitre",
        "hectolitre",
    ];
    let canonical = duckling_units.iter().filter_map(|u| rules.canonical_unit(u).map(|c| (u.to_string(), c))).collect();
    let _ = CANONICAL.set(canonical);
    // `--show TEXT [--date YYYY-MM-DD]`: print the mentions of one text.
    if let Some(text) = show {
        for m in extractor.extract(&text, show_date) {
            println!("{}  [{}]", describe(&m, &text), m.rule);
        }
        return;
    }

    let suites: [(&str, &[&str]); 4] = [
        (
            "recognizers",
            &[
                "number",
                "percent",
                "number_range",
                "currency",
                "dimension",
                "temperature",
                "age",
                "datetime",
                "ordinal",
            ],
        ),
        (
            "duckling",
            &[
                "numeral",
                "amount_of_money",
                "duration",
                "quantity",
                "distance",
                "volume",
                "temperature",
                "ordinal",
                "span_tests",
            ],
        ),
        ("rustling", &["number", "percentage", "amount_of_money", "duration", "temperature", "ordinal"]),
        ("quantulum3", &["quantities", "quantities_ambiguity"]),
    ];

    let mut table = String::new();
    table.push_str(
        "| suite | file | cases | span recall | exact span | value accuracy | FP on negatives | not supported (pass) |\n",
    );
    table.push_str("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (suite, files) in suites {
        for file in files {
            let path = dir.join(suite).join(format!("{file}.jsonl"));
            if !path.exists() {
                continue;
            }
            let label = format!("{file}.jsonl");
            let cases = match suite {
                "recognizers" => load_recognizers(&path, &label),
                "quantulum3" => load_quantulum(&path, &label),
                _ => load_whole(&path, &label),
            };
            let show_failures =
                failures_for.as_deref().is_some_and(|f| f == label || f == *file || f == format!("{suite}/{label}"));
            let mut per_row: BTreeMap<String, Score> = BTreeMap::new();
            let mut all = Score::default();
            // The same file with its regional rows under their locale's rules.
            let mut as_duckling_rows: BTreeMap<String, Score> = BTreeMap::new();
            let mut as_duckling = Score::default();
            for case in &cases {
                let mentions = extractor.extract(&case.input, case.date);
                if cases.iter().any(|c| c.regional) {
                    let local;
                    let under_locale = if case.regional {
                        local = regional_extractor.extract(&case.input, case.date);
                        &local
                    } else {
                        &mentions
                    };
                    let pass = score_case(case, under_locale, &mut as_duckling_rows);
                    if case.not_supported {
                        as_duckling.not_supported += 1;
                        as_duckling.not_supported_ok += usize::from(pass);
                    } else {
                        as_duckling.cases += 1;
                    }
                }
                let pass = score_case(case, &mentions, &mut per_row);
                if case.not_supported {
                    all.not_supported += 1;
                    all.not_supported_ok += usize::from(pass);
                } else {
                    all.cases += 1;
                }
                if show_failures && !pass && !case.not_supported {
                    println!("--- {}  [{}]", case.source, case.input);
                    for e in &case.expected {
                        let ok = score_expected(case, e, &mentions).value_ok;
                        let mark = if ok { "ok  " } else { "FAIL" };
                        println!("    want {mark} {:?} = {}  ({})", e.text, describe_target(&e.target), e.row);
                    }
                    if case.expected.is_empty() {
                        println!("    want nothing");
                    }
                    for m in &mentions {
                        println!("    got  {}", describe(m, &case.input));
                    }
                }
            }
            for sc in per_row.values() {
                all.add_spans(sc);
            }
            if per_row.len() > 1 {
                let mut row = |name: &str, sc: &Score| {
                    let _ = writeln!(table, "{}", sc.row(suite, name));
                };
                row(&format!("{label} (all)"), &all);
                for (name, sc) in &per_row {
                    if name != &label {
                        row(name, sc);
                    }
                }
                // The target set: dates, date ranges and durations together.
                let mut target = Score::default();
                for (name, sc) in &per_row {
                    if name.ends_with("[date]") || name.ends_with("[daterange]") || name.ends_with("[duration]") {
                        target.add_spans(sc);
                        target.cases += sc.cases;
                        target.not_supported += sc.not_supported;
                        target.not_supported_ok += sc.not_supported_ok;
                    }
                }
                if target.spans > 0 {
                    row(&format!("{label} [date + daterange + duration]"), &target);
                }
            } else {
                let _ = writeln!(table, "{}", all.row(suite, &label));
            }
            if as_duckling.cases > 0 {
                for sc in as_duckling_rows.values() {
                    as_duckling.add_spans(sc);
                }
                let name = format!("{label} (regional rows under their locale: + coins pack)");
                let _ = writeln!(table, "{}", as_duckling.row(suite, &name));
            }
        }
    }
    if failures_for.is_none() {
        print!("{table}");
    }
}
