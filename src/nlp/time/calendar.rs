//! Calendar arithmetic: what a recognised time expression ([`Expr`]) means as an interval of
//! days, given a basis date (the publication date, or "today" for a question).
//!
//! Owns the semantics, which follow two_timer's (see `docs/crates.md`): a bare weekday is the
//! most recent such day on or before the basis; "last week" is the previous ISO week,
//! Monday–Sunday; a month or day without a year is its most recent occurrence not after the
//! basis. Units counted back ("three weeks ago") keep their unit's granularity: the week,
//! month or year that contains the day counted back. Nothing here panics: every date
//! construction is checked and an impossible date yields `None`.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

/// A calendar unit that relative expressions count in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// Which occurrence of a weekday an expression means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Which {
    /// "Tuesday", "on Tuesday": the most recent one on or before the basis.
    Recent,
    /// "last Tuesday": the most recent one strictly before the basis.
    Last,
    /// "this Tuesday": the one in the basis' ISO week.
    This,
    /// "next Tuesday": the first one strictly after the basis.
    Next,
}

/// A recognised time expression, before resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expr {
    /// A day with its year: "Feb. 24, 2022", "2016-10-21".
    Date(NaiveDate),
    /// A month with its year: "February 2022".
    Month(i32, u32),
    /// "in 2016".
    Year(i32),
    /// "the 1990s": the first year of the decade.
    Decade(i32),
    /// A day without a year: "Sept. 11", "24 February"; the latest one at most 90 days
    /// after the basis.
    MonthDay(u32, u32),
    /// A month without a year: "in February", the most recent one not after the basis.
    MonthOnly(u32),
    Weekday(Weekday, Which),
    /// "yesterday" (-1), "today" (0), "tomorrow" (1), "two days ago" (-2).
    DayOffset(i64),
    /// The unit containing the basis, shifted: "last week" (Week, -1), "this year" (Year, 0),
    /// "three weeks ago" (Week, -3).
    Shift(Unit, i32),
    /// "earlier this week/month/year" (true) or "later this …" (false).
    Part(Unit, bool),
    /// "the past week": the `n` days up to and including the basis.
    Past(i64),
    /// A weekend, Saturday–Sunday: `Recent` is the last one begun before the basis ("over
    /// the weekend"), `Last` the previous ISO week's ("last weekend"), `This` the basis' ISO
    /// week's, `Next` the following ISO week's.
    Weekend(Which),
    /// "recently", "days ago": a time, but no interval can honestly be given.
    Vague,
}

impl Expr {
    /// Whether the expression needs a basis date to mean anything.
    pub(crate) fn is_relative(&self) -> bool {
        !matches!(
            self,
            Expr::Date(_) | Expr::Month(..) | Expr::Year(_) | Expr::Decade(_)
        )
    }

    /// First and last day of the interval; `None` when relative without a basis, vague, or
    /// off the calendar.
    pub(crate) fn resolve(&self, basis: Option<NaiveDate>) -> Option<(NaiveDate, NaiveDate)> {
        match *self {
            Expr::Date(d) => Some((d, d)),
            Expr::Month(y, m) => month(y, m),
            Expr::Year(y) => year(y),
            Expr::Decade(y) => Some((ymd(y, 1, 1)?, ymd(y + 9, 12, 31)?)),
            Expr::Vague => None,
            _ => self.resolve_relative(basis?),
        }
    }

    fn resolve_relative(&self, b: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        match *self {
            Expr::MonthDay(m, d) => month_day(m, d, b).map(|x| (x, x)),
            Expr::MonthOnly(m) => {
                let y = if m <= b.month() {
                    b.year()
                } else {
                    b.year() - 1
                };
                month(y, m)
            }
            Expr::Weekday(w, which) => weekday(w, which, b).map(|x| (x, x)),
            Expr::DayOffset(n) => b.checked_add_signed(Duration::try_days(n)?).map(|x| (x, x)),
            Expr::Shift(unit, n) => shift(unit, n, b),
            Expr::Part(unit, earlier) => {
                let (s, e) = shift(unit, 0, b)?;
                Some(if earlier { (s, b) } else { (b, e) })
            }
            Expr::Past(n) => Some((b.checked_sub_signed(Duration::try_days(n - 1)?)?, b)),
            Expr::Weekend(n) => weekend(n, b),
            _ => None,
        }
    }
}

pub(crate) fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = ymd(y, m, 1)?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    Some((first, last))
}

fn year(y: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((ymd(y, 1, 1)?, ymd(y, 12, 31)?))
}

/// Monday of the ISO week holding `d`.
pub(crate) fn monday(d: NaiveDate) -> Option<NaiveDate> {
    d.checked_sub_signed(Duration::try_days(i64::from(
        d.weekday().num_days_from_monday(),
    ))?)
}

/// How far ahead of the basis a day without a year may lie: news names coming days
/// ("the debate, Oct. 9") as often as past ones, but a date months ahead is last year's.
const MONTH_DAY_AHEAD: i64 = 90;

/// The latest `m`/`d` no more than [`MONTH_DAY_AHEAD`] days after the basis; Feb 29 looks
/// back to the last leap year.
fn month_day(m: u32, d: u32, b: NaiveDate) -> Option<NaiveDate> {
    let limit = b.checked_add_signed(Duration::try_days(MONTH_DAY_AHEAD)?)?;
    (-1..8)
        .filter_map(|back| ymd(b.year().checked_sub(back)?, m, d))
        .find(|x| *x <= limit)
}

fn weekday(w: Weekday, which: Which, b: NaiveDate) -> Option<NaiveDate> {
    let back = (7 + b.weekday().num_days_from_monday() - w.num_days_from_monday()) % 7;
    let back = i64::from(back);
    let days = match which {
        Which::Recent => -back,
        Which::Last if back == 0 => -7,
        Which::Last => -back,
        Which::Next if back == 0 => 7,
        Which::Next => 7 - back,
        Which::This => {
            let from_monday = i64::from(w.num_days_from_monday());
            from_monday - i64::from(b.weekday().num_days_from_monday())
        }
    };
    b.checked_add_signed(Duration::try_days(days)?)
}

/// The `unit` containing the basis, moved by `n` units.
fn shift(unit: Unit, n: i32, b: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    match unit {
        Unit::Day => {
            let d = b.checked_add_signed(Duration::try_days(i64::from(n))?)?;
            Some((d, d))
        }
        Unit::Week => {
            let mon = monday(b)?.checked_add_signed(Duration::try_weeks(i64::from(n))?)?;
            Some((mon, mon.checked_add_signed(Duration::try_days(6)?)?))
        }
        Unit::Month => {
            let first = ymd(b.year(), b.month(), 1)?;
            let moved = if n >= 0 {
                first.checked_add_months(Months::new(n.unsigned_abs()))?
            } else {
                first.checked_sub_months(Months::new(n.unsigned_abs()))?
            };
            month(moved.year(), moved.month())
        }
        Unit::Year => year(b.year().checked_add(n)?),
    }
}

fn weekend(which: Which, b: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let weeks = match which {
        // The Saturday strictly before the basis: on a Sunday that is yesterday.
        Which::Recent => return weekend_from(weekday(Weekday::Sat, Which::Last, b)?),
        Which::Last => -1,
        Which::This => 0,
        Which::Next => 1,
    };
    let mon = monday(b)?.checked_add_signed(Duration::try_weeks(weeks)?)?;
    weekend_from(mon.checked_add_signed(Duration::try_days(5)?)?)
}

fn weekend_from(sat: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    Some((sat, sat.succ_opt()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn resolves_against_a_basis() {
        use Expr::*;
        let cases: &[(Expr, &str, &str, &str)] = &[
            (
                Shift(Unit::Week, -1),
                "2025-10-22",
                "2025-10-13",
                "2025-10-19",
            ),
            (
                Shift(Unit::Week, -1),
                "2025-01-02",
                "2024-12-23",
                "2024-12-29",
            ),
            (
                Shift(Unit::Week, -1),
                "2025-10-19",
                "2025-10-06",
                "2025-10-12",
            ),
            (
                Shift(Unit::Week, -1),
                "2025-10-20",
                "2025-10-13",
                "2025-10-19",
            ),
            (
                Shift(Unit::Week, 0),
                "2025-10-22",
                "2025-10-20",
                "2025-10-26",
            ),
            (
                Shift(Unit::Week, 1),
                "2025-10-22",
                "2025-10-27",
                "2025-11-02",
            ),
            (
                Shift(Unit::Month, -1),
                "2025-01-15",
                "2024-12-01",
                "2024-12-31",
            ),
            (
                Shift(Unit::Month, -1),
                "2024-03-31",
                "2024-02-01",
                "2024-02-29",
            ),
            (
                Shift(Unit::Year, -1),
                "2025-10-22",
                "2024-01-01",
                "2024-12-31",
            ),
            (
                Part(Unit::Month, true),
                "2025-10-22",
                "2025-10-01",
                "2025-10-22",
            ),
            (
                Part(Unit::Month, false),
                "2025-10-22",
                "2025-10-22",
                "2025-10-31",
            ),
            (
                Part(Unit::Week, true),
                "2025-10-22",
                "2025-10-20",
                "2025-10-22",
            ),
            (DayOffset(-1), "2025-03-01", "2025-02-28", "2025-02-28"),
            (DayOffset(-1), "2024-03-01", "2024-02-29", "2024-02-29"),
            (DayOffset(-2), "2025-01-01", "2024-12-30", "2024-12-30"),
            (MonthOnly(2), "2025-10-22", "2025-02-01", "2025-02-28"),
            (MonthOnly(12), "2025-01-10", "2024-12-01", "2024-12-31"),
            (MonthOnly(10), "2025-10-22", "2025-10-01", "2025-10-31"),
            (MonthDay(2, 29), "2025-10-22", "2024-02-29", "2024-02-29"),
            (MonthDay(10, 21), "2025-10-22", "2025-10-21", "2025-10-21"),
            (MonthDay(10, 23), "2025-10-22", "2025-10-23", "2025-10-23"),
            (MonthDay(12, 23), "2025-10-22", "2025-12-23", "2025-12-23"),
            (MonthDay(2, 24), "2025-10-22", "2025-02-24", "2025-02-24"),
            (MonthDay(1, 5), "2025-12-28", "2026-01-05", "2026-01-05"),
            (
                Weekday(chrono::Weekday::Tue, Which::Recent),
                "2025-10-22",
                "2025-10-21",
                "2025-10-21",
            ),
            (
                Weekday(chrono::Weekday::Wed, Which::Recent),
                "2025-10-22",
                "2025-10-22",
                "2025-10-22",
            ),
            (
                Weekday(chrono::Weekday::Thu, Which::Recent),
                "2025-10-22",
                "2025-10-16",
                "2025-10-16",
            ),
            (
                Weekday(chrono::Weekday::Wed, Which::Last),
                "2025-10-22",
                "2025-10-15",
                "2025-10-15",
            ),
            (
                Weekday(chrono::Weekday::Mon, Which::Next),
                "2025-10-22",
                "2025-10-27",
                "2025-10-27",
            ),
            (
                Weekday(chrono::Weekday::Fri, Which::This),
                "2025-10-22",
                "2025-10-24",
                "2025-10-24",
            ),
            (
                Weekday(chrono::Weekday::Sun, Which::Recent),
                "2025-10-20",
                "2025-10-19",
                "2025-10-19",
            ),
            (
                Weekend(Which::Recent),
                "2025-10-22",
                "2025-10-18",
                "2025-10-19",
            ),
            (
                Weekend(Which::Recent),
                "2025-10-19",
                "2025-10-18",
                "2025-10-19",
            ),
            (
                Weekend(Which::Last),
                "2025-10-22",
                "2025-10-18",
                "2025-10-19",
            ),
            (
                Weekend(Which::Last),
                "2025-10-19",
                "2025-10-11",
                "2025-10-12",
            ),
            (
                Weekend(Which::This),
                "2025-10-22",
                "2025-10-25",
                "2025-10-26",
            ),
            (Past(7), "2025-10-22", "2025-10-16", "2025-10-22"),
            (Decade(1990), "2025-10-22", "1990-01-01", "1999-12-31"),
        ];
        for (expr, basis, start, end) in cases {
            let got = expr.resolve(Some(d(basis)));
            assert_eq!(got, Some((d(start), d(end))), "{expr:?} on {basis}");
        }
    }

    #[test]
    fn relative_needs_a_basis_absolute_does_not() {
        assert_eq!(Expr::Shift(Unit::Week, -1).resolve(None), None);
        assert_eq!(Expr::Vague.resolve(Some(d("2025-10-22"))), None);
        let feb = Expr::Month(2022, 2).resolve(None);
        assert_eq!(feb, Some((d("2022-02-01"), d("2022-02-28"))));
        assert_eq!(Expr::Month(2022, 13).resolve(None), None);
        assert!(Expr::MonthDay(2, 30)
            .resolve(Some(d("2025-10-22")))
            .is_none());
    }
}
