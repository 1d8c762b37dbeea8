//! Documentation from the schema into rustdoc attributes.

use proc_macro2::TokenStream;
use quote::quote;

/// Rustdoc lines for `documentation`, followed by a line naming the wire element.
///
/// Lines are trimmed (an indented line would become a doctest) and the characters that
/// rustdoc reads as links or HTML are escaped, since the text is the spec's prose.
pub(crate) fn doc_attrs(documentation: Option<&str>, wire_note: Option<String>) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    if let Some(text) = documentation {
        for line in text.lines() {
            lines.push(escape(line.trim()));
        }
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
    }
    if let Some(note) = wire_note {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(note);
    }
    let attrs = lines.into_iter().map(|line| {
        let line = if line.is_empty() {
            line
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#attrs)* }
}

fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 2);
    // A line that would start a heading or a list item.
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let list_marker =
        line.starts_with(['-', '+']) || (digits > 0 && line[digits..].starts_with(['.', ')']));
    if line.starts_with('#') || (list_marker && digits == 0) {
        out.push('\\');
    }
    for (i, c) in line.chars().enumerate() {
        // Links, HTML and entities, code spans, emphasis and strikethrough.
        let special = matches!(
            c,
            '[' | ']' | '<' | '>' | '`' | '\\' | '*' | '_' | '~' | '&'
        );
        if special || (list_marker && digits > 0 && i == digits) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
