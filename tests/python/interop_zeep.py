#!/usr/bin/env python3
"""Interop: a SOAP client nobody here wrote (Python zeep) against a running alseco-sandbox.

    python3 tests/python/interop_zeep.py http://127.0.0.1:18080/AlsecoPaymentsService/AlsecoPaymentsService.asmx

zeep loads the WSDL the sandbox serves (``?wsdl``) and, over both ports (SOAP 1.1 and
SOAP 1.2), calls GetCurrentPeriod, GetAccountState, GetInvoicesByAccountsLastVers, PayNew
(paying a real invoice of account 600000: exactly its services, each with its FixSum),
GetPaymentsInfoBySysRef, RollbackPaymentsBySysRef and GetPrintedInvoicePDF, asserting the
values. Prints one line per check and ends with "N passed, M failed"; exits non-zero on any
failure. Run it with tests/python/run_interop.sh, which starts the sandbox.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from decimal import Decimal

import zeep
from zeep.plugins import HistoryPlugin

SERVICE = "AlsecoPaymentsService"
PORTS = {"SOAP 1.1": "AlsecoPaymentsServiceSoap", "SOAP 1.2": "AlsecoPaymentsServiceSoap12"}
# What each port must put on the wire: the envelope namespace and the Content-Type.
WIRE = {
    "AlsecoPaymentsServiceSoap": ("http://schemas.xmlsoap.org/soap/envelope/", "text/xml"),
    "AlsecoPaymentsServiceSoap12": ("http://www.w3.org/2003/05/soap-envelope",
                                    "application/soap+xml"),
}
BANK = "ALSC"
ACCOUNT = 600000
UNKNOWN_ACCOUNT = 1

passed = 0
failed = 0


def check(name: str, ok: bool, detail: object = "") -> bool:
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")
    return ok


def items(array: object, name: str) -> list:
    """The list inside an ASMX ArrayOfX value (zeep keeps the wrapper), [] for nil."""
    if array is None:
        return []
    if isinstance(array, list):
        return array
    return list(getattr(array, name, None) or [])


def run_port(client: zeep.Client, history: HistoryPlugin, label: str, port: str,
             run_id: str) -> None:
    service = client.bind(SERVICE, port)
    prefix = f"[{label}]"

    # GetCurrentPeriod: "YYYY-MM".
    period = service.GetCurrentPeriod(bankCode=BANK)
    namespace, content_type = WIRE[port]
    sent = history.last_sent or {}
    envelope = sent.get("envelope")
    headers = sent.get("http_headers") or {}
    check(f"{prefix} zeep sent a {namespace} envelope as {content_type}",
          envelope is not None and envelope.tag == f"{{{namespace}}}Envelope"
          and str(headers.get("Content-Type", "")).startswith(content_type),
          (getattr(envelope, "tag", None), headers.get("Content-Type")))
    check(f"{prefix} GetCurrentPeriod is YYYY-MM ({period})",
          isinstance(period, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period) is not None,
          repr(period))
    year, month = (int(p) for p in period.split("-"))

    # GetAccountState.
    state = service.GetAccountState(accountId=ACCOUNT, bankCode=BANK)
    check(f"{prefix} GetAccountState({ACCOUNT}) = Active", state == "Active", state)
    state = service.GetAccountState(accountId=UNKNOWN_ACCOUNT, bankCode=BANK)
    check(f"{prefix} GetAccountState({UNKNOWN_ACCOUNT}) = NotFound", state == "NotFound", state)

    # GetInvoicesByAccountsLastVers.
    result = service.GetInvoicesByAccountsLastVers(accounts={"int": [ACCOUNT]}, bankCode=BANK)
    results = items(result, "ResultAccountInvoicesLastVersOfInt32")
    if not check(f"{prefix} GetInvoicesByAccountsLastVers: one result", len(results) == 1, result):
        return
    r = results[0]
    check(f"{prefix} LastVers InputValue = {ACCOUNT}", r.InputValue == ACCOUNT, r.InputValue)
    check(f"{prefix} LastVers State = Success", r.State == "Success", r.State)
    account = r.AccountInvoices
    if not check(f"{prefix} LastVers has AccountInvoices", account is not None, r):
        return
    check(f"{prefix} LastVers AccountId = {ACCOUNT}", account.AccountId == ACCOUNT, account.AccountId)
    check(f"{prefix} LastVers AccountName is set", bool(account.AccountName), account.AccountName)
    invoices = items(account.Invoices, "InvoiceLastVers")
    if not check(f"{prefix} LastVers has invoices", len(invoices) >= 1, account.Invoices):
        return
    invoice = invoices[0]
    number = invoice.InvoceId
    check(f"{prefix} InvoceId {number} is YYMM + 8 digits of the period",
          isinstance(number, str) and re.fullmatch(r"\d{12}", number) is not None
          and number[:4] == f"{year % 100:02d}{month:02d}", number)
    check(f"{prefix} FormedYear/FormedMonth = {period}",
          (invoice.FormedYear, invoice.FormedMonth) == (year, month),
          (invoice.FormedYear, invoice.FormedMonth))
    lines = items(invoice.InvoiceParameters, "InvoiceParametersReNew")
    check(f"{prefix} invoice has service lines", len(lines) >= 1, invoice.InvoiceParameters)
    check(f"{prefix} every line has ServiceId, ServiceName and a decimal FixSum",
          all(isinstance(l.ServiceId, int) and l.ServiceName
              and (l.FixSum is None or isinstance(l.FixSum, Decimal)) for l in lines),
          [(l.ServiceId, l.ServiceName, l.FixSum) for l in lines])
    total = sum((l.FixSum or Decimal(0) for l in lines), Decimal(0))
    check(f"{prefix} invoice total {total} > 0", total > 0, total)

    # PayNew: exactly the invoice's services, each with its FixSum.
    sys_ref = f"ZEEP-{run_id}-{port}"
    now = dt.datetime.now(dt.timezone(dt.timedelta(hours=5))).replace(microsecond=0)
    document = {
        "AccountId": ACCOUNT,
        "InvoiceId": number,
        "PaymentDate": now,
        "SysRef": sys_ref,
        "PaymentParameters": {"PaymentParameter": [
            {"ServiceId": l.ServiceId, "PayCounts": Decimal(0), "LastCounts": Decimal(0),
             "PaySum": l.FixSum or Decimal(0)}
            for l in lines
        ]},
    }
    paid = items(service.PayNew(paymentDocuments={"PaymentDocument": [document]}, bankCode=BANK),
                 "ResultPaymentInvoice")
    if not check(f"{prefix} PayNew: one result", len(paid) == 1, paid):
        return
    check(f"{prefix} PayNew State = Success", paid[0].State == "Success", paid[0])
    payment_id = paid[0].PaymentId
    check(f"{prefix} PayNew PaymentId {payment_id} > 0",
          isinstance(payment_id, int) and payment_id > 0, payment_id)
    check(f"{prefix} PayNew InvoiceId = {number}", paid[0].InvoiceId == number, paid[0].InvoiceId)

    again = items(service.PayNew(paymentDocuments={"PaymentDocument": [document]}, bankCode=BANK),
                  "ResultPaymentInvoice")
    check(f"{prefix} PayNew with the same SysRef = SysRefExists",
          len(again) == 1 and again[0].State == "SysRefExists" and again[0].PaymentId == -1, again)

    info = service.GetPaymentsInfoBySysRef(sysRef=sys_ref, bankCode=BANK)
    check(f"{prefix} GetPaymentsInfoBySysRef: InProcess, PaymentId {payment_id}, sum {total}",
          info.PaymentStatus == "InProcess" and info.PaymentId == payment_id
          and info.PaymentSum == total and info.AccountId == ACCOUNT, info)

    # RollbackPaymentsBySysRef.
    rolled = items(service.RollbackPaymentsBySysRef(sysRefs={"string": [sys_ref]}, bankCode=BANK),
                   "ResultRollbackPaymentOfString")
    check(f"{prefix} RollbackPaymentsBySysRef({sys_ref}) = Success",
          len(rolled) == 1 and rolled[0].Result == "Success" and rolled[0].PaymentId == sys_ref,
          rolled)
    rolled = items(service.RollbackPaymentsBySysRef(sysRefs={"string": [sys_ref]}, bankCode=BANK),
                   "ResultRollbackPaymentOfString")
    check(f"{prefix} a second rollback = PaymentWasRolledBack",
          len(rolled) == 1 and rolled[0].Result == "PaymentWasRolledBack", rolled)
    info = service.GetPaymentsInfoBySysRef(sysRef=sys_ref, bankCode=BANK)
    check(f"{prefix} after the rollback the status is NotFound", info.PaymentStatus == "NotFound",
          info)

    # GetPrintedInvoicePDF: base64Binary, decoded by zeep to bytes.
    pdf = service.GetPrintedInvoicePDF(accountId=ACCOUNT, year=year, month=month)
    check(f"{prefix} GetPrintedInvoicePDF starts with %PDF ({len(pdf or b'')} bytes)",
          isinstance(pdf, bytes) and pdf.startswith(b"%PDF"), (pdf or b"")[:16])
    check(f"{prefix} the PDF ends with %%EOF",
          isinstance(pdf, bytes) and pdf.rstrip().endswith(b"%%EOF"), (pdf or b"")[-16:])
    nothing = service.GetPrintedInvoicePDF(accountId=UNKNOWN_ACCOUNT, year=year, month=month)
    check(f"{prefix} GetPrintedInvoicePDF of an unknown account is nil", not nothing, nothing)

    # An unknown bank: ASMX's answer is a SOAP fault, which zeep raises.
    try:
        service.GetCurrentPeriod(bankCode="XXXX")
        check(f"{prefix} an unknown bank is a SOAP fault", False, "no fault")
    except zeep.exceptions.Fault as fault:
        check(f"{prefix} an unknown bank is a SOAP fault ({fault.message})",
              "Не найден банк" in (fault.message or ""), fault.message)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    url = argv[1]
    wsdl = url if url.lower().endswith("?wsdl") else url + "?wsdl"
    service_url = wsdl[: -len("?wsdl")]
    history = HistoryPlugin()
    client = zeep.Client(wsdl, plugins=[history])
    ports = client.wsdl.services[SERVICE].ports
    check("the WSDL has both ports", set(PORTS.values()) <= set(ports), list(ports))
    for port in PORTS.values():
        address = ports[port].binding_options.get("address")
        check(f"port {port} points at {service_url}", address == service_url, address)
    check("the WSDL has 27 operations on each binding",
          all(len(ports[p].binding._operations) == 27 for p in PORTS.values()),
          {p: len(ports[p].binding._operations) for p in PORTS.values()})
    run_id = str(int(time.time() * 1000))
    for label, port in PORTS.items():
        try:
            run_port(client, history, label, port, run_id)
        except Exception as e:  # noqa: BLE001 — any failure is reported, then counted
            check(f"[{label}] calls completed", False, f"{type(e).__name__}: {e}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
