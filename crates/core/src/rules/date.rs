//! Calendar dates typed by residents (`2026/3/10`, `2026年3月10日` …), checked against a
//! window of days relative to today (China Standard Time, passed in: the core has no
//! clock).
//!
//! Source: ISO 8601 calendar dates (`YYYY-MM-DD`, extended format) on the wire.

use crate::date::{CalendarDate, DateError};
use crate::localized::LocalizedText;
use crate::text::nfkc;

/// Why a date answer was rejected. In a form it travels as
/// [`FieldError::Date`](crate::rules::FieldError::Date). (Not
/// [`crate::date::DateError`], which only says why a text is not a `YYYY-MM-DD` date.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateAnswerError {
    /// `date_format`: not a date the rules can read (`2026-03-10`, `2026/3/10`,
    /// `2026年3月10日` are understood).
    Format,
    /// `date_no_such_day`: a date-shaped answer naming a day that does not exist
    /// (2026-02-30).
    NoSuchDay,
    /// `date_too_early`: before the first allowed day.
    TooEarly {
        /// The first allowed day.
        earliest: CalendarDate,
    },
    /// `date_too_late`: after the last allowed day.
    TooLate {
        /// The last allowed day.
        latest: CalendarDate,
    },
}

impl DateAnswerError {
    /// The stable snake_case code sent in API error bodies, as listed on each variant
    /// (the same as [`FieldError::code`](crate::rules::FieldError::code)).
    pub fn code(&self) -> &'static str {
        match self {
            DateAnswerError::Format => "date_format",
            DateAnswerError::NoSuchDay => "date_no_such_day",
            DateAnswerError::TooEarly { .. } => "date_too_early",
            DateAnswerError::TooLate { .. } => "date_too_late",
        }
    }

    /// What is wrong and how to fix it, in Chinese (`zh`) and English.
    pub fn message(&self) -> LocalizedText {
        match self {
            DateAnswerError::Format => LocalizedText::new(
                "日期格式不对，请按年-月-日填写，如2026-03-10。",
                "Enter the date as year-month-day, for example 2026-03-10.",
            ),
            DateAnswerError::NoSuchDay => LocalizedText::new(
                "没有这一天，请核对月份和日期。",
                "There is no such day. Check the month and the day.",
            ),
            DateAnswerError::TooEarly { earliest } => LocalizedText::new(
                format!("日期太早：请选择{}或之后的日期。", earliest.to_zh()),
                format!("Too early: choose {} or a later date.", earliest.to_en()),
            ),
            DateAnswerError::TooLate { latest } => LocalizedText::new(
                format!("日期太晚：请选择{}或之前的日期。", latest.to_zh()),
                format!("Too late: choose {} or an earlier date.", latest.to_en()),
            ),
        }
    }
}

impl std::fmt::Display for DateAnswerError {
    /// The code and the English message, for logs and test failures.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message().en)
    }
}

impl std::error::Error for DateAnswerError {}

/// Normalises a typed date to `YYYY-MM-DD`. Understood: NFKC, separators `-` `/` `.`
/// (`2026/3/10`, `2026.03.10`), `2026年3月10日`, and 8 digits `20260310`; month and day may
/// have one digit. Anything else is returned compacted (NFKC, no spaces) and fails
/// [`validate_date`] with [`DateAnswerError::Format`]. A well-formed but impossible day
/// (`2026/2/30`) becomes `2026-02-30` and fails with [`DateAnswerError::NoSuchDay`].
pub fn normalize_date(input: &str) -> String {
    let c: String = nfkc(input).chars().filter(|c| !c.is_whitespace()).collect();
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let parts: Option<(String, String, String)> = if c.len() == 8 && digits(&c, 8, 8) {
        Some((c[..4].to_string(), c[4..6].to_string(), c[6..].to_string()))
    } else if let Some((y, rest)) = c.split_once('年') {
        let rest = rest
            .strip_suffix('日')
            .or_else(|| rest.strip_suffix('号'))
            .unwrap_or(rest);
        rest.split_once('月')
            .map(|(m, d)| (y.to_string(), m.to_string(), d.to_string()))
    } else {
        let pieces: Vec<&str> = c.split(['-', '/', '.']).collect();
        match pieces.as_slice() {
            [y, m, d] => Some((y.to_string(), m.to_string(), d.to_string())),
            _ => None,
        }
    };
    match parts {
        Some((y, m, d)) if digits(&y, 4, 4) && digits(&m, 1, 2) && digits(&d, 1, 2) => {
            format!("{y}-{m:0>2}-{d:0>2}")
        }
        _ => c,
    }
}

/// Checks a normalised date (`YYYY-MM-DD`) and that it lies within
/// `today + min_days ..= today + max_days` (each bound optional; days may be negative, for
/// dates in the past). Returns the date.
///
/// Errors: [`DateAnswerError::Format`], [`DateAnswerError::NoSuchDay`],
/// [`DateAnswerError::TooEarly`], [`DateAnswerError::TooLate`].
pub fn validate_date(
    text: &str,
    today: CalendarDate,
    min_days: Option<i32>,
    max_days: Option<i32>,
) -> Result<CalendarDate, DateAnswerError> {
    let date = CalendarDate::parse(text).map_err(|e| match e {
        DateError::Format => DateAnswerError::Format,
        DateError::NoSuchDay => DateAnswerError::NoSuchDay,
    })?;
    if let Some(min) = min_days {
        let earliest = today.add_days(i64::from(min));
        if date < earliest {
            return Err(DateAnswerError::TooEarly { earliest });
        }
    }
    if let Some(max) = max_days {
        let latest = today.add_days(i64::from(max));
        if date > latest {
            return Err(DateAnswerError::TooLate { latest });
        }
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> CalendarDate {
        CalendarDate::parse("2026-03-10").unwrap()
    }

    #[test]
    fn dates() {
        for (input, want) in [
            ("2026-03-10", "2026-03-10"),
            ("2026/3/1", "2026-03-01"),
            ("２０２６．３．１", "2026-03-01"),
            ("2026年3月1日", "2026-03-01"),
            ("2026年03月01号", "2026-03-01"),
            ("20260301", "2026-03-01"),
            (" 2026 - 3 - 1 ", "2026-03-01"),
            ("2026-2-30", "2026-02-30"),
            ("明天", "明天"),
            ("26-3-1", "26-3-1"),
        ] {
            assert_eq!(normalize_date(input), want, "{input}");
        }
        let t = today();
        assert_eq!(
            validate_date("2026-03-11", t, Some(1), Some(30)).map(|d| d.to_string()),
            Ok("2026-03-11".into())
        );
        assert_eq!(
            validate_date("2026-03-10", t, Some(1), Some(30)),
            Err(DateAnswerError::TooEarly {
                earliest: t.add_days(1)
            })
        );
        assert_eq!(
            validate_date("2026-04-10", t, Some(1), Some(30)),
            Err(DateAnswerError::TooLate {
                latest: t.add_days(30)
            })
        );
        assert_eq!(
            validate_date("2026-02-30", t, None, None),
            Err(DateAnswerError::NoSuchDay)
        );
        assert_eq!(
            validate_date("明天", t, None, None),
            Err(DateAnswerError::Format)
        );
    }

    #[test]
    fn bounds_read_in_both_languages() {
        let m = DateAnswerError::TooEarly { earliest: today() }.message();
        assert!(
            m.zh.contains("2026年3月10日") && m.en.contains("10 March 2026"),
            "{m:?}"
        );
    }
}
