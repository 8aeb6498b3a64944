//! Traffic and bill lookups, and saved 户号.
//!
//! | endpoint | body | answer |
//! |---|---|---|
//! | `POST /api/v1/cities/{code}/services/{id}/traffic-lookups` | [`TrafficLookupRequest`] | 200 [`TrafficLookupResponse`]; 422 `validation_failed` (fields `plate`, `plate_type`, `vehicle_check`), 422 `vehicle_not_matched` (field `vehicle_check`: no vehicle of the records has this plate, type and check; an unknown plate reads the same), 404 `city_not_found`, or `service_not_found` (the city does not offer the service, or it has no traffic lookup) |
//! | `GET /api/v1/traffic-lookups/{lookup_id}` | none | 200 [`TrafficLookupResponse`] with fresh statuses; 404 `lookup_not_found` (also another session's) |
//! | `POST /api/v1/cities/{code}/services/{id}/bill-lookups` | [`BillLookupRequest`] | 200 [`BillLookupResponse`]; 422 `validation_failed` (fields `provider_id`, `account_no`), 422 `account_not_found` (field `account_no`) |
//! | `GET /api/v1/bill-lookups/{lookup_id}` | none | 200 [`BillLookupResponse`]; 404 `lookup_not_found` |
//! | `GET /api/v1/saved-accounts` | none | 200 [`SavedAccountsResponse`] |
//! | `POST /api/v1/saved-accounts` (`Idempotency-Key`) | [`SaveAccountRequest`] | 201 [`SavedAccount`]; 422 `validation_failed` (fields `provider_id`, `account_no`, `label`), 422 `account_not_found` (field `account_no`: the provider has no such 户号); 409 `account_already_saved`, 409 `idempotency_key_reused` (这个户号已经保存过…) |
//! | `PATCH /api/v1/saved-accounts/{id}` | [`RenameAccountRequest`] | 200 [`SavedAccount`]; 422 `validation_failed` (field `label`); 404 `saved_account_not_found` |
//! | `DELETE /api/v1/saved-accounts/{id}` | none | 204; 404 `saved_account_not_found` |
//!
//! Lookups need no `Idempotency-Key` (they read; each call stores one lookup row owned by
//! the session, created if missing).

use serde::{Deserialize, Serialize};

use crate::localized::LocalizedText;
use crate::rules::{self, FieldError};
use crate::traffic::PlateType;
use crate::utility::Utility;

pub use crate::traffic::TrafficLookupRequest;
pub use crate::utility::BillLookupRequest;

/// The answer to a traffic lookup (`POST …/traffic-lookups`, `GET
/// /api/v1/traffic-lookups/{lookup_id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrafficLookupResponse {
    /// The stored lookup's id (opaque; the results page's URL has it).
    pub lookup_id: String,
    /// The city (`310100`).
    pub city_code: String,
    /// The service looked up from (`traffic-violation`, `traffic-fine-payment`).
    pub service_id: String,
    /// 号牌号码, normalised (`沪A12345`). The resident's own: not masked.
    pub plate: String,
    /// 号牌种类 (`"02"`).
    pub plate_type: PlateType,
    /// When the lookup was made, RFC 3339 `+08:00` (`2026-03-10T14:05:09+08:00`).
    pub looked_up_at: String,
    /// The vehicle's violations, newest first; empty when there are none.
    pub violations: Vec<Violation>,
}

/// One traffic violation (交通违法记录) of a looked-up vehicle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Stable id, used in [`crate::api::orders::ItemRef`] (kind `traffic_fine`).
    pub id: String,
    /// When it happened, RFC 3339 `+08:00`.
    pub occurred_at: String,
    /// Where (`延安高架路江苏路匝道`).
    pub place: LocalizedText,
    /// What happened (`机动车违反禁令标志指示`).
    pub description: LocalizedText,
    /// The fine in 分 (`20000` is ¥200.00); 0 for a warning.
    pub fine_fen: i64,
    /// 记分: points on the licence (0–12).
    pub points: u32,
    /// Where it stands.
    pub status: ViolationStatus,
    /// Whether it can be paid online now (`status` `unpaid`, the service `payable`, and no
    /// visit needed).
    pub payable: bool,
    /// Why it cannot be paid online, when it is unpaid and not payable (需到窗口处理 …);
    /// `null` otherwise.
    pub not_payable_reason: Option<LocalizedText>,
    /// The order of the asking session that is paying it (`status` `paying`) or paid it
    /// (`paid`); `null` otherwise, and always for another session's order (its id is
    /// nobody else's business, and would be a dead link: 404). An unpaid item in one of the
    /// session's own orders that is not being paid is `unpaid` with `null`.
    pub order_id: Option<String>,
    /// `status` is `paying` because of another session's payment (另一笔支付正在进行): it
    /// cannot be paid here until that one ends; [`Violation::status_label`] says so.
    /// Absent (false) in answers from before this field.
    #[serde(default)]
    pub paying_elsewhere: bool,
}

impl Violation {
    /// What the status tag reads: [`ViolationStatus::label`], or 另一笔支付正在进行 when
    /// [`Violation::paying_elsewhere`].
    pub fn status_label(&self) -> LocalizedText {
        if self.status == ViolationStatus::Paying && self.paying_elsewhere {
            paying_elsewhere_label()
        } else {
            self.status.label()
        }
    }
}

/// 另一笔支付正在进行 / Another payment is in progress: an item's `paying` status when the
/// payment is not the asking session's.
pub fn paying_elsewhere_label() -> LocalizedText {
    LocalizedText::new("另一笔支付正在进行", "Another payment is in progress")
}

/// Where a violation stands. On the wire: `unpaid`, `paying`, `paid`, `needs_visit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViolationStatus {
    /// 未缴款: the fine is not paid.
    Unpaid,
    /// 缴款中: being paid right now: an order (of this session or another) was handed to
    /// the cashier and its outcome is not in yet. An order that waits for 确认支付
    /// (`pending_payment`) does not make its items `paying`.
    Paying,
    /// 已缴款: paid.
    Paid,
    /// 需到窗口处理: must be dealt with at a traffic police window (points that need a
    /// visit, disputes); not payable online.
    NeedsVisit,
}

impl ViolationStatus {
    /// `unpaid`, `paying`, `paid`, `needs_visit`.
    pub fn as_str(self) -> &'static str {
        match self {
            ViolationStatus::Unpaid => "unpaid",
            ViolationStatus::Paying => "paying",
            ViolationStatus::Paid => "paid",
            ViolationStatus::NeedsVisit => "needs_visit",
        }
    }

    /// 未缴款 / Unpaid, 缴款中 / Payment in progress, 已缴款 / Paid, 需到窗口处理 / Visit
    /// a service window.
    pub fn label(self) -> LocalizedText {
        let (zh, en) = match self {
            ViolationStatus::Unpaid => ("未缴款", "Unpaid"),
            ViolationStatus::Paying => ("缴款中", "Payment in progress"),
            ViolationStatus::Paid => ("已缴款", "Paid"),
            ViolationStatus::NeedsVisit => ("需到窗口处理", "Visit a service window"),
        };
        LocalizedText::new(zh, en)
    }
}

/// A provider as a bill lookup names it: `{"id", "name"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderRef {
    /// The catalog's provider id.
    pub id: String,
    /// The company's name.
    pub name: LocalizedText,
}

/// The answer to a bill lookup (`POST …/bill-lookups`, `GET
/// /api/v1/bill-lookups/{lookup_id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillLookupResponse {
    /// The stored lookup's id.
    pub lookup_id: String,
    /// The city.
    pub city_code: String,
    /// The service (`water-bill` …).
    pub service_id: String,
    /// Which utility.
    pub utility: Utility,
    /// The provider.
    pub provider: ProviderRef,
    /// 户号, normalised. The resident typed it: not masked.
    pub account_no: String,
    /// The account holder's name, masked (`张*`).
    pub holder_masked: String,
    /// The supply address, masked (`上海市浦东新区****号`).
    pub address_masked: String,
    /// When the lookup was made, RFC 3339 `+08:00`.
    pub looked_up_at: String,
    /// The account's bills by 账期, newest first: unpaid ones, and those paid from here.
    /// Empty when nothing is owed.
    pub bills: Vec<Bill>,
}

/// One bill (账单) of a utility account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bill {
    /// Stable id, used in [`crate::api::orders::ItemRef`] (kind `utility_bill`).
    pub id: String,
    /// 账期, the month billed: `2026-10`.
    pub period: String,
    /// The amount billed in 分.
    pub amount_fen: i64,
    /// 违约金 (late fee) in 分, where the provider charges one; 0 otherwise. Paying the
    /// bill pays `amount_fen + late_fee_fen`.
    pub late_fee_fen: i64,
    /// The last day to pay without a late fee: `2026-11-15`.
    pub due_date: String,
    /// Where it stands.
    pub status: BillStatus,
    /// As [`Violation::order_id`]: the asking session's order paying or having paid it;
    /// `null` otherwise (another session's order is never named).
    pub order_id: Option<String>,
    /// As [`Violation::paying_elsewhere`]: `paying` because of another session's payment.
    #[serde(default)]
    pub paying_elsewhere: bool,
}

impl Bill {
    /// What the status tag reads: [`BillStatus::label`], or 另一笔支付正在进行 when
    /// [`Bill::paying_elsewhere`].
    pub fn status_label(&self) -> LocalizedText {
        if self.status == BillStatus::Paying && self.paying_elsewhere {
            paying_elsewhere_label()
        } else {
            self.status.label()
        }
    }
}

/// Where a bill stands. On the wire: `unpaid`, `paying`, `paid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillStatus {
    /// 未缴费.
    Unpaid,
    /// 缴费中: being paid right now (as [`ViolationStatus::Paying`]).
    Paying,
    /// 已缴费.
    Paid,
}

impl BillStatus {
    /// `unpaid`, `paying`, `paid`.
    pub fn as_str(self) -> &'static str {
        match self {
            BillStatus::Unpaid => "unpaid",
            BillStatus::Paying => "paying",
            BillStatus::Paid => "paid",
        }
    }

    /// 未缴费 / Unpaid, 缴费中 / Payment in progress, 已缴费 / Paid.
    pub fn label(self) -> LocalizedText {
        let (zh, en) = match self {
            BillStatus::Unpaid => ("未缴费", "Unpaid"),
            BillStatus::Paying => ("缴费中", "Payment in progress"),
            BillStatus::Paid => ("已缴费", "Paid"),
        };
        LocalizedText::new(zh, en)
    }
}

/// A 户号 the resident keeps (常用户号), owned by the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAccount {
    /// Its id.
    pub id: String,
    /// The city.
    pub city_code: String,
    /// The service (`water-bill` …).
    pub service_id: String,
    /// Which utility.
    pub utility: Utility,
    /// The provider's id.
    pub provider_id: String,
    /// The provider's name.
    pub provider_name: LocalizedText,
    /// 户号, normalised.
    pub account_no: String,
    /// The resident's label (家里, 父母家), 1–[`MAX_ACCOUNT_LABEL_LEN`] characters.
    pub label: String,
    /// When it was saved, RFC 3339 `+08:00`.
    pub created_at: String,
}

/// The body of `POST /api/v1/saved-accounts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveAccountRequest {
    /// The city.
    pub city_code: String,
    /// The bill service.
    pub service_id: String,
    /// The provider's id (checked like [`BillLookupRequest`]).
    pub provider_id: String,
    /// 户号 as typed.
    pub account_no: String,
    /// The label, checked by [`validate_account_label`].
    pub label: String,
}

/// The body of `PATCH /api/v1/saved-accounts/{id}`: `{"label": "父母家"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameAccountRequest {
    /// The new label, checked by [`validate_account_label`].
    pub label: String,
}

/// `GET /api/v1/saved-accounts`: the session's saved accounts, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAccountsResponse {
    /// The accounts.
    pub accounts: Vec<SavedAccount>,
}

/// Field key of a saved account's label in error bodies.
pub const LABEL_KEY: &str = "label";

/// The most characters of a saved account's label.
pub const MAX_ACCOUNT_LABEL_LEN: u32 = 20;

/// Normalises and checks a saved account's label: one line of text
/// ([`rules::normalize_short_text`]), 1–[`MAX_ACCOUNT_LABEL_LEN`] characters.
///
/// Errors: [`FieldError::Required`] when empty, [`FieldError::Text`] when too long or with
/// control characters.
pub fn validate_account_label(label: &str) -> Result<String, FieldError> {
    let label = rules::normalize_short_text(label);
    if label.is_empty() {
        return Err(FieldError::Required);
    }
    rules::validate_short_text(&label, MAX_ACCOUNT_LABEL_LEN).map_err(FieldError::from)?;
    Ok(label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::TextError;

    #[test]
    fn labels() {
        assert_eq!(validate_account_label(" 父母家 "), Ok("父母家".into()));
        assert_eq!(validate_account_label("  "), Err(FieldError::Required));
        assert_eq!(
            validate_account_label(&"家".repeat(21)),
            Err(FieldError::Text(TextError::TooLong { max: 20, found: 21 }))
        );
        assert_eq!(
            validate_account_label(&"家".repeat(20)).map(|l| l.len()),
            Ok(60)
        );
    }

    #[test]
    fn statuses_on_the_wire() {
        assert_eq!(
            serde_json::to_string(&ViolationStatus::NeedsVisit).unwrap(),
            "\"needs_visit\""
        );
        assert_eq!(ViolationStatus::NeedsVisit.as_str(), "needs_visit");
        assert_eq!(
            serde_json::to_string(&BillStatus::Paying).unwrap(),
            "\"paying\""
        );
        let v: Violation = serde_json::from_str(
            r#"{"id": "v1", "occurred_at": "2026-03-01T08:30:00+08:00",
                "place": {"zh": "延安路", "en": "Yan'an Road"},
                "description": {"zh": "闯红灯", "en": "Ran a red light"},
                "fine_fen": 20000, "points": 6, "status": "unpaid", "payable": false,
                "not_payable_reason": {"zh": "需到窗口处理", "en": "Visit a window"},
                "order_id": null}"#,
        )
        .unwrap();
        assert_eq!(v.fine_fen, 20000);
        assert!(!v.paying_elsewhere, "absent reads as false");
        assert_eq!(v.status_label().zh, "未缴款");
        let elsewhere = Violation {
            status: ViolationStatus::Paying,
            paying_elsewhere: true,
            ..v.clone()
        };
        assert_eq!(elsewhere.status_label().zh, "另一笔支付正在进行");
        let mine = Violation {
            paying_elsewhere: false,
            ..elsewhere
        };
        assert_eq!(mine.status_label().zh, "缴款中");
        assert!(serde_json::from_str::<RenameAccountRequest>(r#"{"label": "a", "x": 1}"#).is_err());
    }
}
