//! The banks the sandbox knows: their codes, branches and the client addresses ALSECO
//! allow-lists for them.

use std::net::IpAddr;

/// One bank registered with the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bank {
    /// The four-letter bank code (`bankCode`), e.g. `ALSC`.
    pub code: String,
    /// The bank's branches (`branchId` of DayPaysSum).
    pub branches: Vec<i32>,
    /// Client addresses allowed to call the service for this bank.
    pub allowed_ips: Vec<IpAddr>,
}

/// The registry of banks. ALSECO identifies a bank by its source IP and its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankRegistry {
    banks: Vec<Bank>,
}

impl Default for BankRegistry {
    /// The spec's `ALSC` (branches 4005 and 4006), allowed from loopback.
    fn default() -> Self {
        BankRegistry {
            banks: vec![Bank {
                code: "ALSC".to_owned(),
                branches: vec![4005, 4006],
                allowed_ips: vec![
                    IpAddr::from([127, 0, 0, 1]),
                    IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
                ],
            }],
        }
    }
}

impl BankRegistry {
    /// A registry of exactly these banks.
    pub fn new(banks: Vec<Bank>) -> Self {
        BankRegistry { banks }
    }

    /// Adds (or replaces) a bank.
    pub fn insert(&mut self, bank: Bank) {
        self.banks.retain(|b| b.code != bank.code);
        self.banks.push(bank);
    }

    /// The bank with this code.
    pub fn find(&self, code: &str) -> Option<&Bank> {
        self.banks.iter().find(|b| b.code == code)
    }

    /// Whether any bank may call from `ip` (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn allows_ip(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        self.banks.iter().any(|b| b.allowed_ips.contains(&ip))
    }

    /// All banks.
    pub fn banks(&self) -> &[Bank] {
        &self.banks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_registry_has_alsc_on_loopback_only() {
        let r = BankRegistry::default();
        assert_eq!(
            r.find("ALSC").map(|b| b.branches.as_slice()),
            Some(&[4005, 4006][..])
        );
        assert!(r.find("XXXX").is_none());
        assert!(r.allows_ip("127.0.0.1".parse().unwrap()));
        assert!(r.allows_ip("::ffff:127.0.0.1".parse().unwrap()));
        assert!(!r.allows_ip("10.1.2.3".parse().unwrap()));
    }
}
