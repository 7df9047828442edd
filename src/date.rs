//! Calendar dates at the precision a text states them.
//!
//! News text says "2022", "February 2022" or "24 February 2022", and a claim is
//! only as precise as its wording: "March 2022" agrees with 2022-03-04, "2021" does
//! not. [`PartialDate`] keeps that precision and compares at it. The calendar
//! arithmetic is the proleptic Gregorian one (days from civil, after H. Hinnant's
//! public-domain algorithms), small enough that no date crate is needed.

use std::cmp::Ordering;
use std::fmt;

/// How much of a date the text gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// "the 1970s"
    Decade,
    /// "in 2002"
    Year,
    /// "February 2022"
    Month,
    /// "later this week": an ISO week, Monday to Sunday (stored as its Monday).
    Week,
    /// "24 February 2022"
    Day,
}

/// A date known to a [`Precision`]; the fields finer than it are unset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// The year (for a decade, its first year: 1970 for "the 1970s").
    pub year: i32,
    /// 1-12 when the precision is month or day.
    pub month: Option<u8>,
    /// 1-31 when the precision is day.
    pub day: Option<u8>,
    /// What the text stated.
    pub precision: Precision,
}

impl PartialDate {
    /// A whole-day date, if it exists in the calendar.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<PartialDate> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(PartialDate { year, month: Some(month), day: Some(day), precision: Precision::Day })
    }

    /// A month of a year.
    pub fn ym(year: i32, month: u8) -> Option<PartialDate> {
        (1..=12).contains(&month).then_some(PartialDate {
            year,
            month: Some(month),
            day: None,
            precision: Precision::Month,
        })
    }

    /// A whole year.
    pub fn year(year: i32) -> PartialDate {
        PartialDate { year, month: None, day: None, precision: Precision::Year }
    }

    /// The decade starting at `year` (rounded down to a multiple of ten).
    pub fn decade(year: i32) -> PartialDate {
        PartialDate { year: year - year.rem_euclid(10), month: None, day: None, precision: Precision::Decade }
    }

    /// Parses ISO 8601 at any precision: `2022`, `2022-02`, `2022-02-24`, and the
    /// decade `197X` (ISO 8601-2). A trailing time part (`T...`) is ignored.
    pub fn parse_iso(text: &str) -> Option<PartialDate> {
        let text = text.trim();
        let text = text.split('T').next().unwrap_or(text);
        let bytes = text.as_bytes();
        if bytes.len() == 4 && bytes[3] == b'X' && bytes[..3].iter().all(u8::is_ascii_digit) {
            return Some(PartialDate::decade(text[..3].parse::<i32>().ok()? * 10));
        }
        let mut parts = text.split('-');
        let year_text = parts.next()?;
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year_text.parse().ok()?;
        let month = match parts.next() {
            None => return Some(PartialDate::year(year)),
            Some(m) if m.len() == 2 => m.parse::<u8>().ok()?,
            Some(_) => return None,
        };
        let day = match parts.next() {
            None => return PartialDate::ym(year, month),
            Some(d) if d.len() == 2 => d.parse::<u8>().ok()?,
            Some(_) => return None,
        };
        if parts.next().is_some() {
            return None;
        }
        PartialDate::ymd(year, month, day)
    }

    /// The first day this date covers.
    pub fn first_day(&self) -> Day {
        Day::from_civil(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day this date covers.
    pub fn last_day(&self) -> Day {
        match self.precision {
            Precision::Decade => Day::from_civil(self.year + 9, 12, 31),
            Precision::Year => Day::from_civil(self.year, 12, 31),
            Precision::Month => {
                let month = self.month.unwrap_or(12);
                Day::from_civil(self.year, month, days_in_month(self.year, month))
            }
            Precision::Week => self.first_day().add_days(6),
            Precision::Day => self.first_day(),
        }
    }

    /// The ISO week (Monday to Sunday) that contains `day`.
    pub fn week_of(day: Day) -> PartialDate {
        let monday = day.add_days(-i64::from(day.weekday()));
        PartialDate { precision: Precision::Week, ..monday.to_date() }
    }

    /// Whether `day` falls inside the period this date names ("March 2022"
    /// contains 2022-03-04).
    pub fn contains(&self, day: Day) -> bool {
        self.first_day() <= day && day <= self.last_day()
    }

    /// The same date cut to a coarser precision (never refines).
    pub fn truncate(&self, precision: Precision) -> PartialDate {
        if precision >= self.precision {
            return *self;
        }
        match precision {
            Precision::Decade => PartialDate::decade(self.year),
            Precision::Year => PartialDate::year(self.year),
            Precision::Month => PartialDate { day: None, precision, ..*self },
            Precision::Week | Precision::Day => *self,
        }
    }

    /// Orders two dates by the first day they cover, then by precision.
    pub fn cmp_start(&self, other: &PartialDate) -> Ordering {
        self.first_day().cmp(&other.first_day()).then(self.precision.cmp(&other.precision))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every checked record writes its time: the common shapes (a year of four
        // digits, a month, a day) are written without the formatting machinery.
        if let (0..=9999, Precision::Year | Precision::Month | Precision::Day) = (self.year, self.precision) {
            let two = |n: u8| [b'0' + n / 10 % 10, b'0' + n % 10];
            let year = self.year as u16;
            let mut out = [0u8; 10];
            out[..4].copy_from_slice(&[
                b'0' + (year / 1000) as u8,
                b'0' + (year / 100 % 10) as u8,
                b'0' + (year / 10 % 10) as u8,
                b'0' + (year % 10) as u8,
            ]);
            let len = match self.precision {
                Precision::Year => 4,
                Precision::Month => {
                    out[4] = b'-';
                    out[5..7].copy_from_slice(&two(self.month.unwrap_or(1)));
                    7
                }
                _ => {
                    out[4] = b'-';
                    out[5..7].copy_from_slice(&two(self.month.unwrap_or(1)));
                    out[7] = b'-';
                    out[8..10].copy_from_slice(&two(self.day.unwrap_or(1)));
                    10
                }
            };
            return f.write_str(std::str::from_utf8(&out[..len]).expect("ASCII digits"));
        }
        match self.precision {
            Precision::Decade => write!(f, "{:03}X", self.year.div_euclid(10)),
            Precision::Year => write!(f, "{:04}", self.year),
            Precision::Month => write!(f, "{:04}-{:02}", self.year, self.month.unwrap_or(1)),
            Precision::Week => {
                // ISO 8601 week date: the week belongs to the year of its Thursday.
                let thursday = self.first_day().add_days(3);
                let (iso_year, _, _) = thursday.to_civil();
                let week = (thursday.0 - Day::from_civil(iso_year, 1, 1).0) / 7 + 1;
                write!(f, "{iso_year:04}-W{week:02}")
            }
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month.unwrap_or(1), self.day.unwrap_or(1)),
        }
    }
}

/// A calendar day as a count of days since 1970-01-01, for arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

impl Day {
    /// The day count of a civil date (month and day are not validated).
    pub fn from_civil(year: i32, month: u8, day: u8) -> Day {
        let y = i64::from(year) - i64::from(month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Day(era * 146_097 + doe - 719_468)
    }

    /// The civil date of this day.
    pub fn to_civil(self) -> (i32, u8, u8) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        (year, month, day)
    }

    /// This day as a day-precision [`PartialDate`].
    pub fn to_date(self) -> PartialDate {
        let (y, m, d) = self.to_civil();
        PartialDate { year: y, month: Some(m), day: Some(d), precision: Precision::Day }
    }

    /// Day of the week, 0 = Monday ... 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        (self.0 + 3).rem_euclid(7) as u8
    }

    /// The day `n` days later (earlier when negative).
    pub fn add_days(self, n: i64) -> Day {
        Day(self.0 + n)
    }

    /// The day `n` business days (Monday to Friday) later, earlier when
    /// negative: Friday + 1 is Monday; Saturday + 1 too.
    pub fn add_business_days(self, n: i64) -> Day {
        let step = n.signum();
        let mut day = self;
        // Whole weeks at once, then day by day.
        let weeks = (n.abs() - 1).max(0) / 5;
        day = day.add_days(7 * weeks * step);
        let mut left = n.abs() - 5 * weeks;
        while left > 0 {
            day = day.add_days(step);
            if day.weekday() < 5 {
                left -= 1;
            }
        }
        day
    }

    /// The same day of the month `n` months later (earlier when negative), or the
    /// month's last day when it is shorter (January 31 + 1 month = February 28).
    pub fn add_months(self, n: i64) -> Option<Day> {
        let (y, m, d) = self.to_civil();
        let months = i64::from(y).checked_mul(12)?.checked_add(i64::from(m) - 1)?.checked_add(n)?;
        let year = i32::try_from(months.div_euclid(12)).ok()?;
        let month = (months.rem_euclid(12) + 1) as u8;
        Some(Day::from_civil(year, month, d.min(days_in_month(year, month))))
    }

    /// The day `n` of `unit` later (earlier when negative): day, week, fortnight,
    /// month, quarter, year, decade or century; `None` for another unit.
    pub fn add_units(self, n: i64, unit: &str) -> Option<Day> {
        let days = |k: i64| n.checked_mul(k).map(|d| self.add_days(d));
        let months = |k: i64| n.checked_mul(k).and_then(|m| self.add_months(m));
        match unit {
            "day" => days(1),
            "business day" => Some(self.add_business_days(n)),
            "week" => days(7),
            "fortnight" => days(14),
            "month" => months(1),
            "quarter" => months(3),
            "year" => months(12),
            "decade" => months(120),
            "century" => months(1200),
            _ => None,
        }
    }
}

/// Easter Sunday of a Gregorian year (the anonymous Gregorian computus).
pub fn easter(year: i32) -> Day {
    let (a, b, c) = (year.rem_euclid(19), year.div_euclid(100), year.rem_euclid(100));
    let (d, e) = (b / 4, b % 4);
    let g = (b - (b + 8) / 25 + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let l = (32 + 2 * e + 2 * (c / 4) - h - c % 4) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    Day::from_civil(year, (n / 31) as u8, (n % 31 + 1) as u8)
}

/// The `nth` `weekday` (0 = Monday) of a month: `nth` 1-5 counts from the
/// month's start, -1 is the last one ("the fourth Thursday of November", "the
/// last Monday of May"). `None` when the month has no such day.
pub fn nth_weekday(year: i32, month: u8, weekday: u8, nth: i8) -> Option<Day> {
    if !(1..=12).contains(&month) || weekday > 6 || nth == 0 {
        return None;
    }
    let day = if nth > 0 {
        let first = Day::from_civil(year, month, 1);
        let to = (i64::from(weekday) - i64::from(first.weekday())).rem_euclid(7);
        first.add_days(to + 7 * (i64::from(nth) - 1))
    } else {
        let last = Day::from_civil(year, month, days_in_month(year, month));
        let back = (i64::from(last.weekday()) - i64::from(weekday)).rem_euclid(7);
        last.add_days(-back - 7 * (-i64::from(nth) - 1))
    };
    (day.to_civil().1 == month).then_some(day)
}

/// The weekend that goes with a day, first and last day: Saturday and Sunday,
/// widened to take the day in when it falls next to them ("Labor Day weekend":
/// Saturday to Monday; "Thanksgiving weekend": Thursday to Sunday). A Monday or
/// Tuesday goes with the weekend before it, Wednesday to Friday with the one
/// after.
pub fn weekend_around(day: Day) -> (Day, Day) {
    match day.weekday() {
        w @ 0..=1 => (day.add_days(-2 - i64::from(w)), day),
        w @ 2..=4 => (day, day.add_days(6 - i64::from(w))),
        5 => (day, day.add_days(1)),
        _ => (day.add_days(-1), day),
    }
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month (0 for an invalid month).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_and_weekday() {
        let d = Day::from_civil(2022, 2, 24);
        assert_eq!(d.to_civil(), (2022, 2, 24));
        assert_eq!(d.weekday(), 3, "24 February 2022 was a Thursday");
        assert_eq!(Day::from_civil(1970, 1, 1), Day(0));
        assert_eq!(Day::from_civil(2000, 3, 1).add_days(-1).to_civil(), (2000, 2, 29));
    }

    #[test]
    fn calendar_units_add_and_clamp() {
        let jan31 = Day::from_civil(2024, 1, 31);
        assert_eq!(jan31.add_months(1).unwrap().to_civil(), (2024, 2, 29));
        assert_eq!(jan31.add_months(-2).unwrap().to_civil(), (2023, 11, 30));
        assert_eq!(jan31.add_units(2, "week").unwrap().to_civil(), (2024, 2, 14));
        assert_eq!(jan31.add_units(-1, "year").unwrap().to_civil(), (2023, 1, 31));
        assert!(jan31.add_units(3, "hour").is_none());
        assert!(jan31.add_months(i64::MAX).is_none());
    }

    #[test]
    fn business_days_skip_weekends() {
        let tuesday = Day::from_civil(2018, 8, 21);
        assert_eq!(tuesday.add_business_days(4).to_civil(), (2018, 8, 27));
        assert_eq!(tuesday.add_business_days(6).to_civil(), (2018, 8, 29));
        assert_eq!(tuesday.add_business_days(-4).to_civil(), (2018, 8, 15));
        let saturday = Day::from_civil(2018, 8, 25);
        assert_eq!(saturday.add_business_days(1).to_civil(), (2018, 8, 27));
        assert_eq!(saturday.add_business_days(6).to_civil(), (2018, 9, 3));
        assert_eq!(saturday.add_business_days(-1).to_civil(), (2018, 8, 24));
        assert_eq!(tuesday.add_business_days(0), tuesday);
    }

    #[test]
    fn weekdays_of_a_month_and_weekends() {
        // Thanksgiving 2023: the fourth Thursday of November; Memorial Day 2021:
        // the last Monday of May; Labor Day 2021: the first Monday of September.
        assert_eq!(nth_weekday(2023, 11, 3, 4).unwrap().to_civil(), (2023, 11, 23));
        assert_eq!(nth_weekday(2021, 5, 0, -1).unwrap().to_civil(), (2021, 5, 31));
        assert_eq!(nth_weekday(2021, 9, 0, 1).unwrap().to_civil(), (2021, 9, 6));
        assert!(nth_weekday(2021, 2, 0, 5).is_none());
        assert!(nth_weekday(2021, 13, 0, 1).is_none());
        let civil = |(a, b): (Day, Day)| (a.to_civil(), b.to_civil());
        assert_eq!(civil(weekend_around(Day::from_civil(2021, 9, 6))), ((2021, 9, 4), (2021, 9, 6)));
        assert_eq!(civil(weekend_around(Day::from_civil(2023, 11, 23))), ((2023, 11, 23), (2023, 11, 26)));
        assert_eq!(civil(weekend_around(Day::from_civil(2021, 10, 31))), ((2021, 10, 30), (2021, 10, 31)));
        assert_eq!(civil(weekend_around(Day::from_civil(2021, 10, 30))), ((2021, 10, 30), (2021, 10, 31)));
    }

    #[test]
    fn display_writes_the_padded_iso_forms() {
        for year in [-12, -1, 0, 7, 99, 999, 1987, 2025, 9999, 10000, 123456] {
            for (month, day) in [(1, 1), (2, 9), (10, 10), (12, 31)] {
                let d = PartialDate { year, month: Some(month), day: Some(day), precision: Precision::Day };
                assert_eq!(d.to_string(), format!("{year:04}-{month:02}-{day:02}"));
                let m = PartialDate { day: None, precision: Precision::Month, ..d };
                assert_eq!(m.to_string(), format!("{year:04}-{month:02}"));
                let y = PartialDate { month: None, precision: Precision::Year, ..m };
                assert_eq!(y.to_string(), format!("{year:04}"));
            }
        }
    }

    #[test]
    fn iso_parse_and_display_keep_precision() {
        for text in ["2022", "2022-02", "2022-02-24", "197X"] {
            assert_eq!(PartialDate::parse_iso(text).unwrap().to_string(), text);
        }
        assert_eq!(PartialDate::parse_iso("2025-12-16T00:00:00").unwrap().to_string(), "2025-12-16");
        for bad in ["2022-13", "2022-02-30", "22", "2022/02", "", "2022-2"] {
            assert!(PartialDate::parse_iso(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn containment_at_stated_precision() {
        let march_2022 = PartialDate::ym(2022, 3).unwrap();
        let march_2021 = PartialDate::ym(2021, 3).unwrap();
        let seized = PartialDate::ymd(2022, 3, 4).unwrap().first_day();
        assert!(march_2022.contains(seized));
        assert!(!march_2021.contains(seized));
        assert!(PartialDate::decade(1975).contains(Day::from_civil(1979, 12, 31)));
        assert_eq!(PartialDate::decade(1975).to_string(), "197X");
        let week = PartialDate::week_of(Day::from_civil(2025, 12, 16));
        assert_eq!(week.to_string(), "2025-W51");
        assert!(week.contains(Day::from_civil(2025, 12, 21)));
        assert_eq!(PartialDate::week_of(Day::from_civil(2021, 1, 1)).to_string(), "2020-W53");
    }
}
