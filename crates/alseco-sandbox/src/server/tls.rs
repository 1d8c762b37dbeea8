//! HTTPS: a rustls server configuration (ring provider) from DER or PEM material.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::fmt;
use std::io;
use std::sync::Arc;
use tokio_rustls::TlsAcceptor;

/// The server's certificate chain and private key.
#[derive(Clone, PartialEq, Eq)]
pub struct TlsConfig {
    /// The certificate chain, leaf first, each DER-encoded.
    pub cert_chain_der: Vec<Vec<u8>>,
    /// The private key, DER-encoded (PKCS#8, PKCS#1 or SEC1).
    pub key_der: Vec<u8>,
}

impl fmt::Debug for TlsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsConfig")
            .field(
                "cert_chain_der",
                &format_args!("{} certificate(s)", self.cert_chain_der.len()),
            )
            .field("key_der", &"<redacted>")
            .finish()
    }
}

impl TlsConfig {
    /// Reads a PEM certificate chain (leaf first) and a PEM private key.
    pub fn from_pem(cert_chain_pem: &[u8], key_pem: &[u8]) -> io::Result<Self> {
        let cert_chain_der = CertificateDer::pem_slice_iter(cert_chain_pem)
            .map(|c| c.map(|c| c.to_vec()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| invalid(format!("cannot read the certificate chain: {e}")))?;
        if cert_chain_der.is_empty() {
            return Err(invalid("no certificate in the PEM chain".into()));
        }
        let key = PrivateKeyDer::from_pem_slice(key_pem)
            .map_err(|e| invalid(format!("cannot read the private key: {e}")))?;
        Ok(TlsConfig {
            cert_chain_der,
            key_der: key.secret_der().to_vec(),
        })
    }

    /// The acceptor for this certificate (TLS 1.2 and 1.3, ALPN `http/1.1`).
    pub(crate) fn acceptor(&self) -> io::Result<TlsAcceptor> {
        let certs = self
            .cert_chain_der
            .iter()
            .map(|c| CertificateDer::from(c.clone()))
            .collect();
        let key = PrivateKeyDer::try_from(self.key_der.clone())
            .map_err(|e| invalid(format!("bad private key: {e}")))?;
        let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| invalid(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| invalid(format!("bad certificate or key: {e}")))?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(TlsAcceptor::from(Arc::new(config)))
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}
