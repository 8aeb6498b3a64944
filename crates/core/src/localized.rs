//! Text in both languages of the app, the one type every other module of the core may use.
//!
//! A leaf: it uses nothing of the crate, so any module (the catalog, the form schema, the
//! rules' error messages, the API bodies) can depend on it without depending on each other.

use serde::{Deserialize, Serialize};

/// Text in both languages of the app. `zh` is Simplified Chinese (zh-CN), `en` English.
///
/// On the wire: `{"zh": "交通违章查询", "en": "Traffic violations"}`; any other property is
/// rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalizedText {
    /// Simplified Chinese, shown by default.
    pub zh: String,
    /// English.
    pub en: String,
}

impl LocalizedText {
    /// The text `zh` in Chinese and `en` in English.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        LocalizedText {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_shape_is_strict() {
        let t: LocalizedText =
            serde_json::from_str(r#"{"zh": "姓名", "en": "Full name"}"#).expect("both languages");
        assert_eq!(t, LocalizedText::new("姓名", "Full name"));
        assert!(serde_json::from_str::<LocalizedText>(r#"{"zh": "姓名"}"#).is_err());
        assert!(
            serde_json::from_str::<LocalizedText>(r#"{"zh": "a", "en": "b", "fr": "c"}"#).is_err()
        );
    }
}
