//! Dates, periods and spans of time: numeric dates, parts of periods, weeks,
//! fiscal years, spans up to or from the document date, and resolving a date
//! against the document's.

use super::*;

impl<'a> Scanner<'a> {
    /// "11/20", "01/22/2016", "22/04", "10-1-2018", "Oct/2", "Dec/2018",
    /// "05-Aug-2016", "2019/aug/01", "2015-3": a date written with digits and
    /// slashes or dashes (month first when both readings exist, as in US news).
    /// A small fraction ("5/12") is a date only after a word that takes one
    /// ("on 5/12", "Friday 5/12"), or as the end of a period (`loose`).
    pub(super) fn numeric_date_at(&self, i: usize, loose: bool) -> Option<Candidate> {
        #[derive(Clone, Copy)]
        enum Part {
            Num(u32, usize),
            Month(u8),
        }
        let part = |k: usize| -> Option<(Part, usize)> {
            let t = self.toks.get(k)?;
            let text = t.text(self.text);
            if t.kind == TokenKind::Number {
                if !text.bytes().all(|b| b.is_ascii_digit()) || text.len() > 4 {
                    return None;
                }
                return Some((Part::Num(text.parse().ok()?, text.len()), k + 1));
            }
            let ((m, _), end) = self.longest(k, |e| {
                if let Entry::Month { month, needs_capital } = e { Some((month, needs_capital)) } else { None }
            })?;
            (end == k + 1).then_some((Part::Month(m), end))
        };
        // "133-03-03-2020", "123-12-1234": the tail of a code is no date.
        if !loose && i >= 2 && self.glued(i) && self.is_symbol(i - 1, &["/", "-"]) && self.glued(i - 1) {
            return None;
        }
        let (first, mut pos) = part(i)?;
        let mut parts = vec![first];
        let mut sep = "";
        while parts.len() < 3 && self.glued(pos) && self.glued(pos + 1) {
            let s = self.tok_text(pos);
            if !matches!(s, "/" | "-") || (!sep.is_empty() && s != sep) {
                break;
            }
            let Some((p, next)) = part(pos + 1) else { break };
            sep = s;
            parts.push(p);
            pos = next;
        }
        // "10-1-2018-10-7-2018": a date chain ends where a period's dash begins;
        // glued digits or letters after it make something else ("10/20/30/40").
        if parts.len() < 2
            || (self.glued(pos) && self.toks.get(pos).is_some_and(|t| t.kind != TokenKind::Symbol))
            || (self.glued(pos)
                && self.is_symbol(pos, &[sep])
                && self.toks.get(pos + 1).is_some_and(|t| t.glued() && t.kind == TokenKind::Number)
                && sep == "/")
        {
            return None;
        }
        let months = parts.iter().filter(|p| matches!(p, Part::Month(_))).count();
        let year4 = |p: &Part| matches!(p, Part::Num(y, 4) if (1500..=2199).contains(y));
        let small = |p: &Part| match p {
            Part::Num(v, l) if *l <= 2 => Some(*v as u8),
            _ => None,
        };
        // (day, month, year)
        let (day, month, year): (Option<u8>, u8, Option<i32>) = match (parts.as_slice(), months) {
            ([a, b, c], 0) => {
                if year4(a) {
                    (
                        small(c),
                        small(b)?,
                        Some(match a {
                            Part::Num(y, _) => *y as i32,
                            _ => return None,
                        }),
                    )
                } else if year4(c) {
                    let y = match c {
                        Part::Num(y, _) => *y as i32,
                        _ => return None,
                    };
                    let (x, z) = (small(a)?, small(b)?);
                    if x <= 12 { (Some(z), x, Some(y)) } else { (Some(x), z, Some(y)) }
                } else if let (Part::Num(yy, 2), "/") = (c, sep) {
                    // "12/12/30", "23/08/39": a two-digit year, in the century
                    // that puts it at most ten years after the document date.
                    let (x, z) = (small(a)?, small(b)?);
                    let (d, m) = if x <= 12 { (z, x) } else { (x, z) };
                    PartialDate::ymd(2000, m, d)?;
                    let Some(today) = self.doc_date else {
                        let value = Value::UnresolvedDate;
                        return Some(self.date_candidate(
                            i,
                            pos,
                            pos,
                            value,
                            Qualifier::Exact,
                            BuiltinRule::DateNumeric,
                        ));
                    };
                    let y = 2000 + *yy as i32;
                    (Some(d), m, Some(if y > today.year + 10 { y - 100 } else { y }))
                } else {
                    return None;
                }
            }
            (ps @ [_, _, _], 1) => {
                let m = ps.iter().find_map(|p| if let Part::Month(m) = p { Some(*m) } else { None })?;
                let y = ps.iter().find_map(|p| match p {
                    Part::Num(y, 4) if year4(p) => Some(*y as i32),
                    _ => None,
                })?;
                let d = ps.iter().find_map(&small)?;
                (Some(d), m, Some(y))
            }
            ([Part::Month(m), b], 1) => match b {
                Part::Num(y, 4) if year4(b) => (None, *m, Some(*y as i32)),
                Part::Num(_, 3 | 4) => return None,
                Part::Num(d, _) => (Some(*d as u8), *m, None),
                _ => return None,
            },
            ([a @ Part::Num(..), b @ Part::Num(..)], 0) => {
                if year4(a) {
                    // "2015-3": a year and its month.
                    if sep != "-" {
                        return None;
                    }
                    (
                        None,
                        small(b)?,
                        Some(match a {
                            Part::Num(y, _) => *y as i32,
                            _ => return None,
                        }),
                    )
                } else if matches!(b, Part::Num(y, 4) if (1900..=2100).contains(y)) {
                    // "12-2015", "12/2015" (not "06/1500", a day and a time).
                    (
                        None,
                        small(a)?,
                        Some(match b {
                            Part::Num(y, _) => *y as i32,
                            _ => return None,
                        }),
                    )
                } else {
                    if sep != "/" {
                        return None;
                    }
                    let (x, z) = (small(a)?, small(b)?);
                    // A fraction reads as one: "3/4 of voters", "5/12".
                    let fraction = x < z && (2..=12).contains(&z) || matches!(z, 16 | 32 | 64);
                    let after_date_word = i > 0 && {
                        let prev = self.tok_text(i - 1).to_ascii_lowercase();
                        self.has(i - 1, |e| matches!(e, Entry::Weekday(_) | Entry::ForwardWord | Entry::DateWord(_)))
                            || self.rules.binding.month_alone_after.contains(&prev)
                            || self.rules.binding.month_direction.iter().any(|(w, _)| *w == prev)
                            || prev == "on"
                    };
                    // "by 1/2 pct", "on 3/4 mile": a unit after it makes it a fraction.
                    if fraction && (!loose && !after_date_word || self.unit_follows(pos)) {
                        return None;
                    }
                    // Without a year, slashed dates are the wire's month first
                    // ("3/12"); one that can only be day first is "24/7", round
                    // the clock, unless a date word says otherwise ("on 24/7").
                    if x > 12 && !loose && !after_date_word {
                        return None;
                    }
                    if x <= 12 { (Some(z), x, None) } else { (Some(x), z, None) }
                }
            }
            _ => return None,
        };
        let value = match (day, year) {
            (Some(d), Some(y)) => Value::Date(PartialDate::ymd(y, month, d)?),
            (None, Some(y)) => Value::Date(PartialDate::ym(y, month)?),
            (Some(d), None) => {
                if d == 0 || d > crate::date::days_in_month(2024, month) {
                    return None;
                }
                match self.doc_date.map(|d| d.first_day()) {
                    None => Value::UnresolvedDate,
                    Some(today) => {
                        let (y, _, _) = today.to_civil();
                        Value::Date(
                            (y - 1..=y + 1)
                                .filter_map(|yy| PartialDate::ymd(yy, month, d))
                                .min_by_key(|c| (c.first_day().0 - today.0).abs())?,
                        )
                    }
                }
            }
            (None, None) => return None,
        };
        // "County #1/1", "Block 9/2-1": a designator labels what follows. (Asked
        // last: most calls end before, and the look back is not free.)
        if i > 0 && self.designator_ends_at(i) {
            return None;
        }
        Some(self.date_candidate(i, pos, pos, value, Qualifier::Exact, BuiltinRule::DateNumeric))
    }

    // ---- periods and spans of time ------------------------------------------

    /// The longest date word at `i` that `pick` accepts, and where it ends.
    pub(super) fn date_word<T>(&self, i: usize, pick: impl Fn(DateWord) -> Option<T>) -> Option<(T, usize)> {
        self.longest(i, |e| if let Entry::DateWord(w) = e { pick(w) } else { None })
    }

    /// Whether a date spanning tokens `a..b` states its year: four digits, or a
    /// direction word ("next May").
    pub(super) fn year_stated(&self, a: usize, b: usize) -> bool {
        (a..b.min(self.toks.len())).any(|k| {
            let t = self.toks[k];
            (t.kind == TokenKind::Number && t.text(self.text).len() == 4)
                || self.is_direction_word(k)
                // "today", "yesterday": a date relative to the document date.
                || self.has(k, |e| matches!(e, Entry::Relative { .. }))
        })
    }

    /// "the end of 2000", "mid-November", "early next week": a part of a year
    /// (its first, middle or last four months), a month (days 1-15, 10-20, 16 to
    /// its end) or a week (Monday-Wednesday, Tuesday-Thursday, Thursday-Sunday),
    /// as a period. The rule name says which part, for a bound on it.
    pub(super) fn part_of_at(&self, i: usize) -> Option<Candidate> {
        let (part, mut j) = self.date_word(i, |w| if let DateWord::PartOf(k) = w { Some(k) } else { None })?;
        if self.is_symbol(j, &["-"]) && self.glued(j) {
            j += 1;
        }
        let mut c = self.date_at(j)?;
        let Value::Date(d) = c.mention.value else { return None };
        if c.mention.qualifier != Qualifier::Exact {
            return None;
        }
        let (lo, hi) = match d.precision {
            Precision::Year => {
                let first = 1 + 4 * part;
                (PartialDate::ym(d.year, first)?, PartialDate::ym(d.year, first + 3)?)
            }
            Precision::Month => {
                let (m, last) = (d.month?, crate::date::days_in_month(d.year, d.month?));
                let (a, b) = [(1, 15), (10, 20), (16, last)][usize::from(part)];
                (PartialDate::ymd(d.year, m, a)?, PartialDate::ymd(d.year, m, b)?)
            }
            Precision::Week => {
                let monday = d.first_day();
                let (a, b) = [(0, 2), (1, 3), (3, 6)][usize::from(part)];
                (monday.add_days(a).to_date(), monday.add_days(b).to_date())
            }
            _ => return None,
        };
        c.mention.start = self.toks[i].start as usize;
        c.start = i;
        c.mention.value = Value::DateRange(lo, hi);
        c.mention.qualifier = Qualifier::Range;
        c.mention.rule = ["dates:part-start", "dates:part-mid", "dates:part-end"][usize::from(part)].into();
        Some(c)
    }

    /// One end of a period at `pos`: the end, one past its last consumed token,
    /// one past its last token in the span.
    pub(super) fn period_end(&self, pos: usize) -> Option<(PeriodEnd, usize, usize)> {
        if let Some(c) = self.date_at(pos).or_else(|| self.numeric_date_at(pos, true)) {
            let end = match c.mention.value {
                Value::Date(d) => PeriodEnd::Date(d, self.year_stated(c.start, c.end)),
                Value::UnresolvedDate => PeriodEnd::Unresolved,
                // "to the end of 2008": a part of a period, its first or last day.
                Value::DateRange(a, b) if c.mention.rule.starts_with("dates:part-") => {
                    PeriodEnd::Part(a, b, self.year_stated(c.start, c.end))
                }
                _ => return None,
            };
            return Some((end, c.consumed, c.end));
        }
        if let Some((_, end)) = self.date_word(pos, |w| (w == DateWord::PeriodNow).then_some(())) {
            let now = match self.doc_date {
                Some(d) => PeriodEnd::Date(d, true),
                None => PeriodEnd::Unresolved,
            };
            return Some((now, end, end));
        }
        let mut s = Slots::default();
        if let Some(next) = self.match_item(&ItemKind::Month, pos, &mut s) {
            return Some((PeriodEnd::Month(s.month?), next, next));
        }
        if let Some(next) = self.match_item(&ItemKind::Day, pos, &mut s) {
            return Some((PeriodEnd::Day(s.day?), next, next));
        }
        None
    }

    /// "from March to May", "between 2010 and 2015", "2014-2018", "March 3-7",
    /// "Jan-Feb 2017": a period between two dates, one mention.
    pub(super) fn period_at(&self, i: usize) -> Option<Candidate> {
        let opener = self.date_word(i, |w| match w {
            DateWord::PeriodOpen => Some(false),
            DateWord::PeriodOpenBetween => Some(true),
            _ => None,
        });
        let (between, first) = match opener {
            Some((b, end)) => (b, end),
            None => (false, i),
        };
        // "(from) 6-5/8" in wire copy is six and five eighths, not the 6th to 5/8.
        if wire_fraction(self.text, self.toks, first + 1).is_some() {
            return None;
        }
        let (low, after_low, _) = self.period_end(first)?;
        let spaced_dash = self.is_symbol(after_low, &["-", "–"]) && !self.glued(after_low);
        let (_, join_end) = self.date_word(after_low, |w| match w {
            DateWord::PeriodJoin => Some(()),
            DateWord::PeriodJoinBetween if between => Some(()),
            _ => None,
        })?;
        let (mut high, mut consumed, mut span_end) = self.period_end(join_end)?;
        // "off 3/8 to 3-1/2": a price going to three and a half, no period.
        if wire_fraction(self.text, self.toks, consumed).is_some() {
            return None;
        }
        // "from April to June in 2017", "from 5/1-5/7, 2020": a year after the
        // period is the high end's (and, through it, the low end's).
        if matches!(high, PeriodEnd::Date(_, false) | PeriodEnd::Month(_))
            && (self.is_word(consumed, "in") || self.is_word(consumed, "of") || self.is_symbol(consumed, &[","]))
        {
            let mut y = Slots::default();
            if let Some(end) = self.match_item(&ItemKind::Year, consumed + 1, &mut y)
                && let Some(year) = y.year
            {
                let dated = match high {
                    PeriodEnd::Month(m) => PartialDate::ym(year, m),
                    PeriodEnd::Date(h, _) if h.precision == Precision::Day => PartialDate::ymd(year, h.month?, h.day?),
                    PeriodEnd::Date(h, _) if h.precision == Precision::Month => PartialDate::ym(year, h.month?),
                    _ => None,
                };
                if let Some(h) = dated {
                    high = PeriodEnd::Date(h, true);
                    consumed = end;
                    span_end = end;
                }
            }
        }
        // Without an opening word, the first end must be a date or a month
        // name, and a day alone only before a day of a month ("9 to 12 June").
        if opener.is_none() {
            match (low, high) {
                (PeriodEnd::Date(..) | PeriodEnd::Month(_) | PeriodEnd::Unresolved, _) => {}
                (PeriodEnd::Day(_), PeriodEnd::Date(h, _)) if h.precision == Precision::Day && !spaced_dash => {}
                _ => return None,
            }
        }
        // A part opens the period at its first date and closes it at its last.
        let low = if let PeriodEnd::Part(a, _, stated) = low { PeriodEnd::Date(a, stated) } else { low };
        let high = if let PeriodEnd::Part(_, b, stated) = high { PeriodEnd::Date(b, stated) } else { high };
        let value = self.period_value(low, high)?;
        // "Friday-Jun-15": without an opening word, a period runs within a year.
        if opener.is_none()
            && let Value::DateRange(lo, hi) = value
            && hi.first_day().0 - lo.first_day().0 > 366
            && !matches!((low, high), (PeriodEnd::Date(_, true), PeriodEnd::Date(_, true)))
        {
            return None;
        }
        Some(self.date_candidate(i, span_end, consumed, value, Qualifier::Range, BuiltinRule::DatePeriod))
    }

    /// The two ends of a period, each taking from the other what it left out.
    pub(super) fn period_value(&self, low: PeriodEnd, high: PeriodEnd) -> Option<Value> {
        use PeriodEnd as E;
        let with_year = |d: PartialDate, y: i32| match d.precision {
            Precision::Day => PartialDate::ymd(y, d.month?, d.day?),
            Precision::Month => PartialDate::ym(y, d.month?),
            _ => None,
        };
        let month_of = |d: PartialDate| d.month.filter(|_| d.precision >= Precision::Month);
        let (lo, hi) = match (low, high) {
            (E::Unresolved, _) | (_, E::Unresolved) => return Some(Value::UnresolvedDate),
            (E::Date(l, l_year), E::Date(h, h_year)) => {
                if !l_year && h_year && month_of(l).is_some() {
                    let same = with_year(l, h.year)?;
                    let lo = if same.first_day() > h.first_day() { with_year(l, h.year - 1)? } else { same };
                    (lo, h)
                } else if l_year && !h_year && month_of(h).is_some() {
                    let same = with_year(h, l.year)?;
                    let hi = if same.first_day() < l.first_day() { with_year(h, l.year + 1)? } else { same };
                    (l, hi)
                } else {
                    (l, h)
                }
            }
            (E::Month(m), E::Date(h, _)) => {
                let year = match month_of(h) {
                    Some(hm) if m > hm => h.year - 1,
                    _ => h.year,
                };
                (PartialDate::ym(year, m)?, h)
            }
            (E::Date(l, _), E::Month(m)) => {
                let lm = month_of(l)?;
                (l, PartialDate::ym(if m < lm { l.year + 1 } else { l.year }, m)?)
            }
            (E::Day(d), E::Date(h, _)) if h.precision == Precision::Day && h.day.is_some_and(|hd| d < hd) => {
                (PartialDate::ymd(h.year, h.month?, d)?, h)
            }
            (E::Date(l, _), E::Day(d)) if l.precision == Precision::Day && l.day.is_some_and(|ld| d > ld) => {
                (l, PartialDate::ymd(l.year, l.month?, d)?)
            }
            (E::Month(a), E::Month(b)) => {
                let Some(today) = self.doc_date.map(|d| d.first_day()) else { return Some(Value::UnresolvedDate) };
                let (y, _, _) = today.to_civil();
                let lo = (y - 1..=y + 1)
                    .filter_map(|yy| PartialDate::ym(yy, a))
                    .min_by_key(|c| (c.first_day().0 - today.0).abs())?;
                (lo, PartialDate::ym(if b < a { lo.year + 1 } else { lo.year }, b)?)
            }
            _ => return None,
        };
        if lo.first_day() >= hi.first_day() || lo.last_day() >= hi.last_day() {
            return None;
        }
        Some(Value::DateRange(lo, hi))
    }

    /// "Q1 2016", "2017-Q3", "q3 of 2017", "the first quarter of 2013", "H2
    /// 2019", "the second half of 2017": a part of a stated year, as a period of
    /// months.
    pub(super) fn year_part_at(&self, i: usize) -> Option<Candidate> {
        let part_at = |k: usize| -> Option<((u8, u8), usize)> {
            if let Some(((months, index), end)) = self.date_word(k, |w| {
                if let DateWord::YearPart { months, index } = w { Some((months, index)) } else { None }
            }) {
                return Some(((months, index), end));
            }
            // "the 3rd quarter".
            if self.toks.get(k).is_none_or(|t| t.kind != TokenKind::Number) {
                return None;
            }
            let mut s = Slots::default();
            let next = self.match_item(&ItemKind::Day, k, &mut s)?;
            if next != k + 2 {
                return None;
            }
            let (months, end) =
                self.date_word(next, |w| if let DateWord::YearPartUnit(m) = w { Some(m) } else { None })?;
            let index = s.day?;
            (1..=12 / months).contains(&index).then_some(((months, index), end))
        };
        let year_at = |k: usize| -> Option<(i32, usize)> {
            let mut s = Slots::default();
            let end = self.match_item(&ItemKind::Year, k, &mut s)?;
            Some((s.year?, end))
        };
        let ((months, index), year, end) = if let Some((part, e)) = part_at(i) {
            // "Q1 2016", "q1-2019", "the first quarter of 2013", "Q3 of next year".
            let mut k = e;
            if self.is_word(k, "of") || (self.is_symbol(k, &["-"]) && self.glued(k)) {
                k += 1;
            }
            if let Some((y, end)) = year_at(k) {
                (part, y, end)
            } else {
                let ((unit, offset), end) = self.longest(k, |e| {
                    if let Entry::Relative { unit, offset } = e { Some((unit, offset)) } else { None }
                })?;
                let today = self.doc_date?;
                if unit != RelativeUnit::Year {
                    return None;
                }
                (part, today.year + offset, end)
            }
        } else {
            // "2017 Q1", "2019-H2".
            let (y, e) = year_at(i)?;
            let k = if self.is_symbol(e, &["-"]) && self.glued(e) && self.glued(e + 1) { e + 1 } else { e };
            let (part, end) = self.date_word(k, |w| {
                if let DateWord::YearPart { months, index } = w { Some((months, index)) } else { None }
            })?;
            (part, y, end)
        };
        let first = u8::try_from((u32::from(index) - 1) * u32::from(months) + 1).ok()?;
        let value = Value::DateRange(PartialDate::ym(year, first)?, PartialDate::ym(year, first + months - 1)?);
        Some(self.date_candidate(i, end, end, value, Qualifier::Range, BuiltinRule::DateYearPart))
    }

    /// "2018 or later", "1/1/2016 and after", "May 2020 or earlier": a date bound
    /// stated after it.
    pub(super) fn date_bound_at(&self, i: usize) -> Option<Candidate> {
        let mut c = self.date_at(i)?;
        if c.start != i || c.consumed != c.end {
            return None;
        }
        let (dir, end) = self.date_word(c.end, |w| if let DateWord::BoundAfter(d) = w { Some(d) } else { None })?;
        c.mention.qualifier = if dir > 0 { Qualifier::AtLeast } else { Qualifier::AtMost };
        c.mention.end = self.toks[end - 1].end as usize;
        c.mention.rule = format!("{}+bound", c.mention.rule).into();
        c.end = end;
        c.consumed = end;
        Some(c)
    }

    /// A year in words right after a month ("October two thousand and five",
    /// "13 Sept nineteen seventy two", "6 April seventeen hundred thirty
    /// three"): one number 1100-2099, or a number 11-20 then one 10-99. Not after
    /// a comma nor before a counted noun: "in March, two thousand people".
    pub(super) fn year_in_words(&self, pos: usize) -> Option<(i32, usize)> {
        if pos == 0 || self.is_symbol(pos - 1, &[","]) {
            return None;
        }
        let whole = |n: &Num| {
            (n.words && !n.ordinal && n.value.fract().is_zero()).then(|| i32::try_from(n.value).ok()).flatten()
        };
        let a = self.number(pos)?;
        let first = whole(&a)?;
        let (year, end) = if (1100..=2099).contains(&first) {
            (first, a.end)
        } else if (11..=20).contains(&first) {
            let b = self.number(a.end).filter(|b| b.words)?;
            let second = whole(&b).filter(|v| (10..=99).contains(v))?;
            (first * 100 + second, b.end)
        } else {
            return None;
        };
        if end < self.toks.len()
            && (self.is_plain_plural_noun(end) || self.has(end, |e| matches!(e, Entry::Counted(_) | Entry::Unit(_))))
        {
            return None;
        }
        Some((year, end))
    }

    /// "20161016": eight digits that read as a year 1900-2099, a month and a day
    /// (ISO 8601 basic format, as in file names and archive links).
    pub(super) fn compact_date_at(&self, i: usize) -> Option<Candidate> {
        let t = self.toks.get(i).filter(|t| t.kind == TokenKind::Number)?;
        let text = t.text(self.text);
        if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if self.is_symbol(i + 1, &[".", ","]) && self.glued(i + 1) && self.number(i + 2).is_some() {
            return None;
        }
        let year: i32 = text[..4].parse().ok().filter(|y| (1900..=2099).contains(y))?;
        let date = PartialDate::ymd(year, text[4..6].parse().ok()?, text[6..].parse().ok()?)?;
        Some(self.date_candidate(i, i + 1, i + 1, Value::Date(date), Qualifier::Exact, BuiltinRule::DateCompact))
    }

    /// "week 31", "week 3 of 2027", "week 27 of last year": an ISO week by its
    /// number, in the year stated or the document date's. Only a lower-case
    /// "week": "Week 10" is a season's (sports) week.
    pub(super) fn week_number_at(&self, i: usize) -> Option<Candidate> {
        let (_, k) = self.date_word(i, |w| (w == DateWord::WeekOfYear).then_some(()))?;
        if k != i + 1 || !self.tok_text(i).starts_with(|c: char| c.is_lowercase()) {
            return None;
        }
        let t = self.toks.get(k).filter(|t| t.kind == TokenKind::Number && !t.glued())?;
        let n: i64 = t.text(self.text).parse().ok().filter(|n| (1..=53).contains(n))?;
        if self.toks.get(k + 1).is_some_and(|t| t.glued() && t.kind != TokenKind::Symbol)
            || self.is_symbol(k + 1, &[".", ",", "/", ":"]) && self.glued(k + 1) && self.number(k + 2).is_some()
        {
            return None;
        }
        let mut end = k + 1;
        let stated = if self.is_word(end, "of") {
            self.date_at(end + 1).and_then(|c| match c.mention.value {
                Value::Date(d) if d.precision == Precision::Year && c.start == end + 1 => Some((d.year, c.end)),
                _ => None,
            })
        } else {
            None
        };
        let year = match stated {
            Some((y, e)) => {
                end = e;
                y
            }
            None => self.doc_date?.year,
        };
        let monday = PartialDate::week_of(Day::from_civil(year, 1, 4)).first_day().add_days(7 * (n - 1));
        let week = PartialDate::week_of(monday);
        if PartialDate::week_of(monday.add_days(3)).first_day() != monday || monday.add_days(3).to_civil().0 != year {
            return None;
        }
        Some(self.date_candidate(i, end, end, Value::Date(week), Qualifier::Exact, BuiltinRule::DateWeekNumber))
    }

    /// "the 21st century", "the first week of 2021", "the last week of 2016": a
    /// period counted by an ordinal.
    pub(super) fn ordinal_period_at(&self, i: usize) -> Option<Candidate> {
        let mut s = Slots::default();
        let (n, after) = match self.date_word(i, |w| (w == DateWord::LastOf).then_some(())) {
            Some((_, end)) => (None, end),
            None => {
                let next = self.match_item(&ItemKind::Day, i, &mut s)?;
                (Some(i32::from(s.day?)), next)
            }
        };
        let (value, end) = if let Some((_, end)) = self.date_word(after, |w| (w == DateWord::Century).then_some(())) {
            let first = (n? - 1) * 100;
            (Value::DateRange(PartialDate::year(first), PartialDate::year(first + 99)), end)
        } else {
            let (_, k) = self.date_word(after, |w| (w == DateWord::WeekOfYear).then_some(()))?;
            if !self.is_word(k, "of") {
                return None;
            }
            let mut y = Slots::default();
            let Some(end) = self.match_item(&ItemKind::Year, k + 1, &mut y) else {
                return self.week_of_month_at(i, n, k + 1);
            };
            let year = y.year?;
            let monday = match n {
                // ISO weeks: week 1 holds January 4th, the last one December 28th.
                Some(n) if (1..=52).contains(&n) => {
                    PartialDate::week_of(Day::from_civil(year, 1, 4)).first_day().add_days(7 * i64::from(n - 1))
                }
                None => PartialDate::week_of(Day::from_civil(year, 12, 28)).first_day(),
                _ => return None,
            };
            (Value::Date(PartialDate::week_of(monday)), end)
        };
        let qualifier = if matches!(value, Value::DateRange(..)) { Qualifier::Range } else { Qualifier::Exact };
        Some(self.date_candidate(i, end, end, value, qualifier, BuiltinRule::DateOrdinalPeriod))
    }

    /// "the first week of January 2015", "the 3rd week of Jan", "the last week of
    /// this month": the `n`th ISO week (Monday to Sunday) that has days of the
    /// month at `k`, the first holding its 1st (`None`: the last, holding its
    /// last day).
    pub(super) fn week_of_month_at(&self, i: usize, n: Option<i32>, k: usize) -> Option<Candidate> {
        let c = self.date_at(k).filter(|c| c.start == k && c.consumed == c.end)?;
        let value = match c.mention.value {
            Value::Date(d) if d.precision == Precision::Month => {
                let monday = match n {
                    Some(n) if (1..=5).contains(&n) => {
                        PartialDate::week_of(d.first_day()).first_day().add_days(7 * i64::from(n - 1))
                    }
                    None => PartialDate::week_of(d.last_day()).first_day(),
                    _ => return None,
                };
                if monday > d.last_day() {
                    return None;
                }
                Value::Date(PartialDate::week_of(monday))
            }
            Value::UnresolvedDate => Value::UnresolvedDate,
            _ => return None,
        };
        Some(self.date_candidate(i, c.end, c.end, value, Qualifier::Exact, BuiltinRule::DateOrdinalPeriod))
    }

    /// "Mon 13th", "Sunday 31": a weekday and a day of the month, the nearest
    /// such day (before or after the document date) that falls on that weekday.
    pub(super) fn weekday_day_at(&self, i: usize) -> Option<Candidate> {
        // "this Friday 5/12", "next friday 5/12": the day written out decides.
        let directed = self.is_direction_word(i);
        let w = i + usize::from(directed);
        let capital = self.toks.get(w).is_some_and(|t| t.text(self.text).starts_with(|c: char| c.is_uppercase()));
        let (weekday, mut k) =
            self.longest(w, |e| if let Entry::Weekday(d) = e { Some(d) } else { None }).or_else(|| {
                self.date_word(w, |x| if let DateWord::WeekdayShort(d) = x { Some(d) } else { None })
                    .filter(|_| capital)
            })?;
        if self.is_symbol(k, &[","]) {
            k += 1;
        }
        // "Friday 5/12": a weekday before a digit date adds nothing to it.
        if let Some(mut c) = self
            .numeric_date_at(k, true)
            .filter(|c| c.start == k && matches!(c.mention.value, Value::Date(d) if d.precision == Precision::Day))
        {
            c.mention.start = self.toks[i].start as usize;
            c.start = i;
            c.mention.rule = "dates:weekday-date".into();
            return Some(c);
        }
        if directed {
            return None;
        }
        let mut s = Slots::default();
        let end = self.match_item(&ItemKind::Day, k, &mut s)?;
        let day = s.day?;
        // "Sunday 31 March", "Friday 13 of May": the month follows; other patterns read it.
        if self.has(end, |e| matches!(e, Entry::Month { .. })) || self.is_word(end, "of") {
            return None;
        }
        if self.toks.get(end).is_some_and(|t| t.kind == TokenKind::Number || (t.glued() && t.kind == TokenKind::Word)) {
            return None;
        }
        let value = match self.doc_date.map(|d| d.first_day()) {
            None => Value::UnresolvedDate,
            Some(today) => {
                let (y, m, _) = today.to_civil();
                let here = i64::from(y) * 12 + i64::from(m) - 1;
                let found = (here - 24..=here + 24)
                    .filter_map(|k| PartialDate::ymd(k.div_euclid(12) as i32, (k.rem_euclid(12) + 1) as u8, day))
                    .filter(|d| d.first_day().weekday() == weekday)
                    .min_by_key(|d| (d.first_day().0 - today.0).abs())?;
                Value::Date(found)
            }
        };
        Some(self.date_candidate(i, end, end, value, Qualifier::Exact, BuiltinRule::DateWeekdayDay))
    }

    /// "the week of April 10th", "w/c Feb 4": the week of a day.
    pub(super) fn week_of_at(&self, i: usize) -> Option<Candidate> {
        let (_, k) = self.date_word(i, |w| (w == DateWord::WeekOf).then_some(()))?;
        let mut c = self.date_at(k)?;
        c.mention.value = match c.mention.value {
            Value::Date(d) if d.precision == Precision::Day => Value::Date(PartialDate::week_of(d.first_day())),
            Value::UnresolvedDate => Value::UnresolvedDate,
            _ => return None,
        };
        c.mention.start = self.toks[i].start as usize;
        c.mention.rule = "dates:week-of".into();
        c.start = i;
        Some(c)
    }

    /// "the weekend of July 4th", "Labor Day weekend", "Halloween weekend 2021",
    /// "the weekend of Thanksgiving 2023": the weekend that goes with a day
    /// (`date::weekend_around`), a holiday's widened to take it in.
    pub(super) fn weekend_of_at(&self, i: usize) -> Option<Candidate> {
        let (day, end) = if let Some((_, k)) = self.date_word(i, |w| (w == DateWord::WeekendOf).then_some(())) {
            let c = self.date_at(k).filter(|c| c.start == k && c.consumed == c.end)?;
            // "the weekend of 8/9 January": two days of a month, not August 9.
            if self.has(c.end, |e| matches!(e, Entry::Month { .. })) {
                return None;
            }
            match c.mention.value {
                Value::Date(d) if d.precision == Precision::Day => (Some(d.first_day()), c.end),
                Value::UnresolvedDate => (None, c.end),
                _ => return None,
            }
        } else {
            // A holiday (not any date: "May 5 weekend" is rare), its year before
            // or after the weekend word.
            let (holiday, mut k) = self.holiday_at(i)?;
            let mut s = Slots::default();
            if let Some(e) = self.match_item(&ItemKind::Year, k, &mut s) {
                k = e;
            }
            let (_, mut end) = self.date_word(k, |w| (w == DateWord::WeekendAfter).then_some(()))?;
            if s.year.is_none()
                && let Some(e) = self.match_item(&ItemKind::Year, end, &mut s)
            {
                end = e;
            }
            match holiday {
                Ok((m, d)) => (s.month, s.day) = (Some(m), Some(d)),
                Err(movable) => s.movable = Some(movable),
            }
            match self.resolve_date(&s)? {
                Value::Date(d) if d.precision == Precision::Day => (Some(d.first_day()), end),
                Value::UnresolvedDate => (None, end),
                _ => return None,
            }
        };
        let value = match day {
            Some(day) => {
                let (first, last) = crate::date::weekend_around(day);
                Value::DateRange(first.to_date(), last.to_date())
            }
            None => Value::UnresolvedDate,
        };
        Some(self.date_candidate(i, end, end, value, Qualifier::Range, BuiltinRule::DateWeekend))
    }

    /// "fiscal 2019", "FY2019", "fiscal year 2008": a fiscal year's label. Its
    /// months differ between organisations (the US government's FY2019 ran from
    /// October 2018 to September 2019), so the date is the year it names,
    /// approximate, the label in its span.
    pub(super) fn fiscal_year_at(&self, i: usize) -> Option<Candidate> {
        let (_, k) = self.date_word(i, |w| (w == DateWord::FiscalYear).then_some(()))?;
        let t = self.toks.get(k).filter(|t| t.kind == TokenKind::Number && t.text(self.text).len() == 4)?;
        let year: i32 = t.text(self.text).parse().ok().filter(|y| (1900..=2199).contains(y))?;
        // "fiscal year 1986-1987", "fiscal 1986/87": a split year, read as a period.
        let split = self.is_symbol(k + 1, &["-", "/"]) && self.glued(k + 2) && self.number(k + 2).is_some();
        if self.glued(k + 1) && (split || self.toks.get(k + 1).is_some_and(|t| t.kind != TokenKind::Symbol)) {
            return None;
        }
        let value = Value::Date(PartialDate::year(year));
        Some(self.date_candidate(i, k + 1, k + 1, value, Qualifier::Approx, BuiltinRule::DateFiscalYear))
    }

    /// A whole number of calendar units at `j` ("3 days", "two years"): the
    /// duration's candidate, the count and the unit.
    pub(super) fn calendar_duration(&self, j: usize) -> Option<(Candidate, i64, String)> {
        // Most amounts are no durations: the memo is looked at before one is
        // cloned.
        self.amount_consumed(j)?;
        let exact_duration =
            |c: &Candidate| c.mention.kind == Kind::Duration && c.mention.qualifier == Qualifier::Exact;
        if self.amounts.borrow().get(j).is_some_and(|known| !known.is_some_and(exact_duration)) {
            return None;
        }
        let c = self.amount_at(j).filter(exact_duration)?;
        let v = c.mention.number()?;
        if !v.fract().is_zero() || v <= Decimal::ZERO || v > Decimal::from(10_000) {
            return None;
        }
        let n = i64::try_from(v.trunc().normalize().mantissa()).ok()?;
        let unit = c.mention.unit.clone()?;
        Day(0).add_units(1, &unit)?;
        Some((c, n, unit))
    }

    /// A whole number of calendar units at `j` starting there, or one after an
    /// article ("a year", "a fortnight"): the count, the unit, one past the last
    /// token in the span and one past the last consumed.
    pub(super) fn calendar_units_at(&self, j: usize) -> Option<(i64, String, usize, usize)> {
        if let Some((c, n, unit)) = self.calendar_duration(j).filter(|(c, _, _)| c.start == j) {
            return Some((n, unit, c.end, c.consumed));
        }
        if !(self.is_word(j, "a") || self.is_word(j, "an")) || self.glued(j + 1) {
            return None;
        }
        let (d, end) = self.longest(j + 1, |e| if let Entry::Duration(d) = e { Some(d) } else { None })?;
        let unit = self.lex.durations[d as usize].clone();
        // "a week", not "a weeks".
        if self.tok_text(end - 1).ends_with(['s', 'S']) && !unit.ends_with('s') {
            return None;
        }
        Day(0).add_units(1, &unit)?;
        Some((1, unit, end, end))
    }

    /// "2 weeks and 2 days", "2 years 1 month 21 days", "a year and a half":
    /// calendar units in a row at `j`, each shorter than the one before (a half
    /// or a quarter of the last one in a shorter unit when whole: six months of
    /// a year). The parts, one past the last token in the span and one past the
    /// last consumed.
    pub(super) fn calendar_run(&self, j: usize) -> Option<(CalendarRun, usize, usize)> {
        let (n, unit, mut end, mut consumed) = self.calendar_units_at(j)?;
        let mut parts = vec![(n, unit)];
        loop {
            let mut k = consumed;
            if self.is_symbol(k, &[","]) {
                k += 1;
            }
            if self.is_word(k, "and") {
                k += 1;
            }
            let last = parts[parts.len() - 1].1.as_str();
            if k > consumed
                && (self.is_word(k, "a") || self.is_word(k, "an"))
                && let Some(Entry::FractionWord(f)) = self.number_entry(k + 1)
            {
                let per = match last {
                    "year" => Some((12, "month")),
                    "quarter" => Some((3, "month")),
                    "fortnight" => Some((14, "day")),
                    "week" => Some((7, "day")),
                    _ => None,
                };
                if let Some((per, small)) = per
                    && let Some(m) = Some(f * Decimal::from(per)).filter(|m| m.fract().is_zero())
                    && !self.has(k + 2, |e| matches!(e, Entry::Duration(_) | Entry::Multiplier(_)))
                {
                    parts.push((i64::try_from(m.trunc().normalize().mantissa()).ok()?, small.to_string()));
                    end = k + 2;
                    consumed = k + 2;
                }
                break;
            }
            match self.calendar_units_at(k) {
                Some((n, u, e, c)) if calendar_rank(&u) < calendar_rank(last) => {
                    parts.push((n, u));
                    end = e;
                    consumed = c;
                }
                _ => break,
            }
        }
        Some((parts, end, consumed))
    }

    /// "2 quarters", "three quarters" after a span word: calendar quarters
    /// (alone, "three quarters" is a fraction). The count, the unit, and one past
    /// the last token.
    pub(super) fn quarters_at(&self, j: usize) -> Option<(i64, String, usize, usize)> {
        let num = self.number(j)?;
        if num.ordinal || num.article || num.value <= Decimal::ZERO {
            return None;
        }
        let quarter_word = |k: usize| self.date_word(k, |w| (w == DateWord::YearPartUnit(3)).then_some(()));
        // "three quarters" read as the number 0.75 took the word in.
        let (count, end) = match quarter_word(num.end - 1) {
            Some((_, end)) if end == num.end && !num.value.fract().is_zero() => (num.value * Decimal::from(4), end),
            _ => (num.value, quarter_word(num.end)?.1),
        };
        if !count.fract().is_zero() {
            return None;
        }
        let n = i64::try_from(count.trunc().normalize().mantissa()).ok().filter(|&n| n <= 400)?;
        Some((n, "quarter".to_string(), end, end))
    }

    /// "the next 3 days", "the past two weeks", "within 9 months", "the 5 past
    /// years": a span of calendar units from the document date.
    pub(super) fn span_at(&self, i: usize) -> Option<Candidate> {
        let span_word = |k: usize| self.date_word(k, |w| if let DateWord::Span(d) = w { Some(d) } else { None });
        let (dir, parts, consumed, span_end) = if let Some((dir, mut j)) = span_word(i) {
            // "within the next 10 months": from today.
            if dir == 0
                && let Some((_, k)) = span_word(j).filter(|(d, _)| *d > 0)
            {
                j = k;
            }
            let (parts, consumed, end) = match self.calendar_duration(j) {
                Some((c, n, unit)) => {
                    let (parts, end, consumed) = self.calendar_run(c.start)?;
                    // "the last 3 months and 2 days ago": the rest is a shift's.
                    let shift = |w| matches!(w, DateWord::Shift(_) | DateWord::ShiftFrom(_)).then_some(());
                    if parts.len() > 1 && self.date_word(consumed, shift).is_some() {
                        (vec![(n, unit)], c.consumed, c.end)
                    } else {
                        (parts, consumed, end)
                    }
                }
                None => {
                    let (n, unit, consumed, end) = self.quarters_at(j)?;
                    (vec![(n, unit)], consumed, end)
                }
            };
            // "the last 3 weeks of this year": counted from another date.
            if self.is_word(consumed, "of") {
                return None;
            }
            (dir, parts, consumed, end)
        } else {
            // "the 5 past years", "the 2 next days".
            let num = self.number(i)?;
            if num.ordinal || num.article || !num.value.fract().is_zero() || num.value <= Decimal::ZERO {
                return None;
            }
            let (dir, k) = span_word(num.end)?;
            let (d, end) = self.longest(k, |e| if let Entry::Duration(d) = e { Some(d) } else { None })?;
            // "only 3 next week": the number counts something else.
            if self.is_word(end, "of") || !self.tok_text(end - 1).ends_with(['s', 'S']) {
                return None;
            }
            let unit = self.lex.durations[d as usize].clone();
            let n = i64::try_from(num.value.trunc().normalize().mantissa()).ok().filter(|&n| n <= 10_000)?;
            Day(0).add_units(1, &unit)?;
            (dir, vec![(n, unit)], end, end)
        };
        // Without a document date the duration stays what it is.
        let value = match self.doc_date.map(|d| d.first_day()) {
            None => return None,
            Some(today) => {
                // Quarters are calendar quarters: "the last 2 quarters" are the two
                // before the current one.
                let today = if parts[0].1 == "quarter" && dir != 0 {
                    let (y, m, _) = today.to_civil();
                    let first = Day::from_civil(y, (m - 1) / 3 * 3 + 1, 1);
                    if dir > 0 { first.add_months(3)?.add_days(-1) } else { first }
                } else {
                    today
                };
                // "the next 4 business days": the four after today, weekends skipped.
                if let [(n, unit)] = parts.as_slice()
                    && unit == "business day"
                {
                    let (from, to) = match dir.signum() {
                        1 => (today.add_business_days(1), today.add_business_days(*n)),
                        -1 => (today.add_business_days(-*n), today.add_business_days(-1)),
                        _ => (today, today.add_business_days(*n - 1)),
                    };
                    let value = Value::DateRange(from.to_date(), to.to_date());
                    return Some(self.date_candidate(
                        i,
                        span_end,
                        consumed,
                        value,
                        Qualifier::Range,
                        BuiltinRule::DateSpan,
                    ));
                }
                let (from, to) = match dir.signum() {
                    1 => (today.add_days(1), shift_by(today.add_days(1), &parts, 1)?),
                    -1 => (shift_by(today, &parts, -1)?, today),
                    _ => (today, shift_by(today, &parts, 1)?),
                };
                Value::DateRange(from.to_date(), to.add_days(-1).to_date())
            }
        };
        Some(self.date_candidate(i, span_end, consumed, value, Qualifier::Range, BuiltinRule::DateSpan))
    }

    /// "two years ago", "3 weeks later", "in 2 weeks", "3 days after January
    /// 12th", "two days before yesterday": a day a whole number of calendar units
    /// from the document date or from another day.
    pub(super) fn shifted_at(&self, i: usize) -> Option<Candidate> {
        let ahead = self.date_word(i, |w| (w == DateWord::Ahead).then_some(())).map(|(_, end)| end);
        if let Some(j) = ahead {
            // "the first time in 10 years", "the lowest in five years": a stretch of time.
            if i > 0 {
                let prev = self.tok_text(i - 1).to_ascii_lowercase();
                let superlative = prev.len() > 4 && prev.ends_with("est");
                if superlative || self.date_word(i - 1, |w| (w == DateWord::NotAhead).then_some(())).is_some() {
                    return None;
                }
            }
            // "in a week" stays out: "in a year" is mostly a stretch of time.
            let (c, ..) = self.calendar_duration(j)?;
            // "in 30-year bonds": a hyphenated duration describes what follows
            // ("the next 12-month period" is still a span).
            if (c.start + 1..c.end).any(|k| self.is_symbol(k, &["-"]) && self.glued(k) && self.glued(k + 1)) {
                return None;
            }
            let (parts, end, consumed) = self.calendar_run(c.start)?;
            // "in two years since 2011", "in 3 days from now": something else.
            let followed =
                self.date_word(consumed, |w| matches!(w, DateWord::Shift(_) | DateWord::ShiftFrom(_)).then_some(()));
            if followed.is_some() {
                return None;
            }
            let value = match self.doc_date {
                None => return None,
                Some(d) => Value::Date(shift_by(d.first_day(), &parts, 1)?.to_date()),
            };
            return Some(self.shifted(i, end, consumed, value));
        }
        let (parts, _, k) = self.calendar_run(i)?;
        if let Some((dir, end)) = self.date_word(k, |w| if let DateWord::Shift(d) = w { Some(d) } else { None }) {
            let value = match self.doc_date {
                None => return None,
                Some(d) => Value::Date(shift_by(d.first_day(), &parts, i64::from(dir.signum()))?.to_date()),
            };
            return Some(self.shifted(i, end, end, value));
        }
        let (dir, j) = self.date_word(k, |w| if let DateWord::ShiftFrom(d) = w { Some(d) } else { None })?;
        let anchor = self.date_at(j)?;
        let value = match anchor.mention.value {
            Value::Date(d) if d.precision == Precision::Day => {
                Value::Date(shift_by(d.first_day(), &parts, i64::from(dir.signum()))?.to_date())
            }
            _ => return None,
        };
        Some(self.shifted(i, anchor.end, anchor.consumed, value))
    }

    /// A date found by one of the scanner's own date readers: tokens
    /// `start..end` are its span, `consumed` where scanning goes on.
    pub(super) fn date_candidate(
        &self,
        start: usize,
        end: usize,
        consumed: usize,
        value: Value,
        qualifier: Qualifier,
        rule: BuiltinRule,
    ) -> Candidate {
        let mention = Mention {
            start: self.toks[start].start as usize,
            end: self.toks[end - 1].end as usize,
            kind: Kind::Date,
            value,
            unit: None,
            qualifier,
            low: None,
            high: None,
            step: Decimal::ONE,
            rule: rule.name(),
        };
        Candidate { start, end, consumed, mention, scale: Decimal::ONE }
    }

    pub(super) fn shifted(&self, start: usize, end: usize, consumed: usize, value: Value) -> Candidate {
        self.date_candidate(start, end, consumed, value, Qualifier::Exact, BuiltinRule::DateShifted)
    }

    // ---- dates -----------------------------------------------------------

    /// The longest holiday name at `pos`: a fixed day (month, day) or a movable
    /// one; and one past its last token.
    pub(super) fn holiday_at(&self, pos: usize) -> Option<(HolidayDay, usize)> {
        self.longest(pos, |e| match e {
            Entry::Holiday { month, day } => Some(Ok((month, day))),
            Entry::EasterHoliday(offset) => Some(Err(Movable::Easter(offset))),
            Entry::WeekdayHoliday { month, weekday, nth, offset } => {
                Some(Err(Movable::Weekday { month, weekday, nth, offset }))
            }
            _ => None,
        })
    }

    pub(super) fn resolve_date(&self, s: &Slots) -> Option<Value> {
        let doc = self.doc_date.map(|d| d.first_day());
        if let Some(movable) = s.movable {
            let on = |y: i32| movable.day_in(y);
            let day = match (s.year, doc) {
                (Some(y), _) => on(y)?,
                (None, None) => return Some(Value::UnresolvedDate),
                (None, Some(today)) => {
                    let y = today.to_civil().0;
                    let days = [on(y - 1)?, on(y)?, on(y + 1)?];
                    match s.direction {
                        Some(0) => on(y)?,
                        Some(1) => days.into_iter().find(|d| d.0 > today.0)?,
                        Some(_) => days.into_iter().rev().find(|d| d.0 < today.0)?,
                        None => days.into_iter().min_by_key(|d| (d.0 - today.0).abs())?,
                    }
                }
            };
            return Some(Value::Date(day.to_date()));
        }
        if let Some((unit, offset)) = s.relative {
            let Some(today) = doc else { return Some(Value::UnresolvedDate) };
            // "next weekend": Saturday and Sunday of next week.
            if unit == RelativeUnit::Weekend {
                if s.weekday.is_some() {
                    return None;
                }
                let saturday = today.add_days(7 * i64::from(offset) + 5 - i64::from(today.weekday()));
                return Some(Value::DateRange(saturday.to_date(), saturday.add_days(1).to_date()));
            }
            // "Tuesday of next week": that day of the week named.
            if let Some((weekday, _)) = s.weekday {
                if unit != RelativeUnit::Week {
                    return None;
                }
                let monday = today.add_days(7 * i64::from(offset) - i64::from(today.weekday()));
                return Some(Value::Date(monday.add_days(i64::from(weekday)).to_date()));
            }
            let (y, m, _) = today.to_civil();
            let date = match unit {
                RelativeUnit::Day => today.add_days(i64::from(offset)).to_date(),
                RelativeUnit::Week => PartialDate::week_of(today.add_days(7 * i64::from(offset))),
                RelativeUnit::Month => {
                    let months = i64::from(y) * 12 + i64::from(m) - 1 + i64::from(offset);
                    PartialDate::ym(months.div_euclid(12) as i32, (months.rem_euclid(12) + 1) as u8)?
                }
                RelativeUnit::Year => PartialDate::year(y + offset),
                RelativeUnit::Weekend => return None,
                RelativeUnit::Quarter => {
                    let first = i64::from(y) * 12 + i64::from((m - 1) / 3 * 3) + 3 * i64::from(offset);
                    let month = |k: i64| PartialDate::ym(k.div_euclid(12) as i32, (k.rem_euclid(12) + 1) as u8);
                    return Some(Value::DateRange(month(first)?, month(first + 2)?));
                }
            };
            return Some(Value::Date(date));
        }
        if let Some((weekday, forward)) = s.weekday {
            let Some(today) = doc else { return Some(Value::UnresolvedDate) };
            // "next Friday": the Friday of next week; "last Wednesday": of the week before.
            if let Some(dir) = s.direction {
                let monday = today.add_days(-i64::from(today.weekday()));
                return Some(Value::Date(monday.add_days(7 * i64::from(dir) + i64::from(weekday)).to_date()));
            }
            let delta = i64::from(weekday) - i64::from(today.weekday());
            let day = if forward {
                today.add_days(if delta <= 0 { delta + 7 } else { delta })
            } else {
                today.add_days(if delta > 0 { delta - 7 } else { delta })
            };
            return Some(Value::Date(day.to_date()));
        }
        let year = s.year;
        if s.decade {
            return Some(Value::Date(PartialDate::decade(year?)));
        }
        match (s.day, s.month, year) {
            (Some(d), Some(m), Some(y)) => PartialDate::ymd(y, m, d).map(Value::Date),
            (None, Some(m), Some(y)) => PartialDate::ym(y, m).map(Value::Date),
            (Some(d), Some(m), None) => {
                if d > crate::date::days_in_month(2024, m) {
                    return None;
                }
                let Some(today) = doc else { return Some(Value::UnresolvedDate) };
                let (y, _, _) = today.to_civil();
                let mut days = (y - 1..=y + 1).filter_map(|yy| PartialDate::ymd(yy, m, d));
                match s.direction {
                    // "next Christmas", "last Halloween": the one after or before.
                    Some(0) => PartialDate::ymd(y, m, d),
                    Some(1) => days.find(|c| c.first_day().0 > today.0),
                    Some(_) => days.rev().find(|c| c.first_day().0 < today.0),
                    // The reading closest to the document date.
                    None => days.min_by_key(|c| (c.first_day().0 - today.0).abs()),
                }
                .map(Value::Date)
            }
            (None, None, Some(y)) => Some(Value::Date(PartialDate::year(y))),
            (Some(d), None, None) => {
                // "on the 18th": this month's, the last or the next, whichever is closest.
                let Some(today) = doc else { return Some(Value::UnresolvedDate) };
                let (y, m, _) = today.to_civil();
                let here = i64::from(y) * 12 + i64::from(m) - 1;
                (here - 1..=here + 1)
                    .filter_map(|k| PartialDate::ymd(k.div_euclid(12) as i32, (k.rem_euclid(12) + 1) as u8, d))
                    .min_by_key(|c| (c.first_day().0 - today.0).abs())
                    .map(Value::Date)
            }
            (None, Some(m), None) => {
                let Some(today) = doc else { return Some(Value::UnresolvedDate) };
                let (y, tm, _) = today.to_civil();
                let year = match s.direction {
                    Some(0) => y,
                    Some(1) => {
                        if m > tm {
                            y
                        } else {
                            y + 1
                        }
                    }
                    Some(_) => {
                        if m < tm {
                            y
                        } else {
                            y - 1
                        }
                    }
                    // The reading closest to the document date.
                    None => {
                        (y - 1..=y + 1)
                            .filter_map(|yy| PartialDate::ym(yy, m))
                            .min_by_key(|c| (c.first_day().0 - today.0).abs())?
                            .year
                    }
                };
                PartialDate::ym(year, m).map(Value::Date)
            }
            _ => None,
        }
    }
}
