//! A side downloads its signed contract's PDF (function `contract-read`):
//! `POST /api/projects/{id}/contract/pdf` → `{url, sha256, expires_in}`, a signed URL good
//! for 5 minutes; the download is recorded in the audit trail. 409 `pdf_not_ready` until
//! the PDF is rendered (the project's page is told live when it is).
//!
//! Table calls: 1 Query + 1 GetItem + 1 TransactWriteItems (the audit).

use super::audit::{self, Action, Evidence};
use super::model::pdf;
use crate::app::App;
use crate::error::Error;
use crate::http::{ApiError, Reply, Req};
use crate::projects::model as projects;
use serde_json::json;
use std::time::Duration;

/// How long a download URL is good for, in seconds.
pub const URL_TTL: u64 = 300;

pub async fn handle(app: &App, req: Req) -> Result<Reply, ApiError> {
    let caller = req.auth(app).await?;
    let evidence = super::evidence(req.source_ip.as_deref(), req.header("user-agent"));
    let (url, sha256) = run(app, &caller.sub, req.param("id"), &evidence).await?;
    Ok(Reply::ok(
        json!({"url": url, "sha256": sha256, "expires_in": URL_TTL}),
    ))
}

/// The signed URL and the PDF's SHA-256.
pub async fn run(
    app: &App,
    user_id: &str,
    project_id: &str,
    evidence: &Evidence,
) -> Result<(String, String), Error> {
    let loaded = projects::load(app, project_id, user_id).await?;
    let pdf = pdf(&loaded)
        .ok_or_else(|| Error::conflict("pdf_not_ready", "the signed PDF is not ready yet"))?;
    let url = app
        .blobs
        .presign_download(
            &pdf.blob_key,
            Some(&filename(&loaded.project)),
            Duration::from_secs(URL_TTL),
        )
        .await?;
    let side = loaded.side;
    audit::append(
        app,
        project_id,
        Action::Downloaded,
        side,
        Some(evidence),
        None,
    )
    .await?;
    Ok((url, pdf.sha256))
}

/// The PDF's file name: « Contrat – {service} – {date}.pdf ».
fn filename(project: &crate::projects::model::Project) -> String {
    let title: String = project
        .title
        .chars()
        .filter(|c| !matches!(c, '/' | '\\' | '"') && !c.is_control())
        .collect();
    format!("Contrat – {title} – {}.pdf", project.date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contracts::{code, prepare, render, send, sign};
    use crate::testing::{self, confirmed_project};

    #[tokio::test]
    async fn both_sides_download_the_rendered_pdf_and_each_download_is_audited() {
        let app = testing::app();
        let (provider, client, project) = confirmed_project(&app).await;
        let here = Evidence::default();
        let id = &project.id;
        let prepare = prepare::Prepare {
            template_id: "model".into(),
        };
        prepare::run(&app, &provider.sub, id, prepare)
            .await
            .unwrap();
        let (sent, _) = send::run(&app, &provider.sub, id, send::Send { revision: 1 }, &here)
            .await
            .unwrap();
        for (user, name) in [
            (&client.sub, "Camille Martin"),
            (&provider.sub, "Claire Durand"),
        ] {
            let code = code::run(&app, user, id, &here).await.unwrap();
            let signing = sign::Signing {
                name: name.into(),
                consent: true,
                consent_version: crate::contracts::model::CONSENT_VERSION.into(),
                sha256: sent.sha256.clone().unwrap(),
                code,
            };
            sign::run(&app, user, id, signing, &here).await.unwrap();
        }
        let early = run(&app, &client.sub, id, &here).await.unwrap_err();
        assert_eq!(early.code, "pdf_not_ready");
        let pdf = render::render(&app, id).await.unwrap();
        assert_eq!(
            render::render(&app, id).await.unwrap(),
            pdf,
            "rendered once"
        );
        for user in [&client.sub, &provider.sub] {
            let (url, sha256) = run(&app, user, id, &here).await.unwrap();
            assert_eq!(sha256, pdf.sha256);
            assert!(url.contains(&pdf.blob_key), "{url}");
        }
        let loaded = projects::load(&app, id, &client.sub).await.unwrap();
        let trail = crate::contracts::audit::entries(&loaded);
        let downloads = trail
            .iter()
            .filter(|e| e.action == Action::Downloaded)
            .count();
        assert_eq!(downloads, 2);
    }
}
