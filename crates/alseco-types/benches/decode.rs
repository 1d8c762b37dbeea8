//! Decode throughput of the two largest responses of the service, against a floor and a
//! baseline, in one criterion group per document:
//!
//! - `a_tokenizer`: the bare `xmlparser::Tokenizer` over the document, every token consumed —
//!   the floor (it builds nothing, resolves nothing, checks nothing beyond well-formedness);
//! - `b_typed`: `decode_response::<Op>` of the bytes into the generated types;
//! - `c_quick_xml_serde`: `std::str::from_utf8` then `quick_xml::de::from_str` into
//!   hand-written serde structs with the same fields and the same Rust types as the generated
//!   ones (Decimal through `rust_decimal::serde::str`, dates through the runtime's own
//!   `DateTime` parser). (b) and (c) both start from the bytes off the wire, so both pay for
//!   the UTF-8 check; the floor is handed the `&str`, so it does not.
//!
//! After each group a summary prints the two ratios of the targets (typed / tokenizer ≥ 0.5,
//! typed / quick-xml+serde ≥ 1.5, as throughput) from the totals of every timed batch.
//!
//! The documents are built here, deterministically: a `GetInvoicesByAccountsLastVers`
//! response of 10,000 accounts and a `GetBillInfo` response of 50,000 bills, shaped as the
//! spec's examples (`fixtures/spec/*.response.xml`) but written without indentation, as
//! ASMX sends them. Before timing, (b) and (c) are checked to decode the same counts and the
//! same sums of amounts.
//!
//! Run: `cargo bench -p alseco-types --bench decode`. Results: `BENCHMARKS.md`.

use alseco_types::messages::{GetBillInfo, GetInvoicesByAccountsLastVers};
use alseco_types::operation::decode_response;
use alseco_types::scalars::DateTime;
use alseco_types::types::AccountInvoicesState;
use alseco_types::xml::Limits;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{Bencher, BenchmarkId, Criterion, Throughput};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::Mutex;
use std::time::Duration;

const NS: &str = "http://www.alseco.kz/AlsecoPaymentsService/";
const ACCOUNTS: usize = 10_000;
const BILLS: usize = 50_000;

// ---------------------------------------------------------------------------------------
// Synthetic documents
// ---------------------------------------------------------------------------------------

/// splitmix64: a fixed seed gives the same document on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

const NAMES: &[&str] = &[
    "плательщик ",
    "Иванов Иван Иванович",
    "Сейтказиева Айгерим Нурлановна",
    "Ким Олег Викторович",
    "Нұрланұлы Ерлан",
    "Петрова Ольга Сергеевна",
    "Жумабаев Асхат Маратович",
    "ТОО &quot;Алтын Дән&quot;",
];

const STREETS: &[&str] = &[
    "мкр. Самал-2",
    "ул. Абая",
    "пр. Достык",
    "ул. Төле би",
    "мкр. Орбита-3",
    "ул. Жандосова",
];

/// (ServiceId, ServiceName, IsCounterService, Measure) — services as the spec shows them.
const SERVICES: &[(u32, &str, bool, &str)] = &[
    (37, "Есеп-іш бойынша газ | Газ со счетчиком", false, "тг/м3"),
    (
        12,
        "Суық су есептегішпен | Холодная вода Счетчик",
        true,
        "тг/м3",
    ),
    (14, "Электр энергиясы | Электроэнергия", true, "тг/кВт*ч"),
    (8, "Жылыту | Отопление", false, "тг/м2"),
    (
        22,
        "Қоқыс шығару | Вывоз ТБО ТОО &quot;Тазалық&quot;",
        false,
        "тг/чел",
    ),
    (25, "Лифт | Обслуживание лифта", false, "тг/кв"),
    (18, "Телефон | Телефон &amp; интернет", false, "тг"),
];

/// (ValueName, ValueType) of servValues items.
const SERV_VALUES: &[(&str, &str)] = &[
    ("TempKoef", "decimal(10,3)"),
    ("Consumption1", "decimal(15,3)"),
    ("Consumption2", "decimal(15,3)"),
    ("Tarif_Value1", "decimal(9,4)"),
    ("Tarif_Value2", "decimal(9,4)"),
    ("Control_Pok", "decimal(20,3)"),
    ("Control_Date", "date"),
    ("service_supplier", "integer"),
];

/// `cents` as a two-digit decimal, `1234` → `12.34`.
fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// `milli` as a three-digit decimal, `1850000` → `1850.000`.
fn count(milli: u64) -> String {
    format!("{}.{:03}", milli / 1000, milli % 1000)
}

/// A nillable element: its value, or `xsi:nil="true"`.
fn nillable(out: &mut String, name: &str, value: Option<String>) {
    match value {
        Some(v) => write!(out, "<{name}>{v}</{name}>").unwrap(),
        None => write!(out, "<{name} xsi:nil=\"true\"/>").unwrap(),
    }
}

fn service_line(out: &mut String, rng: &mut Rng) {
    let &(id, name, counter, measure) = rng.pick(SERVICES);
    let prev = rng.range(100_000, 5_000_000);
    let used = rng.range(1_000, 60_000);
    let last = prev + used;
    let tariff = rng.range(500, 15_000);
    let calc = used * tariff / 1000;
    let by_abonent = rng.chance(30);
    write!(
        out,
        "<InvoiceParametersReNew><ServiceId>{id}</ServiceId><ServiceName>{name}</ServiceName>\
         <IsCounterService>{counter}</IsCounterService><Measure>{measure}</Measure>\
         <CheckCount><LastCount>"
    )
    .unwrap();
    nillable(out, "LastCountAbonent", by_abonent.then(|| count(last)));
    write!(out, "<LastCountAlseco>{}</LastCountAlseco>", count(last)).unwrap();
    nillable(
        out,
        "LastCountDateAbonent",
        by_abonent.then(|| "2025-03-25T00:00:00".to_owned()),
    );
    out.push_str(
        "<LastCountDateAlseco>2025-03-31T00:00:00</LastCountDateAlseco></LastCount><PrevCount>",
    );
    nillable(out, "PrevCountAbonent", by_abonent.then(|| count(prev)));
    write!(out, "<PrevCountAlseco>{}</PrevCountAlseco>", count(prev)).unwrap();
    nillable(
        out,
        "PrevCountDateAbonent",
        by_abonent.then(|| "2025-02-25T00:00:00".to_owned()),
    );
    write!(
        out,
        "<PrevCountDateAlseco>2025-02-28T00:00:00</PrevCountDateAlseco></PrevCount>\
         <QuantityCount><QuantityCount>{}</QuantityCount><MinQuantityCount xsi:nil=\"true\"/>\
         <MaxQuantityCount xsi:nil=\"true\"/><LossesCount xsi:nil=\"true\"/>\
         <MiddleQuantityCount xsi:nil=\"true\"/></QuantityCount></CheckCount>\
         <Tariff><MinTariffValue>{}</MinTariffValue><MaxTariffValue>0.00</MaxTariffValue>\
         <MinTariffThreshold>0.00</MinTariffThreshold><MiddleTariffValue>0.00</MiddleTariffValue>\
         <MiddleTariffThreshold>0.00</MiddleTariffThreshold></Tariff>\
         <Calc><Calc>{}</Calc><MinCalc xsi:nil=\"true\"/><MaxCalc xsi:nil=\"true\"/>\
         <MiddleCalc xsi:nil=\"true\"/></Calc><ExpireDateInfo/>\
         <AvgPaySum>{}</AvgPaySum><AvgCount>{}</AvgCount><LastCount>{}</LastCount>\
         <PrevCount>{}</PrevCount><FixCount>{}</FixCount><FixSum>{}</FixSum><DebtInfo/>",
        count(used),
        money(tariff),
        money(calc),
        money(calc * rng.range(80, 120) / 100),
        count(used * rng.range(80, 120) / 100),
        count(last),
        count(prev),
        count(used),
        money(calc),
    )
    .unwrap();
    let debt = rng.chance(20).then(|| money(rng.range(100, 50_000)));
    nillable(out, "DebtSum", debt);
    out.push_str("<DebtSumAbonent xsi:nil=\"true\"/>");
    let peni = rng.chance(5).then(|| money(rng.range(1, 2_000)));
    nillable(out, "PeniSum", peni);
    out.push_str(
        "<TKoef>1.00</TKoef><ReCalc><ReCalcKvtCount xsi:nil=\"true\"/>\
         <ReCalcSum xsi:nil=\"true\"/></ReCalc>",
    );
    let prev_date = rng.chance(10).then(|| "2025-02-28T00:00:00".to_owned());
    nillable(out, "PrevCountDate", prev_date);
    out.push_str("</InvoiceParametersReNew>");
}

fn invoice(out: &mut String, rng: &mut Rng, number: u64) {
    out.push_str("<InvoiceLastVers><InfoStrigList>");
    if rng.chance(15) {
        out.push_str("<string>Поверка счетчика до 12.2026 | Есептегішті тексеру</string>");
    }
    out.push_str("</InfoStrigList><servValues>");
    for _ in 0..rng.range(2, 5) {
        let &(name, ty) = rng.pick(SERV_VALUES);
        let value = match ty {
            "date" => "2024-09-19".to_owned(),
            "integer" => rng.range(1, 999).to_string(),
            _ => count(rng.range(0, 2_000_000)),
        };
        write!(
            out,
            "<ServiceValueItem><ServId>{}</ServId><ValueName>{name}</ValueName>\
             <ValueType>{ty}</ValueType><Value>{value}</Value></ServiceValueItem>",
            rng.pick(SERVICES).0
        )
        .unwrap();
    }
    write!(
        out,
        "</servValues><InvoceId>2504{number:08}</InvoceId><FormedYear>2025</FormedYear>\
         <FormedMonth>4</FormedMonth><FormedDate>2025-04-07T14:45:00</FormedDate>\
         <ExpireDate>2025-04-30T00:00:00</ExpireDate><InvoiceParameters>"
    )
    .unwrap();
    for _ in 0..rng.range(3, 5) {
        service_line(out, rng);
    }
    out.push_str("</InvoiceParameters></InvoiceLastVers>");
}

/// A SOAP 1.2 `GetInvoicesByAccountsLastVers` response of `accounts` accounts.
fn last_vers_document(accounts: usize) -> String {
    let mut rng = Rng(0x0A15_EC00_2025_0407);
    let mut out = String::with_capacity(accounts * 16 * 1024);
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
         <soap:Envelope xmlns:soap=\"http://www.w3.org/2003/05/soap-envelope\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soap:Body>\
         <GetInvoicesByAccountsLastVersResponse xmlns=\"{NS}\">\
         <GetInvoicesByAccountsLastVersResult>"
    )
    .unwrap();
    let mut invoice_number = 0;
    for i in 0..accounts as u64 {
        let id = 600_000 + i * 7;
        write!(
            out,
            "<ResultAccountInvoicesLastVersOfInt32><InputValue>{id}</InputValue>\
             <State>Success</State><AccountInvoices><AccountId>{id}</AccountId>\
             <AccountName>{}</AccountName>\
             <AccountAddress>Алматы қ.|г.Алматы, {}, д. {}, кв. {}</AccountAddress><Invoices>",
            rng.pick(NAMES),
            rng.pick(STREETS),
            rng.range(1, 200),
            rng.range(1, 300),
        )
        .unwrap();
        for _ in 0..rng.range(1, 2) {
            invoice_number += 1;
            invoice(&mut out, &mut rng, invoice_number);
        }
        write!(
            out,
            "</Invoices><CalculationParameters><CalculationParameter><ParameterId>1</ParameterId>\
             <ParameterName>Количество проживающих</ParameterName>\
             <ParameterValue>{}.000</ParameterValue></CalculationParameter>",
            rng.range(1, 6)
        )
        .unwrap();
        if rng.chance(60) {
            write!(
                out,
                "<CalculationParameter><ParameterId>2</ParameterId>\
                 <ParameterName>Отапливаемая площадь</ParameterName>\
                 <ParameterValue>{}</ParameterValue></CalculationParameter>",
                count(rng.range(25_000, 180_000))
            )
            .unwrap();
        }
        out.push_str(
            "</CalculationParameters></AccountInvoices></ResultAccountInvoicesLastVersOfInt32>",
        );
    }
    out.push_str(
        "</GetInvoicesByAccountsLastVersResult></GetInvoicesByAccountsLastVersResponse>\
         </soap:Body></soap:Envelope>",
    );
    out
}

/// A SOAP 1.1 `GetBillInfo` response of `bills` bills.
fn bill_info_document(bills: usize) -> String {
    let mut rng = Rng(0x0B11_1F00_2025_0407);
    let mut out = String::with_capacity(bills * 320);
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
         <soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soap:Body>\
         <GetBillInfoResponse xmlns=\"{NS}\"><GetBillInfoResult>\
         <exRes><Executed>true</Executed><ErrorMessage/><StackTrace/></exRes><list>"
    )
    .unwrap();
    for i in 0..bills as u64 {
        let name = if rng.chance(30) { "" } else { rng.pick(NAMES) };
        write!(
            out,
            "<BillInfo><accountId>{}</accountId><accountName>{name}</accountName>\
             <accountAddress>Алматы қ.|г.Алматы, {}, д. {}, кв. {}</accountAddress>\
             <invoiceId>2504{:08}</invoiceId><fixSum>{}</fixSum></BillInfo>",
            4_000 + i * 3,
            rng.pick(STREETS),
            rng.range(1, 200),
            rng.range(1, 300),
            i + 1,
            money(rng.range(0, 10_000_000)),
        )
        .unwrap();
    }
    out.push_str("</list></GetBillInfoResult></GetBillInfoResponse></soap:Body></soap:Envelope>");
    out
}

// ---------------------------------------------------------------------------------------
// The quick-xml + serde baseline: the generated types' fields, written by hand for serde.
// Arrays are wrapper structs (`<Invoices><InvoiceLastVers/>…</Invoices>`), as quick-xml
// needs them; namespaces are not checked (quick-xml matches local names).
// ---------------------------------------------------------------------------------------

fn date_time<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime, D::Error> {
    let text = String::deserialize(d)?;
    text.trim().parse().map_err(serde::de::Error::custom)
}

/// An `xs:dateTime` read through the runtime's own parser, so both decoders build the same type.
#[derive(Debug)]
struct Dt(#[allow(dead_code)] DateTime);

impl<'de> Deserialize<'de> for Dt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        date_time(d).map(Dt)
    }
}

fn state<'de, D: Deserializer<'de>>(d: D) -> Result<AccountInvoicesState, D::Error> {
    let text = String::deserialize(d)?;
    Ok(AccountInvoicesState::from_wire(text.trim()))
}

mod serde_last_vers {
    use super::*;

    #[derive(Debug, Deserialize)]
    pub(crate) struct Envelope {
        #[serde(rename = "Body")]
        pub(crate) body: Body,
    }

    #[derive(Debug, Deserialize)]
    pub(crate) struct Body {
        #[serde(rename = "GetInvoicesByAccountsLastVersResponse")]
        pub(crate) response: Response,
    }

    #[derive(Debug, Deserialize)]
    pub(crate) struct Response {
        #[serde(rename = "GetInvoicesByAccountsLastVersResult", default)]
        pub(crate) result: ResultList,
    }

    #[derive(Debug, Default, Deserialize)]
    pub(crate) struct ResultList {
        #[serde(rename = "ResultAccountInvoicesLastVersOfInt32", default)]
        pub(crate) items: Vec<ResultAccountInvoicesLastVersOfInt32>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct ResultAccountInvoicesLastVersOfInt32 {
        #[serde(rename = "InputValue")]
        pub(crate) input_value: i32,
        #[serde(rename = "State", deserialize_with = "state")]
        pub(crate) state: AccountInvoicesState,
        #[serde(rename = "AccountInvoices")]
        pub(crate) account_invoices: Option<AccountInvoicesLastVers>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct AccountInvoicesLastVers {
        #[serde(rename = "AccountId")]
        pub(crate) account_id: i32,
        #[serde(rename = "AccountName")]
        pub(crate) account_name: Option<String>,
        #[serde(rename = "AccountAddress")]
        pub(crate) account_address: Option<String>,
        #[serde(rename = "Invoices", default)]
        pub(crate) invoices: Invoices,
        #[serde(rename = "CalculationParameters", default)]
        pub(crate) calculation_parameters: CalculationParameters,
    }

    #[derive(Debug, Default, Deserialize)]
    pub(crate) struct Invoices {
        #[serde(rename = "InvoiceLastVers", default)]
        pub(crate) items: Vec<InvoiceLastVers>,
    }

    #[derive(Debug, Default, Deserialize)]
    pub(crate) struct CalculationParameters {
        #[serde(rename = "CalculationParameter", default)]
        pub(crate) items: Vec<CalculationParameter>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct CalculationParameter {
        #[serde(rename = "ParameterId")]
        pub(crate) parameter_id: i32,
        #[serde(rename = "ParameterName")]
        pub(crate) parameter_name: Option<String>,
        #[serde(rename = "ParameterValue", with = "rust_decimal::serde::str")]
        pub(crate) parameter_value: Decimal,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct InvoiceLastVers {
        #[serde(rename = "InfoStrigList", default)]
        pub(crate) info_strig_list: Strings,
        #[serde(rename = "servValues", default)]
        pub(crate) serv_values: ServValues,
        #[serde(rename = "InvoceId")]
        pub(crate) invoce_id: Option<String>,
        #[serde(rename = "FormedYear")]
        pub(crate) formed_year: i32,
        #[serde(rename = "FormedMonth")]
        pub(crate) formed_month: i32,
        #[serde(rename = "FormedDate", deserialize_with = "date_time")]
        pub(crate) formed_date: DateTime,
        #[serde(rename = "ExpireDate", deserialize_with = "date_time")]
        pub(crate) expire_date: DateTime,
        #[serde(rename = "InvoiceParameters", default)]
        pub(crate) invoice_parameters: InvoiceParameters,
    }

    #[derive(Debug, Default, Deserialize)]
    pub(crate) struct Strings {
        #[serde(rename = "string", default)]
        pub(crate) items: Vec<String>,
    }

    #[derive(Debug, Default, Deserialize)]
    pub(crate) struct ServValues {
        #[serde(rename = "ServiceValueItem", default)]
        pub(crate) items: Vec<ServiceValueItem>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct ServiceValueItem {
        #[serde(rename = "ServId")]
        pub(crate) serv_id: i32,
        #[serde(rename = "ValueName")]
        pub(crate) value_name: Option<String>,
        #[serde(rename = "ValueType")]
        pub(crate) value_type: Option<String>,
        #[serde(rename = "Value")]
        pub(crate) value: Option<String>,
    }

    #[derive(Debug, Default, Deserialize)]
    pub(crate) struct InvoiceParameters {
        #[serde(rename = "InvoiceParametersReNew", default)]
        pub(crate) items: Vec<InvoiceParametersReNew>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct InvoiceParametersReNew {
        #[serde(rename = "ServiceId")]
        pub(crate) service_id: i32,
        #[serde(rename = "ServiceName")]
        pub(crate) service_name: Option<String>,
        #[serde(rename = "IsCounterService")]
        pub(crate) is_counter_service: bool,
        #[serde(rename = "Measure")]
        pub(crate) measure: Option<String>,
        #[serde(rename = "CheckCount")]
        pub(crate) check_count: Option<CheckCount>,
        #[serde(rename = "Tariff")]
        pub(crate) tariff: Option<TariffReNew>,
        #[serde(rename = "Calc")]
        pub(crate) calc: Option<CalcInfo>,
        #[serde(rename = "ExpireDateInfo")]
        pub(crate) expire_date_info: Option<String>,
        #[serde(rename = "AvgPaySum", with = "rust_decimal::serde::str_option")]
        pub(crate) avg_pay_sum: Option<Decimal>,
        #[serde(rename = "AvgCount", with = "rust_decimal::serde::str_option")]
        pub(crate) avg_count: Option<Decimal>,
        #[serde(rename = "LastCount", with = "rust_decimal::serde::str_option")]
        pub(crate) last_count: Option<Decimal>,
        #[serde(rename = "PrevCount", with = "rust_decimal::serde::str_option")]
        pub(crate) prev_count: Option<Decimal>,
        #[serde(rename = "FixCount", with = "rust_decimal::serde::str_option")]
        pub(crate) fix_count: Option<Decimal>,
        #[serde(rename = "FixSum", with = "rust_decimal::serde::str_option")]
        pub(crate) fix_sum: Option<Decimal>,
        #[serde(rename = "DebtInfo")]
        pub(crate) debt_info: Option<String>,
        #[serde(rename = "DebtSum", with = "rust_decimal::serde::str_option")]
        pub(crate) debt_sum: Option<Decimal>,
        #[serde(rename = "PaySum", with = "rust_decimal::serde::str_option", default)]
        pub(crate) pay_sum: Option<Decimal>,
        #[serde(rename = "DebtSumAbonent", with = "rust_decimal::serde::str_option")]
        pub(crate) debt_sum_abonent: Option<Decimal>,
        #[serde(rename = "PeniSum", with = "rust_decimal::serde::str_option")]
        pub(crate) peni_sum: Option<Decimal>,
        #[serde(rename = "TKoef", with = "rust_decimal::serde::str_option", default)]
        pub(crate) t_koef: Option<Decimal>,
        #[serde(rename = "ReCalc")]
        pub(crate) re_calc: Option<ReCalc>,
        #[serde(rename = "PrevCountDate")]
        pub(crate) prev_count_date: Option<Dt>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct CheckCount {
        #[serde(rename = "LastCount")]
        pub(crate) last_count: Option<LastCountInfo>,
        #[serde(rename = "PrevCount")]
        pub(crate) prev_count: Option<PrevCountInfo>,
        #[serde(rename = "QuantityCount")]
        pub(crate) quantity_count: Option<QuantityCountInfo>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct LastCountInfo {
        #[serde(rename = "LastCountAbonent", with = "rust_decimal::serde::str_option")]
        pub(crate) last_count_abonent: Option<Decimal>,
        #[serde(rename = "LastCountAlseco", with = "rust_decimal::serde::str_option")]
        pub(crate) last_count_alseco: Option<Decimal>,
        #[serde(rename = "LastCountDateAbonent")]
        pub(crate) last_count_date_abonent: Option<Dt>,
        #[serde(rename = "LastCountDateAlseco")]
        pub(crate) last_count_date_alseco: Option<Dt>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct PrevCountInfo {
        #[serde(rename = "PrevCountAbonent", with = "rust_decimal::serde::str_option")]
        pub(crate) prev_count_abonent: Option<Decimal>,
        #[serde(rename = "PrevCountAlseco", with = "rust_decimal::serde::str_option")]
        pub(crate) prev_count_alseco: Option<Decimal>,
        #[serde(rename = "PrevCountDateAbonent")]
        pub(crate) prev_count_date_abonent: Option<Dt>,
        #[serde(rename = "PrevCountDateAlseco")]
        pub(crate) prev_count_date_alseco: Option<Dt>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct QuantityCountInfo {
        #[serde(rename = "QuantityCount", with = "rust_decimal::serde::str_option")]
        pub(crate) quantity_count: Option<Decimal>,
        #[serde(rename = "MinQuantityCount", with = "rust_decimal::serde::str_option")]
        pub(crate) min_quantity_count: Option<Decimal>,
        #[serde(rename = "MaxQuantityCount", with = "rust_decimal::serde::str_option")]
        pub(crate) max_quantity_count: Option<Decimal>,
        #[serde(rename = "LossesCount", with = "rust_decimal::serde::str_option")]
        pub(crate) losses_count: Option<Decimal>,
        #[serde(
            rename = "MiddleQuantityCount",
            with = "rust_decimal::serde::str_option"
        )]
        pub(crate) middle_quantity_count: Option<Decimal>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct TariffReNew {
        #[serde(rename = "MinTariffValue", with = "rust_decimal::serde::str_option")]
        pub(crate) min_tariff_value: Option<Decimal>,
        #[serde(rename = "MaxTariffValue", with = "rust_decimal::serde::str_option")]
        pub(crate) max_tariff_value: Option<Decimal>,
        #[serde(
            rename = "MinTariffThreshold",
            with = "rust_decimal::serde::str_option"
        )]
        pub(crate) min_tariff_threshold: Option<Decimal>,
        #[serde(rename = "MiddleTariffValue", with = "rust_decimal::serde::str_option")]
        pub(crate) middle_tariff_value: Option<Decimal>,
        #[serde(
            rename = "MiddleTariffThreshold",
            with = "rust_decimal::serde::str_option"
        )]
        pub(crate) middle_tariff_threshold: Option<Decimal>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct CalcInfo {
        #[serde(rename = "Calc", with = "rust_decimal::serde::str_option")]
        pub(crate) calc: Option<Decimal>,
        #[serde(rename = "MinCalc", with = "rust_decimal::serde::str_option")]
        pub(crate) min_calc: Option<Decimal>,
        #[serde(rename = "MaxCalc", with = "rust_decimal::serde::str_option")]
        pub(crate) max_calc: Option<Decimal>,
        #[serde(rename = "MiddleCalc", with = "rust_decimal::serde::str_option")]
        pub(crate) middle_calc: Option<Decimal>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct ReCalc {
        #[serde(rename = "ReCalcKvtCount", with = "rust_decimal::serde::str_option")]
        pub(crate) re_calc_kvt_count: Option<Decimal>,
        #[serde(rename = "ReCalcSum", with = "rust_decimal::serde::str_option")]
        pub(crate) re_calc_sum: Option<Decimal>,
    }
}

mod serde_bill_info {
    use super::*;

    #[derive(Debug, Deserialize)]
    pub(crate) struct Envelope {
        #[serde(rename = "Body")]
        pub(crate) body: Body,
    }

    #[derive(Debug, Deserialize)]
    pub(crate) struct Body {
        #[serde(rename = "GetBillInfoResponse")]
        pub(crate) response: Response,
    }

    #[derive(Debug, Deserialize)]
    pub(crate) struct Response {
        #[serde(rename = "GetBillInfoResult")]
        pub(crate) result: Option<BillInfoResult>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct BillInfoResult {
        #[serde(rename = "exRes")]
        pub(crate) ex_res: Option<ExecutionResult>,
        #[serde(rename = "list", default)]
        pub(crate) list: BillList,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct ExecutionResult {
        #[serde(rename = "Executed")]
        pub(crate) executed: bool,
        #[serde(rename = "ErrorMessage")]
        pub(crate) error_message: Option<String>,
        #[serde(rename = "StackTrace")]
        pub(crate) stack_trace: Option<String>,
    }

    #[derive(Debug, Default, Deserialize)]
    pub(crate) struct BillList {
        #[serde(rename = "BillInfo", default)]
        pub(crate) items: Vec<BillInfo>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    pub(crate) struct BillInfo {
        #[serde(rename = "accountId")]
        pub(crate) account_id: i32,
        #[serde(rename = "accountName")]
        pub(crate) account_name: Option<String>,
        #[serde(rename = "accountAddress")]
        pub(crate) account_address: Option<String>,
        #[serde(rename = "invoiceId")]
        pub(crate) invoice_id: Option<String>,
        #[serde(rename = "fixSum", with = "rust_decimal::serde::str")]
        pub(crate) fix_sum: Decimal,
    }
}

// ---------------------------------------------------------------------------------------
// Agreement of (b) and (c), checked once before timing
// ---------------------------------------------------------------------------------------

/// Counts of what was decoded, and sums of amounts (the same Decimal arithmetic on both sides).
#[derive(Debug, PartialEq, Default)]
struct Summary {
    accounts: usize,
    invoices: usize,
    lines: usize,
    serv_values: usize,
    info_strings: usize,
    calc_params: usize,
    nil_debt_sums: usize,
    fix_sum: Decimal,
    calc: Decimal,
    debt_sum: Decimal,
    last_count_alseco: Decimal,
    names_len: usize,
}

/// Length of a text value without surrounding whitespace: quick-xml's deserializer trims
/// text (`плательщик ` arrives as `плательщик`), the typed decoder keeps `xs:string` as written.
fn text_len(s: &str) -> usize {
    s.trim().len()
}

fn summary_typed_last_vers(
    r: &<GetInvoicesByAccountsLastVers as alseco_types::Operation>::Response,
) -> Summary {
    let mut s = Summary::default();
    for result in &r.get_invoices_by_accounts_last_vers_result {
        assert_eq!(result.state, AccountInvoicesState::Success);
        let Some(acc) = &result.account_invoices else {
            continue;
        };
        s.accounts += 1;
        s.names_len += acc.account_name.as_deref().map_or(0, text_len);
        s.calc_params += acc.calculation_parameters.len();
        for inv in &acc.invoices {
            s.invoices += 1;
            s.serv_values += inv.serv_values.len();
            s.info_strings += inv.info_strig_list.len();
            for line in &inv.invoice_parameters {
                s.lines += 1;
                s.names_len += line.service_name.as_deref().map_or(0, text_len);
                s.fix_sum += line.fix_sum.unwrap_or_default();
                s.calc += line.calc.as_ref().and_then(|c| c.calc).unwrap_or_default();
                s.nil_debt_sums += usize::from(line.debt_sum.is_none());
                s.debt_sum += line.debt_sum.unwrap_or_default();
                s.last_count_alseco += line
                    .check_count
                    .as_ref()
                    .and_then(|c| c.last_count.as_ref())
                    .and_then(|l| l.last_count_alseco)
                    .unwrap_or_default();
            }
        }
    }
    s
}

fn summary_serde_last_vers(r: &serde_last_vers::Envelope) -> Summary {
    let mut s = Summary::default();
    for result in &r.body.response.result.items {
        assert_eq!(result.state, AccountInvoicesState::Success);
        let Some(acc) = &result.account_invoices else {
            continue;
        };
        s.accounts += 1;
        s.names_len += acc.account_name.as_deref().map_or(0, text_len);
        s.calc_params += acc.calculation_parameters.items.len();
        for inv in &acc.invoices.items {
            s.invoices += 1;
            s.serv_values += inv.serv_values.items.len();
            s.info_strings += inv.info_strig_list.items.len();
            for line in &inv.invoice_parameters.items {
                s.lines += 1;
                s.names_len += line.service_name.as_deref().map_or(0, text_len);
                s.fix_sum += line.fix_sum.unwrap_or_default();
                s.calc += line.calc.as_ref().and_then(|c| c.calc).unwrap_or_default();
                s.nil_debt_sums += usize::from(line.debt_sum.is_none());
                s.debt_sum += line.debt_sum.unwrap_or_default();
                s.last_count_alseco += line
                    .check_count
                    .as_ref()
                    .and_then(|c| c.last_count.as_ref())
                    .and_then(|l| l.last_count_alseco)
                    .unwrap_or_default();
            }
        }
    }
    s
}

fn summary_typed_bills(r: &<GetBillInfo as alseco_types::Operation>::Response) -> Summary {
    let mut s = Summary::default();
    let result = r.get_bill_info_result.as_ref().expect("a result");
    assert!(result.ex_res.as_ref().expect("exRes").executed);
    for bill in &result.list {
        s.accounts += 1;
        s.names_len += bill.account_name.as_deref().map_or(0, text_len)
            + bill.account_address.as_deref().map_or(0, text_len);
        s.fix_sum += bill.fix_sum;
    }
    s
}

fn summary_serde_bills(r: &serde_bill_info::Envelope) -> Summary {
    let mut s = Summary::default();
    let result = r.body.response.result.as_ref().expect("a result");
    assert!(result.ex_res.as_ref().expect("exRes").executed);
    for bill in &result.list.items {
        s.accounts += 1;
        s.names_len += bill.account_name.as_deref().map_or(0, text_len)
            + bill.account_address.as_deref().map_or(0, text_len);
        s.fix_sum += bill.fix_sum;
    }
    s
}

// ---------------------------------------------------------------------------------------
// The benchmarks
// ---------------------------------------------------------------------------------------

/// (a): every token of the document, nothing built.
fn tokenize(doc: &str) -> usize {
    let mut tokens = 0;
    for token in xmlparser::Tokenizer::from(doc) {
        black_box(token.expect("well-formed"));
        tokens += 1;
    }
    tokens
}

fn typed_last_vers(
    doc: &[u8],
) -> <GetInvoicesByAccountsLastVers as alseco_types::Operation>::Response {
    decode_response::<GetInvoicesByAccountsLastVers>(doc, Limits::default()).expect("decodes")
}

fn typed_bills(doc: &[u8]) -> <GetBillInfo as alseco_types::Operation>::Response {
    decode_response::<GetBillInfo>(doc, Limits::default()).expect("decodes")
}

// Both (b) and (c) start from the bytes as they come off the wire, so both pay for the
// UTF-8 check (`decode_response` does it inside).
fn serde_last_vers(doc: &[u8]) -> serde_last_vers::Envelope {
    let text = std::str::from_utf8(doc).expect("UTF-8");
    quick_xml::de::from_str(text).expect("quick-xml decodes")
}

fn serde_bills(doc: &[u8]) -> serde_bill_info::Envelope {
    let text = std::str::from_utf8(doc).expect("UTF-8");
    quick_xml::de::from_str(text).expect("quick-xml decodes")
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

/// Thread CPU time, for a machine shared with other work: wall-clock time counts the time
/// the benchmark thread waits for a core, CPU time does not. Read from
/// `/proc/thread-self/schedstat` (nanoseconds on a CPU; Linux), once at each end of a
/// batch of iterations. Values and throughputs are shown as criterion shows durations.
struct ThreadCpuTime {
    wall: WallTime,
}

impl ThreadCpuTime {
    fn now_ns() -> u64 {
        let stat = std::fs::read_to_string("/proc/thread-self/schedstat")
            .expect("/proc/thread-self/schedstat (Linux) for ALSECO_BENCH_CLOCK=thread-cpu");
        stat.split_whitespace()
            .next()
            .and_then(|ns| ns.parse().ok())
            .expect("schedstat starts with the thread's CPU time in ns")
    }
}

impl Measurement for ThreadCpuTime {
    type Intermediate = u64;
    type Value = u64;

    fn start(&self) -> u64 {
        Self::now_ns()
    }
    fn end(&self, start: u64) -> u64 {
        Self::now_ns().saturating_sub(start)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, ns: &u64) -> f64 {
        *ns as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        self.wall.formatter()
    }
}

/// A document, built once, with the check that (b) and (c) agree already done.
struct Document {
    group: &'static str,
    size: String,
    text: String,
    warm_up: Duration,
    measurement: Duration,
}

fn last_vers() -> Document {
    let text = last_vers_document(ACCOUNTS);
    let typed = summary_typed_last_vers(&typed_last_vers(text.as_bytes()));
    let serde = summary_serde_last_vers(&serde_last_vers(text.as_bytes()));
    assert_eq!(typed, serde, "typed decode and quick-xml disagree");
    assert_eq!(typed.accounts, ACCOUNTS);
    eprintln!(
        "GetInvoicesByAccountsLastVers: {} bytes ({:.1} MB), {} tokens, {typed:?}",
        text.len(),
        mb(text.len()),
        tokenize(&text)
    );
    Document {
        group: "GetInvoicesByAccountsLastVers",
        size: format!("{ACCOUNTS}_accounts"),
        text,
        warm_up: Duration::from_secs(3),
        measurement: Duration::from_secs(25),
    }
}

fn bill_info() -> Document {
    let text = bill_info_document(BILLS);
    let typed = summary_typed_bills(&typed_bills(text.as_bytes()));
    let serde = summary_serde_bills(&serde_bills(text.as_bytes()));
    assert_eq!(typed, serde, "typed decode and quick-xml disagree");
    assert_eq!(typed.accounts, BILLS);
    eprintln!(
        "GetBillInfo: {} bytes ({:.1} MB), {} tokens, {typed:?}",
        text.len(),
        mb(text.len()),
        tokenize(&text)
    );
    Document {
        group: "GetBillInfo",
        size: format!("{BILLS}_bills"),
        text,
        warm_up: Duration::from_secs(2),
        measurement: Duration::from_secs(12),
    }
}

/// Total iterations and measured time (in the measurement's unit) of every timed batch, per
/// benchmark, for the closing ratios.
static TALLY: Mutex<Vec<(String, u64, f64)>> = Mutex::new(Vec::new());

fn tally(name: &str, iters: u64, measured: f64) {
    let mut tally = TALLY.lock().unwrap();
    match tally.iter_mut().find(|(n, _, _)| n == name) {
        Some((_, i, t)) => {
            *i += iters;
            *t += measured;
        }
        None => tally.push((name.to_owned(), iters, measured)),
    }
}

/// Mean measured time of one iteration of the benchmark `name`.
fn per_iteration(name: &str) -> Option<f64> {
    let tally = TALLY.lock().unwrap();
    let (_, iters, measured) = tally.iter().find(|(n, _, _)| n == name)?;
    Some(*measured / *iters as f64)
}

/// Times `iters` calls of `routine` with `meter` (the measurement criterion uses), and adds
/// the batch to the tally.
fn timed<M: Measurement>(
    b: &mut Bencher<'_, M>,
    meter: &M,
    name: &str,
    mut routine: impl FnMut() -> usize,
) {
    b.iter_custom(|iters| {
        let start = meter.start();
        for _ in 0..iters {
            black_box(routine());
        }
        let value = meter.end(start);
        tally(name, iters, meter.to_f64(&value));
        value
    });
}

/// One group per document: (a), (b) and (c) on the same bytes, in the same run.
fn bench_document<M: Measurement>(
    c: &mut Criterion<M>,
    meter: &M,
    doc: &Document,
    clock: &str,
    typed: fn(&[u8]) -> usize,
    serde: fn(&[u8]) -> usize,
) {
    let group = format!("{}{clock}", doc.group);
    let mut g = c.benchmark_group(&group);
    g.throughput(Throughput::Bytes(doc.text.len() as u64));
    g.sample_size(10);
    g.warm_up_time(doc.warm_up);
    g.measurement_time(doc.measurement);
    let text = doc.text.as_str();
    let name = |id: &str| format!("{group}/{id}");
    g.bench_with_input(BenchmarkId::new("a_tokenizer", &doc.size), text, |b, d| {
        timed(b, meter, &name("a_tokenizer"), || tokenize(d))
    });
    g.bench_with_input(BenchmarkId::new("b_typed", &doc.size), text, |b, d| {
        timed(b, meter, &name("b_typed"), || typed(d.as_bytes()))
    });
    g.bench_with_input(
        BenchmarkId::new("c_quick_xml_serde", &doc.size),
        text,
        |b, d| timed(b, meter, &name("c_quick_xml_serde"), || serde(d.as_bytes())),
    );
    g.finish();
    summary(&group, doc.text.len());
}

/// The ratios of the targets, from the totals of every timed batch (warm-up
/// included): typed decode against the bare tokenizer (≥ 0.5) and against quick-xml + serde
/// (≥ 1.5), as throughput ratios.
fn summary(group: &str, bytes: usize) {
    let (Some(tokenizer), Some(typed), Some(serde)) = (
        per_iteration(&format!("{group}/a_tokenizer")),
        per_iteration(&format!("{group}/b_typed")),
        per_iteration(&format!("{group}/c_quick_xml_serde")),
    ) else {
        return; // a filter left some out
    };
    // Both clocks measure in nanoseconds.
    let mb_s = |ns: f64| bytes as f64 / 1e6 / (ns / 1e9);
    let verdict = |ratio: f64, target: f64| if ratio >= target { "meets" } else { "BELOW" };
    let floor = tokenizer / typed;
    let baseline = serde / typed;
    eprintln!(
        "\n{group}: tokenizer {:.1} MB/s, typed {:.1} MB/s, quick-xml+serde {:.1} MB/s\n  \
         typed / tokenizer = {floor:.3} ({} the 0.5 target)\n  \
         typed / quick-xml+serde = {baseline:.3} ({} the 1.5 target)\n",
        mb_s(tokenizer),
        mb_s(typed),
        mb_s(serde),
        verdict(floor, 0.5),
        verdict(baseline, 1.5),
    );
}

fn run<M: Measurement>(mut c: Criterion<M>, meter: &M, clock: &str) {
    // Each decoder's result is dropped inside the timed loop: freeing is part of decoding.
    let last_vers = last_vers();
    bench_document(
        &mut c,
        meter,
        &last_vers,
        clock,
        |d| {
            typed_last_vers(d)
                .get_invoices_by_accounts_last_vers_result
                .len()
        },
        |d| serde_last_vers(d).body.response.result.items.len(),
    );
    drop(last_vers);
    let bill_info = bill_info();
    bench_document(
        &mut c,
        meter,
        &bill_info,
        clock,
        |d| {
            typed_bills(d)
                .get_bill_info_result
                .map_or(0, |r| r.list.len())
        },
        |d| {
            serde_bills(d)
                .body
                .response
                .result
                .map_or(0, |r| r.list.items.len())
        },
    );
    c.final_summary();
}

/// `ALSECO_BENCH_CLOCK=thread-cpu` measures thread CPU time (groups suffixed `-cpu`);
/// the default is criterion's wall-clock time.
fn main() {
    match std::env::var("ALSECO_BENCH_CLOCK").as_deref() {
        Ok("thread-cpu") => run(
            Criterion::default()
                .with_measurement(ThreadCpuTime { wall: WallTime })
                .configure_from_args(),
            &ThreadCpuTime { wall: WallTime },
            "-cpu",
        ),
        Ok("wall") | Err(_) => run(Criterion::default().configure_from_args(), &WallTime, ""),
        Ok(other) => panic!("ALSECO_BENCH_CLOCK={other:?}: expected `wall` or `thread-cpu`"),
    }
}
