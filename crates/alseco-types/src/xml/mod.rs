//! XML reading and writing: a pull decoder over `xmlparser`, an escaping writer, and the
//! traits generated code implements.

mod codec;
mod error;
mod reader;
mod writer;

pub use codec::{
    XmlDecode, XmlEncode, decode_array, decode_field, decode_nillable, encode_array,
    encode_element, encode_nillable, encode_optional, required, set_once,
};
pub use error::{DecodeError, DecodeErrorKind, EncodeError, PathSegment};
pub use reader::{Limits, Reader, StartTag, XSI_NS};
pub use writer::Writer;
