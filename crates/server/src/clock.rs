//! The time as the API writes it: RFC 3339 with the explicit offset `+08:00` (China
//! Standard Time, no daylight saving), which sorts correctly as text.

use citizen_core::date::CalendarDate;

/// Seconds since 1970-01-01T00:00:00Z now. A clock before 1970 counts as 1970.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// RFC 3339 time with the explicit offset `+08:00` (China Standard Time) for a Unix time:
/// `2026-03-10T14:05:09+08:00`.
pub fn china_rfc3339(unix_seconds: i64) -> String {
    let local = unix_seconds.saturating_add(8 * 3600);
    let date = CalendarDate::in_china_at(unix_seconds);
    let secs = local.rem_euclid(86_400);
    format!(
        "{date}T{:02}:{:02}:{:02}+08:00",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_china_standard_time() {
        let t = CalendarDate::parse("2026-03-10").unwrap().to_days() * 86_400;
        assert_eq!(china_rfc3339(t), "2026-03-10T08:00:00+08:00");
        assert_eq!(
            china_rfc3339(t + 16 * 3600 - 1),
            "2026-03-10T23:59:59+08:00"
        );
        assert_eq!(china_rfc3339(t + 16 * 3600), "2026-03-11T00:00:00+08:00");
    }
}
