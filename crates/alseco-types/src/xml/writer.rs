//! An XML writer with correct escaping, for the generated encoders.

use super::error::EncodeError;

/// Writes an XML document into a byte buffer.
///
/// Writing never fails on the spot: a value that XML cannot carry (a control character
/// in a string) is remembered and reported by [`Writer::finish`], so generated encoders
/// stay simple.
#[derive(Debug, Default)]
pub struct Writer {
    buf: Vec<u8>,
    error: Option<EncodeError>,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Writer::default()
    }

    /// An empty writer with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Writer {
            buf: Vec::with_capacity(capacity),
            error: None,
        }
    }

    /// The document written, or the first encoding error.
    pub fn finish(self) -> Result<Vec<u8>, EncodeError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.buf),
        }
    }

    /// Writes markup as is (the caller guarantees it is well-formed).
    pub fn raw(&mut self, markup: &str) {
        self.buf.extend_from_slice(markup.as_bytes());
    }

    /// Opens `<name` (attributes may follow); close it with [`Writer::close_start`].
    pub fn open_start(&mut self, name: &str) {
        self.buf.push(b'<');
        self.buf.extend_from_slice(name.as_bytes());
    }

    /// Writes ` name="value"` with the value escaped.
    pub fn attribute(&mut self, name: &str, value: &str) {
        self.buf.push(b' ');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b"=\"");
        self.escaped(value, true);
        self.buf.push(b'"');
    }

    /// Writes the `>` that ends a start tag; returns the position for [`Writer::end`].
    pub fn close_start(&mut self) -> usize {
        self.buf.push(b'>');
        self.buf.len()
    }

    /// Writes `</name>`, or turns the start tag into `<name />` when nothing was written
    /// since `content_start`.
    pub fn end(&mut self, name: &str, content_start: usize) {
        if self.buf.len() == content_start {
            self.buf.pop();
            self.buf.extend_from_slice(b" />");
        } else {
            self.buf.extend_from_slice(b"</");
            self.buf.extend_from_slice(name.as_bytes());
            self.buf.push(b'>');
        }
    }

    /// Writes `<name>` with no attributes; returns the position for [`Writer::end`].
    pub fn start(&mut self, name: &str) -> usize {
        self.open_start(name);
        self.close_start()
    }

    /// Writes `<name xsi:nil="true" />`.
    pub fn nil(&mut self, name: &str) {
        self.open_start(name);
        self.buf.extend_from_slice(b" xsi:nil=\"true\" />");
    }

    /// Writes escaped text content.
    pub fn text(&mut self, text: &str) {
        self.escaped(text, false);
    }

    /// Writes text that needs no escaping (digits, signs, `.`, `:`, `T`, …).
    pub fn plain_text(&mut self, text: &str) {
        debug_assert!(!text.contains(['<', '&', '>', '\r']));
        self.buf.extend_from_slice(text.as_bytes());
    }

    /// Records an encoding error (the first one wins); see [`Writer::finish`].
    pub fn fail(&mut self, error: EncodeError) {
        self.error.get_or_insert(error);
    }

    fn escaped(&mut self, text: &str, attribute: bool) {
        let bytes = text.as_bytes();
        let mut last = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let rep: &[u8] = match b {
                b'<' => b"&lt;",
                b'>' => b"&gt;",
                b'&' => b"&amp;",
                b'"' if attribute => b"&quot;",
                b'\r' => b"&#xD;",
                b'\n' if attribute => b"&#xA;",
                b'\t' if attribute => b"&#x9;",
                b'\t' | b'\n' => continue,
                0x00..=0x1f => {
                    self.fail(EncodeError::new(format!(
                        "control character U+{b:04X} cannot be written in XML 1.0"
                    )));
                    continue;
                }
                _ => continue,
            };
            self.buf.extend_from_slice(&bytes[last..i]);
            self.buf.extend_from_slice(rep);
            last = i + 1;
        }
        self.buf.extend_from_slice(&bytes[last..]);
        // U+FFFE and U+FFFF are not XML characters either.
        if text.contains(['\u{fffe}', '\u{ffff}']) {
            self.fail(EncodeError::new(
                "U+FFFE/U+FFFF cannot be written in XML 1.0",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_carriage_returns() {
        let mut w = Writer::new();
        let at = w.start("a");
        w.text("x < y & z > \"q\"\r\n");
        w.end("a", at);
        assert_eq!(
            String::from_utf8(w.finish().unwrap()).unwrap(),
            "<a>x &lt; y &amp; z &gt; \"q\"&#xD;\n</a>"
        );
    }

    #[test]
    fn empty_content_becomes_a_self_closing_tag() {
        let mut w = Writer::new();
        let at = w.start("a");
        w.end("a", at);
        assert_eq!(w.finish().unwrap(), b"<a />");
    }

    #[test]
    fn control_characters_are_an_error() {
        let mut w = Writer::new();
        w.text("a\u{1}b");
        assert!(w.finish().is_err());
    }
}
