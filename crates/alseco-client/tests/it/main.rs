//! Integration tests of the domain layer (one binary, one link step).

mod astana;
mod calc;
mod invoice_number;
mod period;
