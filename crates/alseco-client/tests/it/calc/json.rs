//! The JSON form: numbers and strings, defaults, round trips, errors naming the field.

use alseco_client::calc::json::{
    JsonError, amount_to_json, calculate_json, input_to_json, parse_input,
};
use alseco_client::calc::{CalcError, Field, calculate};
use serde_json::{Value, json};

use super::{d, day, with_night};

/// The spec's two-zone example (see `examples::spec_two_zone_example`) in the JSON form.
fn spec_example() -> Value {
    json!({
        "tariff": {"min": 10, "mid": 20, "max": 30},
        "norms": {"k1": 61, "k2": 122},
        "residents": 1,
        "previous_reading_date": "2025-03-31",
        "reading_date": "2025-04-30",
        "transformation_coefficient": 1,
        "day": {"previous": 1000, "last": 1100, "losses": 0},
        "night": {"previous": 500, "last": 550, "losses": 0}
    })
}

fn run(input: &Value) -> Result<Value, JsonError> {
    calculate_json(&input.to_string()).map(|s| serde_json::from_str(&s).unwrap())
}

/// Replaces the value at a `/`-separated pointer.
fn with(mut input: Value, pointer: &str, value: Value) -> Value {
    *input.pointer_mut(pointer).unwrap() = value;
    input
}

/// The JSON text of `input` with the value at `pointer` replaced by the raw text `raw` (which
/// `serde_json::Value` could not hold exactly).
fn with_raw(input: Value, pointer: &str, raw: &str) -> String {
    with(input, pointer, json!("@RAW@"))
        .to_string()
        .replace(r#""@RAW@""#, raw)
}

fn without(mut input: Value, parent: &str, key: &str) -> Value {
    input
        .pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove(key);
    input
}

#[test]
fn output_form() {
    // S1 = 1400, S2 = 1300 (see the worked example).
    let out = calculate_json(&spec_example().to_string()).unwrap();
    assert_eq!(
        out,
        r#"{"norm1":"60","norm2":"120","day":{"consumption":"100","amount":"1400.00"},"night":{"consumption":"50","amount":"1300.00"},"total":"2700.00"}"#
    );
}

#[test]
fn module_docs_example() {
    // K01 = ⌈70 × 30 × 2 / 30.5⌉ = 138, K02 = ⌈120 × 30 × 2 / 30.5⌉ = ⌈236.07⌉ = 237
    // P1 = 150: S1 = 138 × 20.5 + 12 × 25.3 = 2829 + 303.6 = 3132.60
    // P2 = 60, kWh 151..=210, all between K01 and K02: S2 = 60 × 25.3 = 1518.00
    let input = r#"{
      "tariff": {"min": "20.5", "mid": "25.3", "max": "31.1"},
      "norms": {"k1": 70, "k2": 120},
      "residents": 2,
      "previous_reading_date": "2025-03-31",
      "reading_date": "2025-04-30",
      "transformation_coefficient": 1,
      "day": {"previous": 1000, "last": 1150, "losses": 0},
      "night": {"previous": 500, "last": 560, "losses": 0, "tariff_min": null}
    }"#;
    assert_eq!(
        calculate_json(input).unwrap(),
        r#"{"norm1":"138","norm2":"237","day":{"consumption":"150","amount":"3132.60"},"night":{"consumption":"60","amount":"1518.00"},"total":"4650.60"}"#
    );
}

#[test]
fn numbers_and_strings_are_the_same() {
    let as_strings = json!({
        "tariff": {"min": "10", "mid": "20.0", "max": "30.00"},
        "norms": {"k1": "61", "k2": "122"},
        "residents": 1,
        "previous_reading_date": "2025-03-31",
        "reading_date": "2025-04-30",
        "transformation_coefficient": "1",
        "day": {"previous": "1000", "last": "1100", "losses": "0"},
        "night": {"previous": "500", "last": "550", "losses": "0"}
    });
    assert_eq!(run(&as_strings).unwrap(), run(&spec_example()).unwrap());
    assert_eq!(
        parse_input(&as_strings.to_string()).unwrap(),
        parse_input(&spec_example().to_string()).unwrap()
    );
}

#[test]
fn numbers_are_read_exactly() {
    // 1.005 as an f64 is 1.00499999999999989…, which would round to 1.00; read from its text it is
    // exactly 1.005 → 1.01.
    let text = r#"{"tariff":{"min":1.005},"norms":{"k1":0,"k2":0},"residents":1,
        "previous_reading_date":"2025-03-31","reading_date":"2025-04-30",
        "day":{"previous":0,"last":1}}"#;
    let input = parse_input(text).unwrap();
    assert_eq!(input.tariff.min, d("1.005"));
    let out: Value = serde_json::from_str(&calculate_json(text).unwrap()).unwrap();
    assert_eq!(out["total"], "1.01");

    // 0.1 is 0.1, and 28 decimal places survive (an f64 holds about 17 significant digits).
    let text = text
        .replace("1.005", "0.1")
        .replace(r#""last":1"#, r#""last":0.1000000000000000000000000001"#);
    let input = parse_input(&text).unwrap();
    assert_eq!(input.tariff.min, d("0.1"));
    assert_eq!(input.day.last, d("0.1000000000000000000000000001"));
}

#[test]
fn exponents_are_accepted() {
    let input = with(spec_example(), "/day/last", json!(1.1e3));
    // serde_json writes 1.1e3 as 1100.0
    assert_eq!(run(&input).unwrap()["day"]["amount"], "1400.00");
    let text = with_raw(spec_example(), "/day/last", "1.1E+3");
    assert_eq!(parse_input(&text).unwrap().day.last, d("1100"));
    let text = with_raw(spec_example(), "/day/last", r#""11e2""#);
    assert_eq!(parse_input(&text).unwrap().day.last, d("1100"));
}

#[test]
fn defaults_and_nulls() {
    let full = parse_input(&spec_example().to_string()).unwrap();
    // transformation_coefficient absent or null → 1
    let input = without(spec_example(), "", "transformation_coefficient");
    assert_eq!(parse_input(&input.to_string()).unwrap(), full);
    let input = with(spec_example(), "/transformation_coefficient", Value::Null);
    assert_eq!(parse_input(&input.to_string()).unwrap(), full);
    // losses absent → 0
    let input = without(
        without(spec_example(), "/day", "losses"),
        "/night",
        "losses",
    );
    assert_eq!(parse_input(&input.to_string()).unwrap(), full);
    // night absent or null → single zone
    let single = without(spec_example(), "", "night");
    let out = run(&single).unwrap();
    assert_eq!(out["night"], Value::Null);
    assert_eq!(out["total"], "1400.00");
    let single_null = with(spec_example(), "/night", Value::Null);
    assert_eq!(run(&single_null).unwrap(), out);
}

#[test]
fn time_of_day_with_null_or_absent_mid_and_max() {
    // S1 = 100 × 25.5 = 2550; S2 = 50 × 12.75 = 637.5
    let mut tod = with(
        spec_example(),
        "/tariff",
        json!({"min": "25.5", "mid": null, "max": null}),
    );
    tod["night"]["tariff_min"] = json!("12.75");
    let out = run(&tod).unwrap();
    assert_eq!(out["day"]["amount"], "2550.00");
    assert_eq!(out["night"]["amount"], "637.50");
    assert_eq!(out["total"], "3187.50");
    let absent = with(tod.clone(), "/tariff", json!({"min": "25.5"}));
    assert_eq!(run(&absent).unwrap(), out);
}

#[test]
fn input_round_trip() {
    let mut input = with_night(day("123.456"), "7.8", None);
    input.transformation_coefficient = d("2.5");
    input.day.losses = d("0.1");
    let json = input_to_json(&input).unwrap();
    assert_eq!(parse_input(&json).unwrap(), input);

    let mut tod = with_night(day("1"), "2", Some("0.125"));
    tod.tariff = alseco_client::calc::Tariff::time_of_day(d("0.3"));
    let json = input_to_json(&tod).unwrap();
    assert!(json.contains(r#""tariff_min":"0.125""#), "{json}");
    assert!(json.contains(r#""mid":null"#), "{json}");
    assert_eq!(parse_input(&json).unwrap(), tod);
    // And the amounts written agree with calculating directly.
    assert_eq!(
        calculate_json(&json).unwrap(),
        amount_to_json(&calculate(&tod).unwrap()).unwrap()
    );
}

#[test]
fn output_decimals_are_strings() {
    let out = run(&spec_example()).unwrap();
    for v in [
        &out["norm1"],
        &out["norm2"],
        &out["day"]["consumption"],
        &out["day"]["amount"],
        &out["night"]["consumption"],
        &out["night"]["amount"],
        &out["total"],
    ] {
        assert!(v.is_string(), "{v}");
    }
}

// ---- errors name the field ----------------------------------------------------------------------

fn parse_err(input: &str) -> (Option<String>, String) {
    match calculate_json(input).unwrap_err() {
        e @ JsonError::Parse { .. } => (e.path().map(str::to_owned), e.to_string()),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn wrong_types_name_the_field() {
    let cases = [
        (
            "/day/last",
            json!(true),
            "day.last",
            "expected a decimal number",
        ),
        (
            "/day/last",
            json!("12,5"),
            "day.last",
            "\"12,5\" is not a decimal number",
        ),
        (
            "/tariff/mid",
            json!([1]),
            "tariff.mid",
            "expected a decimal number",
        ),
        (
            "/norms/k2",
            json!({}),
            "norms.k2",
            "expected a decimal number",
        ),
        (
            "/night/losses",
            json!(""),
            "night.losses",
            "is not a decimal number",
        ),
        (
            "/residents",
            json!(-1),
            "residents",
            "invalid value: integer `-1`",
        ),
        ("/residents", json!(1.5), "residents", "invalid type"),
        (
            "/reading_date",
            json!("2025-02-30"),
            "reading_date",
            "not a valid date",
        ),
        (
            "/previous_reading_date",
            json!("30.04.2025"),
            "previous_reading_date",
            "YYYY-MM-DD",
        ),
        (
            "/previous_reading_date",
            json!(20250430),
            "previous_reading_date",
            "invalid type",
        ),
        ("/day", json!(5), "day", "invalid type"),
    ];
    for (pointer, value, path, needle) in cases {
        let input = with(spec_example(), pointer, value).to_string();
        let (got_path, message) = parse_err(&input);
        assert_eq!(got_path.as_deref(), Some(path), "{message}");
        assert!(message.starts_with(&format!("{path}: ")), "{message}");
        assert!(
            message.contains(needle),
            "{message} should contain {needle}"
        );
    }
}

#[test]
fn inexact_numbers_name_the_field() {
    let text = with_raw(
        spec_example(),
        "/night/losses",
        "0.12345678901234567890123456789",
    );
    let (path, message) = parse_err(&text);
    assert_eq!(path.as_deref(), Some("night.losses"));
    assert!(message.contains("more than 28 decimal places"), "{message}");
}

#[test]
fn missing_and_unknown_fields() {
    let (path, message) = parse_err(&without(spec_example(), "", "norms").to_string());
    assert_eq!(path, None);
    assert!(message.starts_with("missing field `norms`"), "{message}");

    let (path, message) = parse_err(&without(spec_example(), "/day", "last").to_string());
    assert_eq!(path.as_deref(), Some("day"));
    assert!(message.contains("missing field `last`"), "{message}");

    let mut typo = spec_example();
    typo["day"]["loses"] = json!(3);
    let (path, message) = parse_err(&typo.to_string());
    assert_eq!(path.as_deref(), Some("day.loses"));
    assert!(message.contains("unknown field `loses`"), "{message}");
}

#[test]
fn not_json() {
    let (path, message) = parse_err("{\"tariff\": ");
    assert_eq!(path.as_deref(), Some("tariff"));
    assert!(message.contains("EOF"), "{message}");
    let (path, _) = parse_err("[]");
    assert_eq!(path, None);
    let (path, message) = parse_err(&format!("{} trailing", spec_example()));
    assert_eq!(path, None);
    assert!(message.contains("trailing"), "{message}");
}

#[test]
fn calculation_errors_name_the_field() {
    let input = with(spec_example(), "/day/last", json!("990")).to_string();
    let e = calculate_json(&input).unwrap_err();
    assert_eq!(e.path(), Some("day.last"));
    assert_eq!(
        e,
        JsonError::Invalid(CalcError::ReadingsBackwards {
            field: Field::DayLast,
            previous: d("1000"),
            last: d("990")
        })
    );
    assert_eq!(
        e.to_string(),
        "day.last (X) = 990 is less than the previous reading 1000: readings go backwards"
    );

    let input = with(spec_example(), "/tariff/max", Value::Null).to_string();
    let e = calculate_json(&input).unwrap_err();
    assert_eq!(e.path(), Some("tariff.max"));
    assert!(
        e.to_string()
            .contains("tariff.mid (Tmid) = 20 is given but tariff.max (Tmax) is absent")
    );

    let input = with(spec_example(), "/transformation_coefficient", json!(0)).to_string();
    assert_eq!(
        calculate_json(&input).unwrap_err().path(),
        Some("transformation_coefficient")
    );

    let input = with(spec_example(), "/reading_date", json!("2025-03-01")).to_string();
    assert_eq!(
        calculate_json(&input).unwrap_err().path(),
        Some("reading_date")
    );

    let input = with(spec_example(), "/tariff/min", json!("-0.01")).to_string();
    let e = calculate_json(&input).unwrap_err();
    assert_eq!(e.path(), Some("tariff.min"));
    assert_eq!(
        e.to_string(),
        "tariff.min (Tmin) must not be negative, got -0.01"
    );
}
