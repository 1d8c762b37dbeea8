//! `types.rs`: the schema's complex types and enumerations.

use super::{scalar_imports, structs};
use crate::docs::doc_attrs;
use crate::model::{EnumPlan, Plan};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn emit(plan: &Plan) -> TokenStream {
    let ns = &plan.namespace;
    let scalars = scalar_imports(&plan.structs);
    let structs = plan.structs.iter().map(|s| structs::emit(s, false));
    let enums = plan.enums.iter().map(emit_enum);
    let runtime = (!plan.structs.is_empty() || !plan.enums.is_empty()).then(|| {
        quote!(
            use crate::xml::*;
        )
    });
    quote! {
        #runtime
        #scalars

        /// The target namespace of the schema: every element of every message is in it.
        pub const NAMESPACE: &str = #ns;

        #(#structs)*
        #(#enums)*
    }
}

fn emit_enum(e: &EnumPlan) -> TokenStream {
    let ident = &e.ident;
    let doc = doc_attrs(
        e.doc.as_deref(),
        Some(format!(
            "XML simple type `{}`, an enumeration of strings.",
            e.wire
        )),
    );
    let variants = e.values.iter().enumerate().map(|(i, v)| {
        let vdoc = doc_attrs(v.doc.as_deref(), Some(format!("`{}`", v.wire)));
        let id = &v.ident;
        let default = (i == 0).then(|| quote!(#[default]));
        quote! { #vdoc #default #id, }
    });
    let to_wire = e.values.iter().map(|v| {
        let (id, wire) = (&v.ident, &v.wire);
        quote!(#ident::#id => #wire,)
    });
    let from_wire = e.values.iter().map(|v| {
        let (id, wire) = (&v.ident, &v.wire);
        quote!(#wire => #ident::#id,)
    });
    quote! {
        #doc
        ///
        /// A value this schema does not list is kept as [`Self::Unknown`]: the service may add
        /// values without notice. The default is the first value, as in .NET.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
        pub enum #ident {
            #(#variants)*
            /// A value the schema does not list, kept as sent.
            Unknown(String),
        }

        impl #ident {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    #ident::Unknown(other) => other,
                }
            }

            /// The variant for a wire value; anything unlisted becomes [`Self::Unknown`].
            pub fn from_wire(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => #ident::Unknown(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl XmlEncode for #ident {
            fn encode_content(&self, w: &mut Writer) {
                w.text(self.as_str());
            }
        }

        impl XmlDecode for #ident {
            fn decode<'a>(r: &mut Reader<'a>, start: &StartTag<'a>) -> Result<Self, DecodeError> {
                let text = r.text(start)?;
                Ok(#ident::from_wire(text.trim()))
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for #ident {
            // `String`, not `&str`: formats that unescape (JSON) cannot lend a borrowed string.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok(#ident::from_wire(&value))
            }
        }
    }
}
