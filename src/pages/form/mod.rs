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

use citizen_core::api::SubmissionResponse;
use citizen_core::form::{Answers, FieldErrors, FieldRule, FormSchema};
use citizen_core::region::RegionList;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_params_map;
use leptos_router::NavigateOptions;
use serde_json::Value;

use crate::api::{self, ApiError};
use crate::components::field::RegionsState;
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::components::skeleton::Skeleton;
use crate::state::drafts::{self, Draft};

/// What every page of the flow shares: the service, its form, the draft and the errors to
/// show. Provided by [`FormFlow`] once the service is loaded.
#[derive(Clone)]
struct Flow {
    /// The city's GB/T 2260 code (`310100`).
    city_code: Arc<str>,
    /// The service id.
    service_id: Arc<str>,
    /// The service's name (Chinese), shown in captions and titles.
    service_name: Arc<str>,
    /// The form.
    schema: Arc<FormSchema>,
    /// The form instance: answers as entered, idempotency key, pending send.
    draft: RwSignal<Draft>,
    /// Whether the last write of the draft to storage worked.
    stored: RwSignal<bool>,
    /// Field key → the message to show beside it (from Continue, 核对信息 or a 422).
    errors: RwSignal<BTreeMap<String, String>>,
    /// Region data: always `Some(Ok(empty))` for a form without region fields.
    regions: Signal<RegionsState>,
    /// Loads the region data again.
    reload_regions: Callback<()>,
    /// The submission the confirmation page shows, once there is one.
    receipt: RwSignal<Option<SubmissionResponse>>,
}

impl Flow {
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
    fn set_errors(&self, pages: impl Fn(usize) -> bool, errors: BTreeMap<String, String>) {
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
}

/// Field errors of citizen-core as messages for residents (Chinese).
fn messages(errors: &FieldErrors) -> BTreeMap<String, String> {
    errors
        .iter()
        .map(|(k, e)| (k.clone(), e.message().zh))
        .collect()
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
    move || {
        match service.get() {
        None => view! {
            <Title text="在线办理 - 市民之家" />
            <NavBar title="在线办理" back=Some(guide()) back_to="办事指南" />
            <main id="main" class="ch-page">
                <Skeleton rows=4 />
            </main>
        }
        .into_any(),
        Some(Err(e)) if e.is_not_found() => view! {
            <Title text="没有找到这项服务 - 市民之家" />
            <NavBar title="在线办理" back=Some(format!("/city/{}", key.get_untracked().0)) back_to="城市首页" />
            <main id="main" class="ch-page">
                <ResultView
                    status=ResultStatus::Empty
                    level=1
                    title="没有找到这项服务"
                    description="这个城市没有这项服务，或链接有误。"
                >
                    <A href=format!("/city/{}", key.get_untracked().0) exact=true attr:class="ch-button ch-button--primary">
                        "查看城市的全部服务"
                    </A>
                </ResultView>
            </main>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <Title text="加载失败 - 市民之家" />
            <NavBar title="在线办理" back=Some(guide()) back_to="办事指南" />
            <main id="main" class="ch-page">
                <ResultView status=ResultStatus::Error level=1 title="加载失败" description=e.to_string()>
                    <button type="button" class="ch-button ch-button--primary" on:click=move |_| service.refetch()>
                        "重试"
                    </button>
                </ResultView>
            </main>
        }
        .into_any(),
        Some(Ok(data)) => match data.service.form {
            None => view! {
                <Title text=format!("{} - 在线办理 - 市民之家", data.service.name.zh) />
                <NavBar title="在线办理" back=Some(guide()) back_to="办事指南" />
                <main id="main" class="ch-page">
                    <ResultView
                        status=ResultStatus::Empty
                        level=1
                        title="这项服务还不能在线办理"
                        description="请查看办事指南，按指南到窗口或通过其他渠道办理。"
                    >
                        <A href=guide() exact=true attr:class="ch-button ch-button--primary">"查看办事指南"</A>
                    </ResultView>
                </main>
            }
            .into_any(),
            Some(form) => {
                let (code, id) = key.get_untracked();
                let schema = Arc::new(form);
                let flow = new_flow(code, id, data.service.name.zh, schema);
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
    move || match rest.get().trim_matches('/') {
        "" => view! { <StartPage /> }.into_any(),
        "check" => view! { <check::CheckPage /> }.into_any(),
        "done" => view! { <done::DonePage /> }.into_any(),
        "discard" => view! { <discard::DiscardPage /> }.into_any(),
        page => view! { <question::QuestionPage page_key=page.to_string() /> }.into_any(),
    }
}

/// Builds the flow: the stored draft (or a new one) and, when a field needs it, the region
/// data.
fn new_flow(code: String, id: String, name: String, schema: Arc<FormSchema>) -> Flow {
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
        service_name: name.into(),
        schema,
        draft: RwSignal::new(draft),
        stored: RwSignal::new(true),
        errors: RwSignal::new(BTreeMap::new()),
        regions,
        reload_regions,
        receipt: RwSignal::new(None),
    }
}

/// `/apply`: straight on to the first question page (replacing this entry, so Back from
/// the first question leaves the flow).
#[component]
fn StartPage() -> impl IntoView {
    let flow = use_flow();
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
                    view! { <p class="ch-caption">"填写的内容会自动保存在本机，下次打开可以继续填写。"</p> }.into_any()
                } else {
                    view! {
                        <p class="ch-caption ch-draft-note__warning">
                            "本机无法保存草稿（可能是浏览器禁用了存储），请在离开页面前完成提交。"
                        </p>
                    }
                    .into_any()
                }
            }}
            {move || {
                has_answers()
                    .then(|| view! { <A href=discard.clone() exact=true attr:class="ch-draft-note__discard">"放弃草稿"</A> })
            }}
        </div>
    }
}
