//! `operations.rs`: one descriptor per operation, and `Operation` impls tying requests to responses.

use crate::docs::doc_attrs;
use crate::model::Plan;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn emit(plan: &Plan) -> TokenStream {
    let descriptors = plan.operations.iter().map(|op| {
        let (descriptor, request, response) = (&op.descriptor, &op.request, &op.response);
        let (name, action) = (&op.name, &op.soap_action);
        let (req_el, resp_el) = (&op.request_element, &op.response_element);
        let result = match &op.result_element {
            Some(r) => quote!(Some(#r)),
            None => quote!(None),
        };
        let aliases = op.aliases.iter().map(|(response, result)| {
            quote!(crate::operation::ResponseAlias { response: #response, result: #result })
        });
        let doc = doc_attrs(
            op.doc.as_deref(),
            Some(format!("Operation `{name}`, SOAPAction `{action}`.")),
        );
        quote! {
            #doc
            pub static #descriptor: OperationDescriptor = OperationDescriptor {
                name: #name,
                soap_action: #action,
                namespace: NAMESPACE,
                request_element: #req_el,
                response_element: #resp_el,
                result_element: #result,
                response_aliases: &[#(#aliases),*],
            };

            impl Operation for messages::#request {
                type Response = messages::#response;
                const DESCRIPTOR: &'static OperationDescriptor = &#descriptor;
            }
        }
    });
    let all = plan.operations.iter().map(|op| {
        let d = &op.descriptor;
        quote!(&#d)
    });
    let count = proc_macro2::Literal::usize_unsuffixed(plan.operations.len());
    quote! {
        use crate::messages;
        use crate::operation::{Operation, OperationDescriptor};
        use crate::types::NAMESPACE;

        #(#descriptors)*

        /// Every operation, in the order of the WSDL's portType.
        pub static ALL: [&OperationDescriptor; #count] = [#(#all),*];

        /// The operation with this method name.
        pub fn by_name(name: &str) -> Option<&'static OperationDescriptor> {
            ALL.iter().copied().find(|op| op.name == name)
        }

        /// The operation with this SOAPAction (surrounding quotes, as HTTP sends them, are ignored).
        pub fn by_soap_action(action: &str) -> Option<&'static OperationDescriptor> {
            let action = action.trim().trim_matches('"');
            ALL.iter().copied().find(|op| op.soap_action == action)
        }

        /// The operation whose request body element is `element`.
        pub fn by_request_element(element: &str) -> Option<&'static OperationDescriptor> {
            ALL.iter().copied().find(|op| op.request_element == element)
        }
    }
}
