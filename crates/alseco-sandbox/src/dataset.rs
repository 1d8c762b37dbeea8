//! A deterministic, seeded dataset: accounts, names and addresses, services, tariffs, meter
//! readings and invoices.
//!
//! Nothing is materialised: every value is derived on demand from `(seed, account id, period)`
//! with a small mixing hash (SplitMix64's finaliser), so a dataset of 1,000,000 accounts costs
//! no memory and the same seed always gives the same data. Only the sandbox's *mutable* state
//! (payments, cursors) is stored, by [`crate::service`].
//!
//! # What is in it
//! - Accounts `first_account_id .. first_account_id + size`. About 3% of the ids are holes
//!   ([`AccountStatus::NotFound`]), 2% are deleted and 2% merged; the others are active.
//!   [`Dataset::first_account_id`] itself is always active with every service, a two-zone meter
//!   and a split bill, so tests and demos have a known-good account.
//! - Names (Cyrillic Ф.И.О.) and addresses on real Almaty streets, residents
//!   (`CalculationParameter` 1) and heated area (2).
//! - Services: electricity 13 (day) and 23 (night, two-zone meters) on the tiered tariff below,
//!   gas 37 with a monthly temperature coefficient (`TempKoef`), cold water 12 with four
//!   differentiated tariffs (`Consumption1–4`, `Tarif_Value1–4`, `Control_Pok`, `Control_Date`),
//!   waste collection 8 and the capital-repair savings service 128 (НКР), each with its supplier
//!   (`service_supplier`).
//! - Invoices per period from [`history_start`] on: one per account, or two when the account's
//!   bill is split (services 8 and 128 on the second). A period's invoices are *formed* during
//!   days `transition_day + 1 ..= transition_day + 7` of the month, Astana time, after the
//!   switch to that period (see [`Dataset::formed_at`]).
//! - Bill packs (labels): accounts grouped by [`PACK_SIZE`] in id order, the same every period.
//!
//! # Invoice numbers (the sandbox's own scheme)
//! ALSECO does not publish its check-digit algorithm, so the sandbox uses its own: a number is
//! `YYMM` + an 8-digit serial + **a Luhn (mod 10) check digit** computed over the 12 digits
//! before it ([`check_digit`]). Requests and `InvoceId` carry the 12 digits *without* the check
//! digit, as with the real service; the barcode printed on the PDF has all 13. The serial is an
//! invertible, seed- and period-dependent scramble of (account, invoice index), so a number
//! leads back to its invoice without any index. `GetBillPays`' `BillId` is that serial.
//!
//! Supplier names, BINs, IBANs and tax-office codes are illustrative, not real registry data.

use alseco_client::astana;
use alseco_client::calc::{self, DayZone, ElectricityInput, NightZone, Norms, Tariff};
use alseco_client::period::Period;
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use rust_decimal::Decimal;

/// Electricity (day zone, or a single-zone meter).
pub const ELECTRICITY_DAY: i32 = 13;
/// Electricity at night (night zone of a two-zone meter).
pub const ELECTRICITY_NIGHT: i32 = 23;
/// Gas with a meter.
pub const GAS: i32 = 37;
/// Cold water with a meter.
pub const COLD_WATER: i32 = 12;
/// Waste collection (per resident).
pub const WASTE: i32 = 8;
/// Capital-repair savings (НКР, per m² of heated area); the service of `GetPaymentsNKR`.
pub const CAPITAL_REPAIR: i32 = 128;

/// Accounts per bill pack (label).
pub const PACK_SIZE: u32 = 100;

/// Electricity tariff below limit 1 (Tmin), tenge per kWh.
pub const ELECTRICITY_TMIN: Decimal = Decimal::from_parts(2530, 0, 0, false, 2);
/// Electricity tariff above limit 1 (Tmid).
pub const ELECTRICITY_TMID: Decimal = Decimal::from_parts(3163, 0, 0, false, 2);
/// Electricity tariff above limit 2 (Tmax).
pub const ELECTRICITY_TMAX: Decimal = Decimal::from_parts(3795, 0, 0, false, 2);
/// Norm 1 (K1, `MinTariffThreshold`): kWh per resident per month.
pub const ELECTRICITY_K1: Decimal = Decimal::from_parts(70, 0, 0, false, 0);
/// Norm 2 (K2, `MiddleTariffThreshold`): kWh per resident per month.
pub const ELECTRICITY_K2: Decimal = Decimal::from_parts(120, 0, 0, false, 0);
/// Gas tariff, tenge per m³.
pub const GAS_TARIFF: Decimal = Decimal::from_parts(3909410, 0, 0, false, 5);
/// Cold water's differentiated tariffs `Tarif_Value1–4`, tenge per m³.
pub const WATER_TARIFFS: [Decimal; 4] = [
    Decimal::from_parts(7392, 0, 0, false, 2),
    Decimal::from_parts(8870, 0, 0, false, 2),
    Decimal::from_parts(11088, 0, 0, false, 2),
    Decimal::from_parts(14784, 0, 0, false, 2),
];
/// Cold water tier sizes per resident per month, m³ (the fourth tier is unbounded).
const WATER_TIERS: [i64; 3] = [1, 1, 1];
/// Waste collection, tenge per resident per month.
pub const WASTE_RATE: Decimal = Decimal::from_parts(43336, 0, 0, false, 2);
/// Capital-repair savings, tenge per m² per month.
pub const CAPITAL_REPAIR_RATE: Decimal = Decimal::from_parts(2400, 0, 0, false, 2);

/// The first period with data (GetReport108e's «1 ноября 2019 г.»).
pub fn history_start() -> Period {
    Period::new(2019, 11).unwrap_or_else(|_| unreachable!("2019-11 is a valid period"))
}

/// The state of an account id in the dataset (`GetAccountState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountStatus {
    /// An account with invoices.
    Active,
    /// No such account.
    NotFound,
    /// Deleted (or all its services deleted).
    Deleted,
    /// Merged with another account.
    Merged,
}

/// A supplier of a service (for `service_supplier`, GetReport108e and GetPaymentsNKR).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Supplier {
    /// Code in ALSECO's database (`service_supplier`).
    pub code: i32,
    /// Name (`NAME_POL`, at most 40 characters).
    pub name: &'static str,
    /// BIN, 12 digits (illustrative).
    pub bin: &'static str,
    /// Settlement account (`NUMRS`, 20 characters, illustrative).
    pub iban: &'static str,
    /// Payment purpose (`NAZN_PL`, at most 30 characters).
    pub purpose: &'static str,
}

const SUPPLIERS: [(i32, Supplier); 6] = [
    (
        ELECTRICITY_DAY,
        Supplier {
            code: 101,
            name: "ТОО \"АлматыЭнергоСбыт\"",
            bin: "060140005921",
            iban: "KZ156010002000123456",
            purpose: "ЗА ЭЛЕКТРОЭНЕРГИЮ",
        },
    ),
    (
        ELECTRICITY_NIGHT,
        Supplier {
            code: 101,
            name: "ТОО \"АлматыЭнергоСбыт\"",
            bin: "060140005921",
            iban: "KZ156010002000123456",
            purpose: "ЗА ЭЛЕКТРОЭНЕРГИЮ",
        },
    ),
    (
        GAS,
        Supplier {
            code: 205,
            name: "АО \"QazaqGaz Аймак\"",
            bin: "020240003315",
            iban: "KZ896010002000654321",
            purpose: "ЗА ГАЗ",
        },
    ),
    (
        COLD_WATER,
        Supplier {
            code: 310,
            name: "ГКП \"Алматы Су\"",
            bin: "990140001876",
            iban: "KZ446010002000777111",
            purpose: "ЗА ХОЛОДНУЮ ВОДУ",
        },
    ),
    (
        WASTE,
        Supplier {
            code: 412,
            name: "ТОО \"Тазалык-2012\"",
            bin: "120940011223",
            iban: "KZ726010002000888222",
            purpose: "ЗА ВЫВОЗ ТБО",
        },
    ),
    (
        CAPITAL_REPAIR,
        Supplier {
            code: 530,
            name: "ОСИ (накопления на капремонт)",
            bin: "210840004455",
            iban: "KZ336010002000999333",
            purpose: "НАКОПЛЕНИЕ НА КАПРЕМОНТ",
        },
    ),
];

/// The supplier of a service of the dataset.
pub fn supplier(service_id: i32) -> Option<Supplier> {
    SUPPLIERS
        .iter()
        .find(|(s, _)| *s == service_id)
        .map(|(_, sup)| *sup)
}

/// The service's bilingual name and unit, as on invoices.
pub fn service_name(service_id: i32) -> (&'static str, &'static str) {
    match service_id {
        ELECTRICITY_DAY => ("Электр қуаты | Электроэнергия", "кВт*ч"),
        ELECTRICITY_NIGHT => (
            "Түнгі электр қуаты | Электроэнергия в ночное время",
            "кВт*ч",
        ),
        GAS => ("Есеп-іш бойынша газ | Газ со счетчиком", "тг/м3"),
        COLD_WATER => ("Суық су есеп-іш | Холодная вода Счетчик", "тг/м3"),
        WASTE => ("ҚТҚ шығару | Вывоз ТБО", "тг/чел"),
        CAPITAL_REPAIR => (
            "Күрделі жөндеуге жинақ | Накопление на капитальный ремонт",
            "тг/м2",
        ),
        _ => ("", ""),
    }
}

/// One account of the dataset, derived from the seed and its id.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// The account number (`AccountId`).
    pub id: i32,
    /// Its state; never [`AccountStatus::NotFound`] (those ids have no [`Account`]).
    pub status: AccountStatus,
    /// Ф.И.О.
    pub name: String,
    /// Street (with its kind: «ул.», «пр.», «мкр.»).
    pub street: &'static str,
    /// House number.
    pub house: String,
    /// Flat number.
    pub flat: String,
    /// City district.
    pub district: &'static str,
    /// Tax-office code (KNO) of the district (illustrative).
    pub kno: i32,
    /// Residents (`CalculationParameter` 1).
    pub residents: u32,
    /// Heated area, m² (`CalculationParameter` 2).
    pub area: Decimal,
    /// Service codes, in invoice order.
    pub services: Vec<i32>,
    /// Whether the electricity meter has a night zone (service 23).
    pub two_zone: bool,
    /// Whether services 8 and 128 are on a second invoice.
    pub split_bill: bool,
    /// The bill pack (label) the account's invoices are in.
    pub label: i32,
}

impl Account {
    /// `Алматы қ.|г.Алматы, <street>, д. <house>, кв. <flat>`.
    pub fn address(&self) -> String {
        format!(
            "Алматы қ.|г.Алматы, {}, д. {}, кв. {}",
            self.street, self.house, self.flat
        )
    }

    /// Ф.И.О. and address, as the old structure's `AccountAddress` carries them.
    pub fn name_and_address(&self) -> String {
        format!("{}, {}", self.name, self.address())
    }
}

/// A tariff as sent on an invoice line (ReNew `Tariff`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineTariff {
    /// `MinTariffValue`.
    pub min: Decimal,
    /// `MiddleTariffValue`.
    pub middle: Decimal,
    /// `MaxTariffValue`.
    pub max: Decimal,
    /// `MinTariffThreshold` (K1 for electricity).
    pub min_threshold: Decimal,
    /// `MiddleTariffThreshold` (K2 for electricity).
    pub middle_threshold: Decimal,
}

/// One service line of an invoice.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceLine {
    /// Service code.
    pub service_id: i32,
    /// Bilingual name.
    pub name: &'static str,
    /// Unit.
    pub measure: &'static str,
    /// Metered service.
    pub counter: bool,
    /// Its supplier.
    pub supplier: Supplier,
    /// Tariff.
    pub tariff: LineTariff,
    /// Previous reading (metered services).
    pub prev_count: Option<Decimal>,
    /// Last reading, as estimated by ALSECO (metered services).
    pub last_count: Option<Decimal>,
    /// Date of the previous reading (D of the electricity formula: the previous period's last day).
    pub prev_count_date: Option<Date>,
    /// Quantity charged (`FixCount`).
    pub fix_count: Decimal,
    /// Electricity: quantities at Tmin, Tmid, Tmax.
    pub tier_counts: Option<[Decimal; 3]>,
    /// Electricity: amounts at Tmin, Tmid, Tmax.
    pub tier_calcs: Option<[Decimal; 3]>,
    /// The period's charge (`Calc`).
    pub charge: Decimal,
    /// Debt or overpayment carried over, ReNew sign: `> 0` overpayment, `< 0` debt.
    pub debt_sum: Decimal,
    /// Amount to pay: `charge − debt_sum`, not below zero.
    pub fix_sum: Decimal,
    /// Average payment of the last 3 months.
    pub avg_pay_sum: Decimal,
    /// Average consumption of the last 3 months.
    pub avg_count: Decimal,
    /// Transformation coefficient (electricity) or 1.
    pub t_koef: Decimal,
    /// `servValues` of this service: (name, SQL type, value).
    pub values: Vec<(&'static str, &'static str, String)>,
}

impl ServiceLine {
    /// The old structure's `DebtInfo` text (`< 0` overpayment there).
    pub fn debt_info(&self) -> Option<String> {
        if self.debt_sum < Decimal::ZERO {
            Some(format!("қарыз|долг {}", -self.debt_sum))
        } else if self.debt_sum > Decimal::ZERO {
            Some(format!("артық төлем|переплата {}", self.debt_sum))
        } else {
            None
        }
    }
}

/// One invoice (electronic bill) of an account for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct InvoiceRecord {
    /// The number as sent (`InvoceId`): `YYMM` + 8-digit serial, without the check digit.
    pub number: String,
    /// The 8-digit serial (`BillId` of GetBillPays).
    pub bill_id: i32,
    /// The account.
    pub account_id: i32,
    /// The period.
    pub period: Period,
    /// 0 for the main invoice, 1 for the second of a split bill.
    pub index: u8,
    /// When it was formed.
    pub formed_at: Timestamp,
    /// The service lines.
    pub lines: Vec<ServiceLine>,
}

impl InvoiceRecord {
    /// The printed barcode: the number and its check digit.
    pub fn barcode(&self) -> String {
        format!("{}{}", self.number, check_digit(&self.number))
    }

    /// The service codes, in order.
    pub fn service_ids(&self) -> Vec<i32> {
        self.lines.iter().map(|l| l.service_id).collect()
    }

    /// The sum of the lines' `FixSum`.
    pub fn total(&self) -> Decimal {
        self.lines.iter().map(|l| l.fix_sum).sum()
    }

    /// The formation time as an Astana wall-clock date-time.
    pub fn formed_civil(&self) -> DateTime {
        astana::civil(self.formed_at)
    }
}

/// The Luhn (mod 10) check digit of a string of ASCII digits — the sandbox's own invoice
/// check digit (ALSECO's algorithm is unpublished). Non-digits are ignored.
pub fn check_digit(digits: &str) -> u8 {
    let sum: u32 = digits
        .bytes()
        .filter(u8::is_ascii_digit)
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    // `sum % 10` is below 10.
    ((10 - sum % 10) % 10) as u8
}

/// Whether a full barcode (number and check digit) is valid under [`check_digit`].
pub fn is_valid_barcode(barcode: &str) -> bool {
    let b = barcode.trim();
    b.len() >= 2
        && b.bytes().all(|c| c.is_ascii_digit())
        && check_digit(&b[..b.len() - 1]) == b.as_bytes()[b.len() - 1] - b'0'
}

/// The dataset's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dataset {
    seed: u64,
    size: u32,
    first_account_id: i32,
    transition_day: i8,
}

/// The largest dataset.
pub const MAX_SIZE: u32 = 1_000_000;

const SERIAL_MOD: u64 = 100_000_000;

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn month_index(p: Period) -> i64 {
    i64::from(p.year()) * 12 + i64::from(p.month()) - 1
}

fn dec(n: i64, scale: u32) -> Decimal {
    Decimal::new(n, scale)
}

fn scaled(d: Decimal, scale: u32) -> Decimal {
    let mut x = d.round_dp(scale);
    x.rescale(scale);
    x
}

const SURNAMES: [&str; 24] = [
    "Ахметов",
    "Жумабаев",
    "Иванов",
    "Касымов",
    "Нурланов",
    "Сериков",
    "Петров",
    "Абдрахманов",
    "Омаров",
    "Сагинтаев",
    "Ким",
    "Тлеубаев",
    "Смирнов",
    "Бекмуханов",
    "Есенов",
    "Кузнецов",
    "Мусин",
    "Исабеков",
    "Попов",
    "Токтаров",
    "Байжанов",
    "Волков",
    "Ержанов",
    "Калиев",
];
const MALE_NAMES: [&str; 12] = [
    "Асхат",
    "Ерлан",
    "Нурлан",
    "Алексей",
    "Бахыт",
    "Даурен",
    "Сергей",
    "Марат",
    "Канат",
    "Игорь",
    "Руслан",
    "Темирлан",
];
const FEMALE_NAMES: [&str; 12] = [
    "Айгуль",
    "Гульнара",
    "Сауле",
    "Елена",
    "Динара",
    "Жанна",
    "Ольга",
    "Асель",
    "Мадина",
    "Наталья",
    "Алия",
    "Карлыгаш",
];
const FATHERS: [&str; 10] = [
    "Серик",
    "Болат",
    "Ерлан",
    "Владимир",
    "Арман",
    "Кайрат",
    "Николай",
    "Жанат",
    "Мурат",
    "Бакыт",
];
const STREETS: [(&str, &str); 24] = [
    ("пр. Абая", "Бостандыкский"),
    ("пр. Достык", "Медеуский"),
    ("ул. Толе би", "Алмалинский"),
    ("ул. Жандосова", "Ауэзовский"),
    ("пр. Сейфуллина", "Алмалинский"),
    ("ул. Манаса", "Бостандыкский"),
    ("ул. Тимирязева", "Бостандыкский"),
    ("пр. Аль-Фараби", "Бостандыкский"),
    ("ул. Розыбакиева", "Бостандыкский"),
    ("ул. Кабанбай батыра", "Алмалинский"),
    ("ул. Богенбай батыра", "Медеуский"),
    ("ул. Желтоксан", "Алмалинский"),
    ("ул. Гоголя", "Алмалинский"),
    ("ул. Жибек жолы", "Медеуский"),
    ("пр. Райымбека", "Жетысуский"),
    ("ул. Сатпаева", "Бостандыкский"),
    ("ул. Байзакова", "Алмалинский"),
    ("мкр. Самал-2", "Медеуский"),
    ("мкр. Орбита-1", "Бостандыкский"),
    ("мкр. Аксай-4", "Ауэзовский"),
    ("ул. Саина", "Ауэзовский"),
    ("пр. Рыскулова", "Жетысуский"),
    ("ул. Навои", "Бостандыкский"),
    ("мкр. Шанырак-2", "Алатауский"),
];

fn district_kno(district: &str) -> i32 {
    match district {
        "Алмалинский" => 6001,
        "Ауэзовский" => 6002,
        "Бостандыкский" => 6003,
        "Жетысуский" => 6004,
        "Медеуский" => 6005,
        "Алатауский" => 6006,
        _ => 6010,
    }
}

/// Patronymic from a father's name, Russian style.
fn patronymic(father: &str, female: bool) -> String {
    let suffix = if female { "овна" } else { "ович" };
    let stem = father
        .strip_suffix('й')
        .map_or_else(|| father.to_owned(), |s| format!("{s}е"));
    if father.ends_with('й') {
        let vsuffix = if female { "вна" } else { "вич" };
        format!("{stem}{vsuffix}")
    } else {
        format!("{stem}{suffix}")
    }
}

impl Dataset {
    /// A dataset of `size` accounts (clamped to `1..=`[`MAX_SIZE`]) numbered from
    /// `first_account_id`, for a service whose period switch completes after day
    /// `transition_day` of the month (clamped to `0..=20`).
    pub fn new(seed: u64, size: u32, first_account_id: i32, transition_day: i8) -> Self {
        let size = size.clamp(1, MAX_SIZE);
        let first_account_id = first_account_id.clamp(1, i32::MAX - MAX_SIZE as i32);
        Dataset {
            seed,
            size,
            first_account_id,
            transition_day: transition_day.clamp(0, 20),
        }
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The number of account ids.
    pub fn size(&self) -> u32 {
        self.size
    }

    /// The first account id (always active, with every service).
    pub fn first_account_id(&self) -> i32 {
        self.first_account_id
    }

    /// The last day of a month on which the service still reports the previous period.
    pub fn transition_day(&self) -> i8 {
        self.transition_day
    }

    /// Every account id of the range (including holes: check [`Dataset::status`]).
    pub fn account_ids(&self) -> impl Iterator<Item = i32> + use<> {
        let first = self.first_account_id;
        (0..self.size as i32).map(move |i| first + i)
    }

    fn h(&self, tag: u64, a: u64, b: u64) -> u64 {
        mix(self.seed ^ mix(tag ^ mix(a ^ mix(b))))
    }

    fn index(&self, id: i32) -> Option<u32> {
        let i = i64::from(id) - i64::from(self.first_account_id);
        (0..i64::from(self.size)).contains(&i).then_some(i as u32)
    }

    /// The state of an account id.
    pub fn status(&self, id: i32) -> AccountStatus {
        let Some(index) = self.index(id) else {
            return AccountStatus::NotFound;
        };
        if index == 0 {
            return AccountStatus::Active;
        }
        match self.h(1, u64::from(index), 0) % 100 {
            0..=2 => AccountStatus::NotFound,
            3..=4 => AccountStatus::Deleted,
            5..=6 => AccountStatus::Merged,
            _ => AccountStatus::Active,
        }
    }

    /// The first account id (from the start of the range) with this state, if any.
    pub fn find_account(&self, status: AccountStatus) -> Option<i32> {
        self.account_ids().find(|&id| self.status(id) == status)
    }

    /// The account with this id; `None` when there is none ([`AccountStatus::NotFound`]).
    pub fn account(&self, id: i32) -> Option<Account> {
        let status = self.status(id);
        if status == AccountStatus::NotFound {
            return None;
        }
        let index = self.index(id)?;
        let i = u64::from(index);
        let r = |tag: u64| self.h(tag, i, 0);
        let female = r(2) % 2 == 0;
        let surname = SURNAMES[(r(3) % SURNAMES.len() as u64) as usize];
        let surname = if female && !surname.ends_with("Ким") {
            format!("{surname}а")
        } else {
            surname.to_owned()
        };
        let first = if female {
            FEMALE_NAMES[(r(4) % FEMALE_NAMES.len() as u64) as usize]
        } else {
            MALE_NAMES[(r(4) % MALE_NAMES.len() as u64) as usize]
        };
        let father = FATHERS[(r(5) % FATHERS.len() as u64) as usize];
        let name = format!("{surname} {first} {}", patronymic(father, female));
        let (street, district) = STREETS[(r(6) % STREETS.len() as u64) as usize];
        let residents = 1 + (r(7) % 5) as u32;
        let area = dec(300 + (r(8) % 900) as i64, 1);
        let all = index == 0;
        let two_zone = all || r(9) % 2 == 0;
        let mut services = vec![ELECTRICITY_DAY];
        if two_zone {
            services.push(ELECTRICITY_NIGHT);
        }
        if all || r(10) % 10 < 6 {
            services.push(GAS);
        }
        if all || r(11) % 10 < 8 {
            services.push(COLD_WATER);
        }
        services.push(WASTE);
        let capital = all || r(12) % 10 < 4;
        if capital {
            services.push(CAPITAL_REPAIR);
        }
        let split_bill = all || (capital && r(13) % 2 == 0);
        Some(Account {
            id,
            status,
            name,
            street,
            house: format!("{}", 1 + r(14) % 180),
            flat: format!("{}", 1 + r(15) % 140),
            district,
            kno: district_kno(district),
            residents,
            area,
            services,
            two_zone,
            split_bill,
            label: (index / PACK_SIZE) as i32 + 1,
        })
    }

    /// The period the service reports on `today` (Astana date): the calendar month, except on
    /// days `1..=transition_day`, when the switch to it is not complete yet and the previous
    /// month is still open.
    pub fn current_period(&self, today: Date) -> Period {
        let calendar = Period::of(today).unwrap_or_else(|_| history_start());
        if today.day() <= self.transition_day {
            calendar.previous().unwrap_or(calendar)
        } else {
            calendar
        }
    }

    /// When the invoices of `account_id` for `period` are formed: on a day in
    /// `transition_day + 1 ..= transition_day + 7` of the month, between 08:00 and 18:00 Astana
    /// time.
    pub fn formed_at(&self, account_id: i32, period: Period) -> Timestamp {
        let m = month_index(period) as u64;
        let r = self.h(20, u64::from(account_id as u32), m);
        let day = i64::from(self.transition_day) + 1 + (r % 7) as i64;
        let last = i64::from(period.last_day().day());
        let day = day.min(last) as i8;
        let hour = 8 + ((r >> 8) % 10) as i8;
        let minute = ((r >> 16) % 60) as i8;
        let civil = jiff::civil::date(period.year(), period.month(), day).at(hour, minute, 0, 0);
        civil
            .to_zoned(astana::time_zone())
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn serial_offset(&self, period: Period) -> u64 {
        self.h(30, month_index(period) as u64, 0) % SERIAL_MOD
    }

    fn number(&self, index: u32, invoice: u8, period: Period) -> (String, i32) {
        let n = u64::from(index) * 2 + u64::from(invoice);
        let serial = (n + self.serial_offset(period)) % SERIAL_MOD;
        let yymm = format!("{:02}{:02}", period.year() % 100, period.month());
        (format!("{yymm}{serial:08}"), serial as i32)
    }

    /// The invoices of an account for a period, whether or not formed yet (compare
    /// [`InvoiceRecord::formed_at`] with the clock). Empty for unknown, deleted or merged
    /// accounts and for periods before [`history_start`].
    pub fn invoices(&self, account_id: i32, period: Period) -> Vec<InvoiceRecord> {
        let Some(account) = self.account(account_id) else {
            return Vec::new();
        };
        if account.status != AccountStatus::Active || period < history_start() {
            return Vec::new();
        }
        let Some(index) = self.index(account_id) else {
            return Vec::new();
        };
        let formed_at = self.formed_at(account_id, period);
        let lines: Vec<ServiceLine> = self.lines(&account, index, period);
        let (first, second): (Vec<_>, Vec<_>) = if account.split_bill {
            lines
                .into_iter()
                .partition(|l| l.service_id != WASTE && l.service_id != CAPITAL_REPAIR)
        } else {
            (lines, Vec::new())
        };
        let mut out = Vec::new();
        for (k, lines) in [first, second].into_iter().enumerate() {
            if lines.is_empty() {
                continue;
            }
            let (number, bill_id) = self.number(index, k as u8, period);
            out.push(InvoiceRecord {
                number,
                bill_id,
                account_id,
                period,
                index: k as u8,
                formed_at,
                lines,
            });
        }
        out
    }

    /// The invoice with this number (without its check digit), formed or not.
    pub fn find_invoice(&self, number: &str) -> Option<InvoiceRecord> {
        let n = number.trim();
        if n.len() != 12 || !n.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let yy: i32 = n[..2].parse().ok()?;
        let mm: i32 = n[2..4].parse().ok()?;
        let period = Period::new(2000 + yy, mm).ok()?;
        let serial: u64 = n[4..].parse().ok()?;
        let k = (serial + SERIAL_MOD - self.serial_offset(period)) % SERIAL_MOD;
        let index = u32::try_from(k / 2).ok()?;
        if index >= self.size {
            return None;
        }
        let id = self.first_account_id + index as i32;
        self.invoices(id, period)
            .into_iter()
            .find(|inv| inv.number == n)
    }

    /// The invoice with this `BillId` (serial) in a period.
    pub fn find_bill(&self, bill_id: i32, period: Period) -> Option<InvoiceRecord> {
        let yymm = format!("{:02}{:02}", period.year() % 100, period.month());
        self.find_invoice(&format!("{yymm}{:08}", u32::try_from(bill_id).ok()?))
            // YYMM has no century: 2125-04 must not find 2025-04's bill.
            .filter(|invoice| invoice.period == period)
    }

    /// A meter reading at the end of month `m`: increasing, with a monthly consumption of
    /// `avg ± avg/4`.
    fn reading(&self, tag: u64, index: u32, base: i64, avg: i64, m: i64) -> i64 {
        let rel = m - month_index(history_start()) + 1;
        let jitter = (self.h(tag, u64::from(index), m as u64) % (avg as u64 / 2 + 1)) as i64;
        base + rel * avg + jitter
    }

    fn lines(&self, account: &Account, index: u32, period: Period) -> Vec<ServiceLine> {
        let i = u64::from(index);
        let m = month_index(period);
        let q = i64::from(account.residents);
        let prev_date = period.previous().map(|p| p.last_day());
        let mut lines = Vec::new();
        let debt = |service: i32| -> Decimal {
            let r = self.h(40, i, (m as u64) << 8 | service as u64);
            match r % 100 {
                0..=9 => -dec(5000 + (r >> 8) as i64 % 500_000, 2),
                10..=14 => dec(1000 + (r >> 8) as i64 % 100_000, 2),
                _ => Decimal::ZERO,
            }
        };
        let avg_factor = |service: i32| -> Decimal {
            dec(
                90 + (self.h(41, i, (m as u64) << 8 | service as u64) % 21) as i64,
                2,
            )
        };
        let make = |service_id: i32,
                    counter: bool,
                    tariff: LineTariff,
                    prev: Option<i64>,
                    last: Option<i64>,
                    fix_count: Decimal,
                    charge: Decimal|
         -> ServiceLine {
            let (name, measure) = service_name(service_id);
            let debt_sum = debt(service_id);
            let fix_sum = calc::round_amount((charge - debt_sum).max(Decimal::ZERO));
            let f = avg_factor(service_id);
            ServiceLine {
                service_id,
                name,
                measure,
                counter,
                supplier: supplier(service_id).unwrap_or(SUPPLIERS[0].1),
                tariff,
                prev_count: prev.map(|p| dec(p, 0)),
                last_count: last.map(|l| dec(l, 0)),
                prev_count_date: if counter { prev_date } else { None },
                fix_count: scaled(fix_count, 3),
                tier_counts: None,
                tier_calcs: None,
                charge: calc::round_amount(charge),
                debt_sum,
                fix_sum,
                avg_pay_sum: calc::round_amount(charge * f),
                avg_count: scaled(fix_count * f, 3),
                t_koef: dec(100, 2),
                values: vec![(
                    "service_supplier",
                    "integer",
                    supplier(service_id).map_or(0, |s| s.code).to_string(),
                )],
            }
        };

        // Electricity, day and night.
        let day_avg = 120 + (self.h(50, i, 0) % 200) as i64;
        let night_avg = 40 + (self.h(51, i, 0) % 80) as i64;
        let day_base = 1000 + (self.h(52, i, 0) % 20000) as i64;
        let night_base = 500 + (self.h(53, i, 0) % 8000) as i64;
        let y = self.reading(54, index, day_base, day_avg, m - 1);
        let x = self.reading(54, index, day_base, day_avg, m);
        let y1 = self.reading(55, index, night_base, night_avg, m - 1);
        let x1 = self.reading(55, index, night_base, night_avg, m);
        let e_tariff = LineTariff {
            min: ELECTRICITY_TMIN,
            middle: ELECTRICITY_TMID,
            max: ELECTRICITY_TMAX,
            min_threshold: ELECTRICITY_K1,
            middle_threshold: ELECTRICITY_K2,
        };
        let input = ElectricityInput {
            tariff: Tariff::tiered(ELECTRICITY_TMIN, ELECTRICITY_TMID, ELECTRICITY_TMAX),
            norms: Norms {
                k1: ELECTRICITY_K1,
                k2: ELECTRICITY_K2,
            },
            residents: account.residents,
            previous_reading_date: prev_date.unwrap_or(period.first_day()),
            reading_date: period.last_day(),
            transformation_coefficient: Decimal::ONE,
            day: DayZone {
                previous: dec(y, 0),
                last: dec(x, 0),
                losses: Decimal::ZERO,
            },
            night: account.two_zone.then_some(NightZone {
                previous: dec(y1, 0),
                last: dec(x1, 0),
                losses: Decimal::ZERO,
                tariff_min: None,
            }),
        };
        let amount = calc::calculate(&input).ok();
        let (k01, k02) = amount.map_or((Decimal::ZERO, Decimal::ZERO), |a| (a.norm1, a.norm2));
        let split = |from: Decimal, p: Decimal| -> [Decimal; 3] {
            let to = from + p;
            let seg = |lo: Decimal, hi: Option<Decimal>| {
                let a = from.max(lo);
                let b = hi.map_or(to, |h| to.min(h));
                (b - a).max(Decimal::ZERO)
            };
            [
                seg(Decimal::ZERO, Some(k01)),
                seg(k01, Some(k02)),
                seg(k02, None),
            ]
        };
        let p1 = dec(x - y, 0);
        let day_counts = split(Decimal::ZERO, p1);
        let tariffs = [ELECTRICITY_TMIN, ELECTRICITY_TMID, ELECTRICITY_TMAX];
        let calcs = |c: [Decimal; 3]| -> [Decimal; 3] {
            [0, 1, 2].map(|k| calc::round_amount(c[k] * tariffs[k]))
        };
        let day_charge = amount.map_or(Decimal::ZERO, |a| a.day.amount);
        let mut day = make(
            ELECTRICITY_DAY,
            true,
            e_tariff,
            Some(y),
            Some(x),
            p1,
            day_charge,
        );
        day.tier_counts = Some(day_counts);
        day.tier_calcs = Some(calcs(day_counts));
        lines.push(day);
        if account.two_zone {
            let p2 = dec(x1 - y1, 0);
            let night_counts = split(p1, p2);
            let night_charge = amount
                .and_then(|a| a.night)
                .map_or(Decimal::ZERO, |n| n.amount);
            let mut night = make(
                ELECTRICITY_NIGHT,
                true,
                e_tariff,
                Some(y1),
                Some(x1),
                p2,
                night_charge,
            );
            night.tier_counts = Some(night_counts);
            night.tier_calcs = Some(calcs(night_counts));
            lines.push(night);
        }

        if account.services.contains(&GAS) {
            let avg = 10 + (self.h(60, i, 0) % 70) as i64;
            let base = 100 + (self.h(61, i, 0) % 5000) as i64;
            let prev = self.reading(62, index, base, avg, m - 1);
            let last = self.reading(62, index, base, avg, m);
            let temp = match period.month() {
                12 | 1 | 2 => dec(1050, 3),
                11 | 3 => dec(1020, 3),
                _ => dec(1000, 3),
            };
            let fix = dec(last - prev, 0);
            let charge = fix * GAS_TARIFF * temp;
            let t = LineTariff {
                min: GAS_TARIFF,
                ..LineTariff::default()
            };
            let mut line = make(GAS, true, t, Some(prev), Some(last), fix, charge);
            line.values
                .push(("TempKoef", "decimal(10,3)", scaled(temp, 3).to_string()));
            lines.push(line);
        }

        if account.services.contains(&COLD_WATER) {
            let avg = q * (2 + (self.h(70, i, 0) % 3) as i64);
            let base = 10 + (self.h(71, i, 0) % 900) as i64;
            let prev = self.reading(72, index, base, avg, m - 1);
            let last = self.reading(72, index, base, avg, m);
            let mut rest = last - prev;
            let mut cons = [0i64; 4];
            for (k, size) in WATER_TIERS.iter().enumerate() {
                let take = rest.min(size * q);
                cons[k] = take;
                rest -= take;
            }
            cons[3] = rest;
            let charge: Decimal = (0..4).map(|k| dec(cons[k], 0) * WATER_TARIFFS[k]).sum();
            let t = LineTariff {
                min: WATER_TARIFFS[0],
                ..LineTariff::default()
            };
            let fix = dec(last - prev, 0);
            let mut line = make(COLD_WATER, true, t, Some(prev), Some(last), fix, charge);
            for (k, c) in cons.iter().enumerate() {
                let name = [
                    "Consumption1",
                    "Consumption2",
                    "Consumption3",
                    "Consumption4",
                ][k];
                line.values
                    .push((name, "decimal(15,3)", scaled(dec(*c, 0), 3).to_string()));
            }
            for (k, t) in WATER_TARIFFS.iter().enumerate() {
                let name = [
                    "Tarif_Value1",
                    "Tarif_Value2",
                    "Tarif_Value3",
                    "Tarif_Value4",
                ][k];
                line.values.push((name, "decimal(9,4)", t.to_string()));
            }
            let control_m = m - 1 - (self.h(73, i, m as u64) % 6) as i64;
            let control = self.reading(72, index, base, avg, control_m);
            let cp =
                Period::new((control_m / 12) as i32, (control_m % 12) as i32 + 1).unwrap_or(period);
            let cday = 10 + (self.h(74, i, control_m as u64) % 15) as i8;
            line.values.push((
                "Control_Pok",
                "decimal(20,3)",
                scaled(dec(control, 0), 3).to_string(),
            ));
            line.values.push((
                "Control_Date",
                "date",
                jiff::civil::date(cp.year(), cp.month(), cday).to_string(),
            ));
            lines.push(line);
        }

        let q_dec = dec(q, 0);
        let t = LineTariff {
            min: WASTE_RATE,
            ..LineTariff::default()
        };
        lines.push(make(WASTE, false, t, None, None, q_dec, WASTE_RATE * q_dec));
        if account.services.contains(&CAPITAL_REPAIR) {
            let t = LineTariff {
                min: CAPITAL_REPAIR_RATE,
                ..LineTariff::default()
            };
            let charge = CAPITAL_REPAIR_RATE * account.area;
            lines.push(make(
                CAPITAL_REPAIR,
                false,
                t,
                None,
                None,
                account.area,
                charge,
            ));
        }
        lines
    }

    /// The information strings (`InfoStrigList`) of an invoice.
    pub fn info_strings(&self, invoice: &InvoiceRecord) -> Vec<String> {
        let mut out = Vec::new();
        if invoice
            .lines
            .iter()
            .any(|l| l.service_id == ELECTRICITY_DAY)
        {
            let year = 2026 + (self.h(80, invoice.account_id as u64, 0) % 6) as i32;
            out.push(format!(
                "Срок поверки счетчика электроэнергии до 31.12.{year}"
            ));
        }
        if invoice.lines.iter().any(|l| l.service_id == WASTE) {
            out.push(format!(
                "Период потребления: {:02}.{}",
                invoice.period.month(),
                invoice.period.year()
            ));
        }
        out
    }

    /// The capital-repair savings account (IBAN) of the account's house (`CalcAccount` of
    /// GetPaymentsNKR; illustrative).
    pub fn house_account(&self, account: &Account) -> String {
        let street = STREETS
            .iter()
            .position(|(s, _)| *s == account.street)
            .unwrap_or(0) as u64;
        let house: u64 = account.house.parse().unwrap_or(0);
        let r = self.h(90, street, house);
        format!("KZ{:02}601{:013}", r % 100, (r >> 8) % 10_000_000_000_000)
    }

    /// The bill pack labels (in order).
    pub fn labels(&self) -> Vec<i32> {
        let packs = self.size.div_ceil(PACK_SIZE);
        (1..=packs as i32).collect()
    }

    /// The account ids of a bill pack.
    pub fn pack_accounts(&self, label: i32) -> Vec<i32> {
        let Ok(label) = u32::try_from(label) else {
            return Vec::new();
        };
        if label == 0 {
            return Vec::new();
        }
        let start = (label - 1).saturating_mul(PACK_SIZE);
        let end = start.saturating_add(PACK_SIZE).min(self.size);
        (start..end)
            .map(|i| self.first_account_id + i as i32)
            .collect()
    }
}
