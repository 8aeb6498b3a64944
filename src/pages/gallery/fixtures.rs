//! What every fixture shares: where it is shown ([`Fx`]: language, frame, alone) and the
//! long texts of the `long-text` states.

/// A very long Chinese string, for overflow states.
pub(super) const LONG_ZH: &str = "广州市公安局出入境管理支队港澳台居民来往内地通行证及往来港澳通行证签注业务受理和办理进度查询服务窗口";
/// A very long English string with a long unbreakable word.
pub(super) const LONG_EN: &str = "Exit-entry administration appointment for Hong Kong and Macau travel permit endorsements (Supercalifragilisticexpialidocious-department)";

/// What a fixture needs to know about where it is shown.
#[derive(Clone, Copy)]
pub(super) struct Fx {
    /// English (`lang=en`) rather than Chinese.
    pub(super) en: bool,
    /// The frame width in px (320 or 430): part of every element id.
    pub(super) frame: u16,
    /// Whether the state is shown on its own (`?state=`): dialogs open themselves then.
    pub(super) alone: bool,
}

impl Fx {
    /// The fixture text in the gallery's language.
    pub(super) fn t<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        if self.en {
            en
        } else {
            zh
        }
    }

    /// [`Fx::t`] as a `String`.
    pub(super) fn s(self, zh: &str, en: &str) -> String {
        self.t(zh, en).to_string()
    }

    /// An element id (or form field key) unique to this frame and state.
    pub(super) fn id(self, state: &str, name: &str) -> String {
        format!("g{}_{}_{name}", self.frame, state.replace('-', "_"))
    }
}
