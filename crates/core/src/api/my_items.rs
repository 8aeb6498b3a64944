//! 我的办件 (my applications and payments): `GET /api/v1/my/items` → 200
//! [`MyItemsResponse`], the session's submissions and orders in every city, newest first
//! (empty without a session).

use serde::{Deserialize, Serialize};

use crate::api::orders::TimelineStep;
use crate::localized::LocalizedText;

/// What a 我的办件 entry is. On the wire (and in `/my/{kind}/{id}`): `submission`,
/// `order`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MyItemKind {
    /// A form submission (申请).
    Submission,
    /// A payment order (缴费).
    Order,
}

impl MyItemKind {
    /// `submission` or `order`.
    pub fn as_str(self) -> &'static str {
        match self {
            MyItemKind::Submission => "submission",
            MyItemKind::Order => "order",
        }
    }

    /// The kind named `name` exactly as [`MyItemKind::as_str`] writes it.
    pub fn parse(name: &str) -> Option<MyItemKind> {
        [MyItemKind::Submission, MyItemKind::Order]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

/// Where an entry stands: a stable code and its label. For orders the code is the
/// [`crate::order::OrderState`] (`paid`); for submissions the
/// [`crate::api::SubmissionStatus`] (`received`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyItemStatus {
    /// snake_case code.
    pub code: String,
    /// For residents: 已受理, 已支付 …
    pub label: LocalizedText,
}

/// One entry of 我的办件.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyItem {
    /// Submission or order.
    pub kind: MyItemKind,
    /// Its id: the 受理编号 of a submission, the order id of an order.
    pub id: String,
    /// 受理编号.
    pub reference: String,
    /// The city.
    pub city_code: String,
    /// What it is: the service's name (婚姻登记预约), or the order's (交通违法罚款 2笔).
    pub title: LocalizedText,
    /// Where it stands.
    pub status: MyItemStatus,
    /// When it was created, RFC 3339 `+08:00`.
    pub created_at: String,
    /// 提交 → 受理 → 办结, or 待支付 → 已支付 …
    pub timeline: Vec<TimelineStep>,
}

/// `GET /api/v1/my/items`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyItemsResponse {
    /// Newest first.
    pub items: Vec<MyItem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        for k in [MyItemKind::Submission, MyItemKind::Order] {
            assert_eq!(MyItemKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
        assert_eq!(MyItemKind::parse("Order"), None);
    }
}
