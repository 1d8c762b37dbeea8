//! A minimal PDF 1.4 writer for the printed invoice (GetPrintedInvoicePDF).
//!
//! Pages of positioned text in the standard Helvetica fonts (no embedded or network fonts), a
//! classic cross-reference table with exact byte offsets. The standard fonts have no Cyrillic,
//! so text is transliterated to ASCII (Russian and Kazakh letters); anything else becomes `?`.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::dataset::{Account, InvoiceRecord};

const PAGE_WIDTH: u32 = 595;
const PAGE_HEIGHT: u32 = 842;
const TOP: i32 = 800;
const BOTTOM: i32 = 60;
const LEFT: i32 = 40;

/// Transliterates Russian and Kazakh Cyrillic to ASCII.
pub(crate) fn transliterate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        let t = match lower {
            'а' | 'ә' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'ғ' => "gh",
            'д' => "d",
            'е' | 'э' => "e",
            'ё' => "yo",
            'ж' => "zh",
            'з' => "z",
            'и' | 'і' => "i",
            'й' => "y",
            'к' => "k",
            'қ' => "q",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'ң' => "ng",
            'о' | 'ө' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' | 'ұ' | 'ү' => "u",
            'ф' => "f",
            'х' => "kh",
            'һ' => "h",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'ю' => "yu",
            'я' => "ya",
            '«' | '»' | '“' | '”' => "\"",
            '–' | '—' => "-",
            '№' => "No",
            '²' => "2",
            '³' => "3",
            _ => "?",
        };
        if c != lower {
            let mut chars = t.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(t);
        }
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in transliterate(text).chars() {
        match c {
            '\\' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii_graphic() || c == ' ' => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// Pages of positioned text.
struct Layout {
    pages: Vec<String>,
    current: String,
    y: i32,
}

impl Layout {
    fn new() -> Self {
        Layout {
            pages: Vec::new(),
            current: String::new(),
            y: TOP,
        }
    }

    fn text_at(&mut self, x: i32, bold: bool, size: u32, text: &str) {
        let font = if bold { "F2" } else { "F1" };
        let _ = writeln!(
            self.current,
            "BT /{font} {size} Tf 1 0 0 1 {} {} Tm ({}) Tj ET",
            x,
            self.y,
            escape(text)
        );
    }

    /// Writes a row of cells at the given x positions, then moves down.
    fn row(&mut self, bold: bool, size: u32, cells: &[(i32, &str)]) {
        if self.y < BOTTOM {
            self.page_break();
        }
        for (x, text) in cells {
            self.text_at(LEFT + x, bold, size, text);
        }
        self.y -= size as i32 + 4;
    }

    fn line(&mut self, bold: bool, size: u32, text: &str) {
        self.row(bold, size, &[(0, text)]);
    }

    fn gap(&mut self) {
        self.y -= 8;
    }

    fn page_break(&mut self) {
        let page = std::mem::take(&mut self.current);
        self.pages.push(page);
        self.y = TOP;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.current.is_empty() || self.pages.is_empty() {
            self.page_break();
        }
        self.pages
    }
}

/// Serialises pages (content streams) as a PDF 1.4 file.
pub(crate) fn write_pdf(pages: &[String]) -> Vec<u8> {
    let mut buf: Vec<u8> = Vec::new();
    buf.extend_from_slice(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    let count = 4 + 2 * pages.len();
    let mut offsets = vec![0usize; count + 1];
    let mut obj = |buf: &mut Vec<u8>, n: usize, body: &[u8]| {
        offsets[n] = buf.len();
        buf.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        buf.extend_from_slice(body);
        buf.extend_from_slice(b"\nendobj\n");
    };
    obj(&mut buf, 1, b"<< /Type /Catalog /Pages 2 0 R >>");
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", 5 + 2 * i))
        .collect();
    obj(
        &mut buf,
        2,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .as_bytes(),
    );
    obj(
        &mut buf,
        3,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    );
    obj(
        &mut buf,
        4,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    );
    for (i, content) in pages.iter().enumerate() {
        let page = 5 + 2 * i;
        obj(
            &mut buf,
            page,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                page + 1
            )
            .as_bytes(),
        );
        let mut body = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        body.extend_from_slice(content.as_bytes());
        body.extend_from_slice(b"\nendstream");
        obj(&mut buf, page + 1, &body);
    }
    let xref = buf.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", count + 1);
    for offset in &offsets[1..] {
        let _ = writeln!(table, "{offset:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        count + 1
    );
    buf.extend_from_slice(table.as_bytes());
    buf
}

fn money(d: Decimal) -> String {
    alseco_client::calc::round_amount(d).to_string()
}

/// The printed invoice(s) of an account: one page (or more) per invoice.
pub(crate) fn invoice_pdf(account: &Account, invoices: &[InvoiceRecord]) -> Vec<u8> {
    let mut l = Layout::new();
    for (k, inv) in invoices.iter().enumerate() {
        if k > 0 {
            l.page_break();
        }
        l.line(
            true,
            14,
            "ALSECO - schet-izveshchenie (sandbox, not a real invoice)",
        );
        l.gap();
        l.line(false, 10, &format!("Period: {}", inv.period));
        l.line(
            false,
            10,
            &format!("Invoice number (barcode): {}", inv.barcode()),
        );
        l.line(
            false,
            10,
            &format!("Invoice number for payment requests: {}", inv.number),
        );
        l.line(false, 10, &format!("Account: {}", account.id));
        l.line(false, 10, &format!("Payer: {}", account.name));
        l.line(false, 10, &format!("Address: {}", account.address()));
        l.line(
            false,
            10,
            &format!(
                "Residents: {}   Heated area: {} m2",
                account.residents, account.area
            ),
        );
        let formed = inv.formed_civil();
        let last = inv.period.last_day();
        l.line(
            false,
            10,
            &format!(
                "Formed: {}   Pay by: {:02}.{:02}.{}",
                formed.strftime("%d.%m.%Y %H:%M"),
                last.day(),
                last.month(),
                last.year()
            ),
        );
        l.gap();
        let cols = [0, 40, 250, 305, 360, 410, 470];
        let header = ["Code", "Service", "Prev", "Last", "Qty", "Charge", "To pay"];
        let cells: Vec<(i32, &str)> = cols.iter().copied().zip(header).collect();
        l.row(true, 9, &cells);
        for line in &inv.lines {
            let name = line.name.split(" | ").last().unwrap_or(line.name);
            let values = [
                line.service_id.to_string(),
                name.to_owned(),
                line.prev_count.map(|d| d.to_string()).unwrap_or_default(),
                line.last_count.map(|d| d.to_string()).unwrap_or_default(),
                line.fix_count.normalize().to_string(),
                money(line.charge),
                money(line.fix_sum),
            ];
            let cells: Vec<(i32, &str)> = cols
                .iter()
                .copied()
                .zip(values.iter().map(String::as_str))
                .collect();
            l.row(false, 9, &cells);
            if let Some(info) = line.debt_info() {
                l.row(false, 8, &[(40, &format!("  {info}"))]);
            }
        }
        l.gap();
        l.line(
            true,
            11,
            &format!("Total to pay: {} KZT", money(inv.total())),
        );
        l.gap();
        l.line(
            false,
            8,
            "Check digit: the sandbox's own (Luhn mod 10); ALSECO's algorithm is unpublished.",
        );
    }
    write_pdf(&l.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration_covers_kazakh_and_case() {
        assert_eq!(transliterate("Алматы қ.|г.Алматы"), "Almaty q.|g.Almaty");
        assert_eq!(transliterate("Щука Ёж"), "Shchuka Yozh");
    }

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).rposition(|w| w == needle)
    }

    #[test]
    fn xref_offsets_point_at_objects() {
        let pdf = write_pdf(&["BT /F1 10 Tf 1 0 0 1 40 800 Tm (Hi \\(x\\)) Tj ET\n".to_owned()]);
        let at = find(&pdf, b"startxref\n").unwrap() + 10;
        let end = at + pdf[at..].iter().position(|&b| b == b'\n').unwrap();
        let start: usize = std::str::from_utf8(&pdf[at..end]).unwrap().parse().unwrap();
        assert!(pdf[start..].starts_with(b"xref\n"));
        let table = std::str::from_utf8(&pdf[start..]).unwrap();
        for (n, line) in table.lines().skip(3).take(6).enumerate() {
            let off: usize = line[..10].parse().unwrap();
            assert!(pdf[off..].starts_with(format!("{} 0 obj", n + 1).as_bytes()));
        }
    }
}
