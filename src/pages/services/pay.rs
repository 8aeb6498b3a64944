//! Paying from a results page: the chosen fines or bills become one order
//! (`POST /api/v1/orders`, its `Idempotency-Key` kept per intent: [`super::intent`]), and the
//! order page opens. Without an identity the server answers 401 `identity_required`: the
//! resident goes to the identity page, which brings them back here, with the same items
//! still chosen ([`take_choice`]).

use citizen_core::api::orders::{CreateOrderRequest, ItemKind, ItemRef, OrderResponse};
use citizen_core::routes::Route;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::common::remember_origin;
use super::identity::identity_href;
use super::intent::{forget_order_key, order_key};
use crate::api::{self, ApiError, WriteError};
use crate::state::storage;

/// The storage key of the items chosen on results page `lookup_id` before the identity page.
fn choice_slot(lookup_id: &str) -> String {
    format!("ch.choice.{lookup_id}")
}

/// The items chosen on `lookup_id` before the identity page was opened (forgotten once read).
pub(super) fn take_choice(lookup_id: &str) -> Vec<String> {
    let slot = choice_slot(lookup_id);
    let ids = storage::session_get(&slot).unwrap_or_default();
    storage::session_remove(&slot);
    ids.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// `kind:id`, how the intents name an item.
fn item_name(item: &ItemRef) -> String {
    format!("{}:{}", item.kind.as_str(), item.id)
}

/// What ordering answers: the items ordered and the outcome.
type Ordered = (Vec<ItemRef>, Result<OrderResponse, WriteError>);

/// Ordering and its state, for a results page.
#[derive(Clone, Copy)]
pub(super) struct Checkout {
    /// Orders the items with the key; answers with the items and the outcome.
    action: Action<(Vec<ItemRef>, String), Ordered>,
    /// Why the last order was not created (shown above the pay button).
    pub(super) error: RwSignal<Option<ApiError>>,
}

impl Checkout {
    /// Ordering from the results page of lookup `lookup_id` in city `city_code`, at
    /// `here` (its path); `on_conflict` runs when the server says an item changed (paid
    /// meanwhile, in another open order): the page reads the lookup again.
    pub(super) fn new(
        city_code: String,
        lookup_id: String,
        here: String,
        on_conflict: Callback<()>,
    ) -> Checkout {
        let navigate = use_navigate();
        let action = Action::new_local(move |(items, key): &(Vec<ItemRef>, String)| {
            let body = CreateOrderRequest {
                city_code: city_code.clone(),
                items: items.clone(),
            };
            let (key, items) = (key.clone(), items.clone());
            async move { (items, api::create_order(&key, &body).await) }
        });
        let error = RwSignal::new(None::<ApiError>);
        Effect::new(move |_| {
            // The items come with the answer: the action's input is gone by now.
            let Some((items, outcome)) = action.value().get() else {
                return;
            };
            let names: Vec<String> = items.iter().map(item_name).collect();
            match outcome {
                Ok(order) => {
                    error.set(None);
                    forget_order_key(&names);
                    remember_origin(&order.order_id, &here);
                    navigate(&Route::order(&order.order_id).path(), Default::default());
                }
                Err(WriteError::Api(ApiError::Server { status: 401, .. })) => {
                    // 实名 first, then back here with the same choice.
                    storage::session_set(&choice_slot(&lookup_id), &names.join(","));
                    navigate(&identity_href(&here), Default::default());
                }
                Err(WriteError::Api(
                    e @ ApiError::Server {
                        status: 409 | 404, ..
                    },
                )) => {
                    error.set(Some(e));
                    on_conflict.run(());
                }
                Err(WriteError::Api(e)) => error.set(Some(e)),
                Err(WriteError::Rejected { code, message, .. }) => {
                    error.set(Some(ApiError::Server {
                        status: 422,
                        code,
                        message,
                    }))
                }
            }
        });
        Checkout { action, error }
    }

    /// Orders `items` (`(kind, id)`), unless an order is already on its way.
    pub(super) fn order(&self, items: Vec<(ItemKind, String)>) {
        if self.action.pending().get_untracked() || items.is_empty() {
            return;
        }
        let items: Vec<ItemRef> = items
            .into_iter()
            .map(|(kind, id)| ItemRef { kind, id })
            .collect();
        let names: Vec<String> = items.iter().map(item_name).collect();
        self.error.set(None);
        let key = order_key(&names);
        self.action.dispatch((items, key));
    }

    /// Whether an order is on its way.
    pub(super) fn pending(&self) -> Memo<bool> {
        self.action.pending()
    }
}
