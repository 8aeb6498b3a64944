//! Gallery fixtures of the design-system pieces: Button, and those built for later pages:
//! Steps, Toast, Dialog, SlotPicker and Amount. Each works for real here (toasts close, dialogs open and
//! give focus back, slots can be chosen); only the data is made up.

use citizen_core::date::CalendarDate;
use citizen_core::localized::LocalizedText;
use citizen_core::slot::{Slot, SlotDay, TimeOfDay};
use leptos::prelude::*;

use super::fixtures::{Fx, LONG_EN, LONG_ZH};
use crate::components::amount::Amount;
use crate::components::dialog::Dialog;
use crate::components::slot_picker::SlotPicker;
use crate::components::steps::{Step, StepStatus, Steps};
use crate::components::toast::{Toast, ToastKind, ToastMessage};

/// The fixture view of a design-system piece.
pub(super) fn render(component: &str, state: &'static str, fx: Fx) -> AnyView {
    match component {
        "button" => button(state, fx),
        "steps" => steps(state, fx),
        "toast" => toast(state, fx),
        "dialog" => dialog(state, fx),
        "slot-picker" => slot_picker(state, fx),
        "amount" => amount(state, fx),
        _ => ().into_any(),
    }
}

/// `button`: the primary action, the plain (secondary) and the warning button; `loading`
/// is the submit button while a request is out (disabled, says so, as the check page's);
/// `disabled` is what a button looks like when it cannot be used yet.
fn button(state: &'static str, fx: Fx) -> AnyView {
    let (primary, plain, warning) = if state == "long-text" {
        (fx.t(LONG_ZH, LONG_EN), LONG_EN, fx.t(LONG_ZH, LONG_EN))
    } else {
        (
            fx.t("提交申请", "Submit application"),
            fx.t("修改", "Change"),
            fx.t("放弃申请", "Discard application"),
        )
    };
    let status_id = fx.id(state, "status");
    match state {
        "loading" => view! {
            <div class="ch-form__actions">
                <button type="button" class="ch-button ch-button--primary ch-button--block" disabled aria-describedby=status_id.clone()>
                    {fx.t("正在提交…", "Sending…")}
                </button>
                <p id=status_id class="ch-caption" role="status">{fx.t("正在提交，请稍候", "Sending your application. Please wait.")}</p>
            </div>
        }
        .into_any(),
        "disabled" => view! {
            <div class="ch-form__actions">
                <button type="button" class="ch-button ch-button--primary ch-button--block" disabled>{primary}</button>
                <button type="button" class="ch-button" disabled>{plain}</button>
            </div>
        }
        .into_any(),
        _ => view! {
            <div class="ch-form__actions">
                <button type="button" class="ch-button ch-button--primary ch-button--block">{primary}</button>
                <button type="button" class="ch-button">{plain}</button>
                <button type="button" class="ch-button ch-button--warning">{warning}</button>
            </div>
        }
        .into_any(),
    }
}

/// `steps`: the progress of a passport application.
fn steps(state: &str, fx: Fx) -> AnyView {
    use StepStatus::{Current, Done, Upcoming};
    let step = |title: &str, description: &str, status| Step {
        title: title.to_string(),
        description: description.to_string(),
        status,
    };
    let list = match state {
        "done" => vec![
            step(fx.t("提交申请", "Application submitted"), fx.t("2026年3月10日 14:32", "10 March 2026, 14:32"), Done),
            step(fx.t("窗口受理", "Application accepted"), fx.t("2026年3月12日 09:05", "12 March 2026, 09:05"), Done),
            step(fx.t("审核通过", "Application approved"), fx.t("2026年3月13日 16:20", "13 March 2026, 16:20"), Done),
            step(fx.t("证件已领取", "Passport collected"), fx.t("2026年3月20日 10:41", "20 March 2026, 10:41"), Done),
        ],
        "long-text" => vec![
            step(fx.t(LONG_ZH, LONG_EN), fx.t(LONG_ZH, LONG_EN), Done),
            step(
                fx.t("受理审核中，材料需补正后重新提交", "Being checked: we need more documents before we can continue"),
                fx.t(
                    "请在2026年3月20日前补充提交户口簿首页及本人页复印件；逾期未补正的，视为撤回申请。",
                    "Send a copy of the first page and your own page of the household register by 20 March 2026, or your application will be treated as withdrawn.",
                ),
                Current,
            ),
            step(LONG_EN, "", Upcoming),
        ],
        _ => vec![
            step(fx.t("提交申请", "Application submitted"), fx.t("2026年3月10日 14:32", "10 March 2026, 14:32"), Done),
            step(
                fx.t("窗口受理", "Application accepted"),
                fx.t("上海市公安局出入境管理局浦东出入境接待大厅", "Pudong exit-entry service hall, Shanghai"),
                Done,
            ),
            step(
                fx.t("审核中", "Being checked"),
                fx.t("一般在3个工作日内完成", "This usually takes up to 3 working days"),
                Current,
            ),
            step(fx.t("制证", "Passport being made"), "", Upcoming),
            step(
                fx.t("领取证件", "Collect your passport"),
                fx.t("可到窗口领取，也可选择邮政速递", "Collect it at the counter or have it sent by EMS"),
                Upcoming,
            ),
        ],
    };
    view! { <Steps label=fx.s("办理进度", "Progress") steps=list /> }.into_any()
}

/// `toast`: each kind kept until closed (so it can be looked at), and one that shows on a
/// tap and closes itself after the usual 4 s.
fn toast(state: &str, fx: Fx) -> AnyView {
    let (kind, text) = match state {
        "success" => (
            ToastKind::Success,
            fx.t("受理编号已复制", "Reference number copied"),
        ),
        "error" => (
            ToastKind::Error,
            fx.t(
                "提交失败：网络连接中断，请稍后重试",
                "Your application was not sent. Check your connection and try again.",
            ),
        ),
        "long-text" => (ToastKind::Info, fx.t(LONG_ZH, LONG_EN)),
        _ => (
            ToastKind::Info,
            fx.t(
                "正在提交，请不要关闭页面",
                "Submitting. Keep this page open.",
            ),
        ),
    };
    let message = RwSignal::new(Some(ToastMessage {
        kind,
        text: text.to_string(),
    }));
    let dismiss = Callback::new(move |_| message.set(None));
    if state == "auto-dismiss" {
        message.set(None);
        let show = move |_| {
            message.set(Some(ToastMessage {
                kind: ToastKind::Success,
                text: fx.s("草稿已保存在本机", "Draft saved on this device"),
            }))
        };
        return view! {
            <p class="ch-caption">{fx.t("提示显示4秒后自动关闭；指针停在提示上或焦点在提示内时暂停计时。", "The message closes itself after 4 seconds; the timer pauses while the pointer is over it or focus is in it.")}</p>
            <button type="button" class="ch-button" on:click=show>{fx.t("显示提示", "Show the message")}</button>
            <Toast message on_dismiss=dismiss />
        }
        .into_any();
    }
    let again = move |_| {
        message.set(Some(ToastMessage {
            kind,
            text: text.to_string(),
        }))
    };
    view! {
        <button type="button" class="ch-button" on:click=again>{fx.t("再次显示", "Show it again")}</button>
        <Toast message on_dismiss=dismiss duration_ms=0 />
    }
    .into_any()
}

/// `dialog`: a confirmation before discarding an application. Shown on its own (`?state=`),
/// `open` and `long-text` open themselves in the 320 px frame.
fn dialog(state: &'static str, fx: Fx) -> AnyView {
    let open = RwSignal::new(false);
    let closed_with = RwSignal::new(None::<String>);
    if fx.alone && fx.frame == 320 && state != "default" {
        Effect::new(move |_| open.set(true));
    }
    let long = state == "long-text";
    let title = if long {
        fx.t(LONG_ZH, LONG_EN)
    } else {
        fx.t(
            "要放弃这次申请吗？",
            "Are you sure you want to discard this application?",
        )
    };
    let body = if long {
        view! {
            <p>{fx.t(LONG_ZH, LONG_EN)}</p>
            <p>{LONG_EN}</p>
        }
        .into_any()
    } else {
        view! {
            <p>{fx.t("已填写的内容将从本机删除，无法恢复。", "Your answers will be deleted from this device and cannot be recovered.")}</p>
        }
        .into_any()
    };
    let keep = fx.t("继续填写", "Carry on with the form");
    let trigger = NodeRef::<leptos::html::Button>::new();
    let discard = fx.t("放弃申请", "Discard application");
    let outcome = move || {
        closed_with.get().map(|v| {
            let how = match v.as_str() {
                "discard" => discard,
                "keep" => keep,
                _ => fx.t("关闭（Esc 或 ×）", "Closed (Esc or ×)"),
            };
            format!("{}{how}", fx.t("对话框已关闭：", "Dialog closed: "))
        })
    };
    view! {
        <button type="button" class="ch-button ch-button--warning" node_ref=trigger on:click=move |_| open.set(true)>
            {discard}
        </button>
        <p class="ch-caption" role="status">{outcome}</p>
        <Dialog
            id=fx.id(state, "dialog")
            open
            title=title.to_string()
            on_close=Callback::new(move |v: String| closed_with.set(Some(v)))
            return_focus=trigger
            actions=move || view! {
                <button type="submit" value="keep" class="ch-button ch-button--primary">{keep}</button>
                <button type="submit" value="discard" class="ch-button ch-button--warning">{discard}</button>
            }
        >
            {body}
        </Dialog>
    }
    .into_any()
}

/// `slot-picker`: 号源 of a hospital's cardiology clinic over three days.
fn slot_picker(state: &'static str, fx: Fx) -> AnyView {
    // Each slot as (capacity, booked): 20 号 with 8 booked read 余12; with 18 booked, 仅剩2
    // (the picker's few-left rule is 5 or fewer); all 20 booked, 已约满.
    let date = |day: u8| CalendarDate::new(2026, 3, day).unwrap_or(CalendarDate::MIN);
    let time = |text: &str| TimeOfDay::parse(text).unwrap_or(TimeOfDay::MIDNIGHT);
    let slot = |id: &str, start: &str, end: &str, (capacity, booked): (u32, u32)| Slot {
        id: id.to_string(),
        date: date(id.get(2..4).and_then(|d| d.parse().ok()).unwrap_or(1)),
        start: time(start),
        end: time(end),
        capacity,
        booked,
        closed: false,
    };
    let closed = |id: &str, start: &str, end: &str| Slot {
        closed: true,
        ..slot(id, start, end, (20, 0))
    };
    const FULL: (u32, u32) = (20, 20);
    let day = |day: u8, label: Option<(&str, &str)>, slots| SlotDay {
        date: date(day),
        label: label.map(|(zh, en)| LocalizedText::new(zh, en)),
        slots,
    };
    let days = match state {
        "full" => vec![
            day(
                12,
                None,
                vec![
                    slot("0312-0800", "08:00", "08:30", FULL),
                    slot("0312-0830", "08:30", "09:00", FULL),
                ],
            ),
            day(
                13,
                Some(("3月13日 星期五（停诊）", "Friday 13 March (clinic closed)")),
                vec![closed("0313-1400", "14:00", "14:30")],
            ),
            day(14, None, vec![]),
        ],
        "long-text" => vec![day(
            12,
            Some((
                "3月12日 星期四 上午 心血管内科 专家门诊（主任医师）浦东院区门诊楼3楼",
                "Thursday 12 March, morning: cardiology consultant clinic, 3rd floor, outpatient building, Pudong campus",
            )),
            vec![
                slot("0312-0800", "08:00", "08:30", (1500, 300)),
                slot("0312-0830", "08:30", "09:00", (20, 19)),
                slot("0312-0900", "09:00", "09:30", FULL),
            ],
        )],
        _ => vec![
            day(
                12,
                None,
                vec![
                    slot("0312-0800", "08:00", "08:30", (20, 8)),
                    slot("0312-0830", "08:30", "09:00", (20, 18)),
                    slot("0312-0900", "09:00", "09:30", FULL),
                    slot("0312-0930", "09:30", "10:00", (20, 12)),
                ],
            ),
            day(
                13,
                None,
                vec![
                    closed("0313-1400", "14:00", "14:30"),
                    slot("0313-1430", "14:30", "15:00", (20, 19)),
                    slot("0313-1500", "15:00", "15:30", FULL),
                ],
            ),
            day(14, None, vec![]),
        ],
    };
    let value = RwSignal::new((state == "chosen").then(|| "0312-0830".to_string()));
    let error = (state == "error").then(|| fx.s("请选择就诊时间。", "Select an appointment time."));
    let chosen = move || {
        value
            .get()
            .map(|v| format!("{}{v}", fx.t("已选号源：", "Chosen slot: ")))
    };
    view! {
        <SlotPicker
            id=fx.id(state, "slot")
            legend=fx.s("选择就诊时间", "Choose an appointment time")
            days
            value
            error=Signal::stored(error)
            on_change=Callback::new(move |id: String| value.set(Some(id)))
        />
        <p class="ch-caption" role="status">{chosen}</p>
    }
    .into_any()
}

/// `amount`: bills and refunds in 分, shown per locale.
fn amount(state: &str, fx: Fx) -> AnyView {
    let rows: Vec<(&str, i64, bool)> = match state {
        "negative" => vec![
            (
                fx.t("多缴电费退回", "Electricity overpayment refunded"),
                -1_200,
                false,
            ),
            (fx.t("账户余额", "Account balance"), -35_075, true),
        ],
        "zero" => vec![
            (fx.t("违约金", "Late payment charge"), 0, false),
            (
                fx.t("本期应缴（无需缴费）", "Amount due (nothing to pay)"),
                0,
                true,
            ),
        ],
        "large" => vec![
            (
                fx.t("工程款", "Construction payment"),
                123_456_789_012,
                false,
            ),
            (fx.t("最大金额", "Largest amount"), i64::MAX, true),
            (fx.t("最小金额", "Smallest amount"), i64::MIN, false),
        ],
        _ => vec![
            (fx.t("本期电费", "Electricity this month"), 118_650, false),
            (fx.t("违约金", "Late payment charge"), 4_800, false),
            (fx.t("本期应缴", "Amount due"), 123_450, true),
        ],
    };
    let rows = rows
        .into_iter()
        .map(|(label, fen, large)| {
            view! {
                <dt>{label}</dt>
                <dd><Amount amount_fen=fen large /></dd>
            }
        })
        .collect_view();
    let title = (state == "default").then(|| {
        view! { <p class="ch-caption">{fx.t("国网上海市电力公司 2026年2月电费账单", "State Grid Shanghai electricity bill, February 2026")}</p> }
    });
    view! {
        {title}
        <dl class="ch-facts">{rows}</dl>
    }
    .into_any()
}
