//! Production blob store: a private S3 bucket reached through presigned URLs.
//!
//! The client is built by the caller. Against a local S3-compatible endpoint (moto, MinIO)
//! it needs `force_path_style(true)`, since `{bucket}.127.0.0.1` does not resolve:
//! `aws_sdk_s3::config::Builder::from(&sdk_config).force_path_style(true).build()`.

use crate::ports::{BlobError, BlobMeta, BlobStore, PresignedUpload};
use async_trait::async_trait;
use aws_sdk_s3::presigning::{PresignedRequest, PresigningConfig};
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

    async fn presign_download(&self, key: &str, expires_in: Duration) -> Result<String, BlobError> {
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .presigned(presigning(expires_in)?)
            .await
            .map_err(unavailable)?;
        Ok(request.uri().to_owned())
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
