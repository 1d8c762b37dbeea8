//! From dataset records to the generated wire structures.

use std::collections::HashMap;

use alseco_types::types::{
    AccountInvoices, AccountInvoicesLastVers, AccountInvoicesReNew, AccountInvoicesWithInfo,
    CalcInfo, CalculationParameter, CheckCount, Invoice, InvoiceLastVers, InvoiceParameter,
    InvoiceParametersReNew, InvoiceReNew, InvoiceWithInfo, LastCountInfo, PrevCountInfo,
    QuantityCountInfo, ReCalc, ServiceValueItem, Tariff, TariffReNew,
};
use rust_decimal::Decimal;

use super::{wire_civil, wire_date};
use crate::dataset::{Account, Dataset, InvoiceRecord, ServiceLine};

pub(super) fn d2(d: Decimal) -> Decimal {
    let mut x = d.round_dp(2);
    x.rescale(2);
    x
}

fn d3(d: Decimal) -> Decimal {
    let mut x = d.round_dp(3);
    x.rescale(3);
    x
}

fn expire_info(inv: &InvoiceRecord) -> String {
    let last = inv.period.last_day();
    let s = format!("{:02}.{:02}.{}", last.day(), last.month(), last.year());
    format!("Төлеу мерзімі {s} ж. дейін. Срок оплаты до {s}г.")
}

pub(crate) fn calculation_parameters(account: &Account) -> Vec<CalculationParameter> {
    vec![
        CalculationParameter {
            parameter_id: 1,
            parameter_name: Some("Количество проживающих".to_owned()),
            parameter_value: d3(Decimal::from(account.residents)),
        },
        CalculationParameter {
            parameter_id: 2,
            parameter_name: Some("Отапливаемая площадь".to_owned()),
            parameter_value: d3(account.area),
        },
    ]
}

/// A ReNew service line; `paid` nets `FixSum` and fills `PaySum` (WithPays).
pub(crate) fn renew_line(
    inv: &InvoiceRecord,
    line: &ServiceLine,
    paid: Option<Decimal>,
) -> InvoiceParametersReNew {
    let tiers = line.tier_counts;
    let calcs = line.tier_calcs;
    let check_count = line.counter.then(|| CheckCount {
        last_count: Some(LastCountInfo {
            last_count_abonent: None,
            last_count_alseco: line.last_count.map(d3),
            last_count_date_abonent: None,
            last_count_date_alseco: Some(wire_date(inv.period.last_day())),
        }),
        prev_count: Some(PrevCountInfo {
            prev_count_abonent: None,
            prev_count_alseco: line.prev_count.map(d3),
            prev_count_date_abonent: None,
            prev_count_date_alseco: line.prev_count_date.map(wire_date),
        }),
        quantity_count: Some(QuantityCountInfo {
            quantity_count: Some(d3(line.fix_count)),
            min_quantity_count: tiers.map(|t| d3(t[0])),
            max_quantity_count: tiers.map(|t| d3(t[2])),
            losses_count: None,
            middle_quantity_count: tiers.map(|t| d3(t[1])),
        }),
    });
    let fix_sum = match paid {
        Some(p) => d2((line.fix_sum - p).max(Decimal::ZERO)),
        None => line.fix_sum,
    };
    InvoiceParametersReNew {
        service_id: line.service_id,
        service_name: Some(line.name.to_owned()),
        is_counter_service: line.counter,
        measure: Some(line.measure.to_owned()),
        check_count,
        tariff: Some(TariffReNew {
            min_tariff_value: Some(line.tariff.min),
            max_tariff_value: Some(d2(line.tariff.max)),
            min_tariff_threshold: Some(d2(line.tariff.min_threshold)),
            middle_tariff_value: Some(d2(line.tariff.middle)),
            middle_tariff_threshold: Some(d2(line.tariff.middle_threshold)),
        }),
        calc: Some(CalcInfo {
            calc: Some(line.charge),
            min_calc: calcs.map(|c| c[0]),
            max_calc: calcs.map(|c| c[2]),
            middle_calc: calcs.map(|c| c[1]),
        }),
        expire_date_info: Some(expire_info(inv)),
        avg_pay_sum: Some(line.avg_pay_sum),
        avg_count: Some(line.avg_count),
        last_count: line.last_count.map(d3),
        prev_count: line.prev_count.map(d3),
        fix_count: Some(line.fix_count),
        fix_sum: Some(fix_sum),
        debt_info: line.debt_info(),
        debt_sum: (!line.debt_sum.is_zero()).then_some(line.debt_sum),
        pay_sum: paid,
        debt_sum_abonent: None,
        peni_sum: None,
        t_koef: Some(line.t_koef),
        re_calc: Some(ReCalc {
            re_calc_kvt_count: None,
            re_calc_sum: None,
        }),
        prev_count_date: line.prev_count_date.map(wire_date),
    }
}

fn old_line(inv: &InvoiceRecord, line: &ServiceLine) -> InvoiceParameter {
    InvoiceParameter {
        service_id: line.service_id,
        service_name: Some(line.name.to_owned()),
        is_counter_service: line.counter,
        measure: Some(line.measure.to_owned()),
        tariff: Some(Tariff {
            min_tariff_value: Some(line.tariff.min),
            min_tariff_threshold: Some(d2(line.tariff.min_threshold)),
            max_tariff_value: Some(d2(line.tariff.max)),
        }),
        expire_date_info: Some(expire_info(inv)),
        avg_pay_sum: line.avg_pay_sum,
        avg_count: line.avg_count,
        last_count: d3(line.last_count.unwrap_or_default()),
        prev_count: d3(line.prev_count.unwrap_or_default()),
        prev_count_date: line.prev_count_date.map(wire_date),
        fix_count: line.fix_count,
        fix_sum: line.fix_sum,
        debt_info: line.debt_info(),
    }
}

pub(crate) fn old_account(account: &Account, invoices: &[InvoiceRecord]) -> AccountInvoices {
    AccountInvoices {
        account_id: account.id,
        account_address: Some(account.name_and_address()),
        invoices: invoices
            .iter()
            .map(|inv| Invoice {
                invoce_id: Some(inv.number.clone()),
                formed_date: wire_civil(inv.formed_civil()),
                expire_date: wire_date(inv.period.last_day()),
                invoice_parameters: inv.lines.iter().map(|l| old_line(inv, l)).collect(),
            })
            .collect(),
        calculation_parameters: calculation_parameters(account),
    }
}

fn renew_invoice(inv: &InvoiceRecord) -> InvoiceReNew {
    InvoiceReNew {
        invoce_id: Some(inv.number.clone()),
        formed_year: i32::from(inv.period.year()),
        formed_month: i32::from(inv.period.month()),
        formed_date: wire_civil(inv.formed_civil()),
        expire_date: wire_date(inv.period.last_day()),
        invoice_parameters: inv.lines.iter().map(|l| renew_line(inv, l, None)).collect(),
    }
}

pub(crate) fn renew_account(account: &Account, invoices: &[InvoiceRecord]) -> AccountInvoicesReNew {
    AccountInvoicesReNew {
        account_id: account.id,
        account_name: Some(account.name.clone()),
        account_address: Some(account.address()),
        invoices: invoices.iter().map(renew_invoice).collect(),
        calculation_parameters: calculation_parameters(account),
    }
}

pub(crate) fn with_info_account(
    dataset: &Dataset,
    account: &Account,
    invoices: &[InvoiceRecord],
) -> AccountInvoicesWithInfo {
    AccountInvoicesWithInfo {
        account_id: account.id,
        account_name: Some(account.name.clone()),
        account_address: Some(account.address()),
        invoices: invoices
            .iter()
            .map(|inv| {
                let r = renew_invoice(inv);
                InvoiceWithInfo {
                    info_strig_list: dataset.info_strings(inv),
                    invoce_id: r.invoce_id,
                    formed_year: r.formed_year,
                    formed_month: r.formed_month,
                    formed_date: r.formed_date,
                    expire_date: r.expire_date,
                    invoice_parameters: r.invoice_parameters,
                }
            })
            .collect(),
        calculation_parameters: calculation_parameters(account),
    }
}

/// The LastVers structure; with `paid` (per invoice number, per service) for WithPays.
pub(crate) fn last_vers_account(
    dataset: &Dataset,
    account: &Account,
    invoices: &[InvoiceRecord],
    paid: Option<&HashMap<String, HashMap<i32, Decimal>>>,
) -> AccountInvoicesLastVers {
    AccountInvoicesLastVers {
        account_id: account.id,
        account_name: Some(account.name.clone()),
        account_address: Some(account.address()),
        invoices: invoices
            .iter()
            .map(|inv| {
                let r = renew_invoice(inv);
                let paid_here = paid.and_then(|p| p.get(&inv.number));
                InvoiceLastVers {
                    info_strig_list: dataset.info_strings(inv),
                    serv_values: inv
                        .lines
                        .iter()
                        .flat_map(|l| {
                            l.values.iter().map(|(name, ty, value)| ServiceValueItem {
                                serv_id: l.service_id,
                                value_name: Some((*name).to_owned()),
                                value_type: Some((*ty).to_owned()),
                                value: Some(value.clone()),
                            })
                        })
                        .collect(),
                    invoce_id: r.invoce_id,
                    formed_year: r.formed_year,
                    formed_month: r.formed_month,
                    formed_date: r.formed_date,
                    expire_date: r.expire_date,
                    invoice_parameters: inv
                        .lines
                        .iter()
                        .map(|l| {
                            let p = paid.map(|_| {
                                paid_here
                                    .and_then(|m| m.get(&l.service_id))
                                    .copied()
                                    .unwrap_or(Decimal::ZERO)
                            });
                            renew_line(inv, l, p.filter(|v| !v.is_zero()))
                        })
                        .collect(),
                }
            })
            .collect(),
        calculation_parameters: calculation_parameters(account),
    }
}
