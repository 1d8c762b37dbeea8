//! Seeded, per-method fault injection: what the HTTP front does to a request instead of (or
//! on top of) answering it, so that a client's timeouts, retries and the guaranteed-completion
//! algorithm (rollback by `SysRef` after an unanswered payment) can be exercised.
//!
//! A [`FaultPlan`] is a seed and an ordered list of [`FaultRule`]s. Every SOAP request that
//! names a known operation gets a sequence number (0, 1, 2, … in arrival order, over all
//! connections); the decision for request `n` is a pure function of the seed, `n`, the
//! operation and the rules ([`FaultPlan::decide`]), so the same seed and the same sequence of
//! requests give the same faults.
//!
//! # The plan grammar ([`FaultPlan::parse`])
//!
//! ```text
//! plan     = item *( ";" item )            ; empty items and blanks around tokens are ignored
//! item     = "seed=" u64 | rule
//! rule     = targets ":" kind [ "=" arg ]
//! targets  = target *( "," target )        ; one rule per target
//! target   = "*" | OperationName           ; a method name as in the WSDL, e.g. PayNewD
//! kind     = "delay" | "drop_after_commit" | "http500" | "soap_fault" | "truncated_body"
//! arg      = probability                   ; for every kind but delay
//!          | duration [ "@" probability ]  ; for delay
//! duration = number ( "ms" | "s" | "m" )   ; e.g. 250ms, 5s, 1.5s, 2m
//! probability = number in [0, 1]           ; omitted: 1
//! ```
//!
//! For example `seed=7;PayNewD:drop_after_commit=0.3;*:delay=5s@0.1;GetAccountState:http500=1`.
//! `truncated` is accepted for `truncated_body`, `soapfault` for `soap_fault`, `drop` for
//! `drop_after_commit`. The seed defaults to 0. Rules are tried in order for each request;
//! each rule draws its own number, and the first matching rule whose draw falls under its
//! probability fires. [`FaultPlan`]'s `Display` writes the plan back in this grammar.

use alseco_types::operations;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// What is done to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// Run the method at once, then hold the answer back this long (past the client's
    /// timeout), then answer normally.
    Delay(Duration),
    /// Run the method (so a payment is committed), then close the connection without
    /// answering.
    DropAfterCommit,
    /// Answer a plain HTTP 500 with a text body, without running the method.
    Http500,
    /// Answer a SOAP fault envelope (HTTP 500), without running the method.
    SoapFault,
    /// Run the method, send the response's first half with the full `Content-Length`, then
    /// close the connection.
    TruncatedBody,
}

impl FaultKind {
    /// The kind's name in the plan grammar.
    pub fn name(&self) -> &'static str {
        match self {
            FaultKind::Delay(_) => "delay",
            FaultKind::DropAfterCommit => "drop_after_commit",
            FaultKind::Http500 => "http500",
            FaultKind::SoapFault => "soap_fault",
            FaultKind::TruncatedBody => "truncated_body",
        }
    }

    fn index(&self) -> usize {
        match self {
            FaultKind::Delay(_) => 0,
            FaultKind::DropAfterCommit => 1,
            FaultKind::Http500 => 2,
            FaultKind::SoapFault => 3,
            FaultKind::TruncatedBody => 4,
        }
    }
}

/// One rule of a [`FaultPlan`].
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    /// The method name (`PayNewD`) the rule applies to; `None` for every method.
    pub operation: Option<String>,
    /// What to do.
    pub kind: FaultKind,
    /// The chance, in `[0, 1]`, that the rule fires for a matching request.
    pub probability: f64,
}

impl FaultRule {
    fn matches(&self, operation: &str) -> bool {
        self.operation.as_deref().is_none_or(|op| op == operation)
    }
}

/// A seed and the fault rules; the default plan injects nothing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FaultPlan {
    /// The seed of the decisions.
    pub seed: u64,
    /// The rules, tried in order.
    pub rules: Vec<FaultRule>,
}

/// Why a fault plan could not be parsed: the offending token and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultPlanError {
    /// The token, as written.
    pub token: String,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for FaultPlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad fault plan token `{}`: {}", self.token, self.reason)
    }
}

impl std::error::Error for FaultPlanError {}

fn bad(token: &str, reason: impl Into<String>) -> FaultPlanError {
    FaultPlanError {
        token: token.to_owned(),
        reason: reason.into(),
    }
}

fn parse_probability(token: &str) -> Result<f64, FaultPlanError> {
    let p: f64 = token
        .trim()
        .parse()
        .map_err(|_| bad(token, "expected a probability between 0 and 1"))?;
    if !(0.0..=1.0).contains(&p) {
        return Err(bad(token, "a probability must be between 0 and 1"));
    }
    Ok(p)
}

fn parse_duration(token: &str) -> Result<Duration, FaultPlanError> {
    let t = token.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else {
        return Err(bad(token, "a duration needs a unit: ms, s or m (e.g. 5s)"));
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| bad(token, "expected a duration such as 250ms, 5s or 2m"))?;
    Duration::try_from_secs_f64(value * scale)
        .map_err(|_| bad(token, "a duration must be finite and not negative"))
}

fn parse_kind(token: &str, arg: Option<&str>) -> Result<(FaultKind, f64), FaultPlanError> {
    let simple = match token.trim() {
        "delay" => None,
        "drop_after_commit" | "drop" => Some(FaultKind::DropAfterCommit),
        "http500" | "http_500" => Some(FaultKind::Http500),
        "soap_fault" | "soapfault" => Some(FaultKind::SoapFault),
        "truncated_body" | "truncated" => Some(FaultKind::TruncatedBody),
        _ => {
            return Err(bad(
                token,
                "unknown fault kind (expected delay, drop_after_commit, http500, soap_fault or truncated_body)",
            ));
        }
    };
    match simple {
        Some(kind) => Ok((kind, arg.map(parse_probability).transpose()?.unwrap_or(1.0))),
        None => {
            let arg = arg.ok_or_else(|| {
                bad(
                    token,
                    "delay needs a duration, e.g. delay=5s or delay=5s@0.1",
                )
            })?;
            let (duration, probability) = match arg.split_once('@') {
                Some((d, p)) => (d, parse_probability(p)?),
                None => (arg, 1.0),
            };
            Ok((FaultKind::Delay(parse_duration(duration)?), probability))
        }
    }
}

impl FaultPlan {
    /// A plan with this seed and no rules.
    pub fn new(seed: u64) -> Self {
        FaultPlan {
            seed,
            rules: Vec::new(),
        }
    }

    /// Adds a rule (`operation` `None` = every method).
    pub fn with_rule(mut self, operation: Option<&str>, kind: FaultKind, probability: f64) -> Self {
        self.rules.push(FaultRule {
            operation: operation.map(str::to_owned),
            kind,
            probability,
        });
        self
    }

    /// Parses a plan written in the grammar of the [module docs](self), e.g.
    /// `seed=7;PayNewD:drop_after_commit=0.3;*:delay=5s@0.1`. Operation names are checked
    /// against the service's methods.
    pub fn parse(spec: &str) -> Result<Self, FaultPlanError> {
        let mut plan = FaultPlan::default();
        let mut seen_seed = false;
        for item in spec.split(';').map(str::trim).filter(|i| !i.is_empty()) {
            if let Some(seed) = item.strip_prefix("seed=") {
                if seen_seed {
                    return Err(bad(item, "the seed is given twice"));
                }
                seen_seed = true;
                plan.seed = seed
                    .trim()
                    .parse()
                    .map_err(|_| bad(seed, "a seed is an unsigned 64-bit integer"))?;
                continue;
            }
            let (targets, rest) = item.split_once(':').ok_or_else(|| {
                bad(
                    item,
                    "expected `seed=N` or `Operation:kind[=arg]` (use `*` for every operation)",
                )
            })?;
            let (kind, arg) = match rest.split_once('=') {
                Some((k, a)) => (k, Some(a)),
                None => (rest, None),
            };
            let (kind, probability) = parse_kind(kind, arg)?;
            for target in targets.split(',').map(str::trim) {
                let operation = match target {
                    "*" => None,
                    "" => return Err(bad(item, "missing operation name before `:`")),
                    name => match operations::by_name(name) {
                        Some(op) => Some(op.name.to_owned()),
                        None => {
                            return Err(bad(name, "no such operation in AlsecoPaymentsService"));
                        }
                    },
                };
                plan.rules.push(FaultRule {
                    operation,
                    kind,
                    probability,
                });
            }
        }
        Ok(plan)
    }

    /// Whether the plan can never inject anything.
    pub fn is_empty(&self) -> bool {
        self.rules.iter().all(|r| r.probability <= 0.0)
    }

    /// The fault for the request with sequence number `seq` calling `operation`, if any.
    /// A pure function of the seed, `seq`, `operation` and the rules.
    pub fn decide(&self, seq: u64, operation: &str) -> Option<FaultKind> {
        let mut state = self.seed ^ splitmix64(&mut seq.wrapping_mul(0xD1B5_4A32_D192_ED03));
        self.rules.iter().find_map(|rule| {
            // Every rule draws, matching or not, so one rule's outcome does not shift another's.
            let draw = (splitmix64(&mut state) >> 11) as f64 / (1u64 << 53) as f64;
            (rule.matches(operation) && draw < rule.probability).then_some(rule.kind)
        })
    }
}

impl fmt::Display for FaultPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "seed={}", self.seed)?;
        for rule in &self.rules {
            let target = rule.operation.as_deref().unwrap_or("*");
            match rule.kind {
                FaultKind::Delay(d) => write!(
                    f,
                    ";{target}:delay={}ms@{}",
                    d.as_millis(),
                    rule.probability
                )?,
                kind => write!(f, ";{target}:{}={}", kind.name(), rule.probability)?,
            }
        }
        Ok(())
    }
}

/// SplitMix64: a tiny, well-mixed generator; enough for fault decisions.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// How many faults of each kind were injected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FaultCounts {
    /// [`FaultKind::Delay`].
    pub delay: u64,
    /// [`FaultKind::DropAfterCommit`].
    pub drop_after_commit: u64,
    /// [`FaultKind::Http500`].
    pub http500: u64,
    /// [`FaultKind::SoapFault`].
    pub soap_fault: u64,
    /// [`FaultKind::TruncatedBody`].
    pub truncated_body: u64,
}

impl FaultCounts {
    /// All injected faults.
    pub fn total(&self) -> u64 {
        self.delay + self.drop_after_commit + self.http500 + self.soap_fault + self.truncated_body
    }
}

/// A [`FaultPlan`] in use: numbers the requests and counts the injected faults.
#[derive(Debug, Default)]
pub struct FaultInjector {
    plan: FaultPlan,
    next_seq: AtomicU64,
    counts: [AtomicU64; 5],
}

impl FaultInjector {
    /// An injector of `plan`, starting at request 0.
    pub fn new(plan: FaultPlan) -> Self {
        FaultInjector {
            plan,
            next_seq: AtomicU64::new(0),
            counts: Default::default(),
        }
    }

    /// The plan.
    pub fn plan(&self) -> &FaultPlan {
        &self.plan
    }

    /// Numbers the next request, calling `operation`, and decides its fault (counted).
    pub fn next_fault(&self, operation: &str) -> Option<FaultKind> {
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        let kind = self.plan.decide(seq, operation)?;
        self.counts[kind.index()].fetch_add(1, Ordering::Relaxed);
        Some(kind)
    }

    /// How many requests have been numbered.
    pub fn requests(&self) -> u64 {
        self.next_seq.load(Ordering::Relaxed)
    }

    /// The faults injected so far.
    pub fn counts(&self) -> FaultCounts {
        let c = |i: usize| self.counts[i].load(Ordering::Relaxed);
        FaultCounts {
            delay: c(0),
            drop_after_commit: c(1),
            http500: c(2),
            soap_fault: c(3),
            truncated_body: c(4),
        }
    }
}
