//! `alseco decode METHOD FILE`: a captured response of any method, as JSON.

use crate::error::{CliError, CliResult};
use alseco_types::messages;
use alseco_types::operation::{ResponseError, decode_response};
use alseco_types::operations;
use alseco_types::xml::Limits;

macro_rules! decoders {
    ($($name:ident),* $(,)?) => {
        fn decode_as(name: &str, bytes: &[u8]) -> Option<Result<String, ResponseError>> {
            $(
                if name == <messages::$name as alseco_types::Operation>::DESCRIPTOR.name {
                    return Some(
                        decode_response::<messages::$name>(bytes, Limits::default())
                            .map(|r| serde_json::to_string_pretty(&r).unwrap_or_default()),
                    );
                }
            )*
            None
        }
    };
}

decoders!(
    GetCurrentPeriod,
    GetAccountState,
    GetAccountsWithFormedBill,
    GetBillInfoLabels,
    GetBillInfo,
    GetInvoicesByAccountsNew,
    GetInvoicesByInvoicesNew,
    GetInvoicesByAccountsReNew,
    GetInvoicesByAccountsAndPeriod,
    GetInvoicesByAccountsWithInfo,
    GetInvoicesByAccountsLastVers,
    GetInvoicesByAccountsLastVersWithPays,
    Pay,
    PayNew,
    PayNewD,
    RollbackPayments,
    RollbackPaymentsBySysRef,
    GetPaymentsInfoBySysRef,
    GetPaymentsInfo,
    GetPaysInfo,
    GetBankPayByMonth,
    GetBillPays,
    GetServKNO,
    GetPrintedInvoicePDF,
    GetReport108e,
    GetPaymentsNKR,
    DayPaysSum,
);

/// The method's wire name, matched exactly or else case-insensitively.
fn method_name(method: &str) -> CliResult<&'static str> {
    let method = method.trim();
    operations::by_name(method)
        .or_else(|| {
            operations::ALL
                .iter()
                .copied()
                .find(|op| op.name.eq_ignore_ascii_case(method))
        })
        .map(|op| op.name)
        .ok_or_else(|| {
            CliError::usage(format!(
                "unknown method `{method}` (e.g. GetAccountState, GetInvoicesByAccountsLastVers, getPaysInfo)"
            ))
        })
}

/// Decodes `bytes` as the response of `method`: pretty JSON, fields in the message's order.
pub(crate) fn decode(method: &str, bytes: &[u8]) -> CliResult<String> {
    let name = method_name(method)?;
    match decode_as(name, bytes) {
        Some(Ok(value)) => Ok(value),
        Some(Err(ResponseError::Fault(fault))) => {
            Err(CliError::service(format!("SOAP fault: {fault}")))
        }
        Some(Err(ResponseError::Decode(e))) => {
            Err(CliError::input(format!("not a {name} response: {e}")))
        }
        None => Err(CliError::other(format!("no decoder for {name}"))),
    }
}
