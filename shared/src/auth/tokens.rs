//! Signed tokens (JWT, HS256 pinned, expiry checked): short-lived access tokens for
//! the API and tickets for opening a WebSocket, and the long-lived unsubscribe links
//! of notification emails. Each kind has its own `typ` and its own key (derived from the
//! master secret with HKDF): no token works as another kind.

use super::{Role, secrets};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `Authorization: Bearer` on API calls; 15 minutes.
    Access,
    /// `?ticket=` of the WebSocket URL (which ends up in access logs); 60 seconds.
    WsTicket,
    /// `?token=` of the unsubscribe link of a notification email (no log-in); 1 year.
    Unsubscribe,
}

impl TokenKind {
    /// The index of the kind's key.
    fn slot(self) -> usize {
        match self {
            TokenKind::Access => 0,
            TokenKind::WsTicket => 1,
            TokenKind::Unsubscribe => 2,
        }
    }
    fn name(self) -> &'static str {
        match self {
            TokenKind::Access => "access",
            TokenKind::WsTicket => "ws",
            TokenKind::Unsubscribe => "unsubscribe",
        }
    }
    pub fn lifetime(self) -> i64 {
        match self {
            TokenKind::Access => 15 * 60,
            TokenKind::WsTicket => 60,
            TokenKind::Unsubscribe => 365 * 24 * 3600,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: String,
    pub role: Role,
    pub typ: String,
    pub iat: i64,
    pub exp: i64,
    /// The log-in session (refresh family) an access token or ticket belongs to: logging
    /// out or resetting the password ends it, and the token with it. Empty for
    /// unsubscribe links, which belong to no session.
    #[serde(default)]
    pub sid: String,
    /// The account's session epoch when the session's token was issued.
    #[serde(default)]
    pub ep: i64,
    /// The token's own id: a WebSocket ticket is used once under it.
    #[serde(default)]
    pub jti: String,
}

/// The log-in session a token is issued in: its id and the account's session epoch.
#[derive(Debug, Clone, Copy)]
pub struct SessionRef<'a> {
    pub id: &'a str,
    pub epoch: i64,
}

impl<'a> SessionRef<'a> {
    /// The session `claims` belong to.
    pub fn of(claims: &'a AccessClaims) -> Self {
        SessionRef {
            id: &claims.sid,
            epoch: claims.ep,
        }
    }
}

/// The signing keys of every kind of token, each derived from the master secret for its
/// kind alone; none in a function that neither signs nor reads a token.
#[derive(Clone)]
pub struct Tokens {
    keys: Option<Arc<[(EncodingKey, DecodingKey); 3]>>,
    validation: Validation,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid token")]
pub struct InvalidToken;

impl Tokens {
    /// The keys of every kind, derived from the master `secret`.
    pub fn new(secret: &[u8]) -> Self {
        let key = |kind: TokenKind| {
            let key = secrets::derive(secret, &format!("token {}", kind.name()));
            (
                EncodingKey::from_secret(&key),
                DecodingKey::from_secret(&key),
            )
        };
        let keys = [
            TokenKind::Access,
            TokenKind::WsTicket,
            TokenKind::Unsubscribe,
        ]
        .map(key);
        Tokens {
            keys: Some(Arc::new(keys)),
            ..Self::without_keys()
        }
    }

    /// No key at all: a function that neither signs nor reads a token (it is not given
    /// the secret). Every token is invalid to it, and signing one is a deployment error.
    pub fn without_keys() -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Tokens {
            keys: None,
            validation,
        }
    }

    fn keys(&self, kind: TokenKind) -> Option<&(EncodingKey, DecodingKey)> {
        self.keys.as_ref().map(|keys| &keys[kind.slot()])
    }

    /// A token for `user` outside any session (an unsubscribe link), and its lifetime in
    /// seconds.
    pub fn issue(&self, user_id: &str, role: Role, kind: TokenKind) -> (String, i64) {
        let none = SessionRef { id: "", epoch: 0 };
        self.issue_in(user_id, role, kind, none)
    }

    /// A token for `user` in log-in `session` (access tokens, WebSocket tickets), and its
    /// lifetime in seconds.
    pub fn issue_in(
        &self,
        user_id: &str,
        role: Role,
        kind: TokenKind,
        session: SessionRef,
    ) -> (String, i64) {
        let iat = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let claims = AccessClaims {
            sub: user_id.to_owned(),
            role,
            typ: kind.name().to_owned(),
            iat,
            exp: iat + kind.lifetime(),
            sid: session.id.to_owned(),
            ep: session.epoch,
            jti: super::secrets::new_id(),
        };
        let (encoding, _) = self
            .keys(kind)
            .expect("this function holds no signing key: give it JWT_SECRET (template.yaml)");
        let token = encode(&Header::new(Algorithm::HS256), &claims, encoding)
            .expect("HS256 encoding of plain claims cannot fail");
        (token, kind.lifetime())
    }

    pub fn verify(&self, token: &str, kind: TokenKind) -> Result<AccessClaims, InvalidToken> {
        let (_, decoding) = self.keys(kind).ok_or(InvalidToken)?;
        let data =
            decode::<AccessClaims>(token, decoding, &self.validation).map_err(|_| InvalidToken)?;
        (data.claims.typ == kind.name())
            .then_some(data.claims)
            .ok_or(InvalidToken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token signed with one kind's key and claiming another `typ` is refused: each kind
    /// has its own key, so a leaked unsubscribe link's key forges no access token.
    #[test]
    fn each_kind_is_signed_with_a_key_of_its_own() {
        let tokens = Tokens::new(b"a master secret of the platform");
        let (unsubscribe, _) = tokens.issue("u1", Role::Client, TokenKind::Unsubscribe);
        assert!(tokens.verify(&unsubscribe, TokenKind::Unsubscribe).is_ok());
        let mut claims = tokens.verify(&unsubscribe, TokenKind::Unsubscribe).unwrap();
        claims.typ = TokenKind::Access.name().into();
        let (encoding, _) = tokens.keys(TokenKind::Unsubscribe).unwrap();
        let forged = encode(&Header::new(Algorithm::HS256), &claims, encoding).unwrap();
        assert!(tokens.verify(&forged, TokenKind::Access).is_err());
        let raw = EncodingKey::from_secret(b"a master secret of the platform");
        let with_master = encode(&Header::new(Algorithm::HS256), &claims, &raw).unwrap();
        assert!(
            tokens.verify(&with_master, TokenKind::Access).is_err(),
            "the master secret itself signs nothing"
        );
    }

    #[test]
    fn a_function_without_keys_reads_no_token() {
        let (access, _) = Tokens::new(b"secret").issue("u1", Role::Client, TokenKind::Access);
        assert!(
            Tokens::without_keys()
                .verify(&access, TokenKind::Access)
                .is_err()
        );
    }
}
