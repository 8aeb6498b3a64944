//! The flow's shared state ([`Flow`], in context for every page of the flow): the service
//! and its form, the draft and its storage, the errors to show, the region data, and the
//! flow's URLs.

use std::collections::BTreeMap;
use std::sync::Arc;

use citizen_core::catalog::LocalizedText;
use citizen_core::form::{error_message, Answers, FieldErrors, FieldRule, FormSchema};
use citizen_core::region::RegionList;
use citizen_core::routes::{query, segment, ApplyPage, Route};
use leptos::prelude::*;
use serde_json::Value;

use super::taps::{arm_tap_guard, DOUBLE_TAP_MS};
use crate::api::{self, ApiError};
use crate::components::region_picker::RegionsState;
use crate::l10n::{localized, I18n};
use crate::state::drafts::{self, Draft, Receipt};

/// What every page of the flow shares: the service, its form, the draft and the errors to
/// show. Provided by [`FormFlow`](super::route::FormFlow) once the service is loaded.
#[derive(Clone)]
pub(super) struct Flow {
    /// The city's GB/T 2260 code (`310100`).
    pub(super) city_code: Arc<str>,
    /// The service id.
    pub(super) service_id: Arc<str>,
    /// The service's name, shown in captions and titles.
    pub(super) service_name: Arc<LocalizedText>,
    /// The department providing the service.
    pub(super) department: Arc<LocalizedText>,
    /// The form.
    pub(super) schema: Arc<FormSchema>,
    /// The form instance: answers as entered, idempotency key, pending send.
    pub(super) draft: RwSignal<Draft>,
    /// Whether the last write of the draft to storage worked.
    pub(super) stored: RwSignal<bool>,
    /// Field key → the error to show beside it (from Continue, 核对信息 or a 422).
    pub(super) errors: RwSignal<BTreeMap<String, ShownError>>,
    /// Region data: always `Some(Ok(empty))` for a form without region fields.
    pub(super) regions: Signal<RegionsState>,
    /// Loads the region data again.
    pub(super) reload_regions: Callback<()>,
    /// The submission the confirmation page shows, once there is one.
    pub(super) receipt: RwSignal<Option<Receipt>>,
    /// The last 继续 that moved on: see [`Flow::second_tap`].
    arrival: StoredValue<Option<Arrival>>,
}

/// Where a 继续 led, when, and the answers then.
#[derive(Debug, Clone)]
struct Arrival {
    /// The page it opened.
    to: Step,
    /// `Date.now()` when it did, in ms.
    at_ms: f64,
    /// The answers then.
    answers: Answers,
}

/// A page of the flow that has a submit button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// The question page with this index in the schema.
    Question(usize),
    /// 核对信息.
    Check,
}

/// An error shown on a field.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ShownError {
    /// What is wrong and how to fix it.
    pub(super) message: LocalizedText,
    /// Whether the message names the question itself (请填写“姓名”。): the error summary
    /// then shows it alone, otherwise after the question's label.
    pub(super) names_field: bool,
}

impl Flow {
    /// Records that 继续 has just opened `to` with `answers`, and arms
    /// [`guard_second_taps`](super::taps::guard_second_taps) at the spot 继续 was tapped (when a tap sent it).
    pub(super) fn arrive(&self, to: Step, answers: &Answers) {
        let now = web_sys::js_sys::Date::now();
        self.arrival.set_value(Some(Arrival {
            to,
            at_ms: now,
            answers: answers.clone(),
        }));
        arm_tap_guard(now);
    }

    /// Whether a submit on `step` is the second tap of the 继续 that opened it: less than
    /// [`DOUBLE_TAP_MS`] later and with no answer changed since. Such a submit is ignored,
    /// so a double tap neither checks the new page (an error summary for questions not yet
    /// seen) nor skips it, nor sends an application from 核对信息.
    pub(super) fn second_tap(&self, step: Step) -> bool {
        self.arrival.with_value(|a| {
            a.as_ref().is_some_and(|a| {
                a.to == step
                    && web_sys::js_sys::Date::now() - a.at_ms < DOUBLE_TAP_MS
                    && self.draft.with_untracked(|d| d.answers == a.answers)
            })
        })
    }

    /// `page` of this service's flow.
    fn apply(&self, page: ApplyPage) -> Route {
        Route::apply(&self.city_code, &self.service_id, page)
    }

    /// The city's home.
    pub(super) fn city_url(&self) -> String {
        Route::city(&self.city_code).path()
    }

    /// The service page (办事指南).
    pub(super) fn service_url(&self) -> String {
        Route::service(&self.city_code, &self.service_id).path()
    }

    /// The start of the flow (on to the first question page).
    pub(super) fn start_url(&self) -> String {
        self.apply(ApplyPage::Start).path()
    }

    /// A question page, returning to 核对信息 after Continue when `from_check`.
    pub(super) fn page_url(&self, index: usize, from_check: bool) -> String {
        let key = self.schema.pages.get(index).map_or("", |p| p.key.as_str());
        let page = self.apply(ApplyPage::Question {
            key: key.to_string(),
        });
        if from_check {
            page.with_query(&[(query::FROM, segment::CHECK)])
        } else {
            page.path()
        }
    }

    pub(super) fn check_url(&self) -> String {
        self.apply(ApplyPage::Check).path()
    }

    pub(super) fn done_url(&self) -> String {
        self.apply(ApplyPage::Done).path()
    }

    /// The discard page, which returns to `from` (a page key or `check`).
    pub(super) fn discard_url(&self, from: &str) -> String {
        self.apply(ApplyPage::Discard)
            .with_query(&[(query::FROM, from)])
    }

    /// The answers as entered, tracked.
    pub(super) fn answers(&self) -> Answers {
        self.draft.with(|d| d.answers.clone())
    }

    /// The answers as entered, untracked.
    pub(super) fn answers_untracked(&self) -> Answers {
        self.draft.with_untracked(|d| d.answers.clone())
    }

    /// Whether the draft holds any answer, tracked.
    pub(super) fn has_answers(&self) -> bool {
        self.draft.with(|d| !d.answers.is_empty())
    }

    /// Sets (or, for `null`, an empty text or list, clears) one answer and saves the draft.
    pub(super) fn set_answer(&self, key: &str, value: Value) {
        let empty = match &value {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            _ => false,
        };
        self.draft.update(|d| {
            if empty {
                d.answers.remove(key);
            } else {
                d.answers.insert(key.to_string(), value);
            }
        });
        self.save();
    }

    /// Writes the draft to storage, remembering whether that worked.
    pub(super) fn save(&self) {
        let ok = self
            .draft
            .with_untracked(|d| drafts::save(&self.city_code, &self.service_id, d));
        if self.stored.get_untracked() != ok {
            self.stored.set(ok);
        }
    }

    /// Normalises the typed answers of page `index` (what blur does, for the fields still
    /// focused or never blurred) and saves the draft.
    pub(super) fn normalise_page(&self, index: usize) {
        let Some(page) = self.schema.pages.get(index) else {
            return;
        };
        self.draft.update(|d| {
            for field in &page.fields {
                let typed = !matches!(
                    field.rule,
                    FieldRule::Choice { .. }
                        | FieldRule::MultipleChoice { .. }
                        | FieldRule::Consent
                        | FieldRule::Region
                );
                if let (true, Some(Value::String(raw))) = (typed, d.answers.get(&field.key)) {
                    let normalised = field.rule.normalize_input(raw);
                    if normalised.is_empty() {
                        d.answers.remove(&field.key);
                    } else {
                        d.answers
                            .insert(field.key.clone(), Value::String(normalised));
                    }
                }
            }
        });
        self.save();
    }

    /// The region data to check answers against (empty until loaded).
    pub(super) fn region_list(&self) -> Arc<RegionList> {
        match self.regions.get_untracked() {
            Some(Ok(list)) => list,
            _ => empty_regions(),
        }
    }

    /// Indexes of the pages with at least one field shown for `answers`, in order.
    pub(super) fn visible_pages(&self, answers: &Answers) -> Vec<usize> {
        self.schema
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.fields.iter().any(|f| f.is_shown(answers)))
            .map(|(i, _)| i)
            .collect()
    }

    /// The index of the page holding field `key`.
    pub(super) fn page_of(&self, key: &str) -> Option<usize> {
        self.schema
            .fields()
            .find(|(_, f)| f.key == key)
            .map(|(i, _)| i)
    }

    /// Replaces the errors of the fields of the pages `pages` says yes to with `errors`
    /// (field key → message); errors of other pages stay.
    pub(super) fn set_errors(
        &self,
        pages: impl Fn(usize) -> bool,
        errors: BTreeMap<String, ShownError>,
    ) {
        let schema = self.schema.clone();
        self.errors.update(|all| {
            all.retain(|key, _| {
                schema
                    .fields()
                    .find(|(_, f)| &f.key == key)
                    .is_some_and(|(i, _)| !pages(i))
            });
            all.extend(errors);
        });
    }

    /// Starts a new, empty form instance (after discarding or submitting).
    pub(super) fn start_over(&self) {
        self.draft.set(Draft::new());
        self.errors.set(BTreeMap::new());
    }

    /// Field errors of citizen-core as messages for residents, naming the question where
    /// the message would otherwise be generic.
    pub(super) fn messages(&self, errors: &FieldErrors) -> BTreeMap<String, ShownError> {
        errors
            .iter()
            .map(|(k, e)| {
                let shown = ShownError {
                    message: error_message(&self.schema, k, e),
                    names_field: e.names_field(),
                };
                (k.clone(), shown)
            })
            .collect()
    }

    /// The service's name in the current language.
    pub(super) fn name(&self, i18n: I18n) -> String {
        localized(i18n, &self.service_name)
    }
}

fn empty_regions() -> Arc<RegionList> {
    Arc::new(RegionList {
        source: String::new(),
        provinces: Vec::new(),
    })
}

/// The flow's context. Always provided by [`FormFlow`](super::route::FormFlow) around the
/// pages.
pub(super) fn use_flow() -> Flow {
    // FormFlow renders the pages (the only users) only after providing it.
    expect_context::<Flow>()
}

/// Builds the flow: the stored draft (or a new one) and, when a field needs it, the region
/// data.
pub(super) fn new_flow(
    code: String,
    id: String,
    service: &citizen_core::catalog::Service<FormSchema, citizen_core::catalog::OnlineOffered>,
    schema: Arc<FormSchema>,
) -> Flow {
    let draft = drafts::load(&code, &id).unwrap_or_default();
    let needs_regions = schema
        .fields()
        .any(|(_, f)| matches!(f.rule, FieldRule::Region));
    let (regions, reload_regions) = if needs_regions {
        let resource = LocalResource::new(|| async {
            api::regions()
                .await
                .map(Arc::new)
                .map_err(|e: ApiError| e.to_string())
        });
        (
            Signal::derive(move || resource.get()),
            Callback::new(move |()| resource.refetch()),
        )
    } else {
        (
            Signal::derive(|| Some(Ok(empty_regions()))),
            Callback::new(|()| {}),
        )
    };
    Flow {
        city_code: code.into(),
        service_id: id.into(),
        service_name: Arc::new(service.name.clone()),
        department: Arc::new(service.department.clone()),
        schema,
        draft: RwSignal::new(draft),
        // Said from the first page on, not only after the first failed write.
        stored: RwSignal::new(crate::state::storage::works()),
        errors: RwSignal::new(BTreeMap::new()),
        regions,
        reload_regions,
        receipt: RwSignal::new(None),
        arrival: StoredValue::new(None),
    }
}
