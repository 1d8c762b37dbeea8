//! A struct with its `XmlEncode`/`XmlDecode` impls, for schema types and messages alike.

use crate::docs::doc_attrs;
use crate::model::{FieldPlan, Shape, StructPlan};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(crate) fn emit(s: &StructPlan, types_prefix: bool) -> TokenStream {
    let ident = &s.ident;
    let doc = doc_attrs(
        s.doc.as_deref(),
        Some(format!("XML element content of `{}`.", s.wire)),
    );
    let fields = s.fields.iter().map(|f| field_decl(f, types_prefix));
    let encode = s.fields.iter().map(encode_field);
    let locals = s.fields.iter().map(|f| {
        let local = local_ident(f);
        match f.shape {
            Shape::Repeated => quote!(let mut #local = Vec::new();),
            _ => quote!(let mut #local = None;),
        }
    });
    let arms = s.fields.iter().map(decode_arm);
    let build = s.fields.iter().map(build_field);
    let w = if s.fields.is_empty() {
        quote!(_w)
    } else {
        quote!(w)
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        pub struct #ident {
            #(#fields)*
        }

        impl XmlEncode for #ident {
            fn encode_content(&self, #w: &mut Writer) {
                #(#encode)*
            }
        }

        impl XmlDecode for #ident {
            fn decode<'a>(r: &mut Reader<'a>, start: &StartTag<'a>) -> Result<Self, DecodeError> {
                #(#locals)*
                while let Some(child) = r.next_child(start)? {
                    if !child.in_namespace(NAMESPACE) {
                        r.skip(&child)?;
                        continue;
                    }
                    match child.local_name() {
                        #(#arms)*
                        _ => r.skip(&child)?,
                    }
                }
                Ok(#ident {
                    #(#build)*
                })
            }
        }
    }
}

fn local_ident(f: &FieldPlan) -> proc_macro2::Ident {
    let name = f.ident.to_string();
    format_ident!("field_{}", name.trim_start_matches("r#"))
}

fn field_decl(f: &FieldPlan, types_prefix: bool) -> TokenStream {
    let ident = &f.ident;
    let ty = f.rust_type(types_prefix);
    let wire = &f.wire;
    let note = match &f.shape {
        Shape::Required => format!("Element `{wire}`."),
        Shape::Optional { nillable: false } => format!("Element `{wire}`, optional."),
        Shape::Optional { nillable: true } => format!("Element `{wire}`, optional and nillable."),
        Shape::Nillable => format!("Element `{wire}`, nillable (`None` is sent as `xsi:nil`)."),
        Shape::Array { item, .. } => format!("Element `{wire}`, a list of `{item}` items."),
        Shape::Repeated => format!("Element `{wire}`, repeated."),
    };
    let mut note = note;
    if !f.also_accepted.is_empty() {
        let names: Vec<String> = f.also_accepted.iter().map(|a| format!("`{a}`")).collect();
        note.push_str(&format!(
            " Also accepted as {} (seen in the spec's examples).",
            names.join(", ")
        ));
    }
    let doc = doc_attrs(f.doc.as_deref(), Some(note));
    let serde_with = if f.ty.is_bytes() {
        match f.shape {
            Shape::Required => Some(
                quote!(#[cfg_attr(feature = "serde", serde(with = "crate::scalars::base64_serde"))]),
            ),
            Shape::Optional { .. } | Shape::Nillable => Some(
                quote!(#[cfg_attr(feature = "serde", serde(with = "crate::scalars::base64_serde::option"))]),
            ),
            _ => None,
        }
    } else {
        None
    };
    quote! {
        #doc
        #[cfg_attr(feature = "serde", serde(rename = #wire))]
        #serde_with
        pub #ident: #ty,
    }
}

fn encode_field(f: &FieldPlan) -> TokenStream {
    let ident = &f.ident;
    let wire = &f.wire;
    match &f.shape {
        Shape::Required => quote!(encode_element(w, #wire, &self.#ident);),
        Shape::Optional { .. } => quote!(encode_optional(w, #wire, &self.#ident);),
        Shape::Nillable => quote!(encode_nillable(w, #wire, &self.#ident);),
        Shape::Array { item, .. } => quote!(encode_array(w, #wire, #item, &self.#ident);),
        Shape::Repeated => quote! {
            for item in &self.#ident {
                encode_element(w, #wire, item);
            }
        },
    }
}

fn decode_arm(f: &FieldPlan) -> TokenStream {
    let local = local_ident(f);
    let wire = &f.wire;
    let names = std::iter::once(wire).chain(&f.also_accepted);
    let pattern = quote!(#(#names)|*);
    let set = quote!(set_once(&mut #local, value, #wire, &child)?;);
    match &f.shape {
        Shape::Required => quote! {
            #pattern => {
                let value = decode_field(r, &child).map_err(|e| e.at(#wire))?;
                #set
            }
        },
        Shape::Optional { nillable: false } => quote! {
            #pattern => {
                let value = decode_field(r, &child).map_err(|e| e.at(#wire))?;
                #set
            }
        },
        Shape::Optional { nillable: true } | Shape::Nillable => quote! {
            #pattern => {
                let value = decode_nillable(r, &child).map_err(|e| e.at(#wire))?;
                #set
            }
        },
        Shape::Array { item, .. } => quote! {
            #pattern => {
                let value = decode_array(r, &child, #item, NAMESPACE).map_err(|e| e.at(#wire))?;
                #set
            }
        },
        Shape::Repeated => quote! {
            #pattern => {
                let index = #local.len();
                #local.push(decode_field(r, &child).map_err(|e| e.within(#wire, Some(index)))?);
            }
        },
    }
}

fn build_field(f: &FieldPlan) -> TokenStream {
    let ident = &f.ident;
    let local = local_ident(f);
    let wire = &f.wire;
    let value = match &f.shape {
        Shape::Required | Shape::Nillable | Shape::Array { required: true, .. } => {
            quote!(required(#local, #wire, start)?)
        }
        Shape::Optional { nillable: false } | Shape::Repeated => quote!(#local),
        Shape::Optional { nillable: true } => quote!(#local.flatten()),
        Shape::Array {
            required: false, ..
        } => quote!(#local.unwrap_or_default()),
    };
    quote!(#ident: #value,)
}
