//! Hashing and HMAC (`System.Security.Cryptography`, fully qualified as in APIM).

use hmac::{Hmac, Mac};
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::error::{Exception, Result};
use crate::types::Ty;
use crate::value::Value;

use super::encoding::bytes_of;

/// A hash algorithm object: which algorithm, and the HMAC key when keyed.
#[derive(Debug)]
pub struct HasherObj {
    pub alg: Alg,
    pub key: Option<Vec<u8>>,
    pub last: std::cell::RefCell<Option<Vec<u8>>>,
    /// After `Dispose()`/`Clear()`, hashing throws `ObjectDisposedException`.
    pub disposed: std::cell::Cell<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alg {
    Md5,
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl HasherObj {
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match (self.alg, self.key.is_some()) {
            (Alg::Md5, false) => "System.Security.Cryptography.MD5CryptoServiceProvider",
            (Alg::Sha1, false) => "System.Security.Cryptography.SHA1CryptoServiceProvider",
            (Alg::Sha256, false) => "System.Security.Cryptography.SHA256Managed",
            (Alg::Sha384, false) => "System.Security.Cryptography.SHA384Managed",
            (Alg::Sha512, false) => "System.Security.Cryptography.SHA512Managed",
            (Alg::Md5, true) => "System.Security.Cryptography.HMACMD5",
            (Alg::Sha1, true) => "System.Security.Cryptography.HMACSHA1",
            (Alg::Sha256, true) => "System.Security.Cryptography.HMACSHA256",
            (Alg::Sha384, true) => "System.Security.Cryptography.HMACSHA384",
            (Alg::Sha512, true) => "System.Security.Cryptography.HMACSHA512",
        }
    }

    fn hash(&self, data: &[u8]) -> Vec<u8> {
        match &self.key {
            None => match self.alg {
                Alg::Md5 => Md5::digest(data).to_vec(),
                Alg::Sha1 => Sha1::digest(data).to_vec(),
                Alg::Sha256 => Sha256::digest(data).to_vec(),
                Alg::Sha384 => Sha384::digest(data).to_vec(),
                Alg::Sha512 => Sha512::digest(data).to_vec(),
            },
            Some(k) => {
                macro_rules! mac {
                    ($t:ty) => {{
                        let mut m = <Hmac<$t> as Mac>::new_from_slice(k).expect("HMAC accepts any key length");
                        m.update(data);
                        m.finalize().into_bytes().to_vec()
                    }};
                }
                match self.alg {
                    Alg::Md5 => mac!(Md5),
                    Alg::Sha1 => mac!(Sha1),
                    Alg::Sha256 => mac!(Sha256),
                    Alg::Sha384 => mac!(Sha384),
                    Alg::Sha512 => mac!(Sha512),
                }
            }
        }
    }
}

fn alg_of(name: &str) -> Option<Alg> {
    let n = name.trim_start_matches("HMAC").trim_end_matches("Managed");
    Some(match n {
        "MD5" => Alg::Md5,
        "SHA1" => Alg::Sha1,
        "SHA256" => Alg::Sha256,
        "SHA384" => Alg::Sha384,
        "SHA512" => Alg::Sha512,
        _ => return None,
    })
}

fn obj(alg: Alg, key: Option<Vec<u8>>) -> Value {
    Value::Hasher(std::rc::Rc::new(HasherObj {
        alg,
        key,
        last: std::cell::RefCell::new(None),
        disposed: std::cell::Cell::new(false),
    }))
}

/// `SHA256.Create()`, `MD5.Create()`.
///
/// # Errors
/// None today.
pub fn call_static(ty: &str, name: &str, args: &[Value]) -> Result<Option<Value>> {
    Ok(match (name, args) {
        ("Create", []) => alg_of(ty).map(|a| obj(a, if ty.starts_with("HMAC") { Some(Vec::new()) } else { None })),
        ("HashData", [b]) => alg_of(ty).map(|a| {
            let h = HasherObj {
                alg: a,
                key: None,
                last: std::cell::RefCell::new(None),
                disposed: std::cell::Cell::new(false),
            };
            bytes(h.hash(&bytes_of(b).unwrap_or_default()))
        }),
        _ => None,
    })
}

/// `new HMACSHA256(key)`, `new SHA256Managed()`.
///
/// # Errors
/// `ArgumentNullException` for a null key.
pub fn construct(ty: &str, args: &[Value]) -> Result<Option<Value>> {
    let Some(alg) = alg_of(ty) else { return Ok(None) };
    if ty.starts_with("HMAC") {
        let key = match args.first() {
            Some(Value::Null) => return Err(Exception::argument_null("key")),
            Some(k) => bytes_of(k)?,
            None => Vec::new(),
        };
        return Ok(Some(obj(alg, Some(key))));
    }
    Ok(Some(obj(alg, None)))
}

fn bytes(b: Vec<u8>) -> Value {
    Value::array(Ty::U8, b.into_iter().map(Value::U8).collect())
}

/// `Hash`, `HashSize`.
///
/// # Errors
/// None today.
pub fn member(h: &HasherObj, name: &str) -> Result<Option<Value>> {
    Ok(match name {
        "Hash" => Some(h.last.borrow().clone().map_or(Value::Null, bytes)),
        "HashSize" => Some(Value::I32(match h.alg {
            Alg::Md5 => 128,
            Alg::Sha1 => 160,
            Alg::Sha256 => 256,
            Alg::Sha384 => 384,
            Alg::Sha512 => 512,
        })),
        "Key" => h.key.clone().map(bytes),
        _ => None,
    })
}

/// `ComputeHash(bytes)`, `Dispose()`.
///
/// # Errors
/// `ArgumentNullException` for null input.
pub fn call(h: &HasherObj, name: &str, args: &[Value]) -> Result<Option<Value>> {
    if h.disposed.get() && name == "ComputeHash" {
        return Err(Exception::new("System.ObjectDisposedException", "Cannot access a disposed object."));
    }
    Ok(match (name, args) {
        ("ComputeHash", [Value::Null, ..]) => return Err(Exception::argument_null("buffer")),
        ("ComputeHash", [b]) => {
            let r = h.hash(&bytes_of(b)?);
            *h.last.borrow_mut() = Some(r.clone());
            Some(bytes(r))
        }
        ("ComputeHash", [b, off, n]) => {
            let data = bytes_of(b)?;
            let (o, n) = (
                usize::try_from(crate::eval::ops::as_i64(off)).unwrap_or(0),
                usize::try_from(crate::eval::ops::as_i64(n)).unwrap_or(0),
            );
            let slice =
                data.get(o..o + n).ok_or_else(|| Exception::argument("Offset and length were out of bounds.", None))?;
            Some(bytes(h.hash(slice)))
        }
        ("Dispose" | "Clear", []) => {
            h.disposed.set(true);
            Some(Value::Null)
        }
        ("Initialize", []) => Some(Value::Null),
        _ => None,
    })
}
