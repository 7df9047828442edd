//! The TOML shape of a rule file, as serde reads it.
//!
//! Every section is optional, so a newsroom's own file can hold just the units,
//! currencies, metrics or patterns it adds, with its examples beside them. Unknown
//! keys are errors: a misspelt key should not silently disable a rule.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// One `rules/*.toml` file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFileToml {
    #[serde(default)]
    pub numbers: Option<NumbersToml>,
    #[serde(default)]
    pub currency: Vec<Spanned<CurrencyToml>>,
    /// Scale letters written against any currency code, with their factor:
    /// `M = "1000000"` reads "30 MUSD" as USD 30 million.
    #[serde(default)]
    pub code_scales: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub unit: Vec<Spanned<UnitToml>>,
    #[serde(default)]
    pub duration: Vec<Spanned<NamedToml>>,
    #[serde(default)]
    pub counted: Vec<Spanned<NamedToml>>,
    #[serde(default)]
    pub qualifiers: BTreeMap<String, Spanned<QualifierToml>>,
    #[serde(default)]
    pub dates: Option<DatesToml>,
    #[serde(default)]
    pub filters: Option<FiltersToml>,
    #[serde(default)]
    pub pattern: Vec<Spanned<PatternToml>>,
    #[serde(default)]
    pub range: Vec<Spanned<PatternToml>>,
    #[serde(default)]
    pub metric: Vec<Spanned<MetricToml>>,
    #[serde(default)]
    pub binding: Option<BindingToml>,
    #[serde(default)]
    pub example: Vec<Spanned<ExampleToml>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumbersToml {
    #[serde(default)]
    pub units: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub tens: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub multipliers: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub scale_abbreviations: BTreeMap<String, Spanned<ScaleAbbrToml>>,
    #[serde(default)]
    pub dozens: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub fractions: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub compound_fractions: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub after_article: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub fraction_chars: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub negative: BTreeMap<String, bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleAbbrToml {
    pub value: String,
    #[serde(default)]
    pub ambiguous: bool,
    /// Written against digits ("10k", "1.2M") it is the scale even with no
    /// currency: `"any"` number, or only a `"decimal"` one ("1.2b", not "1500b").
    #[serde(default)]
    pub glued: Option<String>,
    /// Matched with its case ("M" million, not "m" metres).
    #[serde(default)]
    pub exact: bool,
    /// With `glued = "before_noun"`: plural nouns after which the letter is
    /// still the unit it also is ("400m hurdles").
    #[serde(default)]
    pub not_before: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurrencyToml {
    pub code: String,
    #[serde(default)]
    pub symbols: Vec<String>,
    #[serde(default)]
    pub names: Vec<String>,
    /// Names that also stand before the amount ("ringgit 42").
    #[serde(default)]
    pub names_before: Vec<String>,
    #[serde(default)]
    pub ambiguous: Vec<String>,
    /// Names of a fraction or a multiple of the currency and its factor:
    /// `cents = "0.01"`, `grand = "1000"`. A fraction word given as a name or
    /// subunit ("quarters" of a coin pack) reads as money after an article ("a
    /// quarter") or where the fraction would be one or more ("four quarters"),
    /// unless "of" follows ("a quarter of voters"); "three quarters" stays 0.75.
    #[serde(default)]
    pub subunits: BTreeMap<String, Spanned<String>>,
    /// Names or subunits that are an amount on their own, one of them: a coin
    /// ("dime" is USD 0.10).
    #[serde(default)]
    pub alone: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitToml {
    pub symbol: String,
    #[serde(default)]
    pub kind: Option<String>,
    pub dimension: String,
    pub factor: String,
    #[serde(default)]
    pub offset: Option<String>,
    pub names: Vec<String>,
    #[serde(default)]
    pub exact: Vec<String>,
    /// Words after an amount that make it negative and in the dimension of this
    /// unit ("47 degrees below zero"); a bare number before them takes this unit.
    #[serde(default)]
    pub negative_after: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedToml {
    pub unit: String,
    pub names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum QualifierToml {
    Name(String),
    Full {
        qualifier: String,
        #[serde(default)]
        not_kinds: Vec<String>,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatesToml {
    #[serde(default)]
    pub months: BTreeMap<String, u8>,
    #[serde(default)]
    pub month_needs_shape: Option<WordListToml>,
    #[serde(default)]
    pub month_never_lower_case: Option<WordListToml>,
    #[serde(default)]
    pub weekdays: BTreeMap<String, u8>,
    #[serde(default)]
    pub relative: BTreeMap<String, Spanned<RelativeToml>>,
    #[serde(default)]
    pub forward_words: Option<WordListToml>,
    /// Words after which a month name alone is a date ("in March", "since August").
    #[serde(default)]
    pub month_alone_after: Option<WordListToml>,
    /// Words after which four digits below 1800 are a year ("in 1727", "since
    /// 1066"); alone, such digits count ("1500 homes", "a total of 1500").
    #[serde(default)]
    pub old_year_after: Option<WordListToml>,
    /// Phrases before a count that make it an age in years ("died aged 84",
    /// "at the age of 54", "aged 5 to 11"): no count of people.
    #[serde(default)]
    pub age_before: Option<WordListToml>,
    /// Words before a month name that pick its year: "next" → +1, "last" → -1.
    #[serde(default)]
    pub month_direction: BTreeMap<String, i8>,
    /// Words that open and join a period between two dates ("from ... to ...").
    #[serde(default)]
    pub period: Option<PeriodToml>,
    /// "the next 3 days" (+1), "the past two weeks" (-1), "within 9 months" (0).
    #[serde(default)]
    pub span_direction: BTreeMap<String, i8>,
    /// After a duration, a date that far from the document date: "ago" → -1.
    #[serde(default)]
    pub shift: BTreeMap<String, i8>,
    /// Between a duration and a date, a date that far from it: "after" → +1.
    #[serde(default)]
    pub shift_from: BTreeMap<String, i8>,
    /// Before a duration, a date that far ahead ("in 2 weeks").
    #[serde(default)]
    pub ahead: Option<WordListToml>,
    /// Periods counted by an ordinal: centuries, weeks of a year.
    #[serde(default)]
    pub ordinal_periods: Option<OrdinalPeriodsToml>,
    /// Words before a day that name its week ("the week of April 10th").
    #[serde(default)]
    pub week_of: Option<WordListToml>,
    /// Words before a day ("the weekend of") or after a holiday ("weekend") that
    /// name the weekend that goes with it.
    #[serde(default)]
    pub weekend_of: Option<WeekendOfToml>,
    /// Words before a year that make it a fiscal year's label ("fiscal 2019").
    #[serde(default)]
    pub fiscal_year: Option<WordListToml>,
    /// Weekday abbreviations that are also words ("Sun", "Sat"): a weekday only
    /// before a day of the month ("Mon 13th").
    #[serde(default)]
    pub weekday_abbreviations: BTreeMap<String, u8>,
    /// Days of the month as ordinal words: "first" = 1, "twenty-second" = 22.
    #[serde(default)]
    pub ordinal_days: BTreeMap<String, u8>,
    /// After a date, a bound: "or later" → +1 (at least), "or earlier" → -1 (at most).
    #[serde(default)]
    pub bound_after: BTreeMap<String, i8>,
    /// Before a year, month or week, a part of it: "the end of" = "end",
    /// "early" = "start", "mid" = "mid".
    #[serde(default)]
    pub part_of_period: BTreeMap<String, String>,
    /// Holidays a number of days from Easter Sunday: "good friday" = -2.
    #[serde(default)]
    pub easter_holidays: BTreeMap<String, i16>,
    /// Holidays on a fixed day of the year: "christmas" = [12, 25].
    #[serde(default)]
    pub holidays: BTreeMap<String, [u8; 2]>,
    /// Holidays on the nth weekday of a month: "thanksgiving" = { month = 11,
    /// weekday = 3, nth = 4 }; `offset` days from it ("black friday": 1).
    #[serde(default)]
    pub weekday_holidays: BTreeMap<String, WeekdayHolidayToml>,
    /// "q3" = [3, 3]: the third part of a year in parts of 3 months.
    #[serde(default)]
    pub year_parts: BTreeMap<String, [u8; 2]>,
    /// "quarter" = 3: after an ordinal, a part of a year that many months long.
    #[serde(default)]
    pub year_part_units: BTreeMap<String, u8>,
    /// Words after which "in 10 years" stays a duration ("first time in 10 years").
    #[serde(default)]
    pub ahead_not_after: Option<WordListToml>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekendOfToml {
    /// Before a day: "the weekend of July 4th".
    #[serde(default)]
    pub before: Vec<String>,
    /// After a holiday: "Labor Day weekend".
    #[serde(default)]
    pub after: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekdayHolidayToml {
    /// 1-12.
    pub month: u8,
    /// 0 = Monday ... 6 = Sunday.
    pub weekday: u8,
    /// 1-5 from the month's start, -1 for the last one.
    pub nth: i8,
    /// Days from that weekday (0 unless given).
    #[serde(default)]
    pub offset: i8,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodToml {
    /// Words before the first date, inside the span ("from", "between").
    pub open: Vec<String>,
    /// Words before the first date whose ends may also be joined by
    /// `join_after_between` ("between").
    #[serde(default)]
    pub open_between: Vec<String>,
    /// Words between the two dates ("to", "through", "-").
    pub join: Vec<String>,
    /// Words between the two dates only after "between" ("and").
    #[serde(default)]
    pub join_after_between: Vec<String>,
    /// Words for the document date, only as an end of a period ("now").
    #[serde(default)]
    pub now: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrdinalPeriodsToml {
    /// "century": "the 21st century".
    #[serde(default)]
    pub century: Vec<String>,
    /// "week": "the first week of 2021".
    #[serde(default)]
    pub week: Vec<String>,
    /// "last": "the last week of 2016".
    #[serde(default)]
    pub last: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordListToml {
    pub words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelativeToml {
    pub unit: String,
    pub offset: i32,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiltersToml {
    #[serde(default)]
    pub designators: Vec<String>,
    #[serde(default)]
    pub idioms: Vec<String>,
    #[serde(default)]
    pub time_words: Vec<String>,
    /// Words after which a number names a place rather than measures it.
    #[serde(default)]
    pub labels_after: Vec<String>,
    #[serde(default)]
    pub not_counted: Vec<String>,
    #[serde(default)]
    pub definite: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternToml {
    pub name: String,
    #[serde(default)]
    pub kind: Option<String>,
    pub items: Vec<String>,
    #[serde(default)]
    pub set: BTreeMap<String, String>,
    #[serde(default)]
    pub glue: bool,
    #[serde(default)]
    pub not_after: Vec<String>,
    /// When given, one of these words must stand just before the match ("^": the
    /// start of a sentence).
    #[serde(default)]
    pub after: Vec<String>,
    /// Ranges only: words after which (an article between allowed) a low end
    /// with its own unit is a change and the high end the new level.
    #[serde(default)]
    pub change_after: Vec<String>,
}

/// Words that steer binding: sentence and clause splitting, and claims that are
/// not statements of current fact.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindingToml {
    /// Before a number, these mark it as an old value ("rose from X to Y").
    #[serde(default)]
    pub old_value_before: Vec<String>,
    /// Before a number, these mark it as a forecast or expectation.
    #[serde(default)]
    pub forecast_before: Vec<String>,
    /// Right before a number, these make it the size of a change, not a level
    /// ("rose by 43 mln", "fell 5 pct").
    #[serde(default)]
    pub difference_before: Vec<String>,
    /// After a comma these open a clause about the noun before it ("…, which").
    #[serde(default)]
    pub relative_pronouns: Vec<String>,
    /// Abbreviations whose dot does not end a sentence ("Mr.", "U.S.").
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Between two statements of one fact, these say the value changed.
    #[serde(default)]
    pub change_words: Vec<String>,
    /// Before a place, these make it the locator of a place named earlier in the
    /// sentence ("Zaporizhzhia … in southern Ukraine"): the earlier one is the subject.
    #[serde(default)]
    pub locator_before: Vec<String>,
    /// Words around a number that make it no count of people: a rate's base
    /// ("per 100,000 population") or a multiplier ("10 times their size").
    #[serde(default)]
    pub not_a_count: NotACountToml,
    /// Capitalized words that may stand before a place name of one word and
    /// still leave it a place ("North China", "Greater London"); any other
    /// capitalized word there makes it part of a longer name ("Jeb Bush").
    #[serde(default)]
    pub place_prefixes: Vec<String>,
    /// Words after a place name that make it the name of something else: a
    /// river, a sea, a valley ("the Huangpu river", "the Jordan River").
    #[serde(default)]
    pub feature_nouns: Vec<String>,
}

/// `binding.not_a_count`: phrases just before or just after a number.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotACountToml {
    /// Just before the number ("per").
    #[serde(default)]
    pub before: Vec<String>,
    /// Just after it ("times").
    #[serde(default)]
    pub after: Vec<String>,
}

/// A metric rule: trigger phrases near a mention name what it measures.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricToml {
    pub id: String,
    /// What the metric means, shown by `claimcheck rules`.
    #[serde(default)]
    pub description: Option<String>,
    /// Mention kinds this metric can apply to.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Phrases before the mention ("population of", "injured").
    #[serde(default)]
    pub before: Vec<String>,
    /// Phrases after the mention ("were killed", "injured").
    #[serde(default)]
    pub after: Vec<String>,
    /// Counted nouns inside the mention that name the metric ("3 deaths").
    #[serde(default)]
    pub nouns: Vec<String>,
    /// How many words away a trigger may stand (default 6).
    #[serde(default)]
    pub window: Option<usize>,
    /// Default approximate tolerance, e.g. "5%".
    #[serde(default)]
    pub tolerance: Option<String>,
    /// Subject kinds the metric is about ("city", "country"), for subject choice.
    #[serde(default)]
    pub subject_kinds: Vec<String>,
    /// The counted unit the metric implies (e.g. people).
    #[serde(default)]
    pub unit: Option<String>,
    /// For quantities: the dimension of the units its values are in ("area"),
    /// so that "27 inches" of snow across a ski area is not an area.
    #[serde(default)]
    pub dimension: Option<String>,
    /// For quantities: the units (canonical symbols) its values may be stated
    /// in; empty: any. A country's area is given in km² or square miles, while
    /// hectares and acres measure fields, concessions and plantings.
    #[serde(default)]
    pub units: Vec<String>,
    /// A running total that may change within one story: two different
    /// figures are no contradiction.
    #[serde(default)]
    pub cumulative: Option<bool>,
    /// A story often states several different ones (several loans, debts,
    /// budgets): two different figures are no contradiction.
    #[serde(default)]
    pub several: Option<bool>,
}

/// An example run as a test: text in, mentions expected.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleToml {
    pub text: String,
    /// Document date for relative dates.
    #[serde(default)]
    pub date: Option<String>,
    /// Expected mentions; empty means none may be found.
    #[serde(default)]
    pub expect: Vec<ExpectToml>,
    /// When false, mentions beyond `expect` are allowed.
    #[serde(default)]
    pub exhaustive: Option<bool>,
}

/// One expected mention in an example. An empty `value` means "unresolved".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectToml {
    /// The exact text of the mention's span.
    pub span: String,
    /// Expected kind (count, money, percent, quantity, date, duration).
    #[serde(default)]
    pub kind: Option<String>,
    /// Expected value: a decimal, an ISO 8601 date, or "" for unresolved.
    #[serde(default)]
    pub value: Option<String>,
    /// Expected unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// Expected qualifier.
    #[serde(default)]
    pub qualifier: Option<String>,
    /// Expected low end of a range.
    #[serde(default)]
    pub low: Option<String>,
    /// Expected high end of a range.
    #[serde(default)]
    pub high: Option<String>,
    /// Expected metric ("" for none).
    #[serde(default)]
    pub metric: Option<String>,
    /// Expected subject, by name or alias.
    #[serde(default)]
    pub subject: Option<String>,
    /// Expected framing: "old_value", "forecast", "difference", or "" for a
    /// statement of current fact.
    #[serde(default)]
    pub framing: Option<String>,
}
