//! Loaded: the one way a page shows what it has to load (its data, its code, region data).
//!
//! A skeleton while it loads and again while 重试 tries; when it could not be loaded, the
//! failure the page describes ([`Failure`]: 加载失败 with 重试 and the page's other ways on,
//! or a not-found state with its own way on); then the page's view of what came. When it
//! came late (after the page was shown, or after 重试, whose button had focus and is gone),
//! focus goes to the page's heading ([`focus_late_page`]).
//!
//! The component loads nothing itself: the page passes the outcome (`state`, usually a
//! `LocalResource`'s `get`) and what 重试 runs (`retry`, its `refetch`), so it never calls
//! the API (DESIGN.md).

use leptos::prelude::*;
use leptos_meta::Title;

use super::result::{ResultStatus, ResultView};
use super::skeleton::Skeleton;
use crate::focus::focus_late_page;
use crate::i18n::{t, use_i18n};

/// What a failed load says, built by the page from its error: a [`ResultView`] with, for
/// an [`error`](Failure::error), 重试 first.
pub struct Failure {
    status: ResultStatus,
    title: Signal<String>,
    description: Signal<String>,
    document_title: Option<Signal<String>>,
    nav: Option<ViewFn>,
    actions: Option<ViewFn>,
}

impl Failure {
    /// A failure 重试 may mend (no network, a server error): announced (`role="alert"`),
    /// with 重试 before the [`actions`](Failure::actions).
    pub fn error(title: impl Into<Signal<String>>, description: impl Into<Signal<String>>) -> Self {
        Self::new(ResultStatus::Error, title.into(), description.into())
    }

    /// Nothing there to load (an unknown city or service): an empty state with only the
    /// [`actions`](Failure::actions) as ways on, no 重试.
    pub fn empty(title: impl Into<Signal<String>>, description: impl Into<Signal<String>>) -> Self {
        Self::new(ResultStatus::Empty, title.into(), description.into())
    }

    fn new(status: ResultStatus, title: Signal<String>, description: Signal<String>) -> Self {
        Failure {
            status,
            title,
            description,
            document_title: None,
            nav: None,
            actions: None,
        }
    }

    /// The document `<title>` while the failure shows (without: the title stays).
    pub fn document_title(mut self, title: impl Into<Signal<String>>) -> Self {
        self.document_title = Some(title.into());
        self
    }

    /// The NavBar over the failure of a [`Loaded`] `page`, instead of its `nav`.
    pub fn nav(mut self, nav: impl Into<ViewFn>) -> Self {
        self.nav = Some(nav.into());
        self
    }

    /// Links or buttons after 重试 (or alone, for an empty state).
    pub fn actions(mut self, actions: impl Into<ViewFn>) -> Self {
        self.actions = Some(actions.into());
        self
    }
}

/// Shows what `state` says: the skeleton while it is `None` (and while 重试 runs), the
/// `failure` of an error, and `children` with the loaded value. For example
/// `<Loaded state=move || city.get() retry=Callback::new(move |()| city.refetch())
/// failure=… let:data><CityServices data /></Loaded>`.
#[component]
pub fn Loaded<T, E, S, F, C, V>(
    /// The outcome so far, tracked: `None` while loading (a `LocalResource`'s `get`).
    state: S,
    /// Loads again (a resource's `refetch`): what 重试 does.
    retry: Callback<()>,
    /// What a failure says, from its error.
    failure: F,
    /// The view of the loaded value.
    children: C,
    /// Skeleton bars while loading.
    #[prop(default = 3)]
    rows: usize,
    /// Whether the skeleton has tile placeholders too (a grid of services).
    #[prop(optional)]
    tiles: bool,
    /// The document `<title>` while loading (without: the title stays). Give one whenever
    /// the failure sets a `document_title`: without it, 重试 swaps the failure's `<Title>`
    /// for none and leptos_meta reads the failure's title after it was disposed (a panic,
    /// seen on three pages before they had one).
    #[prop(optional, into)]
    loading_document_title: Option<Signal<String>>,
    /// Heading level of the failure's title: 1 when it is the page's heading (the default),
    /// 2 when the page has its own `<h1>` above.
    #[prop(default = 1)]
    level: u8,
    /// A part of a page that can do without it (the launch cities under 该城市服务即将开通):
    /// 重试 is a plain button, not the page's primary action.
    #[prop(optional)]
    part: bool,
    /// The loading and failure states are whole pages, each in `<main id="main"
    /// class="ch-page">` under `nav`: the loaded view brings its own NavBar and `<main>`.
    #[prop(optional)]
    page: bool,
    /// The NavBar over the loading and failure states of a `page` (a [`Failure`] may bring
    /// its own).
    #[prop(optional, into)]
    nav: Option<ViewFn>,
) -> impl IntoView
where
    T: 'static,
    E: 'static,
    S: Fn() -> Option<Result<T, E>> + Send + Sync + 'static,
    F: Fn(E) -> Failure + Send + 'static,
    C: Fn(T) -> V + Send + 'static,
    V: IntoView + 'static,
{
    let state = std::sync::Arc::new(state);
    let done = {
        let state = state.clone();
        std::sync::Arc::new(move || state().map(|outcome| outcome.is_ok())) as Done
    };
    let shown = Box::new(move |retrying: &dyn Fn() -> bool| {
        state().map(|outcome| match outcome {
            Ok(value) => Ok(children(value).into_view().into_any()),
            Err(e) => Err((!retrying()).then(|| failure(e))),
        })
    }) as Shown;
    let look = Look {
        rows,
        tiles,
        loading_document_title,
        level,
        part,
        page,
        nav,
    };
    loaded_view(done, shown, retry, look)
}

/// Whether the outcome is in and good: `Some(true)` loaded, `Some(false)` failed, `None`
/// loading (tracked).
type Done = std::sync::Arc<dyn Fn() -> Option<bool> + Send + Sync>;

/// The outcome as [`Loaded`] shows it (tracked): `None` while loading, the page's view of
/// the value, or the failure (`None` while 重试 runs: the function passed in says whether it
/// does, and is only called for a failure, so a loaded page is not rebuilt when 重试 ends).
type Shown = Box<dyn Fn(&dyn Fn() -> bool) -> Option<Result<AnyView, Option<Failure>>> + Send>;

/// [`Loaded`]'s props that are not the outcome.
struct Look {
    rows: usize,
    tiles: bool,
    loading_document_title: Option<Signal<String>>,
    level: u8,
    part: bool,
    page: bool,
    nav: Option<ViewFn>,
}

/// The body of [`Loaded`], past the page's types (one copy in the wasm, not one per page).
fn loaded_view(done: Done, shown: Shown, retry: Callback<()>, look: Look) -> impl IntoView {
    let Look {
        rows,
        tiles,
        loading_document_title,
        level,
        part,
        page,
        nav,
    } = look;
    let i18n = use_i18n();
    // 重试 pressed and its answer not in yet.
    let retrying = RwSignal::new(false);
    // 重试 was pressed (its button had focus); the skeleton was shown (the value came late).
    let retried = StoredValue::new(false);
    let waited = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(ok) = done() {
            if ok && waited.get_value() {
                focus_late_page(retried.get_value());
            }
            retrying.set(false);
        }
    });
    let nav = StoredValue::new(nav);
    let frame = move |title: Option<Signal<String>>, own_nav: Option<ViewFn>, body: AnyView| {
        let title = title.map(|text| view! { <Title text=move || text.get() /> });
        if page {
            let nav = own_nav.or_else(|| nav.get_value()).map(|n| n.run());
            view! {
                {title}
                {nav}
                <main id="main" class="ch-page">{body}</main>
            }
            .into_any()
        } else {
            view! { {title} {body} }.into_any()
        }
    };
    let loading = move || {
        waited.set_value(true);
        frame(
            loading_document_title,
            None,
            view! { <Skeleton rows tiles /> }.into_any(),
        )
    };
    let failed = move |failure: Failure| {
        let Failure {
            status,
            title,
            description,
            document_title,
            nav,
            actions,
        } = failure;
        let retry_button = (status == ResultStatus::Error).then(|| {
            let class = if part {
                "ch-button"
            } else {
                "ch-button ch-button--primary"
            };
            view! {
                <button
                    type="button"
                    class=class
                    on:click=move |_| {
                        retrying.set(true);
                        retried.set_value(true);
                        waited.set_value(true);
                        retry.run(());
                    }
                >
                    {t!(i18n, common.retry)}
                </button>
            }
        });
        let result = view! {
            <ResultView status level title description>
                {retry_button}
                {actions.map(|a| a.run())}
            </ResultView>
        };
        frame(document_title, nav, result.into_any())
    };
    move || match shown(&|| retrying.get()) {
        Some(Ok(view)) => view,
        Some(Err(Some(failure))) => failed(failure),
        Some(Err(None)) | None => loading(),
    }
}
