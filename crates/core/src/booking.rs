//! Bookings (预约) of a 号源 ([`crate::slot`]): which slot of which service a resident holds,
//! under which 受理编号, and where the booking is. States change only through
//! [`BookingState::transition`]:
//!
//! | from | to |
//! |---|---|
//! | `booked` 已预约 | `cancelled` (the resident or the provider cancels), `attended` (checked in on the day), `no_show` (the slot passed without check-in) |
//! | `cancelled` 已取消, `attended` 已到场, `no_show` 未到场 | nothing: final (booking again is a new booking) |

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::localized::LocalizedText;

/// Where a booking is. On the wire in snake_case: `booked`, `cancelled`, `attended`,
/// `no_show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingState {
    /// 已预约: the slot is held for the resident.
    Booked,
    /// 已取消: cancelled before the day; the slot is free again. Final.
    Cancelled,
    /// 已到场: the resident checked in (到院签到, 取号). Final.
    Attended,
    /// 未到场: the slot passed without the resident checking in (爽约). Final.
    NoShow,
}

/// A state change [`BookingState::transition`] refuses: `from` may not become `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a booking that is {} cannot become {}", .from.as_str(), .to.as_str())]
pub struct BookingTransitionError {
    /// The state the booking is in.
    pub from: BookingState,
    /// The state asked for.
    pub to: BookingState,
}

impl BookingState {
    /// Every state.
    pub const ALL: [BookingState; 4] = [
        BookingState::Booked,
        BookingState::Cancelled,
        BookingState::Attended,
        BookingState::NoShow,
    ];

    /// The snake_case name, as on the wire: `no_show`.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingState::Booked => "booked",
            BookingState::Cancelled => "cancelled",
            BookingState::Attended => "attended",
            BookingState::NoShow => "no_show",
        }
    }

    /// How the state reads for residents: 已预约 / Booked, 已取消 / Cancelled, 已到场 /
    /// Attended, 未到场 / Missed.
    pub fn label(self) -> LocalizedText {
        let (zh, en) = match self {
            BookingState::Booked => ("已预约", "Booked"),
            BookingState::Cancelled => ("已取消", "Cancelled"),
            BookingState::Attended => ("已到场", "Attended"),
            BookingState::NoShow => ("未到场", "Missed"),
        };
        LocalizedText::new(zh, en)
    }

    /// Whether the table of the module documentation allows `self` → `to`. A state never
    /// "becomes" itself.
    pub fn can_become(self, to: BookingState) -> bool {
        use BookingState::*;
        matches!((self, to), (Booked, Cancelled | Attended | NoShow))
    }

    /// Whether no transition leaves this state (all but `booked`).
    pub fn is_final(self) -> bool {
        BookingState::ALL.iter().all(|to| !self.can_become(*to))
    }

    /// Whether the booking still holds its slot (counts among the slot's `booked`).
    pub fn holds_slot(self) -> bool {
        matches!(self, BookingState::Booked | BookingState::Attended)
    }

    /// `to`, when `self` may become it.
    ///
    /// Errors: [`BookingTransitionError`] for every move the table does not list
    /// (`cancelled` → `booked`, `attended` → `no_show`, a state to itself …).
    pub fn transition(self, to: BookingState) -> Result<BookingState, BookingTransitionError> {
        if self.can_become(to) {
            Ok(to)
        } else {
            Err(BookingTransitionError { from: self, to })
        }
    }
}

impl fmt::Display for BookingState {
    /// The snake_case name ([`BookingState::as_str`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A resident's booking of one slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Booking {
    /// Its 受理编号 ([`crate::reference`]).
    pub reference: String,
    /// The catalog id of the service (`hospital-registration`).
    pub service_id: String,
    /// The provider's id of the slot ([`crate::slot::Slot::id`]).
    pub slot_id: String,
    /// Where it is.
    pub state: BookingState,
}

impl Booking {
    /// Moves the booking to `to` ([`BookingState::transition`]); on error it stays as it
    /// was.
    ///
    /// Errors: [`BookingTransitionError`].
    pub fn transition(&mut self, to: BookingState) -> Result<(), BookingTransitionError> {
        self.state = self.state.transition(to)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BookingState::*;

    #[test]
    fn exactly_the_listed_transitions_are_allowed() {
        let allowed = [(Booked, Cancelled), (Booked, Attended), (Booked, NoShow)];
        for from in BookingState::ALL {
            for to in BookingState::ALL {
                let want = allowed.contains(&(from, to));
                assert_eq!(from.can_become(to), want, "{from} -> {to}");
                assert_eq!(
                    from.transition(to),
                    if want {
                        Ok(to)
                    } else {
                        Err(BookingTransitionError { from, to })
                    }
                );
            }
        }
        assert_eq!(
            Cancelled.transition(Booked).unwrap_err().to_string(),
            "a booking that is cancelled cannot become booked"
        );
        assert!(!Booked.is_final() && Cancelled.is_final() && NoShow.is_final());
        assert!(Booked.holds_slot() && !Cancelled.holds_slot() && !NoShow.holds_slot());
    }

    #[test]
    fn a_booking_moves_only_when_allowed() {
        let mut b = Booking {
            reference: "20260310-310100-0000000000".into(),
            service_id: "hospital-registration".into(),
            slot_id: "0312-0830".into(),
            state: Booked,
        };
        assert_eq!(b.transition(Attended), Ok(()));
        assert!(b.transition(Cancelled).is_err());
        assert_eq!(b.state, Attended);
    }

    #[test]
    fn wire_and_labels() {
        assert_eq!(serde_json::to_value(NoShow).unwrap(), "no_show");
        assert_eq!(
            serde_json::from_str::<BookingState>("\"attended\"").unwrap(),
            Attended
        );
        for s in BookingState::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
            let l = s.label();
            assert!(!l.zh.is_empty() && !l.en.is_empty());
        }
        assert_eq!(Booked.label().zh, "已预约");
    }
}
