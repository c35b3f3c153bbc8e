//! Whether a file's first bytes are what its declared type says (the `infer` crate reads
//! the magic numbers): a renamed executable, a text file named `.jpg`, a ZIP declared as a
//! PDF are refused.

/// How many first bytes the check reads.
pub const HEAD: u64 = 8192;

/// Whether `head` (a file's first bytes) is content of `content_type`.
pub fn matches(content_type: &str, head: &[u8]) -> bool {
    if content_type == "application/zip" {
        // Any ZIP, whatever it holds (infer would name a ZIP of a document by the document).
        return head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06");
    }
    let Some(found) = infer::get(head) else {
        return false;
    };
    let mime = found.mime_type();
    match content_type {
        "image/heic" => matches!(mime, "image/heif" | "image/heic"),
        // A QuickTime movie and an MP4 share one container: either name is honest.
        "video/mp4" | "video/quicktime" => {
            matches!(mime, "video/mp4" | "video/quicktime" | "video/x-m4v")
        }
        declared => mime == declared,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_must_be_the_declared_type() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0];
        assert!(matches("image/jpeg", &jpeg));
        assert!(!matches("image/png", &jpeg));
        assert!(matches("application/pdf", b"%PDF-1.7\n%\xE2\xE3"));
        assert!(!matches("image/jpeg", b"#!/bin/sh\nrm -rf /\n"));
        assert!(!matches(
            "image/jpeg",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF"
        ));
        assert!(matches("application/zip", b"PK\x03\x04\x14\x00\x00\x00"));
        assert!(!matches("application/pdf", b"PK\x03\x04\x14\x00\x00\x00"));
        let mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom";
        assert!(matches("video/mp4", mp4) && matches("video/quicktime", mp4));
        assert!(!matches("video/mp4", &[]));
    }
}
