#!/usr/bin/env python3
"""Checks schemas/AlsecoPaymentsService.wsdl and validates XML documents against it.

Run from the repository root:

    python3 tests/python/check_wsdl.py [PATH ...]

1. zeep loads the WSDL from the local file (any network access is an error) and finds each of
   the 27 operations on both bindings (SOAP 1.1 and SOAP 1.2) with its SOAPAction.
2. The WSDL stays inside the XSD subset ASMX emits and the project's code generator reads.
3. xmlschema builds the embedded s:schema, and every fixture in fixtures/spec/*.xml validates:
   the first element child of the SOAP Body (1.1 or 1.2) is validated as a top-level element
   of the schema. Response wrappers listed in schemas/response-aliases.toml are renamed to the
   canonical {Op}Response/{Op}Result first.
4. Every PATH given on the command line (a directory, searched recursively for *.xml, or a
   file) is validated the same way; a document that is not a SOAP envelope is validated as is.

Prints one line per check and ends with "N passed, M failed"; exits non-zero on any failure.
"""

from __future__ import annotations

import copy
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WSDL = ROOT / "schemas" / "AlsecoPaymentsService.wsdl"
ALIASES = ROOT / "schemas" / "response-aliases.toml"
FIXTURES = ROOT / "fixtures" / "spec"

TNS = "http://www.alseco.kz/AlsecoPaymentsService/"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
XS_NS = "http://www.w3.org/2001/XMLSchema"
SOAP_ENVELOPES = (
    "http://schemas.xmlsoap.org/soap/envelope/",
    "http://www.w3.org/2003/05/soap-envelope",
)
BINDINGS = ("AlsecoPaymentsServiceSoap", "AlsecoPaymentsServiceSoap12")

OPERATIONS = (
    "GetCurrentPeriod",
    "GetAccountState",
    "GetAccountsWithFormedBill",
    "GetBillInfoLabels",
    "GetBillInfo",
    "GetInvoicesByAccountsNew",
    "GetInvoicesByInvoicesNew",
    "GetInvoicesByAccountsReNew",
    "GetInvoicesByAccountsAndPeriod",
    "GetInvoicesByAccountsWithInfo",
    "GetInvoicesByAccountsLastVers",
    "GetInvoicesByAccountsLastVersWithPays",
    "Pay",
    "PayNew",
    "PayNewD",
    "RollbackPayments",
    "RollbackPaymentsBySysRef",
    "GetPaymentsInfoBySysRef",
    "GetPaymentsInfo",
    "getPaysInfo",
    "GetBankPayByMonth",
    "GetBillPays",
    "GetServKNO",
    "GetPrintedInvoicePDF",
    "GetReport108e",
    "GetPaymentsNKR",
    "DayPaysSum",
)

# The XSD subset: schema constructs and built-in types the code generator supports.
ALLOWED_XS = {
    "schema", "element", "complexType", "sequence", "simpleType", "restriction",
    "enumeration", "annotation", "documentation",
}
ALLOWED_BUILTINS = {"string", "int", "long", "boolean", "decimal", "dateTime", "base64Binary"}


class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def ok(self, name: str) -> None:
        self.passed += 1
        print(f"ok   {name}")

    def fail(self, name: str, why: str) -> None:
        self.failed += 1
        why = " ".join(str(why).split())
        print(f"FAIL {name}: {why}")

    def check(self, name: str, cond: bool, why: str = "") -> bool:
        if cond:
            self.ok(name)
        else:
            self.fail(name, why or "condition is false")
        return cond


def forbid_network() -> None:
    """Any HTTP request zeep attempts is a failure: the WSDL must load from the file alone."""
    import requests

    def refuse(self, request, **kwargs):  # noqa: ARG001
        raise RuntimeError(f"network access attempted: {request.method} {request.url}")

    requests.Session.send = refuse  # type: ignore[method-assign]


def check_zeep(c: Checks) -> None:
    forbid_network()
    import zeep

    try:
        client = zeep.Client(str(WSDL))
    except Exception as e:  # noqa: BLE001
        c.fail("zeep: loads the WSDL", repr(e))
        return
    c.ok("zeep: loads the WSDL")

    bindings = client.wsdl.bindings
    for binding_name in BINDINGS:
        binding = bindings.get(f"{{{TNS}}}{binding_name}")
        if not c.check(f"zeep: binding {binding_name} exists", binding is not None,
                       f"bindings found: {sorted(bindings)}"):
            continue
        ops = binding.all()
        c.check(f"zeep: {binding_name} has exactly {len(OPERATIONS)} operations",
                len(ops) == len(OPERATIONS) and set(ops) == set(OPERATIONS),
                f"{len(ops)} operations; missing {sorted(set(OPERATIONS) - set(ops))}, "
                f"unexpected {sorted(set(ops) - set(OPERATIONS))}")
        for op_name in OPERATIONS:
            op = ops.get(op_name)
            if op is None:
                c.fail(f"zeep: {binding_name}.{op_name}", "operation not found")
                continue
            action = TNS + op_name
            problems = []
            if op.soapaction != action:
                problems.append(f"soapAction {op.soapaction!r}, expected {action!r}")
            if op.style != "document":
                problems.append(f"style {op.style!r}")
            in_el = getattr(op.input.body, "qname", None)
            out_el = getattr(op.output.body, "qname", None)
            if str(in_el) != f"{{{TNS}}}{op_name}":
                problems.append(f"input element {in_el}")
            if str(out_el) != f"{{{TNS}}}{op_name}Response":
                problems.append(f"output element {out_el}")
            c.check(f"zeep: {binding_name}.{op_name} soapAction={action}", not problems,
                    "; ".join(problems))

    service = client.wsdl.services.get("AlsecoPaymentsService")
    ports = sorted(service.ports) if service is not None else []
    c.check("zeep: service AlsecoPaymentsService has ports for both bindings",
            ports == sorted(BINDINGS), f"ports {ports}")


def load_wsdl_tree():
    from lxml import etree

    return etree.parse(str(WSDL))


def check_subset(c: Checks, tree) -> None:
    """The WSDL uses only what ASMX emits and the project's generator reads."""
    root = tree.getroot()
    schemas = root.findall(f"{{{WSDL_NS}}}types/{{{XS_NS}}}schema")
    c.check("wsdl: exactly one embedded s:schema", len(schemas) == 1, f"found {len(schemas)}")
    if not schemas:
        return
    schema = schemas[0]
    c.check("wsdl: schema is elementFormDefault=qualified for the service namespace",
            schema.get("elementFormDefault") == "qualified" and schema.get("targetNamespace") == TNS)

    bad = sorted({el.tag for el in schema.iter()
                  if isinstance(el.tag, str) and (not el.tag.startswith(f"{{{XS_NS}}}")
                                                  or el.tag.split("}")[1] not in ALLOWED_XS)})
    c.check("wsdl: schema uses only the supported XSD constructs", not bad, f"unsupported: {bad}")

    bad_types = set()
    for el in schema.iter(f"{{{XS_NS}}}element", f"{{{XS_NS}}}restriction"):
        ty = el.get("type") or el.get("base")
        if ty is None:
            continue
        prefix, _, local = ty.rpartition(":")
        ns = el.nsmap.get(prefix or None)
        if ns == XS_NS and local not in ALLOWED_BUILTINS:
            bad_types.add(ty)
        elif ns not in (XS_NS, TNS):
            bad_types.add(ty)
    c.check("wsdl: schema uses only the supported built-in types", not bad_types,
            f"unsupported: {sorted(bad_types)}")

    top_elements = {e.get("name") for e in schema.findall(f"{{{XS_NS}}}element")}
    complex_names = [t.get("name") for t in schema.findall(f"{{{XS_NS}}}complexType")]
    simple_names = [t.get("name") for t in schema.findall(f"{{{XS_NS}}}simpleType")]
    names = complex_names + simple_names
    dupes = sorted({n for n in names if names.count(n) > 1})
    c.check("wsdl: type names are unique", not dupes, f"duplicated: {dupes}")
    clash = sorted(set(complex_names) & top_elements)
    c.check("wsdl: no complexType is named like a top-level element", not clash, f"clash: {clash}")
    expected = {op for op in OPERATIONS} | {f"{op}Response" for op in OPERATIONS}
    c.check("wsdl: top-level elements are exactly {Op} and {Op}Response",
            top_elements == expected,
            f"missing {sorted(expected - top_elements)}, unexpected {sorted(top_elements - expected)}")

    nil_items = [t.get("name") for t in schema.findall(f"{{{XS_NS}}}complexType")
                 if any(e.get("maxOccurs") == "unbounded" and e.get("nillable") == "true"
                        for e in t.iter(f"{{{XS_NS}}}element"))]
    c.check("wsdl: array items are not nillable", not nil_items, f"nillable items in {nil_items}")

    undocumented = []
    for op in root.findall(f"{{{WSDL_NS}}}portType/{{{WSDL_NS}}}operation"):
        doc = op.find(f"{{{WSDL_NS}}}documentation")
        if doc is None or not (doc.text or "").strip():
            undocumented.append(op.get("name"))
    c.check("wsdl: every portType operation has wsdl:documentation", not undocumented,
            f"undocumented: {undocumented}")


def build_schema(c: Checks, tree):
    import xmlschema
    from lxml import etree

    schema_el = tree.getroot().find(f"{{{WSDL_NS}}}types/{{{XS_NS}}}schema")
    if schema_el is None:
        c.fail("xmlschema: builds the embedded schema", "no s:schema in wsdl:types")
        return None
    # Serialising the element carries the namespace declarations inherited from
    # wsdl:definitions (s:, tns:), so the schema is self-contained.
    source = etree.tostring(schema_el, encoding="unicode")
    try:
        schema = xmlschema.XMLSchema10(source, validation="strict")
    except Exception as e:  # noqa: BLE001
        c.fail("xmlschema: builds the embedded schema", repr(e))
        return None
    c.ok("xmlschema: builds the embedded schema")
    return schema


def load_aliases(c: Checks) -> list[dict]:
    try:
        with ALIASES.open("rb") as f:
            aliases = tomllib.load(f).get("alias", [])
    except Exception as e:  # noqa: BLE001
        c.fail("aliases: schemas/response-aliases.toml parses", repr(e))
        return []
    problems = [a for a in aliases
                if a.get("operation") not in OPERATIONS
                or not all(a.get(k) for k in ("response", "result", "reason"))]
    c.check("aliases: schemas/response-aliases.toml parses and names known operations",
            not problems, f"bad entries: {problems}")
    return aliases


def operation_of(path: Path) -> str | None:
    """`Op.request.xml`, `Op.response.variant.xml` -> `Op` (None if not an operation name)."""
    op = path.name.split(".")[0]
    return op if op in OPERATIONS else None


def payload_of(doc):
    """The first element child of the SOAP Body, or the document element if not an envelope."""
    root = doc.getroot()
    for ns in SOAP_ENVELOPES:
        if root.tag == f"{{{ns}}}Envelope":
            body = root.find(f"{{{ns}}}Body")
            if body is None:
                raise ValueError("SOAP envelope without Body")
            children = [el for el in body if isinstance(el.tag, str)]
            if not children:
                raise ValueError("empty SOAP Body")
            return children[0]
    return root


def apply_alias(el, op: str | None, aliases: list[dict]):
    """Renames a response wrapper the spec shows to ASMX's {Op}Response/{Op}Result.

    Returns (element, alias or None). With a known operation (from the file name) only that
    operation's aliases apply; otherwise an alias applies when the wrapper is not a schema
    element of its own and exactly one alias matches it.
    """
    tag = el.tag
    if not tag.startswith(f"{{{TNS}}}"):
        return el, None
    local = tag[len(TNS) + 2:]
    candidates = [a for a in aliases if a["response"] == local and (op is None or a["operation"] == op)]
    if op is None:
        if local in {o for o in OPERATIONS} | {f"{o}Response" for o in OPERATIONS}:
            return el, None
        if len(candidates) != 1:
            return el, None
    elif not candidates:
        return el, None
    alias = candidates[0]
    el = copy.deepcopy(el)
    el.tag = f"{{{TNS}}}{alias['operation']}Response"
    for child in el:
        if isinstance(child.tag, str) and child.tag == f"{{{TNS}}}{alias['result']}":
            child.tag = f"{{{TNS}}}{alias['operation']}Result"
    return el, alias


def validate_file(c: Checks, schema, aliases: list[dict], path: Path, base: Path) -> None:
    from lxml import etree

    name = f"validate: {path.relative_to(base) if path.is_relative_to(base) else path}"
    try:
        doc = etree.parse(str(path))
        payload = payload_of(doc)
    except Exception as e:  # noqa: BLE001
        c.fail(name, f"not a well-formed SOAP document: {e}")
        return

    op = operation_of(path)
    payload, alias = apply_alias(payload, op, aliases)
    local = etree.QName(payload).localname
    if etree.QName(payload).namespace != TNS or schema.elements.get(local) is None:
        c.fail(name, f"root element {payload.tag} is not a top-level element of the schema")
        return

    if op is not None:
        kind = path.name.split(".")[1] if path.name.count(".") >= 2 else ""
        expected = {"request": op, "response": f"{op}Response"}.get(kind)
        if expected is not None and local != expected:
            c.fail(name, f"a {kind} of {op} should be <{expected}>, found <{local}>")
            return

    source = etree.tostring(payload, encoding="unicode")
    errors = list(schema.iter_errors(source))
    if errors:
        e = errors[0]
        c.fail(name, f"{len(errors)} error(s); first at {e.path}: {e.reason}")
        return
    suffix = f" (as {local}, alias {alias['response']})" if alias else f" (as {local})"
    c.ok(name + suffix)


def xml_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*.xml") if p.is_file())
    return [path]


def main(argv: list[str]) -> int:
    c = Checks()
    check_zeep(c)
    tree = load_wsdl_tree()
    check_subset(c, tree)
    schema = build_schema(c, tree)
    aliases = load_aliases(c)

    fixtures = sorted(FIXTURES.glob("*.xml"))
    c.check("fixtures: fixtures/spec holds XML examples", bool(fixtures), "no fixtures found")
    covered = {operation_of(p) for p in fixtures} - {None}
    unnamed = [p.name for p in fixtures if operation_of(p) is None]
    c.check("fixtures: every fixture is named after an operation", not unnamed, f"{unnamed}")
    for alias in aliases:
        c.check(f"aliases: {alias['operation']} has a fixture showing {alias['response']}",
                alias["operation"] in covered)

    if schema is not None:
        for path in fixtures:
            validate_file(c, schema, aliases, path, ROOT)
        for arg in argv:
            extra = Path(arg)
            if not extra.exists():
                c.fail(f"validate: {arg}", "no such file or directory")
                continue
            files = xml_files(extra)
            if not files:
                c.fail(f"validate: {arg}", "no *.xml files")
            for path in files:
                validate_file(c, schema, aliases, path.resolve(), Path.cwd().resolve())

    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
