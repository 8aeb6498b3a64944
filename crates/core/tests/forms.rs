//! Service forms: the catalog loader's checks of a form schema (each naming the file and
//! the field path), `validate_answers` (normalisation, hidden fields, every kind), and the
//! real catalog forms (every kind used, each form can be completed).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use citizen_core::catalog::{parse_city_catalog, CatalogError};
use citizen_core::date::CalendarDate;
use citizen_core::form::{validate_answers, validate_pages, Answers, Field, FieldRule, FormSchema};
use citizen_core::region::RegionList;
use citizen_core::rules::{FieldError, IntegerError, TextError};
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn today() -> CalendarDate {
    CalendarDate::parse("2026-03-10").unwrap()
}

fn regions() -> RegionList {
    let path = root().join("catalog/regions.json");
    let text = std::fs::read_to_string(&path).expect("catalog/regions.json");
    serde_json::from_str(&text).expect("regions.json is a RegionList")
}

/// A form using every kind, with one conditional field.
fn form_json() -> Value {
    json!({
      "pages": [
        {"key": "first", "title": {"zh": "第一页", "en": "First"}, "fields": [
          {"key": "kind", "label": {"zh": "业务", "en": "Business"},
           "rule": {"kind": "choice", "options": [
             {"value": "a", "label": {"zh": "甲", "en": "A"}},
             {"value": "b", "label": {"zh": "乙", "en": "B"}}]}},
          {"key": "only_b", "label": {"zh": "乙的说明", "en": "About B"},
           "show_when": {"field": "kind", "equals": "b"},
           "rule": {"kind": "long_text", "max_length": 10}},
          {"key": "name", "label": {"zh": "姓名", "en": "Name"}, "autocomplete": "name",
           "rule": {"kind": "short_text", "max_length": 4}},
          {"key": "nickname", "label": {"zh": "昵称", "en": "Nickname"}, "required": false,
           "rule": {"kind": "short_text"}}
        ]},
        {"key": "second", "title": {"zh": "第二页", "en": "Second"}, "fields": [
          {"key": "id", "label": {"zh": "身份证", "en": "ID"}, "rule": {"kind": "resident_id"}},
          {"key": "mobile", "label": {"zh": "手机", "en": "Mobile"}, "rule": {"kind": "mobile"}},
          {"key": "plate", "label": {"zh": "号牌", "en": "Plate"}, "required": false, "rule": {"kind": "plate"}},
          {"key": "day", "label": {"zh": "日期", "en": "Day"},
           "rule": {"kind": "date", "min_days_from_today": 1, "max_days_from_today": 30}},
          {"key": "extras", "label": {"zh": "附加", "en": "Extras"},
           "rule": {"kind": "multiple_choice", "max_selected": 2, "options": [
             {"value": "x", "label": {"zh": "X", "en": "X"}},
             {"value": "y", "label": {"zh": "Y", "en": "Y"}},
             {"value": "z", "label": {"zh": "Z", "en": "Z"}}]}},
          {"key": "with_extras", "label": {"zh": "含Y时", "en": "When Y"},
           "show_when": {"field": "extras", "equals": "y"},
           "rule": {"kind": "consent"}},
          {"key": "trips", "label": {"zh": "次数", "en": "Trips"},
           "rule": {"kind": "integer", "min": 1, "max": 2, "unit": {"zh": "次", "en": "trips"}}},
          {"key": "region", "label": {"zh": "地区", "en": "Region"}, "rule": {"kind": "region"}},
          {"key": "agree", "label": {"zh": "同意", "en": "Agree"}, "rule": {"kind": "consent"}}
        ]}
      ],
      "next_steps": {"zh": "等待通知。", "en": "Wait to hear from us."}
    })
}

fn catalog_with_form(form: &Value) -> String {
    json!({
      "city_code": "310100", "city_name": "上海市",
      "services": [
        {"id": "plain", "name": {"zh": "无表单", "en": "No form"}, "category": "traffic",
         "department": {"zh": "部门", "en": "Dept"}, "summary": {"zh": "无。", "en": "None."}},
        {"id": "with-form", "name": {"zh": "有表单", "en": "Form"}, "category": "marriage",
         "department": {"zh": "部门", "en": "Dept"}, "summary": {"zh": "有。", "en": "Some."},
         "form": form}
      ]
    })
    .to_string()
}

fn schema() -> FormSchema {
    serde_json::from_value(form_json()).expect("the test form parses")
}

fn load_error(form: &Value) -> CatalogError {
    match parse_city_catalog("310100.json", &catalog_with_form(form)) {
        Ok(_) => panic!("the form must be rejected: {form}"),
        Err(e) => e,
    }
}

/// Applies `edit` to the test form and asserts the loader names `field` (a path under
/// `services[1].form.`) and says something containing `words`.
fn assert_rejected(edit: impl FnOnce(&mut Value), field: &str, words: &str) {
    let mut form = form_json();
    edit(&mut form);
    let e = load_error(&form);
    assert_eq!(e.file, "310100.json");
    assert_eq!(e.field, format!("services[1].form.{field}"), "{e}");
    assert!(
        e.message.contains(words),
        "message {:?} lacks {words:?}",
        e.message
    );
    let line = e.to_string();
    assert!(
        line.contains("310100.json") && line.contains(&e.field),
        "{line}"
    );
}

#[test]
fn good_form_loads_and_round_trips() {
    let catalog = parse_city_catalog("310100.json", &catalog_with_form(&form_json())).unwrap();
    assert!(catalog.services[0].form.is_none());
    let form = catalog.services[1].form.as_ref().unwrap();
    assert_eq!(form.pages.len(), 2);
    assert_eq!(form.fields().count(), 13);
    // What the API sends is what the catalog said.
    let again: FormSchema = serde_json::from_str(&serde_json::to_string(form).unwrap()).unwrap();
    assert_eq!(&again, form);
    assert_eq!(
        serde_json::to_value(form).unwrap()["pages"][0]["fields"][3]["required"],
        json!(false)
    );
}

#[test]
fn loader_rejects_unknown_kinds_and_properties() {
    assert_rejected(
        |f| f["pages"][0]["fields"][2]["rule"]["kind"] = json!("free_text"),
        "pages[0].fields[2].rule.kind",
        "unknown variant `free_text`",
    );
    assert_rejected(
        |f| f["pages"][1]["fields"][0]["rule"]["max_length"] = json!(5),
        "pages[1].fields[0].rule",
        "unknown field `max_length`",
    );
    assert_rejected(
        |f| f["pages"][0]["fields"][2]["rule"]["max_lenght"] = json!(5),
        "pages[0].fields[2].rule",
        "unknown field `max_lenght`",
    );
    assert_rejected(
        |f| f["pages"][0]["fields"][2]["hnit"] = json!({"zh": "x", "en": "x"}),
        "pages[0].fields[2].hnit",
        "unknown field",
    );
    assert_rejected(
        |f| {
            f["pages"][0]["fields"][2]
                .as_object_mut()
                .unwrap()
                .remove("rule");
        },
        "pages[0].fields[2]",
        "missing field `rule`",
    );
}

#[test]
fn loader_rejects_duplicate_and_bad_keys() {
    assert_rejected(
        |f| f["pages"][1]["fields"][1]["key"] = json!("name"),
        "pages[1].fields[1].key",
        "\"name\" is used by two fields",
    );
    assert_rejected(
        |f| f["pages"][1]["fields"][1]["key"] = json!("Mobile"),
        "pages[1].fields[1].key",
        "not a valid field key",
    );
    assert_rejected(
        |f| f["pages"][1]["key"] = json!("first"),
        "pages[1].key",
        "used by two pages",
    );
    assert_rejected(|f| f["pages"] = json!([]), "pages", "at least one page");
    assert_rejected(
        |f| f["pages"][0]["fields"] = json!([]),
        "pages[0].fields",
        "at least one field",
    );
    assert_rejected(
        |f| f["next_steps"]["en"] = json!(" "),
        "next_steps",
        "what happens after",
    );
    assert_rejected(
        |f| f["pages"][0]["fields"][2]["label"]["zh"] = json!(""),
        "pages[0].fields[2].label",
        "non-empty",
    );
    assert_rejected(
        |f| f["pages"][0]["fields"][2]["autocomplete"] = json!("given-name-please"),
        "pages[0].fields[2].autocomplete",
        "not one of",
    );
}

#[test]
fn loader_rejects_bad_conditions() {
    assert_rejected(
        |f| f["pages"][0]["fields"][1]["show_when"]["field"] = json!("kinds"),
        "pages[0].fields[1].show_when.field",
        "no field \"kinds\"",
    );
    assert_rejected(
        |f| f["pages"][0]["fields"][1]["show_when"]["field"] = json!("agree"),
        "pages[0].fields[1].show_when.field",
        "comes after this field",
    );
    assert_rejected(
        |f| f["pages"][0]["fields"][1]["show_when"]["field"] = json!("only_b"),
        "pages[0].fields[1].show_when.field",
        "itself",
    );
    assert_rejected(
        |f| f["pages"][0]["fields"][1]["show_when"]["equals"] = json!("c"),
        "pages[0].fields[1].show_when.equals",
        "can never have this answer",
    );
    assert_rejected(
        |f| f["pages"][0]["fields"][1]["show_when"]["equals"] = json!(true),
        "pages[0].fields[1].show_when.equals",
        "can never have this answer",
    );
    assert_rejected(
        |f| {
            f["pages"][1]["fields"][1]["show_when"] = json!({"field": "name", "equals": "张三"});
        },
        "pages[1].fields[1].show_when.field",
        "is a short_text field",
    );
}

#[test]
fn loader_rejects_bad_options_and_parameters() {
    let choice = "pages[0].fields[0].rule";
    assert_rejected(
        |f| f["pages"][0]["fields"][0]["rule"]["options"][1]["value"] = json!("a"),
        &format!("{choice}.options[1].value"),
        "used by two options",
    );
    assert_rejected(
        |f| f["pages"][0]["fields"][0]["rule"]["options"][1]["value"] = json!("B value"),
        &format!("{choice}.options[1].value"),
        "not a valid option value",
    );
    assert_rejected(
        |f| {
            f["pages"][0]["fields"][0]["rule"]["options"]
                .as_array_mut()
                .unwrap()
                .pop();
        },
        &format!("{choice}.options"),
        "at least 2",
    );
    assert_rejected(
        |f| f["pages"][0]["fields"][0]["rule"]["options"][0]["label"]["en"] = json!(""),
        &format!("{choice}.options[0].label"),
        "non-empty",
    );
    assert_rejected(
        |f| f["pages"][0]["fields"][0]["rule"]["display"] = json!("dropdown"),
        choice,
        "unknown variant `dropdown`",
    );
    assert_rejected(
        |f| f["pages"][1]["fields"][4]["rule"]["max_selected"] = json!(4),
        "pages[1].fields[4].rule.max_selected",
        "out of range",
    );
    assert_rejected(
        |f| f["pages"][1]["fields"][4]["rule"]["min_selected"] = json!(0),
        "pages[1].fields[4].rule.min_selected",
        "cannot be met",
    );
    assert_rejected(
        |f| f["pages"][1]["fields"][4]["rule"]["options"] = json!([]),
        "pages[1].fields[4].rule.options",
        "at least 1",
    );
    assert_rejected(
        |f| f["pages"][1]["fields"][6]["rule"]["min"] = json!(3),
        "pages[1].fields[6].rule.min",
        "above max",
    );
    assert_rejected(
        |f| f["pages"][1]["fields"][3]["rule"]["min_days_from_today"] = json!(31),
        "pages[1].fields[3].rule.min_days_from_today",
        "no day could be chosen",
    );
    assert_rejected(
        |f| f["pages"][0]["fields"][2]["rule"]["max_length"] = json!(0),
        "pages[0].fields[2].rule.max_length",
        "out of range",
    );
    assert_rejected(
        |f| f["pages"][0]["fields"][1]["rule"] = json!({"kind": "long_text"}),
        "pages[0].fields[1].rule",
        "missing field `max_length`",
    );
}

/// Answers that pass the test form, as a resident might type them.
fn good_raw() -> Answers {
    serde_json::from_value(json!({
        "kind": "a",
        "name": " 张三 ",
        "id": "４４０３０５１９８５１１２０１０８ｘ",
        "mobile": "+86 138-0013-8000",
        "plate": "",
        "day": "2026/3/11",
        "extras": ["z", "x", "z"],
        "trips": "２次",
        "region": "310115",
        "agree": true
    }))
    .unwrap()
}

#[test]
fn answers_are_normalised() {
    let out = validate_answers(&schema(), &good_raw(), today(), &regions()).unwrap();
    let want: Answers = serde_json::from_value(json!({
        "kind": "a",
        "name": "张三",
        "id": "44030519851120108X",
        "mobile": "13800138000",
        "day": "2026-03-11",
        "extras": ["x", "z"],
        "trips": 2,
        "region": "310115",
        "agree": true
    }))
    .unwrap();
    assert_eq!(out, want, "empty optional fields are left out");
    // Normalised answers pass again unchanged.
    assert_eq!(
        validate_answers(&schema(), &out, today(), &regions()),
        Ok(out)
    );
}

#[test]
fn hidden_fields_are_skipped_and_dropped() {
    let s = schema();
    let r = regions();
    let mut raw = good_raw();
    raw.insert("only_b".into(), json!("this is far too long to pass"));
    raw.insert("with_extras".into(), json!("not even a boolean"));
    raw.insert("not_a_field".into(), json!("dropped"));
    let out = validate_answers(&s, &raw, today(), &r).unwrap();
    assert!(!out.contains_key("only_b"));
    assert!(!out.contains_key("with_extras"));
    assert!(!out.contains_key("not_a_field"));

    raw.insert("kind".into(), json!("b"));
    let errors = validate_answers(&s, &raw, today(), &r).unwrap_err();
    assert_eq!(
        errors["only_b"],
        FieldError::Text(TextError::TooLong { max: 10, found: 28 })
    );
    raw.insert("only_b".into(), json!("补充说明"));
    raw.insert("extras".into(), json!(["y"]));
    let errors = validate_answers(&s, &raw, today(), &r).unwrap_err();
    assert_eq!(errors.keys().collect::<Vec<_>>(), ["with_extras"]);
    assert_eq!(errors["with_extras"], FieldError::WrongType);
    raw.insert("with_extras".into(), json!(true));
    let out = validate_answers(&s, &raw, today(), &r).unwrap();
    assert_eq!(out["only_b"], json!("补充说明"));
    assert_eq!(out["with_extras"], json!(true));

    // A field whose controlling field failed is not shown (so not reported twice).
    raw.insert("kind".into(), json!("c"));
    let errors = validate_answers(&s, &raw, today(), &r).unwrap_err();
    assert_eq!(errors.keys().collect::<Vec<_>>(), ["kind"]);
}

#[test]
fn each_field_reports_its_own_error() {
    let raw: Answers = serde_json::from_value(json!({
        "kind": "",
        "name": "欧阳娜娜娜",
        "nickname": "\u{7}",
        "id": "110101199003071031",
        "mobile": "1380013800a",
        "plate": "沪A1234I",
        "day": "2026-03-10",
        "extras": ["x", "y", "z"],
        "trips": 3.5,
        "region": "310100",
        "agree": false
    }))
    .unwrap();
    let errors = validate_answers(&schema(), &raw, today(), &regions()).unwrap_err();
    let codes: BTreeMap<&str, &str> = errors.iter().map(|(k, e)| (k.as_str(), e.code())).collect();
    let want: BTreeMap<&str, &str> = [
        ("kind", "not_chosen"),
        ("name", "too_long"),
        ("nickname", "invalid_characters"),
        ("id", "id_check_digit"),
        ("mobile", "mobile_characters"),
        ("plate", "plate_serial"),
        ("day", "date_too_early"),
        ("extras", "too_many_choices"),
        ("trips", "not_integer"),
        ("region", "unknown_region"),
        ("agree", "consent_required"),
    ]
    .into_iter()
    .collect();
    assert_eq!(codes, want);

    let empty = validate_answers(&schema(), &Answers::new(), today(), &regions()).unwrap_err();
    let codes: BTreeMap<&str, &str> = empty.iter().map(|(k, e)| (k.as_str(), e.code())).collect();
    assert_eq!(codes["name"], "required");
    assert_eq!(codes["extras"], "not_chosen");
    assert_eq!(codes["region"], "not_chosen");
    assert_eq!(codes["agree"], "consent_required");
    assert_eq!(codes["trips"], "required");
    assert!(!codes.contains_key("nickname") && !codes.contains_key("plate"));

    let wrong: Answers = serde_json::from_value(json!({
        "name": 12, "extras": "x", "trips": [1], "agree": "yes", "kind": {"a": 1}
    }))
    .unwrap();
    let errors = validate_answers(&schema(), &wrong, today(), &regions()).unwrap_err();
    for key in ["name", "extras", "trips", "agree", "kind"] {
        assert_eq!(errors[key], FieldError::WrongType, "{key}");
    }
    let big: Answers = serde_json::from_value(json!({"trips": 18446744073709551615u64})).unwrap();
    let errors = validate_answers(&schema(), &big, today(), &regions()).unwrap_err();
    assert_eq!(
        errors["trips"],
        FieldError::Integer(IntegerError::TooLarge { max: 2 })
    );
}

#[test]
fn one_page_at_a_time() {
    let s = schema();
    let mut raw = Answers::new();
    raw.insert("kind".into(), json!("b"));
    raw.insert("only_b".into(), json!("说明"));
    raw.insert("name".into(), json!("李四"));
    let first = validate_pages(&s, &raw, today(), &regions(), |p| p == 0).unwrap();
    assert_eq!(first.len(), 3);
    let second = validate_pages(&s, &raw, today(), &regions(), |p| p == 1).unwrap_err();
    assert!(second.contains_key("id") && !second.contains_key("name"));
}

#[test]
fn display_and_masking() {
    let s = schema();
    let r = regions();
    let out = validate_answers(&s, &good_raw(), today(), &r).unwrap();
    let field = |k: &str| s.field(k).unwrap();
    assert_eq!(field("kind").display_answer(&out["kind"], &r).zh, "甲");
    assert_eq!(
        field("extras").display_answer(&out["extras"], &r).en,
        "X, Z"
    );
    assert_eq!(field("trips").display_answer(&out["trips"], &r).zh, "2次");
    assert_eq!(
        field("trips").display_answer(&out["trips"], &r).en,
        "2 trips"
    );
    assert_eq!(
        field("region").display_answer(&out["region"], &r).zh,
        "上海市浦东新区"
    );
    assert_eq!(
        field("agree").display_answer(&out["agree"], &r).zh,
        "已同意"
    );
    let masked = s.mask_answers(&out);
    assert_eq!(masked["id"], json!("4403**********108X"));
    assert_eq!(masked["mobile"], json!("138****8000"));
    assert_eq!(masked["name"], json!("张*"));
    assert_eq!(masked["day"], out["day"]);
    assert_eq!(masked["region"], out["region"]);
}

/// A valid raw answer for any field (for checking that every catalog form can be
/// completed).
fn sample_answer(field: &Field) -> Value {
    match &field.rule {
        FieldRule::ShortText { .. } => json!("张三"),
        FieldRule::LongText { .. } => json!("第一行\n第二行"),
        FieldRule::ResidentId => json!("44030519851120108x"),
        FieldRule::Mobile => json!("138 0013 8000"),
        FieldRule::Plate => json!("沪a12345"),
        FieldRule::Date {
            min_days_from_today,
            ..
        } => json!(today()
            .add_days(i64::from(min_days_from_today.unwrap_or(0)))
            .to_string()),
        FieldRule::Choice { options, .. } => json!(options.last().unwrap().value),
        FieldRule::MultipleChoice {
            options,
            min_selected,
            ..
        } => {
            let n = min_selected.unwrap_or(1) as usize;
            json!(options
                .iter()
                .take(n)
                .map(|o| o.value.clone())
                .collect::<Vec<_>>())
        }
        FieldRule::Consent => json!(true),
        FieldRule::Integer { min, .. } => json!(min.to_string()),
        FieldRule::Region => json!("440106"),
        FieldRule::VehicleCheck { .. } => json!("a1b2c3"),
        FieldRule::UtilityAccount { min_length, .. } => json!("1".repeat(*min_length as usize)),
    }
}

#[test]
fn catalog_forms_use_every_kind_and_can_be_completed() {
    let r = regions();
    let mut kinds = BTreeSet::new();
    let mut forms = Vec::new();
    for entry in std::fs::read_dir(root().join("catalog/cities")).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_str().unwrap().to_string();
        let catalog = parse_city_catalog(&file, &std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{e}"));
        for service in catalog.services {
            let Some(form) = service.form else { continue };
            forms.push(format!("{} {}", catalog.city_code, service.id));
            let mut raw = Answers::new();
            for (_, field) in form.fields() {
                kinds.insert(field.rule.kind_name());
                raw.insert(field.key.clone(), sample_answer(field));
            }
            let out = validate_answers(&form, &raw, today(), &r)
                .unwrap_or_else(|e| panic!("{} {}: {e:?}", catalog.city_code, service.id));
            assert!(out.len() <= raw.len());
            let conditional = form.fields().filter(|(_, f)| f.show_when.is_some()).count();
            assert!(
                out.len() + conditional >= raw.len(),
                "{} {}: only conditional fields may be dropped",
                catalog.city_code,
                service.id
            );
        }
    }
    for required in [
        "310100 marriage-registration-appointment",
        "310100 exit-entry-appointment",
        "440100 hk-macau-pass-renewal",
    ] {
        assert!(
            forms.iter().any(|f| f == required),
            "{required} has no form: {forms:?}"
        );
    }
    let all = [
        "short_text",
        "long_text",
        "resident_id",
        "mobile",
        "plate",
        "date",
        "choice",
        "multiple_choice",
        "consent",
        "integer",
        "region",
    ];
    // vehicle_check and utility_account are the kinds of the lookup forms, which are built
    // from `online` (citizen_core::traffic::lookup_form, utility::bill_form), not declared.
    assert_eq!(
        kinds,
        all.into_iter().collect(),
        "the catalog forms use every declarable kind"
    );
}

#[test]
fn marriage_form_has_both_partners_and_shanghai_offices() {
    let path = root().join("catalog/cities/310100.json");
    let catalog =
        parse_city_catalog("310100.json", &std::fs::read_to_string(path).unwrap()).unwrap();
    let service = catalog
        .services
        .iter()
        .find(|s| s.id == "marriage-registration-appointment")
        .unwrap();
    let form = service.form.as_ref().unwrap();
    let ids = form
        .fields()
        .filter(|(_, f)| f.rule == FieldRule::ResidentId)
        .count();
    assert_eq!(ids, 2, "both partners' resident ID numbers");
    let Some(FieldRule::Choice { options, .. }) = form.field("office").map(|f| &f.rule) else {
        panic!("an office choice");
    };
    assert_eq!(options.len(), 16, "one office per Shanghai district");
    let shanghai = regions()
        .provinces
        .into_iter()
        .find(|p| p.code == "310000")
        .unwrap();
    for district in &shanghai.cities[0].districts {
        assert!(
            options
                .iter()
                .any(|o| o.label.zh.starts_with(&district.name)),
            "no office for {}",
            district.name
        );
    }
}
