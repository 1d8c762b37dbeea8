//! Rust names for wire names: exact wire names stay in strings, idents follow Rust style.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Names that cannot be raw identifiers get a trailing underscore (`self` → `self_`); a
/// name with nothing usable becomes `unnamed`.
fn ident(name: &str) -> Ident {
    if name.is_empty() || name.chars().all(|c| c == '_') {
        return Ident::new("unnamed", Span::call_site());
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return Ident::new(&format!("_{name}"), Span::call_site());
    }
    if matches!(name, "self" | "Self" | "super" | "crate") {
        return Ident::new(&format!("{name}_"), Span::call_site());
    }
    if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// A type name: kept as written when it is already an upper-camel identifier
/// (`ResultAccountInvoicesOfInt32`, `GetPrintedInvoicePDF`), converted otherwise (`getPaysInfo` → `GetPaysInfo`).
pub(crate) fn type_name(wire: &str) -> String {
    let valid = wire.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && wire.chars().all(|c| c.is_ascii_alphanumeric());
    if valid {
        wire.to_owned()
    } else {
        wire.to_upper_camel_case()
    }
}

pub(crate) fn type_ident(wire: &str) -> Ident {
    ident(&type_name(wire))
}

/// A field or method name: `InvoceId` → `invoce_id`, `NAME_POL` → `name_pol`.
pub(crate) fn snake(wire: &str) -> String {
    wire.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .to_snake_case()
}

pub(crate) fn snake_ident(wire: &str) -> Ident {
    ident(&snake(wire))
}

/// A constant name: `GetBillInfo` → `GET_BILL_INFO`.
pub(crate) fn shouty_ident(wire: &str) -> Ident {
    ident(&wire.to_shouty_snake_case())
}

/// An enum variant: `Success` stays, `in process` → `InProcess`.
pub(crate) fn variant_ident(wire: &str) -> Option<Ident> {
    let name = type_name(wire);
    let starts_ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    (starts_ok && name.chars().all(|c| c.is_ascii_alphanumeric())).then(|| ident(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_map_to_rust_names() {
        assert_eq!(snake("InvoceId"), "invoce_id");
        assert_eq!(snake("NAME_POL"), "name_pol");
        assert_eq!(snake("labelId"), "label_id");
        assert_eq!(snake("GetPrintedInvoicePDF"), "get_printed_invoice_pdf");
        assert_eq!(type_name("getPaysInfo"), "GetPaysInfo");
        assert_eq!(type_name("GetPrintedInvoicePDF"), "GetPrintedInvoicePDF");
        assert_eq!(snake_ident("type").to_string(), "r#type");
    }
}
