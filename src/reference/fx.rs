//! Currencies (ISO 4217 names) and ECB euro reference exchange rates, both from
//! the embedded `data/` files.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::OnceLock;

use rust_decimal::Decimal;

use crate::date::{Day, PartialDate, Precision};

const CURRENCIES_CSV: &str = include_str!("../../data/currencies.csv");
const ECB_CSV: &str = include_str!("../../data/ecb-rates.csv");

/// How far back (in days) [`FxTable::rate`] looks for the latest published rate
/// before giving up: covers weekends and the ECB's Easter/Christmas closures, but
/// not a currency the ECB stopped quoting (RUB after 2022-03-01).
pub const MAX_FX_LOOKBACK_DAYS: i64 = 10;

fn currencies() -> &'static HashMap<String, String> {
    static CURRENCIES: OnceLock<HashMap<String, String>> = OnceLock::new();
    CURRENCIES.get_or_init(|| {
        let mut reader = csv::Reader::from_reader(CURRENCIES_CSV.as_bytes());
        reader
            .records()
            .map(|r| r.expect("data/currencies.csv is valid CSV"))
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect()
    })
}

/// The ISO 4217 name of a currency code ("EUR" → "Euro"), from `data/currencies.csv`.
/// The code must be upper case as ISO writes it.
pub fn currency_name(code: &str) -> Option<&'static str> {
    currencies().get(code).map(String::as_str)
}

/// Whether `code` is a current ISO 4217 code (from `data/currencies.csv`) or a
/// former one the ECB quoted since 2010 (EEK, LTL, LVL, HRK, BGN). Upper case only.
pub fn is_currency(code: &str) -> bool {
    currencies().contains_key(code)
        || (code.len() == 3
            && ECB_CSV.lines().next().is_some_and(|header| header.split(',').skip(1).any(|c| c == code)))
}

/// An exchange rate: 1 unit of the `from` currency is `rate` units of `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FxRate {
    /// Units of `to` per unit of `from`.
    pub rate: Decimal,
    /// The ECB business day whose rates were used; for a month or year asked at
    /// that precision, the period itself (the rate is then the period's mean).
    pub date: PartialDate,
}

/// ECB euro foreign exchange reference rates: per business day, units of each
/// currency per 1 EUR.
#[derive(Debug, Clone)]
pub struct FxTable {
    /// Business days, ascending.
    days: Vec<Day>,
    /// Currency codes, one per column of `rates`.
    codes: Vec<String>,
    /// `rates[currency][day]`: units per EUR, `None` where the ECB published none.
    rates: Vec<Vec<Option<Decimal>>>,
}

impl FxTable {
    /// The embedded table (`data/ecb-rates.csv`, business days since 2010), parsed
    /// once on first use.
    pub fn builtin() -> &'static FxTable {
        static TABLE: OnceLock<FxTable> = OnceLock::new();
        TABLE.get_or_init(|| FxTable::parse(ECB_CSV).expect("data/ecb-rates.csv is valid"))
    }

    /// Parses the `data/ecb-rates.csv` layout: `date` then one column per currency
    /// (units per EUR), empty or `N/A` where there is no rate. Rows in any order.
    pub fn parse(text: &str) -> Result<FxTable, String> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        // (field index, code) of each currency column; an empty header (the
        // trailing comma of the ECB original) is no column.
        let columns: Vec<(usize, String)> = reader
            .headers()
            .map_err(|e| e.to_string())?
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, c)| (i, c.trim().to_string()))
            .filter(|(_, c)| !c.is_empty())
            .collect();
        let mut rows: Vec<(Day, Vec<Option<Decimal>>)> = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| e.to_string())?;
            let line = record.position().map_or(0, |p| p.line());
            let date = PartialDate::parse_iso(&record[0])
                .filter(|d| d.precision == Precision::Day)
                .ok_or_else(|| format!("line {line}: bad date {:?}", &record[0]))?;
            let mut values = Vec::with_capacity(columns.len());
            for (i, _) in &columns {
                let cell = record.get(*i).unwrap_or("").trim();
                values.push(if cell.is_empty() || cell == "N/A" {
                    None
                } else {
                    Some(Decimal::from_str(cell).map_err(|_| format!("line {line}: bad rate {cell:?}"))?)
                });
            }
            rows.push((date.first_day(), values));
        }
        rows.sort_by_key(|(day, _)| *day);
        let mut rates = vec![Vec::with_capacity(rows.len()); columns.len()];
        let mut days = Vec::with_capacity(rows.len());
        for (day, values) in rows {
            days.push(day);
            for (column, value) in rates.iter_mut().zip(values) {
                column.push(value);
            }
        }
        let codes = columns.into_iter().map(|(_, c)| c).collect();
        Ok(FxTable { days, codes, rates })
    }

    /// The currencies the table quotes (besides EUR).
    pub fn currencies(&self) -> impl Iterator<Item = &str> {
        self.codes.iter().map(String::as_str)
    }

    /// The first and last business day in the table.
    pub fn span(&self) -> Option<(PartialDate, PartialDate)> {
        Some((self.days.first()?.to_date(), self.days.last()?.to_date()))
    }

    /// Units of `code` per EUR on the business day at `index`.
    fn per_eur(&self, code: &str, index: usize) -> Option<Decimal> {
        if code == "EUR" {
            return Some(Decimal::ONE);
        }
        let column = self.codes.iter().position(|c| c == code)?;
        self.rates[column][index]
    }

    /// The cross rate on the business day at `index`: units of `to` per `from`.
    fn cross(&self, from: &str, to: &str, index: usize) -> Option<Decimal> {
        let from_per_eur = self.per_eur(from, index)?;
        let to_per_eur = self.per_eur(to, index)?;
        if from_per_eur.is_zero() {
            return None;
        }
        to_per_eur.checked_div(from_per_eur)
    }

    /// The rate of the latest business day at or before `day` (at most
    /// [`MAX_FX_LOOKBACK_DAYS`] earlier) on which both currencies are quoted. A day
    /// after the table's end counts as its last day.
    fn on_day(&self, from: &str, to: &str, day: Day) -> Option<FxRate> {
        let last = *self.days.last()?;
        let day = day.min(last);
        let end = self.days.partition_point(|d| *d <= day);
        for index in (0..end).rev() {
            if day.0 - self.days[index].0 > MAX_FX_LOOKBACK_DAYS {
                break;
            }
            if let Some(rate) = self.cross(from, to, index) {
                return Some(FxRate { rate, date: self.days[index].to_date() });
            }
        }
        None
    }

    /// How many units of `to` one unit of `from` buys (codes in upper case; EUR is
    /// the ECB's base and always known). The ECB quotes everything against EUR, so
    /// other pairs cross through it: `rate(X, Y) = (Y per EUR) / (X per EUR)`.
    ///
    /// - `on` at day precision: the rates of that day, or of the latest earlier
    ///   business day (at most [`MAX_FX_LOOKBACK_DAYS`] back); a day after the end of
    ///   the table uses its last day.
    /// - `on` a month, year or decade: the mean of the daily cross rates over the
    ///   business days of that period the table covers, dated with the period; a
    ///   period entirely after the table uses its last day.
    /// - `on` = `None`: the last day of the table.
    ///
    /// `None` when a currency is unknown, or not quoted at that time (before 2010,
    /// RUB after 2022-03-01). `from == to` is 1 on the day asked.
    pub fn rate(&self, from: &str, to: &str, on: Option<PartialDate>) -> Option<FxRate> {
        let known = |c: &str| c == "EUR" || self.codes.iter().any(|k| k == c);
        if !known(from) || !known(to) {
            return None;
        }
        let last = *self.days.last()?;
        if from == to {
            let date = on.unwrap_or_else(|| last.to_date());
            return Some(FxRate { rate: Decimal::ONE, date });
        }
        let Some(on) = on else {
            return self.on_day(from, to, last);
        };
        if on.precision == Precision::Day {
            return self.on_day(from, to, on.first_day());
        }
        let (first, end) = (on.first_day(), on.last_day());
        if first > last {
            return self.on_day(from, to, last);
        }
        let lo = self.days.partition_point(|d| *d < first);
        let hi = self.days.partition_point(|d| *d <= end);
        let mut sum = Decimal::ZERO;
        let mut count = 0u32;
        for index in lo..hi {
            if let Some(rate) = self.cross(from, to, index) {
                sum += rate;
                count += 1;
            }
        }
        (count > 0).then(|| FxRate { rate: sum / Decimal::from(count), date: on })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate_in_file(date: &str, code: &str) -> Decimal {
        let mut lines = ECB_CSV.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let column = header.iter().position(|c| *c == code).unwrap();
        let row = lines.find(|l| l.starts_with(date)).unwrap();
        Decimal::from_str(row.split(',').nth(column).unwrap()).unwrap()
    }

    fn day(text: &str) -> Option<PartialDate> {
        PartialDate::parse_iso(text)
    }

    #[test]
    fn usd_to_eur_is_the_inverse_of_the_ecb_rate() {
        let usd = rate_in_file("2022-02-24", "USD");
        assert_eq!(usd, Decimal::from_str("1.1163").unwrap(), "ECB file value changed?");
        let fx = FxTable::builtin().rate("USD", "EUR", day("2022-02-24")).unwrap();
        assert_eq!(fx.rate, Decimal::ONE / usd);
        assert_eq!(fx.date, day("2022-02-24").unwrap());
        let back = FxTable::builtin().rate("EUR", "USD", day("2022-02-24")).unwrap();
        assert_eq!(back.rate, usd);
    }

    #[test]
    fn weekend_uses_the_previous_business_day() {
        // 2022-02-26 was a Saturday; the Friday rate applies.
        let fx = FxTable::builtin().rate("EUR", "USD", day("2022-02-26")).unwrap();
        assert_eq!(fx.date, day("2022-02-25").unwrap());
        assert_eq!(fx.rate, rate_in_file("2022-02-25", "USD"));
    }

    #[test]
    fn cross_rates_go_through_the_euro() {
        let fx = FxTable::builtin().rate("GBP", "USD", day("2025-12-19")).unwrap();
        let expected = rate_in_file("2025-12-19", "USD") / rate_in_file("2025-12-19", "GBP");
        assert_eq!(fx.rate, expected);
        assert!(fx.rate > Decimal::ONE, "a pound buys more than a dollar: {}", fx.rate);
    }

    #[test]
    fn unquoted_and_unknown_currencies_have_no_rate() {
        let table = FxTable::builtin();
        assert!(table.rate("RUB", "EUR", day("2022-02-24")).is_some());
        assert!(table.rate("RUB", "EUR", day("2024-06-03")).is_none(), "ECB stopped RUB in 2022");
        assert!(table.rate("XYZ", "EUR", None).is_none());
        assert!(table.rate("USD", "EUR", day("2005-01-03")).is_none(), "table starts in 2010");
        let latest = table.rate("EUR", "USD", None).unwrap();
        assert_eq!(latest.date, table.span().unwrap().1);
    }

    #[test]
    fn a_year_gets_the_mean_rate() {
        let fx = FxTable::builtin().rate("EUR", "USD", day("2022")).unwrap();
        assert_eq!(fx.date, day("2022").unwrap());
        // The 2022 average was about 1.05 USD per EUR.
        assert!(fx.rate > Decimal::from_str("1.04").unwrap() && fx.rate < Decimal::from_str("1.06").unwrap());
    }

    #[test]
    fn currency_names() {
        assert_eq!(currency_name("EUR"), Some("Euro"));
        assert_eq!(currency_name("USD"), Some("US Dollar"));
        assert!(is_currency("UAH") && is_currency("HRK"));
        assert!(!is_currency("usd") && !is_currency("km2") && !is_currency("XYZ"));
    }
}
