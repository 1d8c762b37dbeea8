//! `client.rs`: a client stub with one async method per operation.

use crate::docs::doc_attrs;
use crate::model::Plan;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(crate) fn emit(plan: &Plan) -> TokenStream {
    let client = format_ident!("{}Client", crate::names::type_name(&plan.service_name));
    let service = &plan.service_name;
    let struct_doc = format!(
        " A client of `{service}`: one async method per operation, over any [`Transport`] (the `alseco-client` crate provides one over hyper)."
    );
    let methods = plan.operations.iter().map(|op| {
        let (method, request, response) = (&op.method, &op.request, &op.response);
        let doc = doc_attrs(op.doc.as_deref(), Some(format!("Calls `{}`.", op.name)));
        quote! {
            #doc
            pub async fn #method(&self, request: &messages::#request) -> Result<messages::#response, CallError<T::Error>> {
                self.call(request).await
            }
        }
    });
    quote! {
        use crate::messages;
        use crate::operation::{self, CallError, Operation, Transport};

        #[doc = #struct_doc]
        #[derive(Debug, Clone)]
        pub struct #client<T> {
            transport: T,
        }

        impl<T: Transport> #client<T> {
            /// A client sending over `transport`.
            pub fn new(transport: T) -> Self {
                #client { transport }
            }

            /// The transport.
            pub fn transport(&self) -> &T {
                &self.transport
            }

            /// Calls the operation of any request message.
            pub async fn call<O: Operation + Sync>(&self, request: &O) -> Result<O::Response, CallError<T::Error>> {
                operation::call(&self.transport, request).await
            }

            #(#methods)*
        }
    }
}
