//! Applying for a service online: the form flow of a service that declares a form.
//!
//! | path under `/city/:code/service/:id/apply` | page |
//! |---|---|
//! | (none) | goes to the first question page |
//! | `/{page key}` | one question page per schema page (`?from=check` returns to 核对信息) |
//! | `/check` | 核对信息 (check your answers) and submit |
//! | `/done` | 申请已提交: the 受理编号, the time and what happens next |
//! | `/discard` | 放弃草稿？ (discard the draft), with a way back |
//!
//! One route, `/city/:code/service/:id/apply/*rest`, whose view [`FormFlow`] loads the
//! service once, the region data when a field needs it, and the draft
//! ([`crate::state::drafts`]), shares them with the pages as a [`Flow`] in context, and
//! shows the page `rest` names (a flat route rather than nested ones: less router code in
//! the one wasm every page loads). A schema page key `check`, `done` or `discard` would be
//! shadowed; the catalog has none. Answers are checked with citizen-core's `validate_pages` /
//! `validate_answers`, the very code the server runs again.

mod check;
mod discard;
mod done;
mod question;

use std::collections::BTreeMap;
use std::sync::Arc;

use citizen_core::catalog::LocalizedText;
use citizen_core::form::{error_message, Answers, FieldErrors, FieldRule, FormSchema};
use citizen_core::region::RegionList;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_params_map;
use leptos_router::NavigateOptions;
use serde_json::Value;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::components::field::RegionsState;
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::components::skeleton::Skeleton;
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{api_error_message, localized, page_title, tr, I18n};
use crate::state::drafts::{self, Draft, Receipt};

/// What every page of the flow shares: the service, its form, the draft and the errors to
/// show. Provided by [`FormFlow`] once the service is loaded.
#[derive(Clone)]
struct Flow {
    /// The city's GB/T 2260 code (`310100`).
    city_code: Arc<str>,
    /// The service id.
    service_id: Arc<str>,
    /// The service's name, shown in captions and titles.
    service_name: Arc<LocalizedText>,
    /// The department providing the service.
    department: Arc<LocalizedText>,
    /// The form.
    schema: Arc<FormSchema>,
    /// The form instance: answers as entered, idempotency key, pending send.
    draft: RwSignal<Draft>,
    /// Whether the last write of the draft to storage worked.
    stored: RwSignal<bool>,
    /// Field key → the error to show beside it (from Continue, 核对信息 or a 422).
    errors: RwSignal<BTreeMap<String, ShownError>>,
    /// Region data: always `Some(Ok(empty))` for a form without region fields.
    regions: Signal<RegionsState>,
    /// Loads the region data again.
    reload_regions: Callback<()>,
    /// The submission the confirmation page shows, once there is one.
    receipt: RwSignal<Option<Receipt>>,
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
enum Step {
    /// The question page with this index in the schema.
    Question(usize),
    /// 核对信息.
    Check,
}

/// How long after a 继续 a submit on the page it opened counts as the second tap of a double
/// tap (the button is at the same place on every page), in ms. Phones tell a double tap from
/// two taps within about 300 ms; GOV.UK's prevent-double-click waits 1 s.
const DOUBLE_TAP_MS: f64 = 500.0;

/// How far from the spot 继续 was tapped at a tap still counts as the same thumb, in CSS px.
const TAP_SLOP_PX: f64 = 40.0;

/// Clicks seen by [`guard_second_taps`]: the last one (`Date.now()` ms, x, y), and the spot
/// of a 继续 that moved on with the time until which a tap there is swallowed.
#[derive(Debug, Clone, Copy, Default)]
struct Taps {
    last: Option<(f64, f64, f64)>,
    armed: Option<(f64, f64, f64)>,
}

thread_local! {
    static TAPS: std::cell::Cell<Taps> = std::cell::Cell::new(Taps::default());
    static TAP_GUARD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Arms [`guard_second_taps`] at the spot of the tap that just sent a submit (when a tap
/// sent it, in the last 100 ms), for [`DOUBLE_TAP_MS`] from `now` (`Date.now()`).
fn arm_tap_guard(now: f64) {
    TAPS.with(|t| {
        let mut taps = t.get();
        if let Some((_, x, y)) = taps.last.filter(|(at, _, _)| now - at < 100.0) {
            taps.armed = Some((now + DOUBLE_TAP_MS, x, y));
            t.set(taps);
        }
    });
}

/// After a tap on 提交申请: its double tap's second tap must not land on the confirmation
/// that replaces 核对信息 (its 返回城市首页 would hide the 受理编号).
fn guard_submit_tap() {
    arm_tap_guard(web_sys::js_sys::Date::now());
}

/// Installs, once, a capture-phase click listener that swallows the second tap of a double
/// tap on 继续 wherever it lands on the page 继续 opened: within [`DOUBLE_TAP_MS`] and
/// [`TAP_SLOP_PX`] of the first, it never reaches the page, so it cannot tick a declaration,
/// choose a radio or follow a 修改 link that happens to sit where 继续 was (submit buttons
/// are also guarded by [`Flow::second_tap`]).
fn guard_second_taps() {
    if TAP_GUARD.with(|g| g.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let at = |name: &str| {
            web_sys::js_sys::Reflect::get(&ev, &name.into())
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0)
        };
        let (x, y, now) = (at("clientX"), at("clientY"), web_sys::js_sys::Date::now());
        let second = TAPS.with(|t| {
            let mut taps = t.get();
            let second = taps
                .armed
                .is_some_and(|(until, ax, ay)| now < until && (x - ax).hypot(y - ay) < TAP_SLOP_PX);
            if !second {
                taps.last = Some((now, x, y));
                t.set(taps);
            }
            second
        });
        if second {
            ev.prevent_default();
            ev.stop_propagation();
        }
    });
    let _ = window.add_event_listener_with_callback_and_bool(
        "click",
        listener.as_ref().unchecked_ref(),
        true,
    );
    // One listener for the page's lifetime.
    listener.forget();
}

/// An error shown on a field.
#[derive(Debug, Clone, PartialEq)]
struct ShownError {
    /// What is wrong and how to fix it.
    message: LocalizedText,
    /// Whether the message names the question itself (请填写“姓名”。): the error summary
    /// then shows it alone, otherwise after the question's label.
    names_field: bool,
}

impl Flow {
    /// Records that 继续 has just opened `to` with `answers`, and arms
    /// [`guard_second_taps`] at the spot 继续 was tapped (when a tap sent it).
    fn arrive(&self, to: Step, answers: &Answers) {
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
    fn second_tap(&self, step: Step) -> bool {
        self.arrival.with_value(|a| {
            a.as_ref().is_some_and(|a| {
                a.to == step
                    && web_sys::js_sys::Date::now() - a.at_ms < DOUBLE_TAP_MS
                    && self.draft.with_untracked(|d| d.answers == a.answers)
            })
        })
    }

    fn base(&self) -> String {
        format!("/city/{}/service/{}", self.city_code, self.service_id)
    }

    /// The service page (办事指南).
    fn service_url(&self) -> String {
        self.base()
    }

    /// A question page, returning to 核对信息 after Continue when `from_check`.
    fn page_url(&self, index: usize, from_check: bool) -> String {
        let key = self.schema.pages.get(index).map_or("", |p| p.key.as_str());
        let from = if from_check { "?from=check" } else { "" };
        format!("{}/apply/{key}{from}", self.base())
    }

    fn check_url(&self) -> String {
        format!("{}/apply/check", self.base())
    }

    fn done_url(&self) -> String {
        format!("{}/apply/done", self.base())
    }

    /// The discard page, which returns to `from` (a page key or `check`).
    fn discard_url(&self, from: &str) -> String {
        format!("{}/apply/discard?from={from}", self.base())
    }

    /// The answers as entered, tracked.
    fn answers(&self) -> Answers {
        self.draft.with(|d| d.answers.clone())
    }

    /// The answers as entered, untracked.
    fn answers_untracked(&self) -> Answers {
        self.draft.with_untracked(|d| d.answers.clone())
    }

    /// Whether the draft holds any answer, tracked.
    fn has_answers(&self) -> bool {
        self.draft.with(|d| !d.answers.is_empty())
    }

    /// Sets (or, for `null`, an empty text or list, clears) one answer and saves the draft.
    fn set_answer(&self, key: &str, value: Value) {
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
    fn save(&self) {
        let ok = self
            .draft
            .with_untracked(|d| drafts::save(&self.city_code, &self.service_id, d));
        if self.stored.get_untracked() != ok {
            self.stored.set(ok);
        }
    }

    /// Normalises the typed answers of page `index` (what blur does, for the fields still
    /// focused or never blurred) and saves the draft.
    fn normalise_page(&self, index: usize) {
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
    fn region_list(&self) -> Arc<RegionList> {
        match self.regions.get_untracked() {
            Some(Ok(list)) => list,
            _ => empty_regions(),
        }
    }

    /// Indexes of the pages with at least one field shown for `answers`, in order.
    fn visible_pages(&self, answers: &Answers) -> Vec<usize> {
        self.schema
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.fields.iter().any(|f| f.is_shown(answers)))
            .map(|(i, _)| i)
            .collect()
    }

    /// The index of the page holding field `key`.
    fn page_of(&self, key: &str) -> Option<usize> {
        self.schema
            .fields()
            .find(|(_, f)| f.key == key)
            .map(|(i, _)| i)
    }

    /// Replaces the errors of the fields of the pages `pages` says yes to with `errors`
    /// (field key → message); errors of other pages stay.
    fn set_errors(&self, pages: impl Fn(usize) -> bool, errors: BTreeMap<String, ShownError>) {
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
    fn start_over(&self) {
        self.draft.set(Draft::new());
        self.errors.set(BTreeMap::new());
    }

    /// Field errors of citizen-core as messages for residents, naming the question where
    /// the message would otherwise be generic.
    fn messages(&self, errors: &FieldErrors) -> BTreeMap<String, ShownError> {
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
    fn name(&self, i18n: I18n) -> String {
        localized(i18n, &self.service_name)
    }
}

fn empty_regions() -> Arc<RegionList> {
    Arc::new(RegionList {
        source: String::new(),
        provinces: Vec::new(),
    })
}

/// The flow's context. Always provided by [`FormFlow`] around the pages.
fn use_flow() -> Flow {
    // FormFlow renders the pages (the only users) only after providing it.
    expect_context::<Flow>()
}

/// `/city/:code/service/:id/apply/*rest`: loads the service (and its form) and the draft,
/// then shows the page `rest` names. Loading, not-found, no-form and error states for the
/// whole flow.
#[component]
pub fn FormFlow() -> impl IntoView {
    guard_second_taps();
    let params = use_params_map();
    let key = Memo::new(move |_| {
        params.with(|p| {
            (
                p.get("code").unwrap_or_default(),
                p.get("id").unwrap_or_default(),
            )
        })
    });
    let service = LocalResource::new(move || {
        let (code, id) = key.get();
        async move { api::service(&code, &id).await }
    });
    let guide = move || format!("/city/{}/service/{}", key.get().0, key.get().1);
    let i18n = use_i18n();
    let online = tr(move || t_string!(i18n, form.online));
    let to_guide = tr(move || t_string!(i18n, form.guide));
    move || {
        match service.get() {
        None => view! {
            <Title text=move || page_title(i18n, t_string!(i18n, form.online)) />
            <NavBar title=online back=Some(guide()) back_to=to_guide />
            <main id="main" class="ch-page">
                <Skeleton rows=4 />
            </main>
        }
        .into_any(),
        Some(Err(e)) if e.is_not_found() => {
            let home = format!("/city/{}", key.get_untracked().0);
            view! {
                <Title text=move || page_title(i18n, t_string!(i18n, form.no_service_title)) />
                <NavBar title=online back=Some(home.clone()) back_to=tr(move || t_string!(i18n, form.city_home)) />
                <main id="main" class="ch-page">
                    <ResultView
                        status=ResultStatus::Empty
                        level=1
                        title=tr(move || t_string!(i18n, form.no_service_title))
                        description=tr(move || t_string!(i18n, form.no_service_body))
                    >
                        <A href=home exact=true attr:class="ch-button ch-button--primary">
                            {t!(i18n, form.all_services)}
                        </A>
                    </ResultView>
                </main>
            }
            .into_any()
        }
        Some(Err(e)) => view! {
            <Title text=move || page_title(i18n, t_string!(i18n, form.loading_failed)) />
            <NavBar title=online back=Some(guide()) back_to=to_guide />
            <main id="main" class="ch-page">
                <ResultView
                    status=ResultStatus::Error
                    level=1
                    title=tr(move || t_string!(i18n, form.loading_failed))
                    description=tr(move || api_error_message(i18n, &e))
                >
                    <button type="button" class="ch-button ch-button--primary" on:click=move |_| service.refetch()>
                        {t!(i18n, common.retry)}
                    </button>
                </ResultView>
            </main>
        }
        .into_any(),
        Some(Ok(data)) => match data.service.form.clone() {
            None => {
                let name = data.service.name.clone();
                view! {
                    <Title text=move || page_title(i18n, &format!("{} - {}", localized(i18n, &name), t_string!(i18n, form.online))) />
                    <NavBar title=online back=Some(guide()) back_to=to_guide />
                    <main id="main" class="ch-page">
                        <ResultView
                            status=ResultStatus::Empty
                            level=1
                            title=tr(move || t_string!(i18n, form.no_form_title))
                            description=tr(move || t_string!(i18n, form.no_form_body))
                        >
                            <A href=guide() exact=true attr:class="ch-button ch-button--primary">{t!(i18n, form.view_guide)}</A>
                        </ResultView>
                    </main>
                }
                .into_any()
            }
            Some(form) => {
                let (code, id) = key.get_untracked();
                let schema = Arc::new(form);
                let flow = new_flow(code, id, &data.service, schema);
                provide_context(flow);
                view! { <FlowPage /> }.into_any()
            }
        },
    }
    }
}

/// The page of the flow that the rest of the path names.
#[component]
fn FlowPage() -> impl IntoView {
    let params = use_params_map();
    let rest = Memo::new(move |_| params.with(|p| p.get("rest").unwrap_or_default()));
    let flow = use_flow();
    move || match rest.get().trim_matches('/') {
        "" => view! { <StartPage /> }.into_any(),
        "done" => view! { <done::DonePage /> }.into_any(),
        "discard" => view! { <discard::DiscardPage /> }.into_any(),
        // Back from the confirmation: the spent form's pages say it was submitted.
        // (Untracked: typing the first answer must not re-render the page.)
        _ if flow.answers_untracked().is_empty()
            && drafts::just_submitted(&flow.city_code, &flow.service_id) =>
        {
            view! { <done::SubmittedPage /> }.into_any()
        }
        "check" => view! { <check::CheckPage /> }.into_any(),
        page => view! { <question::QuestionPage page_key=page.to_string() /> }.into_any(),
    }
}

/// Builds the flow: the stored draft (or a new one) and, when a field needs it, the region
/// data.
fn new_flow(
    code: String,
    id: String,
    service: &citizen_core::catalog::Service,
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

/// `/apply`: straight on to the first question page (replacing this entry, so Back from
/// the first question leaves the flow). Starting again forgets an earlier submission made
/// in this tab ([`drafts::just_submitted`]).
#[component]
fn StartPage() -> impl IntoView {
    let flow = use_flow();
    drafts::clear_just_submitted(&flow.city_code, &flow.service_id);
    let first = flow
        .visible_pages(&flow.answers_untracked())
        .first()
        .copied()
        .unwrap_or(0);
    view! {
        <Redirect
            path=flow.page_url(first, false)
            options=NavigateOptions { replace: true, ..Default::default() }
        />
    }
}

/// The notice under the buttons: drafts are kept on this device (or cannot be).
#[component]
fn DraftNote(
    /// Where 放弃草稿 returns to (a page key or `check`).
    from: String,
) -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let discard = flow.discard_url(&from);
    let stored = flow.stored;
    let has_answers = {
        let flow = flow.clone();
        move || flow.has_answers()
    };
    view! {
        <div class="ch-draft-note">
            {move || {
                if stored.get() {
                    view! { <p class="ch-caption">{t!(i18n, form.draft_saved)}</p> }.into_any()
                } else {
                    view! {
                        <p class="ch-caption ch-draft-note__warning">{t!(i18n, form.draft_not_saved)}</p>
                    }
                    .into_any()
                }
            }}
            {move || {
                has_answers()
                    .then(|| view! { <A href=discard.clone() exact=true attr:class="ch-draft-note__discard">{t!(i18n, form.discard_link)}</A> })
            }}
        </div>
    }
}
