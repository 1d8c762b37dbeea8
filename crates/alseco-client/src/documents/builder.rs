//! [`PaymentBuilder`]: a payment from a decoded invoice.

use std::collections::BTreeMap;

use alseco_types::scalars::DateTime;
use alseco_types::types::{AccountInvoicesLastVers, InvoiceLastVers};
use jiff::civil::Date;
use rust_decimal::Decimal;

use super::{
    DocumentError, Header, Payment, PaymentLine, SumSource, check_sum, invoice_readings,
    invoice_services,
};
use crate::calc::adapter::{
    AdapterOptions, ELECTRICITY_DAY, ELECTRICITY_NIGHT, NewReadings, calculate_invoice,
};

/// Readings of one counter service given by the caller, replacing the invoice's
/// ([`PaymentBuilder::reading`]).
///
/// # Example
/// ```
/// use alseco_client::documents::{CounterReading, PaymentBuilder};
/// use alseco_types::types::{AccountInvoicesLastVers, InvoiceLastVers, InvoiceParametersReNew};
/// use jiff::civil::date;
/// use rust_decimal::Decimal;
///
/// let water = InvoiceParametersReNew { service_id: 12, is_counter_service: true, ..Default::default() };
/// let invoice = InvoiceLastVers {
///     invoce_id: Some("2504123456789".into()),
///     invoice_parameters: vec![water],
///     ..Default::default()
/// };
/// let account = AccountInvoicesLastVers { account_id: 1, invoices: vec![invoice.clone()], ..Default::default() };
/// let reading = CounterReading {
///     last_counts: Decimal::from(980),
///     pay_counts: Decimal::from(5),
///     date: Some(date(2025, 4, 9)),
/// };
/// let payment = PaymentBuilder::new(&account, &invoice, "R-1", "2025-04-10T12:00:00+05:00".parse()?)
///     .reading(12, reading)
///     .build()?;
/// assert_eq!(payment.to_document().payment_parameters[0].last_count_date.as_deref(), Some("09.04.2025"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CounterReading {
    /// `LastCounts`: the last reading.
    pub last_counts: Decimal,
    /// `PayCounts`: the consumption paid for (last minus previous reading); 0 if not used.
    pub pay_counts: Decimal,
    /// `LastCountDate`: the date of the last reading; `None` omits it.
    pub date: Option<Date>,
}

/// Builds a [`Payment`] of one invoice of an account (see the [module docs](super) for the
/// rules).
///
/// Every line of the invoice becomes a line of the payment, in order. The setters only record;
/// [`build`](PaymentBuilder::build) checks everything and reports the first problem. Setting the
/// same service's sum or reading twice keeps the last.
///
/// # Example
/// ```
/// use alseco_client::calc::adapter::{AdapterOptions, NewReadings};
/// use alseco_client::documents::PaymentBuilder;
/// use alseco_types::types::{
///     AccountInvoicesLastVers, CalculationParameter, InvoiceLastVers, InvoiceParametersReNew,
///     TariffReNew,
/// };
/// use jiff::civil::date;
/// use rust_decimal::Decimal;
///
/// let d = |s: &str| s.parse::<Decimal>().unwrap();
/// let electricity = InvoiceParametersReNew {
///     service_id: 13,
///     is_counter_service: true,
///     tariff: Some(TariffReNew {
///         min_tariff_value: Some(d("20.5")),
///         middle_tariff_value: Some(d("25.3")),
///         max_tariff_value: Some(d("31.1")),
///         min_tariff_threshold: Some(d("70")),
///         middle_tariff_threshold: Some(d("120")),
///     }),
///     prev_count: Some(d("1000")),
///     prev_count_date: Some("2025-03-31T00:00:00".parse()?),
///     fix_sum: Some(d("2900.00")),
///     ..Default::default()
/// };
/// let gas = InvoiceParametersReNew { service_id: 37, fix_sum: Some(d("977.35")), ..Default::default() };
/// let invoice = InvoiceLastVers {
///     invoce_id: Some("2504123456789".into()),
///     invoice_parameters: vec![electricity, gas],
///     ..Default::default()
/// };
/// let account = AccountInvoicesLastVers {
///     account_id: 600970,
///     invoices: vec![invoice.clone()],
///     calculation_parameters: vec![CalculationParameter {
///         parameter_id: 1,
///         parameter_name: None,
///         parameter_value: d("2.000"),
///     }],
///     ..Default::default()
/// };
///
/// let payment = PaymentBuilder::new(&account, &invoice, "REF-1", "2025-04-30T10:00:00+05:00".parse()?)
///     .electricity(
///         NewReadings { day: d("1150"), night: None, date: date(2025, 4, 30) },
///         AdapterOptions::default(),
///     )
///     .build()?;
/// let line = payment.line(13).unwrap();
/// assert_eq!((line.last_counts, line.pay_counts, line.pay_sum), (d("1150"), d("150"), d("3132.60")));
/// assert_eq!(payment.total(), d("4109.95")); // 3132.60 + 977.35
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct PaymentBuilder<'a> {
    account: &'a AccountInvoicesLastVers,
    invoice: &'a InvoiceLastVers,
    sys_ref: String,
    payment_date: DateTime,
    sums: BTreeMap<i32, Decimal>,
    readings: BTreeMap<i32, CounterReading>,
    electricity: Option<(NewReadings, AdapterOptions)>,
}

impl<'a> PaymentBuilder<'a> {
    /// A payment of `invoice`, one of `account.Invoices`, identified by the bank's `sys_ref`,
    /// made at `payment_date` (with an offset).
    pub fn new(
        account: &'a AccountInvoicesLastVers,
        invoice: &'a InvoiceLastVers,
        sys_ref: impl Into<String>,
        payment_date: DateTime,
    ) -> Self {
        PaymentBuilder {
            account,
            invoice,
            sys_ref: sys_ref.into(),
            payment_date,
            sums: BTreeMap::new(),
            readings: BTreeMap::new(),
            electricity: None,
        }
    }

    /// Pays `sum` for `service_id` instead of its `FixSum` (or its calculated electricity amount).
    pub fn sum(mut self, service_id: i32, sum: Decimal) -> Self {
        self.sums.insert(service_id, sum);
        self
    }

    /// Sends these readings for `service_id` instead of the invoice's. Not for 13 and 23 when
    /// [`electricity`](Self::electricity) is used.
    pub fn reading(mut self, service_id: i32, reading: CounterReading) -> Self {
        self.readings.insert(service_id, reading);
        self
    }

    /// The customer's new electricity readings: the lines of services 13 and 23 get their
    /// readings from them and their sums from the calculator (via
    /// [`calc::adapter`](crate::calc::adapter), with the account's calculation parameters).
    pub fn electricity(mut self, readings: NewReadings, options: AdapterOptions) -> Self {
        self.electricity = Some((readings, options));
        self
    }

    /// Checks everything and makes the payment.
    ///
    /// # Example
    /// ```
    /// use alseco_client::documents::{DocumentError, PaymentBuilder};
    /// use alseco_types::types::{AccountInvoicesLastVers, InvoiceLastVers};
    /// use rust_decimal::Decimal;
    ///
    /// let invoice = InvoiceLastVers { invoce_id: Some("2504123456789".into()), ..Default::default() };
    /// let account = AccountInvoicesLastVers { account_id: 1, invoices: vec![invoice.clone()], ..Default::default() };
    /// let err = PaymentBuilder::new(&account, &invoice, "R-1", "2025-04-10T12:00:00+05:00".parse()?)
    ///     .sum(13, Decimal::from(100))
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err, DocumentError::UnknownService { service_id: 13 });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// The [`DocumentError`]s of [`Payment::from_lines`] (but a sum or reading for a service not
    /// on the invoice is [`DocumentError::UnknownService`], and no line can be missing), plus
    /// [`DocumentError::ConflictingReadings`] and [`DocumentError::Electricity`] when the
    /// electricity amount cannot be computed.
    pub fn build(self) -> Result<Payment, DocumentError> {
        let header = Header::check(
            self.account,
            self.invoice,
            self.sys_ref.clone(),
            self.payment_date,
        )?;
        let services = invoice_services(self.invoice)?;
        if let Some(&service_id) = self
            .sums
            .keys()
            .chain(self.readings.keys())
            .find(|s| !services.contains(s))
        {
            return Err(DocumentError::UnknownService { service_id });
        }

        // Electricity from the calculator.
        let mut computed: BTreeMap<i32, PaymentLine> = BTreeMap::new();
        let mut amount = None;
        if let Some((readings, options)) = &self.electricity {
            for service_id in [ELECTRICITY_DAY, ELECTRICITY_NIGHT] {
                if self.readings.contains_key(&service_id) {
                    return Err(DocumentError::ConflictingReadings { service_id });
                }
            }
            let (input, result) = calculate_invoice(
                self.invoice,
                &self.account.calculation_parameters,
                readings,
                options,
            )?;
            let day = PaymentLine {
                service_id: ELECTRICITY_DAY,
                pay_counts: difference(input.day.last, input.day.previous)?,
                last_counts: input.day.last,
                last_count_date: Some(input.reading_date),
                pay_sum: result.day.amount,
            };
            computed.insert(ELECTRICITY_DAY, day);
            if let (Some(zone), Some(night)) = (&input.night, &result.night) {
                let line = PaymentLine {
                    service_id: ELECTRICITY_NIGHT,
                    pay_counts: difference(zone.last, zone.previous)?,
                    last_counts: zone.last,
                    last_count_date: Some(input.reading_date),
                    pay_sum: night.amount,
                };
                computed.insert(ELECTRICITY_NIGHT, line);
            }
            amount = Some(result);
        }

        let mut lines = Vec::with_capacity(self.invoice.invoice_parameters.len());
        for invoice_line in &self.invoice.invoice_parameters {
            let service_id = invoice_line.service_id;
            let (mut line, default_source) = match computed.remove(&service_id) {
                Some(line) => (line, SumSource::Calculated),
                None => {
                    let (pay_counts, last_counts, last_count_date) = invoice_readings(invoice_line);
                    let line = PaymentLine {
                        service_id,
                        pay_counts,
                        last_counts,
                        last_count_date,
                        pay_sum: invoice_line.fix_sum.unwrap_or(Decimal::ZERO),
                    };
                    (line, SumSource::FixSum)
                }
            };
            if let Some(reading) = self.readings.get(&service_id) {
                line.last_counts = reading.last_counts;
                line.pay_counts = reading.pay_counts;
                line.last_count_date = reading.date;
            }
            let source = match self.sums.get(&service_id) {
                Some(&sum) => {
                    line.pay_sum = sum;
                    SumSource::Override
                }
                None => default_source,
            };
            check_sum(service_id, line.pay_sum, source)?;
            lines.push(line);
        }
        header.finish(lines, amount)
    }
}

/// `PayCounts` = last − previous (the calculator has already checked it is not negative).
fn difference(last: Decimal, previous: Decimal) -> Result<Decimal, DocumentError> {
    last.checked_sub(previous).ok_or(DocumentError::Overflow {
        what: "PayCounts (last − previous reading)",
    })
}
