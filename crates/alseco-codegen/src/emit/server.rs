//! `server.rs`: a service trait and a dispatcher from request envelopes to it.

use crate::docs::doc_attrs;
use crate::model::Plan;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(crate) fn emit(plan: &Plan) -> TokenStream {
    let service = format_ident!("{}", crate::names::type_name(&plan.service_name));
    let service_name = &plan.service_name;
    let trait_doc = format!(
        " The server side of `{service_name}`: implement it and serve requests with [`dispatch`]."
    );
    let methods = plan.operations.iter().map(|op| {
        let (method, request, response) = (&op.method, &op.request, &op.response);
        let doc = doc_attrs(op.doc.as_deref(), Some(format!("Handles `{}`.", op.name)));
        quote! {
            #doc
            fn #method(&self, ctx: &RequestContext, request: messages::#request)
                -> impl Future<Output = Result<messages::#response, Fault>> + Send;
        }
    });
    let arms = plan.operations.iter().map(|op| {
        let (method, request, element) = (&op.method, &op.request, &op.request_element);
        quote! {
            #element => {
                return operation::serve::<messages::#request, _>(envelope, limits, |request| service.#method(ctx, request)).await;
            }
        }
    });
    quote! {
        use crate::messages;
        use crate::operation::{self, DispatchResponse, RequestContext};
        use crate::soap::Fault;
        use crate::types::NAMESPACE;
        use crate::xml::Limits;
        use std::future::Future;

        #[doc = #trait_doc]
        ///
        /// A method returns the response message, or a [`Fault`] sent as a SOAP fault (HTTP 500).
        /// Errors the service reports inside its result (`exRes`, `ErrorMessage`, …) belong in
        /// the response, as the real service does.
        pub trait #service: Send + Sync {
            #(#methods)*
        }

        /// Decodes a request envelope (SOAP 1.1 or 1.2), calls the method its body element
        /// names, and encodes the response, or a fault, in the same SOAP version.
        pub async fn dispatch<S: #service>(service: &S, ctx: &RequestContext, envelope: &[u8], limits: Limits) -> DispatchResponse {
            let (version, namespace, element) = match operation::peek_request(envelope, limits) {
                Ok(found) => found,
                Err(fault) => return fault,
            };
            if namespace == NAMESPACE {
                match element.as_str() {
                    #(#arms)*
                    _ => {}
                }
            }
            let reason = format!("Server did not recognize the value of HTTP Header SOAPAction: {namespace}{element}.");
            DispatchResponse::fault(version, &Fault::client(reason), None)
        }
    }
}
