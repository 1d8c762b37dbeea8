//! Documentation text normalization.
//!
//! The rule: entity references are decoded (by the XML layer), then the text is split into
//! paragraphs at blank lines (lines holding only XML whitespace); inside a paragraph every
//! run of XML whitespace (space, tab, line break) becomes one space and the paragraph is
//! trimmed; paragraphs are joined with one blank line (`"\n\n"`). Text that is empty after
//! this is no documentation (`None`). Several documentation elements on one construct are
//! joined as paragraphs, in document order. Non-breaking spaces and other Unicode spaces
//! are content and kept.

use super::xml::{XML_WS, is_xml_whitespace};

/// Normalizes one documentation text; `None` if it is blank.
pub(crate) fn normalize(text: &str) -> Option<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if is_xml_whitespace(line) {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.extend(line.split(XML_WS).filter(|w| !w.is_empty()));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

/// Joins several documentation texts as paragraphs; `None` if all are blank.
pub(crate) fn join(texts: impl IntoIterator<Item = String>) -> Option<String> {
    let parts: Vec<String> = texts.into_iter().filter_map(|t| normalize(&t)).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace_and_trims() {
        assert_eq!(
            normalize("  Возвращает\n\t   счёт   по  лицевому\n  счёту  ").as_deref(),
            Some("Возвращает счёт по лицевому счёту")
        );
    }

    #[test]
    fn keeps_paragraph_breaks() {
        assert_eq!(
            normalize("\n  Первый\n  абзац.\n\n   \n  Второй абзац.\n").as_deref(),
            Some("Первый абзац.\n\nВторой абзац.")
        );
    }

    #[test]
    fn blank_is_none() {
        assert_eq!(normalize(" \n\t \n"), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn keeps_no_break_space() {
        assert_eq!(normalize(" 10\u{a0}000 ").as_deref(), Some("10\u{a0}000"));
    }

    #[test]
    fn joins_as_paragraphs() {
        assert_eq!(
            join(["a  b".to_owned(), " ".to_owned(), "c".to_owned()]).as_deref(),
            Some("a b\n\nc")
        );
        assert_eq!(join(Vec::new()), None);
    }
}
