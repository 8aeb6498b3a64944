//! 号源 / appointment slots: a time window on a calendar day that a provider (a hospital
//! clinic, an exit-entry office, a marriage registry) opens for a number of bookings, the
//! slots of one day, and what is left of each ([`SlotStatus`]).
//!
//! Times are wall-clock times in China Standard Time (UTC+08:00, no daylight saving), as
//! DESIGN.md asks ("times as explicit `+08:00` times"): on the wire a [`TimeOfDay`] is
//! `"HH:MM"` and always means +08:00; a slot's date is a plain [`CalendarDate`].
//!
//! ```json
//! {"id": "0312-0830", "date": "2026-03-12", "start": "08:30", "end": "09:00",
//!  "capacity": 12, "booked": 10}
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::date::CalendarDate;
use crate::localized::LocalizedText;

/// A wall-clock time of day in China Standard Time (+08:00), to the minute: `08:30`.
/// From `00:00` to `23:59`; ordered by time. On the wire the string `"HH:MM"`
/// (zero-padded, 24-hour, ISO 8601 extended format without seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    /// Minutes since midnight, 0..=1439.
    minutes: u16,
}

/// Why a text is not a [`TimeOfDay`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// Not of the shape `HH:MM` (2 ASCII digits, a colon, 2 ASCII digits).
    #[error("not a time of the form HH:MM")]
    Format,
    /// The shape is right but there is no such time (hour 24 or more, minute 60 or more).
    #[error("no such time of day")]
    NoSuchTime,
}

impl TimeOfDay {
    /// Midnight, `00:00`.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay { minutes: 0 };

    /// `hour`:`minute`, or `None` when hour is not 0–23 or minute not 0–59.
    pub const fn new(hour: u8, minute: u8) -> Option<TimeOfDay> {
        if hour < 24 && minute < 60 {
            Some(TimeOfDay {
                minutes: hour as u16 * 60 + minute as u16,
            })
        } else {
            None
        }
    }

    /// Parses exactly `HH:MM` (`08:30`; not `8:30`, not `08:30:00`).
    ///
    /// Errors: [`TimeError::Format`], [`TimeError::NoSuchTime`].
    pub fn parse(text: &str) -> Result<TimeOfDay, TimeError> {
        let b = text.as_bytes();
        let shape_ok =
            b.len() == 5 && b[2] == b':' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit());
        if !shape_ok {
            return Err(TimeError::Format);
        }
        let two = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
        TimeOfDay::new(two(0), two(3)).ok_or(TimeError::NoSuchTime)
    }

    /// The hour, 0–23.
    pub fn hour(self) -> u8 {
        (self.minutes / 60) as u8
    }

    /// The minute, 0–59.
    pub fn minute(self) -> u8 {
        (self.minutes % 60) as u8
    }

    /// Minutes since midnight, 0–1439.
    pub fn minutes_since_midnight(self) -> u16 {
        self.minutes
    }
}

impl fmt::Display for TimeOfDay {
    /// `HH:MM`, zero-padded.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl FromStr for TimeOfDay {
    type Err = TimeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TimeOfDay::parse(s)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        TimeOfDay::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A slot shows as "few left" when this many bookings or fewer remain, unless the provider
/// has its own rule ([`Slot::status`] takes the threshold).
pub const FEW_LEFT_AT: u32 = 5;

/// What is left of a slot, derived from its capacity and bookings
/// ([`Slot::status`]). On the wire in snake_case: `available`, `few_left`, `full`,
/// `closed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotStatus {
    /// Bookable, more than the few-left threshold remaining: shown as 余12 / 12 left.
    Available,
    /// Bookable, with few remaining (at most the threshold, at least 1): shown as 仅剩2 /
    /// Only 2 left.
    FewLeft,
    /// Every booking taken: 已约满 / Fully booked. Cannot be chosen.
    Full,
    /// Not bookable for another reason (停诊, in the past, not released yet): 不可预约 /
    /// Not available. Cannot be chosen.
    Closed,
}

impl SlotStatus {
    /// Whether a resident may choose a slot in this state (available or few left).
    pub fn is_bookable(self) -> bool {
        matches!(self, SlotStatus::Available | SlotStatus::FewLeft)
    }
}

/// One 号源: a time window on a day with a number of bookings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    /// The provider's id of the slot, unique within its day. Never personal data (it may
    /// end up in a URL).
    pub id: String,
    /// The day.
    pub date: CalendarDate,
    /// When it begins, +08:00.
    pub start: TimeOfDay,
    /// When it ends, +08:00; after `start` (a slot does not run past midnight).
    pub end: TimeOfDay,
    /// How many bookings it takes in all.
    pub capacity: u32,
    /// How many are taken; at most `capacity`.
    pub booked: u32,
    /// Closed by the provider whatever is left (停诊, in the past, not released yet).
    /// Absent on the wire means `false`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub closed: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Why a slot or a day of slots is inconsistent (a provider's data error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlotError {
    /// A slot without an id.
    #[error("a slot has no id")]
    NoId,
    /// A slot that does not end after it starts.
    #[error("slot {id} ends at {end}, not after it starts at {start}")]
    EndNotAfterStart {
        /// The slot's id.
        id: String,
        /// Its start.
        start: TimeOfDay,
        /// Its end.
        end: TimeOfDay,
    },
    /// More bookings than the slot takes.
    #[error("slot {id} has {booked} bookings but takes {capacity}")]
    Overbooked {
        /// The slot's id.
        id: String,
        /// Its capacity.
        capacity: u32,
        /// Its bookings.
        booked: u32,
    },
    /// A slot listed under another day than its own.
    #[error("slot {id} is on {slot_date}, listed under {day}")]
    WrongDay {
        /// The slot's id.
        id: String,
        /// The slot's own date.
        slot_date: CalendarDate,
        /// The day it is listed under.
        day: CalendarDate,
    },
    /// Slots of a day not in order of their start time.
    #[error("slot {id} starts before the slot listed before it")]
    OutOfOrder {
        /// The slot that starts too early.
        id: String,
    },
    /// Two slots of a day with the same id.
    #[error("slot id {id} is used twice in a day")]
    DuplicateId {
        /// The id used twice.
        id: String,
    },
}

impl Slot {
    /// How many bookings are left: `capacity - booked`, never below 0.
    pub fn remaining(&self) -> u32 {
        self.capacity.saturating_sub(self.booked)
    }

    /// What is left, with `few_left_at` the provider's "few left" threshold
    /// ([`FEW_LEFT_AT`] when it has none): [`SlotStatus::Closed`] when closed, else
    /// [`SlotStatus::Full`] when nothing remains, [`SlotStatus::FewLeft`] when at most
    /// `few_left_at` remain, [`SlotStatus::Available`] otherwise.
    pub fn status(&self, few_left_at: u32) -> SlotStatus {
        let left = self.remaining();
        if self.closed {
            SlotStatus::Closed
        } else if left == 0 {
            SlotStatus::Full
        } else if left <= few_left_at {
            SlotStatus::FewLeft
        } else {
            SlotStatus::Available
        }
    }

    /// The time as a Chinese reader sees it: `08:30–09:00` (an en dash).
    pub fn time_zh(&self) -> String {
        format!("{}–{}", self.start, self.end)
    }

    /// The time as an English reader sees it: `08:30 to 09:00`.
    pub fn time_en(&self) -> String {
        format!("{} to {}", self.start, self.end)
    }

    /// [`Slot::time_zh`] and [`Slot::time_en`] together.
    pub fn time_label(&self) -> LocalizedText {
        LocalizedText::new(self.time_zh(), self.time_en())
    }

    /// Checks the slot on its own: an id, an end after the start, no more bookings than
    /// capacity.
    ///
    /// Errors: [`SlotError::NoId`], [`SlotError::EndNotAfterStart`],
    /// [`SlotError::Overbooked`].
    pub fn check(&self) -> Result<(), SlotError> {
        if self.id.trim().is_empty() {
            return Err(SlotError::NoId);
        }
        if self.end <= self.start {
            return Err(SlotError::EndNotAfterStart {
                id: self.id.clone(),
                start: self.start,
                end: self.end,
            });
        }
        if self.booked > self.capacity {
            return Err(SlotError::Overbooked {
                id: self.id.clone(),
                capacity: self.capacity,
                booked: self.booked,
            });
        }
        Ok(())
    }
}

/// The slots of one day, in time order. No slots means no 号源 that day (said as such).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotDay {
    /// The day.
    pub date: CalendarDate,
    /// How the day reads when the provider says more than the date (a session, a clinic,
    /// 停诊): shown instead of [`SlotDay::date_label`]. Absent on the wire when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<LocalizedText>,
    /// The slots, in order of their start time; all on `date`.
    pub slots: Vec<Slot>,
}

impl SlotDay {
    /// The date as it heads a day of slots: `3月12日 星期四` / `Thursday 12 March` (no
    /// year: slots are released days, not years, ahead).
    pub fn date_label(&self) -> LocalizedText {
        let d = self.date;
        LocalizedText::new(
            format!("{}月{}日 {}", d.month(), d.day(), d.weekday_zh()),
            format!("{} {} {}", d.weekday_en(), d.day(), d.month_en()),
        )
    }

    /// The day's heading: its `label` when it has one, else [`SlotDay::date_label`].
    pub fn heading(&self) -> LocalizedText {
        self.label.clone().unwrap_or_else(|| self.date_label())
    }

    /// Checks every slot ([`Slot::check`]) and that they are all on this day, in order of
    /// start time, with distinct ids.
    ///
    /// Errors: the first problem found, a [`SlotError`].
    pub fn check(&self) -> Result<(), SlotError> {
        let mut ids = std::collections::HashSet::new();
        let mut previous: Option<TimeOfDay> = None;
        for slot in &self.slots {
            slot.check()?;
            if slot.date != self.date {
                return Err(SlotError::WrongDay {
                    id: slot.id.clone(),
                    slot_date: slot.date,
                    day: self.date,
                });
            }
            if previous.is_some_and(|p| slot.start < p) {
                return Err(SlotError::OutOfOrder {
                    id: slot.id.clone(),
                });
            }
            if !ids.insert(slot.id.as_str()) {
                return Err(SlotError::DuplicateId {
                    id: slot.id.clone(),
                });
            }
            previous = Some(slot.start);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(t: &str) -> CalendarDate {
        CalendarDate::parse(t).unwrap()
    }

    fn time(t: &str) -> TimeOfDay {
        TimeOfDay::parse(t).unwrap()
    }

    fn slot(id: &str, start: &str, end: &str, capacity: u32, booked: u32) -> Slot {
        Slot {
            id: id.into(),
            date: date("2026-03-12"),
            start: time(start),
            end: time(end),
            capacity,
            booked,
            closed: false,
        }
    }

    #[test]
    fn times_parse_exactly() {
        assert_eq!(time("08:30").to_string(), "08:30");
        assert_eq!(time("00:00"), TimeOfDay::MIDNIGHT);
        assert_eq!(time("23:59").minutes_since_midnight(), 1439);
        assert_eq!(TimeOfDay::parse("8:30"), Err(TimeError::Format));
        assert_eq!(TimeOfDay::parse("08:30:00"), Err(TimeError::Format));
        assert_eq!(TimeOfDay::parse("０８:３０"), Err(TimeError::Format));
        assert_eq!(TimeOfDay::parse("24:00"), Err(TimeError::NoSuchTime));
        assert_eq!(TimeOfDay::parse("12:60"), Err(TimeError::NoSuchTime));
        assert!(time("08:30") < time("09:00"));
        assert_eq!(
            TimeOfDay::new(9, 5).map(|t| t.to_string()),
            Some("09:05".into())
        );
        assert_eq!(TimeOfDay::new(24, 0), None);
    }

    #[test]
    fn status_follows_capacity_and_bookings() {
        let s = |capacity, booked| slot("a", "08:00", "08:30", capacity, booked);
        assert_eq!(s(20, 8).status(FEW_LEFT_AT), SlotStatus::Available);
        assert_eq!(s(20, 15).status(FEW_LEFT_AT), SlotStatus::FewLeft);
        assert_eq!(s(20, 19).status(FEW_LEFT_AT), SlotStatus::FewLeft);
        assert_eq!(s(20, 20).status(FEW_LEFT_AT), SlotStatus::Full);
        assert_eq!(s(20, 25).status(FEW_LEFT_AT), SlotStatus::Full);
        assert_eq!(s(0, 0).status(FEW_LEFT_AT), SlotStatus::Full);
        assert_eq!(s(20, 15).status(2), SlotStatus::Available);
        assert_eq!(s(20, 15).remaining(), 5);
        let closed = Slot {
            closed: true,
            ..s(20, 0)
        };
        assert_eq!(closed.status(FEW_LEFT_AT), SlotStatus::Closed);
        assert!(!closed.status(FEW_LEFT_AT).is_bookable());
        assert!(SlotStatus::FewLeft.is_bookable() && !SlotStatus::Full.is_bookable());
    }

    #[test]
    fn labels_in_both_languages() {
        let s = slot("a", "08:30", "09:00", 1, 0);
        assert_eq!(s.time_zh(), "08:30–09:00");
        assert_eq!(s.time_en(), "08:30 to 09:00");
        let day = SlotDay {
            date: date("2026-03-12"),
            label: None,
            slots: vec![],
        };
        assert_eq!(
            day.heading(),
            LocalizedText::new("3月12日 星期四", "Thursday 12 March")
        );
        let named = SlotDay {
            label: Some(LocalizedText::new(
                "3月13日 星期五（停诊）",
                "Friday 13 March",
            )),
            ..day
        };
        assert_eq!(named.heading().zh, "3月13日 星期五（停诊）");
    }

    #[test]
    fn days_are_checked() {
        let ok = SlotDay {
            date: date("2026-03-12"),
            label: None,
            slots: vec![
                slot("a", "08:00", "08:30", 10, 10),
                slot("b", "08:30", "09:00", 10, 2),
            ],
        };
        assert_eq!(ok.check(), Ok(()));
        let mut bad = ok.clone();
        bad.slots.reverse();
        assert!(matches!(bad.check(), Err(SlotError::OutOfOrder { .. })));
        let mut bad = ok.clone();
        bad.slots[1].id = "a".into();
        assert!(matches!(bad.check(), Err(SlotError::DuplicateId { .. })));
        let mut bad = ok.clone();
        bad.slots[1].date = date("2026-03-13");
        assert!(matches!(bad.check(), Err(SlotError::WrongDay { .. })));
        let mut bad = ok.clone();
        bad.slots[0].booked = 11;
        assert!(matches!(bad.check(), Err(SlotError::Overbooked { .. })));
        let mut bad = ok.clone();
        bad.slots[0].end = time("08:00");
        assert!(matches!(
            bad.check(),
            Err(SlotError::EndNotAfterStart { .. })
        ));
        let mut bad = ok;
        bad.slots[0].id = " ".into();
        assert_eq!(bad.check(), Err(SlotError::NoId));
    }

    #[test]
    fn wire_shape() {
        let json = r#"{"id": "0312-0830", "date": "2026-03-12", "start": "08:30",
                       "end": "09:00", "capacity": 12, "booked": 10}"#;
        let s: Slot = serde_json::from_str(json).unwrap();
        assert_eq!(s, slot("0312-0830", "08:30", "09:00", 12, 10));
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            serde_json::json!({"id": "0312-0830", "date": "2026-03-12", "start": "08:30",
                               "end": "09:00", "capacity": 12, "booked": 10})
        );
        assert!(serde_json::from_str::<Slot>(&json.replace("08:30", "8:30")).is_err());
        assert_eq!(
            serde_json::to_string(&SlotStatus::FewLeft).unwrap(),
            "\"few_left\""
        );
    }
}
