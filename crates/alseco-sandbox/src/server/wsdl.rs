//! The WSDL the server publishes at `?wsdl`.

/// The service's WSDL as committed in `schemas/`, with ALSECO's placeholder address.
pub const WSDL: &str = include_str!("../../../../schemas/AlsecoPaymentsService.wsdl");

/// `wsdl` with the `location` of every `soap:address` and `soap12:address` replaced by `url`.
pub fn with_address(wsdl: &str, url: &str) -> String {
    let mut out = String::with_capacity(wsdl.len() + 2 * url.len());
    let mut rest = wsdl;
    while let Some(at) = find_address(rest) {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let Some(open) = tail.find("location=\"").map(|i| i + "location=\"".len()) else {
            break;
        };
        let Some(close) = tail[open..].find('"').map(|i| open + i) else {
            break;
        };
        out.push_str(&tail[..open]);
        out.push_str(&escape_attribute(url));
        rest = &tail[close..];
    }
    out.push_str(rest);
    out
}

/// The offset of the next `<soap:address` or `<soap12:address` element.
fn find_address(s: &str) -> Option<usize> {
    ["<soap:address ", "<soap12:address "]
        .iter()
        .filter_map(|tag| s.find(tag))
        .min()
}

fn escape_attribute(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_addresses_are_replaced_and_nothing_else() {
        let url = "http://127.0.0.1:1234/AlsecoPaymentsService/AlsecoPaymentsService.asmx";
        let served = with_address(WSDL, url);
        assert_eq!(served.matches(url).count(), 2);
        let placeholder = "https://ws.alseco.kz/AlsecoPaymentsService/AlsecoPaymentsService.asmx";
        assert_eq!(served.replace(url, placeholder), WSDL);
    }
}
