//! Production blob store: a private S3 bucket reached through presigned URLs.
//!
//! The client is built by the caller. Against a local S3-compatible endpoint (moto, MinIO)
//! it needs `force_path_style(true)`, since `{bucket}.127.0.0.1` does not resolve:
//! `aws_sdk_s3::config::Builder::from(&sdk_config).force_path_style(true).build()`.

use crate::ports::{
    BlobError, BlobMeta, BlobReader, BlobStore, Part, PresignedUpload, content_disposition,
};
use async_trait::async_trait;
use aws_sdk_s3::presigning::{PresignedRequest, PresigningConfig};
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use std::time::Duration;

/// Blob store on one S3 bucket.
pub struct S3Blobs {
    pub client: aws_sdk_s3::Client,
    pub bucket: String,
}

#[async_trait]
impl BlobStore for S3Blobs {
    /// The content type and length are set on the request, so they are among the URL's
    /// `X-Amz-SignedHeaders`: S3 refuses an upload that sends others.
    async fn presign_upload(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        expires_in: Duration,
    ) -> Result<PresignedUpload, BlobError> {
        let size = i64::try_from(size).map_err(|_| BlobError::Invalid("size too large".into()))?;
        let request = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .content_length(size)
            .presigned(presigning(expires_in)?)
            .await
            .map_err(unavailable)?;
        Ok(PresignedUpload {
            url: request.uri().to_owned(),
            method: "PUT",
            headers: headers(&request),
        })
    }

    async fn presign_download(
        &self,
        key: &str,
        filename: Option<&str>,
        expires_in: Duration,
    ) -> Result<String, BlobError> {
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .set_response_content_disposition(filename.map(content_disposition))
            .presigned(presigning(expires_in)?)
            .await
            .map_err(unavailable)?;
        Ok(request.uri().to_owned())
    }

    async fn create_multipart(&self, key: &str, content_type: &str) -> Result<String, BlobError> {
        let out = self
            .client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .send()
            .await
            .map_err(unavailable)?;
        out.upload_id()
            .map(str::to_owned)
            .ok_or_else(|| BlobError::Unavailable("no upload id".into()))
    }

    async fn presign_part(
        &self,
        key: &str,
        upload_id: &str,
        number: u32,
        expires_in: Duration,
    ) -> Result<String, BlobError> {
        let request = self
            .client
            .upload_part()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload_id)
            .part_number(part_number(number)?)
            .presigned(presigning(expires_in)?)
            .await
            .map_err(unavailable)?;
        Ok(request.uri().to_owned())
    }

    async fn list_parts(&self, key: &str, upload_id: &str) -> Result<Vec<Part>, BlobError> {
        let mut parts = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let out = self
                .client
                .list_parts()
                .bucket(&self.bucket)
                .key(key)
                .upload_id(upload_id)
                .set_part_number_marker(marker.clone())
                .send()
                .await
                .map_err(unavailable)?;
            for part in out.parts() {
                parts.push(Part {
                    number: part.part_number().unwrap_or(0).try_into().unwrap_or(0),
                    etag: part.e_tag().unwrap_or_default().to_owned(),
                    size: part.size().unwrap_or(0).try_into().unwrap_or(0),
                });
            }
            marker = out.next_part_number_marker().map(str::to_owned);
            if !out.is_truncated().unwrap_or(false) || marker.is_none() {
                return Ok(parts);
            }
        }
    }

    async fn complete_multipart(
        &self,
        key: &str,
        upload_id: &str,
        parts: &[(u32, String)],
    ) -> Result<(), BlobError> {
        let mut completed = Vec::with_capacity(parts.len());
        for (number, etag) in parts {
            completed.push(
                CompletedPart::builder()
                    .part_number(part_number(*number)?)
                    .e_tag(etag)
                    .build(),
            );
        }
        let upload = CompletedMultipartUpload::builder()
            .set_parts(Some(completed))
            .build();
        self.client
            .complete_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload_id)
            .multipart_upload(upload)
            .send()
            .await
            .map_err(
                |e| match e.as_service_error().and_then(|e| e.meta().code()) {
                    Some(
                        code @ ("InvalidPart" | "InvalidPartOrder" | "EntityTooSmall"
                        | "NoSuchUpload"),
                    ) => BlobError::Invalid(code.to_owned()),
                    _ => unavailable(e),
                },
            )?;
        Ok(())
    }

    async fn abort_multipart(&self, key: &str, upload_id: &str) -> Result<(), BlobError> {
        match self
            .client
            .abort_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload_id)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().is_some_and(|e| e.is_no_such_upload()) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }

    async fn upload_part(
        &self,
        key: &str,
        upload_id: &str,
        number: u32,
        bytes: Vec<u8>,
    ) -> Result<String, BlobError> {
        let out = self
            .client
            .upload_part()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload_id)
            .part_number(part_number(number)?)
            .body(bytes.into())
            .send()
            .await
            .map_err(unavailable)?;
        Ok(out.e_tag().unwrap_or_default().to_owned())
    }

    async fn read_range(&self, key: &str, start: u64, len: u64) -> Result<Vec<u8>, BlobError> {
        if len == 0 {
            return Ok(Vec::new());
        }
        let out = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .range(format!("bytes={start}-{}", start + len - 1))
            .send()
            .await
            .map_err(unavailable)?;
        let bytes = out.body.collect().await.map_err(unavailable)?;
        Ok(bytes.into_bytes().to_vec())
    }

    async fn open(&self, key: &str) -> Result<BlobReader, BlobError> {
        let out = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(Box::new(out.body.into_async_read()))
    }

    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), BlobError> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(bytes.into())
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn head(&self, key: &str) -> Result<Option<BlobMeta>, BlobError> {
        match self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(out) => Ok(Some(BlobMeta {
                size: out.content_length().unwrap_or(0).try_into().unwrap_or(0),
                content_type: out
                    .content_type()
                    .unwrap_or("application/octet-stream")
                    .to_owned(),
            })),
            Err(e) if e.as_service_error().is_some_and(|e| e.is_not_found()) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    async fn delete(&self, key: &str) -> Result<(), BlobError> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

fn part_number(number: u32) -> Result<i32, BlobError> {
    i32::try_from(number)
        .ok()
        .filter(|n| (1..=10_000).contains(n))
        .ok_or_else(|| BlobError::Invalid(format!("part number {number} out of 1..=10000")))
}

fn presigning(expires_in: Duration) -> Result<PresigningConfig, BlobError> {
    PresigningConfig::expires_in(expires_in).map_err(|e| BlobError::Invalid(e.to_string()))
}

/// Headers the client must send with the presigned request (those it signed).
fn headers(request: &PresignedRequest) -> Vec<(String, String)> {
    request
        .headers()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
}

fn unavailable(e: impl std::error::Error) -> BlobError {
    BlobError::Unavailable(aws_sdk_s3::error::DisplayErrorContext(e).to_string())
}
