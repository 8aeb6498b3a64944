//! A one-page form of citizen-core's [`FormSchema`] (the lookup forms, the identity form),
//! rendered with the form flow's components ([`FormField`], [`ErrorSummary`]) and checked
//! on submit with the same core code the server runs (GOV.UK: validate on submit, an error
//! summary that takes focus and links to each field, an inline message per field).
//!
//! [`FormState`] holds the answers exactly as typed (normalised only on blur and on
//! submit, never while an IME composes) and the errors to show; a server 422 puts its
//! messages on the same fields, and nothing typed is lost.

use std::collections::BTreeMap;
use std::sync::Arc;

use citizen_core::catalog::LocalizedText;
use citizen_core::form::{error_message, Answers, FieldErrors, FieldRule, FormSchema};
use leptos::prelude::*;
use serde_json::Value;

use crate::components::error_summary::{ErrorLink, ErrorSummary};
use crate::components::field::{input_id, FormField};
use crate::components::region_picker::RegionsState;
use crate::i18n::{t_string, use_i18n};
use crate::l10n::localized;
use crate::state::drafts;

/// An error shown on a field.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Shown {
    /// What is wrong and how to fix it.
    pub(super) message: LocalizedText,
    /// Whether the message names the question itself (the summary then shows it alone).
    pub(super) names_field: bool,
}

/// The answers and errors of one form on a page.
#[derive(Clone, Copy)]
pub(super) struct FormState {
    /// Field key → the answer as entered.
    pub(super) answers: RwSignal<Answers>,
    /// Field key → the error to show.
    pub(super) errors: RwSignal<BTreeMap<String, Shown>>,
    /// Failed submits so far: each renders a new error summary, which takes focus.
    pub(super) attempts: RwSignal<u32>,
    /// Whether an IME composition is under way in a typed input (no submitting then).
    pub(super) composing: StoredValue<bool>,
}

impl FormState {
    /// An empty form (or one with `answers`).
    pub(super) fn new(answers: Answers) -> Self {
        FormState {
            answers: RwSignal::new(answers),
            errors: RwSignal::new(BTreeMap::new()),
            attempts: RwSignal::new(0),
            composing: StoredValue::new(false),
        }
    }

    /// Sets (or, for `null` or empty text, clears) one answer.
    pub(super) fn set_answer(&self, key: &str, value: Value) {
        let empty = matches!(&value, Value::Null) || value.as_str().is_some_and(str::is_empty);
        self.answers.update(|a| {
            if empty {
                a.remove(key);
            } else {
                a.insert(key.to_string(), value);
            }
        });
    }

    /// Normalises the typed answers (what blur does, for a field never blurred) and returns
    /// them.
    pub(super) fn normalise(&self, schema: &FormSchema) -> Answers {
        self.answers.update(|a| {
            for (_, field) in schema.fields() {
                let typed = !matches!(
                    field.rule,
                    FieldRule::Choice { .. }
                        | FieldRule::MultipleChoice { .. }
                        | FieldRule::Consent
                        | FieldRule::Region
                );
                if let (true, Some(Value::String(raw))) = (typed, a.get(&field.key)) {
                    let normalised = field.rule.normalize_input(raw);
                    if normalised.is_empty() {
                        a.remove(&field.key);
                    } else {
                        a.insert(field.key.clone(), Value::String(normalised));
                    }
                }
            }
        });
        self.answers.get_untracked()
    }

    /// Shows core's field errors (messages naming the question where needed).
    pub(super) fn show_errors(&self, schema: &FormSchema, errors: &FieldErrors) {
        let shown = errors
            .iter()
            .map(|(k, e)| {
                (
                    k.clone(),
                    Shown {
                        message: error_message(schema, k, e),
                        names_field: e.names_field(),
                    },
                )
            })
            .collect();
        self.show(shown);
    }

    /// Shows `shown` (field key → error), replacing the errors shown before.
    pub(super) fn show(&self, shown: BTreeMap<String, Shown>) {
        self.errors.set(shown);
        self.attempts.update(|n| *n += 1);
    }

    /// No errors shown.
    pub(super) fn clear_errors(&self) {
        if self.errors.with_untracked(|e| !e.is_empty()) {
            self.errors.set(BTreeMap::new());
        }
    }

    /// Whether a submit must wait (an IME composition is under way).
    pub(super) fn is_composing(&self) -> bool {
        self.composing.get_value()
    }
}

/// The errors of a server's 422 as errors to show: its messages where it sent them,
/// otherwise `fallback` for the code. `key_of` maps a key of the API body to the form's
/// field key (the 户号 of one provider).
pub(super) fn server_errors(
    fields: &BTreeMap<String, String>,
    messages: &BTreeMap<String, LocalizedText>,
    key_of: impl Fn(&str) -> String,
    fallback: impl Fn(&str, &str) -> LocalizedText,
) -> BTreeMap<String, Shown> {
    fields
        .iter()
        .map(|(key, code)| {
            let message = messages
                .get(key)
                .cloned()
                .unwrap_or_else(|| fallback(key, code));
            let names_field = matches!(code.as_str(), "required" | "not_chosen");
            (
                key_of(key),
                Shown {
                    message,
                    names_field,
                },
            )
        })
        .collect()
}

/// The error summary of `state` (nothing while there are no errors): put it first in
/// `<main>`, above the heading.
#[component]
pub(super) fn SchemaErrorSummary(schema: Arc<FormSchema>, state: FormState) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let _ = state.attempts.get();
        let answers = state.answers.get_untracked();
        let errors = state.errors.with_untracked(|errors| {
            schema
                .fields()
                .filter(|(_, f)| f.is_shown(&answers))
                .filter_map(|(_, f)| {
                    errors.get(&f.key).map(|e| {
                        let message = localized(i18n, &e.message);
                        ErrorLink {
                            target: input_id(&f.key),
                            text: if e.names_field {
                                message
                            } else {
                                let label = localized(i18n, &f.label);
                                t_string!(i18n, form.summary_item, label, message).to_string()
                            },
                        }
                    })
                })
                .collect::<Vec<_>>()
        });
        (!errors.is_empty()).then(|| view! { <ErrorSummary errors /> })
    }
}

/// The fields of every page of `schema` (shown as their conditions say), bound to `state`.
#[component]
pub(super) fn SchemaFields(schema: Arc<FormSchema>, state: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let today = drafts::today_in_china();
    let regions: Signal<RegionsState> = Signal::derive(|| None);
    let no_retry = Callback::new(|()| {});
    schema
        .fields()
        .map(|(_, field)| field.clone())
        .map(|field| {
            let key = field.key.clone();
            let shown = {
                let field = field.clone();
                Memo::new(move |_| state.answers.with(|a| field.is_shown(a)))
            };
            let value = {
                let key = key.clone();
                Signal::derive(move || state.answers.with(|a| a.get(&key).cloned()))
            };
            let error = {
                let key = key.clone();
                Signal::derive(move || {
                    state
                        .errors
                        .with(|e| e.get(&key).map(|e| localized(i18n, &e.message)))
                })
            };
            let on_change = Callback::new(move |v: Value| state.set_answer(&key, v));
            let on_composing = Callback::new(move |on: bool| state.composing.set_value(on));
            move || {
                shown.get().then(|| {
                    view! {
                        <FormField
                            field=field.clone()
                            value
                            error
                            on_change
                            on_composing
                            today
                            regions
                            on_retry_regions=no_retry
                        />
                    }
                })
            }
        })
        .collect_view()
}
