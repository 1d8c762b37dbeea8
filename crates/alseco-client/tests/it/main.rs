//! Integration tests of the domain layer (one binary, one link step).

mod adapter;
mod astana;
mod calc;
mod client;
mod documents;
mod guard;
mod invoice_number;
mod observe;
mod period;
mod reports;
mod spec_fixtures;
mod support;
