//! Checking a form schema beyond its JSON shape, for the catalog loader
//! (`catalog::parse_city_catalog`): keys, texts, rule parameters, conditions.

use std::collections::{HashMap, HashSet};

use crate::localized::LocalizedText;

use super::schema::{ChoiceOption, ConditionValue, FieldRule, FormSchema, AUTOCOMPLETE_TOKENS};

/// A slug of ASCII lower-case letters and digits, with `sep` between (not first or last).
fn is_slug(s: &str, sep: u8) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == sep)
        && !s.starts_with(sep as char)
        && !s.ends_with(sep as char)
}

fn text_ok(t: &LocalizedText) -> bool {
    !t.zh.trim().is_empty() && !t.en.trim().is_empty()
}

/// Checks a form schema beyond its JSON shape. Returns the JSON path of the first problem,
/// relative to the form (`pages[0].fields[2].show_when.field`), and what is wrong.
///
/// Rejected: no pages; a page without fields; a bad or repeated page key; a bad or
/// repeated field key (keys are unique across the whole form); empty labels, titles, hints
/// or `next_steps`; an unknown `autocomplete` token; text limits out of range; a date
/// window whose start is after its end; a choice with fewer than two options, a multiple
/// choice with none, a bad or repeated option value, an empty option label; selection
/// limits that cannot be met; an integer range whose minimum is above its maximum or an
/// empty unit; a `show_when` on itself, on a missing field, on a later field, on a field
/// that is not a choice, multiple choice or consent, or with a value that field can never
/// have. (Unknown kinds and unknown properties are rejected when parsing.)
pub fn check_form(form: &FormSchema) -> Result<(), (String, String)> {
    let fail = |path: String, msg: String| Err((path, msg));
    if form.pages.is_empty() {
        return fail("pages".into(), "list at least one page".into());
    }
    if !text_ok(&form.next_steps) {
        return fail(
            "next_steps".into(),
            "must have non-empty zh and en: say what happens after submitting".into(),
        );
    }
    let mut page_keys = HashSet::new();
    // Fields seen so far: key → (path, rule).
    let mut earlier: HashMap<&str, &FieldRule> = HashMap::new();
    let mut all_keys: HashSet<&str> = HashSet::new();
    for (p, page) in form.pages.iter().enumerate() {
        let at = format!("pages[{p}]");
        if !is_slug(&page.key, b'-') {
            return fail(
                format!("{at}.key"),
                format!("\"{}\" is not a valid page key: use lower-case letters, digits and dashes, like \"partner-a\"", page.key),
            );
        }
        if !page_keys.insert(page.key.as_str()) {
            return fail(
                format!("{at}.key"),
                format!("\"{}\" is used by two pages", page.key),
            );
        }
        if !text_ok(&page.title) {
            return fail(
                format!("{at}.title"),
                "must have non-empty zh and en".into(),
            );
        }
        if page.fields.is_empty() {
            return fail(format!("{at}.fields"), "list at least one field".into());
        }
        for field in &page.fields {
            all_keys.insert(field.key.as_str());
        }
    }
    for (p, page) in form.pages.iter().enumerate() {
        for (f, field) in page.fields.iter().enumerate() {
            let at = format!("pages[{p}].fields[{f}]");
            let key = field.key.as_str();
            if !is_slug(key, b'_') || !key.starts_with(|c: char| c.is_ascii_lowercase()) {
                return fail(format!("{at}.key"), format!("\"{key}\" is not a valid field key: use lower-case letters, digits and _, starting with a letter, like \"groom_id\""));
            }
            if earlier.contains_key(key) {
                return fail(
                    format!("{at}.key"),
                    format!("\"{key}\" is used by two fields; keys must be unique within a form"),
                );
            }
            if !text_ok(&field.label) {
                return fail(
                    format!("{at}.label"),
                    "must have non-empty zh and en".into(),
                );
            }
            if field.hint.as_ref().is_some_and(|h| !text_ok(h)) {
                return fail(
                    format!("{at}.hint"),
                    "must have non-empty zh and en (or be left out)".into(),
                );
            }
            if let Some(token) = &field.autocomplete {
                if !AUTOCOMPLETE_TOKENS.contains(&token.as_str()) {
                    return fail(
                        format!("{at}.autocomplete"),
                        format!(
                            "\"{token}\" is not one of {}",
                            AUTOCOMPLETE_TOKENS.join(", ")
                        ),
                    );
                }
            }
            check_rule(&field.rule).map_err(|(path, msg)| (format!("{at}.rule.{path}"), msg))?;
            if let Some(cond) = &field.show_when {
                let path = format!("{at}.show_when.field");
                let Some(rule) = earlier.get(cond.field.as_str()) else {
                    let why = if cond.field == key {
                        "is this field itself; a condition must look at an earlier field"
                            .to_string()
                    } else if all_keys.contains(cond.field.as_str()) {
                        format!("\"{}\" comes after this field; a condition may only look at an earlier field", cond.field)
                    } else {
                        format!("there is no field \"{}\" in this form", cond.field)
                    };
                    return fail(path, why);
                };
                let value_ok = match (rule, &cond.equals) {
                    (FieldRule::Choice { options, .. }, ConditionValue::Text(v))
                    | (FieldRule::MultipleChoice { options, .. }, ConditionValue::Text(v)) => {
                        options.iter().any(|o| &o.value == v)
                    }
                    (FieldRule::Consent, ConditionValue::Bool(_)) => true,
                    (
                        FieldRule::Choice { .. }
                        | FieldRule::MultipleChoice { .. }
                        | FieldRule::Consent,
                        _,
                    ) => false,
                    _ => {
                        return fail(path, format!("\"{}\" is a {} field; a condition can only look at a choice, multiple_choice or consent field", cond.field, rule.kind_name()));
                    }
                };
                if !value_ok {
                    return fail(format!("{at}.show_when.equals"), format!("field \"{}\" can never have this answer: use one of its option values (or true/false for a consent)", cond.field));
                }
            }
            earlier.insert(key, &field.rule);
        }
    }
    Ok(())
}

/// Checks a rule's parameters; the path is relative to the rule.
fn check_rule(rule: &FieldRule) -> Result<(), (String, String)> {
    let fail = |path: &str, msg: String| Err((path.to_string(), msg));
    match rule {
        FieldRule::ShortText { max_length } if !(1..=200).contains(max_length) => fail(
            "max_length",
            format!("{max_length} is out of range: use 1 to 200 (long_text for more)"),
        ),
        FieldRule::LongText { max_length } if !(1..=5000).contains(max_length) => fail(
            "max_length",
            format!("{max_length} is out of range: use 1 to 5000"),
        ),
        FieldRule::Date {
            min_days_from_today: Some(min),
            max_days_from_today: Some(max),
        } if min > max => fail(
            "min_days_from_today",
            format!("{min} is after max_days_from_today {max}: no day could be chosen"),
        ),
        FieldRule::Choice { options, .. } => check_options(options, 2),
        FieldRule::MultipleChoice {
            options,
            min_selected,
            max_selected,
        } => {
            check_options(options, 1)?;
            let n = options.len();
            let min = min_selected.unwrap_or(1);
            if min == 0 || min as usize > n {
                return fail("min_selected", format!("{min} cannot be met: use 1 to {n} (leave the field optional to allow none)"));
            }
            if let Some(max) = *max_selected {
                if max < min || max as usize > n {
                    return fail(
                        "max_selected",
                        format!("{max} is out of range: use {min} to {n}"),
                    );
                }
            }
            Ok(())
        }
        FieldRule::Integer { min, max, unit } => {
            if min > max {
                return fail("min", format!("{min} is above max {max}"));
            }
            if !text_ok(unit) {
                return fail("unit", "must have non-empty zh and en".into());
            }
            Ok(())
        }
        FieldRule::UtilityAccount { .. } => match rule.account_rule().and_then(|r| r.problem()) {
            Some((param, msg)) => fail(param, msg),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

fn check_options(options: &[ChoiceOption], at_least: usize) -> Result<(), (String, String)> {
    if options.len() < at_least {
        return Err((
            "options".into(),
            format!("list at least {at_least} option(s)"),
        ));
    }
    let mut values = HashSet::new();
    for (i, o) in options.iter().enumerate() {
        let value_ok = is_slug(&o.value.replace('-', "_"), b'_');
        if !value_ok {
            return Err((
                format!("options[{i}].value"),
                format!(
                    "\"{}\" is not a valid option value: use lower-case letters, digits, _ and -",
                    o.value
                ),
            ));
        }
        if !values.insert(o.value.as_str()) {
            return Err((
                format!("options[{i}].value"),
                format!("\"{}\" is used by two options", o.value),
            ));
        }
        if !text_ok(&o.label) {
            return Err((
                format!("options[{i}].label"),
                "must have non-empty zh and en".into(),
            ));
        }
        if o.hint.as_ref().is_some_and(|h| !text_ok(h)) {
            return Err((
                format!("options[{i}].hint"),
                "must have non-empty zh and en (or be left out)".into(),
            ));
        }
    }
    Ok(())
}
