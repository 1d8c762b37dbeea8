//! The generation plan: the WSDL model checked against what the generator supports and
//! turned into Rust names and shapes, so that emitters only print.

use crate::names;
use crate::{Error, Options};
use alseco_wsdl::model::{Builtin, ComplexType, Field, MaxOccurs, Service, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::HashMap;

pub(crate) struct Plan {
    pub(crate) service_name: String,
    pub(crate) namespace: String,
    pub(crate) structs: Vec<StructPlan>,
    pub(crate) enums: Vec<EnumPlan>,
    pub(crate) messages: Vec<StructPlan>,
    pub(crate) operations: Vec<OperationPlan>,
}

pub(crate) struct StructPlan {
    pub(crate) ident: Ident,
    pub(crate) wire: String,
    pub(crate) doc: Option<String>,
    pub(crate) fields: Vec<FieldPlan>,
}

pub(crate) struct FieldPlan {
    pub(crate) wire: String,
    pub(crate) ident: Ident,
    pub(crate) ty: ValueType,
    pub(crate) shape: Shape,
    pub(crate) doc: Option<String>,
    /// Other element names accepted for this field (response wrapper aliases).
    pub(crate) also_accepted: Vec<String>,
}

/// How many times a field occurs and how absence is written.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Exactly once: `T`.
    Required,
    /// `minOccurs="0"`: `Option<T>`, omitted when absent (and `None` for `xsi:nil` if nillable).
    Optional { nillable: bool },
    /// `nillable="true"`, `minOccurs="1"`: `Option<T>`, `xsi:nil` when absent.
    Nillable,
    /// An ASMX array type (`ArrayOfX`): `Vec<T>` inside a wrapper element with items named `item`.
    Array { item: String, required: bool },
    /// The element itself repeats (`maxOccurs` > 1): `Vec<T>`.
    Repeated,
}

/// The Rust type of one value.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum ValueType {
    Scalar(Scalar),
    /// A generated struct or enum of the `types` module.
    Named(Ident),
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Scalar {
    String,
    Int,
    Long,
    Short,
    UnsignedByte,
    Boolean,
    Decimal,
    DateTime,
    Bytes,
    Any,
}

impl ValueType {
    /// The type as written in the `types` module (`types_prefix` false) or elsewhere.
    pub(crate) fn tokens(&self, types_prefix: bool) -> TokenStream {
        match self {
            ValueType::Named(ident) if types_prefix => quote!(types::#ident),
            ValueType::Named(ident) => quote!(#ident),
            ValueType::Scalar(s) => match s {
                Scalar::String => quote!(String),
                Scalar::Int => quote!(i32),
                Scalar::Long => quote!(i64),
                Scalar::Short => quote!(i16),
                Scalar::UnsignedByte => quote!(u8),
                Scalar::Boolean => quote!(bool),
                Scalar::Decimal => quote!(Decimal),
                Scalar::DateTime => quote!(DateTime),
                Scalar::Bytes => quote!(Vec<u8>),
                Scalar::Any => quote!(AnyValue),
            },
        }
    }

    /// Whether the type is a byte string (serialized as base64 in serde formats).
    pub(crate) fn is_bytes(&self) -> bool {
        matches!(self, ValueType::Scalar(Scalar::Bytes))
    }
}

pub(crate) struct EnumPlan {
    pub(crate) ident: Ident,
    pub(crate) wire: String,
    pub(crate) doc: Option<String>,
    pub(crate) values: Vec<EnumValuePlan>,
}

pub(crate) struct EnumValuePlan {
    pub(crate) wire: String,
    pub(crate) ident: Ident,
    pub(crate) doc: Option<String>,
}

pub(crate) struct OperationPlan {
    pub(crate) name: String,
    pub(crate) doc: Option<String>,
    pub(crate) method: Ident,
    pub(crate) descriptor: Ident,
    pub(crate) soap_action: String,
    pub(crate) request: Ident,
    pub(crate) response: Ident,
    pub(crate) request_element: String,
    pub(crate) response_element: String,
    pub(crate) result_element: Option<String>,
    pub(crate) aliases: Vec<(String, String)>,
}

impl Plan {
    pub(crate) fn build(service: &Service, options: &Options) -> Result<Plan, Error> {
        let schema = &service.schema;
        if !schema.element_form_qualified {
            return Err(Error::new(
                "only elementFormDefault=\"qualified\" schemas are supported (ASMX always publishes them)",
            ));
        }
        let arrays: HashMap<&str, &ComplexType> = schema
            .complex_types
            .iter()
            .filter(|ct| ct.array_item().is_some())
            .filter_map(|ct| ct.name.as_deref().map(|n| (n, ct)))
            .collect();
        let b = Builder { arrays };

        let mut type_names = HashMap::new();
        let mut structs = Vec::new();
        for ct in &schema.complex_types {
            let Some(name) = ct.name.as_deref() else {
                continue;
            };
            if b.arrays.contains_key(name) {
                continue;
            }
            claim_type(&mut type_names, names::type_name(name), name)?;
            structs.push(b.struct_plan(name, ct)?);
        }
        let mut enums = Vec::new();
        for st in &schema.simple_types {
            claim_type(&mut type_names, names::type_name(&st.name), &st.name)?;
            if st.base != Builtin::String {
                return Err(Error::new(format!(
                    "simple type `{}`: only restrictions of s:string are supported",
                    st.name
                )));
            }
            if st.values.is_empty() {
                return Err(Error::new(format!(
                    "simple type `{}` has no enumeration values",
                    st.name
                )));
            }
            let mut seen = HashMap::new();
            let values = st
                .values
                .iter()
                .map(|v| {
                    let ident = names::variant_ident(&v.value).ok_or_else(|| {
                        Error::new(format!("enumeration value `{}` of `{}` has no Rust variant name", v.value, st.name))
                    })?;
                    if ident == "Unknown" {
                        return Err(Error::new(format!(
                            "enumeration `{}` has a value `Unknown`, which clashes with the catch-all variant",
                            st.name
                        )));
                    }
                    claim(&mut seen, ident.to_string(), &v.value)?;
                    Ok(EnumValuePlan { wire: v.value.clone(), ident, doc: v.documentation.clone() })
                })
                .collect::<Result<Vec<_>, Error>>()?;
            enums.push(EnumPlan {
                ident: names::type_ident(&st.name),
                wire: st.name.clone(),
                doc: st.documentation.clone(),
                values,
            });
        }

        let mut messages = Vec::new();
        let mut message_names = HashMap::new();
        for el in &schema.elements {
            let TypeRef::Anonymous(ct) = &el.ty else {
                return Err(Error::new(format!(
                    "top-level element `{}` at {}: only elements with an anonymous complex type (ASMX operation wrappers) are supported",
                    el.name, el.location
                )));
            };
            claim_type(&mut message_names, names::type_name(&el.name), &el.name)?;
            let mut plan = b.struct_plan(&el.name, ct)?;
            plan.doc = el.documentation.clone().or(plan.doc);
            messages.push(plan);
        }

        let mut operations = Vec::new();
        for op in &service.operations {
            let aliases: Vec<(String, String)> = options
                .aliases
                .iter()
                .filter(|a| a.operation == op.name)
                .map(|a| (a.response.clone(), a.result.clone()))
                .collect();
            let response = messages
                .iter_mut()
                .find(|m| m.wire == op.output_element)
                .ok_or_else(|| {
                    Error::new(format!(
                        "operation `{}`: output element `{}` not found",
                        op.name, op.output_element
                    ))
                })?;
            let result_element = match response.fields.as_slice() {
                [] => None,
                [only] => Some(only.wire.clone()),
                _ if aliases.is_empty() => None,
                _ => {
                    return Err(Error::new(format!(
                        "operation `{}`: aliases need a response with a single result element",
                        op.name
                    )));
                }
            };
            if let Some(field) = response
                .fields
                .first_mut()
                .filter(|_| result_element.is_some())
            {
                field.also_accepted = aliases.iter().map(|(_, result)| result.clone()).collect();
            }
            if !messages.iter().any(|m| m.wire == op.input_element) {
                return Err(Error::new(format!(
                    "operation `{}`: input element `{}` not found",
                    op.name, op.input_element
                )));
            }
            operations.push(OperationPlan {
                name: op.name.clone(),
                doc: op.documentation.clone(),
                method: names::snake_ident(&op.name),
                descriptor: names::shouty_ident(&op.name),
                soap_action: op.soap_action.clone(),
                request: names::type_ident(&op.input_element),
                response: names::type_ident(&op.output_element),
                request_element: op.input_element.clone(),
                response_element: op.output_element.clone(),
                result_element,
                aliases,
            });
        }
        for alias in &options.aliases {
            if !service
                .operations
                .iter()
                .any(|op| op.name == alias.operation)
            {
                return Err(Error::new(format!(
                    "response alias for unknown operation `{}`",
                    alias.operation
                )));
            }
        }

        Ok(Plan {
            service_name: service.name.clone(),
            namespace: schema.target_namespace.clone(),
            structs,
            enums,
            messages,
            operations,
        })
    }
}

/// Names the generated modules use from the runtime and std; a schema type with one of
/// them would shadow it.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "AnyValue",
    "DateTime",
    "Decimal",
    "DecodeError",
    "Option",
    "Reader",
    "Result",
    "StartTag",
    "String",
    "Vec",
    "Writer",
    "XmlDecode",
    "XmlEncode",
    "Operation",
    "OperationDescriptor",
    "Fault",
    "RequestContext",
    "DispatchResponse",
    "Limits",
    "CallError",
    "Transport",
];

fn claim_type(seen: &mut HashMap<String, String>, rust: String, wire: &str) -> Result<(), Error> {
    if RESERVED_TYPE_NAMES.contains(&rust.as_str()) {
        return Err(Error::new(format!(
            "`{wire}` maps to the Rust name `{rust}`, which the generated code uses for a runtime type"
        )));
    }
    claim(seen, rust, wire)
}

fn claim(seen: &mut HashMap<String, String>, rust: String, wire: &str) -> Result<(), Error> {
    if let Some(previous) = seen.insert(rust.clone(), wire.to_owned()) {
        return Err(Error::new(format!(
            "`{previous}` and `{wire}` both map to the Rust name `{rust}`"
        )));
    }
    Ok(())
}

struct Builder<'s> {
    arrays: HashMap<&'s str, &'s ComplexType>,
}

impl Builder<'_> {
    fn struct_plan(&self, wire: &str, ct: &ComplexType) -> Result<StructPlan, Error> {
        let mut seen = HashMap::new();
        let fields = ct
            .fields
            .iter()
            .map(|f| {
                let ident = names::snake_ident(&f.name);
                claim(&mut seen, ident.to_string(), &f.name)
                    .map_err(|e| Error::new(format!("type `{wire}`: {e}")))?;
                self.field_plan(f, ident).map_err(|e| {
                    Error::new(format!(
                        "type `{wire}`, element `{}` at {}: {e}",
                        f.name, f.location
                    ))
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(StructPlan {
            ident: names::type_ident(wire),
            wire: wire.to_owned(),
            doc: ct.documentation.clone(),
            fields,
        })
    }

    fn field_plan(&self, f: &Field, ident: Ident) -> Result<FieldPlan, Error> {
        let repeated = match f.max_occurs {
            MaxOccurs::Unbounded => true,
            MaxOccurs::Bounded(n) => n > 1,
        };
        let (ty, shape) = match &f.ty {
            TypeRef::Complex(name) if self.arrays.contains_key(name.as_str()) => {
                if repeated {
                    return Err(Error::new(
                        "a repeated array element (a list of lists) is not supported",
                    ));
                }
                let item = self.arrays[name.as_str()]
                    .array_item()
                    .ok_or_else(|| Error::new("array type without item"))?;
                if let TypeRef::Complex(inner) = &item.ty
                    && self.arrays.contains_key(inner.as_str())
                {
                    return Err(Error::new("an array of arrays is not supported"));
                }
                let ty = self.value_type(&item.ty)?;
                (
                    ty,
                    Shape::Array {
                        item: item.name.clone(),
                        required: f.min_occurs > 0 && !f.nillable,
                    },
                )
            }
            other => {
                let ty = self.value_type(other)?;
                let shape = if repeated {
                    Shape::Repeated
                } else if f.min_occurs == 0 {
                    Shape::Optional {
                        nillable: f.nillable,
                    }
                } else if f.nillable {
                    Shape::Nillable
                } else {
                    Shape::Required
                };
                (ty, shape)
            }
        };
        Ok(FieldPlan {
            wire: f.name.clone(),
            ident,
            ty,
            shape,
            doc: f.documentation.clone(),
            also_accepted: Vec::new(),
        })
    }

    fn value_type(&self, ty: &TypeRef) -> Result<ValueType, Error> {
        let scalar = match ty {
            TypeRef::Complex(name) | TypeRef::Simple(name) => {
                return Ok(ValueType::Named(names::type_ident(name)));
            }
            TypeRef::Anonymous(_) => {
                return Err(Error::new(
                    "a local anonymous complex type is not supported; name the type",
                ));
            }
            TypeRef::Builtin(b) => match b {
                Builtin::String => Scalar::String,
                Builtin::Int => Scalar::Int,
                Builtin::Long => Scalar::Long,
                Builtin::Short => Scalar::Short,
                Builtin::UnsignedByte => Scalar::UnsignedByte,
                Builtin::Boolean => Scalar::Boolean,
                Builtin::Decimal => Scalar::Decimal,
                Builtin::DateTime => Scalar::DateTime,
                Builtin::Base64Binary => Scalar::Bytes,
                Builtin::AnyType => Scalar::Any,
                Builtin::Double | Builtin::Date => {
                    return Err(Error::new(format!(
                        "the built-in type s:{} is not supported by the generator",
                        b.xsd_name()
                    )));
                }
            },
        };
        Ok(ValueType::Scalar(scalar))
    }
}

impl FieldPlan {
    /// The field's full Rust type.
    pub(crate) fn rust_type(&self, types_prefix: bool) -> TokenStream {
        let t = self.ty.tokens(types_prefix);
        match self.shape {
            Shape::Required => t,
            Shape::Optional { .. } | Shape::Nillable => quote!(Option<#t>),
            Shape::Array { .. } | Shape::Repeated => quote!(Vec<#t>),
        }
    }
}
