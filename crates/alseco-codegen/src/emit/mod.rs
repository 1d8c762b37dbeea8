//! Emitters: one per generated module. They print the [`Plan`]; all decisions are made there.

pub(crate) mod client;
pub(crate) mod messages;
pub(crate) mod operations;
pub(crate) mod server;
pub(crate) mod types;

mod structs;

use crate::model::{Plan, Scalar, StructPlan, ValueType};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

pub(crate) fn module_index(plan: &Plan) -> TokenStream {
    let service = &plan.service_name;
    let types_doc = format!(" Types of the `{service}` schema and their XML codecs.");
    let messages_doc = format!(" The request and response messages of each `{service}` operation.");
    let operations_doc = format!(" One descriptor per `{service}` operation.");
    let client_doc = format!(" A client stub for `{service}`.");
    let server_doc = format!(" A server trait for `{service}` and a dispatcher.");
    quote! {
        #[doc = #types_doc]
        pub mod types;
        #[doc = #messages_doc]
        pub mod messages;
        #[doc = #operations_doc]
        pub mod operations;
        #[doc = #client_doc]
        pub mod client;
        #[doc = #server_doc]
        pub mod server;
    }
}

/// `use` lines for the scalar types the given structs mention.
pub(crate) fn scalar_imports(structs: &[StructPlan]) -> TokenStream {
    let used: BTreeSet<Scalar> = structs
        .iter()
        .flat_map(|s| s.fields.iter())
        .filter_map(|f| match f.ty {
            ValueType::Scalar(s) => Some(s),
            ValueType::Named(_) => None,
        })
        .collect();
    let mut runtime = Vec::new();
    if used.contains(&Scalar::Any) {
        runtime.push(quote!(AnyValue));
    }
    if used.contains(&Scalar::DateTime) {
        runtime.push(quote!(DateTime));
    }
    let runtime = (!runtime.is_empty()).then(|| quote!(use crate::scalars::{#(#runtime),*};));
    let decimal = used.contains(&Scalar::Decimal).then(|| {
        quote!(
            use rust_decimal::Decimal;
        )
    });
    quote! { #runtime #decimal }
}
