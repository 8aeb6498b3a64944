//! Plain calendar dates (`2026-03-10`): no time, no zone, no clock.
//!
//! The core has no clock. Whoever calls a rule that depends on "today" (a birth date that
//! must not be in the future, an appointment date within a window) passes today's date in
//! China Standard Time (UTC+08:00): the browser from the device, the server from its clock.
//!
//! Dates are proleptic Gregorian, years 1..=9999, the only range the wire format
//! (`YYYY-MM-DD`, ISO 8601 calendar date, extended format) can express.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date. Always a real day: build it with [`CalendarDate::new`] or
/// [`CalendarDate::parse`], which reject 2026-02-29 and month 13.
///
/// Ordered by time (year, then month, then day). On the wire it is the string
/// `"YYYY-MM-DD"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a text is not a calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the shape `YYYY-MM-DD` (4, 2 and 2 ASCII digits, dashes).
    #[error("not a date of the form YYYY-MM-DD")]
    Format,
    /// The shape is right but there is no such day (month 13, 2026-02-29, year 0).
    #[error("no such day in the calendar")]
    NoSuchDay,
}

/// Whether `year` is a leap year in the Gregorian calendar: divisible by 4, except
/// centuries, except every fourth century (2000 is one, 1900 is not).
pub const fn is_leap_year(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1–12) of `year`; 0 for a month outside 1–12.
pub const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl CalendarDate {
    /// The earliest date: 0001-01-01.
    pub const MIN: CalendarDate = CalendarDate {
        year: 1,
        month: 1,
        day: 1,
    };
    /// The latest date: 9999-12-31.
    pub const MAX: CalendarDate = CalendarDate {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// The date `year`-`month`-`day`, or `None` when there is no such day (year outside
    /// 1–9999, month outside 1–12, day past the end of the month).
    pub const fn new(year: u16, month: u8, day: u8) -> Option<CalendarDate> {
        if year >= 1 && year <= 9999 && day >= 1 && day <= days_in_month(year, month) {
            Some(CalendarDate { year, month, day })
        } else {
            None
        }
    }

    /// Year, 1–9999.
    pub fn year(self) -> u16 {
        self.year
    }

    /// Month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// Day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Parses exactly `YYYY-MM-DD` (ASCII digits, zero-padded, dashes). Nothing else:
    /// lenient forms typed by residents are the form rules' business
    /// ([`crate::rules::normalize_date`]).
    ///
    /// Errors: [`DateError::Format`], [`DateError::NoSuchDay`].
    pub fn parse(text: &str) -> Result<CalendarDate, DateError> {
        let b = text.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(DateError::Format);
        }
        let num = |range: std::ops::Range<usize>| {
            b[range]
                .iter()
                .fold(0u16, |n, c| n * 10 + u16::from(c - b'0'))
        };
        let (year, month, day) = (num(0..4), num(5..7), num(8..10));
        // month and day are at most 99: they fit in u8.
        CalendarDate::new(year, month as u8, day as u8).ok_or(DateError::NoSuchDay)
    }

    /// Days since 1970-01-01 (negative before it). Algorithm: H. Hinnant,
    /// "chrono-Compatible Low-Level Date Algorithms", `days_from_civil`.
    pub fn to_days(self) -> i64 {
        let m = i64::from(self.month);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (before it when negative), or `None` outside
    /// 0001-01-01..=9999-12-31. Inverse of [`CalendarDate::to_days`] (Hinnant,
    /// `civil_from_days`).
    pub fn from_days(days: i64) -> Option<CalendarDate> {
        if days < CalendarDate::MIN.to_days() || days > CalendarDate::MAX.to_days() {
            return None;
        }
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        CalendarDate::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// The date `n` days later (earlier when `n` is negative), saturating at
    /// [`CalendarDate::MIN`] and [`CalendarDate::MAX`].
    pub fn add_days(self, n: i64) -> CalendarDate {
        let target = self.to_days().saturating_add(n);
        CalendarDate::from_days(target).unwrap_or(if n < 0 {
            CalendarDate::MIN
        } else {
            CalendarDate::MAX
        })
    }

    /// Whole days from `self` to `other`: positive when `other` is later.
    pub fn days_until(self, other: CalendarDate) -> i64 {
        other.to_days() - self.to_days()
    }

    /// The date of the UTC+08:00 (China Standard Time, no daylight saving) calendar at
    /// `unix_seconds` seconds after 1970-01-01T00:00:00Z. For the server's "today".
    pub fn in_china_at(unix_seconds: i64) -> CalendarDate {
        let local = unix_seconds.saturating_add(8 * 3600);
        CalendarDate::from_days(local.div_euclid(86_400)).unwrap_or(CalendarDate::MAX)
    }
}

impl CalendarDate {
    /// The date as a Chinese reader writes it: `2026年3月10日`.
    pub fn to_zh(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// The date as a British English reader writes it: `10 March 2026`.
    pub fn to_en(&self) -> String {
        format!("{} {} {}", self.day, self.month_en(), self.year)
    }

    /// The month's English name: `March`.
    pub fn month_en(&self) -> &'static str {
        MONTHS_EN
            .get(usize::from(self.month).wrapping_sub(1))
            .copied()
            .unwrap_or("?")
    }

    /// The day of the week, numbered as ISO 8601 does: 1 is Monday, 7 is Sunday.
    /// (1970-01-01 was a Thursday.)
    pub fn weekday(&self) -> u8 {
        // to_days() is within ±3 700 000, and rem_euclid(7) is 0..=6: it fits in u8.
        (self.to_days() + 3).rem_euclid(7) as u8 + 1
    }

    /// The day of the week in Chinese: `星期四`.
    pub fn weekday_zh(&self) -> &'static str {
        const NAMES: [&str; 7] = [
            "星期一",
            "星期二",
            "星期三",
            "星期四",
            "星期五",
            "星期六",
            "星期日",
        ];
        NAMES[usize::from(self.weekday() - 1) % 7]
    }

    /// The day of the week in English: `Thursday`.
    pub fn weekday_en(&self) -> &'static str {
        const NAMES: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        NAMES[usize::from(self.weekday() - 1) % 7]
    }
}

/// English month names, January first.
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl fmt::Display for CalendarDate {
    /// `YYYY-MM-DD`, zero-padded.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for CalendarDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CalendarDate::parse(s)
    }
}

impl Serialize for CalendarDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CalendarDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        CalendarDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> CalendarDate {
        CalendarDate::parse(s).unwrap()
    }

    #[test]
    fn parse_and_format() {
        assert_eq!(d("2026-03-10").to_string(), "2026-03-10");
        assert_eq!(d("2026-03-10").to_zh(), "2026年3月10日");
        assert_eq!(d("2026-12-01").to_en(), "1 December 2026");
        assert_eq!(d("0001-01-01"), CalendarDate::MIN);
        assert_eq!(d("2000-02-29").day(), 29);
        assert_eq!(CalendarDate::parse("1900-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(CalendarDate::parse("2026-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(CalendarDate::parse("2026-00-01"), Err(DateError::NoSuchDay));
        assert_eq!(CalendarDate::parse("0000-01-01"), Err(DateError::NoSuchDay));
        for bad in [
            "2026-3-10",
            "2026/03/10",
            "20260310",
            "",
            "２０２６-03-10",
            "2026-03-1０",
        ] {
            assert_eq!(CalendarDate::parse(bad), Err(DateError::Format), "{bad}");
        }
    }

    #[test]
    fn day_arithmetic() {
        assert_eq!(d("1970-01-01").to_days(), 0);
        assert_eq!(d("2000-03-01").to_days(), 11_017);
        assert_eq!(d("2026-12-31").add_days(1), d("2027-01-01"));
        assert_eq!(d("2024-02-28").add_days(1), d("2024-02-29"));
        assert_eq!(d("2025-02-28").add_days(1), d("2025-03-01"));
        assert_eq!(d("2026-01-01").add_days(-1), d("2025-12-31"));
        assert_eq!(d("2026-01-01").days_until(d("2026-03-01")), 59);
        assert_eq!(CalendarDate::MAX.add_days(5), CalendarDate::MAX);
        assert_eq!(CalendarDate::MIN.add_days(i64::MIN), CalendarDate::MIN);
        let mut day = d("1899-12-25");
        for _ in 0..200_000 {
            let next = day.add_days(1);
            assert!(next > day);
            assert_eq!(CalendarDate::from_days(next.to_days()), Some(next));
            day = next;
        }
    }

    #[test]
    fn china_today() {
        // 2026-03-09T16:00:00Z is midnight 2026-03-10 in Beijing.
        let t = d("2026-03-09").to_days() * 86_400 + 16 * 3600;
        assert_eq!(CalendarDate::in_china_at(t), d("2026-03-10"));
        assert_eq!(CalendarDate::in_china_at(t - 1), d("2026-03-09"));
    }

    #[test]
    fn serde_as_string() {
        let json = serde_json::to_string(&d("2026-03-10")).unwrap();
        assert_eq!(json, "\"2026-03-10\"");
        let back: CalendarDate = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d("2026-03-10"));
        assert!(serde_json::from_str::<CalendarDate>("\"2026-02-30\"").is_err());
    }

    #[test]
    fn weekdays() {
        let d = |t: &str| CalendarDate::parse(t).unwrap();
        assert_eq!(d("1970-01-01").weekday(), 4);
        assert_eq!(d("2026-03-12").weekday(), 4);
        assert_eq!(d("2026-03-12").weekday_zh(), "星期四");
        assert_eq!(d("2026-03-15").weekday_en(), "Sunday");
        assert_eq!(d("2026-03-16").weekday_en(), "Monday");
        assert_eq!(d("0001-01-01").weekday(), 1);
        assert_eq!(d("1969-12-31").weekday_zh(), "星期三");
        assert_eq!(d("2026-03-12").month_en(), "March");
    }
}
