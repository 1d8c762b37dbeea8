//! `messages.rs`: the operation wrappers (`{Op}`, `{Op}Response`).

use super::{scalar_imports, structs};
use crate::model::{Plan, ValueType};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn emit(plan: &Plan) -> TokenStream {
    let scalars = scalar_imports(&plan.messages);
    let uses_types = plan
        .messages
        .iter()
        .flat_map(|m| &m.fields)
        .any(|f| matches!(f.ty, ValueType::Named(_)));
    let types = if uses_types {
        quote!(
            use crate::types::{self, NAMESPACE};
        )
    } else {
        quote!(
            use crate::types::NAMESPACE;
        )
    };
    let messages = plan.messages.iter().map(|s| structs::emit(s, true));
    quote! {
        use crate::xml::*;
        #types
        #scalars

        #(#messages)*
    }
}
