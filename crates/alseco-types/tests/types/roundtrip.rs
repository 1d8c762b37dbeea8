//! Round trips of every fixture: decode → encode → decode gives the same value, in SOAP 1.1
//! and 1.2. Every envelope encoded here is also written to
//! `$CARGO_TARGET_TMPDIR/encoded-fixtures/` (`{fixture stem}.soap11.xml` / `.soap12.xml`) so
//! that `python3 tests/python/check_wsdl.py <that dir>` can validate the encoder's output
//! against the WSDL's schema.

use crate::support::{
    Fixture, Kind, OpVisitor, all_fixtures, difference, flatten_body, with_operation,
};
use alseco_types::Operation;
use alseco_types::operation::{decode_request, decode_response, encode_request, encode_response};
use alseco_types::soap::SoapVersion;
use alseco_types::xml::Limits;
use std::fmt::Debug;
use std::path::{Path, PathBuf};

const OUT_DIR: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/encoded-fixtures/");

const VERSIONS: [(SoapVersion, &str); 2] = [
    (SoapVersion::Soap11, "soap11"),
    (SoapVersion::Soap12, "soap12"),
];

/// Round-trips one fixture in both SOAP versions and writes the encoded envelopes.
struct RoundTrip<'a> {
    fixture: &'a Fixture,
    out_dir: &'a Path,
}

impl RoundTrip<'_> {
    /// Checks one encoded envelope: the SOAP version asked for, the canonical wrapper
    /// element in the service namespace; then writes it out.
    fn check_and_write<O: Operation>(
        &self,
        version: SoapVersion,
        suffix: &str,
        encoded: &[u8],
    ) -> Result<PathBuf, String> {
        let flat = flatten_body(encoded).map_err(|e| format!("encoded envelope: {e}"))?;
        if flat.envelope_ns != version.envelope_namespace() {
            return Err(format!(
                "encoded as {} instead of {version:?}",
                flat.envelope_ns
            ));
        }
        let desc = O::DESCRIPTOR;
        let wrapper = match self.fixture.kind {
            Kind::Request => desc.request_element,
            Kind::Response => desc.response_element,
        };
        let root = flat.nodes.first().ok_or("encoded body is empty")?;
        if (root.ns.as_str(), root.name.as_str(), root.depth) != (desc.namespace, wrapper, 0) {
            return Err(format!(
                "encoded body element is {{{}}}{}, expected {{{}}}{wrapper}",
                root.ns, root.name, desc.namespace
            ));
        }
        if flat.nodes.iter().filter(|n| n.depth == 0).count() != 1 {
            return Err("encoded body holds more than one element".into());
        }
        let path = self
            .out_dir
            .join(format!("{}.{suffix}.xml", self.fixture.stem()));
        std::fs::write(&path, encoded)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(path)
    }
}

impl OpVisitor for RoundTrip<'_> {
    type Output = Result<Vec<PathBuf>, String>;

    fn visit<O>(&mut self) -> Self::Output
    where
        O: Operation + PartialEq + Debug,
        O::Response: PartialEq + Debug,
    {
        let bytes = self.fixture.bytes();
        let limits = Limits::default();
        let mut written = Vec::new();
        match self.fixture.kind {
            Kind::Request => {
                let (_, original) = decode_request::<O>(&bytes, limits)
                    .map_err(|e| format!("fixture does not decode: {e}"))?;
                for (version, suffix) in VERSIONS {
                    let at = |what: &str| format!("{version:?}: {what}");
                    let encoded = encode_request(version, &original)
                        .map_err(|e| at(&format!("does not encode: {e}")))?;
                    let (got_version, again) = decode_request::<O>(&encoded, limits)
                        .map_err(|e| at(&format!("encoded envelope does not decode: {e}")))?;
                    if got_version != version {
                        return Err(at(&format!("decoded as {got_version:?}")));
                    }
                    if let Some(d) = difference(&again, &original) {
                        return Err(at(&format!("decode(encode(x)) != x: {d}")));
                    }
                    let twice = encode_request(version, &again).map_err(|e| at(&e.to_string()))?;
                    if twice != encoded {
                        return Err(at("encoding is not stable"));
                    }
                    written.push(
                        self.check_and_write::<O>(version, suffix, &encoded)
                            .map_err(|e| at(&e))?,
                    );
                }
            }
            Kind::Response => {
                let original = decode_response::<O>(&bytes, limits)
                    .map_err(|e| format!("fixture does not decode: {e}"))?;
                for (version, suffix) in VERSIONS {
                    let at = |what: &str| format!("{version:?}: {what}");
                    let encoded = encode_response::<O>(version, &original)
                        .map_err(|e| at(&format!("does not encode: {e}")))?;
                    let again = decode_response::<O>(&encoded, limits)
                        .map_err(|e| at(&format!("encoded envelope does not decode: {e}")))?;
                    if let Some(d) = difference(&again, &original) {
                        return Err(at(&format!("decode(encode(x)) != x: {d}")));
                    }
                    let twice =
                        encode_response::<O>(version, &again).map_err(|e| at(&e.to_string()))?;
                    if twice != encoded {
                        return Err(at("encoding is not stable"));
                    }
                    written.push(
                        self.check_and_write::<O>(version, suffix, &encoded)
                            .map_err(|e| at(&e))?,
                    );
                }
            }
        }
        Ok(written)
    }
}

#[test]
fn every_fixture_round_trips_in_soap_1_1_and_1_2() {
    let fixtures = all_fixtures().unwrap_or_else(|bad| panic!("badly named fixtures: {bad:#?}"));
    assert!(!fixtures.is_empty(), "no fixtures found");
    let out_dir = Path::new(OUT_DIR);
    // Start clean so that a renamed fixture leaves no stale envelope behind.
    if out_dir.exists() {
        std::fs::remove_dir_all(out_dir).expect("remove the old encoded-fixtures directory");
    }
    std::fs::create_dir_all(out_dir).expect("create the encoded-fixtures directory");

    let mut failures = Vec::new();
    let mut written = Vec::new();
    for fixture in &fixtures {
        let mut visitor = RoundTrip { fixture, out_dir };
        match with_operation(&fixture.op, &mut visitor) {
            None => failures.push(format!(
                "{}: unknown operation {:?}",
                fixture.file, fixture.op
            )),
            Some(Err(e)) => failures.push(format!("{}: {e}", fixture.file)),
            Some(Ok(paths)) => written.extend(paths),
        }
    }
    assert!(
        failures.is_empty(),
        "round trips failed:\n{}",
        failures.join("\n")
    );
    assert_eq!(written.len(), 2 * fixtures.len());
    let on_disk = std::fs::read_dir(out_dir).expect("list the output").count();
    assert_eq!(
        on_disk,
        written.len(),
        "two envelopes per fixture in {OUT_DIR}"
    );
}
