//! The sandbox seed as data: what [`plan`] derives from the catalog and a seed date, with
//! no database. The same input always gives the same rows (no randomness, no clock: the
//! date is passed in), so the table in `docs/sandbox.md` and the tests read it from here.
//!
//! # The rule
//!
//! For every city with a traffic service (`online.kind` `traffic`) and a plate prefix in
//! [`plate_prefix`], three vehicles, `N` = 1, 2, 3, plate `<prefix><serial>`:
//!
//! | N | plate | 号牌种类 | violations |
//! |---|---|---|---|
//! | 1 | `<prefix>10001` | 02 小型汽车 | two payable: parking ¥150 (0 分), speeding ¥200 (3 分) |
//! | 2 | `<prefix>20002` | 01 大型汽车 | one needing a window visit (12 分, ¥200, 需到窗口处理) and one payable lane offence ¥100 (1 分) |
//! | 3 | `<prefix>D30003` | 52 小型新能源汽车 | none |
//!
//! Engine and VIN tails are six digits from the FNV-1a hash of `engine|city|plate` and
//! `vin|city|plate`. Violations happened 40, 25 and 12 days before the seed date.
//!
//! For every bill service (`online.kind` `utility_bill`) and each of its providers (index
//! `P` from 1, in catalog order), two 户号 of 10 digits (or the provider's nearest length): digits
//! `<city code><utility digit><P><case>` (padded with zeros in the middle, cut from the
//! left when the provider's numbers are shorter), with a Luhn check digit last when the
//! provider uses one. Case 1 has two unpaid bills: the month before last (due 20 days
//! before the seed date, so past due, with a late fee) and last month (due 14 days after
//! the seed date); case 2 has none. Amounts come from the hash of the bill's id.
//!
//! Late fee (违约金): every seeded bill charges 1‰ (0.1 %) of its amount per day after the
//! due date, rounded down to 分 and at most the amount itself (the 供电营业规则 第九十八条
//! rate for residents, used for water and gas in the sandbox too); see [`late_fee_fen`].

use citizen_core::date::CalendarDate;
use citizen_core::rules::luhn_check_digit;

/// The 号牌 prefix (province abbreviation and issuing authority letter, GA 36-2018) of a
/// launch city's own vehicles, by GB/T 2260 code; `None` for other cities (no vehicles
/// are seeded for them).
pub fn plate_prefix(city_code: &str) -> Option<&'static str> {
    Some(match city_code {
        "310100" => "沪A",
        "440100" => "粤A",
        "440300" => "粤B",
        "330100" => "浙A",
        "330200" => "浙B",
        "360100" => "赣A",
        "370200" => "鲁B",
        "140100" => "晋A",
        "140200" => "晋B",
        "140400" => "晋D",
        "140700" => "晋K",
        "140800" => "晋M",
        _ => return None,
    })
}

/// A city as the seed sees it.
#[derive(Debug, Clone)]
pub struct SeedCity {
    /// GB/T 2260 code.
    pub code: String,
    /// `上海市`.
    pub name_zh: String,
    /// `Shanghai`.
    pub name_en: String,
    /// Whether the city has a traffic lookup service.
    pub traffic: bool,
    /// Its bill services.
    pub bill_services: Vec<SeedBillService>,
}

/// A bill service and its providers.
#[derive(Debug, Clone)]
pub struct SeedBillService {
    /// `water-bill`.
    pub service_id: String,
    /// `water`, `electricity` or `gas`.
    pub utility: String,
    /// In catalog order.
    pub providers: Vec<SeedProvider>,
}

/// A provider's 户号 format, from the catalog.
#[derive(Debug, Clone)]
pub struct SeedProvider {
    /// The catalog's provider id.
    pub id: String,
    /// Shortest 户号.
    pub min_length: usize,
    /// Longest 户号.
    pub max_length: usize,
    /// Whether the last digit is a Luhn check digit.
    pub luhn: bool,
}

/// A row of `vehicles`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VehicleSeed {
    /// City.
    pub city_code: String,
    /// 号牌号码.
    pub plate: String,
    /// GA 24.7 code.
    pub plate_type: &'static str,
    /// 发动机号后六位.
    pub engine_tail: String,
    /// 车辆识别代号后六位.
    pub vin_tail: String,
    /// What a lookup shows, for the docs: `two payable fines`.
    pub shows: &'static str,
}

/// A row of `violations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViolationSeed {
    /// `vio-310100-1-1`.
    pub id: String,
    /// City.
    pub city_code: String,
    /// Plate.
    pub plate: String,
    /// Plate type.
    pub plate_type: &'static str,
    /// `2026-10-25T08:31:00+08:00`.
    pub occurred_at: String,
    /// Place, Chinese.
    pub place_zh: String,
    /// Place, English.
    pub place_en: String,
    /// What happened, Chinese.
    pub description_zh: &'static str,
    /// What happened, English.
    pub description_en: &'static str,
    /// Fine in 分.
    pub fine_fen: i64,
    /// 记分.
    pub points: i64,
    /// May be paid online.
    pub payable: bool,
    /// Why not (Chinese, English).
    pub not_payable_reason: Option<(&'static str, &'static str)>,
}

/// A row of `utility_accounts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSeed {
    /// `acct-310100-shanghai-water-1`.
    pub id: String,
    /// City.
    pub city_code: String,
    /// Service.
    pub service_id: String,
    /// `water`.
    pub utility: String,
    /// Provider.
    pub provider_id: String,
    /// 户号.
    pub account_no: String,
    /// `王*`.
    pub holder_masked: String,
    /// `上海市**路***号`.
    pub address_masked: String,
    /// What a lookup shows, for the docs.
    pub shows: &'static str,
}

/// A row of `bills`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillSeed {
    /// `bill-310100-shanghai-water-1-1`.
    pub id: String,
    /// `utility_accounts.id`.
    pub account_id: String,
    /// 账期 `2026-10`.
    pub period: String,
    /// Amount in 分 without late fee.
    pub amount_fen: i64,
    /// Late fee rate: ‰ of the amount per day past due.
    pub late_fee_permille_per_day: i64,
    /// `2026-11-14`.
    pub due_date: CalendarDate,
}

/// Everything the seed writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Vehicles.
    pub vehicles: Vec<VehicleSeed>,
    /// Their violations.
    pub violations: Vec<ViolationSeed>,
    /// Utility accounts.
    pub accounts: Vec<AccountSeed>,
    /// Their bills.
    pub bills: Vec<BillSeed>,
}

/// The late fee rate every seeded bill charges: 1‰ of the amount per day past due.
pub const LATE_FEE_PERMILLE_PER_DAY: i64 = 1;

/// 违约金 in 分 of a bill of `amount_fen` due on `due` with `permille_per_day`, on day
/// `on` (today, or the day it was paid): `amount × rate × days / 1000` for the whole days
/// after `due`, rounded down, at most `amount_fen`; 0 on or before the due date.
pub fn late_fee_fen(
    amount_fen: i64,
    permille_per_day: i64,
    due: CalendarDate,
    on: CalendarDate,
) -> i64 {
    let days = due.days_until(on);
    if days <= 0 || permille_per_day <= 0 || amount_fen <= 0 {
        return 0;
    }
    let fee = i128::from(amount_fen) * i128::from(permille_per_day) * i128::from(days) / 1000;
    i64::try_from(fee).unwrap_or(i64::MAX).min(amount_fen)
}

/// FNV-1a, 64 bits: a fixed, platform-independent hash for the seed's numbers.
fn fnv(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn six_digits(text: &str) -> String {
    format!("{:06}", fnv(text) % 1_000_000)
}

fn utility_digit(utility: &str) -> char {
    match utility {
        "water" => '1',
        "electricity" => '2',
        "gas" => '3',
        _ => '9',
    }
}

/// The 户号 of case `case` (1 or 2) of provider index `p` (1-based) of a city's utility.
fn account_no(
    city_code: &str,
    utility: &str,
    p: usize,
    case: u8,
    provider: &SeedProvider,
) -> String {
    let length = 10.clamp(provider.min_length.max(4), provider.max_length.max(4));
    let body_len = if provider.luhn { length - 1 } else { length };
    let tail = format!("{}{}{}", utility_digit(utility), p % 10, case);
    let mut body = if body_len >= city_code.len() + tail.len() {
        let zeros = body_len - city_code.len() - tail.len();
        format!("{city_code}{}{tail}", "0".repeat(zeros))
    } else {
        let all = format!("{city_code}{tail}");
        all[all.len() - body_len.min(all.len())..].to_string()
    };
    // The body is digits only, so a check digit always exists.
    if let Some(check) = provider.luhn.then(|| luhn_check_digit(&body)).flatten() {
        body.push(check);
    }
    body
}

const SURNAMES: [&str; 10] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];

/// Year and month `back` months before `date`'s.
fn month_before(date: CalendarDate, back: u32) -> String {
    let index = i64::from(date.year()) * 12 + i64::from(date.month()) - 1 - i64::from(back);
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

/// The seed for `cities` as of `seed_date` (see the module documentation for the rule).
pub fn plan(cities: &[SeedCity], seed_date: CalendarDate) -> Plan {
    let mut plan = Plan::default();
    for city in cities {
        if city.traffic {
            if let Some(prefix) = plate_prefix(&city.code) {
                traffic(&mut plan, city, prefix, seed_date);
            }
        }
        for service in &city.bill_services {
            for (index, provider) in service.providers.iter().enumerate() {
                bills(&mut plan, city, service, index + 1, provider, seed_date);
            }
        }
    }
    plan
}

struct Offence {
    zh: &'static str,
    en: &'static str,
    fine_fen: i64,
    points: i64,
    visit: bool,
}

const PARKING: Offence = Offence {
    zh: "机动车违反规定停放、临时停车，驾驶人不在现场，妨碍其他车辆、行人通行",
    en: "Parked against the rules with the driver away, obstructing other vehicles or pedestrians",
    fine_fen: 15_000,
    points: 0,
    visit: false,
};
const SPEEDING: Offence = Offence {
    zh: "驾驶机动车在城市道路上超过规定时速10%以上未达20%",
    en: "Exceeded the speed limit on an urban road by 10% to under 20%",
    fine_fen: 20_000,
    points: 3,
    visit: false,
};
const REVERSING: Offence = Offence {
    zh: "驾驶机动车在高速公路上倒车、逆行、穿越中央分隔带掉头",
    en: "Reversed, drove against the traffic or turned through the central reservation on an expressway",
    fine_fen: 20_000,
    points: 12,
    visit: true,
};
const LANE: Offence = Offence {
    zh: "机动车不按规定车道行驶",
    en: "Did not keep to the prescribed lane",
    fine_fen: 10_000,
    points: 1,
    visit: false,
};

/// The reason a 12-point offence is not paid online.
pub const VISIT_REASON: (&str, &str) = (
    "记12分的违法需到窗口处理：请携带驾驶证、行驶证到交警违法处理窗口办理。",
    "A 12-point offence must be dealt with in person: bring the driving licence and the vehicle licence to a traffic police office.",
);

const PLACES: [(&str, &str); 3] = [
    (
        "人民路与解放路交叉口",
        "junction of Renmin Road and Jiefang Road",
    ),
    ("中山大道128号附近", "near 128 Zhongshan Avenue"),
    ("绕城高速K23+500处", "Ring Expressway, km 23.5"),
];

/// A seeded vehicle: plate serial, GA 24.7 type code, what it shows, and its offences
/// (each with the days before the seed date and the time of day it happened).
type SeedVehicle<'a> = (&'a str, &'a str, &'a str, &'a [(&'a Offence, i64, &'a str)]);

fn traffic(plan: &mut Plan, city: &SeedCity, prefix: &str, seed_date: CalendarDate) {
    let vehicles: [SeedVehicle; 3] = [
        (
            "10001",
            "02",
            "two payable fines (¥150 and ¥200)",
            &[(&PARKING, 40, "08:31:00"), (&SPEEDING, 25, "17:46:00")],
        ),
        (
            "20002",
            "01",
            "one fine to handle at a window (12 points) and one payable ¥100",
            &[(&REVERSING, 25, "10:05:00"), (&LANE, 12, "07:52:00")],
        ),
        ("D30003", "52", "no violations", &[]),
    ];
    for (n, (serial, plate_type, shows, offences)) in (1..).zip(vehicles) {
        let plate = format!("{prefix}{serial}");
        plan.vehicles.push(VehicleSeed {
            city_code: city.code.clone(),
            engine_tail: six_digits(&format!("engine|{}|{plate}", city.code)),
            vin_tail: six_digits(&format!("vin|{}|{plate}", city.code)),
            plate: plate.clone(),
            plate_type,
            shows,
        });
        for (k, (offence, days_before, time)) in (1..).zip(offences.iter()) {
            let (place_zh, place_en) = PLACES[(n + k) % PLACES.len()];
            plan.violations.push(ViolationSeed {
                id: format!("vio-{}-{n}-{k}", city.code),
                city_code: city.code.clone(),
                plate: plate.clone(),
                plate_type,
                occurred_at: format!("{}T{time}+08:00", seed_date.add_days(-days_before)),
                place_zh: format!("{}{place_zh}", city.name_zh),
                place_en: format!("{}, {place_en}", city.name_en),
                description_zh: offence.zh,
                description_en: offence.en,
                fine_fen: offence.fine_fen,
                points: offence.points,
                payable: !offence.visit,
                not_payable_reason: offence.visit.then_some(VISIT_REASON),
            });
        }
    }
}

fn bills(
    plan: &mut Plan,
    city: &SeedCity,
    service: &SeedBillService,
    p: usize,
    provider: &SeedProvider,
    seed_date: CalendarDate,
) {
    let (base, span) = match service.utility.as_str() {
        "water" => (3_000, 6_000),
        "electricity" => (8_000, 22_000),
        _ => (4_000, 11_000),
    };
    for (case, shows) in [
        (1u8, "two unpaid bills, one past due with a late fee"),
        (2, "no unpaid bills"),
    ] {
        let id = format!("acct-{}-{}-{case}", city.code, provider.id);
        let hash = fnv(&id);
        plan.accounts.push(AccountSeed {
            account_no: account_no(&city.code, &service.utility, p, case, provider),
            city_code: city.code.clone(),
            service_id: service.service_id.clone(),
            utility: service.utility.clone(),
            provider_id: provider.id.clone(),
            holder_masked: format!("{}*", SURNAMES[(hash % 10) as usize]),
            address_masked: format!("{}**路***号", city.name_zh),
            shows,
            id: id.clone(),
        });
        if case == 1 {
            for (k, (back, due_offset)) in (1..).zip([(2u32, -20i64), (1, 14)]) {
                let bill_id = format!("bill-{}-{}-{case}-{k}", city.code, provider.id);
                let amount = base + (fnv(&bill_id) % span) as i64;
                plan.bills.push(BillSeed {
                    id: bill_id,
                    account_id: id.clone(),
                    period: month_before(seed_date, back),
                    amount_fen: amount,
                    late_fee_permille_per_day: LATE_FEE_PERMILLE_PER_DAY,
                    due_date: seed_date.add_days(due_offset),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> CalendarDate {
        CalendarDate::parse(s).unwrap()
    }

    #[test]
    fn luhn_digits() {
        assert_eq!(luhn_check_digit("7992739871"), Some('3'));
        assert!(citizen_core::rules::luhn_valid("79927398713"));
        assert!(!citizen_core::rules::luhn_valid("79927398710"));
    }

    #[test]
    fn months_and_late_fees() {
        assert_eq!(month_before(date("2026-01-05"), 2), "2025-11");
        assert_eq!(month_before(date("2026-12-04"), 1), "2026-11");
        let due = date("2026-11-14");
        assert_eq!(late_fee_fen(10_000, 1, due, due), 0);
        assert_eq!(late_fee_fen(10_000, 1, due, date("2026-12-04")), 200);
        assert_eq!(late_fee_fen(5_555, 1, due, date("2026-11-15")), 5);
        assert_eq!(late_fee_fen(100, 1, due, date("2099-01-01")), 100, "capped");
        assert_eq!(late_fee_fen(10_000, 0, due, date("2026-12-04")), 0);
    }

    #[test]
    fn account_numbers_fit_the_provider() {
        let p = |min, max, luhn| SeedProvider {
            id: "x".into(),
            min_length: min,
            max_length: max,
            luhn,
        };
        assert_eq!(
            account_no("310100", "water", 1, 1, &p(10, 10, false)),
            "3101000111"
        );
        let n = account_no("310100", "gas", 2, 2, &p(12, 14, true));
        assert_eq!(n.len(), 12);
        assert!(citizen_core::rules::luhn_valid(&n), "{n}");
        assert_eq!(
            account_no("310100", "water", 1, 1, &p(6, 8, false)),
            "10100111"
        );
    }
}
