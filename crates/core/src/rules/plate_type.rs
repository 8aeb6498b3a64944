//! 号牌种类 / plate type (GA 24.7-2020 机动车登记信息代码 第7部分：号牌种类代码), the types
//! residents meet, and the check that a 号牌号码 fits its type.
//!
//! Sources: GA 24.7-2020 (the two-digit codes); GA 36-2018 (what each type's plate looks
//! like: new-energy plates have a 6-character serial, 挂车 plates end in 挂, 教练 plates in
//! 学, the others a 5-character serial).

use serde::{Deserialize, Serialize};

use crate::localized::LocalizedText;

/// A 号牌种类 (GA 24.7-2020) residents look violations up with. On the wire: the
/// two-digit code as a string (`"02"`), as the traffic police systems write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlateType {
    /// `01` 大型汽车: buses, lorries (yellow plates).
    LargeVehicle,
    /// `02` 小型汽车: cars (blue plates). The most common.
    SmallVehicle,
    /// `07` 普通摩托车: motorcycles.
    Motorcycle,
    /// `08` 轻便摩托车: light motorcycles (mopeds).
    LightMotorcycle,
    /// `15` 挂车: trailers (plates ending in 挂).
    Trailer,
    /// `16` 教练汽车: driving-school cars (plates ending in 学).
    Coach,
    /// `51` 大型新能源汽车: large new-energy vehicles (5 digits then D or F, `沪A12345D`).
    LargeNewEnergy,
    /// `52` 小型新能源汽车: small new-energy vehicles (a letter then 5 characters,
    /// `沪AD12345`).
    SmallNewEnergy,
}

impl PlateType {
    /// The types, in the order a form offers them (the most common first).
    pub const ALL: [PlateType; 8] = [
        PlateType::SmallVehicle,
        PlateType::SmallNewEnergy,
        PlateType::LargeVehicle,
        PlateType::LargeNewEnergy,
        PlateType::Trailer,
        PlateType::Coach,
        PlateType::Motorcycle,
        PlateType::LightMotorcycle,
    ];

    /// The GA 24.7-2020 code: `01`, `02`, `07`, `08`, `15`, `16`, `51`, `52`.
    pub fn code(self) -> &'static str {
        match self {
            PlateType::LargeVehicle => "01",
            PlateType::SmallVehicle => "02",
            PlateType::Motorcycle => "07",
            PlateType::LightMotorcycle => "08",
            PlateType::Trailer => "15",
            PlateType::Coach => "16",
            PlateType::LargeNewEnergy => "51",
            PlateType::SmallNewEnergy => "52",
        }
    }

    /// The type with this code (surrounding white space ignored), `None` for any other.
    pub fn from_code(code: &str) -> Option<PlateType> {
        let code = code.trim();
        PlateType::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The name residents know: 小型汽车 / Small vehicle (blue plate) …
    pub fn label(self) -> LocalizedText {
        let (zh, en) = match self {
            PlateType::LargeVehicle => ("大型汽车", "Large vehicle (yellow plate)"),
            PlateType::SmallVehicle => ("小型汽车", "Small vehicle (blue plate)"),
            PlateType::Motorcycle => ("普通摩托车", "Motorcycle"),
            PlateType::LightMotorcycle => ("轻便摩托车", "Light motorcycle"),
            PlateType::Trailer => ("挂车", "Trailer"),
            PlateType::Coach => ("教练汽车", "Driving-school car"),
            PlateType::LargeNewEnergy => ("大型新能源汽车", "Large new-energy vehicle"),
            PlateType::SmallNewEnergy => {
                ("小型新能源汽车", "Small new-energy vehicle (green plate)")
            }
        };
        LocalizedText::new(zh, en)
    }

    /// Whether it is a new-energy type (51, 52): plates with a 6-character serial.
    pub fn is_new_energy(self) -> bool {
        matches!(self, PlateType::LargeNewEnergy | PlateType::SmallNewEnergy)
    }
}

impl std::fmt::Display for PlateType {
    /// The code (`02`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for PlateType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for PlateType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        PlateType::from_code(&code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown plate type \"{code}\": use a GA 24.7-2020 code such as \"02\""
            ))
        })
    }
}

/// Why a (valid) 号牌号码 does not fit the chosen 号牌种类, from [`validate_plate_for_type`].
/// In a form it travels as [`FieldError::PlateType`](crate::rules::FieldError::PlateType)
/// on the `plate_type` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlateTypeError {
    /// `plate_type_new_energy`: a new-energy type (51, 52) with a 7-character plate; their
    /// plates have 6 characters after the letter (8 in all).
    NotNewEnergyPlate,
    /// `plate_type_ordinary`: an 8-character (new-energy) plate with a type that is not
    /// new-energy.
    NewEnergyPlate,
    /// `plate_type_size`: a new-energy plate of the other size (`沪AD12345` is small,
    /// `沪A12345D` large).
    NewEnergySize,
    /// `plate_type_trailer`: type 15 (挂车) but the plate does not end in 挂.
    TrailerSuffix,
    /// `plate_type_coach`: type 16 (教练汽车) but the plate does not end in 学.
    CoachSuffix,
    /// `plate_type_suffix`: a plate ending in 挂 or 学 with another type.
    SuffixNeedsType {
        /// The plate's last character.
        suffix: char,
    },
    /// `plate_type_not_offered`: a 警, 港 or 澳 plate, whose types (police, Hong Kong and
    /// Macao vehicles) cannot be looked up here.
    NotOffered,
}

impl PlateTypeError {
    /// The stable snake_case code sent in API error bodies, as listed on each variant.
    pub fn code(&self) -> &'static str {
        match self {
            PlateTypeError::NotNewEnergyPlate => "plate_type_new_energy",
            PlateTypeError::NewEnergyPlate => "plate_type_ordinary",
            PlateTypeError::NewEnergySize => "plate_type_size",
            PlateTypeError::TrailerSuffix => "plate_type_trailer",
            PlateTypeError::CoachSuffix => "plate_type_coach",
            PlateTypeError::SuffixNeedsType { .. } => "plate_type_suffix",
            PlateTypeError::NotOffered => "plate_type_not_offered",
        }
    }

    /// What is wrong and how to fix it, in Chinese (`zh`) and English.
    pub fn message(&self) -> LocalizedText {
        match self {
            PlateTypeError::NotNewEnergyPlate => LocalizedText::new(
                "新能源汽车号牌在字母后有6位（如沪AD12345）。请核对号牌号码，或改选号牌种类。",
                "New-energy plates have 6 characters after the letter (沪AD12345). Check the plate number or choose another plate type.",
            ),
            PlateTypeError::NewEnergyPlate => LocalizedText::new(
                "这是新能源号牌（字母后6位），号牌种类请选“小型新能源汽车”或“大型新能源汽车”。",
                "This is a new-energy plate (6 characters after the letter): choose “Small new-energy vehicle” or “Large new-energy vehicle” as the plate type.",
            ),
            PlateTypeError::NewEnergySize => LocalizedText::new(
                "小型新能源汽车号牌的字母在前（如沪AD12345），大型新能源汽车的字母在后（如沪A12345D）。请核对号牌种类。",
                "Small new-energy plates have the letter first (沪AD12345), large ones last (沪A12345D). Check the plate type.",
            ),
            PlateTypeError::TrailerSuffix => LocalizedText::new(
                "挂车号牌以“挂”字结尾（如沪A1234挂）。请核对号牌号码，或改选号牌种类。",
                "Trailer plates end in 挂 (沪A1234挂). Check the plate number or choose another plate type.",
            ),
            PlateTypeError::CoachSuffix => LocalizedText::new(
                "教练汽车号牌以“学”字结尾（如沪A1234学）。请核对号牌号码，或改选号牌种类。",
                "Driving-school plates end in 学 (沪A1234学). Check the plate number or choose another plate type.",
            ),
            PlateTypeError::SuffixNeedsType { suffix: '挂' } => LocalizedText::new(
                "以“挂”字结尾的是挂车号牌，号牌种类请选“挂车”。",
                "A plate ending in 挂 is a trailer's: choose “Trailer” as the plate type.",
            ),
            PlateTypeError::SuffixNeedsType { .. } => LocalizedText::new(
                "以“学”字结尾的是教练车号牌，号牌种类请选“教练汽车”。",
                "A plate ending in 学 is a driving-school car's: choose “Driving-school car” as the plate type.",
            ),
            PlateTypeError::NotOffered => LocalizedText::new(
                "警车和港澳入出境车辆的违法记录不能在这里查询，请咨询当地公安交通管理部门。",
                "Violations of police vehicles and Hong Kong or Macao cross-border vehicles cannot be looked up here. Ask the local traffic police.",
            ),
        }
    }
}

impl std::fmt::Display for PlateTypeError {
    /// The code and the English message, for logs and test failures.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message().en)
    }
}

impl std::error::Error for PlateTypeError {}

/// Checks that a plate number already accepted by
/// [`validate_plate`](crate::rules::validate_plate) fits its 号牌种类:
///
/// - 警, 港, 澳 plates: none of these types ([`PlateTypeError::NotOffered`]);
/// - `15` 挂车 ends in 挂, `16` 教练汽车 in 学; a plate ending in 挂 or 学 needs that type;
/// - `51` / `52` (新能源) have 8 characters: 大型 `沪A12345D` (letter last), 小型
///   `沪AD12345` (letter first); the other types have 7.
///
/// Errors: [`PlateTypeError`], in the order above.
pub fn validate_plate_for_type(plate: &str, plate_type: PlateType) -> Result<(), PlateTypeError> {
    let chars: Vec<char> = plate.chars().collect();
    let last = chars.last().copied();
    if matches!(last, Some('警' | '港' | '澳')) {
        return Err(PlateTypeError::NotOffered);
    }
    match plate_type {
        PlateType::Trailer if last != Some('挂') => return Err(PlateTypeError::TrailerSuffix),
        PlateType::Coach if last != Some('学') => return Err(PlateTypeError::CoachSuffix),
        PlateType::Trailer | PlateType::Coach => return Ok(()),
        _ => {}
    }
    if let Some(suffix @ ('挂' | '学')) = last {
        return Err(PlateTypeError::SuffixNeedsType { suffix });
    }
    let new_energy_plate = chars.len() == 8;
    match (plate_type.is_new_energy(), new_energy_plate) {
        (true, false) => Err(PlateTypeError::NotNewEnergyPlate),
        (false, true) => Err(PlateTypeError::NewEnergyPlate),
        (false, false) => Ok(()),
        (true, true) => {
            let large = chars[7].is_ascii_uppercase();
            if large == (plate_type == PlateType::LargeNewEnergy) {
                Ok(())
            } else {
                Err(PlateTypeError::NewEnergySize)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::plate::{normalize_plate, validate_plate};
    use super::*;

    #[test]
    fn codes_round_trip_as_strings() {
        for t in PlateType::ALL {
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.code()));
            assert_eq!(serde_json::from_str::<PlateType>(&json).unwrap(), t);
            assert_eq!(PlateType::from_code(t.code()), Some(t));
            assert!(!t.label().zh.is_empty() && !t.label().en.is_empty());
        }
        assert_eq!(PlateType::from_code(" 02 "), Some(PlateType::SmallVehicle));
        assert!(serde_json::from_str::<PlateType>("\"2\"").is_err());
        assert!(serde_json::from_str::<PlateType>("\"99\"").is_err());
        assert!(serde_json::from_str::<PlateType>("2").is_err());
    }

    #[test]
    fn plates_fit_their_types() {
        use PlateType::*;
        let check = |plate: &str, t: PlateType| {
            let p = normalize_plate(plate);
            validate_plate(&p).unwrap_or_else(|e| panic!("{plate}: {e}"));
            validate_plate_for_type(&p, t).err().map(|e| e.code())
        };
        assert_eq!(check("沪A12345", SmallVehicle), None);
        assert_eq!(check("沪a·12345", LargeVehicle), None);
        assert_eq!(check("沪A12345", Motorcycle), None);
        assert_eq!(check("沪A12345", LightMotorcycle), None);
        assert_eq!(check("沪AD12345", SmallNewEnergy), None);
        assert_eq!(check("沪ａｄ１２３４５", SmallNewEnergy), None);
        assert_eq!(check("甘G23459F", LargeNewEnergy), None);
        assert_eq!(check("沪A1234挂", Trailer), None);
        assert_eq!(check("沪A1234学", Coach), None);
        assert_eq!(
            check("沪A12345", SmallNewEnergy),
            Some("plate_type_new_energy")
        );
        assert_eq!(
            check("沪A12345", LargeNewEnergy),
            Some("plate_type_new_energy")
        );
        assert_eq!(
            check("沪AD12345", SmallVehicle),
            Some("plate_type_ordinary")
        );
        assert_eq!(
            check("甘G23459F", LargeVehicle),
            Some("plate_type_ordinary")
        );
        assert_eq!(check("沪AD12345", LargeNewEnergy), Some("plate_type_size"));
        assert_eq!(check("甘G23459F", SmallNewEnergy), Some("plate_type_size"));
        assert_eq!(check("沪A12345", Trailer), Some("plate_type_trailer"));
        assert_eq!(check("沪A1234学", Trailer), Some("plate_type_trailer"));
        assert_eq!(check("沪A12345", Coach), Some("plate_type_coach"));
        assert_eq!(check("沪A1234挂", SmallVehicle), Some("plate_type_suffix"));
        assert_eq!(check("沪A1234学", LargeVehicle), Some("plate_type_suffix"));
        assert_eq!(
            check("沪A1234警", SmallVehicle),
            Some("plate_type_not_offered")
        );
        assert_eq!(check("粤Z1234港", Trailer), Some("plate_type_not_offered"));
        assert!(PlateTypeError::SuffixNeedsType { suffix: '挂' }
            .message()
            .zh
            .contains("挂车"));
        assert!(PlateTypeError::SuffixNeedsType { suffix: '学' }
            .message()
            .zh
            .contains("教练"));
    }
}
