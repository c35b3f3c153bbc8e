//! Profile records, their validation, and what each reader is shown.

use crate::accounts::Account;
use crate::auth::Role;
use crate::error::Error;
use crate::places;
use crate::validate::{count, line, text};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The profile item of an account (`USER#{id}` / `PROFILE`), tagged by role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "lowercase")]
// One profile per request, never in bulk: boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
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
    /// The commune's official name (what was typed is resolved: see [`ProviderProfile::validated`]).
    pub city: String,
    /// INSEE code of the commune (docs/DISCOVERY.md, "Places"); `None` without a city.
    #[serde(default)]
    pub city_code: Option<String>,
    pub all_france: bool,
    /// Official names of the regions served (INSEE's, matched accent- and case-insensitively).
    pub regions: Vec<String>,
    /// INSEE codes of `regions`, in the same order (derived from `regions`: a sent value is ignored).
    #[serde(default)]
    pub region_codes: Vec<String>,
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
    /// How a client books it on the provider's calendar.
    #[serde(default)]
    pub booking: BookingKind,
    /// Booked at once; otherwise the booking holds the date until the provider confirms.
    #[serde(default)]
    pub instant: bool,
}

/// How a service takes the provider's time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    deny_unknown_fields,
    from = "BookingKindFields"
)]
pub enum BookingKind {
    /// The provider's whole day (a wedding, a concert evening, a catered party).
    #[default]
    WholeDay,
    /// A session of `minutes`, starting on the provider's grid inside its working hours,
    /// with `buffer_minutes` kept free before and after it.
    Session { minutes: u32, buffer_minutes: u32 },
}

/// Sessions last 15 minutes to 12 hours, in quarters of an hour.
pub const SESSION_MINUTES: std::ops::RangeInclusive<u32> = 15..=720;
/// Buffers around a session: up to 4 hours, in quarters of an hour.
pub const MAX_BUFFER_MINUTES: u32 = 240;

/// What [`BookingKind`] reads: serde ignores the other fields of an internally tagged unit
/// variant (`{"kind": "whole_day", "minutes": 60}` read as a whole day), so the whole day is
/// read as a struct variant, whose other fields are refused like any unknown field.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum BookingKindFields {
    WholeDay {},
    Session { minutes: u32, buffer_minutes: u32 },
}

impl From<BookingKindFields> for BookingKind {
    fn from(fields: BookingKindFields) -> Self {
        match fields {
            BookingKindFields::WholeDay {} => BookingKind::WholeDay,
            BookingKindFields::Session {
                minutes,
                buffer_minutes,
            } => BookingKind::Session {
                minutes,
                buffer_minutes,
            },
        }
    }
}

impl BookingKind {
    fn validated(self) -> Result<Self, Error> {
        if let BookingKind::Session {
            minutes,
            buffer_minutes,
        } = self
        {
            if !SESSION_MINUTES.contains(&minutes) || minutes % 15 != 0 {
                return Err(Error::invalid_field(
                    "services.booking.minutes",
                    "15 to 720, in quarters of an hour",
                ));
            }
            if buffer_minutes > MAX_BUFFER_MINUTES || buffer_minutes % 15 != 0 {
                return Err(Error::invalid_field(
                    "services.booking.buffer_minutes",
                    "0 to 240, in quarters of an hour",
                ));
            }
        }
        Ok(self)
    }
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

    /// What the API shows of the profile of `id`.
    pub fn view<'a>(&'a self, id: &'a str, updated_at: i64) -> ProfileView<'a> {
        ProfileView {
            id,
            profile: self,
            updated_at,
            email: None,
            notify_by_email: None,
        }
    }
}

/// What the API shows of a profile: its id, the profile (every field of a profile
/// record is content its owner writes to be shown: a provider's to everyone once
/// listed, a client's to those allowed to read it), when it changed, and, to those who
/// may see them, the account's email and email preference.
#[derive(Debug, Serialize)]
pub struct ProfileView<'a> {
    pub id: &'a str,
    #[serde(flatten)]
    pub profile: &'a Profile,
    pub updated_at: i64,
    /// To the owner, to admins, and to a provider the client contacted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// To the owner only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_by_email: Option<bool>,
}

impl ProviderProfile {
    /// Trims every text and enforces the limits of docs/API.md; resolves the city to its
    /// commune and the regions to their official names and codes.
    pub fn validated(self) -> Result<Self, Error> {
        count("members", &self.members, 20)?;
        count("services", &self.services, 30)?;
        count("regions", &self.regions, 20)?;
        let city = line("city", &self.city, 0, 100)?;
        let (city, city_code) = locate_city(city, self.city_code.as_deref())?;
        let (regions, region_codes) = served_regions(&self.regions)?;
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
                .collect::<Result<_, Error>>()?,
            offer: Offer {
                venue_kinds: text("offer.venue_kinds", &self.offer.venue_kinds, 0, 500)?,
                duration: line("offer.duration", &self.offer.duration, 0, 200)?,
            },
            city,
            city_code,
            all_france: self.all_france,
            regions,
            region_codes,
            price_text: line("price_text", &self.price_text, 0, 200)?,
            services: self
                .services
                .iter()
                .map(|s| {
                    if s.price_cents > MAX_PRICE_CENTS {
                        return Err(Error::invalid_field("services.price_cents", "too high"));
                    }
                    Ok(Service {
                        name: line("services.name", &s.name, 1, 100)?,
                        description: text("services.description", &s.description, 0, 2000)?,
                        price_cents: s.price_cents,
                        booking: s.booking.validated()?,
                        instant: s.instant,
                    })
                })
                .collect::<Result<Vec<_>, Error>>()
                .and_then(distinct_services)?,
        })
    }
}

/// Services are booked by name: two of one provider cannot share one (in any case).
fn distinct_services(services: Vec<Service>) -> Result<Vec<Service>, Error> {
    for (i, service) in services.iter().enumerate() {
        let name = service.name.to_lowercase();
        if services[..i].iter().any(|s| s.name.to_lowercase() == name) {
            return Err(Error::invalid_field(
                "services.name",
                format!("\"{}\" is listed twice", service.name),
            ));
        }
    }
    Ok(services)
}

/// The commune a provider's `city` names: `code` when it is a commune of that name (it
/// tells homonyms apart; a stale code left by an edited city is ignored), else the most
/// populous commune of that name. Returns its official name and code; no city, no code.
fn locate_city(city: String, code: Option<&str>) -> Result<(String, Option<String>), Error> {
    let found = |c: &places::Commune| Ok((c.name.to_owned(), Some(c.code.to_owned())));
    if let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) {
        let commune = places::commune(code)
            .ok_or_else(|| Error::invalid_field("city_code", "no French commune has this code"))?;
        if city.is_empty() || places::normalize(&city) == places::normalize(commune.name) {
            return found(commune);
        }
    }
    if city.is_empty() {
        return Ok((city, None));
    }
    match places::resolve(&city).first() {
        Some(commune) => found(commune),
        None => Err(Error::invalid_field(
            "city",
            "no French commune of that name",
        )),
    }
}

/// The regions served, by name (any case or accents) or INSEE code: their official names
/// and codes, without repeats.
fn served_regions(regions: &[String]) -> Result<(Vec<String>, Vec<String>), Error> {
    let mut names = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    for region in regions {
        let region = line("regions", region, 1, 100)?;
        let found = places::region(&region)
            .or_else(|| places::region_by_name(&region))
            .ok_or_else(|| {
                Error::invalid_field("regions", format!("no French region named {region}"))
            })?;
        if !codes.iter().any(|c| c == found.code) {
            names.push(found.name.to_owned());
            codes.push(found.code.to_owned());
        }
    }
    Ok((names, codes))
}

impl ClientProfile {
    pub fn validated(self) -> Result<Self, Error> {
        Ok(ClientProfile {
            name: line("name", &self.name, 1, 100)?,
            city: line("city", &self.city, 0, 100)?,
            venue_description: text("venue_description", &self.venue_description, 0, 5000)?,
        })
    }
}

/// Attributes of the profile item that are not part of the profile itself.
/// (`calendar`: the provider's availability rules, kept on its profile item so that a month
/// of availability costs one read of them: `crate::calendar::rules`; `feed_digest`: the
/// digest of its calendar feed's secret: `crate::calendar::feed`.)
const STORAGE_ATTRIBUTES: [&str; 9] = [
    "pk",
    "sk",
    "gsi1pk",
    "gsi1sk",
    "ttl",
    "id",
    "updated_at",
    "calendar",
    "feed_digest",
];

/// A profile item as stored: the profile and when it last changed.
pub fn from_item(mut item: crate::ports::Item) -> Result<(Profile, i64), Error> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_booking_kind_refuses_the_fields_of_another() {
        let read = |value| serde_json::from_value::<BookingKind>(value);
        assert_eq!(
            read(json!({"kind": "whole_day"})).unwrap(),
            BookingKind::WholeDay
        );
        let session = json!({"kind": "session", "minutes": 60, "buffer_minutes": 15});
        assert_eq!(
            read(session).unwrap(),
            BookingKind::Session {
                minutes: 60,
                buffer_minutes: 15
            }
        );
        assert!(read(json!({"kind": "whole_day", "minutes": 60})).is_err());
        assert!(
            read(json!({"kind": "session", "minutes": 60, "buffer_minutes": 0, "x": 1})).is_err()
        );
        assert!(read(json!({"kind": "session", "minutes": 60})).is_err());
        assert_eq!(
            serde_json::to_value(BookingKind::WholeDay).unwrap(),
            json!({"kind": "whole_day"})
        );
    }
}
