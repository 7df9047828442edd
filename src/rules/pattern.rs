//! Composition patterns: sequences of typed items, compiled from `[[pattern]]` and
//! `[[range]]` tables.

use super::parse_qualifier;
use super::schema::PatternToml;
use crate::error::{Error, Result};
use crate::kind::{Kind, Qualifier};
use crate::tokenize::tokenize;

/// What one item of a pattern matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// A number in digits or words, with its scale words.
    Number,
    /// Digits without separators or decimals.
    Integer,
    /// 1-31, optionally with an ordinal suffix.
    Day,
    /// Four digits, 1000-2999.
    Year,
    /// Two digits, 01-12.
    MonthNumber,
    /// An abbreviated scale ("bn", "m").
    Scale,
    /// "$", "€".
    CurrencySymbol,
    /// "USD".
    CurrencyCode,
    /// "euros".
    CurrencyName,
    /// A unit of measure or percentage.
    Unit,
    /// A duration unit.
    DurationUnit,
    /// A counted noun, listed or a plain plural noun.
    Counted,
    /// A qualifier phrase.
    Qualifier,
    /// A month name.
    Month,
    /// A weekday name.
    Weekday,
    /// A relative date phrase.
    RelativeDate,
    /// A holiday on a fixed day of the year.
    Holiday,
    /// Literal tokens, lower-cased.
    Literal(Vec<String>),
    /// Range low end.
    Low,
    /// Range high end.
    High,
}

/// One item with its modifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What it matches.
    pub kind: ItemKind,
    /// May be absent.
    pub optional: bool,
    /// Must be present but lies outside the mention's span.
    pub context: bool,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// `file:name`, reported as the mention's rule.
    pub name: std::sync::Arc<str>,
    /// The kind it produces, when fixed.
    pub kind: Option<Kind>,
    /// Items in order.
    pub items: Vec<Item>,
    /// A fixed unit.
    pub set_unit: Option<String>,
    /// A fixed qualifier.
    pub set_qualifier: Option<Qualifier>,
    /// Items must touch, with no whitespace.
    pub glue: bool,
    /// Lower-cased words that must not stand just before the match.
    pub not_after: Vec<String>,
    /// Lower-cased words one of which must stand just before the match, when
    /// any are given; "^" is the start of a sentence.
    pub after: Vec<String>,
    /// Ranges only: lower-cased words after which (an article between allowed) a
    /// low end stating its own unit makes no range but a change and the new
    /// level ("raised by one pct to 10 pct"); "by 3 to 4 percent" stays one.
    pub change_after: Vec<String>,
}

impl Pattern {
    pub(super) fn compile(path: &str, line: usize, p: &PatternToml, range: bool) -> Result<Pattern> {
        let err = |m: String| Error::at(path, line, None, format!("pattern {:?}: {m}", p.name));
        let mut items = Vec::new();
        for raw in &p.items {
            let mut s = raw.trim();
            let context = s.starts_with('~');
            if context {
                s = &s[1..];
            }
            let optional = s.ends_with('?') && s.len() > 1;
            if optional {
                s = &s[..s.len() - 1];
            }
            let kind = if s.len() >= 2 && s.starts_with('\'') && s.ends_with('\'') {
                let lit = &s[1..s.len() - 1];
                let toks: Vec<String> = tokenize(lit).iter().map(|t| t.text(lit).to_lowercase()).collect();
                if toks.is_empty() {
                    return Err(err(format!("empty literal {raw:?}")));
                }
                ItemKind::Literal(toks)
            } else if context && !s.is_empty() && s.chars().all(|c| c.is_alphabetic()) {
                // "~population": a context word may be written bare.
                ItemKind::Literal(vec![s.to_lowercase()])
            } else {
                match s {
                    "number" => ItemKind::Number,
                    "integer" => ItemKind::Integer,
                    "day" => ItemKind::Day,
                    "year" => ItemKind::Year,
                    "month_number" => ItemKind::MonthNumber,
                    "scale" => ItemKind::Scale,
                    "currency_symbol" => ItemKind::CurrencySymbol,
                    "currency_code" => ItemKind::CurrencyCode,
                    "currency_name" => ItemKind::CurrencyName,
                    "unit" => ItemKind::Unit,
                    "duration_unit" => ItemKind::DurationUnit,
                    "counted" => ItemKind::Counted,
                    "qualifier" => ItemKind::Qualifier,
                    "month" => ItemKind::Month,
                    "weekday" => ItemKind::Weekday,
                    "relative_date" => ItemKind::RelativeDate,
                    "holiday" => ItemKind::Holiday,
                    "low" if range => ItemKind::Low,
                    "high" if range => ItemKind::High,
                    other => return Err(err(format!("unknown item {other:?}"))),
                }
            };
            items.push(Item { kind, optional, context });
        }
        if items.iter().all(|i| i.context || i.optional) {
            return Err(err("needs at least one required item that is not context".into()));
        }
        if range && (!items.iter().any(|i| i.kind == ItemKind::Low) || !items.iter().any(|i| i.kind == ItemKind::High))
        {
            return Err(err("a range needs a `low` and a `high` item".into()));
        }
        if !range && !p.change_after.is_empty() {
            return Err(err("`change_after` is for `[[range]]` tables only".into()));
        }
        let kind = match &p.kind {
            Some(k) => Some(Kind::from_name(k).ok_or_else(|| err(format!("unknown kind {k:?}")))?),
            None => None,
        };
        let mut set_unit = None;
        let mut set_qualifier = None;
        for (key, value) in &p.set {
            match key.as_str() {
                "unit" => set_unit = Some(value.clone()),
                "qualifier" => {
                    set_qualifier =
                        Some(parse_qualifier(value).ok_or_else(|| err(format!("unknown qualifier {value:?}")))?)
                }
                other => return Err(err(format!("`set` may fix unit or qualifier, not {other:?}"))),
            }
        }
        let file = path.rsplit('/').next().unwrap_or(path).trim_end_matches(".toml");
        Ok(Pattern {
            name: format!("{file}:{}", p.name).into(),
            kind,
            items,
            set_unit,
            set_qualifier,
            glue: p.glue,
            not_after: p.not_after.iter().map(|w| w.to_lowercase()).collect(),
            after: p.after.iter().map(|w| w.to_lowercase()).collect(),
            change_after: p.change_after.iter().map(|w| w.to_lowercase()).collect(),
        })
    }
}
