//! Small helpers around the translations: catalog text in the current language, category
//! headings, API errors and page titles. All user-facing text comes from `locales/*.json`
//! (through `leptos_i18n`) or from the catalog's own zh/en text.

use citizen_core::catalog::{Category, LocalizedText};
use citizen_core::city::City;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::api::ApiError;
use crate::i18n::{t_string, Locale};

/// The translation context type used everywhere.
pub type I18n = I18nContext<Locale>;

/// Catalog text in `locale` (English falls back to Chinese when a catalog left it empty).
pub fn pick(text: &LocalizedText, locale: Locale) -> String {
    match locale {
        Locale::en if !text.en.trim().is_empty() => text.en.clone(),
        _ => text.zh.clone(),
    }
}

/// Catalog text in the current language, tracked.
pub fn localized(i18n: I18n, text: &LocalizedText) -> String {
    pick(text, i18n.get_locale())
}

/// A city's name in `locale`: the Chinese name, or in English its pinyin-based English
/// name ([`City::english_name`]: 上海市 → Shanghai, 西安市 → Xi'an).
pub fn city_name_in(city: &City, locale: Locale) -> String {
    match locale {
        Locale::en => city.english_name(),
        _ => city.name.clone(),
    }
}

/// A city's name in the current language, tracked.
pub fn city_name(i18n: I18n, city: &City) -> String {
    city_name_in(city, i18n.get_locale())
}

/// What to show beside a city's name in the current language, tracked: in English its
/// Chinese name (what signs and documents say) and its province in English; in Chinese
/// its province, unless the city is a municipality (its own province). `None` when there
/// is nothing to add. The first part is the Chinese name in English mode (mark it
/// `lang="zh-CN"`).
pub fn city_secondary(i18n: I18n, city: &City) -> (Option<String>, Option<String>) {
    let own_province = city.province == city.name;
    match i18n.get_locale() {
        Locale::en => (
            Some(city.name.clone()),
            (!own_province)
                .then(|| city.english_province().map(str::to_string))
                .flatten(),
        ),
        _ => (None, (!own_province).then(|| city.province.clone())),
    }
}

/// The heading of a tile group.
pub fn category_label(i18n: I18n, category: Category) -> String {
    match category {
        Category::Traffic => t_string!(i18n, category.traffic),
        Category::Bills => t_string!(i18n, category.bills),
        Category::Health => t_string!(i18n, category.health),
        Category::ExitEntry => t_string!(i18n, category.exit_entry),
        Category::Marriage => t_string!(i18n, category.marriage),
        Category::Culture => t_string!(i18n, category.culture),
        Category::Consultation => t_string!(i18n, category.consultation),
    }
    .to_string()
}

/// What to tell the resident about a failed request.
pub fn api_error_message(i18n: I18n, e: &ApiError) -> String {
    match e {
        ApiError::Network => t_string!(i18n, common.network_error).to_string(),
        ApiError::Decode => t_string!(i18n, common.server_error).to_string(),
        ApiError::Server { status, .. } => {
            t_string!(i18n, common.server_error_status, status = *status).to_string()
        }
    }
}

/// The document title of a page, `page - 市民之家` (`page - Citizen Home`) in the current
/// language, for `<title>`. (A host's title bar shows only the `page` part again:
/// [`crate::host::titles::bar_title`].)
pub fn document_title(i18n: I18n, page: &str) -> String {
    let page = page.to_string();
    t_string!(i18n, title_suffix, page).to_string()
}

/// A tracked signal of a translated string: `tr(move || t_string!(i18n, key))`.
pub fn tr<T: std::fmt::Display>(f: impl Fn() -> T + Send + Sync + 'static) -> Signal<String> {
    Signal::derive(move || f().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(zh: &str, en: &str) -> LocalizedText {
        LocalizedText {
            zh: zh.into(),
            en: en.into(),
        }
    }

    fn city(code: &str, name: &str, province: &str, pinyin: &[&str]) -> City {
        City {
            code: code.into(),
            name: name.into(),
            province: province.into(),
            pinyin: pinyin.iter().map(|s| s.to_string()).collect(),
            launch_order: None,
            joined: false,
        }
    }

    #[test]
    fn catalog_text_per_locale() {
        let t = text("结婚登记预约", "Marriage registration appointment");
        assert_eq!(pick(&t, Locale::zh_CN), "结婚登记预约");
        assert_eq!(pick(&t, Locale::en), "Marriage registration appointment");
        // English left empty (or blank) by a catalog falls back to Chinese.
        assert_eq!(pick(&text("水费", ""), Locale::en), "水费");
        assert_eq!(pick(&text("水费", "  "), Locale::en), "水费");
    }

    #[test]
    fn city_names_per_locale() {
        let shanghai = city("310100", "上海市", "上海市", &["shang", "hai", "shi"]);
        assert_eq!(city_name_in(&shanghai, Locale::zh_CN), "上海市");
        assert_eq!(city_name_in(&shanghai, Locale::en), "Shanghai");
        let xian = city("610100", "西安市", "陕西省", &["xi", "an", "shi"]);
        assert_eq!(city_name_in(&xian, Locale::en), "Xi'an");
    }
}
