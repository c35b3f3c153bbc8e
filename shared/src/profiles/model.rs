//! Profile records, their validation, and what each reader is shown.

use crate::accounts::Account;
use crate::auth::Role;
use crate::http::ApiError;
use crate::validate::{count, line, text};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The profile item of an account (`USER#{id}` / `PROFILE`), tagged by role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "lowercase")]
pub enum Profile {
    Provider(ProviderProfile),
    Client(ClientProfile),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderProfile {
    pub stage_name: String,
    /// Free text, as the artists want it: "jazz manouche", "DJ électro", "traiteur végétarien".
    pub kind: String,
    pub presentation: String,
    pub description: String,
    pub members: Vec<Member>,
    pub offer: Offer,
    pub city: String,
    pub all_france: bool,
    pub regions: Vec<String>,
    pub price_text: String,
    pub services: Vec<Service>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    #[serde(default)]
    pub role: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    #[serde(default)]
    pub venue_kinds: String,
    #[serde(default)]
    pub duration: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub price_cents: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientProfile {
    pub name: String,
    pub city: String,
    pub venue_description: String,
}

pub const MAX_PRICE_CENTS: u64 = 100_000_000;

impl Profile {
    /// The profile an account starts with.
    pub fn empty(account: &Account) -> Self {
        match account.role {
            Role::Provider => Profile::Provider(ProviderProfile {
                stage_name: account.name.clone(),
                ..Default::default()
            }),
            Role::Client | Role::Admin => Profile::Client(ClientProfile {
                name: account.name.clone(),
                ..Default::default()
            }),
        }
    }

    /// The JSON the API shows: the record plus `id` and `updated_at`.
    pub fn view(&self, id: &str, updated_at: i64) -> Value {
        let mut value = serde_json::to_value(self).expect("profiles serialize");
        value["id"] = json!(id);
        value["updated_at"] = json!(updated_at);
        value
    }
}

impl ProviderProfile {
    /// Trims every text and enforces the limits of docs/API.md.
    pub fn validated(self) -> Result<Self, ApiError> {
        count("members", &self.members, 20)?;
        count("services", &self.services, 30)?;
        count("regions", &self.regions, 20)?;
        Ok(ProviderProfile {
            stage_name: line("stage_name", &self.stage_name, 1, 100)?,
            kind: line("kind", &self.kind, 0, 100)?,
            presentation: text("presentation", &self.presentation, 0, 5000)?,
            description: text("description", &self.description, 0, 5000)?,
            members: self
                .members
                .iter()
                .map(|m| {
                    Ok(Member {
                        name: line("members.name", &m.name, 1, 100)?,
                        role: line("members.role", &m.role, 0, 100)?,
                    })
                })
                .collect::<Result<_, ApiError>>()?,
            offer: Offer {
                venue_kinds: text("offer.venue_kinds", &self.offer.venue_kinds, 0, 500)?,
                duration: line("offer.duration", &self.offer.duration, 0, 200)?,
            },
            city: line("city", &self.city, 0, 100)?,
            all_france: self.all_france,
            regions: self
                .regions
                .iter()
                .map(|r| line("regions", r, 1, 100))
                .collect::<Result<_, _>>()?,
            price_text: line("price_text", &self.price_text, 0, 200)?,
            services: self
                .services
                .iter()
                .map(|s| {
                    if s.price_cents > MAX_PRICE_CENTS {
                        return Err(ApiError::invalid_field("services.price_cents", "too high"));
                    }
                    Ok(Service {
                        name: line("services.name", &s.name, 1, 100)?,
                        description: text("services.description", &s.description, 0, 2000)?,
                        price_cents: s.price_cents,
                    })
                })
                .collect::<Result<_, ApiError>>()?,
        })
    }
}

impl ClientProfile {
    pub fn validated(self) -> Result<Self, ApiError> {
        Ok(ClientProfile {
            name: line("name", &self.name, 1, 100)?,
            city: line("city", &self.city, 0, 100)?,
            venue_description: text("venue_description", &self.venue_description, 0, 5000)?,
        })
    }
}

/// Attributes of the profile item that are not part of the profile itself.
const STORAGE_ATTRIBUTES: [&str; 7] = ["pk", "sk", "gsi1pk", "gsi1sk", "ttl", "id", "updated_at"];

/// A profile item as stored: the profile and when it last changed.
pub fn from_item(mut item: crate::ports::Item) -> Result<(Profile, i64), ApiError> {
    let updated_at = item.get("updated_at").and_then(Value::as_i64).unwrap_or(0);
    for name in STORAGE_ATTRIBUTES {
        item.remove(name);
    }
    Ok((crate::items::record(item)?, updated_at))
}

/// Whether the profile is listed publicly (providers, once their email is verified).
pub fn is_listed(item: &crate::ports::Item) -> bool {
    item.contains_key("gsi1pk")
}
