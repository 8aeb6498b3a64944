//! 发动机号 / 车辆识别代号后六位: the last six characters of a vehicle's engine number or of
//! its VIN, which traffic police lookups (交管12123 and the city systems) ask with the plate
//! to prove the resident has the vehicle's papers at hand.
//!
//! Sources: GB 16735-2019 道路车辆 车辆识别代号(VIN) (17 characters of digits and capital
//! letters, never I, O or Q); engine numbers are the manufacturer's (digits and capital
//! letters, shown on the 行驶证 as 发动机号码).

use serde::{Deserialize, Serialize};

use crate::localized::LocalizedText;

use super::mask::mask_middle;
use super::separator::compact;

/// How many characters of the engine number or VIN are asked for.
pub const VEHICLE_CHECK_LEN: usize = 6;

/// Which number's last six characters a city's traffic police ask for. On the wire
/// (catalog `online.vehicle_check`, the `vehicle_check` field rule's `check`): `engine`
/// or `vin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VehicleCheckKind {
    /// 发动机号后六位: the last six characters of the engine number (发动机号码 on the
    /// 行驶证). The usual national practice of 交管12123.
    Engine,
    /// 车辆识别代号后六位: the last six characters of the VIN (车辆识别代号, GB 16735).
    Vin,
}

impl VehicleCheckKind {
    /// `engine` or `vin`, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            VehicleCheckKind::Engine => "engine",
            VehicleCheckKind::Vin => "vin",
        }
    }

    /// The field's label: 发动机号后六位 / Last 6 characters of the engine number, or
    /// 车辆识别代号后六位 / Last 6 characters of the VIN.
    pub fn label(self) -> LocalizedText {
        match self {
            VehicleCheckKind::Engine => {
                LocalizedText::new("发动机号后六位", "Last 6 characters of the engine number")
            }
            VehicleCheckKind::Vin => {
                LocalizedText::new("车辆识别代号后六位", "Last 6 characters of the VIN")
            }
        }
    }

    /// Where to find it: 见行驶证“发动机号码”一栏的最后6位 …
    pub fn hint(self) -> LocalizedText {
        match self {
            VehicleCheckKind::Engine => LocalizedText::new(
                "见行驶证“发动机号码”一栏，填最后6位（数字或字母）。",
                "On the vehicle licence (行驶证) under 发动机号码: enter its last 6 characters (digits or letters).",
            ),
            VehicleCheckKind::Vin => LocalizedText::new(
                "见行驶证“车辆识别代号”一栏，填最后6位（数字或字母，不含I、O、Q）。",
                "On the vehicle licence (行驶证) under 车辆识别代号: enter its last 6 characters (digits or letters, never I, O or Q).",
            ),
        }
    }

    fn name(self) -> (&'static str, &'static str) {
        match self {
            VehicleCheckKind::Engine => ("发动机号", "engine number"),
            VehicleCheckKind::Vin => ("车辆识别代号", "VIN"),
        }
    }
}

/// Why the last six characters of an engine number or VIN were rejected, in the order
/// [`validate_vehicle_check`] checks. In a form it travels as
/// [`FieldError::VehicleCheck`](crate::rules::FieldError::VehicleCheck).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VehicleCheckError {
    /// `vehicle_check_characters`: something other than digits and letters A–Z.
    Characters {
        /// Which number was asked for.
        kind: VehicleCheckKind,
    },
    /// `vehicle_check_length`: not exactly 6 characters.
    Length {
        /// Which number was asked for.
        kind: VehicleCheckKind,
        /// Characters found after normalisation.
        found: usize,
    },
    /// `vehicle_check_vin_letter`: a VIN tail with I, O or Q, letters a VIN never uses
    /// (GB 16735), most often 1, 0 or 0 mistyped.
    VinLetter,
}

impl VehicleCheckError {
    /// The stable snake_case code sent in API error bodies, as listed on each variant.
    pub fn code(&self) -> &'static str {
        match self {
            VehicleCheckError::Characters { .. } => "vehicle_check_characters",
            VehicleCheckError::Length { .. } => "vehicle_check_length",
            VehicleCheckError::VinLetter => "vehicle_check_vin_letter",
        }
    }

    /// What is wrong and how to fix it, in Chinese (`zh`) and English.
    pub fn message(&self) -> LocalizedText {
        match self {
            VehicleCheckError::Characters { kind } => {
                let (zh, en) = kind.name();
                LocalizedText::new(
                    format!("{zh}只含数字和字母，请对照行驶证重新输入最后6位。"),
                    format!("The {en} has digits and letters only. Copy its last 6 characters from the vehicle licence (行驶证)."),
                )
            }
            VehicleCheckError::Length { kind, found } => {
                let (zh, en) = kind.name();
                LocalizedText::new(
                    format!("长度不对：请只填{zh}的最后6位，您输入了{found}位。"),
                    format!("Wrong length: enter only the last 6 characters of the {en}. You entered {found}."),
                )
            }
            VehicleCheckError::VinLetter => LocalizedText::new(
                "车辆识别代号不含字母I、O、Q，请检查是否把数字1、0输成了字母。",
                "A VIN never contains the letters I, O or Q. Check for the digits 1 and 0 typed as letters.",
            ),
        }
    }
}

impl std::fmt::Display for VehicleCheckError {
    /// The code and the English message, for logs and test failures.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message().en)
    }
}

impl std::error::Error for VehicleCheckError {}

/// Normalises the typed last six characters of an engine number or VIN: NFKC (full-width
/// `１２３ＡＢＣ` → `123ABC`), separators removed (`12 34 56`), ASCII letters upper-cased
/// (`a1b2c3` → `A1B2C3`).
pub fn normalize_vehicle_check(input: &str) -> String {
    compact(input).to_ascii_uppercase()
}

/// Checks a normalised engine-number or VIN tail: exactly [`VEHICLE_CHECK_LEN`] (6)
/// characters of `0`–`9` and `A`–`Z`; for a VIN never `I`, `O` or `Q` (GB 16735).
///
/// Errors, in the order checked: [`VehicleCheckError::Characters`],
/// [`VehicleCheckError::Length`], [`VehicleCheckError::VinLetter`].
pub fn validate_vehicle_check(
    value: &str,
    kind: VehicleCheckKind,
) -> Result<(), VehicleCheckError> {
    if value.is_empty()
        || !value
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    {
        return Err(VehicleCheckError::Characters { kind });
    }
    let found = value.chars().count();
    if found != VEHICLE_CHECK_LEN {
        return Err(VehicleCheckError::Length { kind, found });
    }
    if kind == VehicleCheckKind::Vin && value.chars().any(|c| matches!(c, 'I' | 'O' | 'Q')) {
        return Err(VehicleCheckError::VinLetter);
    }
    Ok(())
}

/// Masks an engine-number or VIN tail: only the last 2 characters stay (`****56`).
pub fn mask_vehicle_check(value: &str) -> String {
    mask_middle(value, 0, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(input: &str, kind: VehicleCheckKind) -> Option<&'static str> {
        validate_vehicle_check(&normalize_vehicle_check(input), kind)
            .err()
            .map(|e| e.code())
    }

    #[test]
    fn engine_and_vin_tails() {
        use VehicleCheckKind::*;
        assert_eq!(normalize_vehicle_check(" １２３ａｂｃ "), "123ABC");
        assert_eq!(normalize_vehicle_check("a1 b2-c3"), "A1B2C3");
        for ok in ["123456", "a1b2c3", "１２３４５６", "12 34 56", "ABCDEF"] {
            assert_eq!(code(ok, Engine), None, "{ok}");
            assert_eq!(code(ok, Vin), None, "{ok}");
        }
        assert_eq!(code("12345O", Engine), None, "engine numbers may use O");
        assert_eq!(code("12345O", Vin), Some("vehicle_check_vin_letter"));
        assert_eq!(code("i23456", Vin), Some("vehicle_check_vin_letter"));
        assert_eq!(code("q23456", Vin), Some("vehicle_check_vin_letter"));
        assert_eq!(code("12345", Engine), Some("vehicle_check_length"));
        assert_eq!(code("1234567", Vin), Some("vehicle_check_length"));
        assert_eq!(code("LSVAU2180N2123456", Vin), Some("vehicle_check_length"));
        assert_eq!(code("12345#", Engine), Some("vehicle_check_characters"));
        assert_eq!(code("12345发", Engine), Some("vehicle_check_characters"));
        assert_eq!(code("", Engine), Some("vehicle_check_characters"));
    }

    #[test]
    fn messages_name_the_number() {
        let m = VehicleCheckError::Length {
            kind: VehicleCheckKind::Engine,
            found: 5,
        }
        .message();
        assert!(
            m.zh.contains("发动机号") && m.en.contains("engine number"),
            "{m:?}"
        );
        let m = VehicleCheckError::Length {
            kind: VehicleCheckKind::Vin,
            found: 5,
        }
        .message();
        assert!(
            m.zh.contains("车辆识别代号") && m.en.contains("VIN"),
            "{m:?}"
        );
        assert_eq!(mask_vehicle_check("A1B2C3"), "****C3");
    }
}
