//! Reading and validating a reference CSV (format: see the module docs).

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::{Fact, FactValue, FastMap, NameIndex, Reference, Severity, Subject, Tolerance, is_currency};
use crate::date::PartialDate;
use crate::error::Error;

/// The columns a reference CSV may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Subject,
    Aliases,
    Metric,
    Value,
    Unit,
    AsOf,
    Source,
    Tolerance,
    Note,
    Country,
    Kind,
}

const COLUMNS: [(&str, Column, bool); 11] = [
    ("subject", Column::Subject, true),
    ("aliases", Column::Aliases, true),
    ("metric", Column::Metric, true),
    ("value", Column::Value, true),
    ("unit", Column::Unit, true),
    ("as_of", Column::AsOf, true),
    ("source", Column::Source, true),
    ("tolerance", Column::Tolerance, false),
    ("note", Column::Note, false),
    ("country", Column::Country, false),
    ("kind", Column::Kind, false),
];

/// 1-based (line, character column) where each field of the CSV record starting
/// at byte `start` (on line `line`) begins. Follows RFC 4180 quoting, as the csv
/// crate reads it.
fn field_positions(text: &str, start: usize, line: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut line = line;
    let mut line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut i = start;
    let mut out = Vec::new();
    loop {
        out.push((line, text[line_start..i].chars().count() + 1));
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    b'"' => {
                        i += 1;
                        break;
                    }
                    b'\n' => {
                        i += 1;
                        line += 1;
                        line_start = i;
                    }
                    _ => i += 1,
                }
            }
        }
        while i < bytes.len() && !matches!(bytes[i], b',' | b'\n' | b'\r') {
            i += 1;
        }
        if bytes.get(i) == Some(&b',') {
            i += 1;
        } else {
            return out;
        }
    }
}

/// Whether `text` is a plain decimal: optional sign, digits, optional fraction.
fn is_plain_decimal(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && frac.is_none_or(|f| !f.is_empty() && all_digits(f)) && !(int.is_empty() && frac.is_none())
}

fn parse_decimal(text: &str) -> Option<Decimal> {
    if let Some(d) = super::quick_decimal(text.as_bytes()) {
        return Some(d);
    }
    if !is_plain_decimal(text) {
        return None;
    }
    Decimal::from_str(text.strip_prefix('+').unwrap_or(text)).ok()
}

/// `2%` → relative 0.02; `0.5` → absolute; negative is invalid.
fn parse_tolerance(text: &str) -> Option<Tolerance> {
    let text = text.strip_prefix('±').unwrap_or(text).trim();
    let tolerance = match text.strip_suffix('%') {
        Some(percent) => Tolerance::Relative(parse_decimal(percent.trim())? / Decimal::ONE_HUNDRED),
        None => Tolerance::Absolute(parse_decimal(text)?),
    };
    match tolerance {
        Tolerance::Relative(d) | Tolerance::Absolute(d) if d.is_sign_negative() => None,
        t => Some(t),
    }
}

/// The canonical unit: `date`, an ISO 4217 code, then what `units` says; lower-case
/// ISO codes as a last resort.
fn canonical_unit(unit: &str, units: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if unit == "date" || is_currency(unit) {
        return Some(unit.to_string());
    }
    if let Some(u) = units(unit) {
        return Some(u);
    }
    let upper = unit.to_ascii_uppercase();
    (unit.len() == 3 && is_currency(&upper)).then_some(upper)
}

/// What a column of repeated words (units, metrics, kinds) reads as, remembered
/// per distinct text: a file has a handful of them over thousands of rows.
struct Memo<T> {
    seen: Vec<(String, T)>,
}

impl<T> Memo<T> {
    fn new() -> Memo<T> {
        Memo { seen: Vec::new() }
    }

    /// The index of `text`'s entry, computing it with `make` the first time.
    fn index(&mut self, text: &str, make: impl FnOnce(&str) -> T) -> usize {
        match self.seen.iter().position(|(t, _)| t == text) {
            Some(i) => i,
            None => {
                self.seen.push((text.to_string(), make(text)));
                self.seen.len() - 1
            }
        }
    }

    fn get(&mut self, text: &str, make: impl FnOnce(&str) -> T) -> &T {
        let i = self.index(text, make);
        &self.seen[i].1
    }
}

/// The state of a subject while its file is read.
struct Draft {
    subject: Subject,
    /// Where each alias was first given (line), for notices.
    alias_lines: Vec<usize>,
}

/// Reads a reference CSV; `ambiguity_notices` off skips the ambiguous-alias notices.
pub(super) fn load(
    path: &str,
    text: &str,
    severity: Severity,
    units: &dyn Fn(&str) -> Option<String>,
    ambiguity_notices: bool,
) -> Result<Reference, Vec<Error>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors = Vec::new();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();

    // Header.
    let header_ok = reader.read_record(&mut record);
    match header_ok {
        Ok(true) => {}
        Ok(false) => {
            return Err(vec![Error::in_file(path, "the reference file is empty (no header row)")]);
        }
        Err(e) => return Err(vec![csv_error(path, &e)]),
    }
    let header_line = record.position().map_or(1, |p| p.line() as usize);
    let header_start = record.position().map_or(0, |p| p.byte() as usize);
    let mut columns: Vec<Column> = Vec::with_capacity(record.len());
    for (i, name) in record.iter().enumerate() {
        let name = name.trim().to_ascii_lowercase();
        let at = |message: String| {
            let (line, column) = field_positions(text, header_start, header_line)[i];
            Error::at(path, line, Some(column), message)
        };
        match COLUMNS.iter().find(|(n, _, _)| *n == name) {
            Some((_, column, _)) if columns.contains(column) => {
                errors.push(at(format!("column {name:?} appears twice")));
                columns.push(*column);
            }
            Some((_, column, _)) => columns.push(*column),
            None => {
                let known: Vec<&str> = COLUMNS.iter().map(|(n, _, _)| *n).collect();
                errors.push(at(format!("unknown column {name:?} (known: {})", known.join(", "))));
                columns.push(Column::Note); // placeholder; the file is rejected anyway
            }
        }
    }
    for (name, column, required) in COLUMNS {
        if required && !columns.contains(&column) {
            errors.push(Error::at(path, header_line, None, format!("missing required column {name:?}")));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let index = |c: Column| columns.iter().position(|k| *k == c);

    let mut drafts: Vec<Draft> = Vec::new();
    let mut by_name: NameIndex = NameIndex::default();
    let mut facts: Vec<Fact> = Vec::new();
    // (subject, metric as its index in `metrics`, as_of) → fact.
    let mut fact_keys: FastMap<(usize, usize, Option<PartialDate>), usize> = FastMap::default();
    let mut units_memo: Memo<Option<String>> = Memo::new();
    // Metric as written → its index in `metric_names` (lower case, each once).
    let mut metrics: Memo<usize> = Memo::new();
    let mut metric_names: Vec<String> = Vec::new();
    let mut kinds: Memo<String> = Memo::new();

    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                errors.push(csv_error(path, &e));
                // The csv reader cannot resynchronise reliably after a hard error.
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let positions = std::cell::OnceCell::new();
        let err_at = |column: Option<usize>, message: String| -> Error {
            match column {
                Some(i) => {
                    let pos: &Vec<(usize, usize)> = positions.get_or_init(|| field_positions(text, start, line));
                    let (l, c) = pos.get(i).copied().unwrap_or((line, 1));
                    Error::at(path, l, Some(c), message)
                }
                None => Error::at(path, line, None, message),
            }
        };
        if record.len() != columns.len() {
            let column = (record.len() > columns.len()).then_some(columns.len());
            errors.push(err_at(
                column,
                format!("expected {} fields (as in the header), found {}", columns.len(), record.len()),
            ));
            continue;
        }
        let field = |c: Column| index(c).map(|i| (i, record[i].trim()));
        let get = |c: Column| field(c).map_or("", |(_, v)| v);
        let row_errors_before = errors.len();

        let mut required = |c: Column, what: &str| -> Option<(usize, &str)> {
            let (i, v) = field(c)?;
            if v.is_empty() {
                errors.push(err_at(Some(i), format!("empty {what}")));
                None
            } else {
                Some((i, v))
            }
        };
        let subject_name = required(Column::Subject, "subject");
        let metric = required(Column::Metric, "metric");
        let value_text = required(Column::Value, "value");
        let (unit_i, unit_text) = field(Column::Unit).unwrap_or((0, ""));
        let unit = units_memo.get(unit_text, |u| canonical_unit(u, units)).clone();
        if unit.is_none() {
            let message =
                if unit_text.is_empty() { "empty unit".to_string() } else { format!("unknown unit {unit_text:?}") };
            errors.push(err_at(Some(unit_i), message));
        }
        let value = match (value_text, unit.as_deref()) {
            (Some((i, v)), Some("date")) => match PartialDate::parse_iso(v) {
                Some(d) => Some(FactValue::Date(d)),
                None => {
                    errors.push(err_at(
                        Some(i),
                        format!("bad date value {v:?} (unit is date; expected ISO 8601 such as 2022-02-24)"),
                    ));
                    None
                }
            },
            (Some((i, v)), _) => match parse_decimal(v) {
                Some(n) => Some(FactValue::Number(n)),
                None => {
                    errors.push(err_at(
                        Some(i),
                        format!("bad value {v:?} (expected a plain decimal such as 1234.5, no separators)"),
                    ));
                    None
                }
            },
            (None, _) => None,
        };
        let as_of = match field(Column::AsOf) {
            Some((_, "")) | None => None,
            Some((i, v)) => match PartialDate::parse_iso(v) {
                Some(d) => Some(d),
                None => {
                    errors.push(err_at(
                        Some(i),
                        format!("bad as_of date {v:?} (expected ISO 8601: 2022, 2022-01 or 2022-01-01)"),
                    ));
                    None
                }
            },
        };
        let tolerance = match field(Column::Tolerance) {
            Some((_, "")) | None => None,
            Some((i, v)) => match parse_tolerance(v) {
                Some(t) => Some(t),
                None => {
                    errors.push(err_at(
                        Some(i),
                        format!("bad tolerance {v:?} (expected a percentage such as 2% or a non-negative decimal)"),
                    ));
                    None
                }
            },
        };
        let country = match field(Column::Country) {
            Some((_, "")) | None => None,
            Some((i, v)) => {
                if v.len() == 2 && v.bytes().all(|b| b.is_ascii_uppercase()) {
                    Some(v)
                } else {
                    errors.push(err_at(
                        Some(i),
                        format!("bad country {v:?} (expected an ISO 3166-1 alpha-2 code such as GB)"),
                    ));
                    None
                }
            }
        };
        let kind = Some(get(Column::Kind))
            .filter(|k| !k.is_empty())
            .map(|k| kinds.get(k, str::to_lowercase).as_str())
            .filter(|k| !k.is_empty());

        let Some((_, name)) = subject_name else {
            continue;
        };
        // The subject (created even when the row has other errors, so that later
        // rows do not repeat them).
        let s = match by_name.get(name) {
            Some(&s) => s,
            None => {
                by_name.insert(name.to_string(), drafts.len());
                drafts.push(Draft {
                    subject: Subject {
                        name: name.to_string(),
                        aliases: Vec::new(),
                        country: None,
                        kind: None,
                        population: None,
                        file: path.to_string(),
                        line,
                    },
                    alias_lines: Vec::new(),
                });
                drafts.len() - 1
            }
        };
        let draft = &mut drafts[s];
        let aliases_text = get(Column::Aliases);
        if !aliases_text.is_empty() {
            draft.subject.aliases.reserve(aliases_text.bytes().filter(|&b| b == b';').count() + 1);
        }
        for alias in aliases_text.split(';').map(str::trim).filter(|a| !a.is_empty()) {
            if alias != draft.subject.name && !draft.subject.aliases.iter().any(|a| a == alias) {
                draft.subject.aliases.push(alias.to_string());
                // Only the notices below ask where an alias was given.
                if ambiguity_notices {
                    draft.alias_lines.push(line);
                }
            }
        }
        for (new, slot, what, column) in [
            (country, &mut draft.subject.country, "country", Column::Country),
            (kind, &mut draft.subject.kind, "kind", Column::Kind),
        ] {
            match (new, slot.as_ref()) {
                (Some(n), Some(old)) if n != old => errors.push(err_at(
                    index(column),
                    format!("subject {name:?} already has {what} {old:?}, this row says {n:?}"),
                )),
                (Some(n), None) => *slot = Some(n.to_string()),
                _ => {}
            }
        }
        if errors.len() > row_errors_before {
            continue;
        }
        let (Some((_, metric)), Some(value), Some(unit)) = (metric, value, unit) else {
            continue;
        };
        let metric_id = *metrics.get(metric, |m| {
            let lower = m.to_lowercase();
            metric_names.iter().position(|n| *n == lower).unwrap_or_else(|| {
                metric_names.push(lower);
                metric_names.len() - 1
            })
        });
        let metric = &metric_names[metric_id];
        let key = (s, metric_id, as_of);
        if let Some(&first) = fact_keys.get(&key) {
            let earlier: &Fact = &facts[first];
            if earlier.value != value || earlier.unit != unit {
                let when = as_of.map_or_else(|| "no as_of".to_string(), |d| format!("as_of {d}"));
                errors.push(err_at(
                    index(Column::Value),
                    format!(
                        "conflicting duplicate: {name:?} {metric} ({when}) is {value} {unit} here but {} {} on line {}",
                        earlier.value, earlier.unit, earlier.line
                    ),
                ));
            }
            continue;
        }
        fact_keys.insert(key, facts.len());
        facts.push(Fact {
            subject: s,
            metric: metric.clone(),
            value,
            unit,
            as_of,
            source: get(Column::Source).to_string(),
            tolerance,
            note: Some(get(Column::Note).to_string()).filter(|n| !n.is_empty()),
            file: path.to_string(),
            line,
            severity,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut notices = Vec::new();
    if ambiguity_notices {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, d) in drafts.iter().enumerate() {
            seen.insert(d.subject.name.as_str(), i);
        }
        for (i, d) in drafts.iter().enumerate() {
            for (alias, line) in d.subject.aliases.iter().zip(&d.alias_lines) {
                match seen.get(alias.as_str()) {
                    Some(&other) if other != i => notices.push(Error::at(
                        path,
                        *line,
                        None,
                        format!(
                            "ambiguous alias {alias:?}: it names both {:?} and {:?}; lookups return both",
                            drafts[other].subject.name, d.subject.name
                        ),
                    )),
                    Some(_) => {}
                    None => {
                        seen.insert(alias.as_str(), i);
                    }
                }
            }
        }
    }

    let mut reference =
        Reference { subjects: drafts.into_iter().map(|d| d.subject).collect(), facts, notices, ..Reference::default() };
    // Names are unique here: the index built above is the one `reindex` would build.
    reference.reindex_with(by_name);
    for s in 0..reference.subjects.len() {
        let population = reference.fact_at(s, "population", None).and_then(|(f, _)| f.value.as_number());
        reference.subjects[s].population = population;
    }
    Ok(reference)
}

fn csv_error(path: &str, e: &csv::Error) -> Error {
    match e.position() {
        Some(p) => Error::at(path, p.line() as usize, None, format!("malformed CSV: {e}")),
        None => Error::in_file(path, format!("malformed CSV: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_positions_follow_quotes_and_characters() {
        let text = "a,b\n\"x, \"\"y\"\"\",Zé,\"multi\nline\",z\n";
        let start = text.find('"').unwrap();
        assert_eq!(field_positions(text, start, 2), vec![(2, 1), (2, 12), (2, 15), (3, 7)]);
    }

    #[test]
    fn plain_decimals_only() {
        for ok in ["0", "710052", "-1.5", "+2", ".5", "3."] {
            assert_eq!(is_plain_decimal(ok), ok != "3.", "{ok}");
        }
        for bad in ["1,234", "1e6", "", "-", "1 000", "12abc", "1_000", "."] {
            assert!(!is_plain_decimal(bad), "{bad}");
        }
        assert_eq!(parse_tolerance("2%"), Some(Tolerance::Relative(Decimal::new(2, 2))));
        assert_eq!(parse_tolerance("0.5"), Some(Tolerance::Absolute(Decimal::new(5, 1))));
        assert_eq!(parse_tolerance("-1%"), None);
    }
}
